#include "polyalign/corpus.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <queue>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "polyalign/anchors.h"
#include "polyalign/corpus_formats.h"
#include "polyalign/evidence.h"
#include "polyalign/language.h"
#include "polyalign/length_model.h"

namespace polyalign {

std::size_t pair_index(std::size_t k, std::size_t l, std::size_t n) {
  if (k > l) std::swap(k, l);
  // Pairs (0,1)..(0,n-1), (1,2).., row k starts after Σ_{i<k} (n-1-i).
  return k * (2 * n - k - 1) / 2 + (l - k - 1);
}

namespace {

using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------ helpers

unsigned worker_count(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return threads;
}

// Runs f(i) for every i in [0, n) on `threads` workers, the calling thread
// being one of them; reports progress(done / n) from the calling thread.
// Items are independent and write only their own slot, so the result does
// not depend on the thread count. If items throw, the exception of the
// lowest index is rethrown once all workers have stopped.
template <typename F, typename P>
void parallel_for(std::size_t n, unsigned threads, F&& f, P&& progress) {
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::size_t error_index = n;
  std::exception_ptr error;
  auto work = [&](bool report) {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n || failed.load()) return;
      try {
        f(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < error_index) {
          error_index = i;
          error = std::current_exception();
        }
        failed = true;
      }
      const std::size_t d = done.fetch_add(1) + 1;
      if (report) progress(static_cast<double>(d) / static_cast<double>(n));
    }
  };
  const unsigned extra = static_cast<unsigned>(
      std::min<std::size_t>(threads > 0 ? threads - 1 : 0, n > 0 ? n - 1 : 0));
  std::vector<std::thread> pool;
  pool.reserve(extra);
  for (unsigned t = 0; t < extra; ++t) pool.emplace_back(work, false);
  work(true);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool hidden(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

// ---------------------------------------------------------------- documents

// One document with everything later stages read.
struct Prepared {
  SegmentedDocument doc;
  DocumentFeatures features;
  std::vector<std::string> keys;  // index keys, sorted, distinct
  std::uint64_t length = 0;       // code points of all sentences
  std::uint64_t hash = 0;         // content_hash() of the text (a task's runner checks it)
};

// The documents pair work reads, by index: in align_corpus() all of them;
// in a task run by a CorpusTaskRunner the few it names, numbered in the
// task (in the order of the corpus, so that a < b still holds for a pair).
class DocTable {
 public:
  explicit DocTable(const std::vector<Prepared>& docs) {
    for (const Prepared& p : docs) docs_.push_back(&p);
  }
  explicit DocTable(std::vector<std::shared_ptr<const Prepared>> docs) : owned_(std::move(docs)) {
    for (const auto& p : owned_) docs_.push_back(p.get());
  }
  const Prepared& operator[](std::size_t d) const { return *docs_[d]; }
  std::size_t size() const { return docs_.size(); }

 private:
  std::vector<std::shared_ptr<const Prepared>> owned_;
  std::vector<const Prepared*> docs_;
};

// FNV-1a (64 bits) of a file's bytes: a task's worker checks that it reads
// what the "read" phase read.
std::uint64_t content_hash(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Index key of one anchor, tagged by kind so that a number and a word never
// meet. Names and Latin-script words both become phonetic name keys
// (name_key), so "Google" inside Hindi text meets the name "Google" of an
// English article, and "चे ताओ" meets "Che Tao". Empty: not indexed.
std::string index_key(AnchorKind kind, const std::string& key) {
  switch (kind) {
    case AnchorKind::kNumber:
      return "n:" + key;
    case AnchorKind::kName:
      return key.empty() ? std::string() : "w:" + key;
    case AnchorKind::kLatinWord: {
      const std::string k = name_key(key);
      return k.size() >= 2 ? "w:" + k : std::string();
    }
    case AnchorKind::kUrl:
    case AnchorKind::kEmail:
      return "u:" + key;
    case AnchorKind::kAcronym:
      return "a:" + key;
  }
  return {};
}

constexpr std::size_t kStemLetters = 4;  // letters of a name word's stem key

// The distinct index keys of a document (from its distinct anchor keys).
std::vector<std::string> index_keys(const DocumentFeatures& f) {
  std::vector<std::string> keys;
  auto add = [&](AnchorKind kind, const std::string& key) {
    std::string k = index_key(kind, key);
    if (k.empty()) return;
    // A name word's stem (its first letters) as well: names inflect
    // ("Трампа" = Trump's, "Вірджинії") and transliterations differ in
    // their endings more than in their beginnings.
    if (k[0] == 'w' && k.find(' ') == std::string::npos && k.size() >= 2 + kStemLetters + 1)
      keys.push_back("s:" + k.substr(2, kStemLetters));
    keys.push_back(std::move(k));
  };
  for (const AnchorKey& k : f.anchor_keys) add(k.kind, k.text);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// The language of most of a document's text. CLD2 weighs languages by
// bytes, so one inserted sentence in a script of three bytes per letter
// (Devanagari) can outweigh twice as many letters of Latin text, and
// crawled articles carry such insertions, often inside a paragraph. Here
// the text is split into sentences by language-neutral rules (ICU root,
// `neutral`), each sentence is identified on its own and votes with its
// code points; a document none of whose sentences can be identified (all
// too short) gets CLD2's verdict on its whole text. Costs one more
// segmentation and CLD2 pass over the text.
std::string document_language(std::string_view text, const Segmenter& neutral) {
  std::map<std::string, std::uint64_t> votes;
  LanguageOptions lo;
  lo.valid_utf8 = true;  // sentences of a validated Document
  for (const Sentence& s : neutral.segment(text)) {
    const LanguageGuess g = identify_language(text.substr(s.span.start, s.span.size()), lo);
    if (g.lang != "und") votes[g.lang] += s.length;
  }
  std::string best = "und";
  std::uint64_t most = 0;
  for (const auto& [lang, n] : votes) {
    if (n > most) {
      most = n;
      best = lang;
    }
  }
  return best == "und" ? detect_language(text) : best;
}

void prepare(Prepared& p, Document doc, const PipelineOptions& po, const Segmenter& neutral) {
  if (po.detect_language && (doc.lang.empty() || doc.lang == "und")) {
    doc.lang = document_language(std::string_view(doc.text).substr(doc.content_start), neutral);
  }
  p.doc = segment_document(std::move(doc), po);
  FeatureOptions fo = po.features;
  fo.words = po.word_links;
  p.features = compute_features(p.doc, fo);
  p.keys = index_keys(p.features);
  p.length =
      std::accumulate(p.features.lengths.begin(), p.features.lengths.end(), std::uint64_t{0});
}

AlignInput align_input(const DocumentFeatures& f) {
  return AlignInput{f.lengths, f.paragraphs, f.foreign, {}};
}

// --------------------------------------------------------------- candidates

struct Candidate {
  std::size_t a, b;  // a < b
  double score;
};

// Pairs of documents in different languages sharing rare anchor keys, scored
// by the idf-weighted cosine of their key sets, best first; pairs whose
// lengths differ too much are left out.
std::vector<Candidate> score_candidates(const std::vector<Prepared>& docs,
                                        const CorpusOptions& options) {
  const std::size_t n = docs.size();
  std::set<std::string> languages;
  for (const Prepared& p : docs) languages.insert(p.doc.document.lang);
  // A key shared by every version of one article is held by as many
  // documents as there are languages: never too common.
  const std::size_t max_df = std::max<std::size_t>(
      {2, languages.size(),
       static_cast<std::size_t>(options.max_key_share * static_cast<double>(n))});
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> postings;
  for (std::size_t d = 0; d < n; ++d) {
    for (const std::string& k : docs[d].keys) postings[k].push_back(static_cast<std::uint32_t>(d));
  }
  std::vector<double> norm(n, 0.0);
  std::unordered_map<std::uint64_t, double> shared;
  for (const auto& [key, list] : postings) {
    if (list.size() < 2 || list.size() > max_df) continue;
    const double idf = std::log(1.0 + static_cast<double>(n) / static_cast<double>(list.size()));
    const double w = idf * idf;
    for (std::uint32_t d : list) norm[d] += w;
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        const std::uint32_t a = list[i], b = list[j];  // ascending: postings filled in order
        if (docs[a].doc.document.lang == docs[b].doc.document.lang) continue;
        shared[(std::uint64_t(a) << 32) | b] += w;
      }
    }
  }
  std::vector<Candidate> all;
  all.reserve(shared.size());
  for (const auto& [key, w] : shared) {
    const auto a = static_cast<std::size_t>(key >> 32),
               b = static_cast<std::size_t>(key & 0xffffffffu);
    const double la = static_cast<double>(std::max<std::uint64_t>(1, docs[a].length));
    const double lb = static_cast<double>(std::max<std::uint64_t>(1, docs[b].length));
    if (std::max(la, lb) > options.max_length_ratio * std::min(la, lb)) continue;
    all.push_back({a, b, w / std::sqrt(norm[a] * norm[b])});
  }
  auto better = [](const Candidate& x, const Candidate& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  };
  std::sort(all.begin(), all.end(), better);
  return all;
}

// The pairs of `all` (best first) that are among the `per_language` best of
// either document for the other's language, counting only documents with
// serve[d] set and leaving out the pairs in `done`; sorted by (a, b).
std::vector<Candidate> select_candidates(
    const std::vector<Candidate>& all, const std::vector<Prepared>& docs,
    std::uint32_t per_language, const std::vector<std::uint8_t>& serve,
    const std::set<std::pair<std::size_t, std::size_t>>& done) {
  std::map<std::pair<std::size_t, std::string>, std::uint32_t> taken;
  std::vector<Candidate> kept;
  for (const Candidate& c : all) {
    bool keep = false;
    if (serve[c.a]) keep |= taken[{c.a, docs[c.b].doc.document.lang}]++ < per_language;
    if (serve[c.b]) keep |= taken[{c.b, docs[c.a].doc.document.lang}]++ < per_language;
    if (keep && !done.count({c.a, c.b})) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return kept;
}

// ------------------------------------------------------- pairs and learning

// A pair of documents being aligned, and what its next pass needs.
struct PairWork {
  std::size_t a = 0, b = 0;          // documents, a < b
  PairEvidence evidence;             // anchors (and dictionary links); empty without anchors
  PairAlignment first;               // the pass word links are learned from
  std::vector<WordLink> links;       // word links for the next pass
  std::optional<LengthModel> model;  // length model for the next pass (else estimated)
};

const std::string& lang_of(const DocTable& docs, std::size_t d) {
  return docs[d].doc.document.lang;
}

// Pairs of one language pair learn together in one orientation: x is the
// alphabetically first language (a "hi-en" pair is pooled as en-hi).
bool oriented(const PairWork& p, const DocTable& docs) {
  return lang_of(docs, p.a) <= lang_of(docs, p.b);
}

std::string language_pair(const PairWork& p, const DocTable& docs) {
  const std::string& x = lang_of(docs, p.a);
  const std::string& y = lang_of(docs, p.b);
  return x <= y ? x + "-" + y : y + "-" + x;
}

void build_evidence(PairWork& p, const DocTable& docs, const PipelineOptions& po) {
  if (!po.anchors) return;
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  p.evidence = PairEvidence::build(fa, fb, po.evidence, dictionary_links(fa, fb, po.dictionary));
}

// What the pooled alignments of one language pair teach, oriented x-y.
struct Lexicon {
  struct Entry {
    std::string x, y;
    double strength;
  };
  std::vector<Entry> links;
  std::vector<std::uint32_t> len_x, len_y;  // lengths of the confident 1-1 beads
};

// Words of many documents under one vocabulary, so that learn_word_links()
// counts co-occurrences over all of them at once.
struct Pool {
  DocumentFeatures features;
  std::unordered_map<std::string, std::uint32_t> ids;
  std::uint32_t add(const DocumentFeatures& f) {
    if (features.word_offsets.empty()) features.word_offsets.push_back(0);
    const auto offset = static_cast<std::uint32_t>(features.lengths.size());
    std::vector<std::uint32_t> map(f.vocabulary.size());
    for (std::size_t w = 0; w < f.vocabulary.size(); ++w) {
      auto [it, inserted] =
          ids.try_emplace(f.vocabulary[w], static_cast<std::uint32_t>(features.vocabulary.size()));
      if (inserted) features.vocabulary.push_back(f.vocabulary[w]);
      map[w] = it->second;
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
      for (std::uint32_t w : f.words_of(i)) features.words.push_back(map[w]);
      features.word_offsets.push_back(static_cast<std::uint32_t>(features.words.size()));
      features.lengths.push_back(f.lengths[i]);
    }
    return offset;
  }
};

// Learns a lexicon from the `first` alignments of the pairs `group` (all of
// one language pair): word links by learn_word_links() over the pooled
// beads (Moore 2002 §3; competitive linking), and the lengths of the
// confident 1-1 beads for a pooled length model.
Lexicon learn_lexicon(const std::vector<PairWork>& pairs, const std::vector<std::size_t>& group,
                      const DocTable& docs, const PipelineOptions& po) {
  Pool px, py;
  PairAlignment pooled;
  Lexicon lex;
  for (std::size_t i : group) {
    const PairWork& p = pairs[i];
    const bool fwd = oriented(p, docs);
    const DocumentFeatures& fx = docs[fwd ? p.a : p.b].features;
    const DocumentFeatures& fy = docs[fwd ? p.b : p.a].features;
    const std::uint32_t ox = px.add(fx), oy = py.add(fy);
    for (const Bead& bead : p.first.beads) {
      const SentenceRange& rx = fwd ? bead.a : bead.b;
      const SentenceRange& ry = fwd ? bead.b : bead.a;
      Bead shifted = bead;
      shifted.a = {rx.begin + ox, rx.end + ox};
      shifted.b = {ry.begin + oy, ry.end + oy};
      pooled.beads.push_back(shifted);
      if (rx.size() == 1 && ry.size() == 1 && bead.confidence >= 0.5) {
        lex.len_x.push_back(fx.lengths[rx.begin]);
        lex.len_y.push_back(fy.lengths[ry.begin]);
      }
    }
  }
  for (const WordLink& wl :
       learn_word_links(px.features, py.features, pooled, po.word_link_options)) {
    lex.links.push_back(
        {px.features.vocabulary[wl.word_a], py.features.vocabulary[wl.word_b], wl.strength});
  }
  return lex;
}

// Sets p.links (dictionary + the lexicon's links between words of the two
// documents) and, if `pooled_model` and the lexicon has enough 1-1 beads
// (estimate_variance's minimum, 8), p.model from the pooled lengths.
void apply_lexicon(PairWork& p, const Lexicon& lex, const DocTable& docs,
                   const PipelineOptions& po, bool pooled_model) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  const bool fwd = oriented(p, docs);
  std::unordered_map<std::string_view, std::uint32_t> ida, idb;
  for (std::uint32_t w = 0; w < fa.vocabulary.size(); ++w) ida.emplace(fa.vocabulary[w], w);
  for (std::uint32_t w = 0; w < fb.vocabulary.size(); ++w) idb.emplace(fb.vocabulary[w], w);
  p.links = dictionary_links(fa, fb, po.dictionary);
  for (const Lexicon::Entry& e : lex.links) {
    auto x = ida.find(fwd ? e.x : e.y);
    auto y = idb.find(fwd ? e.y : e.x);
    if (x != ida.end() && y != idb.end()) p.links.push_back({x->second, y->second, e.strength});
  }
  if (pooled_model && lex.len_x.size() >= 8) {
    const std::vector<std::uint32_t>& la = fwd ? lex.len_x : lex.len_y;
    const std::vector<std::uint32_t>& lb = fwd ? lex.len_y : lex.len_x;
    LengthModel m;
    m.c = estimate_ratio(la, lb);
    m.s2 = estimate_variance(la, lb, m.c, 6.8 * std::max(1.0, m.c));
    p.model = m;
  }
}

// Lexicons learned from the pairs `training`: one per language pair when
// `pool` is set (key "de-hi"), else one per pair (key: its index).
using Lexicons = std::map<std::string, Lexicon>;

std::string lexicon_key(const std::vector<PairWork>& pairs, std::size_t i, const DocTable& docs,
                        bool pool) {
  return pool ? language_pair(pairs[i], docs) : fmt::format("{:012}", i);
}

// The pairs of `training` by the lexicon they teach.
std::map<std::string, std::vector<std::size_t>> lexicon_groups(
    const std::vector<PairWork>& pairs, const std::vector<std::size_t>& training,
    const DocTable& docs, bool pool) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i : training) groups[lexicon_key(pairs, i, docs, pool)].push_back(i);
  return groups;
}

