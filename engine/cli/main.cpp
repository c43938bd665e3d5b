// polyalign — command-line front end. Parses arguments, calls the engine
// (one call per command: polyalign/align_job.h, polyalign/corpus_job.h,
// polyalign/convert_job.h;
// segment_document and its writer for `segment`) and prints its results.
// No algorithm lives here.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "polyalign/align_job.h"
#include "polyalign/convert_job.h"
#include "polyalign/corpus_job.h"
#include "polyalign/input.h"
#include "polyalign/io.h"
#include "polyalign/pipeline.h"
#include "process_memory.h"

namespace {

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
  // The engine's progress callback, reporting here.
  std::function<void(std::string_view, double)> callback() {
    return [this](std::string_view stage, double f) { (*this)(stage, f); };
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void warn(std::string_view message) { std::cerr << "polyalign: warning: " << message << '\n'; }

constexpr const char* kChecksHelp =
    "all, none, or a comma-separated list of: numbers, names, omissions, length, untranslated, "
    "inconsistent, repeated";

// --input-format (and --xliff-side), on `segment`, `align` and `corpus`.
constexpr const char* kInputFormatHelp =
    "input format: auto (detected from the content, then the extension), text, docx, odt, "
    "html, xliff, srt, vtt, pdf (best effort: the text layer, paragraphs rebuilt from its lines)";

polyalign::InputSide parse_side(const std::string& side) {
  return side == "target" ? polyalign::InputSide::kTarget : polyalign::InputSide::kSource;
}

// ------------------------------------------------------------- segment

struct SegmentArgs {
  std::string file, lang = "auto", format = "lines", out, input_format = "auto",
                    xliff_side = "source";
  bool verbose = false;
};

CLI::App* add_segment(CLI::App& app, SegmentArgs& a) {
  CLI::App* seg = app.add_subcommand(
      "segment", "Split a text file into sentences (byte offsets into the original file).");
  seg->add_option("FILE", a.file,
                  "UTF-8 text file, or DOCX, ODT, HTML, XLIFF, SRT, WebVTT or PDF (--input-format)")
      ->required();
  seg->add_option("--input-format", a.input_format, kInputFormatHelp)->capture_default_str();
  seg->add_option("--xliff-side", a.xliff_side, "XLIFF: read the source or the target side")
      ->check(CLI::IsMember({"source", "target"}))
      ->capture_default_str();
  seg->add_option("--lang", a.lang,
                  "language (ISO 639-1, e.g. id, hi, uk, de, en); 'auto' detects it")
      ->capture_default_str();
  seg->add_option("--format", a.format,
                  "lines: one sentence per line; jsonl: {index,start,end,paragraph,text} "
                  "per sentence, byte offsets with end exclusive (into the extracted text "
                  "for other formats than text, plus 'source': where it is in the file)")
      ->check(CLI::IsMember({"lines", "jsonl"}))
      ->capture_default_str();
  seg->add_option("-o,--output", a.out, "write here (atomically) instead of stdout");
  seg->add_flag("-v,--verbose", a.verbose, "print the language and sentence count on stderr");
  return seg;
}

void run_segment(const SegmentArgs& a) {
  polyalign::ReadOptions read;
  read.format = polyalign::parse_input_format(a.input_format);
  read.side = parse_side(a.xliff_side);
  const polyalign::SegmentedDocument d =
      polyalign::segment_document(polyalign::load_document(a.file, a.lang, read), {});
  polyalign::AtomicOutput out(a.out);
  polyalign::write_segmentation(out.stream(), d, polyalign::parse_segment_format(a.format));
  out.commit();
  if (a.verbose) {
    std::size_t paragraphs = d.sentences.empty() ? 0 : d.sentences.back().paragraph + 1;
    std::cerr << fmt::format("polyalign: {}: language {}, {} sentences, {} paragraphs\n", a.file,
                             d.document.lang, d.sentences.size(), paragraphs);
  }
}

// --------------------------------------------------------------- align

struct AlignArgs {
  std::string a_file, b_file, a_lang = "auto", b_lang = "auto", format = "brackets", out;
  std::string input_format = "auto", xliff_side_a = "source", xliff_side_b = "source";
  bool presegmented = false, verbose = false, explain = false, no_anchors = false,
       no_word_links = false, no_cognates = false, quiet = false, fixed_model = false;
  std::string dictionary, dictionaries = "none";
  double anchor_weight = polyalign::AlignerOptions{}.anchor_weight;
  double temperature = polyalign::AlignerOptions{}.posterior_temperature;
  unsigned threads = 2;
  std::string checks = "all", findings, report, check_dictionaries = "auto";
};

// auto, none, or a directory (checked before any work is done).
const CLI::Validator kDictionarySetting(
    [](std::string& value) -> std::string {
      std::error_code ec;
      if (value == "auto" || value == "none" || std::filesystem::is_directory(value, ec)) return "";
      return "expected auto, none or a directory of dictd databases, got '" + value + "'";
    },
    "auto|none|DIR");

// --dictionaries, on `align` and `corpus`.
void add_dictionaries_flag(CLI::App* app, std::string& value) {
  app->add_option("--dictionaries", value,
                  "bilingual dictionaries as word links: auto (the FreeDict dictd databases "
                  "under /usr/share/dictd), none, or a directory of dictd databases "
                  "(freedict-<src>-<tgt>.index and .dict.dz)")
      ->check(kDictionarySetting)
      ->capture_default_str();
}

// --check-dictionaries, on `align` and `corpus`.
void add_check_dictionaries_flag(CLI::App* app, std::string& value) {
  app->add_option("--check-dictionaries", value,
                  "bilingual dictionaries the names check reads to tell a name the translation "
                  "translates word by word (\"Prison Service\" / \"Layanan Penjara\") from a "
                  "missing one: auto, none, or a directory of dictd databases")
      ->check(kDictionarySetting)
      ->capture_default_str();
}

// -v: which dictionaries a language pair gets, or a note that it has none.
void print_dictionary(const std::string& setting, const std::string& x, const std::string& y) {
  polyalign::DictionaryOptions o;
  o.directory = polyalign::dictionary_directory(setting);
  if (o.directory.empty() || x == y) return;
  const auto lex = polyalign::load_lexicon(o, x, y);
  if (lex->empty()) {
    std::cerr << fmt::format("polyalign: note: no dictionary for {}-{} in {} (nor through English)\n",
                             x, y, o.directory);
  } else {
    std::cerr << fmt::format("polyalign: dictionary for {}-{}: {}\n", x, y, lex->source);
  }
}

// The input and output options of `align` (the others: add_align).
void add_align_files(CLI::App* al, AlignArgs& a) {
  al->add_option("A", a.a_file, "first document (UTF-8 text, or see --input-format)")->required();
  al->add_option("B", a.b_file, "second document (UTF-8 text, or see --input-format)")->required();
  al->add_option("--input-format", a.input_format, kInputFormatHelp)->capture_default_str();
  al->add_option("--xliff-side-a", a.xliff_side_a, "XLIFF A: read the source or the target side")
      ->check(CLI::IsMember({"source", "target"}))
      ->capture_default_str();
  al->add_option("--xliff-side-b", a.xliff_side_b, "XLIFF B: read the source or the target side")
      ->check(CLI::IsMember({"source", "target"}))
      ->capture_default_str();
  al->add_option("--lang-a", a.a_lang, "language of A ('auto' detects it)")->capture_default_str();
  al->add_option("--lang-b", a.b_lang, "language of B ('auto' detects it)")->capture_default_str();
  al->add_flag("--presegmented", a.presegmented,
               "inputs have one sentence per line (line i is sentence i); no re-splitting");
  al->add_option("--format", a.format,
                 "brackets: '[i,j]:[k]:cost' per bead; tsv: a_text<TAB>b_text<TAB>confidence; "
                 "jsonl: {a,b,a_spans,b_spans,cost,confidence} per bead; tmx: TMX 1.4b; "
                 "xliff: XLIFF 1.2 (A the source, B the target, the confidence as "
                 "polyalign:confidence and a note)")
      ->check(CLI::IsMember({"brackets", "tsv", "jsonl", "tmx", "xliff"}))
      ->capture_default_str();
  al->add_option("-o,--output", a.out, "write here (atomically) instead of stdout");
  al->add_flag("--explain", a.explain,
               "jsonl: list per bead the anchors (numbers, names, URLs...) both sides share");
}

CLI::App* add_align(CLI::App& app, AlignArgs& a) {
  CLI::App* al = app.add_subcommand("align", "Align the sentences of two documents.");
  add_align_files(al, a);
  al->add_flag("--no-anchors", a.no_anchors, "length model only (Gale-Church), no anchors");
  al->add_flag("--no-word-links", a.no_word_links, "do not learn word links from a first pass");
  al->add_flag("--no-cognates", a.no_cognates,
               "do not link words spelt alike across the pair (cognates, loanwords)");
  al->add_option("--dictionary", a.dictionary,
                 "bilingual dictionary, one 'word_a<TAB>word_b' per line, used as word links")
      ->check(CLI::ExistingFile);
  add_dictionaries_flag(al, a.dictionaries);
  add_check_dictionaries_flag(al, a.check_dictionaries);
  al->add_option("--anchor-weight", a.anchor_weight,
                 "nats a bead earns per unit of shared anchors (advanced)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->group("Advanced");
  al->add_flag("--fixed-model", a.fixed_model,
               "do not fit the bead priors and cost weights to the pair; use the defaults (advanced)")
      ->group("Advanced");
  al->add_option("--temperature", a.temperature,
                 "posterior temperature of the confidences (advanced; >1 flattens them)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group("Advanced");
  al->add_option("--threads", a.threads,
                 "threads for one pair's independent work (0 = one per hardware thread; output is identical)")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  al->add_flag("-q,--quiet", a.quiet, "no progress indicator on stderr");
  al->add_flag("-v,--verbose", a.verbose,
               "print the estimated length model and a summary on stderr");
  al->add_option("--findings", a.findings,
                 "write the consistency checks' findings here (JSONL, one per line: kind, "
                 "severity, bead, members with sentences and byte spans, message; atomically)");
  al->add_option("--report", a.report,
                 "write the review page here (one self-contained HTML file; atomically)");
  al->add_option("--checks", a.checks,
                 std::string("checks run for --findings and --report: ") + kChecksHelp)
      ->capture_default_str();
  return al;
}

// -v: the alignment's shape, its length model and evidence, the stages' times.
void print_align_summary(const AlignArgs& a, const polyalign::DocumentAlignment& r) {
  std::size_t one_to_one = 0;
  for (const auto& b : r.alignment.beads) one_to_one += b.a.size() == 1 && b.b.size() == 1;
  std::cerr << fmt::format(
      "polyalign: {} ({}, {} sentences) ~ {} ({}, {} sentences): {} beads, {} 1-1; "
      "length model c={:.3f} s2={:.2f}; {} shared anchor cells, {} word links; band {}\n",
      a.a_file, r.a.document.lang, r.a.sentences.size(), a.b_file, r.b.document.lang,
      r.b.sentences.size(), r.alignment.beads.size(), one_to_one, r.alignment.model.c,
      r.alignment.model.s2, r.evidence.nonzeros(), r.word_links, r.alignment.band);
  if (const auto& m = r.alignment.fitted) {
    std::string priors;
    for (const polyalign::BeadType& t : m->bead_types)
      priors += fmt::format("{}{}-{} {:.4f}", priors.empty() ? "" : ", ", t.a, t.b, t.prior);
    std::cerr << fmt::format(
        "polyalign: fitted bead model: priors {}; weights length {:.3f}, shared anchors {:.3f}, "
        "shared links {:.3f}, unmatched anchors {:.3f}, unmatched links {:.3f}, orphan numbers "
        "{:.3f}, paragraph mismatch {:.3f}, pair bias {:.3f}, nothing shared {:.3f}, "
        "lexical agreement {:.3f}\n",
        priors, m->length_weight, m->anchor_weight, m->link_weight, m->unmatched_anchor_weight,
        m->unmatched_link_weight, m->orphan_number_weight, m->paragraph_mismatch_penalty,
        m->pair_bias, m->no_shared_weight, m->lexical_weight);
  }
  std::string times;
  for (const polyalign::StageTiming& t : r.timings)
    times += fmt::format("{}{} {:.3f} s ({} MB)", times.empty() ? "" : ", ", t.stage, t.seconds,
                         t.peak_rss_kb / 1024);
  std::cerr << "polyalign: time (peak memory so far): " << times << '\n';
}

void run_align(const CLI::App& al, const AlignArgs& a) {
  polyalign::AlignJobOptions job;
  polyalign::PipelineOptions& options = job.pipeline;
  options.presegmented = a.presegmented;
  options.anchors = !a.no_anchors;
  options.aligner.anchor_weight = a.anchor_weight;
  options.aligner.posterior_temperature = a.temperature;
  options.aligner.estimate_weights = !a.fixed_model;
  options.threads = a.threads;
  Progress progress(!a.quiet);
  options.progress = progress.callback();
  options.word_links = !a.no_word_links;
  options.cognates = !a.no_cognates;
  if (!a.dictionary.empty()) options.dictionary = polyalign::read_dictionary(a.dictionary);
  options.dictionaries = a.dictionaries;
  if (a.explain && a.format != "jsonl")
    throw std::invalid_argument("--explain needs --format jsonl");
  job.format = polyalign::parse_pair_format(a.format);
  job.checks = polyalign::parse_checks(a.checks);
  job.check_dictionaries = a.check_dictionaries;
  if (al.count("--checks") && a.findings.empty() && a.report.empty()) {
    throw std::invalid_argument("--checks needs --findings FILE or --report FILE");
  }
  job.lang_a = a.a_lang;
  job.lang_b = a.b_lang;
  job.read_a.format = job.read_b.format = polyalign::parse_input_format(a.input_format);
  job.read_a.side = parse_side(a.xliff_side_a);
  job.read_b.side = parse_side(a.xliff_side_b);
  job.explain = a.explain;
  job.output = a.out;
  job.findings = a.findings;
  job.report = a.report;
  job.warning = warn;
  const polyalign::AlignJobResult r = polyalign::run_align_job(a.a_file, a.b_file, job);
  if (a.verbose && r.checked) {
    std::cerr << "polyalign: checks: " << polyalign::findings_summary(r.findings) << '\n';
  }
  if (a.verbose) {
    print_dictionary(a.dictionaries, r.alignment.a.document.lang, r.alignment.b.document.lang);
    print_align_summary(a, r.alignment);
  }
}

// ------------------------------------------------------------- convert

struct ConvertArgs {
  std::string jsonl, a_file, b_file;
  polyalign::ConvertJobOptions job;
};

CLI::App* add_convert(CLI::App& app, ConvertArgs& a) {
  CLI::App* cv = app.add_subcommand(
      "convert",
      "Write an alignment saved as JSONL (by 'align --format jsonl', or corrected on the review "
      "page and saved from it) in another format, reading the sentences from its two documents.");
  cv->add_option("ALIGNMENT", a.jsonl, "the alignment, pair JSONL: {a,b,a_spans,b_spans,confidence} per bead")
      ->required();
  cv->add_option("A", a.a_file, "the first document the spans point into (UTF-8 text)")->required();
  cv->add_option("B", a.b_file, "the second document")->required();
  cv->add_option("--format", a.job.format,
                 "tmx, xliff, tsv, moses (-o PREFIX: PREFIX.<lang A> and PREFIX.<lang B>, one "
                 "line per bead with sentences on both sides), jsonl or brackets")
      ->check(CLI::IsMember({"tmx", "xliff", "tsv", "moses", "jsonl", "brackets"}))
      ->capture_default_str();
  cv->add_option("--lang-a", a.job.lang_a, "language of A ('auto' detects it)")->capture_default_str();
  cv->add_option("--lang-b", a.job.lang_b, "language of B ('auto' detects it)")->capture_default_str();
  cv->add_option("-o,--output", a.job.output, "write here (atomically) instead of stdout");
  return cv;
}

// -------------------------------------------------------------- corpus

struct CorpusArgs {
  std::vector<std::string> paths;
  std::string out, formats = "tmx,tsv,jsonl,moses", input_format = "auto";
  // Every format polyalign reads ("txt,docx,...,pdf").
  std::string extensions = fmt::format("{}", fmt::join(polyalign::input_extensions(), ","));
  double min_confidence = polyalign::CorpusWriteOptions{}.min_confidence;
  unsigned threads = 0;
  bool quiet = false, verbose = false, no_report = false, no_cognates = false;
  std::string dictionaries = "none";
  std::string checks = "all", check_dictionaries = "auto";
  std::string source_lang;
  std::string memory_limit;  // empty: CorpusOptions' default
  bool resume = false;
};

CLI::App* add_corpus(CLI::App& app, CorpusArgs& a) {
  CLI::App* co = app.add_subcommand(
      "corpus",
      "Find which documents are versions of one another (bundles) and align each bundle's "
      "sentences N-way into tuples.");
  co->add_option("PATH", a.paths,
                 "files, or directories searched recursively for text files (hidden files "
                 "skipped)")
      ->required();
  co->add_option("-o,--output", a.out, "output directory (created if missing)")->required();
  co->add_option("--formats", a.formats,
                 "comma-separated: jsonl (<bundle>/alignment.jsonl), tmx (corpus.tmx), tsv "
                 "(corpus.tsv), moses (moses/<l1>-<l2>.<l>); bundles.json is always written")
      ->capture_default_str();
  co->add_option("--min-confidence", a.min_confidence,
                 "Moses files keep a sentence pair from this confidence on (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  co->add_option("--source-lang", a.source_lang,
                 "source language: first <tuv> and srclang of TMX, first column of TSV and of the "
                 "review page (default: the language the others align best against)");
  co->add_option("--extensions", a.extensions,
                 "in directories, read files with these extensions (comma-separated; '*' = "
                 "every file; default: every format polyalign reads; hidden files are skipped)")
      ->capture_default_str();
  co->add_option("--input-format", a.input_format, kInputFormatHelp)->capture_default_str();
  co->add_option("--threads", a.threads,
                 "worker threads (0 = one per hardware thread; output is identical)")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  co->add_option("--memory-limit", a.memory_limit,
                 "memory the run may spend to save time (e.g. 512M, 2G, or bytes; at least "
                 "16M): pair evidence kept between passes, up to what the documents and "
                 "results leave of three quarters of it (at most half), rebuilt past it; "
                 "documents and results are not bounded by it (default: a quarter of "
                 "physical memory; output is identical)")
      ->type_name("SIZE");
  co->add_flag("--resume", a.resume,
               "go on with an interrupted run into the same OUTDIR (same files, same options: "
               "else refused); bundles it finished are kept, only the rest is aligned");
  co->add_flag("-q,--quiet", a.quiet, "no progress indicator on stderr");
  co->add_flag("-v,--verbose", a.verbose,
               "also list every bundle and unmatched file in the summary (else the first 20), "
               "and print every candidate pair checked (and its score) and the files written, "
               "on stderr");
  co->add_option("--checks", a.checks,
                 std::string("consistency checks, written to OUTDIR/findings.jsonl and shown "
                             "in OUTDIR/report.html: ") +
                     kChecksHelp)
      ->capture_default_str();
  co->add_flag("--no-report", a.no_report, "do not write the review page OUTDIR/report.html");
  co->add_flag("--no-cognates", a.no_cognates,
               "do not link words spelt alike across a pair (cognates, loanwords)");
  add_dictionaries_flag(co, a.dictionaries);
  add_check_dictionaries_flag(co, a.check_dictionaries);
  return co;
}

// -v: the files written and every candidate pair checked, on stderr.
void print_corpus_files(const polyalign::CorpusJobResult& job) {
  const polyalign::CorpusResult& r = job.result;
  for (const std::string& f : job.qa_files) std::cerr << "polyalign: wrote " << f << '\n';
  for (const polyalign::PairCheck& c : r.checks) {
    std::cerr << fmt::format("polyalign: check {} ~ {}: candidate {:.3f}, score {:.3f}\n",
                             r.documents[c.a].document.path, r.documents[c.b].document.path,
                             c.candidate_score, c.score);
  }
  for (const std::string& f : job.files) std::cerr << "polyalign: wrote " << f << '\n';
}

void run_corpus(const CorpusArgs& a) {
  polyalign::CorpusJobOptions job;
  job.corpus.threads = a.threads;
  job.corpus.pipeline.cognates = !a.no_cognates;
  job.corpus.pipeline.dictionaries = a.dictionaries;
  job.corpus.read.format = polyalign::parse_input_format(a.input_format);
  if (!a.memory_limit.empty())
    job.corpus.memory_limit = polyalign::parse_memory_size(a.memory_limit, "--memory-limit");
  job.resume = a.resume;
  // For the interruption tests: the process ends itself by SIGTERM (as
  // `kill` does; SIGINT would be ignored in a background job) once this
  // many bundles are saved.
  if (const char* n = std::getenv("POLYALIGN_TEST_INTERRUPT_AFTER_BUNDLES")) {
    auto saved = std::make_shared<std::atomic<unsigned long>>(0);
    job.bundle_saved = [limit = std::stoul(n), saved](const std::string&) {
      if (++*saved == limit) std::raise(SIGTERM);
    };
  }
  job.corpus.extensions.clear();
  if (a.extensions != "*") {
    std::stringstream list(a.extensions);
    for (std::string e; std::getline(list, e, ',');) {
      if (!e.empty()) job.corpus.extensions.push_back(e);
    }
  }
  // The output directory first: a file in its way fails before the options.
  const std::string out = polyalign::corpus_output_dir(a.out);
  job.write.formats = polyalign::parse_corpus_formats(a.formats);
  job.write.min_confidence = a.min_confidence;
  job.write.source_lang = a.source_lang;
  job.checks = polyalign::parse_checks(a.checks);
  job.check_dictionaries = a.check_dictionaries;
  job.report = !a.no_report;
  Progress progress(!a.quiet);
  job.corpus.progress = progress.callback();
  job.aligned = [&](const polyalign::CorpusResult& r) {
    progress.clear();
    for (const polyalign::SkippedFile& s : r.skipped) {
      warn(fmt::format("skipping {}: {}", s.path, s.reason));
    }
  };
  if (a.verbose) job.summary_lines = 0;
  const polyalign::CorpusJobResult r = polyalign::run_corpus_job(a.paths, out, job);
  std::cout << polyalign::corpus_job_summary(r, job);
  if (a.verbose) {
    print_corpus_files(r);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& x : r.result.documents)
      for (const auto& y : r.result.documents)
        if (x.document.lang < y.document.lang) pairs.emplace(x.document.lang, y.document.lang);
    for (const auto& [x, y] : pairs) print_dictionary(a.dictionaries, x, y);
  }
  std::cout.flush();
  if (!std::cout) throw std::runtime_error("stdout: write failed");
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C, kill, a closed terminal: no partial or temporary file is left.
  polyalign::install_interrupt_cleanup();
  // Heap reuse and huge pages for the passes' large arrays.
  polyalign::cli::configure_heap();
  CLI::App app{
      "polyalign: aligns the sentences of documents that translate one another.\n"
      "Run 'polyalign COMMAND --help' for a command's options."};
  app.set_version_flag("--version", std::string(polyalign::kVersion));
  app.require_subcommand(1);
  SegmentArgs seg_args;
  AlignArgs align_args;
  CorpusArgs corpus_args;
  const CLI::App* seg = add_segment(app, seg_args);
  const CLI::App* al = add_align(app, align_args);
  const CLI::App* co = add_corpus(app, corpus_args);
  ConvertArgs convert_args;
  const CLI::App* cv = add_convert(app, convert_args);

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
      run_segment(seg_args);
    } else if (*co) {
      run_corpus(corpus_args);
    } else if (*al) {
      run_align(*al, align_args);
    } else if (*cv) {
      polyalign::run_convert_job(convert_args.jsonl, convert_args.a_file, convert_args.b_file,
                                 convert_args.job);
    }
  } catch (const std::exception& e) {
    std::cerr << "polyalign: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
