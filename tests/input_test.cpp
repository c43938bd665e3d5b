// The input stage (input.h): detection, each reader on small real files,
// where units point back to, and the limits against hostile input.
#include <doctest/doctest.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "polyalign/document.h"
#include "polyalign/input.h"
#include "polyalign/pipeline.h"

namespace {

using polyalign::ExtractedText;
using polyalign::InputFormat;

// A zip archive in memory, written with libzip: (name, bytes) members.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members) {
  const auto path = std::filesystem::temp_directory_path() / "polyalign-input-test.zip";
  std::filesystem::remove(path);
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(z != nullptr);
  for (const auto& [name, bytes] : members) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    REQUIRE(s != nullptr);
    REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
  std::ifstream in(path, std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return out;
}

constexpr const char* kW = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::string docx(const std::string& body, const std::string& footnotes = "") {
  std::vector<std::pair<std::string, std::string>> m = {
      {"word/document.xml", std::string("<?xml version=\"1.0\"?><w:document ") + kW + "><w:body>" +
                                body + "</w:body></w:document>"}};
  if (!footnotes.empty())
    m.push_back({"word/footnotes.xml",
                 std::string("<w:footnotes ") + kW + ">" + footnotes + "</w:footnotes>"});
  return make_zip(m);
}

// A PDF in memory: pages of (baseline y in points, text) lines, in
// Helvetica 12 pt on US Letter; `text` is WinAnsi (ASCII here).
using PdfPage = std::vector<std::pair<int, std::string>>;

std::string make_pdf(const std::vector<PdfPage>& pages) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "",
                                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                      "/Encoding /WinAnsiEncoding >>"};
  std::string kids;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    kids += std::to_string(4 + 2 * i) + " 0 R ";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    std::string content;
    for (const auto& [y, text] : pages[i])
      content += "BT /F1 12 Tf 72 " + std::to_string(y) + " Td (" + text + ") Tj ET\n";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
  }
  objects[1] =
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t k = 0; k < objects.size(); ++k) {
    offsets.push_back(out.size());
    out += std::to_string(k + 1) + " 0 obj\n" + objects[k] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t o : offsets) {
    const std::string n = std::to_string(o);
    out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::vector<std::string> unit_texts(const ExtractedText& x) {
  std::vector<std::string> out;
  for (const auto& u : x.units) out.push_back(x.text.substr(u.text.start, u.text.size()));
  return out;
}

ExtractedText extract(const std::string& bytes, InputFormat f = InputFormat::kAuto,
                      const polyalign::InputLimits& limits = {}) {
  return polyalign::extract_text(bytes, f, "in", limits);
}

}  // namespace

TEST_CASE("detect_input_format: content first, then the extension") {
  const std::string d = docx("<w:p><w:r><w:t>Satu.</w:t></w:r></w:p>");
  struct Case {
    std::string bytes, path;
    InputFormat want;
  };
  const std::vector<Case> cases = {
      {d, "x.bin", InputFormat::kDocx},
      {make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<a/>"}}),
       "x", InputFormat::kOdt},
      {"%PDF-1.7\n", "x.txt", InputFormat::kPdf},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", "x.txt", InputFormat::kVtt},
      {"\xEF\xBB\xBF" "1\r\n00:00:01,000 --> 00:00:02,000\r\nHi.\r\n", "x.txt", InputFormat::kSrt},
      {"<?xml version=\"1.0\"?>\n<xliff version=\"2.0\">", "x.xml", InputFormat::kXliff},
      {"<!DOCTYPE html><p>Hi</p>", "x.txt", InputFormat::kHtml},
      {"  <HTML><body>Hi</body></HTML>", "x", InputFormat::kHtml},
      {"<p>Hi</p>", "page.htm", InputFormat::kHtml},
      {"<p>Hi</p>", "page.txt", InputFormat::kText},
      {"1\nnot a timing\n", "x.txt", InputFormat::kText},
      {"Text that mentions <html> later.", "x.txt", InputFormat::kText},
      {"PK\3\4 broken", "x.txt", InputFormat::kText},
      {"PK\3\4 broken", "x.DOCX", InputFormat::kDocx},
      {"Hi.", "dir.srt/file", InputFormat::kText},
  };
  for (const Case& c : cases) {
    CAPTURE(c.path);
    CHECK(polyalign::detect_input_format(c.bytes, c.path) == c.want);
  }
}

