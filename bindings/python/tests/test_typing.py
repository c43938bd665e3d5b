"""The type stubs (polyalign/_core.pyi, py.typed): mypy (Debian's
python3-mypy) checks a small typed program against them, and rejects one
that misuses the API."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import polyalign

pytest.importorskip("mypy")

GOOD = '''
from __future__ import annotations
import polyalign

def pairs(a: str, b: str) -> list[tuple[str, str, float]]:
    r: polyalign.DocumentAlignment = polyalign.align(a, b, lang_a="de", lang_b="en")
    out = [(bead.a_text, bead.b_text, bead.confidence) for bead in r]
    n: int = len(r)
    first: polyalign.PairBead = r[0]
    kind: str = first.kind
    spans: list[tuple[int, int]] = first.a_spans
    model: polyalign.LengthModel = r.alignment.model
    c: float = model.c
    return out

def corpus(paths: list[str]) -> dict[str, int]:
    options = polyalign.CorpusOptions()
    options.threads = 2
    options.pipeline.aligner.estimate_parameters = True
    result: polyalign.CorpusResult = polyalign.align_corpus(paths, options, progress=True)
    findings: list[polyalign.Finding] = polyalign.check(result, "numbers,names")
    severity: polyalign.Severity = findings[0].severity
    polyalign.write_report(result, "review.html", findings)
    for t in result:
        langs: tuple[str, ...] = t.langs
        texts: tuple[str, ...] = t.texts
    records: list[dict] = result.to_records()
    return {b.id: len(b.tuples) for b in result.bundles}

doc: polyalign.Document = polyalign.make_document("Text.", "en", "a.txt")
seg: polyalign.SegmentedDocument = polyalign.segment("One. Two.", lang="en")
s: str = seg[0]
sentences: int = len(seg.sentences)
'''

BAD = '''
import polyalign
r = polyalign.align("a", "b")
n: str = len(r)                                   # int
polyalign.CorpusOptions().threads = "two"         # int
polyalign.align_corpus(["x"], polyalign.PipelineOptions())   # CorpusOptions
bead = r[0]
bead.a_txt                                        # no such attribute
'''


def mypy(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    package = Path(polyalign.__file__).parent.parent
    env = dict(os.environ, MYPYPATH=str(package))
    return subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental",
                           "--cache-dir", os.devnull, "--python-version", "3.11", str(path)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)


def test_stubs_are_shipped():
    package = Path(polyalign.__file__).parent
    assert (package / "py.typed").exists() and (package / "_core.pyi").exists()


def test_mypy_accepts_a_typed_program(tmp_path):
    out = mypy(tmp_path, "good.py", GOOD)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_rejects_misuse(tmp_path):
    out = mypy(tmp_path, "bad.py", BAD)
    assert out.returncode == 1, out.stdout + out.stderr
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    lines = sorted({int(line.split(":")[1]) for line in errors})
    assert lines == [4, 5, 6, 8], out.stdout


def stub_names():
    """Top-level names of _core.pyi, and each class's members."""
    import ast
    tree = ast.parse((Path(polyalign.__file__).parent / "_core.pyi").read_text(encoding="utf-8"))
    names, members, all_ = set(), {}, None
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
            members[node.name] = {n.name for n in node.body
                                  if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
            members[node.name] |= {t.id for n in node.body if isinstance(n, ast.Assign)
                                   for t in n.targets if isinstance(t, ast.Name)}
            members[node.name] |= {n.target.id for n in node.body
                                   if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names.add(t.id)
                    if t.id == "__all__":
                        all_ = ast.literal_eval(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names, members, all_


def test_the_stubs_name_everything_the_module_has():
    """The stubs stay true: every public name of polyalign._core, every
    public member of its classes, and the same __all__."""
    core = polyalign._core
    names, members, all_ = stub_names()
    public = {n for n in vars(core) if not n.startswith("_")}
    assert public - names == set(), "missing from _core.pyi"
    assert names - public - {"__all__", "__version__"} == set(), "in _core.pyi, not in _core"
    assert all_ == core.__all__
    for name in public:
        cls = getattr(core, name)
        if not isinstance(cls, type):
            continue
        attrs = {a for a in vars(cls) if not a.startswith("_")}
        assert attrs - members[name] == set(), f"{name}: members missing from _core.pyi"
