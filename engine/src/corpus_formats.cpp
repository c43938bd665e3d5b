#include "polyalign/corpus_formats.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <memory>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "format_util.h"
#include "formats/source_json.h"
#include "formats/tmx.h"
#include "polyalign/io.h"

namespace polyalign {

namespace {

// A member's sentences as one field of a TSV or Moses line.
std::string line_field(const SegmentedDocument& d, const SentenceRange& r) {
  std::string s;
  format_util::append_line_field(d, r, s);
  return s;
}

using format_util::xml_text;

std::vector<std::string> corpus_languages(const CorpusResult& result) {
  std::set<std::string> langs;
  for (const Bundle& b : result.bundles) {
    for (std::size_t d : b.documents) langs.insert(result.documents[d].document.lang);
  }
  return {langs.begin(), langs.end()};
}

const std::string& lang_of(const CorpusResult& result, const Bundle& b, std::size_t k) {
  return result.documents[b.documents[k]].document.lang;
}

// The bundle's members in the order of `langs` (members of other languages
// last, by language).
std::vector<std::size_t> members_in_order(const CorpusResult& result, const Bundle& b,
                                          const std::vector<std::string>& langs) {
  auto rank = [&](std::size_t k) {
    const auto it = std::find(langs.begin(), langs.end(), lang_of(result, b, k));
    return std::make_pair(it - langs.begin(), lang_of(result, b, k));
  };
  std::vector<std::size_t> order(b.documents.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return rank(x) < rank(y); });
  return order;
}

// Bead `bead` of members (a, b) of a bundle, with its sides swapped when
// the writer wants them the other way round.
Bead oriented_bead(const Bead& bead, bool swap) {
  if (!swap) return bead;
  Bead out = bead;
  std::swap(out.a, out.b);
  return out;
}

}  // namespace

std::vector<std::string> corpus_language_order(const CorpusResult& result,
                                               std::string_view source_lang) {
  std::vector<std::string> langs = corpus_languages(result);
  if (langs.empty()) return langs;
  std::string source(source_lang);
  if (source.empty()) {
    // The language whose pairs' beads are the most confident, over all
    // bundles (weighted by sentences): the one the others translate best.
    std::map<std::string, std::pair<double, double>> sum;  // confidence·sentences, sentences
    for (const Bundle& b : result.bundles) {
      const std::size_t n = b.documents.size();
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t l = k + 1; l < n && b.pairs.size() == n * (n - 1) / 2; ++l) {
          for (const Bead& bead : b.pairs[pair_index(k, l, n)]) {
            const double w = bead.a.size() + bead.b.size();
            for (std::size_t m : {k, l}) {
              sum[lang_of(result, b, m)].first += bead.confidence * w;
              sum[lang_of(result, b, m)].second += w;
            }
          }
        }
      }
    }
    double best = -1;
    source = langs.front();
    for (const std::string& l : langs) {
      const auto& [cw, w] = sum[l];
      const double mean = w > 0 ? cw / w : 0.0;
      if (mean > best + 1e-12) {
        best = mean;
        source = l;
      }
    }
  }
  const auto it = std::find(langs.begin(), langs.end(), source);
  if (it == langs.end())
    fail_input("source language", fmt::format("no bundled document is in '{}' (the corpus has {})",
                                              source, fmt::join(langs, ", ")));
  std::rotate(langs.begin(), it, it + 1);
  return langs;
}

std::vector<CorpusFormat> parse_corpus_formats(std::string_view list) {
  std::vector<CorpusFormat> out;
  for (std::string_view name : split_list(list)) {
    CorpusFormat f;
    if (name == "jsonl") {
      f = CorpusFormat::kJsonl;
    } else if (name == "tmx") {
      f = CorpusFormat::kTmx;
    } else if (name == "tsv") {
      f = CorpusFormat::kTsv;
    } else if (name == "moses") {
      f = CorpusFormat::kMoses;
    } else {
      fail_input("--formats", fmt::format("unknown format '{}' (expected a comma-separated list "
                                          "of tmx, tsv, jsonl, moses)",
                                          name));
    }
    if (std::find(out.begin(), out.end(), f) != out.end())
      fail_input("--formats", fmt::format("format '{}' given twice", name));
    out.push_back(f);
  }
  return out;
}

