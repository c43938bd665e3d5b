"""polyalign: aligns multilingual parallel text (Python binding of the C++ engine).

A short tour (help(polyalign.align), help(polyalign.align_corpus)... for more):

Two texts, sentence by sentence:

    >>> import polyalign
    >>> r = polyalign.align("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.",
    ...                     "Anna came to Berlin at 9. She stayed for 2 hours.", lang_a="de", lang_b="en")
    >>> len(r)                                   # beads
    2
    >>> for bead in r:
    ...     print(bead.kind, bead.a_text, "|", bead.b_text)
    1-1 Anna kam um 9 Uhr nach Berlin. | Anna came to Berlin at 9.
    1-1 Sie blieb 2 Stunden. | She stayed for 2 hours.
    >>> r.to_records()[0]["b_text"]              # or r.to_pandas(): a DataFrame
    'Anna came to Berlin at 9.'

Files are read as the CLI reads them when given as paths (pathlib.Path or
read_document()); text in memory as str. A corpus (files and directories,
or Documents in memory) is found, bundled and aligned N-way:

    corpus = polyalign.align_corpus(["corpora/vietnam-news"], progress=True)
    corpus.to_pandas()                           # a column per language
    polyalign.align_corpus(["corpora/vietnam-news"], out_dir="out/v")  # as `polyalign corpus`

Checks and the review page (as `polyalign align --findings --report`):

    >>> findings = polyalign.check(r)            # [Finding, ...]
    >>> polyalign.findings_summary(findings)
    '0 findings'

    polyalign.write_report(r, "review.html")     # the page; write_findings(): JSONL

In a notebook, a result shows itself side by side (_repr_html_): the
confidence coloured, the checks' findings marked.

Long jobs: progress=True shows a tqdm bar (a line on stderr without tqdm),
progress=callable(stage, fraction) reports; Ctrl-C (KeyboardInterrupt)
stops a running alignment, which leaves no partial file.

A thin layer over the C++ API (engine/include/polyalign/*.h, whose comments
are the contract): classes, fields, functions and enum values have their C++
names; byte spans are offsets into UTF-8 bytes. Options are plain objects
(CorpusOptions, PipelineOptions, AlignerOptions...) whose attributes are the
C++ fields; fields that are lists in C++ read as tuples and are set whole
(``o.extensions = (".txt", ".md")``). Options pickle, compare equal field by
field, and print their fields.

Errors: ValueError for bad input and options, OSError for files and
directories (and ICU failures), with the engine's messages.

Threads: every call releases the GIL while the engine works, so alignments
run in parallel threads. Corpus mode on a Dask cluster: polyalign.dask.
"""

from __future__ import annotations

import copy
import copyreg
import os

from . import _core

# The C++ API, names as in C++, but for the functions this package wraps
# (defined below: path-like arguments, progress, Ctrl-C). _core.pyi lists
# the same __all__, so that type checkers see the wrappers' signatures.
_WRAPPED = frozenset({"align", "align_documents", "align_corpus", "run_corpus_job",
                      "read_document", "read_dictionary", "find_corpus_files", "write_corpus",
                      "write_bundle_file"})
_core.__all__ = sorted(name for name in vars(_core)
                       if not name.startswith("_") and name not in _WRAPPED)
from ._core import *  # noqa: E402,F401,F403
from . import _html, _progress, _results
from ._results import CorpusTuple, PairBead  # noqa: F401

__version__ = _core.__version__

# Options structs: pickled (for Dask), compared and printed field by field.
# The fields are the writable properties the binding defines; the callables
# (`progress`, `aligned`, `bundle_saved`) and the checkpoint, all local, are
# neither pickled nor compared.
_OPTION_CLASSES = (
    _core.CorpusOptions, _core.PipelineOptions, _core.SegmenterOptions, _core.AlignerOptions,
    _core.BeadType, _core.LengthModel, _core.FeatureOptions, _core.AnchorOptions,
    _core.EvidenceOptions, _core.WordLinkOptions, _core.CognateOptions, _core.ReadOptions,
    _core.InputLimits,
    _core.LanguageOptions,
    _core.CorpusWriteOptions, _core.CorpusJobOptions, _core.CheckOptions, _core.ReportOptions,
)


_CALLBACKS = ("progress", "aligned", "bundle_saved", "checkpoint")


def _fields(cls):
    return [name for name, attr in vars(cls).items()
            if isinstance(attr, property) and attr.fset is not None
            and name not in _CALLBACKS]


