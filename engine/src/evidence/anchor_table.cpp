// PairEvidence::build(): the joint anchor table of a document pair and the
// sentence x sentence matrix of the anchors two sentences share; shared()
// and matches() read it.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "evidence/joint_keys.h"
#include "evidence/name_clusters.h"
#include "evidence/sparse_rows.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {

using detail::evidence::JointKeys;
using detail::evidence::KeyRows;
using detail::evidence::NameMatch;
using detail::evidence::Postings;
using detail::evidence::RowJoin;

PairEvidence PairEvidence::build(const DocumentFeatures& a, const DocumentFeatures& b,
                                 const EvidenceOptions& options,
                                 const std::vector<WordLink>& links) {
  PairEvidence ev;
  ev.threads_ = util::resolve_threads(options.threads);
  // Every key's hash first, on all threads.
  const std::vector<std::uint64_t> hash_a = detail::evidence::key_hashes(a, ev.threads_);
  const std::vector<std::uint64_t> hash_b = detail::evidence::key_hashes(b, ev.threads_);
  JointKeys joint(a.anchor_keys.size() + b.anchor_keys.size(), ev.key_of_, ev.kind_of_,
                  ev.weight_of_, options);

  // Side A: every distinct key gets its joint id (in order of first
  // occurrence), then every sentence the ids of its anchors.
  std::vector<std::uint32_t> joint_a(a.anchor_keys.size());
  for (std::size_t k = 0; k < a.anchor_keys.size(); ++k) joint_a[k] = joint.id_for(a.anchor_keys[k], hash_a[k]);
  detail::evidence::sentence_ids(a, joint_a, ev.ids_a_, ev.off_a_, ev.threads_);

  // Names of B take the id of their best match among A's names (the keys
  // so far are A's only).
  const std::vector<NameMatch> best = detail::evidence::match_names(
      joint.table(), ev.key_of_, ev.kind_of_, b, hash_b, options.name_threshold, ev.threads_);
  std::vector<std::uint32_t> joint_b(b.anchor_keys.size());
  for (std::size_t key = 0; key < b.anchor_keys.size(); ++key) {
    const AnchorKey& anchor = b.anchor_keys[key];
    joint_b[key] = anchor.kind == AnchorKind::kName && best[key].similarity >= options.name_threshold
                       ? best[key].id
                       : joint.id_for(anchor, hash_b[key]);
  }
  detail::evidence::sentence_ids(b, joint_b, ev.ids_b_, ev.off_b_, ev.threads_);

  ev.weigh_keys(options.max_df);
  ev.join_anchor_cells();
  // (Not `links.empty() ? ev : ...`: a conditional with an lvalue copies it.)
  if (links.empty()) return ev;
  return ev.with_links(a, b, links, options);
}

void PairEvidence::weigh_keys(std::uint32_t max_df) {
  // Document frequencies; keys on one side only carry no evidence of where
  // a sentence aligns, but an orphan number is evidence it has no partner.
  const std::size_t keys = key_of_.size();
  std::vector<std::uint32_t> df_a(keys, 0), df_b(keys, 0);
  for (std::uint32_t id : ids_a_) ++df_a[id];
  for (std::uint32_t id : ids_b_) ++df_b[id];
  auto orphans = [&](const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& off,
                     const std::vector<std::uint32_t>& df_other, std::vector<float>& out) {
    const std::size_t n = off.size() - 1;
    out.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint32_t k = off[i]; k < off[i + 1]; ++k)
        if (kind_of_[ids[k]] == AnchorKind::kNumber && df_other[ids[k]] == 0)
          out[i] += weight_of_[ids[k]];
  };
  orphans(ids_a_, off_a_, df_b, orphan_a_);
  orphans(ids_b_, off_b_, df_a, orphan_b_);
  for (std::size_t k = 0; k < keys; ++k) {
    const std::uint32_t df = std::max(df_a[k], df_b[k]);
    const bool usable = df_a[k] > 0 && df_b[k] > 0 && df <= max_df;
    weight_of_[k] = usable ? weight_of_[k] / static_cast<float>(df) : 0.0f;
  }
}

