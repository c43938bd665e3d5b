// read_dictd(): a dictd database read from its files (index and dictzip
// text), no server. dictzip (dictzip(1)) is gzip with a table of chunks in
// the header's extra field for random access; read whole, it is an
// ordinary gzip stream, inflated here with zlib.
#include <zlib.h>

#include <filesystem>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "polyalign/common.h"
#include "polyalign/dictionaries.h"
#include "polyalign/io.h"

namespace polyalign {

namespace {

// dictd's base64 digits (RFC 4648's alphabet, most significant first).
int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// A number of at most 10 digits (60 bits), or -1.
std::int64_t decode_base64(std::string_view s) {
  if (s.empty() || s.size() > 10) return -1;
  std::int64_t v = 0;
  for (char c : s) {
    const int d = base64_digit(c);
    if (d < 0) return -1;
    v = v * 64 + d;
  }
  return v;
}

// The whole gzip file `data` inflated (members one after the other).
std::string inflate_gzip(const std::string& data, const std::string& path,
                         std::uint64_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) fail_io(path, "zlib could not start");
  std::string out;
  char buf[1 << 16];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  std::string error;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      error = fmt::format("inflates to more than {} bytes", max_bytes);
      break;
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      if (inflateReset(&zs) != Z_OK) {
        error = "corrupt gzip data: cannot read the next member";
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      error = "truncated gzip data";
      break;
    }
    if (rc != Z_OK) {
      error = fmt::format("corrupt gzip data ({})", zs.msg ? zs.msg : "zlib error");
      break;
    }
  }
  inflateEnd(&zs);
  if (!error.empty()) fail_input(path, error);
  return out;
}

// The text of the database: name.dict.dz inflated, or name.dict.
std::string read_text(const std::string& index_path, std::uint64_t max_bytes) {
  std::string base = index_path;
  if (base.size() > 6 && base.compare(base.size() - 6, 6, ".index") == 0) base.resize(base.size() - 6);
  const std::string dz = base + ".dict.dz";
  std::error_code ec;
  if (std::filesystem::exists(dz, ec)) return inflate_gzip(read_file(dz, max_bytes), dz, max_bytes);
  return read_file(base + ".dict", max_bytes);
}

}  // namespace

std::vector<DictdEntry> read_dictd(const std::string& index_path, std::uint64_t max_bytes) {
  const std::string index = read_file(index_path, max_bytes);
  const std::string text = read_text(index_path, max_bytes);
  std::vector<DictdEntry> out;
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  std::size_t pos = 0, line_no = 0;
  while (pos < index.size()) {
    std::size_t end = index.find('\n', pos);
    if (end == std::string::npos) end = index.size();
    const std::string_view line(index.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    auto where = [&] { return fmt::format("{}: line {}", index_path, line_no); };
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos)
      fail_input(where(), "expected 'headword<TAB>offset<TAB>length'");
    std::size_t t3 = line.find('\t', t2 + 1);
    if (t3 == std::string_view::npos) t3 = line.size();
    const std::int64_t offset = decode_base64(line.substr(t1 + 1, t2 - t1 - 1));
    const std::int64_t length = decode_base64(line.substr(t2 + 1, t3 - t2 - 1));
    if (offset < 0 || length < 0) fail_input(where(), "offset or length is not dictd base64");
    if (static_cast<std::uint64_t>(offset) + static_cast<std::uint64_t>(length) > text.size()) {
      fail_input(where(), fmt::format("definition at {}+{} is past the end of the text ({} bytes)",
                                      offset, length, text.size()));
    }
    const std::string_view headword = line.substr(0, t1);
    if (headword.rfind("00database", 0) == 0 || headword.rfind("00-database", 0) == 0) continue;
    if (!seen.insert({offset, length}).second) continue;
    out.push_back({std::string(headword),
                   text.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length))});
  }
  return out;
}

}  // namespace polyalign
