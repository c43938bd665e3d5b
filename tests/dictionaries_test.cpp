// Bilingual dictionaries from dictd databases (dictionaries.h): FreeDict
// definitions as word pairs, small databases written here (dictzip =
// gzip, and plain .dict), bad databases, lexicons direct, inverted and
// through English, their links in an alignment, and the FreeDict
// databases Debian installs when they are there.
#include <doctest/doctest.h>
#include <zlib.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "polyalign/dictionaries.h"
#include "polyalign/pipeline.h"
#include "polyalign/checks.h"
#include "polyalign/corpus.h"
#include "test_pairs.h"

using polyalign::DictionaryOptions;
using polyalign::DocumentFeatures;
using polyalign::WordLink;
using polyalign::testing::presegmented;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory.
std::string temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("polyalign-dict-test-" + name + "-" +
                                                  std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

// XDG_CACHE_HOME pointed at a fresh directory for the guard's lifetime
// (the dictionary cache is written there), then restored and removed.
class CacheHome {
 public:
  explicit CacheHome(const std::string& name) : dir_(temp_dir(name)) {
    const char* old = std::getenv("XDG_CACHE_HOME");
    had_ = old != nullptr;
    if (had_) saved_ = old;
    ::setenv("XDG_CACHE_HOME", dir_.c_str(), 1);
  }
  ~CacheHome() {
    if (had_) ::setenv("XDG_CACHE_HOME", saved_.c_str(), 1); else ::unsetenv("XDG_CACHE_HOME");
    fs::remove_all(dir_);
  }
  const std::string& dir() const { return dir_; }
  CacheHome(const CacheHome&) = delete;
  CacheHome& operator=(const CacheHome&) = delete;

 private:
  std::string dir_, saved_;
  bool had_ = false;
};

// The tuples of the names findings of `pair` with CheckOptions::dictionaries
// = `setting`.
template <typename Pair>
std::vector<std::size_t> name_finding_tuples(const Pair& pair, const std::string& setting) {
  polyalign::CheckOptions o;
  o.checks = {polyalign::CheckKind::kNames};
  o.dictionaries = setting;
  std::vector<std::size_t> out;
  for (const polyalign::Finding& f : polyalign::check_pair(pair, o)) out.push_back(f.tuple);
  return out;
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void write_gzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

std::string base64(std::size_t v) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 64]);
    v /= 64;
  } while (v);
  return s;
}

// Writes database `name` in `dir`: the definitions one after the other in
// name.dict.dz (gzip) or name.dict, and an index line per headword.
void write_database(const std::string& dir, const std::string& name,
                    const std::vector<std::pair<std::string, std::string>>& entries,
                    bool gzip = true) {
  std::string text = "00-database-info\nA test database.\n", index;
  index += "00databaseinfo\tA\t" + base64(text.size()) + "\n";
  for (const auto& [head, def] : entries) {
    index += head + "\t" + base64(text.size()) + "\t" + base64(def.size()) + "\n";
    text += def;
  }
  write(dir + "/" + name + ".index", index);
  if (gzip) {
    write_gzip(dir + "/" + name + ".dict.dz", text);
  } else {
    write(dir + "/" + name + ".dict", text);
  }
}

DocumentFeatures features(const std::string& text, const std::string& lang) {
  polyalign::FeatureOptions fo;
  fo.words = true;
  fo.max_word_sentences = 0;
  fo.anchors.lang = lang;
  return polyalign::compute_features(presegmented(text, lang), fo);
}

