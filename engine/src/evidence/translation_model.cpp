// TranslationModel (polyalign/evidence.h): IBM Model 1 trained on the
// confident 1-1 beads of a pass over the pair, and the lexical agreement
// of sentence pairs under it.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "evidence/word_classes.h"
#include "polyalign/evidence.h"

namespace polyalign {

using detail::evidence::linkable;
using detail::evidence::word_classes;
using detail::evidence::WordClasses;

// One trained model, pruned to the top translations of each class.
struct TranslationModel::Table {
  // t(b|a): B classes and probabilities per A class (CSR over A classes).
  std::vector<std::uint32_t> ab_off, ab_to;
  std::vector<float> ab_p;
  // t(a|w) filed under a: the B classes w that keep a among their top
  // translations (CSR over A classes), so a row gathers them from its own
  // words.
  std::vector<std::uint32_t> rev_off, rev_from;
  std::vector<float> rev_p;
  std::vector<float> null_a, null_b;          // t'(.|NULL), floored at the unigram
  std::vector<float> log_null_a, log_null_b;  // their logs
  std::vector<double> base_a, base_b;         // per sentence: Σ log(t'(w|NULL) / p(w))
};

TranslationModel::TranslationModel() = default;
TranslationModel::~TranslationModel() = default;

namespace {

// A sentence as its distinct known classes with their counts.
struct SentenceClasses {
  std::vector<std::uint32_t> off{0}, cls, mul, n;
};

// `known[c]`: dense id of class c + 1 (0: unknown).
SentenceClasses sentence_classes(const DocumentFeatures& f, const WordClasses& classes,
                                 const std::vector<std::uint8_t>& ok,
                                 const std::vector<std::uint32_t>& known) {
  SentenceClasses s;
  std::vector<std::uint32_t> ids;
  for (std::size_t i = 0; i < f.size(); ++i) {
    ids.clear();
    for (std::uint32_t w : f.words_of(i)) {
      if (!ok[w]) continue;
      const std::uint32_t k = known[classes.of[w]];
      if (k > 0) ids.push_back(k - 1);
    }
    std::sort(ids.begin(), ids.end());
    std::uint32_t n = 0;
    for (std::size_t x = 0; x < ids.size();) {
      std::size_t y = x;
      while (y < ids.size() && ids[y] == ids[x]) ++y;
      s.cls.push_back(ids[x]);
      s.mul.push_back(static_cast<std::uint32_t>(y - x));
      n += static_cast<std::uint32_t>(y - x);
      x = y;
    }
    s.off.push_back(static_cast<std::uint32_t>(s.cls.size()));
    s.n.push_back(n);
  }
  return s;
}

// Open addressing from a pair of classes (one 64-bit key) to its index.
class PairIndex {
 public:
  explicit PairIndex(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < 2 * expected) cap *= 2;
    keys_.assign(cap, kEmpty);
    vals_.assign(cap, 0);
  }
  // The index of `key`, a new one (== size() before) if unseen.
  std::uint32_t id(std::uint64_t key) {
    std::size_t h = (key * 0x9E3779B97F4A7C15ull) >> 20;
    const std::size_t mask = keys_.size() - 1;
    for (h &= mask;; h = (h + 1) & mask) {
      if (keys_[h] == key) return vals_[h];
      if (keys_[h] == kEmpty) {
        keys_[h] = key;
        vals_[h] = size_;
        return size_++;
      }
    }
  }
  std::uint32_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> vals_;
  std::uint32_t size_ = 0;
};

}  // namespace

// The steps of TranslationModel::train().
struct TranslationTrainer {
  const TranslationModelOptions& o;
  TranslationModel& m;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> beads;  // (i, j) trained on
  std::vector<double> p_a, p_b;                                 // unigrams of the known classes
  std::vector<std::uint32_t> pair_a, pair_b;  // the classes of each co-occurring pair
  std::vector<std::uint32_t> bead_off;        // bead u's pairs: pidx[bead_off[u] ..), |xs| x |ys|
  std::vector<std::uint32_t> pidx;

  void index_pairs() {
    std::size_t expected = 0;
    for (const auto& [i, j] : beads)
      expected += std::size_t(m.off_a_[i + 1] - m.off_a_[i]) * (m.off_b_[j + 1] - m.off_b_[j]);
    PairIndex index(expected);
    bead_off.push_back(0);
    pidx.reserve(expected);
    for (const auto& [i, j] : beads) {
      for (std::uint32_t x = m.off_a_[i]; x < m.off_a_[i + 1]; ++x) {
        for (std::uint32_t y = m.off_b_[j]; y < m.off_b_[j + 1]; ++y) {
          const std::uint32_t id = index.id(std::uint64_t(m.cls_a_[x]) << 32 | m.cls_b_[y]);
          if (id == pair_a.size()) {
            pair_a.push_back(m.cls_a_[x]);
            pair_b.push_back(m.cls_b_[y]);
          }
          pidx.push_back(id);
        }
      }
      bead_off.push_back(static_cast<std::uint32_t>(pidx.size()));
    }
  }

