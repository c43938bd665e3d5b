"""Results in a notebook: _repr_html_ of DocumentAlignment and CorpusResult.

The review page's look (report.h) in a table a notebook can show: one row
per bead (per tuple of each bundle), one column per document, the
confidence as a number on a red (0) to green (1) background, the checks'
findings marked: the words concerned highlighted in the kind's colour, the
sentences concerned outlined, the messages under the row. The checks run
when the result is shown (check(), default options); at most `max_rows`
rows are shown, write_report() writes the whole review page.
"""

from __future__ import annotations

import html
import os

from . import _core
from ._results import _join

max_rows = 200  # rows shown; the rest is counted

# The review page's colours (engine/src/report/page_template.cpp).
_COLOURS = {"numbers": ("#d93025", "#ffc9c4"), "names": ("#8e24aa", "#ecd3f3"),
            "omissions": ("#e37400", "#ffe2bf"), "length": ("#1e88e5", "#cfe3fa"),
            "untranslated": ("#c2185b", "#f8c8dc"), "inconsistent": ("#00897b", "#c8ece7"),
            "repeated": ("#757575", "#e2e2e2")}

_STYLE = """<style>
.polyalign-review { border-collapse: collapse; font: 14px/1.4 system-ui, sans-serif; }
.polyalign-review th { background: #eef1f5; border-bottom: 1px solid #c5ccd6; text-align: left;
  padding: .25em .5em; font-weight: 600; }
.polyalign-review td { vertical-align: top; padding: .25em .5em; border-bottom: 1px solid #eee;
  text-align: left; }
.polyalign-review td.conf { font-variant-numeric: tabular-nums; text-align: center;
  border-radius: 3px; }
.polyalign-review .sent.concerned { background: #fff7e0; box-shadow: inset 0 -2px 0 #f2c94c; }
.polyalign-review mark { border-radius: 2px; padding: 0 1px; color: inherit; }
.polyalign-review ul.msgs { margin: .1em 0; padding-left: 1.2em; font-size: .88em; }
.polyalign-review .bhead td { background: #f6f6f4; font-weight: 600; }
</style>"""


def _conf_colour(c):
    return f"hsl({round(120 * max(0.0, min(1.0, c)))}, 70%, 80%)"


def _sentence_html(doc, i, highlights, concerned, kinds):
    """Sentence i of doc, escaped, its highlighted bytes in <mark>."""
    text = doc[i]
    span = doc.sentences[i].span
    data = text.encode("utf-8")
    pieces, at = [], 0
    for (start, end), kind in sorted(
            ((h, k) for h, k in zip(highlights, kinds)
             if h[0] >= span.start and h[1] <= span.end), key=lambda x: x[0]):
        s, e = start - span.start, end - span.start
        if s < at:
            continue  # overlaps the previous highlight
        line, fill = _COLOURS.get(kind, ("#999", "#ffe38a"))
        pieces.append(html.escape(data[at:s].decode("utf-8", "replace")))
        pieces.append(f'<mark class="k-{kind}" style="background: {fill}; box-shadow: inset 0 '
                      f'-2px 0 {line}">{html.escape(data[s:e].decode("utf-8", "replace"))}</mark>')
        at = e
    pieces.append(html.escape(data[at:].decode("utf-8", "replace")))
    cls = "sent concerned" if i in concerned else "sent"
    return f'<span class="{cls}">{"".join(pieces)}</span>'


def _cell(doc, rng, marks):
    """The sentences of rng; marks: (highlights, kinds, concerned sentences)."""
    highlights, kinds, concerned = marks
    parts = [_sentence_html(doc, i, highlights, concerned, kinds) for i in rng]
    return _join(doc.document.lang, parts)


def _marks(findings_of_row, member):
    highlights, kinds, concerned = [], [], set()
    for f in findings_of_row:
        kind = _core.check_kind_name(f.kind)
        for m in f.members:
            if m.member != member:
                continue
            concerned.update(m.sentences)
            for h in m.highlights:
                highlights.append((h.start, h.end))
                kinds.append(kind)
    return highlights, kinds, concerned