template <typename Report>
Lexicons learn_lexicons(const std::vector<PairWork>& pairs,
                        const std::vector<std::size_t>& training, const DocTable& docs,
                        const PipelineOptions& po, bool pool, unsigned threads, Report&& report) {
  std::map<std::string, std::vector<std::size_t>> groups =
      lexicon_groups(pairs, training, docs, pool);
  std::vector<const std::string*> keys;
  for (const auto& [key, list] : groups) keys.push_back(&key);
  std::vector<Lexicon> learned(keys.size());
  parallel_for(
      keys.size(), threads,
      [&](std::size_t g) { learned[g] = learn_lexicon(pairs, groups[*keys[g]], docs, po); },
      report);
  Lexicons out;
  for (std::size_t g = 0; g < keys.size(); ++g) out.emplace(*keys[g], std::move(learned[g]));
  return out;
}

// apply_lexicon() on the pairs `targets` (a pair whose key has no lexicon
// gets the dictionary links only).
template <typename Report>
void apply_lexicons(std::vector<PairWork>& pairs, const std::vector<std::size_t>& targets,
                    const Lexicons& lexicons, const DocTable& docs,
                    const PipelineOptions& po, bool pool, bool pooled_model, unsigned threads,
                    Report&& report) {
  const Lexicon none;
  parallel_for(
      targets.size(), threads,
      [&](std::size_t t) {
        const auto it = lexicons.find(lexicon_key(pairs, targets[t], docs, pool));
        apply_lexicon(pairs[targets[t]], it != lexicons.end() ? it->second : none, docs, po,
                      pooled_model);
      },
      report);
}

// ------------------------------------------------------------ verification

// Verification score of an alignment (see corpus.h): the share of the two
// documents' sentences in confident beads of two or three sentences (1-1,
// 2-1, 1-2), each bead weighted by its posterior and by how much evidence
// its two sides share (anchors and word links, full weight from
// `full_evidence` units on). Larger beads are left out: they are where a
// search forces unrelated texts together.
double verification_score(const PairAlignment& r, const PairEvidence& ev, std::size_t na,
                          std::size_t nb, const CorpusOptions& options) {
  if (na + nb == 0) return 0;
  const double min_confidence = options.verify_bead_confidence;
  const double full_evidence = options.verify_full_evidence;
  double covered = 0;
  for (const Bead& bead : r.beads) {
    if (bead.a.empty() || bead.b.empty() || bead.a.size() + bead.b.size() > 3 ||
        bead.confidence < min_confidence)
      continue;
    double shared = 0;
    for (std::uint32_t i = bead.a.begin; i < bead.a.end; ++i) {
      ev.for_each_in_row(i, bead.b.begin, bead.b.end, [&](std::uint32_t, PairEvidence::Shared s) {
        shared += s.anchors + s.links;
      });
    }
    covered +=
        (bead.a.size() + bead.b.size()) * bead.confidence * std::min(1.0, shared / full_evidence);
  }
  return covered / (static_cast<double>(na + nb) + options.verify_prior_sentences);
}

// ---------------------------------------------------------------- pair work
//
// What one pair of documents goes through, the same wherever it runs: on
// align_corpus()'s threads, which keep a PairWork (its evidence) from one
// phase to the next, or in a task of a CorpusTaskRunner, which keeps the
// evidence for the task that follows on the same runner and builds it again
// anywhere else (the same values: every step is deterministic).

// Verification, first round: aligned with anchors (p.first) and scored.
double check_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                  const Aligner& aligner) {
  const PipelineOptions& po = options.pipeline;
  build_evidence(p, docs, po);
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  p.first = aligner.align(align_input(fa), align_input(fb), po.anchors ? &p.evidence : nullptr);
  return verification_score(p.first, p.evidence, fa.size(), fb.size(), options);
}

// Verification, second round: aligned again with the word links
// apply_lexicon() put in p.links, and scored. Frees p.
double recheck_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                    const Aligner& aligner) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  const PairEvidence ev = p.evidence.with_links(fa, fb, p.links, options.pipeline.evidence);
  const PairAlignment r = aligner.align(align_input(fa), align_input(fb), &ev);
  p = PairWork();  // free as we go
  return verification_score(r, ev, fa.size(), fb.size(), options);
}

// N-way: the estimation pass of two members of a bundle (p.first).
void estimate_pair(PairWork& p, const DocTable& docs, const PipelineOptions& po,
                   const Aligner& aligner) {
  build_evidence(p, docs, po);
  p.first = aligner.estimate(align_input(docs[p.a].features), align_input(docs[p.b].features),
                             po.anchors ? &p.evidence : nullptr);
}

// N-way: the final pass, with the word links and length model
// apply_lexicon() set (if it ran), around the estimation pass's path. Frees p.
PairAlignment final_pair(PairWork& p, const DocTable& docs, const PipelineOptions& po,
                         const Aligner& aligner) {
  const DocumentFeatures& fa = docs[p.a].features;
  const DocumentFeatures& fb = docs[p.b].features;
  PairEvidence ev;
  if (po.anchors) {
    ev = po.word_links ? p.evidence.with_links(fa, fb, p.links, po.evidence, &p.first)
                       : std::move(p.evidence);
  }
  PairAlignment r = aligner.align_with_model(align_input(fa), align_input(fb),
                                             p.model ? *p.model : p.first.model,
                                             po.anchors ? &ev : nullptr, &p.first);
  p = PairWork();
  return r;
}

// The side of align_corpus() with a CorpusExecutor that hands phases out:
// each method runs one phase's tasks through the executor and puts their
// results where the in-process phase puts them. Tasks name documents by
// path, language and content hash (defined below, with the runner).
class Remote {
 public:
  Remote(const CorpusExecutor& executor, const std::vector<Prepared>& docs)
      : executor_(executor), docs_(docs) {}