void write_bundles_json(std::ostream& out, const CorpusResult& result) {
  nlohmann::ordered_json j;
  j["bundles"] = nlohmann::ordered_json::array();
  for (const Bundle& b : result.bundles) {
    nlohmann::ordered_json docs = nlohmann::ordered_json::array();
    for (std::size_t d : b.documents) {
      const Document& doc = result.documents[d].document;
      docs.push_back({{"path", doc.path}, {"lang", doc.lang}});
    }
    j["bundles"].push_back({{"id", b.id},
                            {"documents", std::move(docs)},
                            {"confidence", format_util::round_to_scale(b.confidence, 1e4)},
                            {"pivot", result.documents[b.documents[b.pivot]].document.path},
                            {"join_evidence", format_util::round_to_scale(b.join_evidence, 1e4)},
                            {"tuples", b.tuples.size()}});
  }
  j["confidence"] = {
      {"tuple",
       "probability that every member in the tuple is right: the least confidence of its "
       "pairs of members, a pair's being the least posterior of its beads in the tuple (for a "
       "member with nothing in the tuple: that the tuple's sentences have nothing in it)"},
      {"bundle", "mean tuple confidence: the expected share of the bundle's tuples that are "
                 "right in every member"}};
  j["unmatched"] = nlohmann::ordered_json::array();
  for (const UnmatchedDocument& u : result.unmatched) {
    const Document& doc = result.documents[u.document].document;
    j["unmatched"].push_back({{"path", doc.path}, {"lang", doc.lang}, {"reason", u.reason}});
  }
  j["skipped"] = nlohmann::ordered_json::array();
  for (const SkippedFile& s : result.skipped) {
    j["skipped"].push_back({{"path", s.path}, {"reason", s.reason}});
  }
  out << j.dump(2) << '\n';
}

void write_bundle_jsonl(std::ostream& out, const CorpusResult& result, const Bundle& bundle) {
  const std::vector<std::size_t> order = members_in_order(result, bundle, {});
  for (const Tuple& t : bundle.tuples) {
    nlohmann::ordered_json members = nlohmann::ordered_json::object();
    for (std::size_t k : order) {
      const SentenceRange& r = t.members[k];
      if (r.empty()) continue;
      const SegmentedDocument& d = result.documents[bundle.documents[k]];
      nlohmann::ordered_json sentences = nlohmann::ordered_json::array();
      nlohmann::ordered_json spans = nlohmann::ordered_json::array();
      for (std::uint32_t i = r.begin; i < r.end; ++i) {
        sentences.push_back(i);
        spans.push_back({d.sentences[i].span.start, d.sentences[i].span.end});
      }
      nlohmann::ordered_json m = {{"sentences", std::move(sentences)}, {"spans", std::move(spans)}};
      // Read from another format than text: where the sentences are in the
      // file (the pair JSONL's a_sources / b_sources).
      if (!d.document.units.empty()) m["sources"] = formats::sources_json(d, r);
      members[d.document.path] = std::move(m);
    }
    nlohmann::ordered_json line = {{"members", std::move(members)},
                                   {"confidence", format_util::round_to_scale(t.confidence, 1e4)}};
    out << line.dump() << '\n';
  }
}

void write_pair_jsonl(std::ostream& out, const CorpusResult& result, const Bundle& bundle,
                      std::size_t k, std::size_t l) {
  const std::size_t n = bundle.documents.size();
  if (k == l || k >= n || l >= n || bundle.pairs.size() != n * (n - 1) / 2)
    fail_input("write_pair_jsonl", fmt::format("no pair ({}, {}) in {}", k, l, bundle.id));
  const SegmentedDocument& a = result.documents[bundle.documents[k]];
  const SegmentedDocument& b = result.documents[bundle.documents[l]];
  auto side = [](const SegmentedDocument& d, const SentenceRange& r, nlohmann::json& idx,
                 nlohmann::json& spans) {
    idx = nlohmann::json::array();
    spans = nlohmann::json::array();
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      idx.push_back(i);
      spans.push_back({d.sentences[i].span.start, d.sentences[i].span.end});
    }
  };
  std::string buf;
  for (const Bead& raw : bundle.pairs[pair_index(k, l, n)]) {
    const Bead bead = oriented_bead(raw, k > l);
    nlohmann::json j;
    side(a, bead.a, j["a"], j["a_spans"]);
    side(b, bead.b, j["b"], j["b_spans"]);
    if (!a.document.units.empty()) j["a_sources"] = formats::sources_json(a, bead.a);
    if (!b.document.units.empty()) j["b_sources"] = formats::sources_json(b, bead.b);
    j["cost"] = 0.0;
    j["confidence"] = format_util::round_to_unit(bead.confidence, 1e-4);
    buf += j.dump();
    buf += '\n';
  }
  out << buf;
}

