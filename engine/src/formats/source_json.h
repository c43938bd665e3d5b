// Private to the writers: where sentences came from in their original
// files (input.h, "Spans stay honest"), as the JSONL outputs show it. One
// shape for `segment`'s "source", the pair JSONL's "a_sources"/"b_sources"
// and corpus mode's "sources".
#pragma once

#include <nlohmann/json.hpp>

#include "polyalign/segmenter.h"

namespace polyalign::formats {

// {"format", "unit", "start", "end", "offset"} and, where there are,
// "part" and "label" (SourceLocation, SourceUnit::label); null for a
// document read as text.
nlohmann::json source_json(const Document& doc, ByteSpan span);

// source_json of each sentence of `r`, in order; null for text.
nlohmann::json sources_json(const SegmentedDocument& d, const SentenceRange& r);

}  // namespace polyalign::formats
