// polyalign — command-line front end. Parses arguments, calls the engine
// (polyalign/pipeline.h, polyalign/formats.h, polyalign/corpus.h,
// polyalign/corpus_formats.h) and prints or writes results.
// No algorithm lives here.
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <malloc.h>
#include <unistd.h>

#include <chrono>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "polyalign/checks.h"
#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"
#include "polyalign/formats.h"
#include "polyalign/io.h"
#include "polyalign/language.h"
#include "polyalign/pipeline.h"
#include "polyalign/report.h"

namespace {

// Writes to -o FILE atomically, or to stdout when no file is given.
class Output {
 public:
  explicit Output(const std::string& path) {
    if (!path.empty() && path != "-") file_ = std::make_unique<polyalign::AtomicFile>(path);
  }
  std::ostream& stream() { return file_ ? file_->stream() : std::cout; }
  void commit() {
    if (file_) {
      file_->commit();
    } else {
      std::cout.flush();
      if (!std::cout) throw std::runtime_error("stdout: write failed");
    }
  }

 private:
  std::unique_ptr<polyalign::AtomicFile> file_;
};

// Progress on stderr for long runs: one line rewritten in place, at most
// every 0.2 s, only when stderr is a terminal (never in logs or pipes).
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(2)) {}
  ~Progress() { clear(); }
  // Erases the progress line (before other output on the terminal).
  void clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }
  void operator()(std::string_view stage, double fraction) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    shown_ = true;
    std::cerr << fmt::format("\rpolyalign: {} {:3.0f}%", stage, 100 * fraction) << std::flush;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

polyalign::Document load(const std::string& path, const std::string& lang) {
  polyalign::Document doc = polyalign::read_document(path);
  doc.lang = polyalign::normalize_language_code(lang);
  return doc;
}

// "3 findings (numbers 1, repeated 2)": findings per kind, for the summaries.
std::string findings_summary(const std::vector<polyalign::Finding>& findings) {
  const polyalign::FindingCounts c = polyalign::count_findings(findings);
  std::string kinds;
  for (polyalign::CheckKind k : polyalign::all_checks()) {
    const std::size_t n = c.by_kind[static_cast<std::size_t>(k)];
    if (n) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", polyalign::check_kind_name(k), n);
    }
  }
  return fmt::format("{} finding{}{}", c.total, c.total == 1 ? "" : "s",
                     kinds.empty() ? "" : " (" + kinds + ")");
}

