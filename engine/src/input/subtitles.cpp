// SubRip (.srt) and WebVTT (W3C WebVTT, §4) cues: one unit each, their
// timing kept as the unit's label.
#include <fmt/format.h>

#include <cctype>

#include "builder.h"
#include "polyalign/document.h"

namespace polyalign::input {

namespace {

struct Line {
  std::string_view text;  // without its line end
  std::uint64_t start = 0;
};

// Splits at "\n", "\r\n" and a lone "\r".
class Lines {
 public:
  Lines(std::string_view s, std::uint64_t pos) : s_(s), pos_(pos) {}
  bool next(Line& line) {
    if (pos_ >= s_.size()) return false;
    std::size_t end = s_.find_first_of("\r\n", pos_);
    if (end == std::string_view::npos) end = s_.size();
    line = {s_.substr(pos_, end - pos_), pos_};
    pos_ = end + (end < s_.size());
    if (end < s_.size() && s_[end] == '\r' && pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
    ++number_;
    return true;
  }
  std::uint64_t number() const { return number_; }  // 1-based number of the last line read

 private:
  std::string_view s_;
  std::uint64_t pos_;
  std::uint64_t number_ = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "[hh:]mm:ss,mmm" (SRT) or "[hh:]mm:ss.mmm" (WebVTT): its length, or 0.
std::size_t timestamp(std::string_view s) {
  std::size_t i = 0, groups = 0;
  for (;;) {
    std::size_t digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
    if (digits < 2) return 0;
    ++groups;
    if (i < s.size() && s[i] == ':' && groups < 3) {
      ++i;
      continue;
    }
    break;
  }
  if (groups < 2 || i >= s.size() || (s[i] != ',' && s[i] != '.')) return 0;
  ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  return digits >= 1 && digits <= 3 ? i : 0;
}

// "start --> end[ settings]": the timing without the settings, or "".
std::string_view timing(std::string_view line) {
  line = trim(line);
  const std::size_t a = timestamp(line);
  if (a == 0) return {};
  std::string_view rest = trim(line.substr(a));
  if (rest.substr(0, 3) != "-->") return {};
  rest = trim(rest.substr(3));
  const std::size_t b = timestamp(rest);
  if (b == 0) return {};
  return line.substr(0, static_cast<std::size_t>(rest.data() - line.data()) + b);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// A cue's text: markup (<i>, <c.x>, <v Name>, SRT's {\an8}) removed, the
// character references WebVTT defines decoded.
void append_payload(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '<' || (c == '{' && i + 1 < s.size() && s[i + 1] == '\\')) {
      const std::size_t end = s.find(c == '<' ? '>' : '}', i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    if (c == '&') {
      static constexpr std::pair<std::string_view, std::string_view> kRefs[] = {
          {"&amp;", "&"},  {"&lt;", "<"},  {"&gt;", ">"}, {"&nbsp;", "\xC2\xA0"},
          {"&lrm;", "\xE2\x80\x8E"}, {"&rlm;", "\xE2\x80\x8F"}};
      bool decoded = false;
      for (const auto& [ref, text] : kRefs) {
        if (s.compare(i, ref.size(), ref) == 0) {
          out += text;
          i += ref.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += c;
  }
}

}  // namespace

bool looks_like_srt(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  Lines lines(bytes.substr(0, 1024), 0);
  Line l;
  while (lines.next(l) && trim(l.text).empty()) {
  }
  if (!all_digits(trim(l.text))) return false;
  return lines.next(l) && !timing(l.text).empty();
}

ExtractedText read_subtitles(std::string_view bytes, InputFormat format, std::string_view where,
                             const InputLimits& limits) {
  TextBuilder out(where, limits, "\n");
  validate_text(bytes, where);
  const bool vtt = format == InputFormat::kVtt;
  const std::uint64_t bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  Lines lines(bytes, bom);
  Line l;
  if (vtt) {
    if (!lines.next(l) || l.text.substr(0, 6) != "WEBVTT" ||
        (l.text.size() > 6 && l.text[6] != ' ' && l.text[6] != '\t')) {
      out.fail("not WebVTT: the first line is not 'WEBVTT'");
    }
    while (lines.next(l) && !trim(l.text).empty()) {
    }  // the header's other lines
  }
  std::string text;
  while (lines.next(l)) {
    if (trim(l.text).empty()) continue;
    // A block: [identifier], timing, payload lines up to a blank line.
    const std::uint64_t block_line = lines.number();
    std::string_view t = timing(l.text);
    if (vtt && t.empty()) {
      const std::string_view first = trim(l.text);
      if (first.substr(0, 4) == "NOTE" || first == "STYLE" || first == "REGION") {
        while (lines.next(l) && !trim(l.text).empty()) {
        }
        continue;
      }
    }
    if (t.empty() && (vtt || all_digits(trim(l.text))) && lines.next(l)) t = timing(l.text);
    if (t.empty()) {
      out.fail(fmt::format("line {}: expected a cue timing such as '00:00:01{}000 --> "
                           "00:00:02{}500'",
                           std::max(block_line, lines.number()), vtt ? '.' : ',',
                           vtt ? '.' : ','));
    }
    const std::string label(t);
    text.clear();
    ByteSpan source{0, 0};
    bool first = true;
    while (lines.next(l) && !trim(l.text).empty()) {
      if (!first) text += ' ';
      append_payload(l.text, text);
      if (text.size() > limits.max_unit_bytes) {
        out.fail(fmt::format("line {}: a cue of more than {} bytes (the limit)", lines.number(),
                             limits.max_unit_bytes));
      }
      if (first) source.start = l.start;
      source.end = l.start + l.text.size();
      first = false;
    }
    out.add(text, "", source, label);
  }
  return out.finish(format, true);
}

}  // namespace polyalign::input
