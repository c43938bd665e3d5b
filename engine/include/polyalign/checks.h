// polyalign/checks.h — consistency checks on aligned text, for translators:
// do the numbers and names agree, is every sentence translated, is the same
// sentence translated the same way everywhere?
//
//   polyalign::CorpusResult r = polyalign::align_corpus({"corpora/vietnam-news"});
//   std::vector<polyalign::Finding> f = polyalign::check_corpus(r, {});
//   polyalign::write_findings_jsonl(std::cout, r, f);
//   // pairs: check_pair(align_documents(a, b)), beads instead of tuples
//
// The checks read the tuples of each bundle (a pair's beads are tuples of two
// members) and compare every two members of a tuple; a finding names the
// members concerned, their sentences and the bytes of the words concerned.
// What is compared comes from the engine's own anchor machinery
// (AnchorExtractor through compute_features): there is no second number or
// name parser here.
//
// Checks and their rules (kind: severity):
//  numbers: a number written with digits in one member of a tuple and absent
//    from another, compared by normalised key (Anchor::key: "2.645" in
//    Indonesian = "2,645" in Hindi, "31,82%" = "31.82%"; a time "7.55" =
//    "7:55"). A token agrees when any of its readings does
//    (Anchor::ambiguous: "1.500" in English is 1.5 or 1500), when a
//    composite containing it agrees (the date a day belongs to), or when all
//    its parts agree (a range "2025-2030" whose two ends are both there, a
//    percentage whose value is); only the innermost disagreeing tokens are
//    reported. A number is not missing from a member that writes it in
//    words (2 to 1000, ICU's spell-out rules of the member's language:
//    "18" / "achtzehn", "11" / "одинадцяти"; checks/number_words.h), nor
//    when it is one of a measure's two units ("45 miles (72 km)" against
//    "72 km", or "(18 feet)" left out), nor when it writes its digits
//    glued to a letter, which the anchors do not read ("usia13 tahun",
//    "5та4"). "30 juta" / "30 मिलियन" agree on 30.
//    A time of day agrees with its 12-hour hour ("14:00" / "2pm"). Numbers
//    two members each lack from the other are one measure in two units
//    when one conversion (miles/km, inches/cm, feet/m, pounds/kg,
//    gallons/litres, ounces/g, acres/ha, Fahrenheit/Celsius) maps all of
//    one's onto all of the other's within 2.5%, or when both convert a
//    third member's numbers (136 / 137 km from 85 miles);
//    checks/unit_conversions.h.
//    Severity: error when two members each hold a number the other lacks
//    (a number differs); warning when a number is missing from a member
//    (it may be written in words or another form there); info when only a
//    one-digit integer is missing.
//  names: a name in one member of a tuple that is absent from another.
//    Every word of a caseless script (Devanagari...) is a name candidate
//    for the anchors, and so is every capitalised word of a cased one, so
//    only names the documents confirm are checked. A name is confirmed by
//    each other member of the bundle whose document has a name that
//    PairEvidence matches to it (name_similarity >= name_threshold, across
//    scripts: "Che Tao" / "चे ताओ"; the clustering the aligner uses); a
//    pair needs one confirmation, a bundle of three or more two, or one
//    from a member that writes the name capitalised too ("Leichen" /
//    "लेकिन", a common word that sounds like one of another language, is
//    rarely confirmed twice). Never checked: in a cased script, capitalised
//    words that only ever start sentences; names whose words some member
//    writes in lower case ("Tsunami" / "tsunami", "मार्केट" / "market":
//    common words); names of fewer than min_name_letters letters as
//    written. A checked name is present in another member when a word or
//    name of its tuple sentences scores name_presence_threshold
//    (name_threshold for keys under five letters: "ake" / "are"), shares
//    its stem (inflection: "Лондоні"; a short name with a final "s":
//    "Emmys", "HBO's"), contains it (a compound: "Nordkorea"), or, for a
//    name of several words, when each word is present. Name keys of names
//    are compared too, not only of words ("L'Oreal", one name, two
//    words). Across scripts, a name is only checked in a member whose
//    document shares it somewhere with the name's document: a
//    transliteration the matcher does not recognise ("Rangers" /
//    "Рейнджерс") or a name the translation translates (China / Китай) is
//    not an omission; a name that occurs once in such a member and is
//    dropped there is therefore not found. A name a language translates
//    consistently is not missing where the translation is there: when a
//    language lacks a name in more than half of the tuples the name is in
//    (over the whole corpus, per language pair), the words that come with
//    the name there (Dice >= 0.5, at least two tuples, and with no other
//    word of the name's language more) are its translation ("Labour" /
//    "Buruh", "Nordkorea" / "Korea Utara"). Nor is a name whose every word
//    of three letters or more a bilingual dictionary (`dictionaries`;
//    polyalign/dictionaries.h) translates into a word of the member's
//    tuple sentences, by the dictionary of the name's language or of
//    another member's that writes those words too ("Prison Service" /
//    "Layanan Penjara"), nor a name of several words each of which is
//    there translated or written, one at least translated ("Lake Toba" /
//    "Danau Toba"), nor a name of several words one at least of which is
//    translated there and each of the others written there or a common
//    word (one the corpus writes in lower case in its language): "Drought
//    Monitor" / "Pengamat Kekeringan" (a person's name has a word never
//    written in lower case: "Kyle Rowe" stays missing). Nor, in a tuple of three or more versions, a
//    name no third version holds (one version's rendering: "Amerika
//    Serikat" where the others write "U.S."); nor a name that a member's
//    document lacks in more than two thirds of the two or more tuples the
//    name is in, unless the corpus knows its translation ("Welsh" /
//    "walisisch", "in Cardiff": that version renders it another way; a name
//    dropped by mistake is one the version writes elsewhere, or one that
//    occurs once). A month or weekday is present where the member names
//    the same one in its own language (ICU's calendar names: "Oct." /
//    "Oktober", "Tuesday" / "вівторок"); a country or region where the
//    member names it in its language (ICU's display names: "Greece" /
//    "Yunani", "Греції"), or writes its ISO 3166 or
//    region code as an acronym ("USA", "U.S.", "EU"; in Devanagari
//    spelled by the letters' English names: "ईयू", "यू.एस."); a word of a
//    wider place name of its own version names that place ("Eropa" of
//    "Uni Eropa" / "EU"). The widest missing name is
//    reported ("Trinh Xuan Truong", not its words), and none that overlaps
//    a present one. Severity: warning; info when every name the finding
//    reports is made of common words (each word one a dictionary of its
//    language translates, none a country, region, language, month or
//    weekday: "Drought Monitor", "Commission") and the dictionaries find
//    no translation of it there: a translator may render such a name in
//    words no dictionary lists ("Pengamat kekeringan", "Gremium"), so its
//    absence is weaker evidence; the message says "(common words: may be
//    translated)". A person's or a place's name is a warning.
//  omissions: a tuple some members have no sentence in (a 1-0 / 0-1 bead):
//    the sentences of the others have no counterpart there. Sentences with
//    no letter or digit are left out. Severity: warning.
//  length: for every two members, the log length ratio
//    r = log((len_b + s) / (len_a + s)) (code points, s =
//    length_smoothing) of their 1-1 tuples gives the document pair's
//    distribution: median m and MAD; a tuple both members are in is flagged
//    when |r - m| > length_max_deviation · max(1.4826 · MAD,
//    length_min_sigma) (a robust z-score; 1.4826 · MAD estimates the
//    standard deviation of a normal distribution, Rousseeuw & Croux 1993).
//    Pairs with fewer than length_min_samples 1-1 tuples are not checked.
//    Severity: warning.
//  untranslated: a sentence that is the same text (white space collapsed)
//    as a sentence of another member in the same or a neighbouring tuple,
//    and has at least untranslated_min_letters letters outside numbers,
//    names, URLs and other anchors; or a sentence that CLD2 confidently
//    puts in the language of another member and not its document's (the
//    sentences compute_features() flags as foreign, with
//    untranslated_min_letters as their minimum). Severity: error.
//  inconsistent: the same sentence (white space collapsed) of one language
//    in several tuples of the corpus (any bundles), alone in its member
//    there, whose counterparts in another language differ: each occurrence
//    whose counterpart differs from the most frequent one (the first on
//    ties) is reported, with the words that differ highlighted. Sentences of fewer than
//    inconsistent_min_words words are left out. Severity: warning.
//  repeated: a sentence occurring twice in one document, exactly or nearly:
//    the shorter one has at least repeat_min_words distinct words, the
//    longer one holds at least repeat_min_containment of their weight (a
//    word weighs its idf in the document, log(1 + n / df): two sentences
//    that differ only by their number or name are not repeats), and the
//    shorter one has at least repeat_min_size_ratio of the longer one's
//    distinct words (the seed articles repeat their last sentence with "On
//    this occasion," in front). Shorter sentences (two words or more)
//    count when repeated exactly. Found by prefix filtering (Chaudhuri,
//    Ganti & Kaushik 2006): two such sentences share one of the shorter's
//    rarest words, so only sentences sharing such a word are compared
//    (words of more than 4096 sentences are not used for this). Severity:
//    info.
//
// Findings are sorted by bundle, tuple and kind (then in the order the
// checks found them); the same input gives the same findings at any thread
// count.
//
// Complexity: features (anchors, words, foreign flags) of every bundled
// document, O(bytes), and the name key of every word; the name gate builds
// PairEvidence for every ordered pair of members of a bundle; per tuple,
// the anchors of every two members are compared (numbers by key, names by
// name_similarity: O(names_a · words_b) per tuple); repeats are found
// through an inverted word index. Bundles are checked on `threads`
// workers. On the 300-file ntrex corpus of bench/qa_eval.py the checks and
// the page add about a quarter to `polyalign corpus` (bench/RESULTS.md,
// "Consistency checks"); `--checks none` skips them.
//
// Thread-safety: check_corpus() and check_pair() are reentrant.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/anchors.h"
#include "polyalign/common.h"
#include "polyalign/corpus.h"
#include "polyalign/pipeline.h"

