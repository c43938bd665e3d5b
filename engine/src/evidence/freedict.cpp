// freedict_word_pairs(): the word pairs of one FreeDict definition. The
// databases come from different sources (Ding for German-English, WikDict
// for most newer pairs, older hand-made ones for Hindi or French) and lay
// out their definitions a little differently; what they share is read here
// (see dictionaries.h), the rest skipped.
#include <algorithm>
#include <array>
#include <string>

#include "polyalign/dictionaries.h"
#include "polyalign/features.h"

namespace polyalign {

namespace {

// Placeholders of dictionary entries ("etw. sagen", "say sth.", "qqch") and
// function words that come with a content word ("to say", "der Hund", "la
// maison"): dropped from a side of several words.
constexpr std::array<std::string_view, 38> kFiller = {
    "sth", "sb",  "smth", "smb", "sbs", "o",   "s",    "oneself", "to",   "the",
    "a",   "an",  "etw",  "jdm", "jdn", "jds", "jd",   "jmd",     "sich", "der",
    "die", "das", "den",  "dem", "des", "ein", "eine", "einen",   "qn",   "qc",
    "qch", "qqn", "qqch", "le",  "la",  "les", "un",   "une"};

bool filler(std::string_view w) {
  return std::find(kFiller.begin(), kFiller.end(), w) != kFiller.end();
}

// Text with (...), [...], <...>, {...} removed (nested or not; an
// unclosed bracket removes the rest).
std::string strip_brackets(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[' || c == '<' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '>' || c == '}') {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

// The one word a dictionary phrase stands for, or "" (several words).
std::string single_word(std::string_view phrase) {
  // A fragment ("Staats…", "-ation") is not a word of a sentence.
  if (phrase.find("\xe2\x80\xa6") != std::string_view::npos ||
      phrase.find("...") != std::string_view::npos)
    return {};
  std::vector<std::string> words = tokenize_words(phrase);
  if (words.size() > 1) {
    words.erase(std::remove_if(words.begin(), words.end(), [](const std::string& w) { return filler(w); }),
                words.end());
  }
  return words.size() == 1 ? words[0] : std::string();
}

// The headword of the definition's first line: pronunciations between
// slashes ("/haʊs/", WikDict's "//haʊs//") and brackets removed.
std::string headword_of(std::string_view line) {
  std::string s = strip_brackets(line);
  std::string out;
  bool in_slashes = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '/') {
      while (i + 1 < s.size() && s[i + 1] == '/') ++i;
      in_slashes = !in_slashes;
    } else if (!in_slashes) {
      out += s[i];
    }
  }
  return single_word(out);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// "12. " at the start of `line`: its length, else 0.
std::size_t sense_number(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == 0 || i > 3 || i + 1 >= line.size() || line[i] != '.' || line[i + 1] != ' ') return 0;
  return i + 2;
}

// A translation line without a dangling sense number at its end ("Haus 2.",
// WikDict's next sense whose translations are missing).
std::string_view trim_sense(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  std::size_t i = s.size();
  if (i >= 2 && s[i - 1] == '.') {
    std::size_t j = i - 1;
    while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9') --j;
    if (j < i - 1 && (j == 0 || is_space(s[j - 1]))) s = s.substr(0, j);
  }
  return s;
}

// The translation lines of a definition (after its headword line).
std::vector<std::string_view> translation_lines(std::string_view body) {
  std::vector<std::string_view> lines, numbered, plain;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    lines.push_back(body.substr(pos, end - pos));
    pos = end + 1;
  }
  for (std::string_view line : lines) {
    if (line.empty() || is_space(line[0])) continue;  // examples, synonyms, see also, notes
    if (const std::size_t n = sense_number(line)) {
      numbered.push_back(trim_sense(line.substr(n)));
    } else if (plain.empty()) {
      plain.push_back(trim_sense(line));  // later unnumbered lines are glosses
    }
  }
  return numbered.empty() ? plain : numbered;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> freedict_word_pairs(std::string_view definition) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t nl = definition.find('\n');
  if (nl == std::string_view::npos) return out;
  const std::string head = headword_of(definition.substr(0, nl));
  if (head.empty()) return out;
  for (std::string_view line : translation_lines(definition.substr(nl + 1))) {
    const std::string clean = strip_brackets(line);
    std::size_t start = 0;
    while (start <= clean.size()) {
      std::size_t end = clean.find_first_of(",;|", start);
      if (end == std::string::npos) end = clean.size();
      std::string word = single_word(std::string_view(clean).substr(start, end - start));
      start = end + 1;
      if (word.empty() || word == head) continue;
      std::pair<std::string, std::string> p{head, std::move(word)};
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace polyalign
