// polyalign/dictionaries.h — bilingual dictionaries as word links: the
// FreeDict databases Debian installs (dict-freedict-eng-deu, ...) read
// straight from their dictd files, no dict server.
//
//   polyalign::DictionaryOptions o;            // /usr/share/dictd
//   auto lex = polyalign::load_lexicon(o, "de", "hi");
//   lex->source;                               // "freedict-deu-eng > freedict-eng-hin"
//   std::vector<polyalign::WordLink> l = lex->links(features_de, features_hi);
//
// A dictd database is two files: `name.index`, one line per headword,
// "headword<TAB>offset<TAB>length" (offset and length in dictd's base64),
// and `name.dict.dz` (dictzip: a gzip file, inflated whole with zlib) or
// `name.dict`. FreeDict names its databases freedict-<src>-<tgt> with
// ISO 639-3 codes.
//
// A FreeDict definition gives its headword line (pronunciation, grammar in
// <...>, notes in (...) or [...]) then its translations: numbered senses
// "1. Haus, Heim" or one unnumbered line, followed by examples, synonyms and
// cross-references (indented) and, in WikDict's databases, a gloss in the
// source language (the unnumbered line after a sense). Each translation
// and the headword are tokenised as the engine tokenises sentences
// (tokenize_words(): lower-cased runs of letters and digits); a side of
// several words keeps its one content word when the others are
// placeholders or function words ("etw. sagen" -> "sagen", "to say" ->
// "say"), and is dropped otherwise: word links join single words.
//
// Per language pair, load_lexicon() takes the direct databases (x-y read
// forward, y-x inverted) or, when there are none, a pivot through English
// (x -> en -> y), kept only where the pivot is nearly unambiguous (see
// DictionaryOptions) and weaker. Tables are built once per database and
// process; with `cache`, the word pairs of each database are also kept in
// a file under $XDG_CACHE_HOME/polyalign (else ~/.cache/polyalign), keyed
// by the sizes and modification times of the database's files and written
// atomically: reading a large database (FreeDict's German-English: 100 MB
// of text) costs seconds, reading its cached pairs milliseconds.
//
// Thread-safety: load_lexicon() may be called from many threads; a
// BilingualLexicon is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polyalign/evidence.h"
#include "polyalign/features.h"

namespace polyalign {

// One definition of a dictd database.
struct DictdEntry {
  std::string headword;    // as the index gives it
  std::string definition;  // the definition's text, headword line first
};

// Reads a dictd database: `index_path` (name.index) and name.dict.dz or
// name.dict beside it. Each distinct definition once, in index order
// (several index lines may point at one definition: its first headword is
// kept); the database's own 00-database-* entries are left out. At most
// `max_bytes` of index and of (inflated) text. Throws std::runtime_error
// when a file cannot be read and std::invalid_argument on bad content (a
// malformed index line, an offset past the end of the text, corrupt gzip
// data), naming the file (and line).
std::vector<DictdEntry> read_dictd(const std::string& index_path,
                                   std::uint64_t max_bytes = std::uint64_t(1) << 31);

// The word pairs (source word, target word) of one FreeDict definition
// (see above), each a single word as tokenize_words() gives it, without
// duplicates and without pairs of one word spelt alike on both sides.
std::vector<std::pair<std::string, std::string>> freedict_word_pairs(std::string_view definition);

struct DictionaryOptions {
  // Directory of the dictd databases. "" or "none": no dictionaries.
  std::string directory = "/usr/share/dictd";
  double direct_strength = 1.0;  // strength of a direct dictionary's links
  double pivot_strength = 0.5;   // strength of a link through English
  // A pivot x -> e -> y is kept only when x has at most this many English
  // translations and e at most this many translations into y.
  std::uint32_t max_pivot_fanout = 3;
  // Translations kept per source word (the first ones of the database);
  // common words have dozens, which say little. Text+Berg de-fr dev: 3
  // gives strict F1 0.854, 8 0.850, 16 0.850.
  std::uint32_t max_translations = 3;
  // The most frequent words of each document (by occurrences) are not
  // linked: function words, whose many translations join neighbouring
  // sentences and draw the search into 2-2 beads.
  std::uint32_t skip_frequent = 100;
  bool cache = true;  // keep each database's word pairs in the cache directory
  // Links in the first pass's evidence too (else in the final pass only,
  // near the first pass's path, where they cost little). In the first
  // pass on the 10k en-de pair: 1.5x the CPU time of no dictionaries (final
  // pass only: 1.1x), and no better on ntrex-dev's noise levels.
  bool first_pass = false;
};

// The word pairs of one language pair, x -> y, from one or more tables.
class BilingualLexicon {
 public:
  // Word links between the documents (a in x, b in y): for each word of
  // a's vocabulary that occurs in a sentence, its translations that occur
  // in b's. O(vocabulary · log pairs).
  std::vector<WordLink> links(const DocumentFeatures& a, const DocumentFeatures& b) const;
  bool empty() const { return direct_.empty() && pivot_from_.empty(); }
  // The first `max` translations of `word` (as tokenize_words() gives it)
  // by each direct table, or, with none, into English by the pivot's first
  // step; empty when the word is no headword. Tables are lower-cased, so a
  // name the database lists ("wales" -> "वेल्स") has translations too.
  // O(log pairs + max).
  std::vector<std::string> translations(std::string_view word, std::uint32_t max) const;
  // Which databases: "freedict-eng-deu + freedict-deu-eng (inverted)", "a > b"
  // for a pivot; "" when none.
  std::string source;

  // A table of word pairs, sorted; built by load_lexicon().
  struct Table;

 private:
  friend std::shared_ptr<const BilingualLexicon> load_lexicon(const DictionaryOptions&, std::string_view,
                                                     std::string_view);
  struct Side {
    std::shared_ptr<const Table> table;
    bool inverted = false;  // read the table from target to source
  };
  std::vector<Side> direct_;                 // x -> y
  std::vector<Side> pivot_from_, pivot_to_;  // x -> en, en -> y
  DictionaryOptions options_;
};

// The lexicon of documents in language x and y (ISO 639-1 codes as the
// engine uses them: "en", "de"...), memoised per process. An empty
// BilingualLexicon when the directory has no database for the pair (nor through
// English), when x == y, or when the directory is "" / "none". Throws like
// read_dictd() on a bad database, and std::runtime_error when the
// directory is given but cannot be read.
std::shared_ptr<const BilingualLexicon> load_lexicon(const DictionaryOptions& options, std::string_view x,
                                            std::string_view y);

// The directory a dictionaries setting (PipelineOptions::dictionaries, the
// CLI's --dictionaries) stands for: "auto" -> DictionaryOptions{}.directory
// (the installed FreeDict databases), "none" or "" -> "" (none), else the
// setting itself.
std::string dictionary_directory(std::string_view setting);

// The ISO 639-3 code FreeDict names a language by ("de" -> "deu"); "" for a
// code it does not know.
std::string_view freedict_code(std::string_view iso639_1);

}  // namespace polyalign
