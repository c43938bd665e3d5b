// evidence/joint_keys.h — joint ids of the anchor keys of a document pair.
//
// A key (kind and text) gets one id for both documents, in order of first
// occurrence; the ids index PairEvidence's key_of_ / kind_of_ / weight_of_,
// which JointKeys fills (it refers to them, does not own them). Lookup and
// insertion are O(1) expected (open addressing, load <= 1/2).
//
// Thread-safety: find() may run on many threads while nothing is inserted;
// id_for() inserts and runs on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "anchors_internal.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"

namespace polyalign::detail::evidence {

// Joint ids of anchor keys (kind and text): an open-addressing table of
// ids, the keys themselves in the evidence's key_of_ / kind_of_. Long
// documents hold millions of distinct keys; a node-based map would
// allocate one node for each.
class JointTable {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  JointTable(std::size_t keys, const std::vector<std::string>& text,
             const std::vector<AnchorKind>& kind)
      : text_(text), kind_(kind) {
    std::size_t cap = 16;
    while (cap < 2 * keys) cap *= 2;
    slot_.assign(cap, kNone);
    mask_ = cap - 1;
  }

  // The features' hash of an anchor key (ids do not depend on it).
  static std::uint64_t hash(AnchorKind kind, std::string_view text) {
    return detail::short_string_hash(text, static_cast<std::uint64_t>(kind) + 1);
  }

  // The id of the key, or kNone. Safe to call from many threads while
  // nothing is inserted.
  std::uint32_t find(AnchorKind kind, std::string_view text, std::uint64_t h) const {
    for (std::size_t s = start(h);; s = (s + 1) & mask_) {
      const std::uint32_t id = slot_[s];
      if (id == kNone || (kind_[id] == kind && text_[id] == text)) return id;
    }
  }

  // Records `id` for the key, which find() has just not found (`h` its hash).
  void insert(std::uint64_t h, std::uint32_t id) {
    std::size_t s = start(h);
    while (slot_[s] != kNone) s = (s + 1) & mask_;
    slot_[s] = id;
  }

 private:
  std::size_t start(std::uint64_t h) const {
    return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ull) >> 20) & mask_;
  }

  const std::vector<std::string>& text_;
  const std::vector<AnchorKind>& kind_;
  std::vector<std::uint32_t> slot_;
  std::size_t mask_ = 0;
};

// The keys of the evidence being built: the table, and the arrays of text,
// kind and (kind) weight it appends a new key to.
class JointKeys {
 public:
  // Room for `keys` distinct keys; the arrays are the evidence's.
  JointKeys(std::size_t keys, std::vector<std::string>& text, std::vector<AnchorKind>& kind,
            std::vector<float>& weight, const EvidenceOptions& options);

  // The id of the key, a new one (the next free) when it is not there yet.
  std::uint32_t id_for(const AnchorKey& anchor, std::uint64_t h) {
    const std::uint32_t id = table_.find(anchor.kind, anchor.text, h);
    return id != JointTable::kNone ? id : add(anchor, h);
  }

  const JointTable& table() const { return table_; }

 private:
  std::uint32_t add(const AnchorKey& anchor, std::uint64_t h);

  JointTable table_;
  std::vector<std::string>& text_;
  std::vector<AnchorKind>& kind_;
  std::vector<float>& weight_;
  const EvidenceOptions& options_;
};

// Every key's JointTable::hash, keys in blocks on `threads` threads.
std::vector<std::uint64_t> key_hashes(const DocumentFeatures& f, unsigned threads);

}  // namespace polyalign::detail::evidence