void write_tmx(std::ostream& out, const CorpusResult& result, std::string_view source_lang) {
  const std::vector<std::string> langs = corpus_language_order(result, source_lang);
  pugi::xml_document xml;
  // srclang: the source language (corpus_language_order).
  pugi::xml_node body = formats::start_tmx(xml, langs.empty() ? std::string("*all*") : langs.front());
  for (const Bundle& b : result.bundles) {
    const std::vector<std::size_t> order = members_in_order(result, b, langs);
    for (std::size_t n = 0; n < b.tuples.size(); ++n) {
      const Tuple& t = b.tuples[n];
      pugi::xml_node tu = body.append_child("tu");
      tu.append_attribute("tuid") = fmt::format("{}-{}", b.id, n + 1).c_str();
      // <prop> elements come before the <tuv>s (TMX 1.4b §3.4).
      pugi::xml_node p1 = tu.append_child("prop");
      p1.append_attribute("type") = "x-bundle";
      p1.text() = b.id.c_str();
      pugi::xml_node p2 = tu.append_child("prop");
      p2.append_attribute("type") = "x-confidence";
      p2.text() = fmt::format("{:.4f}", t.confidence).c_str();
      for (std::size_t k : order) {
        if (t.members[k].empty()) continue;
        const SegmentedDocument& d = result.documents[b.documents[k]];
        pugi::xml_node tuv = tu.append_child("tuv");
        tuv.append_attribute("xml:lang") = d.document.lang.c_str();
        tuv.append_child("seg").text() = xml_text(d, t.members[k]).c_str();
      }
    }
  }
  xml.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

void write_tsv(std::ostream& out, const CorpusResult& result, std::string_view source_lang) {
  const std::vector<std::string> langs = corpus_language_order(result, source_lang);
  out << "bundle\tconfidence";
  for (const std::string& l : langs) out << '\t' << l;
  out << '\n';
  for (const Bundle& b : result.bundles) {
    std::vector<std::ptrdiff_t> column(langs.size(), -1);  // member of each language
    for (std::size_t k = 0; k < b.documents.size(); ++k) {
      const std::string& l = result.documents[b.documents[k]].document.lang;
      column[static_cast<std::size_t>(std::find(langs.begin(), langs.end(), l) - langs.begin())] =
          static_cast<std::ptrdiff_t>(k);
    }
    for (const Tuple& t : b.tuples) {
      out << b.id << '\t' << fmt::format("{:.4f}", t.confidence);
      for (std::size_t c = 0; c < langs.size(); ++c) {
        out << '\t';
        if (column[c] < 0) continue;
        const auto k = static_cast<std::size_t>(column[c]);
        out << line_field(result.documents[b.documents[k]], t.members[k]);
      }
      out << '\n';
    }
  }
}

std::size_t write_moses(std::ostream& out1, std::ostream& out2, const CorpusResult& result,
                        std::string_view l1, std::string_view l2, double min_confidence) {
  std::size_t lines = 0;
  for (const Bundle& b : result.bundles) {
    std::ptrdiff_t k1 = -1, k2 = -1;
    for (std::size_t k = 0; k < b.documents.size(); ++k) {
      const std::string& l = result.documents[b.documents[k]].document.lang;
      if (l == l1) k1 = static_cast<std::ptrdiff_t>(k);
      if (l == l2) k2 = static_cast<std::ptrdiff_t>(k);
    }
    if (k1 < 0 || k2 < 0) continue;
    const auto a = static_cast<std::size_t>(k1), c = static_cast<std::size_t>(k2);
    const std::size_t n = b.documents.size();
    if (b.pairs.size() != n * (n - 1) / 2) continue;
    for (const Bead& raw : b.pairs[pair_index(a, c, n)]) {
      const Bead bead = oriented_bead(raw, a > c);
      if (bead.a.empty() || bead.b.empty() || bead.confidence < min_confidence) continue;
      out1 << line_field(result.documents[b.documents[a]], bead.a) << '\n';
      out2 << line_field(result.documents[b.documents[c]], bead.b) << '\n';
      ++lines;
    }
  }
  return lines;
}

namespace {

void make_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    fail_io(dir.string(), fmt::format("cannot create directory: {}",
                                      ec ? ec.message() : "a file is in the way"));
  }
}

}  // namespace