def _messages(findings_of_row, colspan):
    if not findings_of_row:
        return ""
    items = "".join(
        f'<li class="k-{_core.check_kind_name(f.kind)}"><b style="color: '
        f'{_COLOURS.get(_core.check_kind_name(f.kind), ("#333",))[0]}">'
        f'{_core.check_kind_name(f.kind)}</b> '
        f'({_core.severity_name(f.severity)}): {html.escape(f.message)}</li>'
        for f in findings_of_row)
    return f'<tr class="findings"><td></td><td colspan="{colspan}"><ul class="msgs">{items}</ul></td></tr>'


def _row(label, conf, cells, findings_of_row):
    kinds = " ".join(sorted({f"k-{_core.check_kind_name(f.kind)}" for f in findings_of_row}))
    tds = "".join(f"<td>{c}</td>" for c in cells)
    return (f'<tr class="row {kinds}"><td>{label}</td>'
            f'<td class="conf" style="background: {_conf_colour(conf)}" '
            f'title="confidence {conf}">{conf:.2f}</td>{tds}</tr>'
            + _messages(findings_of_row, len(cells) + 1))


def _header(columns):
    return "<tr><th>#</th><th>conf.</th>" + "".join(
        f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>"


def _summary(text):
    return f"<p><b>{html.escape(text)}</b></p>"


def _more(shown, total, what):
    if shown >= total:
        return ""
    return (f"<p>… {total - shown} more {what} (polyalign._html.max_rows = {max_rows}); "
            "to_pandas() or write_report() for all.</p>")


def _by_row(findings, key):
    rows: dict = {}
    for f in findings:
        rows.setdefault(key(f), []).append(f)
    return rows


def pair_html(result, findings):
    """The HTML a notebook shows for a DocumentAlignment."""
    by_bead = _by_row(findings, lambda f: f.tuple)
    a, b = result.a, result.b
    columns = [f"A · {a.document.lang} {os.path.basename(a.document.path)}".rstrip(),
               f"B · {b.document.lang} {os.path.basename(b.document.path)}".rstrip()]
    rows = []
    beads = result.alignment.beads
    shown = min(len(beads), max_rows)
    for i in range(shown):
        bead = beads[i]
        fs = by_bead.get(i, [])
        rows.append(_row(i, bead.confidence, [_cell(a, bead.a, _marks(fs, 0)),
                                              _cell(b, bead.b, _marks(fs, 1))], fs))
    return (_STYLE + _summary(f"{repr(result)}; " + _core.findings_summary(findings))
            + '<table class="polyalign-review">' + _header(columns) + "".join(rows)
            + "</table>" + _more(shown, len(beads), "beads"))


def corpus_html(result, findings):
    """The HTML a notebook shows for a CorpusResult: a table per bundle."""
    by_tuple = _by_row(findings, lambda f: (f.bundle, f.tuple))
    parts = [_STYLE, _summary(f"{repr(result)}; " + _core.findings_summary(findings))]
    shown = 0
    total = sum(len(b.tuples) for b in result.bundles)
    for bi, bundle in enumerate(result.bundles):
        if shown >= max_rows:
            break
        docs = [result.documents[d] for d in bundle.documents]
        columns = [f"{d.document.lang} {os.path.basename(d.document.path)}" for d in docs]
        rows = [f'<tr class="bhead"><td colspan="{len(docs) + 2}">{html.escape(bundle.id)}: '
                f'{len(docs)} documents, {len(bundle.tuples)} tuples, confidence '
                f'{bundle.confidence:.2f}</td></tr>']
        for ti in range(len(bundle.tuples)):
            if shown >= max_rows:
                break
            t = bundle.tuples[ti]
            fs = by_tuple.get((bi, ti), [])
            rows.append(_row(ti, t.confidence,
                             [_cell(d, r, _marks(fs, k))
                              for k, (d, r) in enumerate(zip(docs, t.members))], fs))
            shown += 1
        parts.append('<table class="polyalign-review">' + _header(columns) + "".join(rows)
                     + "</table>")
    parts.append(_more(shown, total, "tuples"))
    return "".join(parts)


def install(check):
    """_repr_html_ on the result classes; check(result) gives the findings."""
    def pair(self):
        return pair_html(self, check(self))

    def corpus(self):
        return corpus_html(self, check(self))

    pair.__doc__ = "The alignment side by side, findings marked (a notebook shows it)."
    corpus.__doc__ = "Every bundle side by side, findings marked (a notebook shows it)."
    _core.DocumentAlignment._repr_html_ = pair
    _core.CorpusResult._repr_html_ = corpus
