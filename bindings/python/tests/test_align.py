"""Pair alignment through the binding: the same beads, spans and
confidences as `polyalign align`, results as objects."""

import json
import sys

import pytest

import polyalign
from conftest import run_cli

DE = ("Die Konferenz begann am 12. März 2024 in Berlin. Rund 3.500 Gäste aus 40 Ländern "
      "kamen.\n\nDer Vorsitzende Jan Novák eröffnete sie um 9:30 Uhr.")
EN = ("The conference opened on 12 March 2024 in Berlin. About 3,500 guests from 40 countries "
      "came.\n\nThe chairman, Jan Novák, opened it at 9:30.")


def test_beads_cover_both_documents_in_order():
    r = polyalign.align(DE, EN)
    assert (r.a.document.lang, r.b.document.lang) == ("de", "en")
    beads = r.alignment.beads
    assert len(beads) == 3
    a = [i for bead in beads for i in bead.a]
    b = [j for bead in beads for j in bead.b]
    assert a == list(range(len(r.a))) and b == list(range(len(r.b)))
    for bead in beads:
        assert len(bead.a) == 1 and len(bead.b) == 1
        assert 0.9 <= bead.confidence <= 1.0
    assert "Jan Novák" in r.a[beads[2].a.begin] and "Jan Novák" in r.b[beads[2].b.begin]
    assert r.alignment.model.c > 0 and r.alignment.model.s2 > 0
    # what the pair shares: the number, the name
    kinds = {polyalign.anchor_kind_name(m.kind)
             for m in r.evidence.matches(beads[0].a, beads[0].b)}
    assert {"number", "name"} <= kinds


def test_the_same_output_as_the_cli(cli, vietnam_news):
    a = vietnam_news / "000_ce7c1f1e563d1f0d.txt"
    b = vietnam_news / "001_6df23d5c9a213664.txt"
    r = polyalign.align_documents(polyalign.read_document(a), polyalign.read_document(b))
    for fmt in ("brackets", "tsv", "jsonl", "tmx", "xliff"):
        assert polyalign.format_pair_alignment(r, fmt) == \
            run_cli(cli, "align", a, b, "--format", fmt, "-q").stdout
    assert polyalign.format_pair_alignment(r, polyalign.PairFormat.kJsonl, explain=True) == \
        run_cli(cli, "align", a, b, "--format", "jsonl", "--explain", "-q").stdout
    # Spans of the objects are those of the JSONL.
    lines = [json.loads(x) for x in polyalign.format_pair_alignment(r, "jsonl").splitlines()]
    for bead, line in zip(r.alignment.beads, lines):
        assert [i for i in bead.a] == line["a"]
        assert [[r.a.sentences[i].span.start, r.a.sentences[i].span.end] for i in bead.a] == \
            line["a_spans"]
        assert bead.confidence == pytest.approx(line["confidence"], abs=0.5e-4)


def test_options_reach_the_engine(cli, vietnam_news):
    a = vietnam_news / "000_ce7c1f1e563d1f0d.txt"
    b = vietnam_news / "001_6df23d5c9a213664.txt"
    options = polyalign.PipelineOptions()
    options.anchors = False
    options.threads = 1
    r = polyalign.align(polyalign.read_document(a), polyalign.read_document(b), options=options)
    assert r.evidence.empty() and r.word_links == 0
    assert polyalign.format_pair_alignment(r, "brackets") == \
        run_cli(cli, "align", a, b, "--no-anchors", "--threads", "1", "-q").stdout
    options = polyalign.PipelineOptions()
    options.aligner.posterior_temperature = 3.0
    hot = polyalign.align(polyalign.read_document(a), polyalign.read_document(b), options=options)
    assert polyalign.format_pair_alignment(hot, "tsv") == \
        run_cli(cli, "align", a, b, "--temperature", "3", "--format", "tsv", "-q").stdout


def test_progress_callback_is_called_and_cannot_break_the_run(monkeypatch):
    seen = []
    options = polyalign.PipelineOptions()
    options.progress = lambda stage, fraction: seen.append((stage, fraction))
    assert options.progress is not None
    polyalign.align(DE, EN, options=options)
    assert {"segment", "align"} <= {stage for stage, _ in seen}

    def broken(stage, fraction):
        raise RuntimeError("boom")

    options.progress = broken
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    r = polyalign.align(DE, EN, options=options)  # reported as unraisable, not raised
    assert len(r.alignment.beads) == 3
    assert reported and all(isinstance(u.exc_value, RuntimeError) for u in reported)
    options.progress = None
    assert options.progress is None
    with pytest.raises(TypeError):
        options.progress = 3


def test_dictionary_file(tmp_path):
    d = tmp_path / "dict.tsv"
    d.write_text("# de-en\nGäste\tguests\n", encoding="utf-8")
    assert polyalign.read_dictionary(d) == [("gäste", "guests")]
    options = polyalign.PipelineOptions()
    options.dictionary = polyalign.read_dictionary(d)
    assert options.dictionary == (("gäste", "guests"),)
    with pytest.raises(OSError, match="missing.tsv"):
        polyalign.read_dictionary(tmp_path / "missing.tsv")
