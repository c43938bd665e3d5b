// Zip containers (docx, odt) through libzip, read from memory.
#include <fmt/format.h>
#include <zip.h>

#include "builder.h"

namespace polyalign::input {

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  std::string where;
  std::uint64_t limit = 0;   // InputLimits::max_unpacked_bytes
  std::uint64_t budget = 0;  // uncompressed bytes still allowed
};

bool looks_like_zip(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\3\4", 4); }

ZipArchive::ZipArchive(std::string_view bytes, std::string_view where,
                       std::uint64_t max_unpacked_bytes)
    : impl_(new Impl) {
  impl_->where = std::string(where);
  impl_->limit = max_unpacked_bytes;
  impl_->budget = max_unpacked_bytes;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source != nullptr) {
    impl_->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (impl_->zip == nullptr) zip_source_free(source);
  }
  if (impl_->zip == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    delete impl_;
    fail_input(where, fmt::format("not a readable zip archive ({})", why));
  }
  zip_error_fini(&error);
}

ZipArchive::~ZipArchive() {
  if (impl_->zip != nullptr) zip_discard(impl_->zip);
  delete impl_;
}

bool ZipArchive::has(std::string_view name) const {
  return zip_name_locate(impl_->zip, std::string(name).c_str(), 0) >= 0;
}

std::string ZipArchive::read(std::string_view name) {
  const std::string n(name);
  const std::string where = fmt::format("{}: {}", impl_->where, n);
  const zip_int64_t index = zip_name_locate(impl_->zip, n.c_str(), 0);
  if (index < 0) fail_input(impl_->where, fmt::format("the archive has no {}", n));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(impl_->zip, index, 0, &st) != 0)
    fail_input(where, zip_strerror(impl_->zip));
  auto too_big = [&](std::uint64_t size) {
    fail_input(where, fmt::format("uncompressing it passes the limit of {} bytes for the whole "
                                  "archive (at {} bytes of it; a zip bomb?)",
                                  impl_->limit, size));
  };
  // The declared size first (cheap), then the bytes actually inflated: a
  // zip may lie about its sizes.
  if ((st.valid & ZIP_STAT_SIZE) && st.size > impl_->budget) too_big(st.size);
  zip_file_t* f = zip_fopen_index(impl_->zip, index, 0);
  if (f == nullptr) fail_input(where, zip_strerror(impl_->zip));
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const zip_int64_t got = zip_fread(f, buf, sizeof buf);
    if (got < 0) {
      const std::string why = zip_file_strerror(f);
      zip_fclose(f);
      fail_input(where, fmt::format("damaged member ({})", why));
    }
    if (got == 0) break;
    if (out.size() + static_cast<std::uint64_t>(got) > impl_->budget) {
      zip_fclose(f);
      too_big(out.size() + static_cast<std::uint64_t>(got));
    }
    out.append(buf, static_cast<std::size_t>(got));
  }
  zip_fclose(f);
  impl_->budget -= out.size();
  return out;
}

}  // namespace polyalign::input
