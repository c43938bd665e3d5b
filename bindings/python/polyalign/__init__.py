"""polyalign: aligns multilingual parallel text (Python binding of the C++ engine).

    import polyalign
    r = polyalign.align("Der Hund bellt. Die Katze schläft.",
                        "The dog barks. The cat sleeps.", lang_a="de", lang_b="en")
    for bead in r.alignment.beads:
        print([r.a[i] for i in bead.a], [r.b[i] for i in bead.b], bead.confidence)

    corpus = polyalign.align_corpus(["corpora/vietnam-news"])   # bundles and tuples
    polyalign.write_corpus(corpus, "out/vietnam-news")          # TMX, TSV, JSONL, Moses
    polyalign.align_corpus(["corpora/vietnam-news"], out_dir="out/v")  # as `polyalign corpus`

A thin layer over the C++ API (engine/include/polyalign/*.h, whose comments
are the contract): classes, fields, functions and enum values have their C++
names. segment() and align() are shorthands for text in memory (str, bytes
that must be UTF-8, or Documents); byte spans are offsets into UTF-8 bytes.

Options are plain objects (CorpusOptions, PipelineOptions, AlignerOptions...)
whose attributes are the C++ fields; fields that are lists in C++ read as
tuples and are set whole (``o.extensions = (".txt", ".md")``). Options pickle,
compare equal field by field, and print their fields.

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
from ._core import *  # noqa: F401,F403  (the C++ API, names as in C++)

__version__ = _core.__version__

# Options structs: pickled (for Dask), compared and printed field by field.
# The fields are the writable properties the binding defines; the callables
# (`progress`, `aligned`: local) are neither pickled nor compared.
_OPTION_CLASSES = (
    _core.CorpusOptions, _core.PipelineOptions, _core.SegmenterOptions, _core.AlignerOptions,
    _core.BeadType, _core.LengthModel, _core.FeatureOptions, _core.AnchorOptions,
    _core.EvidenceOptions, _core.WordLinkOptions, _core.CognateOptions, _core.ReadOptions,
    _core.LanguageOptions,
    _core.CorpusWriteOptions, _core.CorpusJobOptions,
)


_CALLBACKS = ("progress", "aligned")


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


def read_document(path, options=None):
    """Reads a file as a Document (document.h). OSError if it cannot be read,
    ValueError if it is not UTF-8 text."""
    return _core.read_document(os.fsdecode(path), options if options is not None else ReadOptions())


def read_dictionary(path):
    """A bilingual dictionary, one "word_a<TAB>word_b" per line (evidence.h)."""
    return _core.read_dictionary(os.fsdecode(path))


def find_corpus_files(paths, options=None):
    """The files align_corpus(paths) reads (corpus.h)."""
    return _core.find_corpus_files(_paths(paths), options if options is not None else CorpusOptions())


def align_corpus(paths, options=None, executor=None, out_dir=None, job=None):
    """Corpus mode (corpus.h): reads the files and directories `paths` (one
    path or a list), finds which documents are versions of one another
    (bundles) and aligns every bundle N-way into tuples. Returns a
    CorpusResult; write it with write_corpus(). `paths` may also be a list
    of Documents in memory (distinct paths; no executor or out_dir then).

    executor: None runs the work on this process's threads
    (options.threads); else callable(CorpusPhase) -> list of bytes, the
    results of CorpusTaskRunner(options).run(phase.shared, task) for every
    task of the phase, in order, computed anywhere (polyalign.dask does it
    on a Dask cluster). The result is the same either way.

    out_dir: also writes there, byte for byte, what ``polyalign corpus PATHS
    -o OUT_DIR`` writes (run_corpus_job(), corpus_job.h): bundles.json, the
    formats, findings.jsonl and report.html, as `job` says (a
    CorpusJobOptions; None: the CLI's defaults), with `options` (if given)
    as its corpus options. run_corpus_job() returns the findings too."""
    if not isinstance(paths, (str, bytes, os.PathLike)):
        paths = list(paths)
        if paths and all(isinstance(p, Document) for p in paths):
            for given, name in ((executor, "an executor"), (out_dir, "out_dir")):
                if given is not None:
                    raise ValueError(f"align_corpus: {name} needs paths, not Documents")
            return _core.align_corpus(paths, options if options is not None else CorpusOptions())
    if out_dir is not None:
        if job is None:
            job = CorpusJobOptions()
        elif options is not None:
            job = _copy(job)  # the caller's job is left alone
        if options is not None:
            job.corpus = options
        return run_corpus_job(paths, out_dir, job, executor).result
    options = options if options is not None else CorpusOptions()
    return _core.align_corpus(_paths(paths), options, executor)


def run_corpus_job(paths, out_dir, options=None, executor=None):
    """What ``polyalign corpus PATHS -o OUT_DIR`` does (corpus_job.h): corpus
    mode over `paths` (as align_corpus), then under out_dir bundles.json and
    the formats of options.write, the checks' findings.jsonl and the review
    page report.html, every file atomically. options: CorpusJobOptions
    (None: the CLI's defaults). executor: as align_corpus's. Returns a
    CorpusJobResult (result, findings, files written)."""
    return _core.run_corpus_job(_paths(paths), os.fsdecode(out_dir),
                                options if options is not None else CorpusJobOptions(),
                                executor)


def write_corpus(result, outdir, options=None):
    """Writes a CorpusResult under outdir: bundles.json and the formats of
    options (CorpusWriteOptions: TMX, TSV, per-bundle JSONL, Moses), every
    file atomically (corpus_formats.h). Returns the files written."""
    return _core.write_corpus(result, os.fsdecode(outdir),
                              options if options is not None else CorpusWriteOptions())


def write_bundle_file(result, bundle, outdir):
    """Writes <outdir>/<bundle id>/alignment.jsonl atomically; returns its path."""
    return _core.write_bundle_file(result, bundle, os.fsdecode(outdir))