constexpr const char* kChecksHelp =
    "all, none, or a comma-separated list of: numbers, names, omissions, length, untranslated, "
    "inconsistent, repeated";

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C, kill, a closed terminal: no partial or temporary file is left.
  polyalign::install_interrupt_cleanup();
  // The passes allocate and free arrays of megabytes one after another
  // (bands, memos, rows of evidence). By default glibc maps each from the
  // kernel and unmaps it on free, so every pass page-faults its memory in
  // afresh; kept in the heap instead, it is reused. The peak stays the
  // same: only what was freed is kept, for the next pass to take.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  CLI::App app{
      "polyalign: aligns the sentences of documents that translate one another.\n"
      "Run 'polyalign COMMAND --help' for a command's options."};
  app.set_version_flag("--version", std::string(polyalign::kVersion));
  app.require_subcommand(1);

  // polyalign segment
  CLI::App* seg = app.add_subcommand(
      "segment", "Split a text file into sentences (byte offsets into the original file).");
  std::string seg_file, seg_lang = "auto", seg_format = "lines", seg_out;
  seg->add_option("FILE", seg_file, "UTF-8 text file")->required();
  seg->add_option("--lang", seg_lang,
                  "language (ISO 639-1, e.g. id, hi, uk, de, en); 'auto' detects it")
      ->capture_default_str();
  seg->add_option("--format", seg_format,
                  "lines: one sentence per line; jsonl: {index,start,end,paragraph,text} "
                  "per sentence, byte offsets with end exclusive")
      ->check(CLI::IsMember({"lines", "jsonl"}))
      ->capture_default_str();
  seg->add_option("-o,--output", seg_out, "write here (atomically) instead of stdout");
  bool seg_verbose = false;
  seg->add_flag("-v,--verbose", seg_verbose, "print the language and sentence count on stderr");

  // polyalign align
  CLI::App* al = app.add_subcommand("align", "Align the sentences of two documents.");
  std::string a_file, b_file, a_lang = "auto", b_lang = "auto", al_format = "brackets", al_out;
  bool presegmented = false, verbose = false, explain = false, no_anchors = false,
       no_word_links = false;
  std::string dictionary;
  polyalign::AlignerOptions defaults;
  double anchor_weight = defaults.anchor_weight, temperature = defaults.posterior_temperature;
  al->add_option("A", a_file, "first document (UTF-8 text)")->required();
  al->add_option("B", b_file, "second document (UTF-8 text)")->required();
  al->add_option("--lang-a", a_lang, "language of A ('auto' detects it)")->capture_default_str();
  al->add_option("--lang-b", b_lang, "language of B ('auto' detects it)")->capture_default_str();
  al->add_flag("--presegmented", presegmented,
               "inputs have one sentence per line (line i is sentence i); no re-splitting");
  al->add_option("--format", al_format,
                 "brackets: '[i,j]:[k]:cost' per bead; tsv: a_text<TAB>b_text<TAB>confidence; "
                 "jsonl: {a,b,a_spans,b_spans,cost,confidence} per bead")
      ->check(CLI::IsMember({"brackets", "tsv", "jsonl"}))
      ->capture_default_str();
  al->add_option("-o,--output", al_out, "write here (atomically) instead of stdout");
  al->add_flag("--explain", explain,
               "jsonl: list per bead the anchors (numbers, names, URLs...) both sides share");
  al->add_flag("--no-anchors", no_anchors, "length model only (Gale-Church), no anchors");
  al->add_flag("--no-word-links", no_word_links, "do not learn word links from a first pass");
  al->add_option("--dictionary", dictionary,
                 "bilingual dictionary, one 'word_a<TAB>word_b' per line, used as word links")
      ->check(CLI::ExistingFile);
  al->add_option("--anchor-weight", anchor_weight,
                 "nats a bead earns per unit of shared anchors (advanced)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->group("Advanced");
  al->add_option("--temperature", temperature,
                 "posterior temperature of the confidences (advanced; >1 flattens them)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group("Advanced");
  bool quiet = false;
  unsigned threads = 2;
  al->add_option("--threads", threads, "threads for one pair's independent work (output is identical)")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  al->add_flag("-q,--quiet", quiet, "no progress indicator on stderr");
  al->add_flag("-v,--verbose", verbose, "print the estimated length model and a summary on stderr");
  std::string al_checks = "all", al_findings, al_report;
  al->add_option("--findings", al_findings,
                 "write the consistency checks' findings here (JSONL, one per line: kind, "
                 "severity, bead, members with sentences and byte spans, message; atomically)");
  al->add_option("--report", al_report,
                 "write the review page here (one self-contained HTML file; atomically)");
  al->add_option("--checks", al_checks,
                 std::string("checks run for --findings and --report: ") + kChecksHelp)
      ->capture_default_str();

  // polyalign corpus
  CLI::App* co = app.add_subcommand(
      "corpus",
      "Find which documents are versions of one another (bundles) and align each bundle's "
      "sentences N-way into tuples.");
  std::vector<std::string> co_paths;
  std::string co_out, co_formats = "tmx,tsv,jsonl,moses", co_ext = "txt";
  double co_min_confidence = polyalign::CorpusWriteOptions{}.min_confidence;
  unsigned co_threads = 0;
  bool co_quiet = false, co_verbose = false;
  co->add_option("PATH", co_paths,
                 "files, or directories searched recursively for text files (hidden files "
                 "skipped)")
      ->required();
  co->add_option("-o,--output", co_out, "output directory (created if missing)")->required();
  co->add_option("--formats", co_formats,
                 "comma-separated: jsonl (<bundle>/alignment.jsonl), tmx (corpus.tmx), tsv "
                 "(corpus.tsv), moses (moses/<l1>-<l2>.<l>); bundles.json is always written")
      ->capture_default_str();
  co->add_option("--min-confidence", co_min_confidence,
                 "Moses files keep a sentence pair from this confidence on (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  co->add_option("--extensions", co_ext,
                 "in directories, read files with these extensions (comma-separated; '*' = "
                 "every file)")
      ->capture_default_str();
  co->add_option("--threads", co_threads,
                 "worker threads (0 = one per hardware thread; output is identical)")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  co->add_flag("-q,--quiet", co_quiet, "no progress indicator on stderr");
  co->add_flag("-v,--verbose", co_verbose,
               "also print every candidate pair checked (and its score) and the files written, "
               "on stderr");
  std::string co_checks = "all";
  bool co_no_report = false;
  co->add_option("--checks", co_checks,
                 std::string("consistency checks, written to OUTDIR/findings.jsonl and shown "
                             "in OUTDIR/report.html: ") +
                     kChecksHelp)
      ->capture_default_str();
  co->add_flag("--no-report", co_no_report, "do not write the review page OUTDIR/report.html");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "polyalign: error: " << e.what() << " (see 'polyalign --help')\n";
    return e.get_exit_code();
  }

  try {
    if (*seg) {
      polyalign::PipelineOptions options;
      polyalign::SegmentedDocument d =
          polyalign::segment_document(load(seg_file, seg_lang), options);
      Output out(seg_out);
      for (std::size_t i = 0; i < d.sentences.size(); ++i) {
        if (seg_format == "lines") {
          out.stream() << d.sentence_text(i) << '\n';
        } else {
          const polyalign::Sentence& s = d.sentences[i];
          nlohmann::json j = {{"index", i},
                              {"start", s.span.start},
                              {"end", s.span.end},
                              {"paragraph", s.paragraph},
                              {"text", d.sentence_text(i)}};
          out.stream() << j.dump() << '\n';
        }
      }
      out.commit();
      if (seg_verbose) {
        std::size_t paragraphs = d.sentences.empty() ? 0 : d.sentences.back().paragraph + 1;
        std::cerr << fmt::format("polyalign: {}: language {}, {} sentences, {} paragraphs\n",
                                 seg_file, d.document.lang, d.sentences.size(), paragraphs);
      }
    } else if (*co) {
      polyalign::CorpusOptions options;
      options.threads = co_threads;
      options.extensions.clear();
      if (co_ext != "*") {
        std::stringstream list(co_ext);
        for (std::string e; std::getline(list, e, ',');) {
          if (!e.empty()) options.extensions.push_back(e);
        }
      }
      while (co_out.size() > 1 && co_out.back() == '/') co_out.pop_back();
      if (std::filesystem::exists(co_out) && !std::filesystem::is_directory(co_out)) {
        // Fail before the work, not after it.
        throw std::runtime_error(co_out + ": cannot create directory: a file is in the way");
      }
      options.exclude = {co_out};  // never read an earlier run's output
      polyalign::CorpusWriteOptions write;
      write.formats = polyalign::parse_corpus_formats(co_formats);
      write.min_confidence = co_min_confidence;
      const std::vector<polyalign::CheckKind> co_kinds = polyalign::parse_checks(co_checks);
      Progress progress(!co_quiet);
      options.progress = [&](std::string_view stage, double f) { progress(stage, f); };
      const polyalign::CorpusResult r = polyalign::align_corpus(co_paths, options);
      progress.clear();
      for (const polyalign::SkippedFile& s : r.skipped) {
        std::cerr << fmt::format("polyalign: warning: skipping {}: {}\n", s.path, s.reason);
      }
      std::vector<polyalign::Finding> findings;
      if (!co_kinds.empty()) {
        polyalign::CheckOptions check_options;
        check_options.checks = co_kinds;
        check_options.threads = co_threads;
        findings = polyalign::check_corpus(r, check_options);
      }
      const std::vector<std::string> files = polyalign::write_corpus(r, co_out, write);
      std::vector<std::string> qa_files;  // findings.jsonl, report.html
      if (!co_kinds.empty()) {
        polyalign::AtomicFile f(co_out + "/findings.jsonl");
        polyalign::write_findings_jsonl(f.stream(), r, findings);
        f.commit();
        qa_files.push_back(f.path());
      }
      if (!co_no_report) {
        polyalign::ReportOptions report_options;
        report_options.checks = co_kinds;
        polyalign::AtomicFile f(co_out + "/report.html");
        polyalign::write_report_html(f.stream(), r, findings, report_options);
        f.commit();
        qa_files.push_back(f.path());
      }
      std::size_t tuples = 0;
      for (const polyalign::Bundle& b : r.bundles) tuples += b.tuples.size();
      const double seconds = std::max(r.stats.seconds, 1e-9);
      const auto count = [](std::size_t n, std::string_view noun) {
        return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
      };
      std::cout << fmt::format("polyalign corpus: {} ({} skipped), {}, {}, {}\n",
                               count(r.documents.size(), "document"), r.skipped.size(),
                               count(r.bundles.size(), "bundle"), count(tuples, "tuple"),
                               count(r.unmatched.size(), "unmatched file"));
      for (const polyalign::Bundle& b : r.bundles) {
        std::string langs;
        for (std::size_t d : b.documents) {
          langs += fmt::format("{}{}", langs.empty() ? "" : "+", r.documents[d].document.lang);
        }
        std::cout << fmt::format("  {}: {} ({} documents), {} tuples, confidence {:.2f}\n", b.id,
                                 langs, b.documents.size(), b.tuples.size(), b.confidence);
      }
      for (const polyalign::UnmatchedDocument& u : r.unmatched) {
        const polyalign::Document& d = r.documents[u.document].document;
        std::cout << fmt::format("  unmatched {} ({}): {}\n", d.path, d.lang, u.reason);
      }
      std::cout << fmt::format(
          "throughput: {:.2f} MB in {:.2f} s: {:.2f} MB/s, {:.0f} sentences/s ({} sentences, "
          "{} candidate pairs checked)\n",
          static_cast<double>(r.stats.bytes) / 1e6, r.stats.seconds,
          static_cast<double>(r.stats.bytes) / 1e6 / seconds,
          static_cast<double>(r.stats.sentences) / seconds, r.stats.sentences,
          r.stats.candidate_pairs);
      std::cout << fmt::format("results in {}/ (bundles.json", co_out);
      for (polyalign::CorpusFormat f : write.formats) {
        switch (f) {
          case polyalign::CorpusFormat::kJsonl:
            std::cout << ", <bundle>/alignment.jsonl";
            break;
          case polyalign::CorpusFormat::kTmx:
            std::cout << ", corpus.tmx";
            break;
          case polyalign::CorpusFormat::kTsv:
            std::cout << ", corpus.tsv";
            break;
          case polyalign::CorpusFormat::kMoses:
            std::cout << ", moses/";
            break;
        }
      }
      std::cout << ")\n";
      if (!co_kinds.empty()) {
        std::cout << fmt::format("checks: {} in {}/findings.jsonl\n", findings_summary(findings),
                                 co_out);
      }
      if (!co_no_report) std::cout << fmt::format("review page: {}/report.html\n", co_out);
      if (co_verbose) {
        for (const std::string& f : qa_files) std::cerr << "polyalign: wrote " << f << '\n';
        for (const polyalign::PairCheck& c : r.checks) {
          std::cerr << fmt::format("polyalign: check {} ~ {}: candidate {:.3f}, score {:.3f}\n",
                                   r.documents[c.a].document.path, r.documents[c.b].document.path,
                                   c.candidate_score, c.score);
        }
        for (const std::string& f : files) std::cerr << "polyalign: wrote " << f << '\n';
      }
      std::cout.flush();
      if (!std::cout) throw std::runtime_error("stdout: write failed");
    } else if (*al) {
      polyalign::PipelineOptions options;
      options.presegmented = presegmented;
      options.anchors = !no_anchors;
      options.aligner.anchor_weight = anchor_weight;
      options.aligner.posterior_temperature = temperature;
      options.threads = threads;
      Progress progress(!quiet);
      options.progress = [&](std::string_view stage, double f) { progress(stage, f); };
      options.word_links = !no_word_links;
      if (!dictionary.empty()) options.dictionary = polyalign::read_dictionary(dictionary);
      if (explain && al_format != "jsonl") {
        throw std::invalid_argument("--explain needs --format jsonl");
      }
      const polyalign::PairFormat format = polyalign::parse_pair_format(al_format);
      const std::vector<polyalign::CheckKind> al_kinds = polyalign::parse_checks(al_checks);
      if (al->count("--checks") && al_findings.empty() && al_report.empty()) {
        throw std::invalid_argument("--checks needs --findings FILE or --report FILE");
      }
      // Reading and validating a document is a pass over its bytes: the two
      // are read side by side when two threads are allowed, and what their
      // alignment needs that takes long to build starts building as soon as
      // a document is read.
      std::future<void> warm_a, warm_b;
      std::future<polyalign::Document> b_doc = std::async(
          threads > 1 ? std::launch::async : std::launch::deferred, [&] {
            polyalign::Document doc = load(b_file, b_lang);
            if (threads > 1) warm_b = polyalign::prepare_async(doc, options);
            return doc;
          });
      polyalign::Document a_doc = load(a_file, a_lang);
      if (threads > 1) warm_a = polyalign::prepare_async(a_doc, options);
      polyalign::DocumentAlignment r =
          polyalign::align_documents(std::move(a_doc), b_doc.get(), options);
      for (const auto* d : {&r.a, &r.b}) {
        if (d->sentences.empty()) {
          std::cerr << fmt::format(
              "polyalign: warning: {} has no sentences; every sentence of the other document "
              "is left unaligned\n", d->document.path);
        }
      }
      if (r.parallel_score >= 0 && r.parallel_score < options.min_parallel_score &&
          !r.a.sentences.empty() && !r.b.sentences.empty()) {
        std::cerr << fmt::format(
            "polyalign: warning: {} and {} do not look like translations of one another "
            "(parallel score {:.2f} < {:.2f}); the confidences of paired sentences are scaled "
            "down\n", a_file, b_file, r.parallel_score, options.min_parallel_score);
      }
      Output out(al_out);
      polyalign::write_pair_alignment(out.stream(), r, format, explain);
      out.commit();
      if (!al_findings.empty() || !al_report.empty()) {
        polyalign::CheckOptions check_options;
        check_options.checks = al_kinds;
        check_options.threads = threads;
        const std::vector<polyalign::Finding> findings = polyalign::check_pair(r, check_options);
        if (!al_findings.empty()) {
          Output f(al_findings);
          polyalign::write_findings_jsonl(f.stream(), r, findings);
          f.commit();
        }
        if (!al_report.empty()) {
          polyalign::ReportOptions report_options;
          report_options.title = fmt::format("polyalign review: {} ~ {}", a_file, b_file);
          report_options.checks = al_kinds;
          Output f(al_report);
          polyalign::write_report_html(f.stream(), r, findings, report_options);
          f.commit();
        }
        if (verbose) std::cerr << "polyalign: checks: " << findings_summary(findings) << '\n';
      }
      if (verbose) {
        std::size_t one_to_one = 0;
        for (const auto& b : r.alignment.beads) one_to_one += b.a.size() == 1 && b.b.size() == 1;
        std::cerr << fmt::format(
            "polyalign: {} ({}, {} sentences) ~ {} ({}, {} sentences): {} beads, {} 1-1; "
            "length model c={:.3f} s2={:.2f}; {} shared anchor cells, {} word links; band {}\n",
            a_file, r.a.document.lang, r.a.sentences.size(), b_file, r.b.document.lang,
            r.b.sentences.size(), r.alignment.beads.size(), one_to_one, r.alignment.model.c,
            r.alignment.model.s2, r.evidence.nonzeros(), r.word_links, r.alignment.band);
        std::string times;
        for (const polyalign::StageTiming& t : r.timings)
          times += fmt::format("{}{} {:.3f} s ({} MB)", times.empty() ? "" : ", ", t.stage,
                               t.seconds, t.peak_rss_kb / 1024);
        std::cerr << "polyalign: time (peak memory so far): " << times << '\n';
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "polyalign: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