  // "check": score[i] and pairs[i].first (check_pair) of every pair.
  void check(std::vector<PairWork>& pairs, std::vector<double>& score) const;
  // "learn": the lexicon of every group of pairs (lexicon_groups()), from
  // their p.first.
  Lexicons learn(const std::vector<PairWork>& pairs,
                 const std::map<std::string, std::vector<std::size_t>>& groups) const;
  // "recheck": score[i] of every pair with the language pair's word links
  // (`after_check`: these pairs were just checked, in the same tasks).
  void recheck(const std::vector<PairWork>& pairs, const Lexicons& lexicons,
               std::vector<double>& score, bool after_check) const;
  // "estimate": p.first of the pairs of every bundle (pairs_of[b]: bundle
  // b's pairs in pair_index() order); a bundle's pairs in one task, small
  // bundles together (bundle_chunks()).
  void estimate(std::vector<PairWork>& pairs,
                const std::vector<std::vector<std::size_t>>& pairs_of) const;
  // "align": the tuples of every bundle (members, id set), in the tasks of
  // "estimate", which it follows; keys[i]: the lexicon of pair i (none:
  // empty).
  void align(std::vector<Bundle>& bundles, const std::vector<PairWork>& pairs,
             const std::vector<std::vector<std::size_t>>& pairs_of,
             const std::vector<std::string>& keys, const Lexicons& lexicons) const;

 private:
  std::vector<std::string> run(std::string name, std::string shared,
                               std::vector<std::string> tasks, std::string follows = {}) const;

  const CorpusExecutor& executor_;
  const std::vector<Prepared>& docs_;
};

// Aligns candidate pairs and scores them (stage 3). With anchors, word
// links and corpus learning, two rounds: the first with anchors only; then
// the pairs of the first batch that are each other's best candidate and
// pass min_pair_score teach one lexicon per language pair, and every
// candidate is aligned and scored again with it (a translation shares far
// more words with its original than an article on the same topic does).
// Later batches (the second candidate search) are scored with the same
// lexicons. With `remote`, every round runs as tasks elsewhere.
class Verifier {
 public:
  Verifier(const DocTable& docs, const CorpusOptions& options, const Aligner& aligner,
           unsigned threads, const Remote* remote)
      : docs_(docs), options_(options), aligner_(aligner), threads_(threads), remote_(remote) {}

  // Scores of `cands`, in order; progress reported from `from` to `to`.
  std::vector<double> score(const std::vector<Candidate>& cands, double from, double to) {
    const PipelineOptions& po = options_.pipeline;
    const auto report = [&](double f) {
      if (options_.progress) options_.progress("verify", from + (to - from) * f);
    };
    std::vector<PairWork> pairs(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) {
      pairs[i].a = cands[i].a;
      pairs[i].b = cands[i].b;
    }
    std::vector<double> score(cands.size(), 0.0);
    const bool second_round = po.anchors && po.word_links && options_.corpus_learning;
    const double share = second_round ? 0.4 : 1.0;
    const bool later_batch = second_round && lexicons_.has_value();
    if (later_batch) {
      // Later batches: the lexicons are learned, and the second round's
      // scores are the ones kept; the first round would be aligned for
      // nothing. Only its evidence is needed.
      if (!remote_) {
        parallel_for(
            cands.size(), threads_, [&](std::size_t i) { build_evidence(pairs[i], docs_, po); },
            [&](double f) { report(share * f); });
      }
    } else if (remote_) {
      report(0);
      remote_->check(pairs, score);
      report(share);
    } else {
      parallel_for(
          cands.size(), threads_,
          [&](std::size_t i) { score[i] = check_pair(pairs[i], docs_, options_, aligner_); },
          [&](double f) { report(share * f); });
    }
    if (!second_round) return score;

    if (!lexicons_) {
      const std::vector<std::size_t> training = seeds(cands, score);
      if (remote_) {
        lexicons_ = remote_->learn(pairs, lexicon_groups(pairs, training, docs_, true));
      } else {
        lexicons_ = learn_lexicons(pairs, training, docs_, po, true, threads_,
                                   [&](double f) { report(share + 0.05 * f); });
      }
    }
    if (remote_) {
      remote_->recheck(pairs, *lexicons_, score, /*after_check=*/!later_batch);
      report(1);
      return score;
    }
    std::vector<std::size_t> all(cands.size());
    std::iota(all.begin(), all.end(), 0);
    apply_lexicons(pairs, all, *lexicons_, docs_, po, true, false, threads_,
                   [&](double f) { report(share + 0.05 + 0.05 * f); });
    parallel_for(
        cands.size(), threads_,
        [&](std::size_t i) { score[i] = recheck_pair(pairs[i], docs_, options_, aligner_); },
        [&](double f) { report(share + 0.1 + (0.9 - share) * f); });
    return score;
  }

 private:
  // Mutually best candidates (per document and other language) that pass
  // the threshold.
  std::vector<std::size_t> seeds(const std::vector<Candidate>& cands,
                                 const std::vector<double>& score) const {
    std::map<std::pair<std::size_t, std::string>, std::size_t> best;
    for (std::size_t i = 0; i < cands.size(); ++i) {
      for (const auto& key : {std::pair{cands[i].a, lang_of(docs_, cands[i].b)},
                              std::pair{cands[i].b, lang_of(docs_, cands[i].a)}}) {
        auto [it, inserted] = best.try_emplace(key, i);
        if (!inserted && score[i] > score[it->second]) it->second = i;
      }
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (score[i] >= options_.min_pair_score &&
          best[{cands[i].a, lang_of(docs_, cands[i].b)}] == i &&
          best[{cands[i].b, lang_of(docs_, cands[i].a)}] == i)
        out.push_back(i);
    }
    return out;
  }

  const DocTable& docs_;
  const CorpusOptions& options_;
  const Aligner& aligner_;
  unsigned threads_;
  const Remote* remote_;
  std::optional<Lexicons> lexicons_;
};

// ------------------------------------------------------------------- N-way

// The direct alignment of members k < l of a bundle, and for every sentence
// of either the bead holding it.
struct DirectPair {
  std::vector<Bead> beads;
  std::vector<std::uint32_t> bead_of_a, bead_of_b;
};

struct PairSide {
  SentenceRange range;  // the other member's sentences in the bead
  double confidence;
};

class BundleAligner {
 public:
  BundleAligner(std::vector<std::size_t> sizes, std::vector<DirectPair> pairs)
      : n_(sizes.size()), sizes_(std::move(sizes)), pairs_(std::move(pairs)) {}

  // Member x's sentence i: the sentences of member m in its bead of the
  // direct alignment (x, m), and that bead's posterior.
  PairSide partner(std::size_t x, std::size_t m, std::uint32_t i) const {
    const DirectPair& p = pairs_[pair_index(x, m, n_)];
    if (x < m) {
      const Bead& b = p.beads[p.bead_of_a[i]];
      return {b.b, b.confidence};
    }
    const Bead& b = p.beads[p.bead_of_b[i]];
    return {b.a, b.confidence};
  }

  // Share of the two members' sentences in confident pair beads.
  double agreement(std::size_t k, std::size_t l) const {
    const DirectPair& p = pairs_[pair_index(k, l, n_)];
    std::size_t covered = 0;
    for (const Bead& b : p.beads) {
      if (!b.a.empty() && !b.b.empty() && b.confidence >= 0.5) covered += b.a.size() + b.b.size();
    }
    const std::size_t total = sizes_[k] + sizes_[l];
    return total == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(total);
  }

  // Builds the tuples from every member as pivot in turn (then the others
  // in order of agreement with it) and keeps the tuples with the highest
  // total agreement (ties: the first pivot). The local search only finds a
  // local optimum; restarts from other pivots let a pivot whose own pair
  // alignments go wrong somewhere be outvoted.
  std::vector<Tuple> run(unsigned refinement_passes, bool all_pivots, std::size_t& pivot_out) {
    std::vector<double> total(n_, 0.0);
    for (std::size_t k = 0; k < n_; ++k) {
      for (std::size_t l = 0; l < n_; ++l) {
        if (k != l) total[k] += agreement(k, l);
      }
    }
    std::vector<std::size_t> pivots(n_);
    std::iota(pivots.begin(), pivots.end(), 0);
    std::stable_sort(pivots.begin(), pivots.end(),
                     [&](std::size_t x, std::size_t y) { return total[x] > total[y]; });
    if (!all_pivots) pivots.resize(1);
    std::vector<WorkTuple> best;
    double best_score = 0;
    for (std::size_t pivot : pivots) {
      build(pivot, refinement_passes);
      double sum = 0;
      for (const WorkTuple& t : tuples_) sum += score(t);
      if (best.empty() || sum > best_score + 1e-9) {
        best = tuples_;
        best_score = sum;
        pivot_out = pivot;
      }
    }
    tuples_ = std::move(best);
    return finish();
  }

 private:
  using WorkTuple = std::vector<SentenceRange>;

