// Corpus mode's lexicons (corpus/lexicon.h): LexiconIndex finds a word's
// entries on either side as a scan of every entry does, in the lexicon's
// order, and holds the pooled model apply_lexicon() used to estimate for
// every pair.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "corpus/lexicon.h"
#include "polyalign/length_model.h"

namespace pc = polyalign::corpus;

namespace {

// Indices of the entries whose x (or y) is `word`, by reading them all.
std::vector<std::uint32_t> scan(const pc::Lexicon& lex, const std::string& word, bool y_side) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t e = 0; e < lex.links.size(); ++e)
    if ((y_side ? lex.links[e].y : lex.links[e].x) == word) out.push_back(e);
  return out;
}

pc::Lexicon sample_lexicon() {
  pc::Lexicon lex;
  lex.links = {{"haus", "house", 0.9}, {"zug", "train", 0.8}, {"haus", "home", 0.5},
               {"bahn", "train", 0.7}, {"", "x", 0.1},       {"zug", "pull", 0.3},
               {"hausse", "boom", 0.2}, {"ha", "house", 0.1}};
  return lex;
}

}  // namespace

TEST_CASE("LexiconIndex: a word's entries on either side, in the lexicon's order") {
  const pc::Lexicon lex = sample_lexicon();
  const pc::LexiconIndex index(lex, false);
  struct Case {
    std::string word;
    bool y_side;
  };
  const Case cases[] = {{"haus", false}, {"zug", false},   {"bahn", false},  {"", false},
                        {"ha", false},   {"hausse", false}, {"hau", false},  {"zzz", false},
                        {"house", true}, {"train", true},  {"home", true},   {"x", true},
                        {"haus", true},  {"", true}};
  for (const Case& c : cases) {
    CAPTURE(c.word);
    CAPTURE(c.y_side);
    const auto found = index.entries(c.word, c.y_side);
    CHECK(std::vector<std::uint32_t>(found.begin(), found.end()) == scan(lex, c.word, c.y_side));
  }
  CHECK_FALSE(index.model(true).has_value());
}

TEST_CASE("LexiconIndex: the pooled model in both orientations, from 8 beads on") {
  pc::Lexicon lex;
  for (std::uint32_t k = 0; k < 7; ++k) {
    lex.len_x.push_back(40 + 7 * k);
    lex.len_y.push_back(52 + 9 * k + k % 3);
  }
  CHECK_FALSE(pc::LexiconIndex(lex, true).model(true).has_value());  // 7 beads
  lex.len_x.push_back(120);
  lex.len_y.push_back(150);
  const pc::LexiconIndex index(lex, true);
  REQUIRE(index.model(true).has_value());
  REQUIRE(index.model(false).has_value());
  const double c = polyalign::estimate_ratio(lex.len_x, lex.len_y);
  CHECK(index.model(true)->c == c);
  CHECK(index.model(true)->s2 == polyalign::estimate_variance(lex.len_x, lex.len_y, c, 6.8 * std::max(1.0, c)));
  CHECK(index.model(false)->c == polyalign::estimate_ratio(lex.len_y, lex.len_x));
  CHECK_FALSE(pc::LexiconIndex(lex, false).model(true).has_value());  // not asked for
}
