#include "checks/finding_builder.h"

#include <fmt/format.h>

#include <algorithm>

namespace polyalign::checks {

namespace {

// How many disagreeing tokens a message spells out before "and N more".
constexpr std::size_t kMessageItems = 4;

}  // namespace

FindingBuilder::FindingBuilder(CheckKind kind, Severity severity, const Group& g,
                               std::size_t tuple) {
  f_.kind = kind;
  f_.severity = severity;
  f_.bundle = g.index;
  f_.tuple = tuple;
}

void FindingBuilder::related(std::size_t bundle, std::size_t tuple) {
  const TupleRef ref{bundle, tuple};
  if (std::find(f_.related.begin(), f_.related.end(), ref) == f_.related.end())
    f_.related.push_back(ref);
}

Finding FindingBuilder::finish(std::string message) {
  for (FindingMember& m : f_.members) {
    std::sort(m.sentences.begin(), m.sentences.end());
    m.sentences.erase(std::unique(m.sentences.begin(), m.sentences.end()), m.sentences.end());
    std::sort(m.highlights.begin(), m.highlights.end(), [](const ByteSpan& a, const ByteSpan& b) {
      return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    m.highlights.erase(std::unique(m.highlights.begin(), m.highlights.end()), m.highlights.end());
  }
  std::sort(f_.members.begin(), f_.members.end(),
            [](const FindingMember& a, const FindingMember& b) { return a.member < b.member; });
  f_.message = std::move(message);
  return std::move(f_);
}

FindingMember& FindingBuilder::at(std::size_t member) {
  for (FindingMember& m : f_.members) {
    if (m.member == member) return m;
  }
  f_.members.push_back({member, {}, {}});
  return f_.members.back();
}

std::string join_labels(const Group& g, const std::vector<std::size_t>& members) {
  std::string s;
  for (std::size_t k : members) s += fmt::format("{}{}", s.empty() ? "" : ", ", g.label(k));
  return s;
}

std::string join_items(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size() && i < kMessageItems; ++i) {
    s += fmt::format("{}{}", i ? "; " : "", items[i]);
  }
  if (items.size() > kMessageItems) s += fmt::format(" and {} more", items.size() - kMessageItems);
  return s;
}

}  // namespace polyalign::checks