  // Model 1 by EM over the beads whose A sentence has this parity, both
  // directions at once.
  std::unique_ptr<TranslationModel::Table> em(int parity) const {
    const std::size_t np = pair_a.size(), ka = m.classes_a_, kb = m.classes_b_;
    std::vector<double> tab(np, 1.0 / double(kb)), tba(np, 1.0 / double(ka));
    std::vector<double> nb(kb, 1.0 / double(kb)), na(ka, 1.0 / double(ka));
    std::vector<double> cab(np), cba(np), cnb(kb), cna(ka), tot_a(ka), tot_b(kb);
    for (std::uint32_t it = 0; it < o.iterations; ++it) {
      std::fill(cab.begin(), cab.end(), 0.0);
      std::fill(cba.begin(), cba.end(), 0.0);
      std::fill(cnb.begin(), cnb.end(), 0.0);
      std::fill(cna.begin(), cna.end(), 0.0);
      for (std::size_t u = 0; u < beads.size(); ++u) {
        const auto [i, j] = beads[u];
        if (int(i % 2) != parity) continue;
        const std::uint32_t xa = m.off_a_[i], xe = m.off_a_[i + 1];
        const std::uint32_t ya = m.off_b_[j], ye = m.off_b_[j + 1];
        const std::uint32_t ny = ye - ya;
        const std::uint32_t* p = pidx.data() + bead_off[u];
        // E-step, B given A: each B word's mass shared among i's words and NULL.
        for (std::uint32_t y = ya; y < ye; ++y) {
          const std::uint32_t c = m.cls_b_[y];
          double denom = nb[c];
          for (std::uint32_t x = xa; x < xe; ++x) denom += m.mul_a_[x] * tab[p[(x - xa) * ny + (y - ya)]];
          const double r = m.mul_b_[y] / denom;
          for (std::uint32_t x = xa; x < xe; ++x) {
            const std::uint32_t q = p[(x - xa) * ny + (y - ya)];
            cab[q] += r * m.mul_a_[x] * tab[q];
          }
          cnb[c] += r * nb[c];
        }
        // A given B.
        for (std::uint32_t x = xa; x < xe; ++x) {
          const std::uint32_t c = m.cls_a_[x];
          double denom = na[c];
          for (std::uint32_t y = ya; y < ye; ++y) denom += m.mul_b_[y] * tba[p[(x - xa) * ny + (y - ya)]];
          const double r = m.mul_a_[x] / denom;
          for (std::uint32_t y = ya; y < ye; ++y) {
            const std::uint32_t q = p[(x - xa) * ny + (y - ya)];
            cba[q] += r * m.mul_b_[y] * tba[q];
          }
          cna[c] += r * na[c];
        }
      }
      // M-step.
      std::fill(tot_a.begin(), tot_a.end(), 0.0);
      std::fill(tot_b.begin(), tot_b.end(), 0.0);
      for (std::size_t q = 0; q < np; ++q) {
        tot_a[pair_a[q]] += cab[q];
        tot_b[pair_b[q]] += cba[q];
      }
      for (std::size_t q = 0; q < np; ++q) {
        tab[q] = tot_a[pair_a[q]] > 0 ? cab[q] / tot_a[pair_a[q]] : 0.0;
        tba[q] = tot_b[pair_b[q]] > 0 ? cba[q] / tot_b[pair_b[q]] : 0.0;
      }
      double sb = 0, sa = 0;
      for (double v : cnb) sb += v;
      for (double v : cna) sa += v;
      for (std::size_t c = 0; c < kb; ++c) nb[c] = sb > 0 ? cnb[c] / sb : 0.0;
      for (std::size_t c = 0; c < ka; ++c) na[c] = sa > 0 ? cna[c] / sa : 0.0;
    }
    return table(tab, tba, na, nb);
  }

