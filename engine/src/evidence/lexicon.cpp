// load_lexicon() and BilingualLexicon::links(): FreeDict databases as tables of word
// pairs, per language pair directly or through English, and the links
// they give between two documents.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "polyalign/common.h"
#include "polyalign/dictionaries.h"
#include "polyalign/io.h"

namespace polyalign {

// The word pairs of one database, both ways: lines "source<TAB>target\n"
// sorted by source (forward) and "target<TAB>source\n" sorted by target
// (inverted), each stable, so a word's translations keep the database's
// order (its first senses first).
struct BilingualLexicon::Table {
  std::string name;  // "freedict-eng-deu"
  // The bytes: built here (`built`) or the cache file mapped (`mapped`);
  // section[0] forward, section[1] inverted.
  std::string built;
  const char* mapped = nullptr;
  std::size_t mapped_size = 0;
  std::string_view section[2];

  Table() = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  ~Table() {
    if (mapped) ::munmap(const_cast<char*>(mapped), mapped_size);
  }

  // The lines of `word` in section k: [first, last) byte offsets. A
  // binary search over the bytes (a probe backs up to its line's start),
  // so that a table needs no index of its lines: opening a cached table
  // costs a mapping, not a pass over millions of lines.
  std::pair<std::size_t, std::size_t> range(int k, std::string_view word) const {
    const std::string_view t = section[k];
    std::size_t lo = 0, hi = t.size();  // lo: a line start
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      std::size_t start = mid;
      while (start > lo && t[start - 1] != '\n') --start;
      std::size_t end = t.find('\n', start);
      end = end == std::string_view::npos ? t.size() : end + 1;
      if (key_at(k, start) < word) lo = end; else hi = start;
    }
    std::size_t last = lo;
    while (last < t.size() && key_at(k, last) == word) {
      const std::size_t nl = t.find('\n', last);
      last = nl == std::string_view::npos ? t.size() : nl + 1;
    }
    return {lo, last};
  }
  std::string_view key_at(int k, std::size_t start) const {
    const std::string_view s = section[k].substr(start);
    return s.substr(0, std::min(s.find('\t'), s.find('\n')));
  }
  // The value of the line at `start`, and the next line's start.
  std::pair<std::string_view, std::size_t> value_at(int k, std::size_t start) const {
    std::string_view s = section[k].substr(start);
    const std::size_t nl = s.find('\n');
    const std::size_t next = nl == std::string_view::npos ? section[k].size() : start + nl + 1;
    s = s.substr(0, nl);
    const std::size_t tab = s.find('\t');
    return {tab == std::string_view::npos ? std::string_view() : s.substr(tab + 1), next};
  }
};

namespace {

constexpr std::string_view kCacheMagic = "polyalign-freedict-pairs 1";

struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

FileStamp stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<std::uint64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::string text_path(const std::string& index_path) {
  const std::string base = index_path.substr(0, index_path.size() - 6);  // ".index"
  std::error_code ec;
  return std::filesystem::exists(base + ".dict.dz", ec) ? base + ".dict.dz" : base + ".dict";
}

std::string cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/polyalign";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/polyalign";
  return {};
}

// FNV-1a: a stable name for the cache file of an index path.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string cache_header(const std::string& index_path, std::size_t forward_bytes) {
  const FileStamp i = stamp(index_path), t = stamp(text_path(index_path));
  return fmt::format("{} {} {} {} {} {}\n", kCacheMagic, i.size, i.mtime_ns, t.size, t.mtime_ns,
                     forward_bytes);
}

// Builds both tables from the database.
void build_table(BilingualLexicon::Table& table, const std::string& index_path) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::set<std::pair<std::string, std::string>> seen;
  for (const DictdEntry& e : read_dictd(index_path)) {
    for (auto& p : freedict_word_pairs(e.definition)) {
      if (seen.insert(p).second) pairs.push_back(std::move(p));
    }
  }
  std::string text[2];
  for (int k = 0; k < 2; ++k) {
    std::vector<std::size_t> order(pairs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto src = [&](std::size_t i) -> const std::string& { return k == 0 ? pairs[i].first : pairs[i].second; };
    auto dst = [&](std::size_t i) -> const std::string& { return k == 0 ? pairs[i].second : pairs[i].first; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return src(x) < src(y); });
    std::string& t = text[k];
    for (std::size_t i : order) {
      t += src(i);
      t += '\t';
      t += dst(i);
      t += '\n';
    }
  }
  table.built = text[0] + text[1];
  table.section[0] = std::string_view(table.built).substr(0, text[0].size());
  table.section[1] = std::string_view(table.built).substr(text[0].size());
}