TEST_CASE("input format names round-trip; an unknown one is refused") {
  for (auto f : {InputFormat::kAuto, InputFormat::kText, InputFormat::kDocx, InputFormat::kOdt,
                 InputFormat::kHtml, InputFormat::kXliff, InputFormat::kSrt, InputFormat::kVtt,
                 InputFormat::kPdf})
    CHECK(polyalign::parse_input_format(polyalign::input_format_name(f)) == f);
  CHECK_THROWS_WITH_AS(polyalign::parse_input_format("doc"),
                       doctest::Contains("--input-format: unknown format 'doc'"),
                       std::invalid_argument);
}

TEST_CASE("DOCX: paragraphs, headings, table cells and footnotes; runs joined") {
  const std::string body =
      "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Judul</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>Satu</w:t></w:r><w:r><w:t xml:space=\"preserve\"> dua</w:t></w:r>"
      "<w:r><w:tab/><w:t>tiga.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
      "<w:del><w:r><w:delText>hapus</w:delText></w:r></w:del></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Sel &amp; isi.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
      "<w:p/>";
  const std::string notes =
      "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
      "<w:footnote w:id=\"1\"><w:p><w:r><w:t>Catatan kaki.</w:t></w:r></w:p></w:footnote>";
  const ExtractedText x = extract(docx(body, notes));
  CHECK(x.format == InputFormat::kDocx);
  CHECK(unit_texts(x) ==
        std::vector<std::string>{"Judul", "Satu dua tiga.", "Sel & isi.", "Catatan kaki."});
  CHECK(x.text == "Judul\n\nSatu dua tiga.\n\nSel & isi.\n\nCatatan kaki.\n");
  // Parts and offsets within each part's extracted text.
  REQUIRE(x.units.size() == 4);
  CHECK(x.units[2].part == "word/document.xml");
  CHECK(x.units[2].source == polyalign::ByteSpan{23, 33});
  CHECK(x.units[3].part == "word/footnotes.xml");
  CHECK(x.units[3].source == polyalign::ByteSpan{0, 13});
}

