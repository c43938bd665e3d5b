"""The bound structs: every field of the C++ struct (parsed from the public
headers) is an attribute of the same name; options pickle, copy, compare
and reject unknown attributes."""

import copy
import pickle
import re

import pytest

import polyalign
from conftest import REPO

HEADERS = REPO / "engine" / "include" / "polyalign"

# C++ struct -> header. Every data member must be bound under its name.
STRUCTS = {
    "ByteSpan": "common.h", "SentenceRange": "common.h",
    "Document": "document.h", "ReadOptions": "document.h",
    "InputLimits": "input.h", "SourceUnit": "input.h", "SourceLocation": "input.h",
    "LanguageGuess": "language.h", "LanguageOptions": "language.h",
    "Sentence": "segmenter.h", "SegmenterOptions": "segmenter.h",
    "SegmentedDocument": "segmenter.h",
    "AnchorOptions": "anchors.h", "FeatureOptions": "features.h",
    "EvidenceOptions": "evidence.h", "WordLinkOptions": "evidence.h", "AnchorMatch": "evidence.h",
    "CognateOptions": "evidence.h",
    "LengthModel": "length_model.h",
    "BeadType": "aligner.h", "AlignerOptions": "aligner.h", "Bead": "aligner.h",
    "PairAlignment": "aligner.h", "BeadModel": "aligner.h",
    "PipelineOptions": "pipeline.h", "StageTiming": "pipeline.h",
    "DocumentAlignment": "pipeline.h",
    "CorpusOptions": "corpus.h", "SkippedFile": "corpus.h", "Tuple": "corpus.h",
    "Bundle": "corpus.h", "UnmatchedDocument": "corpus.h", "PairCheck": "corpus.h",
    "CorpusStats": "corpus.h", "CorpusResult": "corpus.h", "CorpusPhase": "corpus_tasks.h",
    "CorpusWriteOptions": "corpus_formats.h",
    "FindingMember": "checks.h", "TupleRef": "checks.h", "Finding": "checks.h",
    "CorpusJobOptions": "corpus_job.h", "CorpusJobResult": "corpus_job.h",
}


def struct_fields(header, name):
    """Data members of `struct name` in a header (methods, constructors and
    operators left out)."""
    text = re.sub(r"//[^\n]*", "", (HEADERS / header).read_text())
    m = re.search(r"\bstruct\s+" + name + r"\s*\{", text)
    assert m, f"struct {name} not in {header}"
    depth, i = 1, m.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    body = text[m.end():i - 1]
    # Method bodies and brace initialisers end a statement.
    while re.search(r"\{[^{}]*\}", body):
        body = re.sub(r"\{[^{}]*\}", ";", body)
    fields = []
    for statement in body.split(";"):
        if re.search(r"\boperator\b", statement):
            continue
        decl = statement.split("=")[0].strip()
        while re.search(r"<[^<>]*>", decl):
            decl = re.sub(r"<[^<>]*>", "", decl)
        if not decl or "(" in decl or decl.split()[0] in ("using", "static", "friend"):
            continue
        fields.append(re.findall(r"\w+", decl)[-1])
    return fields


@pytest.mark.parametrize("name", sorted(STRUCTS))
def test_every_cpp_field_is_bound(name):
    fields = struct_fields(STRUCTS[name], name)
    assert fields, name
    cls = getattr(polyalign, name)
    missing = [f for f in fields if not hasattr(cls, f)]
    assert not missing, f"{name}: C++ fields not bound: {missing}"


def test_the_header_parser_sees_what_is_there():
    assert struct_fields("pipeline.h", "PipelineOptions")[:3] == \
        ["detect_language", "presegmented", "segmenter"]
    assert "progress" in struct_fields("corpus.h", "CorpusOptions")
    assert struct_fields("common.h", "ByteSpan") == ["start", "end"]


OPTION_CLASSES = [polyalign.CorpusOptions, polyalign.PipelineOptions,
                  polyalign.SegmenterOptions, polyalign.AlignerOptions, polyalign.FeatureOptions,
                  polyalign.AnchorOptions, polyalign.EvidenceOptions, polyalign.WordLinkOptions,
                  polyalign.CognateOptions,
                  polyalign.ReadOptions, polyalign.InputLimits, polyalign.LanguageOptions, polyalign.CorpusWriteOptions,
                  polyalign.CorpusJobOptions, polyalign.LengthModel, polyalign.BeadType]


