#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "polyalign/formats.h"

namespace {
polyalign::DocumentAlignment small_alignment() {
  polyalign::PipelineOptions options;
  options.presegmented = true;
  options.detect_language = false;
  auto a = polyalign::make_document("Satu.\nDua dan tiga.\nEmpat.\n", "id");
  auto b = polyalign::make_document("One.\nTwo.\tThree.\n", "en");
  polyalign::DocumentAlignment r;
  r.a = polyalign::segment_document(a, options);
  r.b = polyalign::segment_document(b, options);
  r.alignment.beads = {{{0, 1}, {0, 1}, 0.5, 0.9}, {{1, 2}, {1, 2}, 1.25, 0.75},
                       {{2, 3}, {2, 2}, 7.0, 0.4}};
  return r;
}
}  // namespace

TEST_CASE("brackets format") {
  std::ostringstream out;
  polyalign::write_pair_alignment(out, small_alignment(), polyalign::PairFormat::kBrackets);
  CHECK(out.str() == "[0]:[0]:0.5000\n[1]:[1]:1.2500\n[2]:[]:7.0000\n");
}

TEST_CASE("tsv format keeps one bead per line") {
  std::ostringstream out;
  polyalign::write_pair_alignment(out, small_alignment(), polyalign::PairFormat::kTsv);
  CHECK(out.str() == "Satu.\tOne.\t0.9000\nDua dan tiga.\tTwo. Three.\t0.7500\nEmpat.\t\t0.4000\n");
}

TEST_CASE("jsonl format: byte spans point into the inputs") {
  auto r = small_alignment();
  std::ostringstream out;
  polyalign::write_pair_alignment(out, r, polyalign::PairFormat::kJsonl);
  std::istringstream in(out.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    for (auto& span : j["a_spans"]) {
      const std::string text = r.a.document.text.substr(span[0].get<std::size_t>(),
                                                        span[1].get<std::size_t>() - span[0].get<std::size_t>());
      CHECK(text == std::string(r.a.sentence_text(j["a"][0].get<std::size_t>())));
    }
    CHECK(j.contains("cost"));
    CHECK(j["confidence"].get<double>() <= 1.0);
    ++n;
  }
  CHECK(n == 3);
}

TEST_CASE("unknown format names are rejected with the list of known ones") {
  CHECK_THROWS_WITH_AS(polyalign::parse_pair_format("xml"),
                       doctest::Contains("expected brackets, tsv, jsonl, tmx or xliff"), std::invalid_argument);
}
