// evidence/name_clusters.h — names of one document matched to those of the
// other, so that "Lok Bin" and "Lock Bin" take one joint id.
//
// Candidates come from an index of consonant skeletons (symmetric deletion
// of one consonant), so clustering stays near linear in the number of names
// instead of comparing all pairs; each candidate is scored by
// name_similarity (anchors.h), after a cheap upper bound rules most out.
// Work: O(names · variants · candidates), on `threads` threads; the result
// does not depend on the thread count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/joint_keys.h"
#include "polyalign/features.h"

namespace polyalign::detail::evidence {

// The consonant skeleton of a folded name key: vowels, spaces and
// apostrophes dropped, s/z/j merged, repeats collapsed ("lok bin" -> "lkbn").
// Vowel changes and s/z/j swaps are the cheap edits of name_similarity, so
// names that match share their skeleton, or differ in one consonant. Also
// the blocking key of cognates (evidence/cognates.cpp).
inline std::string skeleton(std::string_view key) {
  std::string s;
  for (char ch : key) {
    if (ch == ' ' || ch == '\'' || ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u') continue;
    const char c = (ch == 'z' || ch == 'j') ? 's' : ch;
    if (s.empty() || s.back() != c) s += c;
  }
  return s;
}

// Calls f on the skeleton and, for skeletons of min_size+ consonants, on
// each variant with one consonant deleted (symmetric deletion: two
// skeletons one substitution apart share a variant).
template <typename F>
void skeleton_variants(const std::string& sk, F&& f, std::size_t min_size = 4) {
  f(sk);
  if (sk.size() < min_size) return;
  for (std::size_t p = 0; p < sk.size(); ++p) {
    std::string v = sk;
    v.erase(p, 1);
    f(v);
  }
}

// The best match of a key of B among A's names.
struct NameMatch {
  double similarity = -1;  // -1: not a name, or no candidate
  std::uint32_t id = 0;    // joint id of A's name
};

// For each key of `b` (hash_b: its JointTable hashes), the best match among
// the names of A, which are the name keys of `text` / `kind` (the joint keys
// so far, all A's) with `joint` their table. Candidates below `threshold`
// are not scored.
std::vector<NameMatch> match_names(const JointTable& joint, const std::vector<std::string>& text,
                                   const std::vector<AnchorKind>& kind, const DocumentFeatures& b,
                                   const std::vector<std::uint64_t>& hash_b, double threshold,
                                   unsigned threads);

}  // namespace polyalign::detail::evidence
