"""Results as Python values: len(), iteration, rows as dicts or a DataFrame.

The engine's results (DocumentAlignment, CorpusResult) keep their C++
fields; this module adds to them what a Python reader expects first:

    len(result)            beads of a pair, tuples of a corpus (all bundles)
    for row in result:     PairBead / CorpusTuple, views reading the result
    result[i]              the i-th of them
    result.to_records()    one dict per bead / tuple
    result.to_pandas()     the same as a pandas.DataFrame

A view keeps its result alive and copies nothing until a field is read.
"""

from __future__ import annotations

from . import _core

# Scripts written without spaces between sentences: a bead's sentences are
# joined without one.
_NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def _join(lang, sentences):
    return ("" if lang in _NO_SPACE_LANGS else " ").join(sentences)


def _kind(ranges):
    return "-".join(str(len(r)) for r in ranges)


def _spans(doc, rng):
    return [(doc.sentences[i].span.start, doc.sentences[i].span.end) for i in rng]


class PairBead:
    """One bead of a pair alignment: sentences of A and of B that translate
    one another.

    >>> r = align("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "Anna came to Berlin at 9. She stayed for 2 hours.",
    ...           lang_a="de", lang_b="en")
    >>> bead = r[0]
    >>> bead.kind, bead.a_text, bead.b_text
    ('1-1', 'Anna kam um 9 Uhr nach Berlin.', 'Anna came to Berlin at 9.')
    >>> bead.a_spans, bead.b_spans          # byte offsets into the UTF-8 texts
    ([(0, 30)], [(0, 25)])
    """

    __slots__ = ("result", "index")

    def __init__(self, result: _core.DocumentAlignment, index: int):
        self.result = result  # the DocumentAlignment
        self.index = index    # into result.alignment.beads

    @property
    def bead(self) -> _core.Bead:
        """The engine's Bead (SentenceRanges a and b, cost, confidence)."""
        return self.result.alignment.beads[self.index]

    @property
    def a(self) -> _core.SentenceRange:
        """Sentence indices of A."""
        return self.bead.a

    @property
    def b(self) -> _core.SentenceRange:
        """Sentence indices of B."""
        return self.bead.b

    @property
    def a_sentences(self) -> list[str]:
        return [self.result.a[i] for i in self.bead.a]

    @property
    def b_sentences(self) -> list[str]:
        return [self.result.b[i] for i in self.bead.b]

    @property
    def a_text(self) -> str:
        """A's sentences joined by a space (none for zh, ja, th...); "" when
        the bead has none."""
        return _join(self.result.a.document.lang, self.a_sentences)

    @property
    def b_text(self) -> str:
        return _join(self.result.b.document.lang, self.b_sentences)

    @property
    def a_spans(self) -> list[tuple[int, int]]:
        """(start, end) byte offsets of A's sentences in A's UTF-8 text."""
        return _spans(self.result.a, self.bead.a)

    @property
    def b_spans(self) -> list[tuple[int, int]]:
        return _spans(self.result.b, self.bead.b)

    @property
    def confidence(self) -> float:
        """Posterior probability of the bead, in [0, 1]."""
        return self.bead.confidence

    @property
    def kind(self) -> str:
        """Sentences of A and of B: "1-1", "2-1", "0-1"..."""
        bead = self.bead
        return _kind((bead.a, bead.b))

    def to_record(self) -> dict:
        """This bead as the dict to_records() gives."""
        return {"bead": self.index, "kind": self.kind, "confidence": self.confidence,
                "a_text": self.a_text, "b_text": self.b_text,
                "a_sentences": list(self.a), "b_sentences": list(self.b),
                "a_spans": self.a_spans, "b_spans": self.b_spans}

    def __repr__(self) -> str:
        return (f"PairBead({self.index}, {self.kind}, confidence={self.confidence:.3f}: "
                f"{_short(self.a_text)!r} ~ {_short(self.b_text)!r})")