// The links as (word of a, word of b, strength) strings, sorted.
std::vector<std::string> spelled(const std::vector<WordLink>& links, const DocumentFeatures& a,
                                 const DocumentFeatures& b) {
  std::vector<std::string> out;
  for (const WordLink& l : links)
    out.push_back(a.vocabulary[l.word_a] + "=" + b.vocabulary[l.word_b] + "@" +
                  std::to_string(l.strength).substr(0, 3));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("freedict_word_pairs: the layouts of FreeDict's sources") {
  struct Case {
    const char* name;
    const char* definition;
    Pairs pairs;
  };
  const Case cases[] = {
      {"Ding: grammar, domain, examples and references dropped",
       "government /ɡˈʌvənmənt/ (Gov. /ɡˈɒv/, ) (Govt. /ɡˈɒvt/)\nRegierung <fem> [pol.]\n"
       "      \"government in exile\"  - Exilregierung\n   Synonym: {administration}\n\n"
       " see: {governments}\n",
       {{"government", "regierung"}}},
      {"Ding: placeholders and several translations",
       "say sth. /sˈeɪ/ (said /sˈɛd/ <>, said /sˈɛd/ <>)\netw. sagen, etw. äußern <v, trans>\n",
       {{"say", "sagen"}, {"say", "äußern"}}},
      {"Ding: a fragment is no word",
       "government /ɡˈʌvənmənt/\nstaatlich, Staats… <adj> [pol.]\n",
       {{"government", "staatlich"}}},
      {"WikDict: numbered senses, glosses in the source language skipped",
       "house //haʊs// //hʌʊs// <n>\n1. balai, rumah\narchetypal structure of a human abode\n"
       "2. bilik, kamar\ndebating chamber\n",
       {{"house", "balai"}, {"house", "rumah"}, {"house", "bilik"}, {"house", "kamar"}}},
      {"WikDict: one sense, then its gloss",
       "government //ˈɡɐvmɘnt// <n>\npemerintah\nbody with the power to make laws\n",
       {{"government", "pemerintah"}}},
      {"WikDict: a dangling sense number",
       "maison /mɛ.zɔ̃/ <n, fem>\n1. Haus 2.\nBâtiment servant de logis\n 3.\nMaisonnée\n"
       "2. Heim, Haus\nFoyer\n",
       {{"maison", "haus"}, {"maison", "heim"}}},
      {"Hindi: Devanagari, a phrase of two words dropped",
       "house /hˈaʊs/ <V>\n1. घरमें ठहराना\n", {}},
      {"Hindi: one word", "government /ɡˈʌvənmənt/ <N>\n1. सरकार\n      \"example\"\n",
       {{"government", "सरकार"}}},
      {"function words around one content word", "to pronounce\nder Hund\n",
       {{"pronounce", "hund"}}},
      {"a multi-word headword is no word", "open house\nTag der offenen Tür\n", {}},
      {"a word spelt alike on both sides is left out", "Hotel\nhotel, Gasthaus\n",
       {{"hotel", "gasthaus"}}},
      {"no translation line", "lonely\n", {}},
      {"empty", "", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(polyalign::freedict_word_pairs(c.definition) == c.pairs);
  }
}

TEST_CASE("read_dictd: dictzip and plain text, one entry per definition") {
  const std::string dir = temp_dir("read");
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"Haus", "Haus /haʊ̯s/\nhouse <n>\n"},
      {"Regierung", "Regierung\ngovernment\n"},
  };
  for (bool gzip : {true, false}) {
    CAPTURE(gzip);
    const std::string name = gzip ? "freedict-deu-eng" : "plain";
    write_database(dir, name, entries, gzip);
    // A second headword for one definition: read once.
    std::ofstream(dir + "/" + name + ".index", std::ios::app)
        << "Hause\t" << base64(std::string("00-database-info\nA test database.\n").size()) << "\t"
        << base64(entries[0].second.size()) << "\n";
    const auto read = polyalign::read_dictd(dir + "/" + name + ".index");
    REQUIRE(read.size() == 2);
    CHECK(read[0].headword == "Haus");
    CHECK(read[0].definition == entries[0].second);
    CHECK(read[1].definition == entries[1].second);
  }
  fs::remove_all(dir);
}

