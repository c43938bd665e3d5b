"""Results as Python values (len, iteration, beads' and tuples' texts,
spans, kinds, records, DataFrames, repr), and parity with the CLI for the
checks and the review page."""

import json

import pytest

import polyalign
from conftest import run_cli

DE = ("Die Konferenz begann am 12. März 2024 in Berlin. Rund 3.500 Gäste aus 40 Ländern "
      "kamen.\n\nDer Vorsitzende Jan Novák eröffnete sie um 9:30 Uhr.")
EN = ("The conference opened on 12 March 2024 in Berlin. About 3,500 guests from 40 countries "
      "came.\n\nThe chairman, Jan Novák, opened it at 9:30.\n\nLunch was served at noon.")


@pytest.fixture(scope="module")
def pair():
    return polyalign.align(DE, EN)


def test_a_pair_is_a_sequence_of_beads(pair):
    beads = pair.alignment.beads
    assert len(pair) == len(beads) == 4
    assert [b.index for b in pair] == [0, 1, 2, 3]
    assert pair[-1].index == 3 and pair[0].confidence == beads[0].confidence
    with pytest.raises(IndexError):
        pair[4]
    with pytest.raises(TypeError):
        pair["0"]
    kinds = [b.kind for b in pair]
    assert kinds == ["1-1", "1-1", "1-1", "0-1"]
    last = pair[3]
    assert last.a_text == "" and last.a_spans == [] and last.b_text == "Lunch was served at noon."


def test_bead_texts_and_spans_point_into_the_original_bytes(pair):
    a, b = DE.encode(), EN.encode()
    for bead in pair:
        assert bead.a_text == " ".join(a[s:e].decode() for s, e in bead.a_spans)
        assert bead.b_text == " ".join(b[s:e].decode() for s, e in bead.b_spans)
        assert bead.a_sentences == [pair.a[i] for i in bead.a]
    assert "Jan Novák" in pair[2].a_text and "Jan Novák" in pair[2].b_text
    # Byte offsets, not code points: "März" comes before the second sentence.
    (start, end), = pair[1].a_spans
    assert DE[start:end] != pair[1].a_text and a[start:end].decode() == pair[1].a_text


def test_beads_as_records_and_a_dataframe(pair):
    records = pair.to_records()
    assert [r["bead"] for r in records] == [0, 1, 2, 3]
    assert records[3] == {"bead": 3, "kind": "0-1", "confidence": pair[3].confidence,
                          "a_text": "", "b_text": "Lunch was served at noon.",
                          "a_sentences": [], "b_sentences": [3], "a_spans": [],
                          "b_spans": pair[3].b_spans}
    pandas = pytest.importorskip("pandas")
    df = pair.to_pandas()
    assert isinstance(df, pandas.DataFrame) and len(df) == 4
    assert list(df.columns[:5]) == ["bead", "kind", "confidence", "a_text", "b_text"]
    assert df.loc[df.kind == "0-1", "b_text"].tolist() == ["Lunch was served at noon."]
    with_findings = pair.to_pandas(findings=polyalign.check(pair))
    assert "omissions" in " ".join(with_findings.loc[3, "findings"])


def test_repr_says_what_a_result_holds(pair):
    assert repr(pair).startswith("DocumentAlignment(de ~ en: 3 ~ 4 sentences in 4 beads "
                                 "(3 1-1, 1 0-1), mean confidence ")
    assert repr(pair[0]).startswith("PairBead(0, 1-1, confidence=")
    assert "'Die Konferenz begann am 12. März 2024 i…' ~ 'The conference opened on 12 March 2024 …'" in repr(pair[0])


@pytest.fixture(scope="module")
def corpus(vietnam_news):
    return polyalign.align_corpus([vietnam_news])