class CorpusTuple:
    """One tuple of a corpus bundle: sentences of the bundle's members
    (documents, one per column) that translate one another.

    >>> corpus = align_corpus([make_document("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "de", "de.txt"),
    ...                        make_document("Anna came to Berlin at 9. She stayed for 2 hours.", "en", "en.txt")])
    >>> t = corpus[0]
    >>> t.bundle, t.langs, t.kind, t.texts
    ('bundle-0001', ('de', 'en'), '1-1', ('Anna kam um 9 Uhr nach Berlin.', 'Anna came to Berlin at 9.'))
    >>> t["en"]
    'Anna came to Berlin at 9.'
    """

    __slots__ = ("result", "bundle_index", "index")

    def __init__(self, result: _core.CorpusResult, bundle_index: int, index: int):
        self.result = result              # the CorpusResult
        self.bundle_index = bundle_index  # into result.bundles
        self.index = index                # into that bundle's tuples

    @property
    def tuple(self) -> _core.Tuple:
        """The engine's Tuple (members: SentenceRanges, confidences)."""
        return self.result.bundles[self.bundle_index].tuples[self.index]

    @property
    def bundle(self) -> str:
        """The bundle's id ("bundle-0001"...)."""
        return self.result.bundles[self.bundle_index].id

    def _documents(self):
        docs = self.result.documents
        return [docs[d] for d in self.result.bundles[self.bundle_index].documents]

    @property
    def langs(self) -> tuple[str, ...]:
        """The members' languages, in the bundle's order."""
        return tuple(d.document.lang for d in self._documents())

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(d.document.path for d in self._documents())

    @property
    def members(self) -> tuple[_core.SentenceRange, ...]:
        return tuple(self.tuple.members)

    @property
    def sentences(self) -> tuple[list[str], ...]:
        """Each member's sentences (an empty list: none in this tuple)."""
        return tuple([d[i] for i in r] for d, r in zip(self._documents(), self.tuple.members))

    @property
    def texts(self) -> tuple[str, ...]:
        """Each member's sentences joined ("" when it has none here)."""
        return tuple(_join(d.document.lang, [d[i] for i in r])
                     for d, r in zip(self._documents(), self.tuple.members))

    @property
    def spans(self) -> tuple[list[tuple[int, int]], ...]:
        """Each member's (start, end) byte offsets in its document."""
        return tuple(_spans(d, r) for d, r in zip(self._documents(), self.tuple.members))

    @property
    def confidence(self) -> float:
        return self.tuple.confidence

    @property
    def kind(self) -> str:
        """Sentences per member: "1-1-1", "1-0-1"..."""
        return _kind(self.tuple.members)

    def __getitem__(self, lang: str) -> str:
        """The text of the (first) member in language `lang`."""
        for member_lang, text in zip(self.langs, self.texts):
            if member_lang == lang:
                return text
        raise KeyError(f"{lang!r}: no member of {self.bundle} in this language "
                       f"(members: {', '.join(self.langs)})")

    def to_record(self) -> dict:
        """This tuple as the dict to_records() gives: bundle, tuple, kind,
        confidence, then one column per language (a second member in the
        same language: "<lang>.2")."""
        record = {"bundle": self.bundle, "tuple": self.index, "kind": self.kind,
                  "confidence": self.confidence}
        for column, text in zip(_columns(self.langs), self.texts):
            record[column] = text
        return record

    def __repr__(self) -> str:
        texts = " ~ ".join(f"{lang}: {_short(t)!r}" for lang, t in zip(self.langs, self.texts))
        return (f"CorpusTuple({self.bundle}, {self.index}, {self.kind}, "
                f"confidence={self.confidence:.3f}: {texts})")


def _short(text, width=40):
    return text if len(text) <= width else text[:width - 1] + "…"


def _columns(langs):
    seen: dict = {}
    out = []
    for lang in langs:
        seen[lang] = seen.get(lang, 0) + 1
        out.append(lang if seen[lang] == 1 else f"{lang}.{seen[lang]}")
    return out


def _finding_messages(findings, key):
    """Messages of findings by row: key(finding) -> row key."""
    by_row: dict = {}
    for f in findings or ():
        by_row.setdefault(key(f), []).append(
            f"{_core.check_kind_name(f.kind)}: {f.message}")
    return by_row


def _index(i, n, what):
    if not isinstance(i, int):
        raise TypeError(f"{what} indices must be integers, not {type(i).__name__}")
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError(f"{what} index out of range")
    return i


# ------------------------------------------------------------ pairs

def _pair_len(self):
    return len(self.alignment.beads)


def _pair_iter(self):
    for i in range(len(self.alignment.beads)):
        yield PairBead(self, i)


def _pair_getitem(self, i):
    return PairBead(self, _index(i, len(self.alignment.beads), "bead"))


def _pair_to_records(self, findings=None):
    """One dict per bead: bead, kind, confidence, a_text, b_text,
    a_sentences, b_sentences (indices), a_spans, b_spans (byte offsets);
    with `findings` (check(result)) also "findings", their messages.

    >>> r = align("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "Anna came to Berlin at 9. She stayed for 2 hours.",
    ...           lang_a="de", lang_b="en")
    >>> [(row["kind"], row["b_text"]) for row in r.to_records()]
    [('1-1', 'Anna came to Berlin at 9.'), ('1-1', 'She stayed for 2 hours.')]
    """
    records = [bead.to_record() for bead in self]
    if findings is not None:
        messages = _finding_messages(findings, lambda f: f.tuple)
        for record in records:
            record["findings"] = messages.get(record["bead"], [])
    return records


def _pair_to_pandas(self, findings=None):
    """to_records() as a pandas.DataFrame (pandas is imported here only).

    >>> r = align("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "Anna came to Berlin at 9. She stayed for 2 hours.",
    ...           lang_a="de", lang_b="en")
    >>> r.to_pandas()[["a_text", "b_text"]].values.tolist()
    [['Anna kam um 9 Uhr nach Berlin.', 'Anna came to Berlin at 9.'], ['Sie blieb 2 Stunden.', 'She stayed for 2 hours.']]
    """
    import pandas
    return pandas.DataFrame.from_records(
        self.to_records(findings),
        columns=["bead", "kind", "confidence", "a_text", "b_text", "a_sentences", "b_sentences",
                 "a_spans", "b_spans"] + (["findings"] if findings is not None else []))