def _state(obj):
    return {name: getattr(obj, name) for name in _fields(type(obj))}


def _rebuild(cls, state):
    obj = cls()
    for name, value in state.items():
        setattr(obj, name, value)
    return obj


def _reduce(obj):
    return _rebuild, (type(obj), _state(obj))


def _copy(obj):
    """A field-by-field copy of an options object with the caller's
    callbacks kept (copy.copy goes through _reduce, which leaves them out):
    for running with changed fields while the caller's object is left
    alone."""
    out = copy.copy(obj)
    for name in _CALLBACKS:
        if hasattr(obj, name):
            setattr(out, name, getattr(obj, name))
    return out


def _eq(self, other):
    if type(self) is not type(other):
        return NotImplemented
    return _state(self) == _state(other)


def _repr(self):
    fields = ", ".join(f"{name}={value!r}" for name, value in _state(self).items())
    return f"{type(self).__name__}({fields})"


for _cls in _OPTION_CLASSES:
    copyreg.pickle(_cls, _reduce)
    _cls.__eq__ = _eq
    _cls.__hash__ = None
    if _cls not in (_core.BeadType, _core.LengthModel):  # these have a short C++ __repr__
        _cls.__repr__ = _repr
del _cls


# Functions taking paths also take path-like objects (pathlib.Path...).

def _paths(paths):
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return [os.fsdecode(p) for p in paths]


def read_document(path: str | os.PathLike, options: ReadOptions | None = None) -> Document:
    """Reads a file as a Document (document.h), as the CLI reads its
    inputs: text, or the text of a DOCX, ODT, HTML, XLIFF, SRT or WebVTT
    file (input.h; options.format, detected by default), whose
    Document.units and locate() say where each part came from. OSError if
    it cannot be read, ValueError if it is not UTF-8 text or not well-formed
    in its format.

    >>> d = read_document("corpora/vietnam-news/000_ce7c1f1e563d1f0d.txt")
    >>> d.path, d.lang                           # the language: found when segmented
    ('corpora/vietnam-news/000_ce7c1f1e563d1f0d.txt', 'und')
    """
    return _core.read_document(os.fsdecode(path), options if options is not None else ReadOptions())


def read_dictionary(path: str | os.PathLike) -> list[tuple[str, str]]:
    """A bilingual dictionary, one "word_a<TAB>word_b" per line (evidence.h),
    for PipelineOptions.dictionary.

    >>> o = PipelineOptions()
    >>> o.dictionary = [("Hund", "dog")]     # or read_dictionary("de-en.tsv")
    >>> o.dictionary
    (('Hund', 'dog'),)
    """
    return _core.read_dictionary(os.fsdecode(path))


def _document(x):
    # A path-like object names a file, read as the CLI reads it.
    return read_document(x) if isinstance(x, os.PathLike) else x


def align(a: str | bytes | Document | os.PathLike, b: str | bytes | Document | os.PathLike,
          lang_a: str | None = None, lang_b: str | None = None,
          options: PipelineOptions | None = None, progress=None) -> DocumentAlignment:
    """Aligns the sentences of two texts (pipeline.h, align_documents):
    str, bytes that must be UTF-8, Documents, or files (pathlib.Path:
    read as `polyalign align` reads them). Languages None or "auto":
    detected. progress: None, True (a tqdm bar) or callable(stage,
    fraction); Ctrl-C stops the alignment (KeyboardInterrupt).

    >>> r = align("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "Anna came to Berlin at 9. She stayed for 2 hours.",
    ...           lang_a="de", lang_b="en")
    >>> r
    DocumentAlignment(de ~ en: 2 ~ 2 sentences in 2 beads (2 1-1), mean confidence 1.00, parallel score 0.50)
    >>> [bead.kind for bead in r], round(r[1].confidence, 2)
    (['1-1', '1-1'], 1.0)
    """
    options, close = _progress.with_progress(
        options if options is not None else PipelineOptions(), progress)
    try:
        return _core.align(_document(a), _document(b), lang_a, lang_b, options)
    finally:
        close()


def align_documents(a: Document, b: Document, options: PipelineOptions | None = None,
                    progress=None) -> DocumentAlignment:
    """Segments and aligns two Documents (pipeline.h); align() takes text
    and files too. progress: as align()'s.

    >>> r = align_documents(make_document("Eins. Zwei.", "de"), make_document("One. Two.", "en"))
    >>> [(bead.a_text, bead.b_text) for bead in r]
    [('Eins.', 'One.'), ('Zwei.', 'Two.')]
    """
    options, close = _progress.with_progress(
        options if options is not None else PipelineOptions(), progress)
    try:
        return _core.align_documents(a, b, options)
    finally:
        close()