void PairEvidence::join_anchor_cells() {
  const auto na = static_cast<std::uint32_t>(off_a_.size() - 1);
  const auto nb = static_cast<std::uint32_t>(off_b_.size() - 1);
  // Shared weight per cell: (A·Bᵀ)(i, j) = Σ shared w, with entries sqrt(w)
  // (see join_row).
  const std::size_t keys = key_of_.size();
  std::vector<float> product(keys);
  for (std::size_t k = 0; k < keys; ++k) {
    const float root = std::sqrt(weight_of_[k]);
    product[k] = root * root;
  }
  const KeyRows rows_a{ids_a_, off_a_};
  const Postings post_b = detail::evidence::invert({ids_b_, off_b_}, weight_of_);
  detail::evidence::rows_in_blocks(
      na, nb, threads_, row_ptr_, cols_, vals_,
      [&](std::uint32_t i) { return detail::evidence::join_bound(i, rows_a, post_b); },
      [&](std::uint32_t i, RowJoin& scratch, auto&& push) {
        detail::evidence::join_row(i, rows_a, post_b, product, scratch,
                                   [&](std::uint32_t j, float v) { push(j, Shared{v, 0.0f}); });
      });
  linkable_a_.assign(na, Shared{});
  linkable_b_.assign(nb, Shared{});
  for (std::uint32_t i = 0; i < na; ++i)
    for (std::uint32_t k = off_a_[i]; k < off_a_[i + 1]; ++k) linkable_a_[i].anchors += weight_of_[ids_a_[k]];
  for (std::uint32_t j = 0; j < nb; ++j)
    for (std::uint32_t k = off_b_[j]; k < off_b_[j + 1]; ++k) linkable_b_[j].anchors += weight_of_[ids_b_[k]];
}

PairEvidence::Shared PairEvidence::shared(std::uint32_t i, std::uint32_t j) const {
  if (i + 1 >= row_ptr_.size()) return {};
  const auto begin = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i]);
  const auto end = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i + 1]);
  const auto it = std::lower_bound(begin, end, j);
  if (it == end || *it != j) return {};
  return vals_[static_cast<std::size_t>(it - cols_.begin())];
}

std::vector<AnchorMatch> PairEvidence::matches(SentenceRange a, SentenceRange b) const {
  std::vector<AnchorMatch> out;
  if (off_a_.empty() || off_b_.empty()) return out;
  std::unordered_set<std::uint32_t> in_b;
  for (std::uint32_t j = b.begin; j < b.end && j + 1 < off_b_.size(); ++j)
    for (std::uint32_t k = off_b_[j]; k < off_b_[j + 1]; ++k) in_b.insert(ids_b_[k]);
  std::unordered_set<std::uint32_t> seen;
  for (std::uint32_t i = a.begin; i < a.end && i + 1 < off_a_.size(); ++i) {
    for (std::uint32_t k = off_a_[i]; k < off_a_[i + 1]; ++k) {
      const std::uint32_t id = ids_a_[k];
      if (weight_of_[id] > 0 && in_b.count(id) && seen.insert(id).second) {
        out.push_back({kind_of_[id], key_of_[id], weight_of_[id]});
      }
    }
  }
  return out;
}

std::size_t PairEvidence::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t n = bytes(row_ptr_) + bytes(cols_) + bytes(vals_) + bytes(linkable_a_) +
                  bytes(linkable_b_) + bytes(orphan_a_) + bytes(orphan_b_) + bytes(ids_a_) +
                  bytes(off_a_) + bytes(ids_b_) + bytes(off_b_) + bytes(key_of_) +
                  bytes(kind_of_) + bytes(weight_of_);
  for (const std::string& k : key_of_) {
    if (k.capacity() > std::string().capacity()) n += k.capacity() + 1;  // beyond the inline buffer
  }
  return n;
}

}  // namespace polyalign