// The cached tables, if the cache file exists and matches the database:
// the file mapped, not read (pages come in as lookups touch them).
bool read_cache(BilingualLexicon::Table& table, const std::string& index_path,
                const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  void* p = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return false;
  table.mapped = static_cast<const char*>(p);
  table.mapped_size = static_cast<std::size_t>(st.st_size);
  const std::string_view data(table.mapped, table.mapped_size);
  const std::size_t nl = data.find('\n');
  if (nl == std::string_view::npos || nl > 256) return false;
  const std::string header(data.substr(0, nl + 1));
  const std::size_t forward = std::strtoull(header.c_str() + header.rfind(' ') + 1, nullptr, 10);
  if (header != cache_header(index_path, forward) || forward > data.size() - nl - 1) return false;
  table.section[0] = data.substr(nl + 1, forward);
  table.section[1] = data.substr(nl + 1 + forward);
  return true;
}

void write_cache(const BilingualLexicon::Table& table, const std::string& index_path, const std::string& path) {
  try {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    AtomicFile out(path);
    out.stream() << cache_header(index_path, table.section[0].size()) << table.section[0]
                 << table.section[1];
    out.commit();
  } catch (const std::exception&) {
    // The cache only saves time: a read-only home directory costs the
    // database's reading on every run, nothing else.
  }
}

std::shared_ptr<const BilingualLexicon::Table> load_table(const std::string& index_path, bool cache) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const BilingualLexicon::Table>> loaded;
  const std::lock_guard<std::mutex> lock(mutex);
  if (auto it = loaded.find(index_path); it != loaded.end()) return it->second;
  auto table = std::make_shared<BilingualLexicon::Table>();
  table->name = std::filesystem::path(index_path).stem().string();
  const std::string dir = cache ? cache_dir() : std::string();
  const std::string path =
      dir.empty() ? std::string()
                  : fmt::format("{}/{}-{:016x}.pairs", dir, table->name, fnv1a(index_path));
  if (path.empty() || !read_cache(*table, index_path, path)) {
    table = std::make_shared<BilingualLexicon::Table>();  // a stale mapping unmapped
    table->name = std::filesystem::path(index_path).stem().string();
    build_table(*table, index_path);
    if (!path.empty()) write_cache(*table, index_path, path);
  }
  loaded.emplace(index_path, table);
  return table;
}

// Calls f(translation) for `word`'s first `max` translations on `side`.
template <typename F>
void each_translation(const std::shared_ptr<const BilingualLexicon::Table>& table, bool inverted,
                      std::string_view word, std::uint32_t max, F&& f) {
  const int k = inverted ? 1 : 0;
  auto [pos, last] = table->range(k, word);
  for (std::uint32_t n = 0; n < max && pos < last; ++n) {
    auto [value, next] = table->value_at(k, pos);
    f(value);
    pos = next;
  }
}

// Which words of f's vocabulary may be linked: those of a sentence
// (f.words), less the `skip` most frequent (ties to the earlier id).
std::vector<std::uint8_t> present_words(const DocumentFeatures& f, std::uint32_t skip) {
  std::vector<std::uint32_t> count(f.vocabulary.size(), 0);
  for (std::uint32_t w : f.words) ++count[w];
  std::vector<std::uint8_t> present(f.vocabulary.size(), 0);
  for (std::size_t w = 0; w < count.size(); ++w) present[w] = count[w] > 0;
  std::vector<std::uint32_t> order(count.size());
  for (std::uint32_t w = 0; w < order.size(); ++w) order[w] = w;
  const std::size_t k = std::min<std::size_t>(skip, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](std::uint32_t x, std::uint32_t y) {
                      return count[x] != count[y] ? count[x] > count[y] : x < y;
                    });
  for (std::size_t i = 0; i < k; ++i) present[order[i]] = 0;
  return present;
}

}  // namespace

std::string dictionary_directory(std::string_view setting) {
  if (setting == "auto") return DictionaryOptions{}.directory;
  if (setting == "none") return {};
  return std::string(setting);
}

std::string_view freedict_code(std::string_view code) {
  static const std::map<std::string_view, std::string_view> codes = {
      {"af", "afr"}, {"ar", "ara"}, {"bg", "bul"}, {"br", "bre"}, {"ca", "cat"}, {"cs", "ces"},
      {"cy", "cym"}, {"da", "dan"}, {"de", "deu"}, {"el", "ell"}, {"en", "eng"}, {"eo", "epo"},
      {"es", "spa"}, {"fi", "fin"}, {"fr", "fra"}, {"ga", "gle"}, {"gd", "gla"}, {"hi", "hin"},
      {"hr", "hrv"}, {"hu", "hun"}, {"id", "ind"}, {"is", "isl"}, {"it", "ita"}, {"ja", "jpn"},
      {"ku", "kur"}, {"la", "lat"}, {"lt", "lit"}, {"mk", "mkd"}, {"nb", "nob"}, {"nl", "nld"},
      {"nn", "nno"}, {"no", "nor"}, {"oc", "oci"}, {"pl", "pol"}, {"pt", "por"}, {"ru", "rus"},
      {"sa", "san"}, {"sk", "slk"}, {"sl", "slv"}, {"sr", "srp"}, {"sv", "swe"}, {"sw", "swh"},
      {"tr", "tur"}, {"uk", "ukr"}, {"wo", "wol"}};
  const auto it = codes.find(code);
  return it == codes.end() ? std::string_view() : it->second;
}