  // Progressive placement from `pivot`, refinement passes, local search.
  void build(std::size_t pivot, unsigned refinement_passes) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < n_; ++k) {
      if (k != pivot) order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return agreement(pivot, x) > agreement(pivot, y);
    });
    tuples_.clear();
    for (std::uint32_t i = 0; i < sizes_[pivot]; ++i) {
      WorkTuple t(n_);
      t[pivot] = {i, i + 1};
      tuples_.push_back(std::move(t));
    }
    placed_.assign(n_, false);
    placed_[pivot] = true;
    for (std::size_t x : order) place(x);
    for (unsigned pass = 0; pass < refinement_passes; ++pass) {
      for (std::size_t x = 0; x < n_; ++x) {
        remove(x);
        place(x);
      }
    }
    improve();
  }

  void index_tuples() {
    tuple_of_.assign(n_, {});
    for (std::size_t m = 0; m < n_; ++m) tuple_of_[m].assign(sizes_[m], 0);
    for (std::uint32_t t = 0; t < tuples_.size(); ++t) {
      for (std::size_t m = 0; m < n_; ++m) {
        for (std::uint32_t i = tuples_[t][m].begin; i < tuples_[t][m].end; ++i) tuple_of_[m][i] = t;
      }
    }
  }

  void remove(std::size_t x) {
    std::vector<WorkTuple> kept;
    kept.reserve(tuples_.size());
    for (WorkTuple& t : tuples_) {
      t[x] = {};
      if (std::any_of(t.begin(), t.end(), [](const SentenceRange& r) { return !r.empty(); }))
        kept.push_back(std::move(t));
    }
    tuples_ = std::move(kept);
    placed_[x] = false;
  }

  struct Point {
    std::uint32_t x, t;
    double gain;
  };

  // Places member x against the tuples of the placed members.
  void place(std::size_t x) {
    index_tuples();
    std::vector<Point> points;
    std::vector<std::uint32_t> cands;
    for (std::uint32_t i = 0; i < sizes_[x]; ++i) {
      cands.clear();
      for (std::size_t m = 0; m < n_; ++m) {
        if (!placed_[m] || m == x) continue;
        const PairSide s = partner(x, m, i);
        for (std::uint32_t j = s.range.begin; j < s.range.end; ++j)
          cands.push_back(tuple_of_[m][j]);
      }
      std::sort(cands.begin(), cands.end());
      cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
      for (std::uint32_t t : cands) {
        // Every placed member of the tuple votes, weighted by the posterior
        // of the bead its direct alignment with x puts sentence i in: for
        // with the share of its sentences in the tuple that bead covers,
        // against with the rest.
        double gain = 0;
        for (std::size_t m = 0; m < n_; ++m) {
          const SentenceRange& r = tuples_[t][m];
          if (!placed_[m] || m == x || r.empty()) continue;
          const PairSide s = partner(x, m, i);
          const std::uint32_t lo = std::max(s.range.begin, r.begin),
                              hi = std::min(s.range.end, r.end);
          const double covered = hi > lo ? static_cast<double>(hi - lo) / r.size() : 0.0;
          gain += s.confidence * (2 * covered - 1);
        }
        if (gain > 0) points.push_back({i, t, gain});
      }
    }
    // Heaviest chain of links monotone in both the member's sentences and
    // the tuples (a sentence may take several consecutive tuples and a
    // tuple several consecutive sentences): a Fenwick tree over tuples
    // holds the best chain ending at or before each tuple.
    std::sort(points.begin(), points.end(), [](const Point& p, const Point& q) {
      return std::tie(p.x, p.t) < std::tie(q.x, q.t);
    });
    const std::size_t nt = tuples_.size();
    std::vector<std::pair<double, std::int64_t>> tree(nt + 1, {0.0, -1});
    std::vector<double> best(points.size());
    std::vector<std::int64_t> pred(points.size(), -1);
    auto query = [&](std::size_t t) {  // best over tuples <= t
      std::pair<double, std::int64_t> r{0.0, -1};
      for (std::size_t k = t + 1; k > 0; k -= k & (~k + 1)) {
        if (tree[k].first > r.first) r = tree[k];
      }
      return r;
    };
    auto update = [&](std::size_t t, double v, std::int64_t idx) {
      for (std::size_t k = t + 1; k <= nt; k += k & (~k + 1)) {
        if (v > tree[k].first) tree[k] = {v, idx};
      }
    };
    std::int64_t end = -1;
    double end_value = 0;
    for (std::size_t p = 0; p < points.size(); ++p) {
      const auto [v, from] = query(points[p].t);
      best[p] = points[p].gain + v;
      pred[p] = from;
      update(points[p].t, best[p], static_cast<std::int64_t>(p));
      if (best[p] > end_value) {
        end_value = best[p];
        end = static_cast<std::int64_t>(p);
      }
    }
    std::vector<Point> chain;
    for (std::int64_t p = end; p >= 0; p = pred[static_cast<std::size_t>(p)]) {
      chain.push_back(points[static_cast<std::size_t>(p)]);
    }
    std::reverse(chain.begin(), chain.end());

    // Linked groups: consecutive links sharing a sentence or a tuple. Each
    // becomes one tuple: the hull of its tuples plus the hull of its
    // sentences (what lies between is enclosed, so tuples stay contiguous).
    struct Group {
      std::uint32_t x_lo, x_hi, t_lo, t_hi;
    };
    std::vector<Group> groups;
    for (const Point& p : chain) {
      if (!groups.empty() && (p.x == groups.back().x_hi || p.t == groups.back().t_hi)) {
        groups.back().x_hi = p.x;
        groups.back().t_hi = p.t;
      } else {
        groups.push_back({p.x, p.x, p.t, p.t});
      }
    }
    std::vector<WorkTuple> next;
    next.reserve(nt + sizes_[x]);
    std::uint32_t ti = 0, xi = 0;
    auto alone = [&](std::uint32_t i) {
      WorkTuple t(n_);
      t[x] = {i, i + 1};
      return t;
    };
    for (const Group& g : groups) {
      while (ti < g.t_lo) next.push_back(std::move(tuples_[ti++]));
      while (xi < g.x_lo) next.push_back(alone(xi++));
      WorkTuple merged(n_);
      for (std::uint32_t t = g.t_lo; t <= g.t_hi; ++t) {
        for (std::size_t m = 0; m < n_; ++m) {
          const SentenceRange& r = tuples_[t][m];
          if (r.empty()) continue;
          SentenceRange& out = merged[m];
          out = out.empty() ? r
                            : SentenceRange{std::min(out.begin, r.begin), std::max(out.end, r.end)};
        }
      }
      merged[x] = {g.x_lo, g.x_hi + 1};
      next.push_back(std::move(merged));
      ti = g.t_hi + 1;
      xi = g.x_hi + 1;
    }
    while (ti < nt) next.push_back(std::move(tuples_[ti++]));
    while (xi < sizes_[x]) next.push_back(alone(xi++));
    tuples_ = std::move(next);
    placed_[x] = true;
  }

  // Agreement of putting sentence i of member k and sentence j of member l
  // in one tuple with their direct alignment: + the bead's posterior if it
  // holds both, else - the mean posterior of the two beads that part them.
  double agreement(std::size_t k, std::uint32_t i, std::size_t l, std::uint32_t j) const {
    if (k > l) {
      std::swap(k, l);
      std::swap(i, j);
    }
    const DirectPair& p = pairs_[pair_index(k, l, n_)];
    const std::uint32_t bi = p.bead_of_a[i], bj = p.bead_of_b[j];
    if (bi == bj) return p.beads[bi].confidence;
    return -0.5 * (p.beads[bi].confidence + p.beads[bj].confidence);
  }

  // Σ agreement over the pairs of sentences of different members in a tuple.
  double score(const WorkTuple& w) const {
    double s = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      for (std::size_t l = k + 1; l < n_; ++l) {
        for (std::uint32_t i = w[k].begin; i < w[k].end; ++i) {
          for (std::uint32_t j = w[l].begin; j < w[l].end; ++j) s += agreement(k, i, l, j);
        }
      }
    }
    return s;
  }

  static bool empty_tuple(const WorkTuple& w) {
    return std::all_of(w.begin(), w.end(), [](const SentenceRange& r) { return r.empty(); });
  }

  // Local search on the total agreement Σ score(tuple) (correlation
  // clustering under the order constraints): merging two neighbouring
  // tuples, splitting one in two, or moving one sentence across the border
  // of two neighbours, while any of these raises the total. Undoes the
  // merges and shifts a progressive placement cannot revisit (a tuple
  // merged because of one member stays merged when that member is placed
  // again).
  void improve() {
    constexpr double kEps = 1e-9;
    constexpr std::size_t kMaxSplits = 256;  // split points tried per tuple
    for (int pass = 0; pass < 50; ++pass) {
      bool changed = false;
      for (std::size_t t = 0; t < tuples_.size(); ++t) {
        // Split t: every member cut at some point; both sides non-empty.
        std::size_t combos = 1;
        for (const SentenceRange& r : tuples_[t]) combos *= r.size() + 1;
        if (combos > 2 && combos <= kMaxSplits) {
          const double whole = score(tuples_[t]);
          double best = whole + kEps;
          WorkTuple best_left, best_right;
          for (std::size_t c = 0; c < combos; ++c) {
            WorkTuple left(n_), right(n_);
            std::size_t code = c;
            for (std::size_t m = 0; m < n_; ++m) {
              const SentenceRange& r = tuples_[t][m];
              const auto cut = static_cast<std::uint32_t>(code % (r.size() + 1));
              code /= r.size() + 1;
              left[m] = {r.begin, r.begin + cut};
              right[m] = {r.begin + cut, r.end};
              if (left[m].empty()) left[m] = {};
              if (right[m].empty()) right[m] = {};
            }
            if (empty_tuple(left) || empty_tuple(right)) continue;
            const double v = score(left) + score(right);
            if (v > best) {
              best = v;
              best_left = std::move(left);
              best_right = std::move(right);
            }
          }
          if (!best_left.empty()) {
            tuples_[t] = std::move(best_left);
            tuples_.insert(tuples_.begin() + static_cast<std::ptrdiff_t>(t) + 1,
                           std::move(best_right));
            changed = true;
          }
        }
        if (t + 1 >= tuples_.size()) continue;
        WorkTuple& a = tuples_[t];
        WorkTuple& b = tuples_[t + 1];
        const double both = score(a) + score(b);
        // Merge t and t + 1.
        WorkTuple merged(n_);
        for (std::size_t m = 0; m < n_; ++m) {
          if (a[m].empty()) {
            merged[m] = b[m];
          } else if (b[m].empty()) {
            merged[m] = a[m];
          } else {
            merged[m] = {a[m].begin, b[m].end};
          }
        }
        if (score(merged) > both + kEps) {
          a = std::move(merged);
          tuples_.erase(tuples_.begin() + static_cast<std::ptrdiff_t>(t) + 1);
          changed = true;
          continue;
        }
        // Move one sentence of one member across the border.
        double best = both + kEps;
        WorkTuple best_a, best_b;
        for (std::size_t m = 0; m < n_; ++m) {
          for (int dir = 0; dir < 2; ++dir) {
            WorkTuple na = a, nb = b;
            if (dir == 0) {  // last of a -> b
              if (a[m].empty()) continue;
              const std::uint32_t s = a[m].end - 1;
              na[m] = a[m].size() == 1 ? SentenceRange{} : SentenceRange{a[m].begin, s};
              nb[m] = b[m].empty() ? SentenceRange{s, s + 1} : SentenceRange{s, b[m].end};
            } else {  // first of b -> a
              if (b[m].empty()) continue;
              const std::uint32_t s = b[m].begin;
              nb[m] = b[m].size() == 1 ? SentenceRange{} : SentenceRange{s + 1, b[m].end};
              na[m] = a[m].empty() ? SentenceRange{s, s + 1} : SentenceRange{a[m].begin, s + 1};
            }
            if (empty_tuple(na) || empty_tuple(nb)) continue;
            const double v = score(na) + score(nb);
            if (v > best) {
              best = v;
              best_a = std::move(na);
              best_b = std::move(nb);
            }
          }
        }
        if (!best_a.empty()) {
          a = std::move(best_a);
          b = std::move(best_b);
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  // The posterior with which the direct alignment of members k < l has the
  // projection (rk, rl) of a tuple: the bead equal to it, or for a member
  // alone the least confident of its sentences' 1-0 beads; 0 if it differs.
  double projection_confidence(std::size_t k, std::size_t l, const SentenceRange& rk,
                               const SentenceRange& rl) const {
    const DirectPair& p = pairs_[pair_index(k, l, n_)];
    if (!rk.empty() && !rl.empty()) {
      const Bead& b = p.beads[p.bead_of_a[rk.begin]];
      return b.a == rk && b.b == rl ? b.confidence : 0.0;
    }
    const bool a_side = !rk.empty();
    const SentenceRange& r = a_side ? rk : rl;
    double c = 1.0;
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      const Bead& b = p.beads[a_side ? p.bead_of_a[i] : p.bead_of_b[i]];
      if (!(a_side ? b.b.empty() : b.a.empty())) return 0.0;
      c = std::min(c, b.confidence);
    }
    return c;
  }

  std::vector<Tuple> finish() const {
    std::vector<Tuple> out;
    out.reserve(tuples_.size());
    for (const WorkTuple& w : tuples_) {
      Tuple t;
      t.members = w;
      t.pair_confidence.assign(n_ * (n_ - 1) / 2, -1.0f);
      double sum = 0;
      std::size_t count = 0;
      for (std::size_t k = 0; k < n_; ++k) {
        for (std::size_t l = k + 1; l < n_; ++l) {
          if (w[k].empty() && w[l].empty()) continue;
          const double c = projection_confidence(k, l, w[k], w[l]);
          t.pair_confidence[pair_index(k, l, n_)] = static_cast<float>(c);
          sum += c;
          ++count;
        }
      }
      t.confidence = count ? sum / static_cast<double>(count) : 0.0;
      out.push_back(std::move(t));
    }
    return out;
  }

  std::size_t n_;
  std::vector<std::size_t> sizes_;
  std::vector<DirectPair> pairs_;
  std::vector<WorkTuple> tuples_;
  std::vector<std::vector<std::uint32_t>> tuple_of_;
  std::vector<bool> placed_;
};

DirectPair make_direct(PairAlignment&& r, std::size_t na, std::size_t nb) {
  DirectPair p;
  p.beads = std::move(r.beads);
  p.bead_of_a.assign(na, 0);
  p.bead_of_b.assign(nb, 0);
  for (std::uint32_t k = 0; k < p.beads.size(); ++k) {
    for (std::uint32_t i = p.beads[k].a.begin; i < p.beads[k].a.end; ++i) p.bead_of_a[i] = k;
    for (std::uint32_t j = p.beads[k].b.begin; j < p.beads[k].b.end; ++j) p.bead_of_b[j] = k;
  }
  return p;
}

// Stage 5 for one bundle: its tuples, pivot and confidence from the direct
// alignments of its members (sentence counts `sizes`), in pair_index() order.
void make_tuples(Bundle& out, const std::vector<std::size_t>& sizes,
                 std::vector<PairAlignment> direct, const CorpusOptions& options) {
  const std::size_t m = sizes.size();
  std::vector<DirectPair> pairs(direct.size());
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t l = k + 1; l < m; ++l) {
      const std::size_t i = pair_index(k, l, m);
      pairs[i] = make_direct(std::move(direct[i]), sizes[k], sizes[l]);
    }
  }
  BundleAligner ba(sizes, std::move(pairs));
  out.tuples = ba.run(options.refinement_passes, options.all_pivots, out.pivot);
  std::size_t agree = 0;
  for (const Tuple& t : out.tuples) {
    agree += std::all_of(t.pair_confidence.begin(), t.pair_confidence.end(),
                         [](float c) { return c != 0.0f; });
  }
  out.confidence = out.tuples.empty()
                       ? 0.0
                       : static_cast<double>(agree) / static_cast<double>(out.tuples.size());
}

}  // namespace