  // The top translations of each class of `src` (pairs grouped by it):
  // (pair, t) in decreasing t, ties by the other class.
  std::vector<std::vector<std::uint32_t>> top(const std::vector<double>& t,
                                              const std::vector<std::uint32_t>& src,
                                              const std::vector<std::uint32_t>& dst,
                                              std::size_t classes) const {
    std::vector<std::vector<std::uint32_t>> by(classes);
    for (std::uint32_t q = 0; q < t.size(); ++q)
      if (t[q] >= o.min_probability) by[src[q]].push_back(q);
    for (auto& v : by) {
      std::sort(v.begin(), v.end(), [&](std::uint32_t x, std::uint32_t y) {
        return t[x] != t[y] ? t[x] > t[y] : dst[x] < dst[y];
      });
      if (v.size() > o.top_k) v.resize(o.top_k);
    }
    return by;
  }

  std::unique_ptr<TranslationModel::Table> table(const std::vector<double>& tab,
                                                 const std::vector<double>& tba,
                                                 const std::vector<double>& na,
                                                 const std::vector<double>& nb) const {
    auto t = std::make_unique<TranslationModel::Table>();
    const std::size_t ka = m.classes_a_, kb = m.classes_b_;
    const auto ab = top(tab, pair_a, pair_b, ka);
    t->ab_off.push_back(0);
    for (std::size_t x = 0; x < ka; ++x) {
      for (std::uint32_t q : ab[x]) {
        t->ab_to.push_back(pair_b[q]);
        t->ab_p.push_back(static_cast<float>(tab[q]));
      }
      t->ab_off.push_back(static_cast<std::uint32_t>(t->ab_to.size()));
    }
    const auto ba = top(tba, pair_b, pair_a, kb);
    std::vector<std::vector<std::uint32_t>> rev(ka);
    for (std::size_t y = 0; y < kb; ++y)
      for (std::uint32_t q : ba[y]) rev[pair_a[q]].push_back(q);  // in y order
    t->rev_off.push_back(0);
    for (std::size_t x = 0; x < ka; ++x) {
      for (std::uint32_t q : rev[x]) {
        t->rev_from.push_back(pair_b[q]);
        t->rev_p.push_back(static_cast<float>(tba[q]));
      }
      t->rev_off.push_back(static_cast<std::uint32_t>(t->rev_from.size()));
    }
    auto nulls = [](const std::vector<double>& n, const std::vector<double>& p,
                    std::vector<float>& out, std::vector<float>& logs) {
      for (std::size_t c = 0; c < n.size(); ++c) {
        out.push_back(static_cast<float>(std::max(n[c], p[c])));
        logs.push_back(std::log(out.back()));
      }
    };
    nulls(na, p_a, t->null_a, t->log_null_a);
    nulls(nb, p_b, t->null_b, t->log_null_b);
    auto bases = [](const std::vector<std::uint32_t>& off, const std::vector<std::uint32_t>& cls,
                    const std::vector<std::uint32_t>& mul, const std::vector<float>& logs,
                    const std::vector<double>& p, std::vector<double>& out) {
      for (std::size_t i = 0; i + 1 < off.size(); ++i) {
        double s = 0;
        for (std::uint32_t x = off[i]; x < off[i + 1]; ++x)
          s += mul[x] * (double(logs[cls[x]]) - std::log(p[cls[x]]));
        out.push_back(s);
      }
    };
    bases(m.off_a_, m.cls_a_, m.mul_a_, t->log_null_a, p_a, t->base_a);
    bases(m.off_b_, m.cls_b_, m.mul_b_, t->log_null_b, p_b, t->base_b);
    return t;
  }
};

