// formats/pair_xml.h (private) — the pair writers of XML formats, TMX 1.4b
// and XLIFF 1.2 (polyalign/formats.h describes what they write), for
// write_pair_alignment(). Pure functions of the alignment, reentrant.
#pragma once

#include <ostream>

#include "polyalign/pipeline.h"

namespace polyalign::formats {

void write_pair_tmx(std::ostream& out, const DocumentAlignment& r);
void write_pair_xliff(std::ostream& out, const DocumentAlignment& r);

}  // namespace polyalign::formats
