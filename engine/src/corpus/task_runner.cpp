// The worker's side of corpus mode on many machines (CorpusTaskRunner,
// polyalign/corpus.h): decodes a task (corpus/task_codec.h), runs the same
// pair work align_corpus() runs in process (corpus/pair_work.h,
// corpus/lexicon.h, corpus/tuples.h), and encodes the result. Keeps
// prepared documents and pair evidence between tasks, within a budget.
#include <fmt/format.h>

#include <list>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corpus/documents.h"
#include "corpus/driver.h"
#include "corpus/lexicon.h"
#include "corpus/pair_work.h"
#include "corpus/task_codec.h"
#include "corpus/third_versions.h"
#include "corpus/tuples.h"
#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"
#include "polyalign/io.h"

namespace polyalign {

using namespace corpus;  // the stages the runner runs

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
        aligner(corpus::pair_aligner_options(options.pipeline)),
        recipe(options.pipeline, aligner),
        documents_kept(budget),
        evidence_kept(budget) {
    options.progress = nullptr;
    options.pipeline.progress = nullptr;
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
      build_evidence(p, named.docs, recipe);
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
      out.push_back(prepared_json(*p));
      const std::string key = document_key(path, p->doc.document.lang, p->hash);
      keep(key, std::move(p));
    }
    return {{"docs", std::move(out)}};
  }

  Json run(std::string_view shared, const Json& task) const {
    const std::string kind = task.at("kind").get<std::string>();
    if (kind == "read") return read(task);
    if (kind == "align") return align(shared, task);
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
          scores.push_back(check_pair(p, docs, options, recipe));
          firsts.push_back(alignment_json(p.first));
          keep_evidence(p, named);
        } else if (kind == "recheck") {
          evidence(p, named);
          const auto it = lex->find(language_pair(p, docs));
          apply_lexicon(p, it != lex->end() ? it->second : none, docs, recipe, false);
          scores.push_back(recheck_pair(p, docs, options, recipe));
        } else {
          estimate_pair(p, docs, recipe);
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
      one.emplace("", learn_lexicon(pairs, group, docs, recipe,
                                    task.value("fit_sentences", std::size_t{0})));
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
    const bool third = uses_third_versions(m, options, po);
    std::vector<FinalInputs> inputs(third ? m * (m - 1) / 2 : 0);
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
          apply_lexicon(p, it != lex->end() ? it->second : none, docs, recipe,
                        options.corpus_learning);
        }
        finals.push_back(final_pair(p, docs, recipe, third ? &inputs[i] : nullptr));
      }
    }
    std::vector<const DocumentFeatures*> members;
    for (std::size_t k = 0; k < m; ++k) members.push_back(&docs[k].features);
    if (third) align_with_third_versions(finals, inputs, members, recipe, options);
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
  PairRecipe recipe;  // over `options` and `aligner`
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

}  // namespace polyalign
