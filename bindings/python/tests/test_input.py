"""Input formats through the binding: files of other formats than text are
read by path as the CLI reads them (input.h), and say where each sentence
came from."""

import pickle

import pytest

import polyalign

SRT = {
    "id": "1\n00:00:01,000 --> 00:00:02,000\nAnna tiba di Berlin pukul 9.\n\n"
          "2\n00:00:03,000 --> 00:00:04,000\nDia tinggal <i>2 jam</i>.\n",
    "en": "1\n00:00:01,000 --> 00:00:02,000\nAnna arrived in Berlin at 9.\n\n"
          "2\n00:00:03,000 --> 00:00:04,000\nShe stayed\nfor 2 hours.\n",
}


@pytest.fixture
def subtitles(tmp_path):
    paths = {}
    for lang, text in SRT.items():
        paths[lang] = tmp_path / f"{lang}.srt"
        paths[lang].write_text(text, encoding="utf-8")
    return paths


def test_read_document_extracts_cues_and_locates_them(subtitles):
    d = polyalign.read_document(subtitles["en"])
    assert d.format == polyalign.InputFormat.kSrt and d.sentence_units
    assert d.text == "Anna arrived in Berlin at 9.\nShe stayed for 2 hours.\n"
    assert [u.label for u in d.units] == ["00:00:01,000 --> 00:00:02,000",
                                          "00:00:03,000 --> 00:00:04,000"]
    at = polyalign.locate(d, d.units[1].text)
    raw = SRT["en"].encode()[at.source.start:at.source.end].decode()
    assert at.unit == 1 and raw == "She stayed\nfor 2 hours."


def test_align_takes_paths_of_any_format(subtitles):
    r = polyalign.align(subtitles["id"], subtitles["en"], lang_a="id", lang_b="en")
    assert [(b.a_text, b.b_text) for b in r] == [
        ("Anna tiba di Berlin pukul 9.", "Anna arrived in Berlin at 9."),
        ("Dia tinggal 2 jam.", "She stayed for 2 hours.")]


def test_forcing_a_format_and_its_errors(subtitles):
    o = polyalign.ReadOptions()
    o.format = polyalign.parse_input_format("text")
    assert polyalign.read_document(subtitles["en"], o).text == SRT["en"]
    o.format = polyalign.InputFormat.kHtml
    o.limits.max_depth = 3
    assert pickle.loads(pickle.dumps(o)) == o
    with pytest.raises(ValueError, match="elements nested deeper than 3"):
        polyalign.read_document(_write(subtitles["en"].parent / "x.html", "<div>" * 20), o)
    assert polyalign.detect_input_format(b"WEBVTT\n", "x") == polyalign.InputFormat.kVtt
    assert polyalign.input_format_name(polyalign.InputFormat.kDocx) == "docx"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