// ------------------------------------------------------------------ public

std::vector<std::string> find_corpus_files(const std::vector<std::string>& paths,
                                           const CorpusOptions& options) {
  namespace fs = std::filesystem;
  std::vector<std::string> exts;
  for (const std::string& e : options.extensions) {
    std::string x = lower_ascii(e);
    if (!x.empty() && x[0] != '.') x.insert(x.begin(), '.');
    exts.push_back(x);
  }
  auto wanted = [&](const fs::path& p) {
    if (exts.empty()) return true;
    const std::string e = lower_ascii(p.extension().string());
    return std::find(exts.begin(), exts.end(), e) != exts.end();
  };
  std::set<fs::path> excluded;
  for (const std::string& e : options.exclude) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(e, ec);
    if (!ec) excluded.insert(c);
  }
  auto is_excluded = [&](const fs::path& dir) {
    if (excluded.empty()) return false;
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(dir, ec);
    return !ec && excluded.count(c) > 0;
  };
  std::vector<std::string> found;
  for (const std::string& given : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(given, ec);
    if (ec || !fs::exists(st)) fail_io(given, "no such file or directory");
    if (!fs::is_directory(st)) {
      found.push_back(given);
      continue;
    }
    if (is_excluded(given)) continue;
    fs::recursive_directory_iterator it(given, fs::directory_options::none, ec), end;
    if (ec) fail_io(given, fmt::format("cannot list: {}", ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) fail_io(given, fmt::format("cannot list: {}", ec.message()));
      const fs::path& p = it->path();
      if (hidden(p) || (it->is_directory(ec) && is_excluded(p))) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && wanted(p)) found.push_back(p.generic_string());
    }
    if (ec) fail_io(given, fmt::format("cannot list: {}", ec.message()));
  }
  // The same file under two spellings (a file and its directory given) once.
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& f : found) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(f, ec);
    if (seen.insert(ec ? f : canonical.string()).second) out.push_back(f);
  }
  return out;
}

