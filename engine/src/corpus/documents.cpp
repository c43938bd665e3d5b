#include "corpus/documents.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <system_error>

#include "polyalign/anchors.h"
#include "polyalign/common.h"
#include "polyalign/io.h"
#include "polyalign/language.h"
#include "pair_recipe.h"
#include "util/text.h"

namespace polyalign {

namespace corpus {

std::uint64_t content_hash(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

void prepare(Prepared& p, Document doc, const PipelineOptions& po, const Segmenter& neutral) {
  if (po.detect_language && (doc.lang.empty() || doc.lang == "und")) {
    doc.lang = document_language(std::string_view(doc.text).substr(doc.content_start), neutral);
  }
  p.doc = segment_document(std::move(doc), po);
  p.features = compute_features(p.doc, pair_feature_options(po));
  p.keys = index_keys(p.features);
  // Every document stays until the end of the run: no slack of growth.
  p.doc.sentences.shrink_to_fit();
  p.keys.shrink_to_fit();
  for (auto* v : {&p.features.lengths, &p.features.paragraphs, &p.features.anchor_offsets,
                  &p.features.word_offsets})
    v->shrink_to_fit();
  p.features.foreign.shrink_to_fit();
  p.features.anchor_keys.shrink_to_fit();
  p.features.vocabulary.shrink_to_fit();
  p.length =
      std::accumulate(p.features.lengths.begin(), p.features.lengths.end(), std::uint64_t{0});
}

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

SkippedFile skipped_file(const std::string& path, std::string why) {
  const std::string prefix = path + ": ";
  if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
  return {path, std::move(why)};
}

}  // namespace corpus

namespace {

bool hidden(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

}  // namespace

std::vector<std::string> find_corpus_files(const std::vector<std::string>& paths,
                                           const CorpusOptions& options) {
  namespace fs = std::filesystem;
  std::vector<std::string> exts;
  for (const std::string& e : options.extensions) {
    std::string x = util::ascii_lowered(e);
    if (!x.empty() && x[0] != '.') x.insert(x.begin(), '.');
    exts.push_back(x);
  }
  auto wanted = [&](const fs::path& p) {
    if (exts.empty()) return true;
    const std::string e = util::ascii_lowered(p.extension().string());
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

}  // namespace polyalign
