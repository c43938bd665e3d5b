// formats/tmx.h (private) — the start of a TMX 1.4b document, shared by the
// pair and the corpus writers: the XML declaration, <tmx version="1.4">,
// its <header> (TMX 1.4b §3.1.2: every attribute written is required) and
// an empty <body>, which is returned for the <tu>s.
#pragma once

#include <pugixml.hpp>
#include <string>

#include "polyalign/common.h"

namespace polyalign::formats {

// `srclang`: the language whose <tuv> comes first in every <tu> ("*all*"
// when there is none).
inline pugi::xml_node start_tmx(pugi::xml_document& xml, const std::string& srclang) {
  pugi::xml_node decl = xml.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node tmx = xml.append_child("tmx");
  tmx.append_attribute("version") = "1.4";
  pugi::xml_node header = tmx.append_child("header");
  header.append_attribute("creationtool") = "polyalign";
  header.append_attribute("creationtoolversion") = std::string(kVersion).c_str();
  header.append_attribute("segtype") = "sentence";
  header.append_attribute("o-tmf") = "polyalign";
  header.append_attribute("adminlang") = "en";
  header.append_attribute("srclang") = srclang.c_str();
  header.append_attribute("datatype") = "plaintext";
  return tmx.append_child("body");
}

}  // namespace polyalign::formats
