"""The README's Python section and polyalign.dask's docstring examples,
run as doctests with the package as built (install_test.sh runs the
README's section again with the package installed by pip). Both start a
Dask cluster of worker processes: run apart from the other tests."""

import doctest
import re

import pytest

import polyalign
from test_docs import run_doctests

distributed = pytest.importorskip("distributed")
import polyalign.dask  # noqa: E402


def readme_python_section(repo):
    text = (repo / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n"):]
    return section[:section.find("\n## ", 1)]


def test_readme_python_section(repo, monkeypatch, tmp_path):
    """The ```python blocks of the README's Python section, as one doctest
    (the Dask example included: a cluster of two worker processes)."""
    pytest.importorskip("distributed")
    blocks = re.findall(r"```python\n(.*?)```", readme_python_section(repo), re.S)
    assert len(blocks) >= 3
    for block in blocks:
        assert block.lstrip().startswith(">>> "), block
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpora").symlink_to(repo / "corpora")
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {"__name__": "__main__"}, "README.md#python",
                              "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted >= 8
    assert (tmp_path / "out" / "vietnam-news-python" / "report.html").exists()
    assert (tmp_path / "out" / "vietnam-news-dask" / "findings.jsonl").exists()


def test_dask_docstring_examples(monkeypatch, repo):
    tests, result = run_doctests(polyalign.dask, vars(polyalign.dask), monkeypatch, repo)
    assert result.failed == 0 and result.attempted >= 2