std::string write_bundle_file(const CorpusResult& result, const Bundle& bundle,
                              const std::string& outdir) {
  const std::filesystem::path dir = std::filesystem::path(outdir) / bundle.id;
  make_dir(dir);
  const std::size_t n = bundle.documents.size();
  if (n >= 2 && bundle.pairs.size() == n * (n - 1) / 2) {
    make_dir(dir / "pairs");
    const std::vector<std::size_t> order = members_in_order(result, bundle, {});
    for (std::size_t x = 0; x < n; ++x) {
      for (std::size_t y = x + 1; y < n; ++y) {
        const std::size_t k = order[x], l = order[y];
        AtomicFile p((dir / "pairs" /
                      fmt::format("{}-{}.jsonl", lang_of(result, bundle, k),
                                  lang_of(result, bundle, l)))
                         .string());
        write_pair_jsonl(p.stream(), result, bundle, k, l);
        p.commit();
      }
    }
  }
  AtomicFile f((dir / "alignment.jsonl").string());
  write_bundle_jsonl(f.stream(), result, bundle);
  f.commit();
  return f.path();
}

void validate_corpus_write_options(const CorpusWriteOptions& options) {
  if (!options.source_lang.empty() &&
      (options.source_lang.size() > 16 ||
       options.source_lang.find_first_of("/\\ \t\n") != std::string::npos))
    fail_input("CorpusWriteOptions::source_lang",
               fmt::format("not a language code: '{}'", options.source_lang));
  if (!(options.min_confidence >= 0 && options.min_confidence <= 1))
    fail_input("CorpusWriteOptions::min_confidence",
               fmt::format("must be in [0, 1], got {}", options.min_confidence));
}

std::vector<std::string> write_corpus(const CorpusResult& result, const std::string& outdir,
                                      const CorpusWriteOptions& options) {
  namespace fs = std::filesystem;
  validate_corpus_write_options(options);
  auto wants = [&](CorpusFormat f) {
    return std::find(options.formats.begin(), options.formats.end(), f) != options.formats.end();
  };
  // A source language the corpus lacks fails before anything is written.
  if (!options.source_lang.empty()) corpus_language_order(result, options.source_lang);
  const fs::path root(outdir);
  make_dir(root);
  std::vector<std::string> written;
  auto commit = [&](AtomicFile& f) {
    f.commit();
    written.push_back(f.path());
  };
  if (wants(CorpusFormat::kJsonl)) {
    for (const Bundle& b : result.bundles) written.push_back(write_bundle_file(result, b, outdir));
  }
  if (wants(CorpusFormat::kTmx)) {
    AtomicFile f((root / "corpus.tmx").string());
    write_tmx(f.stream(), result, options.source_lang);
    commit(f);
  }
  if (wants(CorpusFormat::kTsv)) {
    AtomicFile f((root / "corpus.tsv").string());
    write_tsv(f.stream(), result, options.source_lang);
    commit(f);
  }
  if (wants(CorpusFormat::kMoses)) {
    const std::vector<std::string> langs = corpus_languages(result);
    if (langs.size() >= 2) make_dir(root / "moses");
    for (std::size_t i = 0; i < langs.size(); ++i) {
      for (std::size_t j = i + 1; j < langs.size(); ++j) {
        const std::string stem = fmt::format("{}-{}", langs[i], langs[j]);
        // Both files of a pair are committed together, after both are complete.
        AtomicFile f1((root / "moses" / (stem + "." + langs[i])).string());
        AtomicFile f2((root / "moses" / (stem + "." + langs[j])).string());
        write_moses(f1.stream(), f2.stream(), result, langs[i], langs[j], options.min_confidence);
        commit(f1);
        commit(f2);
      }
    }
  }
  AtomicFile index((root / "bundles.json").string());
  write_bundles_json(index.stream(), result);
  commit(index);
  return written;
}

}  // namespace polyalign