def find_corpus_files(paths, options: CorpusOptions | None = None) -> list[str]:
    """The files align_corpus(paths) reads (corpus.h).

    >>> len(find_corpus_files("corpora/vietnam-news"))   # files it reads (CorpusOptions.extensions)
    5
    """
    return _core.find_corpus_files(_paths(paths), options if options is not None else CorpusOptions())


def align_corpus(paths, options: CorpusOptions | None = None, executor=None,
                 out_dir: str | os.PathLike | None = None, job: CorpusJobOptions | None = None,
                 progress=None) -> CorpusResult:
    """Corpus mode (corpus.h): reads the files and directories `paths` (one
    path or a list), finds which documents are versions of one another
    (bundles) and aligns every bundle N-way into tuples. Returns a
    CorpusResult: len() tuples, iterated as CorpusTuples, to_records() and
    to_pandas() with a column per language; write it with write_corpus().
    `paths` may also be a list of Documents in memory (distinct paths; no
    executor or out_dir then).

    >>> corpus = align_corpus("corpora/vietnam-news")
    >>> corpus.bundles[0].id, sorted(corpus[0].langs)
    ('bundle-0001', ['hi', 'id'])

    executor: None runs the work on this process's threads
    (options.threads); else callable(CorpusPhase) -> list of bytes, the
    results of CorpusTaskRunner(options).run(phase.shared, task) for every
    task of the phase, in order, computed anywhere (polyalign.dask does it
    on a Dask cluster). The result is the same either way.

    out_dir: also writes there, byte for byte, what ``polyalign corpus PATHS
    -o OUT_DIR`` writes (run_corpus_job(), corpus_job.h): bundles.json, the
    formats, findings.jsonl and report.html, as `job` says (a
    CorpusJobOptions; None: the CLI's defaults), with `options` (if given)
    as its corpus options. run_corpus_job() returns the findings too.

    progress: None, True (a tqdm bar per stage) or callable(stage,
    fraction); Ctrl-C stops the run (KeyboardInterrupt), leaving no partial
    file in out_dir."""
    if not isinstance(paths, (str, bytes, os.PathLike)):
        paths = list(paths)
        if paths and all(isinstance(p, Document) for p in paths):
            for given, name in ((executor, "an executor"), (out_dir, "out_dir")):
                if given is not None:
                    raise ValueError(f"align_corpus: {name} needs paths, not Documents")
            options, close = _progress.with_progress(
                options if options is not None else CorpusOptions(), progress)
            try:
                return _core.align_corpus(paths, options)
            finally:
                close()
    if out_dir is not None:
        if job is None:
            job = CorpusJobOptions()
        elif options is not None:
            job = _copy(job)  # the caller's job is left alone
        if options is not None:
            job.corpus = options
        return run_corpus_job(paths, out_dir, job, executor, progress).result
    options, close = _progress.with_progress(
        options if options is not None else CorpusOptions(), progress)
    try:
        return _core.align_corpus(_paths(paths), options, executor)
    finally:
        close()


def run_corpus_job(paths, out_dir: str | os.PathLike, options: CorpusJobOptions | None = None,
                   executor=None, progress=None) -> CorpusJobResult:
    """What ``polyalign corpus PATHS -o OUT_DIR`` does (corpus_job.h): corpus
    mode over `paths` (as align_corpus), then under out_dir bundles.json and
    the formats of options.write, the checks' findings.jsonl and the review
    page report.html, every file atomically. options: CorpusJobOptions
    (None: the CLI's defaults). executor, progress: as align_corpus's.
    Returns a CorpusJobResult (result, findings, files written).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     job = run_corpus_job("corpora/vietnam-news", out)
    ...     [os.path.basename(f) for f in job.qa_files]
    ['findings.jsonl', 'report.html']
    """
    job = options if options is not None else CorpusJobOptions()
    corpus, close = _progress.with_progress(job.corpus, progress)
    if corpus is not job.corpus:
        job = _copy(job)
        job.corpus = corpus
    try:
        return _core.run_corpus_job(_paths(paths), os.fsdecode(out_dir), job, executor)
    finally:
        close()