TEST_CASE("read_dictd: bad databases give one-line errors naming the file") {
  const std::string dir = temp_dir("bad");
  const std::string text = "Haus\nhouse\n";
  write_gzip(dir + "/good.dict.dz", text);
  const std::string good_dz = [&] {
    std::ifstream in(dir + "/good.dict.dz", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  struct Case {
    const char* name;
    std::string index, dz;
    const char* message;
  };
  std::string corrupt = good_dz;
  corrupt[good_dz.size() / 2] ^= 0x55;
  corrupt[good_dz.size() / 2 + 1] ^= 0x55;
  const Case cases[] = {
      {"a truncated index line", "Haus\tA\n", good_dz, "line 1: expected"},
      {"not base64", "Haus\tA\tL!\n", good_dz, "not dictd base64"},
      {"an offset past the end", "Haus\tA\tL\nHund\tZZ\tB\n", good_dz, "line 2: definition at"},
      {"a length past the end", "Haus\tA\tZZZ\n", good_dz, "past the end"},
      {"corrupt gzip data", "Haus\tA\tL\n", corrupt, "gzip"},
      {"truncated gzip data", "Haus\tA\tL\n", good_dz.substr(0, good_dz.size() - 9), "gzip data"},
      {"not gzip at all", "Haus\tA\tL\n", "Haus\nhouse\n", "corrupt gzip data"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    write(dir + "/bad.index", c.index);
    write(dir + "/bad.dict.dz", c.dz);
    try {
      polyalign::read_dictd(dir + "/bad.index");
      FAIL("no error");
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      CHECK(what.find(dir + "/bad.") != std::string::npos);
      CHECK(what.find(c.message) != std::string::npos);
      CHECK(what.find('\n') == std::string::npos);
    }
  }
  CHECK_THROWS_AS(polyalign::read_dictd(dir + "/missing.index"), std::runtime_error);
  fs::remove_all(dir);
}

TEST_CASE("load_lexicon: direct both ways, through English, or none") {
  const std::string dir = temp_dir("lexicon");
  write_database(dir, "freedict-deu-eng", {{"Haus", "Haus\nhouse, home\n"},
                                           {"Regierung", "Regierung\ngovernment\n"},
                                           {"Bank", "Bank\nbank, bench, desk, counter\n"}});
  write_database(dir, "freedict-eng-deu", {{"mayor", "mayor\nBürgermeister\n"}});
  write_database(dir, "freedict-eng-hin",
                 {{"house", "house\n1. घर\n"}, {"government", "government\n1. सरकार\n"},
                  {"bank", "bank\n1. बैंक\n"}, {"home", "home\n1. घर\n"}});
  DictionaryOptions o;
  o.directory = dir;
  o.cache = false;
  o.skip_frequent = 0;  // documents of a few words

  const auto de_en = polyalign::load_lexicon(o, "de", "en");
  CHECK(de_en->source == "freedict-deu-eng + freedict-eng-deu (inverted)");
  const DocumentFeatures de = features("Das Haus der Regierung.\nDer Bürgermeister.\nDie Bank.\n", "de");
  const DocumentFeatures en = features("The government house.\nThe mayor.\nThe bank.\n", "en");
  CHECK(spelled(de_en->links(de, en), de, en) ==
        std::vector<std::string>{"bürgermeister=mayor@1.0", "haus=house@1.0",
                                 "regierung=government@1.0"});

  // The most frequent words of each document are not linked
  // (DictionaryOptions::skip_frequent; ties to the earlier word): here
  // der, das, haus and the, government, house.
  DictionaryOptions frequent = o;
  frequent.skip_frequent = 3;
  CHECK(spelled(polyalign::load_lexicon(frequent, "de", "en")->links(de, en), de, en) ==
        std::vector<std::string>{"bürgermeister=mayor@1.0"});

  // de -> en -> hi: "Haus" reaches घर twice, linked once; "Bank" only
  // through words of its own spelling (left out: cognates link those).
  const auto de_hi = polyalign::load_lexicon(o, "de", "hi");
  CHECK(de_hi->source == "freedict-deu-eng + freedict-eng-deu (inverted) > freedict-eng-hin");
  const DocumentFeatures hi = features("सरकार का घर।\nबैंक।\n", "hi");
  CHECK(spelled(de_hi->links(de, hi), de, hi) ==
        std::vector<std::string>{"haus=घर@0.5", "regierung=सरकार@0.5"});
  // hi -> de: both steps inverted.
  const auto hi_de = polyalign::load_lexicon(o, "hi", "de");
  CHECK(hi_de->source == "freedict-eng-hin (inverted) > freedict-eng-deu + freedict-deu-eng (inverted)");
  CHECK(spelled(hi_de->links(hi, de), hi, de) ==
        std::vector<std::string>{"घर=haus@0.5", "सरकार=regierung@0.5"});

  // translations(): of a headword either way, or into English first.
  CHECK(de_en->translations("haus", 8) == std::vector<std::string>{"house", "home"});
  CHECK(de_en->translations("bürgermeister", 8) == std::vector<std::string>{"mayor"});  // inverted
  CHECK(de_en->translations("haus", 1) == std::vector<std::string>{"house"});
  CHECK(de_en->translations("mayor", 8).empty());
  CHECK(hi_de->translations("घर", 8) == std::vector<std::string>{"house", "home"});
  CHECK(polyalign::load_lexicon(o, "de", "uk")->empty());
  CHECK(polyalign::load_lexicon(o, "de", "uk")->translations("haus", 8).empty());
  CHECK(polyalign::load_lexicon(o, "de", "uk")->source.empty());
  CHECK(polyalign::load_lexicon(o, "de", "de")->empty());
  CHECK(polyalign::load_lexicon(o, "en", "xx")->empty());
  o.directory = "none";
  CHECK(polyalign::load_lexicon(o, "de", "en")->empty());
  o.directory = dir + "/missing";
  CHECK_THROWS_AS(polyalign::load_lexicon(o, "de", "en"), std::runtime_error);
  fs::remove_all(dir);
}

TEST_CASE("load_lexicon: the word pairs cached beside the database's stamp") {
  const std::string dir = temp_dir("cache");
  const CacheHome cache_home("cache-home");
  write_database(dir, "freedict-fra-eng", {{"maison", "maison\nhouse\n"}});
  DictionaryOptions o;
  o.directory = dir;
  CHECK(!polyalign::load_lexicon(o, "fr", "en")->empty());
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(cache_home.dir() + "/polyalign")) files.push_back(e.path());
  REQUIRE(files.size() == 1);
  std::ifstream in(files[0]);
  std::string header, forward, inverted;
  std::getline(in, header);
  std::getline(in, forward);
  std::getline(in, inverted);
  CHECK(header.rfind("polyalign-freedict-pairs 1 ", 0) == 0);
  CHECK(forward == "maison\thouse");
  CHECK(inverted == "house\tmaison");
  fs::remove_all(dir);
}

TEST_CASE("PipelineOptions::dictionaries: the dictionary's links reach the alignment") {
  const std::string dir = temp_dir("pipeline");
  write_database(dir, "freedict-deu-eng",
                 {{"Hund", "Hund\ndog\n"}, {"Katze", "Katze\ncat\n"}, {"Vogel", "Vogel\nbird\n"}});
  // A first line of 120 made-up words on each side: the documents' most
  // frequent words (DictionaryOptions::skip_frequent, ties to the earlier
  // word), which are not linked.
  std::string filler_a, filler_b;
  for (char x = 'a'; x < 'a' + 12; ++x)
    for (char y = 'a'; y < 'a' + 10; ++y) {
      filler_a += std::string("qu") + x + y + "o ";
      filler_b += std::string("zy") + y + x + "e ";
    }
  // The cache (written for `dir`) goes to a directory of the test's own.
  const CacheHome cache_home("pipeline-cache");
  auto run = [&](const std::string& setting) {
    polyalign::PipelineOptions o;
    o.presegmented = true;
    o.dictionaries = setting;
    polyalign::Document a{"", "de", filler_a + "\nDer Hund schläft.\nDie Katze frisst.\nEin Vogel singt.\n"};
    polyalign::Document b{"", "en", filler_b + "\nThe dog sleeps.\nThe cat eats.\nA bird sings.\n"};
    return polyalign::align_documents(a, b, o).word_links;
  };
  CHECK(run(dir) >= run("none") + 3);
  fs::remove_all(dir);
}

TEST_CASE("CheckOptions::dictionaries: a name translated word by word is not missing") {
  const std::string dir = temp_dir("checks");
  write_database(dir, "freedict-eng-ind",
                 {{"prison", "prison\npenjara\n"}, {"service", "service\nlayanan\n"}});
  const CacheHome cache_home("checks-cache");
  // Indonesian keeps the English name once, translates it once ("Layanan
  // Penjara") and leaves it out once.
  const auto r = polyalign::testing::make_pair(
      {"The Prison Service opened a new office in Leeds.",
       "Officials of the Prison Service met the minister.",
       "The minister thanked the Prison Service warmly."},
      "en",
      {"Prison Service membuka kantor baru di Leeds.", "Pejabat Layanan Penjara bertemu menteri.",
       "Menteri berterima kasih dengan hangat."},
      "id");
  REQUIRE(r.alignment.beads.size() == 3);
  auto tuples = [&](const std::string& setting) { return name_finding_tuples(r, setting); };
  CHECK(tuples("none") == std::vector<std::size_t>{1, 2});
  CHECK(tuples(dir) == std::vector<std::size_t>{2});
  fs::remove_all(dir);
}

TEST_CASE("CheckOptions::dictionaries: a name with one word translated and one written is there") {
  const std::string dir = temp_dir("checks-mixed");
  write_database(dir, "freedict-eng-ind", {{"lake", "lake\ndanau\n"}});
  const CacheHome cache_home("checks-mixed-cache");
  // Indonesian keeps "Lake Toba" once, writes "Danau Toba" once (the lake
  // translated, its name written) and leaves it out once.
  const auto r = polyalign::testing::make_pair(
      {"Everyone says Lake Toba is the largest in Indonesia.", "Tourists swim in Lake Toba every summer.",
       "The ferry across Lake Toba takes an hour."},
      "en",
      {"Semua orang bilang Lake Toba adalah yang terbesar di Indonesia.", "Wisatawan berenang di Danau Toba setiap musim panas.",
       "Perjalanan kapal feri memakan waktu satu jam."},
      "id");
  REQUIRE(r.alignment.beads.size() == 3);
  auto tuples = [&](const std::string& setting) { return name_finding_tuples(r, setting); };
  CHECK(tuples("none") == std::vector<std::size_t>{1, 2});
  CHECK(tuples(dir) == std::vector<std::size_t>{2});
  fs::remove_all(dir);
}

// A corpus of bundles of presegmented en and id documents, tuple t of a
// bundle holding line t of each.
static polyalign::CorpusResult en_id_corpus(
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>& bundles) {
  polyalign::CorpusResult r;
  for (const auto& [en, id] : bundles) {
    polyalign::Bundle b;
    b.id = "bundle-000" + std::to_string(r.bundles.size() + 1);
    for (const auto& [lang, text] : {std::pair{"en", en}, std::pair{"id", id}}) {
      const std::string path = b.id + "-" + lang + ".txt";
      r.documents.push_back(polyalign::segment_document(
          polyalign::make_document(polyalign::testing::joined(text), lang, path),
          polyalign::testing::presegmented_options()));
      b.documents.push_back(r.documents.size() - 1);
    }
    for (std::uint32_t t = 0; t < en.size(); ++t) {
      polyalign::Tuple tuple;
      tuple.members = {polyalign::SentenceRange{t, t + 1}, polyalign::SentenceRange{t, t + 1}};
      tuple.confidence = 0.9;
      tuple.pair_confidence = {0.9f};
      b.tuples.push_back(tuple);
    }
    r.bundles.push_back(b);
  }
  return r;
}

TEST_CASE("CheckOptions::dictionaries: a missing name made of common words is info, a person's a warning") {
  const std::string dir = temp_dir("checks-common");
  write_database(dir, "freedict-eng-ind",
                 {{"drought", "drought\nkekeringan\n"}, {"monitor", "monitor\npemantau\n"},
                  {"wales", "Wales\nWels\n"}});
  const CacheHome cache_home("checks-common-cache");
  // Bundle 1: the third Indonesian sentence leaves "Drought Monitor" out
  // (a translator may have rendered it in words no dictionary lists: info;
  // with "kekeringan" there it would be translated, see the next test);
  // the fourth drops
  // "Kavanaugh" and "Wales" (the dictionary translates "wales" only by its
  // transliteration). Bundle 2 writes "drought", "monitor" and "wales" in
  // lower case: common words in English (the name check does not check
  // names whose words their own bundle writes so).
  const auto r = en_id_corpus(
      {{{"The Drought Monitor published a map with Kavanaugh in Wales.",
         "Kavanaugh read the Drought Monitor report in Wales.", "The Drought Monitor map shows Arizona.",
         "Then Kavanaugh went home to Wales."},
        {"Drought Monitor menerbitkan peta dengan Kavanaugh di Wales.",
         "Kavanaugh membaca laporan Drought Monitor di Wales.", "Peta itu menunjukkan Arizona.",
         "Lalu dia pulang."}},
       {{"The drought is long.", "A monitor shows it.", "The ship wales were tarred."},
        {"Kekeringan itu panjang.", "Sebuah pemantau menunjukkannya.", "Lambung kapal diberi ter."}}});
  auto findings = [&](const std::string& setting) {
    polyalign::CheckOptions o;
    o.checks = {polyalign::CheckKind::kNames};
    o.dictionaries = setting;
    return polyalign::check_corpus(r, o);
  };
  const auto plain = findings("none");
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].severity == polyalign::Severity::kWarning);
  CHECK(plain[1].severity == polyalign::Severity::kWarning);
  const auto f = findings(dir);
  REQUIRE(f.size() == 2);
  CHECK(f[0].tuple == 2);
  CHECK(f[0].severity == polyalign::Severity::kInfo);
  CHECK(f[0].message == "name missing: Drought Monitor (en) not in id (common words: may be translated)");
  CHECK(f[1].tuple == 3);
  CHECK(f[1].severity == polyalign::Severity::kWarning);
  CHECK(f[1].message == "name missing: Kavanaugh (en) not in id; Wales (en) not in id");
  fs::remove_all(dir);
}

