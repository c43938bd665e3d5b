"""The package explains itself: every docstring example runs as a doctest
(from the repository's root, where the examples' corpora/ are), every
public function has one, and help(polyalign) is a short tour. The README's
Python section and polyalign.dask's examples: test_readme.py (a Dask
cluster: run alone)."""

import doctest
import inspect
import pydoc

import pytest

import polyalign
from polyalign import _html, _progress, _results

MODULES = [polyalign, polyalign._core, _results, _html, _progress]


def run_doctests(module, globs, monkeypatch, repo):
    monkeypatch.chdir(repo)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in finder.find(module, globs=dict(globs)) if t.examples]
    for test in tests:
        runner.run(test)
    return tests, runner.summarize(verbose=False)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module, monkeypatch, repo):
    tests, result = run_doctests(module, vars(polyalign), monkeypatch, repo)
    assert result.failed == 0, f"{result.failed} failing examples in {module.__name__}"
    if module is polyalign:
        assert result.attempted >= 20
    if module is polyalign._core:  # examples in the binding's C++ docstrings
        assert result.attempted >= 15


def public_functions():
    for name in dir(polyalign):
        obj = getattr(polyalign, name)
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__.startswith("polyalign"):
            yield name, obj


def test_every_public_python_function_has_an_example():
    functions = dict(public_functions())
    assert {"align", "align_corpus", "check", "write_report", "write_findings"} <= set(functions)
    for name, f in functions.items():
        assert f.__doc__ and ">>> " in f.__doc__, f"polyalign.{name}: no example"
    for cls in (polyalign.PairBead, polyalign.CorpusTuple):
        assert ">>> " in cls.__doc__
    for cls in (polyalign.DocumentAlignment, polyalign.CorpusResult):
        for method in ("to_records", "to_pandas"):
            assert ">>> " in getattr(cls, method).__doc__, (cls, method)


def test_help_is_a_short_tour():
    text = pydoc.render_doc(polyalign, renderer=pydoc.plaintext)
    tour = polyalign.__doc__
    assert len(tour.splitlines()) < 70
    for words in ("polyalign.align(", "to_pandas()", "polyalign.check(r)", "write_report",
                  "_repr_html_", "progress=True", "KeyboardInterrupt", "polyalign.dask"):
        assert words in tour, words
    assert tour.strip().splitlines()[0] in text