std::shared_ptr<const TranslationModel> TranslationModel::train(
    const DocumentFeatures& a, const DocumentFeatures& b, const PairAlignment& alignment,
    const TranslationModelOptions& options) {
  if (a.word_offsets.size() != a.size() + 1 || b.word_offsets.size() != b.size() + 1) return nullptr;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> trusted;
  for (const Bead& bead : alignment.beads) {
    if (bead.a.size() == 1 && bead.b.size() == 1 && bead.confidence >= options.min_confidence &&
        bead.a.begin < a.size() && bead.b.begin < b.size())
      trusted.emplace_back(bead.a.begin, bead.b.begin);
  }
  if (trusted.size() < std::max<std::uint32_t>(1, options.min_beads)) return nullptr;
  // Evenly spread when there are more than max_beads.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> beads;
  const std::size_t n = std::min<std::size_t>(trusted.size(), std::max<std::uint32_t>(1, options.max_beads));
  for (std::size_t k = 0; k < n; ++k) beads.push_back(trusted[k * trusted.size() / n]);

  auto model = std::make_shared<TranslationModel>();
  TranslationModel& m = *model;
  const std::vector<std::uint8_t> ok_a = linkable(a.vocabulary), ok_b = linkable(b.vocabulary);
  const WordClasses ca = word_classes(a.vocabulary, options.prefix_letters);
  const WordClasses cb = word_classes(b.vocabulary, options.prefix_letters);
  // Known classes: those the training beads hold, numbered densely.
  auto known = [](const DocumentFeatures& f, const WordClasses& c, const std::vector<std::uint8_t>& ok,
                  auto&& sentences, std::size_t& count) {
    std::vector<std::uint32_t> id(c.count, 0);
    for (std::uint32_t i : sentences)
      for (std::uint32_t w : f.words_of(i))
        if (ok[w] && id[c.of[w]] == 0) id[c.of[w]] = static_cast<std::uint32_t>(++count);
    return id;
  };
  std::vector<std::uint32_t> ia, jb;
  for (const auto& [i, j] : beads) {
    ia.push_back(i);
    jb.push_back(j);
  }
  const std::vector<std::uint32_t> known_a = known(a, ca, ok_a, ia, m.classes_a_);
  const std::vector<std::uint32_t> known_b = known(b, cb, ok_b, jb, m.classes_b_);
  if (m.classes_a_ == 0 || m.classes_b_ == 0) return nullptr;
  SentenceClasses sa = sentence_classes(a, ca, ok_a, known_a);
  SentenceClasses sb = sentence_classes(b, cb, ok_b, known_b);
  m.off_a_ = std::move(sa.off), m.cls_a_ = std::move(sa.cls), m.mul_a_ = std::move(sa.mul), m.n_a_ = std::move(sa.n);
  m.off_b_ = std::move(sb.off), m.cls_b_ = std::move(sb.cls), m.mul_b_ = std::move(sb.mul), m.n_b_ = std::move(sb.n);
  m.beads_ = beads.size();
  std::uint32_t most = 0;
  for (std::uint32_t v : m.n_a_) most = std::max(most, v);
  for (std::uint32_t v : m.n_b_) most = std::max(most, v);
  for (std::uint32_t k = 0; k <= most; ++k) m.log_np1_.push_back(static_cast<float>(std::log(k + 1.0)));

  TranslationTrainer t{options, m, beads, {}, {}, {}, {}, {}, {}};
  // Unigrams over the training beads' words.
  auto unigram = [](const std::vector<std::uint32_t>& sentences, const std::vector<std::uint32_t>& off,
                    const std::vector<std::uint32_t>& cls, const std::vector<std::uint32_t>& mul,
                    std::size_t k) {
    std::vector<double> p(k, 0.0);
    double total = 0;
    for (std::uint32_t i : sentences)
      for (std::uint32_t x = off[i]; x < off[i + 1]; ++x) {
        p[cls[x]] += mul[x];
        total += mul[x];
      }
    for (double& v : p) v /= total;
    return p;
  };
  t.p_a = unigram(ia, m.off_a_, m.cls_a_, m.mul_a_, m.classes_a_);
  t.p_b = unigram(jb, m.off_b_, m.cls_b_, m.mul_b_, m.classes_b_);
  t.index_pairs();
  m.half_[0] = t.em(0);
  m.half_[1] = t.em(1);
  return model;
}

namespace {

// Per-thread scratch of TranslationModel::row(), left clean after each row.
struct RowScratch {
  struct Slot {
    float acc = 0;           // Σ t(w|a) over the row's words
    std::int32_t head = -1;  // first entry of w (-1: none)
  };
  std::vector<Slot> slot;                 // by B class w (one array: one cache line a word)
  std::vector<std::uint32_t> touched;     // B classes with acc or head set
  struct Entry {
    std::uint32_t p;    // position among the row's distinct classes
    float t;            // t(a_p | w)
    std::int32_t next;  // next entry of the same w
  };
  std::vector<Entry> entries;
  std::vector<double> s;                  // per position: Σ t(a_p | b) over j's words
  std::vector<std::uint32_t> hit;         // positions with s > 0
};

}  // namespace