TEST_CASE("CheckOptions::dictionaries: a name of common words partly translated is there") {
  const std::string dir = temp_dir("checks-partly");
  write_database(dir, "freedict-eng-ind",
                 {{"drought", "drought\nkekeringan\n"}, {"monitor", "monitor\npemantau\n"},
                  {"kyle", "Kyle\nselat\n"}});
  const CacheHome cache_home("checks-partly-cache");
  // "Drought Monitor" is rendered "Pengamat Kekeringan": the drought
  // translated, the monitor in a word the dictionary does not list, and
  // English writes "monitor" in lower case (a common word): there. "Kyle
  // Rowe" with "Kyle" translated (a dictionary may list a name's word)
  // is not: "Rowe" is never written in lower case. Nor is the last
  // "Drought Monitor": "kekeringan" there translates the sentence's own
  // "drought", written outside the name.
  const auto r = en_id_corpus(
      {{{"The Drought Monitor map was read by Kyle Rowe.", "Kyle Rowe read the Drought Monitor report.",
         "The Drought Monitor map shows Arizona.", "Then Kyle Rowe went to the strait.",
         "A Drought Monitor map said the drought is long."},
        {"Peta Drought Monitor dibaca oleh Kyle Rowe.", "Kyle Rowe membaca laporan Drought Monitor.",
         "Peta Pengamat Kekeringan menunjukkan Arizona.", "Lalu dia pergi ke selat itu.",
         "Sebuah peta mengatakan kekeringan itu panjang."}},
       {{"The drought is long.", "A monitor shows it."},
        {"Kekeringan itu panjang.", "Sebuah pemantau menunjukkannya."}}});
  auto findings = [&](const std::string& setting) {
    polyalign::CheckOptions o;
    o.checks = {polyalign::CheckKind::kNames};
    o.dictionaries = setting;
    return polyalign::check_corpus(r, o);
  };
  const auto plain = findings("none");
  REQUIRE(plain.size() == 3);
  CHECK(plain[0].tuple == 2);
  const auto f = findings(dir);
  REQUIRE(f.size() == 2);
  CHECK(f[0].tuple == 3);
  CHECK(f[0].message == "name missing: Kyle Rowe (en) not in id");
  CHECK(f[1].tuple == 4);
  CHECK(f[1].message == "name missing: Drought Monitor (en) not in id (common words: may be translated)");
  fs::remove_all(dir);
}

