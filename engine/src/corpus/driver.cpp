#include "corpus/driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "corpus/bundling.h"
#include "corpus/candidates.h"
#include "corpus/checkpoint.h"
#include "corpus/lexicon.h"
#include "corpus/pair_work.h"
#include "corpus/remote.h"
#include "corpus/third_versions.h"
#include "corpus/tuples.h"
#include "corpus/verify.h"
#include "polyalign/common.h"
#include "util/parallel.h"

namespace polyalign::corpus {

namespace {

// The sample of the pooled bead models (corpus/pooled_fit.h): only where
// pairs pool what they learn by language pair.
std::size_t pooled_fit_sentences(const CorpusOptions& options) {
  return options.corpus_learning ? options.pooled_fit_sentences : 0;
}

// progress(stage, fraction) of `options` as a function of the fraction.
Progress reporter(const CorpusOptions& options, std::string_view stage) {
  return [&options, stage](double f) {
    if (options.progress) options.progress(stage, f);
  };
}

// Verifies `cands` (progress from `from` to `to`) into result.checks and
// `done`.
void check_batch(const std::vector<Candidate>& cands, Verifier& verifier, double from, double to,
                 std::set<std::pair<std::size_t, std::size_t>>& done, CorpusResult& result) {
  if (cands.empty()) return;
  const std::vector<double> scores = verifier.score(cands, from, to);
  for (std::size_t i = 0; i < cands.size(); ++i) {
    result.checks.push_back({cands[i].a, cands[i].b, cands[i].score, scores[i]});
    done.insert({cands[i].a, cands[i].b});
  }
}

// The first candidate search, with the pairs the index decides left out
// (IndexDecision): the others are verified; then the deferred pairs of a
// slot whose best candidate failed verification are, after all. Returns
// the pairs left out.
std::vector<Candidate> first_search(const std::vector<Candidate>& scored,
                                    const std::vector<Prepared>& docs, const CorpusOptions& options,
                                    Verifier& verifier,
                                    std::set<std::pair<std::size_t, std::size_t>>& done,
                                    CorpusResult& result) {
  const std::vector<std::uint8_t> serve(docs.size(), 1);
  const std::vector<Candidate> cands =
      select_candidates(scored, docs, options.candidates_per_language, serve, done);
  const double ratio = decisive_ratio(scored, docs, options.index_decisive_level);
  result.stats.decisive_ratio = ratio;
  const IndexDecision decision =
      decide_by_index(scored, cands, docs, options.candidates_per_language, ratio);
  std::vector<Candidate> now, deferred;
  for (std::size_t i = 0; i < cands.size(); ++i)
    (decision.deferred[i] ? deferred : now).push_back(cands[i]);
  check_batch(now, verifier, 0.0, 0.75, done, result);
  std::set<std::pair<std::size_t, std::size_t>> failed;
  for (const PairCheck& c : result.checks) {
    if (c.score < options.min_pair_score) failed.insert({c.a, c.b});
  }
  std::vector<Candidate> after_all;
  for (std::size_t k = 0; k < deferred.size(); ++k) {
    for (const auto& top : decision.depends_on[k]) {
      if (failed.count(top)) {
        after_all.push_back(deferred[k]);
        break;
      }
    }
  }
  check_batch(after_all, verifier, 0.75, 0.8, done, result);
  return deferred;
}

// Stages 2 and 3: candidates and their verification, into result.checks
// and the stats; then a wider search for the documents still without a
// verified partner (an article with few numbers and names among many on
// its topic ranks its translations low), which aligns every pair it
// selects, those the index decided before included. The documents' index
// keys are freed once scored.
void verify_candidates(std::vector<Prepared>& docs, const CorpusOptions& options,
                       Verifier& verifier, CorpusResult& result) {
  const std::size_t n = docs.size();
  reporter(options, "candidates")(0);
  const std::vector<Candidate> scored = score_candidates(docs, options);
  for (Prepared& p : docs) p.keys = std::vector<std::string>();
  reporter(options, "candidates")(1);
  std::set<std::pair<std::size_t, std::size_t>> done;
  const std::vector<Candidate> deferred =
      first_search(scored, docs, options, verifier, done, result);
  if (options.retry_candidates_per_language > options.candidates_per_language) {
    std::vector<std::uint8_t> serve(n, 1);
    for (const PairCheck& c : result.checks) {
      if (c.score >= options.min_pair_score) serve[c.a] = serve[c.b] = 0;
    }
    const std::vector<Candidate> cands =
        select_candidates(scored, docs, options.retry_candidates_per_language, serve, done);
    check_batch(cands, verifier, 0.8, 1.0, done, result);
  }
  for (const Candidate& c : deferred) result.stats.decided_pairs += !done.count({c.a, c.b});
  std::sort(result.checks.begin(), result.checks.end(), [](const PairCheck& x, const PairCheck& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
}

// Stages 2 and 3, or their result as an interrupted run saved it.
void check_candidates(std::vector<Prepared>& docs, const CorpusOptions& options,
                      Verifier& verifier, CorpusResult& result) {
  CorpusCheckpoint* cp = options.checkpoint.get();
  if (cp && load_checks(*cp, docs.size(), result.checks, result.stats)) {
    reporter(options, "verify")(1);
  } else {
    verify_candidates(docs, options, verifier, result);
    if (cp) save_checks(*cp, result.checks, result.stats, docs.size());
  }
  result.stats.candidate_pairs = result.checks.size();
  for (const PairCheck& c : result.checks)
    result.stats.verified_pairs += c.score >= options.min_pair_score;
  for (Prepared& p : docs) p.keys = std::vector<std::string>();  // also when loaded
}

// What only the pairs read of a document (its features), freed for the
// documents left out of every bundle, whose pairs are all checked.
void free_unbundled(std::vector<Prepared>& docs, const CorpusResult& result) {
  for (const UnmatchedDocument& u : result.unmatched) docs[u.document].features = DocumentFeatures();
}

// Stage 4: the bundles of result.checks (ids, members, join evidence; no
// tuples yet), and the documents left out.
void bundle_documents(const std::vector<Prepared>& docs, const CorpusOptions& options,
                      CorpusResult& result) {
  std::vector<double> weakest;
  const std::vector<std::vector<std::size_t>> groups = make_bundles(
      docs, result.checks, options.min_pair_score, options.neutral_pair_score, weakest);
  std::vector<std::uint8_t> bundled(docs.size(), 0);
  for (const auto& g : groups) {
    for (std::size_t d : g) bundled[d] = 1;
  }
  const std::vector<std::size_t> best = best_checks(docs.size(), result.checks);
  for (std::size_t d = 0; d < docs.size(); ++d) {
    if (!bundled[d])
      result.unmatched.push_back(
          {d, unmatched_reason(d, docs, result.checks, best, options.min_pair_score)});
  }
  result.bundles.resize(groups.size());
  for (std::size_t b = 0; b < groups.size(); ++b) {
    Bundle& out = result.bundles[b];
    out.id = fmt::format("bundle-{:04d}", b + 1);
    out.documents = groups[b];
    out.join_evidence = weakest[b];
  }
}

// Every pair of members of every bundle, bundle by bundle in pair_index()
// order; of_bundle[b]: the pairs of bundle b.
struct BundlePairs {
  std::vector<PairWork> pairs;
  std::vector<std::vector<std::size_t>> of_bundle;
  std::vector<std::size_t> all;  // 0..pairs.size()-1

  explicit BundlePairs(const std::vector<Bundle>& bundles) : of_bundle(bundles.size()) {
    for (std::size_t b = 0; b < bundles.size(); ++b) {
      const std::vector<std::size_t>& members = bundles[b].documents;
      for (std::size_t k = 0; k < members.size(); ++k) {
        for (std::size_t l = k + 1; l < members.size(); ++l) {
          PairWork p;
          p.a = members[k];
          p.b = members[l];
          of_bundle[b].push_back(pairs.size());
          pairs.push_back(std::move(p));
        }
      }
    }
    all.resize(pairs.size());
    std::iota(all.begin(), all.end(), 0);
  }
};

// Stage 5 with the pair work run as tasks elsewhere.
void align_bundles_remotely(BundlePairs& bp, const Remote& remote, const DocTable& table,
                            const CorpusOptions& options, CorpusResult& result) {
  const PipelineOptions& po = options.pipeline;
  reporter(options, "estimate")(0);
  remote.estimate(bp.pairs, bp.of_bundle);
  Lexicons lexicons;
  std::vector<std::string> keys(bp.pairs.size());
  if (po.anchors && po.word_links) {
    reporter(options, "learn")(0);
    lexicons = remote.learn(bp.pairs,
                            lexicon_groups(bp.pairs, bp.all, table, options.corpus_learning),
                            pooled_fit_sentences(options));
    for (std::size_t i = 0; i < bp.pairs.size(); ++i)
      keys[i] = lexicon_key(bp.pairs, i, table, options.corpus_learning);
  }
  reporter(options, "align")(0);
  remote.align(result.bundles, bp.pairs, bp.of_bundle, keys, lexicons);
  reporter(options, "align")(1);
}

// Bundles an earlier run aligned (loaded from the checkpoint), and the
// pairs of the others, in order.
std::vector<std::size_t> pending_pairs(const BundlePairs& bp, const std::vector<Prepared>& docs,
                                       const CorpusOptions& options, CorpusResult& result) {
  std::vector<std::size_t> pending;
  for (std::size_t b = 0; b < result.bundles.size(); ++b) {
    if (options.checkpoint && load_bundle(*options.checkpoint, result.bundles[b], docs)) continue;
    pending.insert(pending.end(), bp.of_bundle[b].begin(), bp.of_bundle[b].end());
  }
  return pending;
}

// Bundle b's tuples from its pairs' final alignments (moved out of
// `finals`), then handed to the checkpoint, if any, and saved. Its
// members' features are freed: no other pair reads them (a document is in
// one bundle at most).
void finish_bundle(std::size_t b, const BundlePairs& bp, std::vector<PairAlignment>& finals,
                   std::vector<FinalInputs>& inputs, std::vector<Prepared>& docs,
                   const PairRecipe& recipe, const CorpusOptions& options,
                   CorpusResult& result) {
  Bundle& bundle = result.bundles[b];
  std::vector<std::size_t> sizes;
  std::vector<const DocumentFeatures*> members;
  for (std::size_t d : bundle.documents) {
    sizes.push_back(docs[d].doc.sentences.size());
    members.push_back(&docs[d].features);
  }
  std::vector<PairAlignment> direct;
  std::vector<FinalInputs> read;
  for (std::size_t i : bp.of_bundle[b]) {
    direct.push_back(std::move(finals[i]));
    read.push_back(std::move(inputs[i]));
  }
  align_with_third_versions(direct, read, members, recipe, options);
  read.clear();
  make_tuples(bundle, sizes, std::move(direct), options);
  if (CorpusCheckpoint* cp = options.checkpoint.get()) {
    const auto [members, alone] = bundle_alone(bundle, docs);
    cp->bundle_aligned(members, alone);
    save_bundle(*cp, bundle, docs);
  }
  for (std::size_t d : bundle.documents) docs[d].features = DocumentFeatures();
}

// Stage 5 in this process: an estimation pass for every pair; word links
// (and with corpus learning one length model per language pair) learned
// from those passes; the final pass; the tuples of every bundle, built as
// soon as its last pair is done. With a checkpoint, bundles an earlier run
// aligned are loaded instead, and so are the lexicons (then only the
// pairs left are estimated).
void align_bundles_here(BundlePairs& bp, std::vector<Prepared>& docs,
                        const DocTable& table, const PairRecipe& recipe,
                        const CorpusOptions& options, unsigned threads, CorpusResult& result) {
  const PipelineOptions& po = options.pipeline;
  std::vector<PairWork>& pairs = bp.pairs;
  CorpusCheckpoint* cp = options.checkpoint.get();
  const std::vector<std::size_t> pending = pending_pairs(bp, docs, options, result);
  const bool learning = po.anchors && po.word_links;
  std::optional<Lexicons> lexicons;
  if (learning && cp) lexicons = load_lexicons(*cp);
  // Learning reads every pair's estimation pass.
  const std::vector<std::size_t>& estimated = learning && !lexicons ? bp.all : pending;
  EvidenceBudget budget(kept_evidence_bytes(options));
  util::parallel_for(
      estimated.size(), threads,
      [&](std::size_t k) {
        estimate_pair(pairs[estimated[k]], table, recipe);
        budget.keep_or_drop(pairs[estimated[k]]);
      },
      reporter(options, "estimate"));
  if (learning) {
    const Progress learn = reporter(options, "learn");
    if (!lexicons) {
      lexicons = learn_lexicons(pairs, bp.all, table, recipe, options.corpus_learning, threads,
                                [&](double f) { learn(0.5 * f); }, pooled_fit_sentences(options));
      if (cp) save_lexicons(*cp, *lexicons);
    }
    std::vector<std::uint8_t> wanted(pairs.size(), 0);
    for (std::size_t i : pending) wanted[i] = 1;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (!wanted[i]) pairs[i] = PairWork();  // of a bundle already aligned: taught, done
    }
    learn(1);
  }
  // Each pair's word links are applied just before its final pass, which
  // frees them (and its known links) as the run goes.
  std::optional<LexiconApplier> applier;
  if (learning)
    applier.emplace(*lexicons, table, recipe, options.corpus_learning, options.corpus_learning);
  std::vector<std::size_t> bundle_of(pairs.size());
  std::vector<std::atomic<std::size_t>> left(result.bundles.size());
  for (std::size_t b = 0; b < bp.of_bundle.size(); ++b) {
    for (std::size_t i : bp.of_bundle[b]) bundle_of[i] = b;
  }
  for (std::size_t i : pending) ++left[bundle_of[i]];
  std::vector<PairAlignment> finals(pairs.size());
  // What the final passes read, for the rounds with the third versions.
  // (kept only for the pairs of bundles that have such rounds).
  std::vector<FinalInputs> inputs(pairs.size());
  std::vector<std::uint8_t> keep(pairs.size(), 0);
  for (std::size_t b = 0; b < bp.of_bundle.size(); ++b) {
    if (!uses_third_versions(result.bundles[b].documents.size(), options, po)) continue;
    for (std::size_t i : bp.of_bundle[b]) keep[i] = 1;
  }
  util::parallel_for(
      pending.size(), threads,
      [&](std::size_t k) {
        const std::size_t i = pending[k];
        ensure_evidence(pairs[i], table, recipe);
        if (applier) applier->apply(pairs, i);
        finals[i] = final_pair(pairs[i], table, recipe, keep[i] ? &inputs[i] : nullptr);
        // The bundle's last pair builds its tuples: its alignments are
        // freed as the run goes, not held to the end.
        if (--left[bundle_of[i]] == 0)
          finish_bundle(bundle_of[i], bp, finals, inputs, docs, recipe, options, result);
      },
      reporter(options, "align"));
}

}  // namespace

CorpusResult run_corpus(std::vector<Prepared> docs, std::vector<SkippedFile> skipped,
                        const CorpusOptions& options, Clock::time_point start,
                        const CorpusExecutor* executor) {
  const unsigned threads = util::resolve_threads(options.threads);
  CorpusResult result;
  result.skipped = std::move(skipped);
  for (const Prepared& p : docs) {
    result.stats.bytes += p.doc.document.text.size();
    result.stats.sentences += p.doc.sentences.size();
  }
  const Aligner aligner(pair_aligner_options(options.pipeline));
  const PairRecipe recipe(options.pipeline, aligner);
  const DocTable table(docs);
  std::optional<Remote> remote;
  if (executor) remote.emplace(*executor, docs);
  if (executor && options.checkpoint)
    fail_input("CorpusOptions::checkpoint", "not supported with an executor");

  Verifier verifier(table, options, recipe, threads, remote ? &*remote : nullptr);
  check_candidates(docs, options, verifier, result);
  bundle_documents(docs, options, result);
  BundlePairs bp(result.bundles);
  if (!remote) free_unbundled(docs, result);
  if (remote) {
    align_bundles_remotely(bp, *remote, table, options, result);
  } else {
    align_bundles_here(bp, docs, table, recipe, options, threads, result);
  }

  result.documents.reserve(docs.size());
  for (Prepared& p : docs) result.documents.push_back(std::move(p.doc));
  result.stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

void check_options(const CorpusOptions& o) {
  if (o.memory_limit < (std::size_t{16} << 20))
    fail_input("CorpusOptions::memory_limit",
               fmt::format("must be at least 16 MiB, got {} bytes", o.memory_limit));
  if (!(o.max_key_share > 0 && o.max_key_share <= 1))
    fail_input("CorpusOptions::max_key_share", "must be in (0, 1]");
  if (o.max_key_documents == 0)
    fail_input("CorpusOptions::max_key_documents", "must be at least 1");
  if (o.candidates_per_language == 0)
    fail_input("CorpusOptions::candidates_per_language", "must be at least 1");
  if (o.retry_candidates_per_language > 1000)
    fail_input("CorpusOptions::retry_candidates_per_language", "must be at most 1000");
  if (!(o.max_length_ratio >= 1)) fail_input("CorpusOptions::max_length_ratio", "must be >= 1");
  if (!(o.index_decisive_level >= 0 && o.index_decisive_level < 1))
    fail_input("CorpusOptions::index_decisive_level", "must be in [0, 1)");
  if (!(o.min_pair_score >= 0 && o.min_pair_score <= 1))
    fail_input("CorpusOptions::min_pair_score", "must be in [0, 1]");
  if (!(o.neutral_pair_score >= 0 && o.neutral_pair_score < o.min_pair_score))
    fail_input("CorpusOptions::neutral_pair_score", "must be in [0, min_pair_score)");
  if (!(o.verify_bead_confidence >= 0 && o.verify_bead_confidence <= 1))
    fail_input("CorpusOptions::verify_bead_confidence", "must be in [0, 1]");
  if (!(o.verify_full_evidence > 0))
    fail_input("CorpusOptions::verify_full_evidence", "must be > 0");
  if (!(o.third_version_confidence >= 0 && o.third_version_confidence <= 1))
    fail_input("CorpusOptions::third_version_confidence", "must be in [0, 1]");
  if (!(o.verify_prior_sentences >= 0))
    fail_input("CorpusOptions::verify_prior_sentences", "must be >= 0");
}

}  // namespace polyalign::corpus
