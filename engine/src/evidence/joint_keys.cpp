#include "evidence/joint_keys.h"

#include <algorithm>

#include "util/parallel.h"

namespace polyalign::detail::evidence {

namespace {

double kind_weight(const AnchorKey& a, const EvidenceOptions& o) {
  switch (a.kind) {
    case AnchorKind::kNumber: {
      // "1" or "5" occurs everywhere; "2645" almost never by chance.
      std::size_t digits = 0;
      for (char ch : a.text) digits += ch >= '0' && ch <= '9';
      return o.number_weight * (digits >= 3 ? 1.0 : digits == 2 ? 0.6 : 0.3);
    }
    case AnchorKind::kName:
      return o.name_weight;
    case AnchorKind::kUrl:
    case AnchorKind::kEmail:
      return o.url_weight;
    case AnchorKind::kAcronym:
      return o.acronym_weight;
    case AnchorKind::kLatinWord:
      return o.latin_word_weight;
  }
  return 1.0;
}

}  // namespace

JointKeys::JointKeys(std::size_t keys, std::vector<std::string>& text, std::vector<AnchorKind>& kind,
                     std::vector<float>& weight, const EvidenceOptions& options)
    : table_(keys, text, kind), text_(text), kind_(kind), weight_(weight), options_(options) {
  text_.reserve(keys);
  kind_.reserve(keys);
  weight_.reserve(keys);
}

std::uint32_t JointKeys::add(const AnchorKey& anchor, std::uint64_t h) {
  const auto id = static_cast<std::uint32_t>(text_.size());
  text_.push_back(anchor.text);
  kind_.push_back(anchor.kind);
  weight_.push_back(static_cast<float>(kind_weight(anchor, options_)));
  table_.insert(h, id);
  return id;
}

std::vector<std::uint64_t> key_hashes(const DocumentFeatures& f, unsigned threads) {
  std::vector<std::uint64_t> h(f.anchor_keys.size());
  constexpr std::size_t kBlock = 4096;
  util::parallel_for((h.size() + kBlock - 1) / kBlock, threads, [&](std::size_t q) {
    for (std::size_t k = q * kBlock; k < std::min(h.size(), (q + 1) * kBlock); ++k)
      h[k] = JointTable::hash(f.anchor_keys[k].kind, f.anchor_keys[k].text);
  });
  return h;
}

}  // namespace polyalign::detail::evidence