TEST_CASE("CheckOptions::dictionaries: a name inside a wider translated name is translated with it") {
  const std::string dir = temp_dir("checks-wider");
  write_database(dir, "freedict-eng-ind",
                 {{"cancer", "cancer\nkanker\n"}, {"national", "national\nkebangsaan\n"},
                  {"institute", "institute\nperguruan\n"}});
  const CacheHome cache_home("checks-wider-cache");
  // "Institute" is a name both documents share; "National Cancer
  // Institute" is not (Indonesian writes "Lembaga Kanker Nasional"), so
  // the check weighs only "Institute" in the third sentence. The wider
  // name it is a word of is translated there (cancer -> kanker, every word
  // a common one): "Institute" is not missing.
  const auto r = en_id_corpus(
      {{{"Yesterday the Institute opened in Leeds.", "Then the Institute hired Kyle Rowe.",
         "Kyle Rowe spoke at the National Cancer Institute today.", "Later Kyle Rowe left."},
        {"Kemarin Institute dibuka di Leeds.", "Lalu Institute mempekerjakan Kyle Rowe.",
         "Kyle Rowe berbicara di Lembaga Kanker Nasional hari ini.", "Kemudian Kyle Rowe pergi."}}});
  auto tuples = [&](const std::string& setting) {
    polyalign::CheckOptions o;
    o.checks = {polyalign::CheckKind::kNames};
    o.dictionaries = setting;
    std::vector<std::size_t> out;
    for (const polyalign::Finding& f : polyalign::check_corpus(r, o)) out.push_back(f.tuple);
    return out;
  };
  CHECK(tuples("none") == std::vector<std::size_t>{2});
  CHECK(tuples(dir).empty());
  fs::remove_all(dir);
}