def write_corpus(result: CorpusResult, outdir: str | os.PathLike,
                 options: CorpusWriteOptions | None = None) -> list[str]:
    """Writes a CorpusResult under outdir: bundles.json and the formats of
    options (CorpusWriteOptions: TMX, TSV, per-bundle JSONL, Moses), every
    file atomically (corpus_formats.h). Returns the files written.

    >>> import tempfile
    >>> corpus = align_corpus("corpora/vietnam-news")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     [os.path.basename(f) for f in write_corpus(corpus, out)][-1]
    'bundles.json'
    """
    return _core.write_corpus(result, os.fsdecode(outdir),
                              options if options is not None else CorpusWriteOptions())


def write_bundle_file(result: CorpusResult, bundle: Bundle, outdir: str | os.PathLike) -> str:
    """Writes <outdir>/<bundle id>/alignment.jsonl atomically; returns its path.

    >>> import tempfile
    >>> corpus = align_corpus("corpora/vietnam-news")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     os.path.relpath(write_bundle_file(corpus, corpus.bundles[0], out), out)
    'bundle-0001/alignment.jsonl'
    """
    return _core.write_bundle_file(result, bundle, os.fsdecode(outdir))


# ------------------------------------------------------------ checks, review page

def _check_options(checks, options):
    o = _copy(options) if options is not None else CheckOptions()
    if checks is not None:
        o.checks = parse_checks(checks) if isinstance(checks, str) else list(checks)
    return o


def check(result: DocumentAlignment | CorpusResult, checks: str | list[CheckKind] | None = None,
          options: CheckOptions | None = None) -> list[Finding]:
    """The consistency checks (checks.h) on a pair's beads or a corpus's
    tuples, as `polyalign align --findings` / `polyalign corpus` run them:
    [Finding, ...] (kind, severity, bundle, tuple: the bead for a pair,
    members, message). checks: "all", "numbers,names"... or [CheckKind]
    (None: options.checks, by default all).

    >>> r = align("Der Preis stieg um 12 Prozent.", "The price rose by 15 percent.",
    ...           lang_a="de", lang_b="en")
    >>> [(check_kind_name(f.kind), f.tuple) for f in check(r)]
    [('numbers', 0)]
    """
    o = _check_options(checks, options)
    if isinstance(result, CorpusJobResult):
        result = result.result
    if isinstance(result, CorpusResult):
        return _core.check_corpus(result, o)
    if isinstance(result, DocumentAlignment):
        return _core.check_pair(result, o)
    raise TypeError(f"check: a DocumentAlignment or a CorpusResult, not {type(result).__name__}")


def write_findings(result: DocumentAlignment | CorpusResult, path: str | os.PathLike,
                   findings: list[Finding] | None = None) -> str:
    """Writes the findings (None: check(result)) to path as JSONL, one per
    line, atomically: the findings.jsonl of `polyalign corpus`, the
    --findings file of `polyalign align`. Returns the path.

    >>> import json, tempfile
    >>> r = align("Der Preis stieg um 12 Prozent.", "The price rose by 15 percent.",
    ...           lang_a="de", lang_b="en")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     path = write_findings(r, os.path.join(out, "findings.jsonl"))
    ...     [json.loads(line)["kind"] for line in open(path, encoding="utf-8")]
    ['numbers']
    """
    path = os.fsdecode(path)
    _core.write_findings_jsonl(result, check(result) if findings is None else findings, path)
    return path


def write_report(result: DocumentAlignment | CorpusResult, path: str | os.PathLike,
                 findings: list[Finding] | None = None, options: ReportOptions | None = None) -> str:
    """Writes the review page (report.h: the aligned text side by side,
    confidences coloured, findings marked; one self-contained HTML file) to
    path, atomically, as `polyalign align --report` / `polyalign corpus`
    do. findings: None runs check(result). options: a ReportOptions (None:
    the CLI's, titled "polyalign review: A ~ B" for a pair). Returns the
    path.

    >>> import tempfile
    >>> r = align("Der Hund bellt.", "The dog barks.", lang_a="de", lang_b="en")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     page = open(write_report(r, os.path.join(out, "review.html")), encoding="utf-8").read()
    ...     "The dog barks." in page
    True
    """
    path = os.fsdecode(path)
    if options is None:
        options = ReportOptions()
        if isinstance(result, DocumentAlignment):  # as `polyalign align --report`
            options.title = f"polyalign review: {result.a.document.path} ~ {result.b.document.path}"
    _core.write_report_html(result, check(result) if findings is None else findings, path,
                            options)
    return path


_results.install()
_html.install(check)