TEST_CASE("ODT: text:p and text:h, spaces, footnote bodies after their paragraph") {
  const std::string content =
      "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>"
      "<text:h>Judul</text:h><text:p>Satu<text:s/>dua<text:note><text:note-citation>1"
      "</text:note-citation><text:note-body><text:p>Catatan.</text:p></text:note-body></text:note>"
      " tiga.</text:p></office:text></office:body></office:document-content>";
  const ExtractedText x = extract(
      make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", content}}));
  CHECK(x.format == InputFormat::kOdt);
  CHECK(unit_texts(x) == std::vector<std::string>{"Judul", "Satu dua tiga.", "Catatan."});
}

TEST_CASE("HTML: block elements as paragraphs; script, style and navigation left out") {
  const std::string page =
      "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>"
      "<nav><a>Home</a></nav><script>var x = '<p>no</p>';</script>"
      "<h1>Judul &amp; isi</h1><div>Satu. <b>Dua</b> tiga.<p>Empat.</p>Lima.</div>"
      "<ul><li>Enam</li><li>Tujuh<br>Delapan</li></ul><noscript>Aktifkan JS</noscript></body></html>";
  const ExtractedText x = extract(page);
  CHECK(x.format == InputFormat::kHtml);
  CHECK(unit_texts(x) == std::vector<std::string>{"Judul & isi", "Satu. Dua tiga.", "Empat.",
                                                  "Lima.", "Enam", "Tujuh", "Delapan"});
  // Source spans: from the unit's first text to its last, in the file.
  const auto& u = x.units[1];
  CHECK(page.substr(u.source.start, u.source.size()) == "Satu. <b>Dua</b> tiga.");
  CHECK(page.substr(x.units[0].source.start, x.units[0].source.size()) == "Judul &amp; isi");
}

TEST_CASE("XLIFF 1.2 and 2.0: segments kept as given, source or target side") {
  const std::string v12 =
      "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file><body>"
      "<trans-unit id=\"a\"><source>Satu. Dua.</source><target>One. Two.</target></trans-unit>"
      "<group><trans-unit id=\"b\"><source>Tiga <g id=\"1\">besar</g><x id=\"2\"/>.</source>"
      "<seg-source><mrk mtype=\"seg\" mid=\"1\">Tiga</mrk> <mrk mtype=\"seg\" mid=\"2\">besar.</mrk>"
      "</seg-source><target>Three.</target></trans-unit></group></body></file></xliff>";
  const ExtractedText s = extract(v12);
  CHECK(s.sentence_units);
  CHECK(unit_texts(s) == std::vector<std::string>{"Satu. Dua.", "Tiga", "besar."});
  CHECK(s.units[0].label == "a");
  CHECK(v12.substr(s.units[0].source.start, s.units[0].source.size()) ==
        "<source>Satu. Dua.</source>");
  const ExtractedText t =
      polyalign::extract_text(v12, InputFormat::kXliff, "in", {}, polyalign::InputSide::kTarget);
  CHECK(unit_texts(t) == std::vector<std::string>{"One. Two.", "Three."});
  const std::string v20 =
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"><file id=\"f\">"
      "<unit id=\"u\"><segment id=\"1\"><source>Satu.</source></segment><ignorable><source> "
      "</source></ignorable><segment id=\"2\"><source>Dua <ph id=\"p\"/>tiga.</source></segment>"
      "</unit></file></xliff>";
  const ExtractedText w = extract(v20);
  CHECK(unit_texts(w) == std::vector<std::string>{"Satu.", "Dua tiga."});
  CHECK(w.units[1].label == "u/2");
  // A segment is one sentence: the segmenter does not split it.
  polyalign::Document doc = polyalign::make_document(s.text, "id", "in.xlf");
  doc.units = s.units;
  doc.sentence_units = true;
  CHECK(polyalign::segment_document(doc).sentences.size() == 3);
}

TEST_CASE("XML entities declared in a DTD are never expanded (billion laughs)") {
  std::string dtd = "<!DOCTYPE xliff [<!ENTITY l0 \"lol\">";
  for (int i = 1; i < 10; ++i)
    dtd += "<!ENTITY l" + std::to_string(i) + " \"" +
           [&] { std::string r; for (int k = 0; k < 10; ++k) r += "&l" + std::to_string(i - 1) + ";"; return r; }() + "\">";
  dtd += "]>";
  const ExtractedText x = extract(dtd + "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\">"
                                        "<source>A &l9; B &amp; C</source></trans-unit></body></file></xliff>",
                                  InputFormat::kXliff);
  CHECK(unit_texts(x) == std::vector<std::string>{"A &l9; B & C"});
}

TEST_CASE("SRT and WebVTT: cues as units, their timing kept, markup removed") {
  const std::string srt =
      "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Satu</i> baris\r\ndua.\r\n\r\n"
      "2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}Tiga &amp; empat.\r\n";
  const ExtractedText s = extract(srt);
  CHECK(s.format == InputFormat::kSrt);
  CHECK(s.sentence_units);
  CHECK(unit_texts(s) == std::vector<std::string>{"Satu baris dua.", "Tiga & empat."});
  CHECK(s.units[0].label == "00:00:01,000 --> 00:00:02,500");
  CHECK(srt.substr(s.units[0].source.start, s.units[0].source.size()) ==
        "<i>Satu</i> baris\r\ndua.");
  const std::string vtt =
      "WEBVTT - title\n\nNOTE a comment\nover lines\n\nSTYLE\n::cue { color: red }\n\n"
      "intro\n00:01.000 --> 00:02.000 align:start\n<v Ana>Halo.</v>\n\n"
      "00:00:03.000 --> 00:00:04.000\nSampai &lt;jumpa&gt;.\n";
  const ExtractedText v = extract(vtt);
  CHECK(v.format == InputFormat::kVtt);
  CHECK(unit_texts(v) == std::vector<std::string>{"Halo.", "Sampai <jumpa>."});
  CHECK(v.units[0].label == "00:01.000 --> 00:02.000");
}

TEST_CASE("PDF: paragraphs from line gaps, hyphens joined between letters, pages run on") {
  // Lines 14 pt apart are one paragraph; a 36 pt gap ends one.
  const std::string pdf = make_pdf({{{700, "Die Verein-"},
                                     {686, "barung gilt."},
                                     {650, "Baden-"},
                                     {636, "Wuerttemberg und anak-"},
                                     {622, "anak, Jahre 3-"},
                                     {608, "4 und Ende, http://x.de/a-"},
                                     {594, "b und Mit-Ver-"},
                                     {580, "antwortung."},
                                     {544, "Der Satz geht auf die"}},
                                    {{700, "zweite Seite."}, {664, "Neu: ein Absatz"}}});
  const ExtractedText x = extract(pdf);
  CHECK(x.format == InputFormat::kPdf);
  CHECK(unit_texts(x) ==
        std::vector<std::string>{"Die Vereinbarung gilt.",
                                 "Baden-Wuerttemberg und anak-anak, Jahre 3- 4 und Ende, "
                                 "http://x.de/a-b und Mit-Ver-antwortung.",
                                 "Der Satz geht auf die zweite Seite.", "Neu: ein Absatz"});
  CHECK(x.text ==
        "Die Vereinbarung gilt.\n\nBaden-Wuerttemberg und anak-anak, Jahre 3- 4 und Ende, "
        "http://x.de/a-b und Mit-Ver-antwortung.\n\n"
        "Der Satz geht auf die zweite Seite.\n\nNeu: ein Absatz\n");
  // The page a paragraph starts on, and offsets in that page's text.
  REQUIRE(x.units.size() == 4);
  CHECK(x.units[0].part == "page 1");
  CHECK(x.units[1].source == polyalign::ByteSpan{24, 118});
  CHECK(x.units[2].part == "page 1");  // run on from page 1
  CHECK(x.units[3].part == "page 2");
  CHECK(x.units[3].source == polyalign::ByteSpan{0, 15});
  // A sentence ending the page ends the paragraph there.
  const ExtractedText y = extract(make_pdf({{{700, "Erste Seite."}}, {{700, "Zweite Seite."}}}));
  CHECK(unit_texts(y) == std::vector<std::string>{"Erste Seite.", "Zweite Seite."});
  CHECK(y.units[1].part == "page 2");
}

TEST_CASE("read_document extracts, and locate() maps sentences back") {
  const auto path = std::filesystem::temp_directory_path() / "polyalign-input-test.srt";
  {
    std::ofstream f(path, std::ios::binary);
    f << "1\n00:00:01,000 --> 00:00:02,000\nSatu. Dua.\n\n2\n00:00:03,000 --> "
         "00:00:04,000\nTiga.\n";
  }
  const polyalign::Document d = polyalign::read_document(path.string());
  std::filesystem::remove(path);
  CHECK(d.format == InputFormat::kSrt);
  CHECK(d.text == "Satu. Dua.\nTiga.\n");
  const auto seg = polyalign::segment_document(d);
  REQUIRE(seg.sentences.size() == 2);  // a cue is one sentence
  const polyalign::SourceLocation at = polyalign::locate(d, seg.sentences[1].span);
  CHECK(at.unit == 1);
  CHECK(at.source == polyalign::ByteSpan{76, 81});
  // Text: the span itself.
  const auto t = polyalign::make_document("Satu. Dua.");
  CHECK(polyalign::locate(t, {6, 10}).source == polyalign::ByteSpan{6, 10});
  CHECK(polyalign::locate(t, {6, 10}).unit == -1);
}

// Hostile and broken input: one line naming the file, never a crash.
TEST_CASE("bad input: limits and one-line errors") {
  polyalign::InputLimits small;
  small.max_unpacked_bytes = 1000;
  small.max_depth = 50;
  small.max_units = 3;
  small.max_unit_bytes = 100;
  small.max_pages = 1;
  struct Case {
    std::string name, bytes;
    InputFormat format;
    std::string error;
  };
  const std::string bomb = docx("<w:p><w:r><w:t>" + std::string(5000, 'a') + "</w:t></w:r></w:p>");
  std::string deep_xml = "<xliff version=\"1.2\">";
  for (int i = 0; i < 60; ++i) deep_xml += "<group>";
  for (int i = 0; i < 60; ++i) deep_xml += "</group>";
  deep_xml += "</xliff>";
  const std::vector<Case> cases = {
      {"zip bomb (declared size)", bomb, InputFormat::kAuto, "passes the limit of 1000 bytes"},
      {"not a zip", "PK\3\4 and nothing", InputFormat::kDocx, "in: not a readable zip archive"},
      {"zip without the part", make_zip({{"a.txt", "x"}}), InputFormat::kDocx,
       "not a DOCX file (no word/document.xml"},
      {"broken XML in a DOCX", make_zip({{"word/document.xml", "<w:document><w:p>"}}),
       InputFormat::kDocx, "in: word/document.xml: not well-formed XML at byte"},
      {"deep HTML", std::string(100000, '<') + "div>", InputFormat::kHtml, ""},
      {"deep HTML divs",
       [] { std::string s; for (int i = 0; i < 100000; ++i) s += "<div>"; return s; }(),
       InputFormat::kHtml, "in: elements nested deeper than 50"},
      {"deep XML", deep_xml, InputFormat::kXliff, "in: elements nested deeper than 50"},
      {"not XLIFF", "<tmx/>", InputFormat::kXliff, "not XLIFF: the root element is <tmx>"},
      {"HTML not UTF-8", "<p>caf\xE9</p>", InputFormat::kHtml, "in: byte 6: invalid UTF-8"},
      {"too many cues",
       "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n\n"
       "3\n00:00:01,000 --> 00:00:02,000\nc\n\n4\n00:00:01,000 --> 00:00:02,000\nd\n",
       InputFormat::kSrt, "more than 3 paragraphs"},
      {"huge cue", "1\n00:00:01,000 --> 00:00:02,000\n" + std::string(200, 'a') + "\n",
       InputFormat::kSrt, "line 3: a cue of more than 100 bytes"},
      {"SRT without timing", "1\nHello\n", InputFormat::kSrt, "line 2: expected a cue timing"},
      {"VTT without header", "00:01.000 --> 00:02.000\nHi\n", InputFormat::kVtt, "not WebVTT"},
      {"PDF header only", "%PDF-1.4", InputFormat::kAuto, "in: not a readable PDF"},
      {"truncated PDF", make_pdf({{{700, "Satu."}}}).substr(0, 200), InputFormat::kPdf,
       "in: not a readable PDF"},
      {"not a PDF forced", "plain words", InputFormat::kPdf, "in: not a readable PDF"},
      {"PDF without text", make_pdf({{}}), InputFormat::kAuto,
       "in: no text layer: scanned PDF? run OCR first"},
      {"PDF over max_units", make_pdf({{{700, "a."}, {600, "b."}, {500, "c."}, {400, "d."}}}),
       InputFormat::kPdf, "more than 3 paragraphs"},
      {"PDF over max_pages", make_pdf({{{700, "a."}}, {{700, "b."}}}), InputFormat::kPdf,
       "in: 2 pages, more than the limit of 1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    try {
      const ExtractedText x = extract(c.bytes, c.format, small);
      CHECK(c.error.empty());  // only the "<<<<div>" soup is fine: text, no deep tree
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      CHECK(what.find(c.error) != std::string::npos);
      CHECK(what.find('\n') == std::string::npos);
      CHECK(what.rfind("in", 0) == 0);
    }
  }
}

TEST_CASE("the budget of uncompressed bytes: refused above it, read below") {
  std::string body = "<w:p><w:r><w:t>" + std::string(3000, 'b') + "</w:t></w:r></w:p>";
  std::string z = docx(body);
  polyalign::InputLimits limits;
  limits.max_unpacked_bytes = 2000;
  CHECK_THROWS_WITH_AS(extract(z, InputFormat::kDocx, limits),
                       doctest::Contains("a zip bomb?"), std::invalid_argument);
  limits.max_unpacked_bytes = 1 << 20;
  CHECK(extract(z, InputFormat::kDocx, limits).units.size() == 1);
}
