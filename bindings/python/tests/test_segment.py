"""Documents and segmentation through the binding: spans are UTF-8 byte
offsets, results equal the CLI's, errors arrive as ValueError / OSError with
the engine's messages."""

import json

import pytest

import polyalign
from conftest import run_cli


def test_spans_are_byte_offsets_into_the_utf8_text():
    text = "Kota Hà Nội có 2.645 người. Đây là câu thứ hai.\n\nMột đoạn mới."
    doc = polyalign.segment(text, lang="vi")
    data = text.encode("utf-8")
    assert len(doc) == 3
    for i, s in enumerate(doc.sentences):
        assert data[s.span.start:s.span.end].decode("utf-8") == doc[i] == doc.sentence_text(i)
        assert s.length == len(doc[i])  # code points
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]
    assert doc[-1] == "Một đoạn mới."
    assert list(doc) == [doc[0], doc[1], doc[2]]
    with pytest.raises(IndexError):
        doc[3]
    with pytest.raises(IndexError):
        doc.sentence_text(3)


def test_language_detected_unless_given():
    text = ("Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für erneuerbare "
            "Energien deutlich auszubauen. Der Minister sprach von einem wichtigen Schritt.")
    assert polyalign.segment(text).document.lang == "de"
    assert polyalign.segment(text, lang="auto").document.lang == "de"
    assert polyalign.segment(text, lang="EN-us").document.lang == "en"  # normalised, kept


def test_str_bytes_and_documents_are_the_same_input():
    text = "Erste Zeile.\nZweite Zeile."
    a = polyalign.segment(text, lang="de")
    b = polyalign.segment(text.encode(), lang="de")
    c = polyalign.segment(polyalign.Document(text, "de"))
    for d in (b, c):
        assert [s.span for s in d.sentences] == [s.span for s in a.sentences]


def test_presegmented_keeps_lines():
    options = polyalign.PipelineOptions()
    options.presegmented = True
    doc = polyalign.segment("One. Two.\nThree.", lang="en", options=options)
    assert list(doc) == ["One. Two.", "Three."]


def test_same_sentences_as_the_cli(cli, vietnam_news):
    path = vietnam_news / "001_6df23d5c9a213664.txt"
    out = run_cli(cli, "segment", path, "--format", "jsonl").stdout.splitlines()
    doc = polyalign.segment_document(polyalign.read_document(path))
    assert [json.loads(line)["text"] for line in out] == list(doc)
    assert [(json.loads(line)["start"], json.loads(line)["end"]) for line in out] == \
        [(s.span.start, s.span.end) for s in doc.sentences]
    assert doc.document.path == str(path)


def test_segmenter_class():
    seg = polyalign.Segmenter(polyalign.SegmenterOptions())
    assert [s.span for s in seg.segment("A b. C d.")] == [polyalign.ByteSpan(0, 4),
                                                         polyalign.ByteSpan(5, 9)]
    assert len(polyalign.Segmenter.split_lines("a\nb\n")) == 2


# ------------------------------------------------------------------ errors

def test_invalid_utf8_is_a_value_error_with_the_cli_message(cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\n")
    with pytest.raises(ValueError) as e:
        polyalign.read_document(bad)
    cli_error = run_cli(cli, "segment", bad, check=False)
    assert cli_error.returncode != 0
    assert cli_error.stderr.strip() == f"polyalign: error: {e.value}"
    assert "byte 3: invalid UTF-8" in str(e.value)
    with pytest.raises(ValueError, match="byte 0: invalid UTF-8"):
        polyalign.segment(b"\xff")
    with pytest.raises(ValueError, match="NUL"):
        polyalign.segment("a\0b")


def test_missing_file_is_an_os_error_with_the_cli_message(cli, tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(OSError) as e:
        polyalign.read_document(missing)
    assert str(e.value) == f"{missing}: no such file"
    assert run_cli(cli, "segment", missing, check=False).stderr.strip() == \
        f"polyalign: error: {e.value}"
    with pytest.raises(OSError, match="is a directory"):
        polyalign.read_document(tmp_path)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="text must be a Document, str or bytes, not int"):
        polyalign.segment(42)
    with pytest.raises(TypeError):
        polyalign.Document(3.5)


def test_bad_options_are_value_errors():
    options = polyalign.PipelineOptions()
    options.aligner.bead_types = ()
    with pytest.raises(ValueError, match="bead"):
        polyalign.align("A b.", "C d.", options=options)
