#include "corpus/task_codec.h"

#include <fmt/format.h>

#include <algorithm>

#include "polyalign/common.h"

namespace polyalign::corpus {

std::string encode(const Json& j) {
  const std::vector<std::uint8_t> bytes = Json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

Json decode(std::string_view bytes, std::string_view what) {
  try {
    return Json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const Json::exception& e) {
    fail_input(what, fmt::format("not a polyalign corpus task or result ({})", e.what()));
  }
}

namespace {

Json bead_model_json(const BeadModel& m) {
  Json types = Json::array();
  for (const BeadType& t : m.bead_types) types.push_back({t.a, t.b, t.prior});
  return {{"types", std::move(types)},
          {"weights",
           {m.length_weight, m.anchor_weight, m.link_weight, m.unmatched_anchor_weight,
            m.unmatched_link_weight, m.orphan_number_weight, m.paragraph_mismatch_penalty,
            m.pair_bias, m.no_shared_weight, m.lexical_weight}}};
}

BeadModel bead_model_from_json(const Json& j) {
  BeadModel m;
  for (const Json& t : j.at("types")) {
    m.bead_types.push_back(
        {t.at(0).get<std::uint8_t>(), t.at(1).get<std::uint8_t>(), t.at(2).get<double>()});
  }
  const Json& w = j.at("weights");
  double* fields[] = {&m.length_weight,           &m.anchor_weight,
                      &m.link_weight,             &m.unmatched_anchor_weight,
                      &m.unmatched_link_weight,   &m.orphan_number_weight,
                      &m.paragraph_mismatch_penalty, &m.pair_bias, &m.no_shared_weight,
                      &m.lexical_weight};
  for (std::size_t k = 0; k < std::size(fields) && k < w.size(); ++k) *fields[k] = w.at(k).get<double>();
  return m;
}

}  // namespace

Json alignment_json(const PairAlignment& r) {
  Json beads = Json::array();
  for (const Bead& b : r.beads)
    beads.push_back({b.a.begin, b.a.end, b.b.begin, b.b.end, b.cost, b.confidence});
  Json out = {{"beads", std::move(beads)}, {"c", r.model.c},      {"s2", r.model.s2},
              {"cost", r.total_cost},      {"band", r.band},      {"cells", r.cells}};
  if (r.fitted) out["fitted"] = bead_model_json(*r.fitted);
  return out;
}

PairAlignment alignment_from_json(const Json& j) {
  PairAlignment r;
  for (const Json& b : j.at("beads")) {
    r.beads.push_back({{b.at(0).get<std::uint32_t>(), b.at(1).get<std::uint32_t>()},
                       {b.at(2).get<std::uint32_t>(), b.at(3).get<std::uint32_t>()},
                       b.at(4).get<double>(),
                       b.at(5).get<double>()});
  }
  r.model.c = j.at("c").get<double>();
  r.model.s2 = j.at("s2").get<double>();
  r.total_cost = j.at("cost").get<double>();
  r.band = j.at("band").get<std::uint32_t>();
  r.cells = j.at("cells").get<std::uint64_t>();
  if (j.contains("fitted")) r.fitted = bead_model_from_json(j.at("fitted"));
  return r;
}

Json lexicons_json(const Lexicons& lexicons) {
  Json out = Json::object();
  for (const auto& [key, lex] : lexicons) {
    Json links = Json::array();
    for (const Lexicon::Entry& e : lex.links) {
      links.push_back(e.lead ? Json{e.x, e.y, e.strength, e.lead} : Json{e.x, e.y, e.strength});
    }
    out[key] = {{"links", std::move(links)}, {"len_x", lex.len_x}, {"len_y", lex.len_y}};
    if (lex.fitted) out[key]["fitted"] = bead_model_json(*lex.fitted);
  }
  return out;
}

Lexicons lexicons_from_json(const Json& j) {
  Lexicons out;
  for (const auto& [key, value] : j.items()) {
    Lexicon lex;
    for (const Json& e : value.at("links"))
      lex.links.push_back({e.at(0).get<std::string>(), e.at(1).get<std::string>(),
                           e.at(2).get<double>(),
                           e.size() > 3 ? e.at(3).get<std::uint32_t>() : std::uint32_t{0}});
    lex.len_x = value.at("len_x").get<std::vector<std::uint32_t>>();
    lex.len_y = value.at("len_y").get<std::vector<std::uint32_t>>();
    if (value.contains("fitted")) lex.fitted = bead_model_from_json(value.at("fitted"));
    out.emplace(key, std::move(lex));
  }
  return out;
}

Json bundle_json(const Bundle& b) {
  Json tuples = Json::array();
  for (const Tuple& t : b.tuples) {
    Json members = Json::array();
    for (const SentenceRange& r : t.members) {
      members.push_back(r.begin);
      members.push_back(r.end);
    }
    tuples.push_back({std::move(members), t.confidence, t.pair_confidence});
  }
  Json pairs = Json::array();
  for (const std::vector<Bead>& beads : b.pairs) {
    Json list = Json::array();
    for (const Bead& bead : beads)
      list.push_back({bead.a.begin, bead.a.end, bead.b.begin, bead.b.end, bead.confidence});
    pairs.push_back(std::move(list));
  }
  return {{"pivot", b.pivot},
          {"confidence", b.confidence},
          {"tuples", std::move(tuples)},
          {"pairs", std::move(pairs)}};
}

void bundle_from_json(const Json& j, Bundle& b) {
  b.pivot = j.at("pivot").get<std::size_t>();
  b.confidence = j.at("confidence").get<double>();
  b.tuples.clear();
  for (const Json& t : j.at("tuples")) {
    Tuple tuple;
    const Json& members = t.at(0);
    for (std::size_t k = 0; k + 1 < members.size(); k += 2)
      tuple.members.push_back(
          {members[k].get<std::uint32_t>(), members[k + 1].get<std::uint32_t>()});
    tuple.confidence = t.at(1).get<double>();
    tuple.pair_confidence = t.at(2).get<std::vector<float>>();
    b.tuples.push_back(std::move(tuple));
  }
  b.pairs.clear();
  for (const Json& list : j.at("pairs")) {
    std::vector<Bead>& beads = b.pairs.emplace_back();
    for (const Json& e : list) {
      Bead bead;
      bead.a = {e.at(0).get<std::uint32_t>(), e.at(1).get<std::uint32_t>()};
      bead.b = {e.at(2).get<std::uint32_t>(), e.at(3).get<std::uint32_t>()};
      bead.confidence = e.at(4).get<double>();
      beads.push_back(bead);
    }
  }
}

Json prepared_json(const Prepared& p) {
  Json sentences = Json::array();
  for (const Sentence& s : p.doc.sentences) {
    sentences.push_back(s.span.start);
    sentences.push_back(s.span.end);
    sentences.push_back(s.paragraph);
    sentences.push_back(s.length);
  }
  const Document& doc = p.doc.document;
  return {{"lang", doc.lang},
          {"hash", p.hash},
          {"start", doc.content_start},
          {"text", doc.text},
          {"sentences", std::move(sentences)},
          {"keys", p.keys},
          {"length", p.length}};
}

Prepared prepared_from_json(const Json& e, const std::string& path) {
  Prepared p;
  Document& doc = p.doc.document;
  doc.path = path;
  doc.lang = e.at("lang").get<std::string>();
  doc.text = e.at("text").get<std::string>();
  doc.content_start = e.at("start").get<std::uint64_t>();
  const Json& sentences = e.at("sentences");
  for (std::size_t i = 0; i + 3 < sentences.size(); i += 4) {
    p.doc.sentences.push_back({{sentences[i].get<std::uint64_t>(),
                                sentences[i + 1].get<std::uint64_t>()},
                               sentences[i + 2].get<std::uint32_t>(),
                               sentences[i + 3].get<std::uint32_t>()});
  }
  p.keys = e.at("keys").get<std::vector<std::string>>();
  p.length = e.at("length").get<std::uint64_t>();
  p.hash = e.at("hash").get<std::uint64_t>();
  return p;
}

TaskDocs::TaskDocs(std::vector<std::size_t> docs) : docs_(std::move(docs)) {
  std::sort(docs_.begin(), docs_.end());
  docs_.erase(std::unique(docs_.begin(), docs_.end()), docs_.end());
}

std::size_t TaskDocs::local(std::size_t d) const {
  return static_cast<std::size_t>(std::lower_bound(docs_.begin(), docs_.end(), d) -
                                  docs_.begin());
}

Json TaskDocs::refs(const std::vector<Prepared>& docs) const {
  Json out = Json::array();
  for (std::size_t d : docs_) {
    const Document& doc = docs[d].doc.document;
    out.push_back({doc.path, doc.lang, docs[d].hash});
  }
  return out;
}

Json pair_task(std::string_view kind, const std::vector<PairWork>& pairs,
               const std::vector<std::size_t>& which, const std::vector<Prepared>& docs) {
  std::vector<std::size_t> named;
  for (std::size_t i : which) {
    named.push_back(pairs[i].a);
    named.push_back(pairs[i].b);
  }
  const TaskDocs td(std::move(named));
  Json local = Json::array();
  for (std::size_t i : which) {
    local.push_back(td.local(pairs[i].a));
    local.push_back(td.local(pairs[i].b));
  }
  return {{"kind", kind}, {"docs", td.refs(docs)}, {"pairs", std::move(local)}};
}

std::vector<PairWork> task_pairs(const Json& task) {
  const Json& local = task.at("pairs");
  std::vector<PairWork> pairs(local.size() / 2);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].a = local.at(2 * i).get<std::size_t>();
    pairs[i].b = local.at(2 * i + 1).get<std::size_t>();
  }
  return pairs;
}

std::vector<std::vector<std::size_t>> pair_chunks(const std::vector<PairWork>& pairs,
                                                  const std::vector<Prepared>& docs) {
  return chunks(pairs.size(), kTaskSentences, [&](std::size_t i) {
    return docs[pairs[i].a].doc.sentences.size() + docs[pairs[i].b].doc.sentences.size();
  });
}

std::vector<std::vector<std::size_t>> bundle_chunks(
    const std::vector<PairWork>& pairs, const std::vector<std::vector<std::size_t>>& pairs_of,
    const std::vector<Prepared>& docs) {
  return chunks(pairs_of.size(), kTaskSentences, [&](std::size_t b) {
    std::uint64_t sum = 0;
    for (std::size_t i : pairs_of[b])
      sum += docs[pairs[i].a].doc.sentences.size() + docs[pairs[i].b].doc.sentences.size();
    return sum;
  });
}

}  // namespace polyalign::corpus