def _pair_repr(self):
    beads = self.alignment.beads
    kinds: dict = {}
    for bead in beads:
        k = _kind((bead.a, bead.b))
        kinds[k] = kinds.get(k, 0) + 1
    mix = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    mean = sum(b.confidence for b in beads) / len(beads) if len(beads) else 0.0
    score = "" if self.parallel_score < 0 else f", parallel score {self.parallel_score:.2f}"
    return (f"DocumentAlignment({self.a.document.lang} ~ {self.b.document.lang}: "
            f"{len(self.a)} ~ {len(self.b)} sentences in {len(beads)} beads"
            f"{' (' + mix + ')' if mix else ''}, mean confidence {mean:.2f}{score})")


# ------------------------------------------------------------ corpora

def _corpus_len(self):
    return sum(len(b.tuples) for b in self.bundles)


def _corpus_iter(self):
    for b, bundle in enumerate(self.bundles):
        for t in range(len(bundle.tuples)):
            yield CorpusTuple(self, b, t)


def _corpus_getitem(self, i):
    i = _index(i, len(self), "tuple")
    for b, bundle in enumerate(self.bundles):
        if i < len(bundle.tuples):
            return CorpusTuple(self, b, i)
        i -= len(bundle.tuples)
    raise IndexError("tuple index out of range")  # not reached


def _corpus_to_records(self, findings=None):
    """One dict per tuple of every bundle: bundle (its id), tuple, kind,
    confidence and one column per language holding that member's text
    (missing when the bundle has no member in it); with `findings`
    (check(result)) also "findings", their messages.

    >>> corpus = align_corpus([make_document("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "de", "de.txt"),
    ...                        make_document("Anna came to Berlin at 9. She stayed for 2 hours.", "en", "en.txt")])
    >>> [(row["bundle"], row["de"], row["en"]) for row in corpus.to_records()]
    [('bundle-0001', 'Anna kam um 9 Uhr nach Berlin.', 'Anna came to Berlin at 9.'), ('bundle-0001', 'Sie blieb 2 Stunden.', 'She stayed for 2 hours.')]
    """
    records = [t.to_record() for t in self]
    if findings is not None:
        ids = [b.id for b in self.bundles]
        messages = _finding_messages(findings, lambda f: (ids[f.bundle], f.tuple))
        for record in records:
            record["findings"] = messages.get((record["bundle"], record["tuple"]), [])
    return records


def _corpus_to_pandas(self, findings=None):
    """to_records() as a pandas.DataFrame, one column per language (None
    where a bundle has no member in it); pandas is imported here only.

    >>> corpus = align_corpus([make_document("Anna kam um 9 Uhr nach Berlin. Sie blieb 2 Stunden.", "de", "de.txt"),
    ...                        make_document("Anna came to Berlin at 9. She stayed for 2 hours.", "en", "en.txt")])
    >>> corpus.to_pandas()[["de", "en"]].values.tolist()
    [['Anna kam um 9 Uhr nach Berlin.', 'Anna came to Berlin at 9.'], ['Sie blieb 2 Stunden.', 'She stayed for 2 hours.']]
    """
    import pandas
    records = self.to_records(findings)
    columns = ["bundle", "tuple", "kind", "confidence"]
    langs = sorted({k for r in records for k in r} - set(columns) - {"findings"})
    return pandas.DataFrame.from_records(
        records, columns=columns + langs + (["findings"] if findings is not None else []))


def _corpus_repr(self):
    docs = self.documents
    langs = sorted({d.document.lang for d in docs})
    return (f"CorpusResult({len(docs)} documents in {len(langs)} languages"
            f"{' (' + ', '.join(langs) + ')' if langs else ''}, {len(self.bundles)} bundles, "
            f"{len(self)} tuples, {len(self.unmatched)} unmatched, {len(self.skipped)} skipped)")


def install():
    """Adds the methods above to the engine's result classes."""
    for cls, methods in (
        (_core.DocumentAlignment, dict(__len__=_pair_len, __iter__=_pair_iter,
                                       __getitem__=_pair_getitem, to_records=_pair_to_records,
                                       to_pandas=_pair_to_pandas, __repr__=_pair_repr)),
        (_core.CorpusResult, dict(__len__=_corpus_len, __iter__=_corpus_iter,
                                  __getitem__=_corpus_getitem, to_records=_corpus_to_records,
                                  to_pandas=_corpus_to_pandas, __repr__=_corpus_repr)),
    ):
        for name, f in methods.items():
            f.__qualname__ = f"{cls.__name__}.{name}"
            f.__name__ = name
            setattr(cls, name, f)