def changed_corpus_options():
    o = polyalign.CorpusOptions()
    o.threads = 3
    o.extensions = [".md", ".txt"]
    o.exclude = ("/tmp/out",)
    o.min_pair_score = 0.25
    o.read.max_bytes = 12345
    o.pipeline.aligner.anchor_weight = 2.5
    o.pipeline.aligner.bead_types = [polyalign.BeadType(1, 1, 0.9), polyalign.BeadType(1, 0, 0.1)]
    o.pipeline.aligner.model = polyalign.LengthModel(1.2, 5.0)
    o.pipeline.segmenter.use_abbreviations = False
    o.pipeline.features.anchors.names = False
    o.pipeline.evidence.max_df = 7
    o.pipeline.word_link_options.min_count = 5
    o.pipeline.cognates = False
    o.pipeline.cognate_options.min_similarity = 0.8
    o.pipeline.dictionary = [("a", "b")]
    return o


def test_options_pickle_and_copy_field_by_field():
    o = changed_corpus_options()
    o.progress = lambda stage, fraction: None  # local: neither pickled nor compared
    for other in (pickle.loads(pickle.dumps(o)), copy.copy(o), copy.deepcopy(o)):
        assert other == o
        assert other.pipeline.aligner.anchor_weight == 2.5
        assert other.pipeline.aligner.bead_types[1].prior == 0.1
        assert other.pipeline.aligner.model.c == 1.2
        assert other.extensions == (".md", ".txt")
        assert other.read.max_bytes == 12345
        assert other.pipeline.dictionary == (("a", "b"),)
        assert not other.pipeline.cognates
        assert other.pipeline.cognate_options.min_similarity == 0.8
    assert pickle.loads(pickle.dumps(o)).progress is None
    assert polyalign.CorpusOptions() != o
    w = polyalign.CorpusWriteOptions()
    w.formats = [polyalign.CorpusFormat.kTmx]
    assert pickle.loads(pickle.dumps(w)).formats == (polyalign.CorpusFormat.kTmx,)
    for cls in OPTION_CLASSES:
        assert pickle.loads(pickle.dumps(cls())) == cls()


def test_options_print_their_fields():
    text = repr(changed_corpus_options())
    assert text.startswith("CorpusOptions(pipeline=PipelineOptions(")
    assert "anchor_weight=2.5" in text and "extensions=('.md', '.txt')" in text


def test_list_fields_are_tuples_set_whole():
    o = polyalign.CorpusOptions()
    assert o.extensions[0] == ".txt" and ".docx" in o.extensions and ".pdf" in o.extensions
    with pytest.raises(AttributeError):
        o.extensions.append(".md")  # would change a copy: refused
    o.extensions = [".md"]
    assert o.extensions == (".md",)
    with pytest.raises(TypeError):
        o.extensions = ".md"  # a str is not a list of extensions


def test_nested_options_are_changed_in_place():
    o = polyalign.CorpusOptions()
    o.pipeline.aligner.anchor_weight = 1.25
    assert o.pipeline.aligner.anchor_weight == 1.25


def test_unknown_attributes_are_refused():
    o = polyalign.CorpusOptions()
    with pytest.raises(AttributeError):
        o.treads = 2  # a typo is an error, not a silently ignored setting


def test_defaults_are_the_engines(cli):
    # The CLI prints the C++ defaults in its help.
    assert polyalign.CorpusOptions().threads == 0
    assert polyalign.PipelineOptions().threads == 2
    assert polyalign.AlignerOptions().anchor_weight == 4.0
    assert [(t.a, t.b) for t in polyalign.default_bead_types()] == \
        [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2)]
    assert polyalign.CorpusWriteOptions().formats == (
        polyalign.CorpusFormat.kJsonl, polyalign.CorpusFormat.kTmx, polyalign.CorpusFormat.kTsv,
        polyalign.CorpusFormat.kMoses)


def test_bad_options_are_value_errors_with_the_engines_message():
    o = polyalign.CorpusOptions()
    o.max_key_share = 0
    with pytest.raises(ValueError) as e:
        polyalign.align_corpus([str(REPO / "corpora" / "vietnam-news")], o)
    assert str(e.value) == "CorpusOptions::max_key_share: must be in (0, 1]"
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        polyalign.parse_corpus_formats("tmx,xml")
