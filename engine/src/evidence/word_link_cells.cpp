// PairEvidence::with_links(): word links as extra keys of the evidence,
// their cells merged with the anchor cells, optionally only near a path.
#include <algorithm>
#include <cmath>

#include "evidence/sparse_rows.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {

namespace {

using detail::evidence::KeyRows;
using detail::evidence::Postings;
using detail::evidence::RowJoin;

// Per side, a sentence's links in CSR form (sorted, distinct), and each
// link's document frequency.
struct LinkRows {
  std::vector<std::uint32_t> ids, off, df;
};

// Word links as extra keys: a sentence of A holding word_a and one of B
// holding word_b share the link (its key: WordLink::lead). A sentence's links are found through each
// word's links. Links naming a word outside the vocabulary match no
// sentence.
LinkRows link_rows(const DocumentFeatures& f, const std::vector<WordLink>& links, bool side_a,
                   std::size_t n) {
  const std::size_t vocab = f.vocabulary.size();
  std::vector<std::uint32_t> word_off(vocab + 2, 0), word_links(links.size());
  auto word_of = [&](const WordLink& l) { return side_a ? l.word_a : l.word_b; };
  for (const WordLink& l : links)
    if (word_of(l) < vocab) ++word_off[word_of(l) + 2];
  for (std::size_t w = 2; w < word_off.size(); ++w) word_off[w] += word_off[w - 1];
  // A link's key: its own index, or its lead's (WordLink::lead).
  auto key_of = [&](std::size_t l) {
    return static_cast<std::uint32_t>(links[l].lead <= l ? l - links[l].lead : l);
  };
  for (std::size_t l = 0; l < links.size(); ++l)
    if (word_of(links[l]) < vocab) word_links[word_off[word_of(links[l]) + 1]++] = key_of(l);
  // word_off[w] .. word_off[w + 1]: the links of word w, in link order.
  LinkRows r;
  r.df.assign(links.size(), 0);
  r.off.reserve(n + 1);
  r.off.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t from = r.ids.size();
    for (std::uint32_t w : f.words_of(i))
      r.ids.insert(r.ids.end(), word_links.begin() + word_off[w], word_links.begin() + word_off[w + 1]);
    if (r.ids.size() - from > 1) detail::evidence::sort_unique(r.ids, from);
    for (std::size_t x = from; x < r.ids.size(); ++x) ++r.df[r.ids[x]];
    r.off.push_back(static_cast<std::uint32_t>(r.ids.size()));
  }
  return r;
}

// Each link's weight (options.word_link_weight times its strength, over its
// document frequency; 0 when on one side only or too common) into
// `weight`, and weight as the product of its square roots into `product`.
void link_weights(const std::vector<WordLink>& links, const LinkRows& a, const LinkRows& b,
                  const EvidenceOptions& options, std::vector<float>& weight,
                  std::vector<float>& product) {
  weight.assign(links.size(), 0.0f);
  product.assign(links.size(), 0.0f);
  for (std::size_t l = 0; l < links.size(); ++l) {
    const std::uint32_t df = std::max(a.df[l], b.df[l]);
    if (a.df[l] > 0 && b.df[l] > 0 && df <= options.max_df) {
      weight[l] = static_cast<float>(options.word_link_weight * links[l].strength / df);
      const float root = std::sqrt(weight[l]);
      product[l] = root * root;
    }
  }
}

// With a path to follow, row i's links reach the columns of the beads
// that cover it (a 0-1 bead covers the row it sits on), widened by the
// window; rows it misses reach everywhere.
void path_windows(const PairAlignment& near, std::uint32_t na, std::uint32_t nb, std::uint32_t window,
                  std::vector<std::uint32_t>& col_lo, std::vector<std::uint32_t>& col_hi) {
  col_lo.assign(na, 0xFFFFFFFFu);
  col_hi.assign(na, 0);
  for (const Bead& bead : near.beads) {
    const std::uint32_t last_row = std::max(bead.a.end, bead.a.begin + 1);
    const std::uint32_t lo = bead.b.begin, hi = std::max(bead.b.end, bead.b.begin + 1) - 1;
    for (std::uint32_t i = bead.a.begin; i < std::min(last_row, na); ++i) {
      col_lo[i] = std::min(col_lo[i], lo);
      col_hi[i] = std::max(col_hi[i], hi);
    }
  }
  for (std::uint32_t i = 0; i < na; ++i) {
    if (col_lo[i] > col_hi[i]) {
      col_lo[i] = 0;
      col_hi[i] = nb - 1;
      continue;
    }
    col_lo[i] = col_lo[i] > window ? col_lo[i] - window : 0;
    col_hi[i] = std::min<std::uint64_t>(nb - 1, std::uint64_t(col_hi[i]) + window);
  }
}