void TranslationModel::row(std::uint32_t i, std::uint32_t first, std::uint32_t last,
                           LexicalCell* out, std::uint32_t skip_first,
                           std::uint32_t skip_last) const {
  auto skipped = [&](std::uint32_t j) { return j >= skip_first && j < skip_last; };
  const std::uint32_t nb = static_cast<std::uint32_t>(n_b_.size());
  for (std::uint32_t j = first; j < last; ++j)
    if (!skipped(j)) out[j - first] = {};
  if (i >= n_a_.size() || n_a_[i] == 0) return;
  // Scored by the half that did not train on sentence i's bead (see
  // TranslationModel in evidence.h).
  const Table& t = *half_[1 - i % 2];
  thread_local RowScratch sc;
  if (sc.slot.size() < classes_b_) sc.slot.assign(classes_b_, RowScratch::Slot{});
  const std::uint32_t xa = off_a_[i], xe = off_a_[i + 1];
  sc.touched.clear();
  sc.entries.clear();
  if (sc.s.size() < xe - xa) sc.s.assign(xe - xa, 0.0);
  for (std::uint32_t x = xa; x < xe; ++x) {
    const std::uint32_t c = cls_a_[x];
    for (std::uint32_t k = t.ab_off[c]; k < t.ab_off[c + 1]; ++k) {
      const std::uint32_t w = t.ab_to[k];
      RowScratch::Slot& sl = sc.slot[w];
      if (sl.acc == 0 && sl.head < 0) sc.touched.push_back(w);
      sl.acc += static_cast<float>(mul_a_[x]) * t.ab_p[k];
    }
  }
  for (std::uint32_t x = xa; x < xe; ++x) {
    const std::uint32_t c = cls_a_[x];
    for (std::uint32_t k = t.rev_off[c]; k < t.rev_off[c + 1]; ++k) {
      const std::uint32_t w = t.rev_from[k];
      RowScratch::Slot& sl = sc.slot[w];
      if (sl.acc == 0 && sl.head < 0) sc.touched.push_back(w);
      sc.entries.push_back({x - xa, t.rev_p[k], sl.head});
      sl.head = static_cast<std::int32_t>(sc.entries.size() - 1);
    }
  }
  const std::uint32_t ni = n_a_[i];
  const double log_ni = log_np1_[ni];
  for (std::uint32_t j = first; j < std::min(last, nb); ++j) {
    if (skipped(j)) {
      j = std::max(j, skip_last - 1);
      continue;
    }
    const std::uint32_t nj = n_b_[j];
    if (nj == 0) continue;
    double ba = t.base_b[j] - nj * log_ni;
    sc.hit.clear();
    for (std::uint32_t y = off_b_[j]; y < off_b_[j + 1]; ++y) {
      const std::uint32_t c = cls_b_[y];
      const RowScratch::Slot sl = sc.slot[c];
      if (sl.acc > 0) ba += mul_b_[y] * (std::log(double(t.null_b[c]) + sl.acc) - t.log_null_b[c]);
      for (std::int32_t e = sl.head; e >= 0; e = sc.entries[e].next) {
        const RowScratch::Entry& en = sc.entries[e];
        if (sc.s[en.p] == 0) sc.hit.push_back(en.p);
        sc.s[en.p] += mul_b_[y] * double(en.t);
      }
    }
    double ab = t.base_a[i] - ni * double(log_np1_[nj]);
    std::sort(sc.hit.begin(), sc.hit.end());  // the same sum whatever the order found
    for (std::uint32_t p : sc.hit) {
      const std::uint32_t c = cls_a_[xa + p];
      ab += mul_a_[xa + p] * (std::log(double(t.null_a[c]) + sc.s[p]) - t.log_null_a[c]);
      sc.s[p] = 0;
    }
    out[j - first] = {static_cast<float>(ab), static_cast<float>(ba)};
  }
  for (std::uint32_t w : sc.touched) sc.slot[w] = {};
}

// PairEvidence's view of its model.

PairEvidence PairEvidence::with_translation_model(
    std::shared_ptr<const TranslationModel> model) const& {
  PairEvidence ev = *this;
  return std::move(ev).with_translation_model(std::move(model));
}

PairEvidence PairEvidence::with_translation_model(std::shared_ptr<const TranslationModel> model) && {
  translation_ = std::move(model);
  return std::move(*this);
}

LexicalCell PairEvidence::lexical(std::uint32_t i, std::uint32_t j) const {
  LexicalCell c;
  if (translation_) translation_->row(i, j, j + 1, &c);
  return c;
}

void PairEvidence::lexical_row(std::uint32_t i, std::uint32_t first, std::uint32_t last,
                               LexicalCell* out, std::uint32_t skip_first,
                               std::uint32_t skip_last) const {
  if (translation_) {
    translation_->row(i, first, last, out, skip_first, skip_last);
  } else {
    for (std::uint32_t j = first; j < last; ++j)
      if (j < skip_first || j >= skip_last) out[j - first] = {};
  }
}

std::uint32_t PairEvidence::lexical_words_a(std::uint32_t i) const {
  return translation_ ? translation_->words_a(i) : 0;
}
std::uint32_t PairEvidence::lexical_words_b(std::uint32_t j) const {
  return translation_ ? translation_->words_b(j) : 0;
}

}  // namespace polyalign
