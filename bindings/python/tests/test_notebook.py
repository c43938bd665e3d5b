"""Results in a notebook: what IPython's display() shows of a pair and a
corpus (_repr_html_), parsed as HTML and read back: the rows, the texts
side by side, the confidence colours, the findings marked."""

import html.parser

import polyalign
from polyalign import _html

DE = ("Die Konferenz begann am 12. März 2024 in Berlin. Rund 3.500 Gäste aus 40 Ländern "
      "kamen.\n\nDer Vorsitzende Jan Novák eröffnete sie um 9:30 Uhr.")
EN = ("The conference opened on 12 March 2024 in Berlin. About 3,500 guests from 40 countries "
      "came.\n\nThe chairman, Jan Novák, opened it at 10:30.\n\nLunch was served at noon.")


class Table(html.parser.HTMLParser):
    """Rows of the page: for each <tr>, its cells' text, and every
    element's attributes with the text inside it."""

    def __init__(self, page):
        super().__init__()
        self.rows, self.marks, self.cells_style, self.open = [], [], [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.open.append((tag, attrs))
        if tag == "tr":
            self.rows.append({"class": attrs.get("class", ""), "cells": []})
        elif tag in ("td", "th") and self.rows:
            self.rows[-1]["cells"].append("")
            self.cells_style.append((attrs.get("class"), attrs.get("style", "")))
        elif tag == "mark":
            self.marks.append([attrs.get("class"), ""])

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [t for t, _ in self.open]
        if "td" in tags or "th" in tags:
            self.rows[-1]["cells"][-1] += data
        if "mark" in tags:
            self.marks[-1][1] += data


def test_a_pair_in_a_notebook():
    r = polyalign.align(DE, EN, lang_a="de", lang_b="en")
    page = r._repr_html_()
    t = Table(page)
    header, rows = t.rows[0], [row for row in t.rows[1:] if row["class"].startswith("row")]
    assert header["cells"] == ["#", "conf.", "A · de", "B · en"]
    assert len(rows) == len(r) == 4
    for row, bead in zip(rows, r):
        assert row["cells"][0] == str(bead.index)
        assert row["cells"][1] == f"{bead.confidence:.2f}"
        assert row["cells"][2:] == [bead.a_text, bead.b_text]
    # The numbers that differ are marked in both columns, in the numbers
    # check's colour, and the message is under the row.
    assert sorted(text for kind, text in t.marks) == ["10:30", "9:30"]
    assert {kind for kind, _ in t.marks} == {"k-numbers"}
    assert "k-numbers" in rows[2]["class"] and "k-omissions" in rows[3]["class"]
    assert page.count('class="sent concerned"') == 3  # 9:30, 10:30, the lunch
    messages = [row["cells"][1] for row in t.rows if row["class"] == "findings"]
    assert len(messages) == 2 and messages[0].startswith("numbers (error)")
    assert "omissions (warning)" in messages[1]
    # Confidences on the review page's red (0) to green (1) scale.
    confs = [style for cls, style in t.cells_style if cls == "conf"]
    assert confs == [f"background: hsl({round(120 * b.confidence)}, 70%, 80%)" for b in r]
    # The summary says what it holds.
    assert "4 beads" in page and "2 findings (numbers 1, omissions 1)" in page
    # Text is escaped.
    r = polyalign.align("Ein <b>Test</b> & mehr.", "A <b>test</b> & more.")
    assert "&lt;b&gt;Test&lt;/b&gt; &amp; mehr." in r._repr_html_()


def test_a_corpus_in_a_notebook(vietnam_news, monkeypatch):
    corpus = polyalign.align_corpus([vietnam_news])
    findings = polyalign.check(corpus)
    page = corpus._repr_html_()
    t = Table(page)
    bundle = corpus.bundles[0]
    docs = [corpus.documents[d].document for d in bundle.documents]
    header = t.rows[0]["cells"]
    assert header[:2] == ["#", "conf."]
    assert [h.split()[0] for h in header[2:]] == [d.lang for d in docs]
    heads = [row["cells"][0] for row in t.rows if row["class"] == "bhead"]
    assert heads[0].startswith(f"{bundle.id}: {len(docs)} documents, {len(bundle.tuples)} tuples")
    rows = [row for row in t.rows if row["class"].startswith("row")]
    assert len(rows) == len(corpus)
    for row, tup in zip(rows, corpus):
        assert row["cells"][2:] == list(tup.texts)
    # Every finding's message is under its tuple's row.
    shown = [row["cells"][1] for row in t.rows if row["class"] == "findings"]
    assert sum(len(s) > 0 for s in shown) == len({(f.bundle, f.tuple) for f in findings})
    for f in findings:
        assert f.message in page.replace("&#x27;", "'").replace("&quot;", '"') or \
            f.message.replace("&", "&amp;") in page
    # Long results: the first max_rows rows, and how many more there are.
    monkeypatch.setattr(_html, "max_rows", 5)
    t = Table(corpus._repr_html_())
    assert len([row for row in t.rows if row["class"].startswith("row")]) == 5
    assert f"… {len(corpus) - 5} more tuples" in corpus._repr_html_()
