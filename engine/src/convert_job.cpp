#include "polyalign/convert_job.h"

#include <fmt/format.h>

#include "polyalign/align_job.h"
#include "polyalign/document.h"
#include "polyalign/formats.h"
#include "polyalign/io.h"
#include "polyalign/language.h"

namespace polyalign {

namespace {

Document load(const std::string& path, const std::string& lang) {
  Document d = load_document(path, lang);
  if (d.lang == "und") d.lang = detect_language(d.text, /*valid_utf8=*/true);
  return d;
}

}  // namespace

DocumentAlignment run_convert_job(const std::string& jsonl_path, const std::string& a_path,
                                  const std::string& b_path, const ConvertJobOptions& options) {
  const bool moses = options.format == "moses";
  // The format first: a bad one fails before any file is read.
  const PairFormat format = moses ? PairFormat::kTsv : parse_pair_format(options.format);
  if (moses && (options.output.empty() || options.output == "-"))
    fail_input("--format moses", "needs -o PREFIX (it writes PREFIX.<lang A> and PREFIX.<lang B>)");
  const std::string jsonl = read_file(jsonl_path, ReadOptions{}.max_bytes);
  DocumentAlignment r =
      read_pair_jsonl(jsonl, load(a_path, options.lang_a), load(b_path, options.lang_b), jsonl_path);
  if (!moses) {
    AtomicOutput out(options.output);
    write_pair_alignment(out.stream(), r, format);
    out.commit();
    return r;
  }
  const std::string& la = r.a.document.lang;
  const std::string& lb = r.b.document.lang;
  if (la == lb)
    fail_input("--format moses", fmt::format("both documents are in '{}': the two files would have "
                                             "one name (give --lang-a and --lang-b)", la));
  for (const std::string* l : {&la, &lb}) {
    if (l->empty() || l->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
      fail_input("--format moses", fmt::format("'{}' is not a language code to name a file by", *l));
  }
  // Both files are committed together, after both are complete.
  AtomicFile fa(options.output + "." + la), fb(options.output + "." + lb);
  write_pair_moses(fa.stream(), fb.stream(), r);
  fa.commit();
  fb.commit();
  return r;
}

}  // namespace polyalign