def test_a_corpus_is_a_sequence_of_tuples(corpus):
    n = sum(len(b.tuples) for b in corpus.bundles)
    assert len(corpus) == n > 10
    tuples = list(corpus)
    assert len(tuples) == n and corpus[-1].index == tuples[-1].index
    t = tuples[0]
    assert t.bundle == corpus.bundles[0].id
    docs = [corpus.documents[d] for d in corpus.bundles[0].documents]
    assert t.langs == tuple(d.document.lang for d in docs) and set(t.langs) == {"hi", "id"}
    for t in tuples:
        for doc, text, spans, rng in zip(docs, t.texts, t.spans, t.members):
            data = doc.document.text.encode()
            assert text == " ".join(data[s:e].decode() for s, e in spans)
            assert len(spans) == len(rng)
        assert t.kind == "-".join(str(len(r)) for r in t.members)
        assert t["hi"] == t.texts[t.langs.index("hi")]
    with pytest.raises(KeyError, match="'de': no member of bundle-0001 in this language"):
        tuples[0]["de"]
    assert repr(corpus).startswith("CorpusResult(") and "languages (de, en, hi, id, uk)" in repr(corpus)
    assert f"{n} tuples" in repr(corpus)


def test_corpus_records_have_a_column_per_language(corpus):
    records = corpus.to_records()
    assert len(records) == len(corpus)
    assert set(records[0]) == {"bundle", "tuple", "kind", "confidence", "hi", "id"}
    first = corpus[0]
    assert records[0]["hi"] == first["hi"] and records[0]["id"] == first["id"]
    pytest.importorskip("pandas")
    df = corpus.to_pandas()
    assert list(df.columns) == ["bundle", "tuple", "kind", "confidence", "hi", "id"]
    assert df.hi.tolist() == [r["hi"] for r in records]


def test_columns_of_two_members_in_one_language():
    from polyalign._results import _columns
    assert _columns(("en", "de", "en", "en")) == ["en", "de", "en.2", "en.3"]


def test_check_and_its_files_as_the_cli_writes_them(cli, tmp_path):
    a, b = tmp_path / "a.de.txt", tmp_path / "b.en.txt"
    a.write_text(DE, encoding="utf-8")
    b.write_text(EN.replace("9:30", "10:30"), encoding="utf-8")
    run_cli(cli, "align", a, b, "-o", tmp_path / "cli.txt", "--findings",
            tmp_path / "cli.jsonl", "--report", tmp_path / "cli.html")
    r = polyalign.align(a, b)  # paths: read as the CLI reads them
    findings = polyalign.check(r)
    kinds = sorted(polyalign.check_kind_name(f.kind) for f in findings)
    assert kinds == ["numbers", "omissions"]
    assert polyalign.check(r, "numbers")[0].message == findings[
        [polyalign.check_kind_name(f.kind) for f in findings].index("numbers")].message
    assert polyalign.write_findings(r, tmp_path / "py.jsonl") == str(tmp_path / "py.jsonl")
    polyalign.write_report(r, tmp_path / "py.html", findings)
    assert (tmp_path / "py.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    assert (tmp_path / "py.html").read_bytes() == (tmp_path / "cli.html").read_bytes()
    lines = [json.loads(x) for x in (tmp_path / "py.jsonl").read_text().splitlines()]
    assert sorted(x["kind"] for x in lines) == kinds
    # No temporary file left beside them.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.de.txt", "b.en.txt", "cli.html", "cli.jsonl", "cli.txt", "py.html", "py.jsonl"]


def test_check_on_a_corpus_is_the_jobs_findings(vietnam_news, tmp_path):
    job = polyalign.run_corpus_job(vietnam_news, tmp_path / "out")
    findings = polyalign.check(job.result)
    assert [(f.kind, f.bundle, f.tuple, f.message) for f in findings] == \
        [(f.kind, f.bundle, f.tuple, f.message) for f in job.findings]
    polyalign.write_findings(job.result, tmp_path / "f.jsonl", findings)
    polyalign.write_report(job.result, tmp_path / "r.html", findings)
    assert (tmp_path / "f.jsonl").read_bytes() == (tmp_path / "out" / "findings.jsonl").read_bytes()
    # write_report() of a corpus: every bundle on one page; the job: an
    # index linking one page per bundle.
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    index = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert findings and all(
        json.dumps(f.message, ensure_ascii=False).replace("<", "\\u003c") in page for f in findings)
    for b in job.result.bundles:
        assert f'"{b.id}/report.html"' in index and b.id in page
        assert (tmp_path / "out" / b.id / "report.html").is_file()


def test_check_errors():
    with pytest.raises(TypeError, match="a DocumentAlignment or a CorpusResult, not str"):
        polyalign.check("text")
    with pytest.raises(ValueError, match="unknown"):
        polyalign.check(polyalign.align("A.", "B."), "numbers,colours")