namespace {

// Groups documents into bundles (see corpus.h, stage 4): agglomerative,
// the two groups with the most evidence first, where the evidence between
// two groups is Σ (score - neutral) over their checked pairs (a pair
// scoring below `neutral` counts against); groups join while it reaches
// threshold - neutral (so that one pair alone joins from `threshold` on)
// and their union holds no language twice. Returns the groups of two or
// more documents, each sorted, ordered by first document, with the least
// evidence on which each was joined (as a score: evidence + neutral).
std::vector<std::vector<std::size_t>> make_bundles(const std::vector<Prepared>& docs,
                                                   const std::vector<PairCheck>& checks,
                                                   double threshold, double neutral,
                                                   std::vector<double>& weakest) {
  const std::size_t n = docs.size();
  std::vector<std::size_t> root(n);
  std::iota(root.begin(), root.end(), 0);
  std::vector<std::vector<std::size_t>> members(n);
  std::vector<std::set<std::string>> langs(n);
  std::vector<std::map<std::size_t, double>> evidence(n);  // per root: other root -> sum
  std::vector<double> joined(n, 1.0);
  for (std::size_t d = 0; d < n; ++d) {
    members[d] = {d};
    langs[d] = {docs[d].doc.document.lang};
  }
  for (const PairCheck& c : checks) {
    evidence[c.a][c.b] += c.score - neutral;
    evidence[c.b][c.a] += c.score - neutral;
  }
  // Max-heap of (evidence, -first root, -second root); stale entries (a
  // root gone, or its evidence changed since) are skipped when popped.
  using Entry = std::tuple<double, std::int64_t, std::int64_t>;
  std::priority_queue<Entry> heap;
  auto push = [&](std::size_t x, std::size_t y, double e) {
    if (e >= threshold - neutral)
      heap.emplace(e, -static_cast<std::int64_t>(std::min(x, y)),
                   -static_cast<std::int64_t>(std::max(x, y)));
  };
  for (std::size_t x = 0; x < n; ++x) {
    for (const auto& [y, e] : evidence[x]) {
      if (x < y) push(x, y, e);
    }
  }
  while (!heap.empty()) {
    const auto [e, nx, ny] = heap.top();
    heap.pop();
    const auto x = static_cast<std::size_t>(-nx), y = static_cast<std::size_t>(-ny);
    if (root[x] != x || root[y] != y) continue;
    const auto it = evidence[x].find(y);
    if (it == evidence[x].end() || it->second != e) continue;
    bool clash = false;
    for (const std::string& l : langs[y]) clash |= langs[x].count(l) > 0;
    if (clash) continue;  // languages only grow: these two never join
    // y joins x (the lower index stays the root).
    for (std::size_t d : members[y]) root[d] = x;
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    langs[x].insert(langs[y].begin(), langs[y].end());
    joined[x] = std::min({joined[x], joined[y], e + neutral});
    evidence[x].erase(y);
    for (const auto& [z, ez] : evidence[y]) {
      if (z == x) continue;
      evidence[z].erase(y);
      const double sum = (evidence[x][z] += ez);
      evidence[z][x] = sum;
      push(x, z, sum);
    }
    evidence[y].clear();
    members[y].clear();
  }
  std::vector<std::pair<std::vector<std::size_t>, double>> found;
  for (std::size_t d = 0; d < n; ++d) {
    if (root[d] != d || members[d].size() < 2) continue;
    std::vector<std::size_t> m = members[d];
    std::sort(m.begin(), m.end());
    found.push_back({std::move(m), joined[d]});
  }
  std::sort(found.begin(), found.end());
  std::vector<std::vector<std::size_t>> groups;
  weakest.clear();
  for (auto& [m, w] : found) {
    groups.push_back(std::move(m));
    weakest.push_back(w);
  }
  return groups;
}

// Why document d is in no bundle.
std::string unmatched_reason(std::size_t d, const std::vector<Prepared>& docs,
                             const std::vector<PairCheck>& checks, double threshold) {
  if (docs[d].doc.sentences.empty()) return "no sentences";
  const PairCheck* best = nullptr;
  for (const PairCheck& c : checks) {
    if ((c.a == d || c.b == d) && (!best || c.score > best->score)) best = &c;
  }
  if (!best) {
    return "no candidate: shares no rare number, name, URL or acronym with a document in "
           "another language";
  }
  const Document& other = docs[best->a == d ? best->b : best->a].doc.document;
  if (best->score < threshold) {
    return fmt::format("best candidate {} ({}) aligned with score {:.2f} (< {:.2f})", other.path,
                       other.lang, best->score, threshold);
  }
  return fmt::format(
      "best candidate {} ({}) aligned with score {:.2f}, but its bundle holds a {} document "
      "already, or its other members align poorly with this one",
      other.path, other.lang, best->score, docs[d].doc.document.lang);
}

// Stages 2-5 over the prepared documents (without their features when
// `executor` is given: the pair work then runs as its tasks).
CorpusResult run_corpus(std::vector<Prepared> docs, std::vector<SkippedFile> skipped,
                        const CorpusOptions& options, Clock::time_point start,
                        const CorpusExecutor* executor = nullptr) {
  const PipelineOptions& po = options.pipeline;
  const unsigned threads = worker_count(options.threads);
  auto report = [&options](std::string_view stage) {
    return [&options, stage](double f) {
      if (options.progress) options.progress(stage, f);
    };
  };
  CorpusResult result;
  result.skipped = std::move(skipped);
  const std::size_t n = docs.size();
  for (const Prepared& p : docs) {
    result.stats.bytes += p.doc.document.text.size();
    result.stats.sentences += p.doc.sentences.size();
  }
  AlignerOptions ao = po.aligner;
  ao.threads = 1;  // the corpus runs many searches side by side instead
  ao.progress = nullptr;
  const Aligner aligner(ao);
  const DocTable table(docs);
  std::optional<Remote> remote_phases;
  if (executor) remote_phases.emplace(*executor, docs);
  const Remote* remote = executor ? &*remote_phases : nullptr;

  // Candidates and their verification; then a wider search for the
  // documents still without a verified partner (an article with few
  // numbers and names among many on its topic ranks its translations low).
  report("candidates")(0);
  const std::vector<Candidate> scored = score_candidates(docs, options);
  report("candidates")(1);
  Verifier verifier(table, options, aligner, threads, remote);
  std::set<std::pair<std::size_t, std::size_t>> done;
  std::vector<std::uint8_t> serve(n, 1);
  for (std::uint32_t per_language :
       {options.candidates_per_language, options.retry_candidates_per_language}) {
    const std::vector<Candidate> cands = select_candidates(scored, docs, per_language, serve, done);
    const bool first = done.empty();
    const std::vector<double> scores = verifier.score(cands, first ? 0.0 : 0.8, first ? 0.8 : 1.0);
    for (std::size_t i = 0; i < cands.size(); ++i) {
      result.checks.push_back({cands[i].a, cands[i].b, cands[i].score, scores[i]});
      done.insert({cands[i].a, cands[i].b});
    }
    std::fill(serve.begin(), serve.end(), 1);
    for (const PairCheck& c : result.checks) {
      if (c.score >= options.min_pair_score) serve[c.a] = serve[c.b] = 0;
    }
    if (options.retry_candidates_per_language <= options.candidates_per_language) break;
  }
  std::sort(result.checks.begin(), result.checks.end(), [](const PairCheck& x, const PairCheck& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  result.stats.candidate_pairs = result.checks.size();
  for (const PairCheck& c : result.checks)
    result.stats.verified_pairs += c.score >= options.min_pair_score;

  // Bundles, and the documents left out.
  std::vector<double> weakest;
  const std::vector<std::vector<std::size_t>> groups = make_bundles(
      docs, result.checks, options.min_pair_score, options.neutral_pair_score, weakest);
  std::vector<std::uint8_t> bundled(n, 0);
  for (const auto& g : groups) {
    for (std::size_t d : g) bundled[d] = 1;
  }
  for (std::size_t d = 0; d < n; ++d) {
    if (!bundled[d])
      result.unmatched.push_back(
          {d, unmatched_reason(d, docs, result.checks, options.min_pair_score)});
  }

  // N-way: every pair of members of every bundle. An estimation pass with
  // anchors; word links (and with corpus learning one length model per
  // language pair) learned from those passes; the final pass.
  struct Slot {
    std::size_t bundle, k, l;
  };
  std::vector<PairWork> pairs;
  std::vector<Slot> slots;
  for (std::size_t b = 0; b < groups.size(); ++b) {
    for (std::size_t k = 0; k < groups[b].size(); ++k) {
      for (std::size_t l = k + 1; l < groups[b].size(); ++l) {
        PairWork p;
        p.a = groups[b][k];
        p.b = groups[b][l];
        pairs.push_back(std::move(p));
        slots.push_back({b, k, l});
      }
    }
  }
  std::vector<std::vector<std::size_t>> pairs_of(groups.size());
  for (std::size_t i = 0; i < slots.size(); ++i) pairs_of[slots[i].bundle].push_back(i);
  result.bundles.resize(groups.size());
  for (std::size_t b = 0; b < groups.size(); ++b) {
    Bundle& out = result.bundles[b];
    out.id = fmt::format("bundle-{:04d}", b + 1);
    out.documents = groups[b];
    out.join_evidence = weakest[b];
  }
  const bool learning = po.anchors && po.word_links;
  std::vector<std::size_t> all(pairs.size());
  std::iota(all.begin(), all.end(), 0);
  if (remote) {
    report("estimate")(0);
    remote->estimate(pairs, pairs_of);
    Lexicons lexicons;
    std::vector<std::string> keys(pairs.size());
    if (learning) {
      report("learn")(0);
      lexicons = remote->learn(pairs, lexicon_groups(pairs, all, table, options.corpus_learning));
      for (std::size_t i = 0; i < pairs.size(); ++i)
        keys[i] = lexicon_key(pairs, i, table, options.corpus_learning);
    }
    report("align")(0);
    remote->align(result.bundles, pairs, pairs_of, keys, lexicons);
    report("align")(1);
  } else {
    parallel_for(
        pairs.size(), threads, [&](std::size_t i) { estimate_pair(pairs[i], table, po, aligner); },
        report("estimate"));
    if (learning) {
      const auto learn = report("learn");
      const Lexicons lexicons =
          learn_lexicons(pairs, all, table, po, options.corpus_learning, threads,
                         [&](double f) { learn(0.5 * f); });
      apply_lexicons(pairs, all, lexicons, table, po, options.corpus_learning,
                     options.corpus_learning, threads, [&](double f) { learn(0.5 + 0.5 * f); });
    }
    std::vector<PairAlignment> finals(pairs.size());
    parallel_for(
        pairs.size(), threads,
        [&](std::size_t i) { finals[i] = final_pair(pairs[i], table, po, aligner); },
        report("align"));
    // Tuples per bundle.
    parallel_for(
        groups.size(), threads,
        [&](std::size_t b) {
          std::vector<std::size_t> sizes;
          for (std::size_t d : groups[b]) sizes.push_back(docs[d].doc.sentences.size());
          std::vector<PairAlignment> direct;
          for (std::size_t i : pairs_of[b]) direct.push_back(std::move(finals[i]));
          make_tuples(result.bundles[b], sizes, std::move(direct), options);
        },
        [](double) {});
  }

  result.documents.reserve(n);
  for (Prepared& p : docs) result.documents.push_back(std::move(p.doc));
  result.stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

void check_options(const CorpusOptions& o) {
  if (!(o.max_key_share > 0 && o.max_key_share <= 1))
    fail_input("CorpusOptions::max_key_share", "must be in (0, 1]");
  if (o.candidates_per_language == 0)
    fail_input("CorpusOptions::candidates_per_language", "must be at least 1");
  if (o.retry_candidates_per_language > 1000)
    fail_input("CorpusOptions::retry_candidates_per_language", "must be at most 1000");
  if (!(o.max_length_ratio >= 1)) fail_input("CorpusOptions::max_length_ratio", "must be >= 1");
  if (!(o.min_pair_score >= 0 && o.min_pair_score <= 1))
    fail_input("CorpusOptions::min_pair_score", "must be in [0, 1]");
  if (!(o.neutral_pair_score >= 0 && o.neutral_pair_score < o.min_pair_score))
    fail_input("CorpusOptions::neutral_pair_score", "must be in [0, min_pair_score)");
  if (!(o.verify_bead_confidence >= 0 && o.verify_bead_confidence <= 1))
    fail_input("CorpusOptions::verify_bead_confidence", "must be in [0, 1]");
  if (!(o.verify_full_evidence > 0))
    fail_input("CorpusOptions::verify_full_evidence", "must be > 0");
  if (!(o.verify_prior_sentences >= 0))
    fail_input("CorpusOptions::verify_prior_sentences", "must be >= 0");
}

// ------------------------------------------------------------ tasks elsewhere
//
// A task and its result are MessagePack (nlohmann::json::to_msgpack): every
// number a later phase reads (scores, bead posteriors and costs, length
// models, link strengths) travels as its exact binary value, so that the
// phases after it compute what they compute in one process. A task names
// its documents as [path, language, content hash]; pairs are numbered in
// the task.

using Json = nlohmann::json;

// Work per task: enough that a cluster's cost per task (a few milliseconds)
// is small beside it (~50-100 ms here), little enough that a phase has many
// tasks to spread. Pair work costs about the same per sentence of the two
// documents; reading and preparing, per byte.
constexpr std::uint64_t kTaskSentences = 2000;  // Σ (na + nb) over the pairs of a task
constexpr std::uint64_t kTaskBytes = 128 << 10;  // "read": bytes of the files of a task

std::string encode(const Json& j) {
  const std::vector<std::uint8_t> bytes = Json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

Json decode(std::string_view bytes, std::string_view what) {
  try {
    return Json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const Json::exception& e) {
    fail_input(what, fmt::format("not a polyalign corpus task or result ({})", e.what()));
  }
}

Json alignment_json(const PairAlignment& r) {
  Json beads = Json::array();
  for (const Bead& b : r.beads)
    beads.push_back({b.a.begin, b.a.end, b.b.begin, b.b.end, b.cost, b.confidence});
  return {{"beads", std::move(beads)}, {"c", r.model.c},      {"s2", r.model.s2},
          {"cost", r.total_cost},      {"band", r.band},      {"cells", r.cells}};
}

PairAlignment alignment_from_json(const Json& j) {
  PairAlignment r;
  for (const Json& b : j.at("beads")) {
    r.beads.push_back({{b.at(0).get<std::uint32_t>(), b.at(1).get<std::uint32_t>()},
                       {b.at(2).get<std::uint32_t>(), b.at(3).get<std::uint32_t>()},
                       b.at(4).get<double>(),
                       b.at(5).get<double>()});
  }
  r.model.c = j.at("c").get<double>();
  r.model.s2 = j.at("s2").get<double>();
  r.total_cost = j.at("cost").get<double>();
  r.band = j.at("band").get<std::uint32_t>();
  r.cells = j.at("cells").get<std::uint64_t>();
  return r;
}

Json lexicons_json(const Lexicons& lexicons) {
  Json out = Json::object();
  for (const auto& [key, lex] : lexicons) {
    Json links = Json::array();
    for (const Lexicon::Entry& e : lex.links) links.push_back({e.x, e.y, e.strength});
    out[key] = {{"links", std::move(links)}, {"len_x", lex.len_x}, {"len_y", lex.len_y}};
  }
  return out;
}

Lexicons lexicons_from_json(const Json& j) {
  Lexicons out;
  for (const auto& [key, value] : j.items()) {
    Lexicon lex;
    for (const Json& e : value.at("links"))
      lex.links.push_back({e.at(0).get<std::string>(), e.at(1).get<std::string>(),
                           e.at(2).get<double>()});
    lex.len_x = value.at("len_x").get<std::vector<std::uint32_t>>();
    lex.len_y = value.at("len_y").get<std::vector<std::uint32_t>>();
    out.emplace(key, std::move(lex));
  }
  return out;
}

Json bundle_json(const Bundle& b) {
  Json tuples = Json::array();
  for (const Tuple& t : b.tuples) {
    Json members = Json::array();
    for (const SentenceRange& r : t.members) {
      members.push_back(r.begin);
      members.push_back(r.end);
    }
    tuples.push_back({std::move(members), t.confidence, t.pair_confidence});
  }
  return {{"pivot", b.pivot}, {"confidence", b.confidence}, {"tuples", std::move(tuples)}};
}

void bundle_from_json(const Json& j, Bundle& b) {
  b.pivot = j.at("pivot").get<std::size_t>();
  b.confidence = j.at("confidence").get<double>();
  b.tuples.clear();
  for (const Json& t : j.at("tuples")) {
    Tuple tuple;
    const Json& members = t.at(0);
    for (std::size_t k = 0; k + 1 < members.size(); k += 2)
      tuple.members.push_back(
          {members[k].get<std::uint32_t>(), members[k + 1].get<std::uint32_t>()});
    tuple.confidence = t.at(1).get<double>();
    tuple.pair_confidence = t.at(2).get<std::vector<float>>();
    b.tuples.push_back(std::move(tuple));
  }
}

// The documents a task reads, numbered in the task in corpus order.
class TaskDocs {
 public:
  explicit TaskDocs(std::vector<std::size_t> docs) : docs_(std::move(docs)) {
    std::sort(docs_.begin(), docs_.end());
    docs_.erase(std::unique(docs_.begin(), docs_.end()), docs_.end());
  }
  std::size_t local(std::size_t d) const {
    return static_cast<std::size_t>(std::lower_bound(docs_.begin(), docs_.end(), d) -
                                    docs_.begin());
  }
  Json refs(const std::vector<Prepared>& docs) const {
    Json out = Json::array();
    for (std::size_t d : docs_) {
      const Document& doc = docs[d].doc.document;
      out.push_back({doc.path, doc.lang, docs[d].hash});
    }
    return out;
  }

 private:
  std::vector<std::size_t> docs_;
};

// A task of `kind` over the pairs `which`: their documents and, numbered in
// the task, the pairs.
Json pair_task(std::string_view kind, const std::vector<PairWork>& pairs,
               const std::vector<std::size_t>& which, const std::vector<Prepared>& docs) {
  std::vector<std::size_t> named;
  for (std::size_t i : which) {
    named.push_back(pairs[i].a);
    named.push_back(pairs[i].b);
  }
  const TaskDocs td(std::move(named));
  Json local = Json::array();
  for (std::size_t i : which) {
    local.push_back(td.local(pairs[i].a));
    local.push_back(td.local(pairs[i].b));
  }
  return {{"kind", kind}, {"docs", td.refs(docs)}, {"pairs", std::move(local)}};
}

// The indices 0..n-1 in consecutive runs of about `budget` (cost(i) each;
// a run ends once it reaches the budget).
template <typename Cost>
std::vector<std::vector<std::size_t>> chunks(std::size_t n, std::uint64_t budget, Cost&& cost) {
  std::vector<std::vector<std::size_t>> out;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (out.empty() || sum >= budget) {
      out.emplace_back();
      sum = 0;
    }
    out.back().push_back(i);
    sum += cost(i);
  }
  return out;
}

// Pair work in tasks of about kTaskSentences.
std::vector<std::vector<std::size_t>> pair_chunks(const std::vector<PairWork>& pairs,
                                                  const std::vector<Prepared>& docs) {
  return chunks(pairs.size(), kTaskSentences, [&](std::size_t i) {
    return docs[pairs[i].a].doc.sentences.size() + docs[pairs[i].b].doc.sentences.size();
  });
}

std::vector<std::string> Remote::run(std::string name, std::string shared,
                                     std::vector<std::string> tasks, std::string follows) const {
  if (tasks.empty()) return {};
  const CorpusPhase phase{std::move(name), std::move(shared), std::move(tasks),
                          std::move(follows)};
  std::vector<std::string> results = executor_(phase);
  if (results.size() != phase.tasks.size()) {
    fail_input("CorpusExecutor", fmt::format("phase \"{}\": {} results for {} tasks", phase.name,
                                             results.size(), phase.tasks.size()));
  }
  return results;
}

void Remote::check(std::vector<PairWork>& pairs, std::vector<double>& score) const {
  const auto parts = pair_chunks(pairs, docs_);
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("check", pairs, part, docs_)));
  const std::vector<std::string> results = run("check", {}, std::move(tasks));
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k) {
      score[parts[t][k]] = r.at("scores").at(k).get<double>();
      pairs[parts[t][k]].first = alignment_from_json(r.at("firsts").at(k));
    }
  }
}

