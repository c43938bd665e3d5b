#include "corpus_state.h"

#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <system_error>

#include "polyalign/common.h"
#include "polyalign/io.h"

namespace polyalign::corpus_state {

namespace fs = std::filesystem;

namespace {

// A key is a file name of the state directory: letters, digits, '-'.
void check_key(const std::string& key) {
  const bool ok = !key.empty() && key.find_first_not_of(
                                      "abcdefghijklmnopqrstuvwxyz"
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == std::string::npos;
  if (!ok) fail_input("corpus state", fmt::format("not a state key: '{}'", key));
}

nlohmann::ordered_json options_json(const CorpusJobOptions& job) {
  const CorpusOptions& c = job.corpus;
  const PipelineOptions& p = c.pipeline;
  std::vector<std::string> checks;
  for (CheckKind k : job.checks) checks.emplace_back(check_kind_name(k));
  std::vector<int> formats;
  for (CorpusFormat f : job.write.formats) formats.push_back(static_cast<int>(f));
  return {
      {"extensions", c.extensions},
      {"read", {c.read.max_bytes, static_cast<int>(c.read.format), static_cast<int>(c.read.side)}},
      {"candidates",
       {c.max_key_share, c.max_key_documents, c.candidates_per_language,
        c.retry_candidates_per_language, c.max_length_ratio, c.index_decisive_level}},
      {"verify",
       {c.verify_bead_confidence, c.verify_full_evidence, c.verify_prior_sentences,
        c.min_pair_score, c.neutral_pair_score}},
      {"nway",
       {c.corpus_learning, c.pooled_fit_sentences, c.refinement_passes, c.all_pivots,
        c.minimal_tuples, c.third_version_rounds, c.third_version_confidence,
        c.third_version_min_members}},
      {"pipeline",
       {p.detect_language, p.presegmented, p.anchors, p.word_links, p.cognates,
        p.min_parallel_score, p.dictionaries, p.dictionary}},
      {"write", {formats, job.write.min_confidence, job.write.source_lang}},
      {"checks", checks},
      {"check_dictionaries", job.check_dictionaries},
      {"report", job.report}};
}

}  // namespace

std::string state_dir(const std::string& output_dir) {
  return (fs::path(output_dir) / ".resume").string();
}

std::string run_fingerprint(const std::vector<std::string>& files,
                            const CorpusJobOptions& options) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const std::string& f : files) {
    std::error_code size_error, time_error;  // a file gone: it is read as such later
    const std::uintmax_t size = fs::file_size(f, size_error);
    const auto time = fs::last_write_time(f, time_error);
    list.push_back({f, size_error ? 0 : size,
                    time_error ? 0 : static_cast<std::int64_t>(time.time_since_epoch().count())});
  }
  const nlohmann::ordered_json j = {
      {"version", kVersion}, {"options", options_json(options)}, {"files", std::move(list)}};
  return j.dump() + "\n";
}

bool open_state(const std::string& output_dir, const std::string& fingerprint, bool resume) {
  const std::string dir = state_dir(output_dir);
  const std::string run = (fs::path(dir) / "run.json").string();
  std::error_code ec;
  if (resume && fs::exists(run, ec)) {
    if (read_file(run, 1u << 30) != fingerprint)
      fail_input("--resume", fmt::format("{} was written by a run over other files or with other "
                                         "options (run without --resume to start again)",
                                         output_dir));
    return true;
  }
  fs::remove_all(dir, ec);
  if (ec) fail_io(dir, fmt::format("cannot remove an earlier run's state: {}", ec.message()));
  // The output directory first, so that its failure names it (as the
  // writers' would).
  fs::create_directories(output_dir, ec);
  if (ec || !fs::is_directory(output_dir))
    fail_io(output_dir,
            fmt::format("cannot create directory: {}", ec ? ec.message() : "a file is in the way"));
  fs::create_directories(dir, ec);
  if (ec) fail_io(dir, fmt::format("cannot create directory: {}", ec.message()));
  AtomicFile f(run);
  f.stream() << fingerprint;
  f.commit();
  return false;
}

void close_state(const std::string& output_dir) {
  std::error_code ec;
  fs::remove_all(state_dir(output_dir), ec);
  if (ec) fail_io(state_dir(output_dir), fmt::format("cannot remove: {}", ec.message()));
}

StateCheckpoint::StateCheckpoint(std::string output_dir, bool write_bundle_files,
                                 std::function<void(const std::string& bundle_id)> bundle_saved)
    : output_dir_(std::move(output_dir)),
      dir_(state_dir(output_dir_)),
      write_bundle_files_(write_bundle_files),
      bundle_saved_(std::move(bundle_saved)) {}

std::optional<std::string> StateCheckpoint::load(const std::string& key) {
  check_key(key);
  const std::string path = (fs::path(dir_) / key).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return read_file(path, std::uint64_t{1} << 40);
}

void StateCheckpoint::save(const std::string& key, const std::string& bytes) {
  check_key(key);
  AtomicFile f((fs::path(dir_) / key).string());
  f.stream() << bytes;
  f.commit();
  if (bundle_saved_ && key.starts_with("bundle-")) bundle_saved_(key);
}

void StateCheckpoint::bundle_aligned(const CorpusResult& members, const Bundle& bundle) {
  if (write_bundle_files_) write_bundle_file(members, bundle, output_dir_);
}

}  // namespace polyalign::corpus_state