namespace polyalign {

enum class CheckKind : std::uint8_t {
  kNumbers,
  kNames,
  kOmissions,
  kLength,
  kUntranslated,
  kInconsistent,
  kRepeated,
};
inline constexpr std::size_t kCheckKindCount = 7;

// "numbers", "names", "omissions", "length", "untranslated", "inconsistent",
// "repeated" (the names --checks takes).
std::string_view check_kind_name(CheckKind kind);

// Every check, in the order above.
std::vector<CheckKind> all_checks();

// Parses a comma-separated list of check names (spaces allowed), "all" or
// "none" (an empty result). Throws std::invalid_argument naming an unknown
// or repeated name, or an empty list.
std::vector<CheckKind> parse_checks(std::string_view list);

enum class Severity : std::uint8_t { kError, kWarning, kInfo };
std::string_view severity_name(Severity severity);  // "error", "warning", "info"

// What a finding says about one member of its bundle (or side of its pair).
struct FindingMember {
  std::size_t member = 0;                // index into Bundle::documents; for a pair 0 = A, 1 = B
  std::vector<std::uint32_t> sentences;  // sentences concerned, ascending
  // Bytes of the words concerned (the number, the name...), offsets into
  // the document's text, ascending; empty when the whole sentences are.
  std::vector<ByteSpan> highlights;
};

// Another tuple a finding refers to (the first occurrence of a repeated or
// inconsistently translated sentence).
struct TupleRef {
  std::size_t bundle = 0;
  std::size_t tuple = 0;
  bool operator==(const TupleRef&) const = default;
};

struct Finding {
  CheckKind kind = CheckKind::kNumbers;
  Severity severity = Severity::kWarning;
  std::size_t bundle = 0;              // index into CorpusResult::bundles; 0 for a pair
  std::size_t tuple = 0;               // index into Bundle::tuples, or into the pair's beads
  std::vector<FindingMember> members;  // by member index, at least one
  std::string message;                 // one line, for people
  std::vector<TupleRef> related;       // other tuples concerned, if any
};

struct CheckOptions {
  std::vector<CheckKind> checks = all_checks();
  // Anchor settings (`lang` is taken from each document); the same as the
  // alignment's, so that the checks see the numbers and names it saw.
  AnchorOptions anchors;
  // --- names
  // name_similarity at or above this: the same name (which names two
  // documents share, as in PairEvidence).
  double name_threshold = 0.8;
  // A checked name is present in another member's tuple sentences when one
  // of their words or names scores at least this, or has the same stem (4+
  // equal first letters, at most 4 more after them). Lower than
  // name_threshold: claiming a name is missing needs more certainty.
  double name_presence_threshold = 0.65;
  std::uint32_t min_name_letters = 4;  // letters (and marks) of a name as written
  // Bilingual dictionaries (polyalign/dictionaries.h) that tell a name the
  // translation translates word by word: "auto" (the installed FreeDict
  // databases), "none", or a directory of dictd databases.
  std::string dictionaries = "auto";
  // --- length (see the header comment)
  double length_max_deviation = 3.5;  // robust z-score beyond which a tuple is flagged
  // Floor of the spread (log units): translations' log length ratios spread
  // by 0.10-0.19 (1.4826 · MAD, ntrex-dev, by sentence length), and a
  // literal translation's few 1-1 tuples can spread much less.
  double length_min_sigma = 0.15;
  double length_smoothing = 10;           // code points added to both lengths
  std::uint32_t length_min_samples = 10;  // 1-1 tuples needed to estimate the spread
  // --- untranslated
  int untranslated_min_letters = 20;
  // --- inconsistent translation
  std::uint32_t inconsistent_min_words = 3;
  // --- repeated sentences
  std::uint32_t repeat_min_words = 5;
  double repeat_min_containment = 0.9;
  double repeat_min_size_ratio = 0.75;
  // Worker threads for the per-document and per-bundle work; 0 =
  // std::thread::hardware_concurrency(). Findings are identical at any count.
  unsigned threads = 0;
};

// Checks every bundle of a corpus. Throws std::invalid_argument for bad
// options.
std::vector<Finding> check_corpus(const CorpusResult& result, const CheckOptions& options = {});

// Checks a pair's beads (Finding::tuple is the bead index).
std::vector<Finding> check_pair(const DocumentAlignment& result, const CheckOptions& options = {});

// One finding per line:
//   {"kind", "severity", "bundle": "<id>", "tuple": t,
//    "members": {"<path>": {"lang", "sentences": [i,...], "spans": [[s,e],...],
//                "highlights": [[s,e],...]}},
//    "message", "related": [{"bundle", "tuple"}]}
// for a corpus; for a pair "bead" instead of "bundle"/"tuple" and
// "related": [{"bead"}]. Spans are the sentences' bytes, highlights the
// words', both offsets into the file; "related" only when not empty. A
// pair whose two paths are equal names its members "A:<path>", "B:<path>".
void write_findings_jsonl(std::ostream& out, const CorpusResult& result,
                          const std::vector<Finding>& findings);
void write_findings_jsonl(std::ostream& out, const DocumentAlignment& result,
                          const std::vector<Finding>& findings);

// Number of findings per kind (indexed by CheckKind) and per severity.
struct FindingCounts {
  std::size_t by_kind[kCheckKindCount] = {};
  std::size_t by_severity[3] = {};
  std::size_t total = 0;
};
FindingCounts count_findings(const std::vector<Finding>& findings);

}  // namespace polyalign