Lexicons Remote::learn(const std::vector<PairWork>& pairs,
                       const std::map<std::string, std::vector<std::size_t>>& groups) const {
  std::vector<std::string> tasks;
  for (const auto& [key, group] : groups) {
    Json task = pair_task("learn", pairs, group, docs_);
    Json firsts = Json::array();
    for (std::size_t i : group) firsts.push_back(alignment_json(pairs[i].first));
    task["firsts"] = std::move(firsts);
    tasks.push_back(encode(task));
  }
  const std::vector<std::string> results = run("learn", {}, std::move(tasks));
  Json all = Json::object();
  std::size_t t = 0;
  for (const auto& [key, group] : groups) all[key] = decode(results[t++], "corpus task result");
  return lexicons_from_json(all);
}

void Remote::recheck(const std::vector<PairWork>& pairs, const Lexicons& lexicons,
                     std::vector<double>& score, bool after_check) const {
  const auto parts = pair_chunks(pairs, docs_);  // as check() cut them
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("recheck", pairs, part, docs_)));
  const std::vector<std::string> results = run("recheck", encode(lexicons_json(lexicons)),
                                               std::move(tasks), after_check ? "check" : "");
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      score[parts[t][k]] = r.at("scores").at(k).get<double>();
  }
}

// Bundles in tasks of about kTaskSentences (a large bundle alone), in order.
std::vector<std::vector<std::size_t>> bundle_chunks(
    const std::vector<PairWork>& pairs, const std::vector<std::vector<std::size_t>>& pairs_of,
    const std::vector<Prepared>& docs) {
  return chunks(pairs_of.size(), kTaskSentences, [&](std::size_t b) {
    std::uint64_t sum = 0;
    for (std::size_t i : pairs_of[b])
      sum += docs[pairs[i].a].doc.sentences.size() + docs[pairs[i].b].doc.sentences.size();
    return sum;
  });
}

void Remote::estimate(std::vector<PairWork>& pairs,
                      const std::vector<std::vector<std::size_t>>& pairs_of) const {
  // A bundle's pairs in one task: its members are read and prepared once.
  std::vector<std::vector<std::size_t>> parts;
  for (const auto& group : bundle_chunks(pairs, pairs_of, docs_)) {
    parts.emplace_back();
    for (std::size_t b : group)
      parts.back().insert(parts.back().end(), pairs_of[b].begin(), pairs_of[b].end());
  }
  std::vector<std::string> tasks;
  for (const auto& part : parts) tasks.push_back(encode(pair_task("estimate", pairs, part, docs_)));
  const std::vector<std::string> results = run("estimate", {}, std::move(tasks));
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      pairs[parts[t][k]].first = alignment_from_json(r.at("firsts").at(k));
  }
}

void Remote::align(std::vector<Bundle>& bundles, const std::vector<PairWork>& pairs,
                   const std::vector<std::vector<std::size_t>>& pairs_of,
                   const std::vector<std::string>& keys, const Lexicons& lexicons) const {
  const auto parts = bundle_chunks(pairs, pairs_of, docs_);  // as estimate() cut them
  std::vector<std::string> tasks;
  for (const auto& part : parts) {
    Json list = Json::array();
    for (std::size_t b : part) {
      Json firsts = Json::array(), lexicon_keys = Json::array();
      for (std::size_t i : pairs_of[b]) {
        firsts.push_back(alignment_json(pairs[i].first));
        lexicon_keys.push_back(keys[i]);
      }
      list.push_back({{"id", bundles[b].id},
                      {"docs", TaskDocs(bundles[b].documents).refs(docs_)},
                      {"firsts", std::move(firsts)},
                      {"keys", std::move(lexicon_keys)}});
    }
    tasks.push_back(encode({{"kind", "align"}, {"bundles", std::move(list)}}));
  }
  const std::vector<std::string> results =
      run("align", encode(lexicons_json(lexicons)), std::move(tasks), "estimate");
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k)
      bundle_from_json(r.at("bundles").at(k), bundles[parts[t][k]]);
  }
}

// A file read_document() refused, with the reason (without the path the
// message starts with).
SkippedFile skipped_file(const std::string& path, std::string why) {
  const std::string prefix = path + ": ";
  if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
  return {path, std::move(why)};
}

// Reads and prepares one file for corpus mode; false (and `error`) for a
// file that is not UTF-8 text or cannot be read.
bool read_and_prepare(Prepared& p, const std::string& path, const CorpusOptions& options,
                      const Segmenter& neutral, std::string& error) {
  Document doc;
  try {
    doc = read_document(path, options.read);
  } catch (const std::exception& e) {
    // Not UTF-8 text, unreadable, too large: skipped, with the reason.
    error = e.what();
    return false;
  }
  doc.lang = "und";
  p.hash = content_hash(doc.text);
  try {
    prepare(p, std::move(doc), options.pipeline, neutral);
  } catch (const std::invalid_argument& e) {
    // Over a limit (SegmenterOptions::max_sentences): skipped too.
    error = e.what();
    return false;
  }
  return true;
}

}  // namespace

CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options) {
  const auto start = Clock::now();
  check_options(options);
  if (paths.empty()) fail_input("corpus", "no input path given");
  const std::vector<std::string> files = find_corpus_files(paths, options);
  std::vector<Prepared> docs(files.size());
  const Segmenter neutral;  // language-neutral sentences for identification
  std::vector<std::string> errors(files.size());
  std::vector<std::uint8_t> ok(files.size(), 0);
  const auto report = [&](double f) {
    if (options.progress) options.progress("read", f);
  };
  parallel_for(
      files.size(), worker_count(options.threads),
      [&](std::size_t i) {
        ok[i] = read_and_prepare(docs[i], files[i], options, neutral, errors[i]);
      },
      report);
  std::vector<Prepared> kept;
  std::vector<SkippedFile> skipped;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (ok[i]) {
      kept.push_back(std::move(docs[i]));
    } else {
      skipped.push_back(skipped_file(files[i], std::move(errors[i])));
    }
  }
  return run_corpus(std::move(kept), std::move(skipped), options, start);
}

CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options,
                          const CorpusExecutor& executor) {
  const auto start = Clock::now();
  check_options(options);
  if (paths.empty()) fail_input("corpus", "no input path given");
  if (!executor) fail_input("corpus", "no executor given");
  const std::vector<std::string> files = find_corpus_files(paths, options);
  const auto parts = chunks(files.size(), kTaskBytes, [&](std::size_t i) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(files[i], ec);
    return ec ? std::uint64_t{0} : static_cast<std::uint64_t>(size);
  });
  CorpusPhase read{"read", {}, {}, {}};
  for (const auto& part : parts) {
    Json names = Json::array();
    for (std::size_t i : part) names.push_back(files[i]);
    read.tasks.push_back(encode({{"kind", "read"}, {"paths", std::move(names)}}));
  }
  if (options.progress) options.progress("read", 0);
  const std::vector<std::string> results =
      read.tasks.empty() ? std::vector<std::string>{} : executor(read);
  if (results.size() != read.tasks.size()) {
    fail_input("CorpusExecutor", fmt::format("phase \"read\": {} results for {} tasks",
                                             results.size(), read.tasks.size()));
  }
  std::vector<Prepared> docs;
  std::vector<SkippedFile> skipped;
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const Json r = decode(results[t], "corpus task result");
    for (std::size_t k = 0; k < parts[t].size(); ++k) {
      const std::string& path = files[parts[t][k]];
      const Json& e = r.at("docs").at(k);
      if (e.contains("error")) {
        skipped.push_back(skipped_file(path, e.at("error").get<std::string>()));
        continue;
      }
      Prepared p;
      Document& doc = p.doc.document;
      doc.path = path;
      doc.lang = e.at("lang").get<std::string>();
      doc.text = e.at("text").get<std::string>();
      doc.content_start = e.at("start").get<std::uint64_t>();
      const Json& sentences = e.at("sentences");
      for (std::size_t i = 0; i + 3 < sentences.size(); i += 4) {
        p.doc.sentences.push_back({{sentences[i].get<std::uint64_t>(),
                                    sentences[i + 1].get<std::uint64_t>()},
                                   sentences[i + 2].get<std::uint32_t>(),
                                   sentences[i + 3].get<std::uint32_t>()});
      }
      p.keys = e.at("keys").get<std::vector<std::string>>();
      p.length = e.at("length").get<std::uint64_t>();
      p.hash = e.at("hash").get<std::uint64_t>();
      docs.push_back(std::move(p));
    }
  }
  return run_corpus(std::move(docs), std::move(skipped), options, start, &executor);
}

// ------------------------------------------------------------- the runner

namespace {

// Prepared documents and pair evidence a runner keeps, least recently used
// dropped first beyond a budget of (estimated) bytes.
template <typename T>
class KeptItems {
 public:
  explicit KeptItems(std::size_t budget) : budget_(budget) {}

  void put(const std::string& key, std::shared_ptr<T> item, std::size_t size) {
    take(key);
    lru_.push_front({key, std::move(item), size});
    index_[key] = lru_.begin();
    bytes_ += size;
    while (bytes_ > budget_ && lru_.size() > 1) {
      bytes_ -= lru_.back().bytes;
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }
  // The item (marked as just used), or null.
  std::shared_ptr<T> get(const std::string& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->item;
  }
  // The item, no longer kept, or null.
  std::shared_ptr<T> take(const std::string& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    std::shared_ptr<T> item = std::move(it->second->item);
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
    return item;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<T> item;
    std::size_t bytes;
  };
  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace

struct CorpusTaskRunner::Impl {
  Impl(CorpusOptions o, std::string dir, std::size_t budget)
      : options(std::move(o)),
        bundle_dir(std::move(dir)),
        aligner(single_threaded(options.pipeline.aligner)),
        documents_kept(budget),
        evidence_kept(budget) {
    options.progress = nullptr;
    options.pipeline.progress = nullptr;
  }

  static AlignerOptions single_threaded(AlignerOptions ao) {
    ao.threads = 1;  // as in align_corpus(): tasks run side by side instead
    ao.progress = nullptr;
    return ao;
  }

  // The documents a task names, numbered as there, and their identities.
  struct Named {
    DocTable docs;
    std::vector<std::string> keys;  // path, language, content hash
  };

  static std::string document_key(const std::string& path, const std::string& lang,
                                   std::uint64_t hash) {
    return fmt::format("{}\n{}\n{:016x}", path, lang, hash);
  }

  // A document a task names, kept or read and prepared.
  std::shared_ptr<const Prepared> document(const std::string& path, const std::string& lang,
                                           std::uint64_t hash) const {
    const std::string key = document_key(path, lang, hash);
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto kept = documents_kept.get(key)) return kept;
    }
    Document doc = read_document(path, options.read);
    if (content_hash(doc.text) != hash)
      fail_io(path, "changed since corpus mode read it (files must not change during a run)");
    doc.lang = lang;
    auto p = std::make_shared<Prepared>();
    p->hash = hash;
    prepare(*p, std::move(doc), options.pipeline, neutral);
    keep(key, p);
    return p;
  }

