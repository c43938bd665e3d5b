// Language identification (language.h).
#include <fmt/format.h>

#include "bind.h"
#include "polyalign/language.h"

namespace polyalign::python {

void register_language(py::module_& m) {
  py::class_<LanguageGuess>(m, "LanguageGuess")
      .def(py::init<>())
      .def_readwrite("lang", &LanguageGuess::lang, "ISO 639-1 code or \"und\"")
      .def_readwrite("percent", &LanguageGuess::percent,
                     "share of the text's letters in that language (0..100)")
      .def_readwrite("reliable", &LanguageGuess::reliable, "CLD2's own reliability verdict")
      .def_readwrite("ranked", &LanguageGuess::ranked, "CLD2's top languages, best first")
      .def("__repr__", [](const LanguageGuess& g) {
        return fmt::format("LanguageGuess(lang={}, percent={}, reliable={})", repr(g.lang),
                           g.percent, g.reliable);
      });

  py::class_<LanguageOptions>(m, "LanguageOptions")
      .def(py::init<>())
      .def_readwrite("min_letters", &LanguageOptions::min_letters, "fewer letters: \"und\"")
      .def_readwrite("min_percent", &LanguageOptions::min_percent,
                     "the top language must cover this share of the text, else \"und\"")
      .def_readwrite("sample_bytes", &LanguageOptions::sample_bytes,
                     "longer texts are judged on evenly spaced slices of this many bytes")
      .def_readwrite("valid_utf8", &LanguageOptions::valid_utf8,
                     "the caller guarantees valid UTF-8: skip the check");

  m.def(
      "identify_language",
      [](const std::string& text, const LanguageOptions& options) {
        const LanguageOptions o = options;
        py::gil_scoped_release release;
        return identify_language(text, o);
      },
      py::arg("text"), py::arg("options") = LanguageOptions(),
      "CLD2's verdict on a text (language.h).\n\n"
      ">>> identify_language(\"Die Konferenz begann am Montag in Berlin mit vielen Gästen.\").lang\n"
      "'de'");
  m.def(
      "detect_language",
      [](const std::string& text) {
        py::gil_scoped_release release;
        return detect_language(text);
      },
      py::arg("text"),
      "ISO 639-1 code of the text's language, or \"und\".\n\n"
      ">>> detect_language(\"The conference opened on Monday in Berlin with many guests.\")\n"
      "'en'");
  m.def("normalize_language_code", &normalize_language_code, py::arg("code"),
        "\"EN\", \"en-US\", \"en_GB\" -> \"en\"; \"\" and \"auto\" -> \"und\".\n\n"
        ">>> normalize_language_code(\"en_GB\"), normalize_language_code(\"auto\")\n"
        "('en', 'und')");
}

}  // namespace polyalign::python