std::shared_ptr<const BilingualLexicon> load_lexicon(const DictionaryOptions& options, std::string_view x,
                                            std::string_view y) {
  auto lex = std::make_shared<BilingualLexicon>();
  lex->options_ = options;
  const std::string& dir = options.directory;
  const std::string_view cx = freedict_code(x), cy = freedict_code(y);
  if (dir.empty() || dir == "none" || cx.empty() || cy.empty() || cx == cy) return lex;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) fail_io(dir, "not a directory of dictd files");
  auto index = [&](std::string_view s, std::string_view t) {
    return fmt::format("{}/freedict-{}-{}.index", dir, s, t);
  };
  // Sides of s -> t: the database s-t forward, t-s inverted.
  auto sides = [&](std::string_view s, std::string_view t) {
    std::vector<BilingualLexicon::Side> out;
    std::error_code e;
    if (std::filesystem::exists(index(s, t), e)) out.push_back({load_table(index(s, t), options.cache), false});
    if (std::filesystem::exists(index(t, s), e)) out.push_back({load_table(index(t, s), options.cache), true});
    return out;
  };
  auto describe = [](const std::vector<BilingualLexicon::Side>& list) {
    std::string s;
    for (const auto& side : list) {
      if (!s.empty()) s += " + ";
      s += side.table->name + (side.inverted ? " (inverted)" : "");
    }
    return s;
  };
  lex->direct_ = sides(cx, cy);
  if (!lex->direct_.empty()) {
    lex->source = describe(lex->direct_);
  } else if (cx != "eng" && cy != "eng") {
    auto from = sides(cx, "eng"), to = sides("eng", cy);
    if (!from.empty() && !to.empty()) {
      lex->source = describe(from) + " > " + describe(to);
      lex->pivot_from_ = std::move(from);
      lex->pivot_to_ = std::move(to);
    }
  }
  return lex;
}

std::vector<std::string> BilingualLexicon::translations(std::string_view word, std::uint32_t max) const {
  std::vector<std::string> out;
  const auto add = [&](std::string_view t) { out.emplace_back(t); };
  for (const Side& side : direct_) each_translation(side.table, side.inverted, word, max, add);
  for (const Side& side : pivot_from_) each_translation(side.table, side.inverted, word, max, add);
  return out;
}

std::vector<WordLink> BilingualLexicon::links(const DocumentFeatures& a, const DocumentFeatures& b) const {
  std::vector<WordLink> out;
  if (empty() || a.vocabulary.empty() || b.vocabulary.empty()) return out;
  const std::vector<std::uint8_t> present_a = present_words(a, options_.skip_frequent),
                                  present_b = present_words(b, options_.skip_frequent);
  std::unordered_map<std::string_view, std::uint32_t> idb;
  for (std::uint32_t w = 0; w < b.vocabulary.size(); ++w)
    if (present_b[w]) idb.emplace(b.vocabulary[w], w);
  const std::uint32_t max = options_.max_translations;
  for (std::uint32_t x = 0; x < a.vocabulary.size(); ++x) {
    if (!present_a[x]) continue;
    const std::string& word = a.vocabulary[x];
    auto link = [&](std::string_view t, double strength) {
      if (auto it = idb.find(t); it != idb.end()) out.push_back({x, it->second, strength});
    };
    for (const Side& side : direct_) {
      each_translation(side.table, side.inverted, word, max,
                       [&](std::string_view t) { link(t, options_.direct_strength); });
    }
    if (pivot_from_.empty()) continue;
    // Through English: only where neither step branches much (a word of x
    // with few English senses, each with few translations into y).
    std::vector<std::string_view> english;
    for (const Side& side : pivot_from_) {
      each_translation(side.table, side.inverted, word, max, [&](std::string_view e) {
        if (std::find(english.begin(), english.end(), e) == english.end()) english.push_back(e);
      });
    }
    if (english.size() > options_.max_pivot_fanout) continue;
    for (std::string_view e : english) {
      std::vector<std::string_view> targets;
      for (const Side& side : pivot_to_) {
        each_translation(side.table, side.inverted, e, max, [&](std::string_view t) {
          if (std::find(targets.begin(), targets.end(), t) == targets.end()) targets.push_back(t);
        });
      }
      if (targets.size() > options_.max_pivot_fanout) continue;
      for (std::string_view t : targets) link(t, options_.pivot_strength);
    }
  }
  // One link per pair of words, the strongest.
  std::sort(out.begin(), out.end(), [](const WordLink& p, const WordLink& q) {
    if (p.word_a != q.word_a) return p.word_a < q.word_a;
    if (p.word_b != q.word_b) return p.word_b < q.word_b;
    return p.strength > q.strength;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const WordLink& p, const WordLink& q) {
                          return p.word_a == q.word_a && p.word_b == q.word_b;
                        }),
            out.end());
  return out;
}

}  // namespace polyalign
