// polyalign/common.h — small types shared by every stage, and the one place
// where errors get their context.
//
// Errors: the public API throws
//   std::invalid_argument  for bad input (invalid UTF-8, NUL bytes, bad option)
//   std::runtime_error     for I/O and ICU failures
// always through `fail_input()` / `fail_io()` below, so that every message
// names what was being read and where ("file.txt: byte 1234: invalid UTF-8
// sequence (truncated 3-byte sequence)"). Nothing throws inside hot loops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace polyalign {

inline constexpr std::string_view kVersion = "0.1.0";

// A half-open byte range [start, end) into a document's original bytes.
struct ByteSpan {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t size() const { return end - start; }
  bool operator==(const ByteSpan&) const = default;
};

// A half-open range [begin, end) of sentence indices within one document.
// Beads and tuples hold one per document; an empty range is an
// insertion/omission on that side.
struct SentenceRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  bool operator==(const SentenceRange&) const = default;
};

// Throws std::invalid_argument("<where>: <what>").
[[noreturn]] void fail_input(std::string_view where, std::string_view what);
// Throws std::runtime_error("<where>: <what>").
[[noreturn]] void fail_io(std::string_view where, std::string_view what);

// Splits an option's comma-separated list ("tmx, tsv") into its items,
// spaces around each removed; empty items are kept for the caller to reject.
std::vector<std::string_view> split_list(std::string_view list);

}  // namespace polyalign