// Σ link weight of each sentence's links.
void sum_link_weights(const LinkRows& rows, const std::vector<float>& weight,
                      std::vector<PairEvidence::Shared>& linkable) {
  for (std::size_t i = 0; i + 1 < rows.off.size(); ++i) {
    linkable[i].links = 0;
    for (std::uint32_t x = rows.off[i]; x < rows.off[i + 1]; ++x) linkable[i].links += weight[rows.ids[x]];
  }
}

}  // namespace

PairEvidence PairEvidence::with_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                      const std::vector<WordLink>& links,
                                      const EvidenceOptions& options,
                                      const PairAlignment* near) const {
  const auto na = static_cast<std::uint32_t>(a.size());
  const auto nb = static_cast<std::uint32_t>(b.size());
  if (row_ptr_.size() != std::size_t(na) + 1 || linkable_b_.size() != nb) {
    fail_input("PairEvidence::with_links", "features do not belong to this evidence");
  }
  // Everything but the cells carries over; the cells are rebuilt below,
  // so copying them first would be wasted.
  PairEvidence ev;
  ev.threads_ = util::resolve_threads(options.threads);
  ev.linkable_a_ = linkable_a_;
  ev.linkable_b_ = linkable_b_;
  ev.orphan_a_ = orphan_a_;
  ev.orphan_b_ = orphan_b_;
  ev.ids_a_ = ids_a_;
  ev.off_a_ = off_a_;
  ev.ids_b_ = ids_b_;
  ev.off_b_ = off_b_;
  ev.key_of_ = key_of_;
  ev.kind_of_ = kind_of_;
  ev.weight_of_ = weight_of_;

  LinkRows lrows_a, lrows_b;
  util::parallel_invoke(ev.threads_, [&] { lrows_a = link_rows(a, links, true, na); },
                        [&] { lrows_b = link_rows(b, links, false, nb); });  // independent
  std::vector<float> link_weight, product;
  link_weights(links, lrows_a, lrows_b, options, link_weight, product);
  std::vector<std::uint32_t> col_lo, col_hi;
  if (near && options.link_window > 0 && nb > 0) path_windows(*near, na, nb, options.link_window, col_lo, col_hi);
  // The link cells of each row, merged with the anchor cells of this
  // evidence as they come (link-only cells of before dropped).
  const KeyRows link_a{lrows_a.ids, lrows_a.off};
  const Postings link_b = detail::evidence::invert({lrows_b.ids, lrows_b.off}, link_weight);
  detail::evidence::rows_in_blocks(
      na, nb, ev.threads_, ev.row_ptr_, ev.cols_, ev.vals_,
      [&](std::uint32_t i) {
        return row_ptr_[i + 1] - row_ptr_[i] + detail::evidence::join_bound(i, link_a, link_b);
      },
      [&](std::uint32_t i, RowJoin& scratch, auto&& push) {
        std::uint64_t x = row_ptr_[i];
        const std::uint64_t x_end = row_ptr_[i + 1];
        auto anchors_before = [&](std::uint64_t col) {
          for (; x < x_end && cols_[x] < col; ++x)
            if (vals_[x].anchors != 0) push(cols_[x], Shared{vals_[x].anchors, 0.0f});
        };
        detail::evidence::join_row(
            i, link_a, link_b, product, scratch,
            [&](std::uint32_t j, float v) {
              anchors_before(j);
              Shared cell{0.0f, v};
              if (x < x_end && cols_[x] == j) cell.anchors = vals_[x++].anchors;
              push(j, cell);
            },
            col_lo.empty() ? 0 : col_lo[i], col_hi.empty() ? 0xFFFFFFFFu : col_hi[i]);
        anchors_before(std::uint64_t(1) << 32);
      });
  sum_link_weights(lrows_a, link_weight, ev.linkable_a_);
  sum_link_weights(lrows_b, link_weight, ev.linkable_b_);
  return ev;
}

}  // namespace polyalign