TEST_CASE("the FreeDict databases Debian installs, when present") {
  const std::string dir = "/usr/share/dictd";
  if (!fs::exists(dir + "/freedict-fra-eng.index") || !fs::exists(dir + "/freedict-eng-ind.index")) {
    MESSAGE("dict-freedict-fra-eng or -eng-ind not installed (scripts/setup.sh): skipped");
    return;
  }
  const auto entries = polyalign::read_dictd(dir + "/freedict-eng-ind.index");
  CHECK(entries.size() > 5000);
  Pairs pairs;
  for (const auto& e : entries)
    for (auto& p : polyalign::freedict_word_pairs(e.definition)) pairs.push_back(std::move(p));
  CHECK(pairs.size() > 5000);
  CHECK(std::count(pairs.begin(), pairs.end(), std::pair<std::string, std::string>{"house", "rumah"}) >= 1);
  CHECK(std::count(pairs.begin(), pairs.end(),
                   std::pair<std::string, std::string>{"government", "pemerintah"}) >= 1);
  DictionaryOptions o;
  o.directory = dir;
  o.cache = false;
  o.skip_frequent = 0;
  const auto fr_en = polyalign::load_lexicon(o, "fr", "en");
  CHECK(fr_en->source.find("freedict-fra-eng") != std::string::npos);
  const DocumentFeatures fr = features("La maison du gouvernement.\n", "fr");
  const DocumentFeatures en = features("The government house.\n", "en");
  const auto links = spelled(fr_en->links(fr, en), fr, en);
  CHECK(std::count(links.begin(), links.end(), "maison=house@1.0") == 1);
  CHECK(std::count(links.begin(), links.end(), "gouvernement=government@1.0") == 1);
}
