// checks/finding_builder.h (private) — how a check family writes a Finding:
// FindingBuilder collects the members, sentences and highlights of one
// finding in any order and finish() puts them in the order the output
// promises (members by index, sentences and highlights ascending, no
// repeats). join_labels() and join_items() spell out message parts.
//
// A builder is one finding's scratch space: used by one thread, once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checks/prepare.h"
#include "polyalign/checks.h"

namespace polyalign::checks {

class FindingBuilder {
 public:
  FindingBuilder(CheckKind kind, Severity severity, const Group& g, std::size_t tuple);

  void sentence(std::size_t member, std::uint32_t i) { at(member).sentences.push_back(i); }
  void sentences(std::size_t member, const SentenceRange& r) {
    for (std::uint32_t i = r.begin; i < r.end; ++i) sentence(member, i);
  }
  void highlight(std::size_t member, const ByteSpan& s) { at(member).highlights.push_back(s); }
  void related(std::size_t bundle, std::size_t tuple);
  void severity(Severity s) { f_.severity = s; }
  bool empty() const { return f_.members.empty(); }
  Finding finish(std::string message);

 private:
  FindingMember& at(std::size_t member);
  Finding f_;
};

// The members' labels, comma-separated ("en, hi").
std::string join_labels(const Group& g, const std::vector<std::size_t>& members);

// "a; b; c; d and 3 more"
std::string join_items(const std::vector<std::string>& items);

}  // namespace polyalign::checks