  void keep(const std::string& key, std::shared_ptr<const Prepared> p) const {
    const std::size_t size = approx_bytes(*p);
    std::lock_guard<std::mutex> lock(mutex);
    ++stats.documents_prepared;
    documents_kept.put(key, std::move(p), size);
  }

  // Memory of a prepared document, roughly (its largest arrays).
  static std::size_t approx_bytes(const Prepared& p) {
    const DocumentFeatures& f = p.features;
    std::size_t n = p.doc.document.text.size() + p.doc.sentences.size() * sizeof(Sentence) +
                    (f.lengths.size() + f.paragraphs.size() + f.anchor_offsets.size() +
                     f.words.size() + f.word_offsets.size()) *
                        sizeof(std::uint32_t) +
                    f.foreign.size() + f.anchors.size() * sizeof(AnchorRef);
    for (const AnchorKey& k : f.anchor_keys) n += sizeof(AnchorKey) + k.text.size();
    for (const std::string& w : f.vocabulary) n += sizeof(std::string) + w.size();
    for (const std::string& k : p.keys) n += sizeof(std::string) + k.size();
    return n;
  }

  Named documents(const Json& refs) const {
    std::vector<std::shared_ptr<const Prepared>> docs;
    std::vector<std::string> keys;
    for (const Json& r : refs) {
      const auto path = r.at(0).get<std::string>();
      const auto lang = r.at(1).get<std::string>();
      const auto hash = r.at(2).get<std::uint64_t>();
      docs.push_back(document(path, lang, hash));
      keys.push_back(document_key(path, lang, hash));
    }
    return {DocTable(std::move(docs)), std::move(keys)};
  }

  // A pair's evidence: kept by an earlier task (CorpusPhase::follows) or
  // built. Only with anchors (else there is none).
  void evidence(PairWork& p, const Named& named) const {
    const PipelineOptions& po = options.pipeline;
    if (!po.anchors) return;
    std::shared_ptr<PairEvidence> kept;
    {
      std::lock_guard<std::mutex> lock(mutex);
      kept = evidence_kept.take(named.keys[p.a] + '\t' + named.keys[p.b]);
      ++(kept ? stats.evidence_reused : stats.evidence_built);
    }
    if (kept) {
      p.evidence = std::move(*kept);
    } else {
      build_evidence(p, named.docs, po);
    }
  }

  // Keeps a pair's evidence for the task of the following phase.
  void keep_evidence(PairWork& p, const Named& named) const {
    if (!options.pipeline.anchors) return;
    const std::size_t size =
        p.evidence.nonzeros() * (sizeof(std::uint32_t) + sizeof(PairEvidence::Shared)) +
        (named.docs[p.a].doc.sentences.size() + named.docs[p.b].doc.sentences.size()) * 64;
    auto kept = std::make_shared<PairEvidence>(std::move(p.evidence));
    std::lock_guard<std::mutex> lock(mutex);
    evidence_kept.put(named.keys[p.a] + '\t' + named.keys[p.b], std::move(kept), size);
  }

  // The lexicons a phase shares, decoded once per phase.
  std::shared_ptr<const Lexicons> lexicons(std::string_view bytes) const {
    const std::uint64_t h = content_hash(bytes);
    std::lock_guard<std::mutex> lock(mutex);
    if (!shared_lexicons || shared_hash != h || shared_size != bytes.size()) {
      shared_lexicons = std::make_shared<const Lexicons>(
          lexicons_from_json(decode(bytes, "corpus phase data")));
      shared_hash = h;
      shared_size = bytes.size();
    }
    return shared_lexicons;
  }

  static std::vector<PairWork> task_pairs(const Json& task) {
    const Json& local = task.at("pairs");
    std::vector<PairWork> pairs(local.size() / 2);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      pairs[i].a = local.at(2 * i).get<std::size_t>();
      pairs[i].b = local.at(2 * i + 1).get<std::size_t>();
    }
    return pairs;
  }

  Json read(const Json& task) const {
    Json out = Json::array();
    for (const Json& name : task.at("paths")) {
      const std::string path = name.get<std::string>();
      auto p = std::make_shared<Prepared>();
      std::string error;
      if (!read_and_prepare(*p, path, options, neutral, error)) {
        out.push_back({{"error", error}});
        continue;
      }
      Json sentences = Json::array();
      for (const Sentence& s : p->doc.sentences) {
        sentences.push_back(s.span.start);
        sentences.push_back(s.span.end);
        sentences.push_back(s.paragraph);
        sentences.push_back(s.length);
      }
      const Document& doc = p->doc.document;
      out.push_back({{"lang", doc.lang},
                     {"hash", p->hash},
                     {"start", doc.content_start},
                     {"text", doc.text},
                     {"sentences", std::move(sentences)},
                     {"keys", p->keys},
                     {"length", p->length}});
      const std::string key = document_key(path, doc.lang, p->hash);
      keep(key, std::move(p));
    }
    return {{"docs", std::move(out)}};
  }

  Json run(std::string_view shared, const Json& task) const {
    const std::string kind = task.at("kind").get<std::string>();
    if (kind == "read") return read(task);
    if (kind == "align") return align(shared, task);
    const PipelineOptions& po = options.pipeline;
    const Named named = documents(task.at("docs"));
    const DocTable& docs = named.docs;
    if (kind == "check" || kind == "recheck" || kind == "estimate") {
      std::vector<PairWork> pairs = task_pairs(task);
      std::shared_ptr<const Lexicons> lex;
      if (kind == "recheck") lex = lexicons(shared);
      const Lexicon none;
      Json scores = Json::array(), firsts = Json::array();
      for (PairWork& p : pairs) {
        if (kind == "check") {
          scores.push_back(check_pair(p, docs, options, aligner));
          firsts.push_back(alignment_json(p.first));
          keep_evidence(p, named);
        } else if (kind == "recheck") {
          evidence(p, named);
          const auto it = lex->find(language_pair(p, docs));
          apply_lexicon(p, it != lex->end() ? it->second : none, docs, po, false);
          scores.push_back(recheck_pair(p, docs, options, aligner));
        } else {
          estimate_pair(p, docs, po, aligner);
          firsts.push_back(alignment_json(p.first));
          keep_evidence(p, named);
        }
      }
      return {{"scores", std::move(scores)}, {"firsts", std::move(firsts)}};
    }
    if (kind == "learn") {
      std::vector<PairWork> pairs = task_pairs(task);
      for (std::size_t i = 0; i < pairs.size(); ++i)
        pairs[i].first = alignment_from_json(task.at("firsts").at(i));
      std::vector<std::size_t> group(pairs.size());
      std::iota(group.begin(), group.end(), 0);
      Lexicons one;
      one.emplace("", learn_lexicon(pairs, group, docs, po));
      return lexicons_json(one).at("");
    }
    fail_input("corpus task", fmt::format("unknown kind \"{}\"", kind));
  }

  Json align(std::string_view shared, const Json& task) const {
    Json out = Json::array();
    for (const Json& b : task.at("bundles")) out.push_back(align_bundle(shared, b));
    return {{"bundles", std::move(out)}};
  }

  // One bundle, members numbered 0..m-1: the final pass of every pair, the
  // tuples, and the bundle's alignment.jsonl if asked.
  Json align_bundle(std::string_view shared, const Json& task) const {
    const PipelineOptions& po = options.pipeline;
    const Named named = documents(task.at("docs"));
    const DocTable& docs = named.docs;
    const bool learning = po.anchors && po.word_links;
    std::shared_ptr<const Lexicons> lex;
    if (learning) lex = lexicons(shared);
    const Lexicon none;
    const std::size_t m = docs.size();
    std::vector<PairAlignment> finals;
    std::size_t i = 0;
    for (std::size_t k = 0; k < m; ++k) {
      for (std::size_t l = k + 1; l < m; ++l, ++i) {
        PairWork p;
        p.a = k;
        p.b = l;
        p.first = alignment_from_json(task.at("firsts").at(i));
        evidence(p, named);
        if (learning) {
          const auto it = lex->find(task.at("keys").at(i).get<std::string>());
          apply_lexicon(p, it != lex->end() ? it->second : none, docs, po,
                        options.corpus_learning);
        }
        finals.push_back(final_pair(p, docs, po, aligner));
      }
    }
    std::vector<std::size_t> sizes;
    for (std::size_t k = 0; k < m; ++k) sizes.push_back(docs[k].doc.sentences.size());
    Bundle bundle;
    bundle.id = task.at("id").get<std::string>();
    make_tuples(bundle, sizes, std::move(finals), options);
    if (!bundle_dir.empty()) {
      // The bundle's file, from a result that holds only its members.
      CorpusResult members;
      for (std::size_t k = 0; k < m; ++k) {
        members.documents.push_back(docs[k].doc);
        bundle.documents.push_back(k);
      }
      write_bundle_file(members, bundle, bundle_dir);
    }
    return bundle_json(bundle);
  }

  CorpusOptions options;
  std::string bundle_dir;
  Aligner aligner;
  Segmenter neutral;  // language-neutral sentences for identification

  mutable std::mutex mutex;  // guards everything below
  mutable KeptItems<const Prepared> documents_kept;
  mutable KeptItems<PairEvidence> evidence_kept;  // by pair, until its next phase reads it
  mutable Stats stats;
  mutable std::shared_ptr<const Lexicons> shared_lexicons;
  mutable std::uint64_t shared_hash = 0;
  mutable std::size_t shared_size = 0;
};

CorpusTaskRunner::CorpusTaskRunner(CorpusOptions options, std::string bundle_dir,
                                   std::size_t cache_bytes) {
  check_options(options);
  impl_ = std::make_unique<Impl>(std::move(options), std::move(bundle_dir), cache_bytes);
}

CorpusTaskRunner::~CorpusTaskRunner() = default;

std::string CorpusTaskRunner::run(std::string_view shared, std::string_view task) const {
  const Json t = decode(task, "corpus task");
  try {
    return encode(impl_->run(shared, t));
  } catch (const Json::exception& e) {
    fail_input("corpus task", fmt::format("malformed ({})", e.what()));
  }
}

CorpusTaskRunner::Stats CorpusTaskRunner::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->stats;
}

CorpusResult align_corpus(std::vector<Document> documents, const CorpusOptions& options) {
  const auto start = Clock::now();
  check_options(options);
  std::sort(documents.begin(), documents.end(),
            [](const Document& a, const Document& b) { return a.path < b.path; });
  for (std::size_t i = 1; i < documents.size(); ++i) {
    if (documents[i].path == documents[i - 1].path)
      fail_input(documents[i].path, "the same path given for two documents");
  }
  std::vector<Prepared> docs(documents.size());
  const Segmenter neutral;  // language-neutral sentences for identification
  parallel_for(
      documents.size(), worker_count(options.threads),
      [&](std::size_t i) {
        Document doc = std::move(documents[i]);
        doc.lang = normalize_language_code(doc.lang);
        prepare(docs[i], std::move(doc), options.pipeline, neutral);
      },
      [&](double f) {
        if (options.progress) options.progress("read", f);
      });
  return run_corpus(std::move(docs), {}, options, start);
}

}  // namespace polyalign
