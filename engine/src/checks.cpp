// The public entry points of polyalign/checks.h: check names, option
// validation, and the calls into the driver (checks/run.h), which runs the
// check families of engine/src/checks/ (one file per family).
#include "polyalign/checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "checks/run.h"
#include "polyalign/dictionaries.h"

namespace polyalign {

namespace {

constexpr std::string_view kKindNames[kCheckKindCount] = {
    "numbers", "names", "omissions", "length", "untranslated", "inconsistent", "repeated"};
constexpr std::string_view kSeverityNames[3] = {"error", "warning", "info"};

void validate(const CheckOptions& o) {
  auto require = [](bool ok, std::string_view name, double value, std::string_view rule) {
    if (!ok)
      fail_input(fmt::format("CheckOptions::{}", name),
                 fmt::format("must be {}, got {}", rule, value));
  };
  require(o.name_threshold > 0 && o.name_threshold <= 1, "name_threshold", o.name_threshold,
          "in (0, 1]");
  const std::string dir = dictionary_directory(o.dictionaries);
  std::error_code ec;
  if (!dir.empty() && o.dictionaries != "auto" && !std::filesystem::is_directory(dir, ec)) {
    fail_input("CheckOptions::dictionaries",
               fmt::format("must be auto, none or a directory of dictd databases, got '{}'",
                           o.dictionaries));
  }
  require(o.length_max_deviation > 0, "length_max_deviation", o.length_max_deviation, "> 0");
  require(o.length_min_sigma > 0, "length_min_sigma", o.length_min_sigma, "> 0");
  require(o.length_smoothing >= 0, "length_smoothing", o.length_smoothing, ">= 0");
  require(o.length_min_samples >= 2, "length_min_samples", o.length_min_samples, ">= 2");
  require(o.repeat_min_words >= 1, "repeat_min_words", o.repeat_min_words, ">= 1");
  require(o.repeat_min_containment > 0 && o.repeat_min_containment <= 1, "repeat_min_containment",
          o.repeat_min_containment, "in (0, 1]");
  require(o.repeat_min_size_ratio > 0 && o.repeat_min_size_ratio <= 1, "repeat_min_size_ratio",
          o.repeat_min_size_ratio, "in (0, 1]");
}

}  // namespace

std::string_view check_kind_name(CheckKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::vector<CheckKind> all_checks() {
  std::vector<CheckKind> all;
  for (std::size_t k = 0; k < kCheckKindCount; ++k) all.push_back(static_cast<CheckKind>(k));
  return all;
}

std::vector<CheckKind> parse_checks(std::string_view list) {
  std::vector<CheckKind> out;
  const std::vector<std::string_view> names = split_list(list);
  if (names.size() == 1 && names[0] == "all") return all_checks();
  if (names.size() == 1 && names[0] == "none") return out;
  for (std::string_view name : names) {
    const auto* it = std::find(std::begin(kKindNames), std::end(kKindNames), name);
    if (it == std::end(kKindNames)) {
      fail_input("--checks", fmt::format("unknown check '{}' (expected all, none, or a "
                                         "comma-separated list of numbers, names, omissions, "
                                         "length, untranslated, inconsistent, repeated)",
                                         name));
    }
    const auto kind = static_cast<CheckKind>(it - std::begin(kKindNames));
    if (std::find(out.begin(), out.end(), kind) != out.end())
      fail_input("--checks", fmt::format("check '{}' given twice", name));
    out.push_back(kind);
  }
  return out;
}

std::string_view severity_name(Severity severity) {
  return kSeverityNames[static_cast<std::size_t>(severity)];
}

std::vector<Finding> check_corpus(const CorpusResult& result, const CheckOptions& options) {
  validate(options);
  if (options.checks.empty()) return {};
  return checks::run_corpus(result, options);
}

std::vector<Finding> check_pair(const DocumentAlignment& result, const CheckOptions& options) {
  validate(options);
  if (options.checks.empty()) return {};
  return checks::run_pair(result, options);
}

FindingCounts count_findings(const std::vector<Finding>& findings) {
  FindingCounts c;
  for (const Finding& f : findings) {
    ++c.by_kind[static_cast<std::size_t>(f.kind)];
    ++c.by_severity[static_cast<std::size_t>(f.severity)];
    ++c.total;
  }
  return c;
}

}  // namespace polyalign
