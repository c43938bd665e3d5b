"""Fixtures of the Python binding's tests (run by CTest: tests/CMakeLists.txt).

Environment:
  PYTHONPATH          <build>/python, where the package is assembled (or an
                      installed polyalign)
  POLYALIGN           the polyalign command-line binary, for the tests that
                      compare with `polyalign ...` (skipped without it)
  POLYALIGN_DATA_DIR  the development data (default: ../shared/data beside
                      the repository); tests that need it skip without it
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    return Path(os.environ.get("POLYALIGN_DATA_DIR") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def vietnam_news() -> Path:
    return REPO / "corpora" / "vietnam-news"


@pytest.fixture(scope="session")
def cli() -> str:
    path = os.environ.get("POLYALIGN")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("POLYALIGN (the polyalign binary) not set: CTest sets it")
    return path


def run_cli(cli, *args, check=True):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def ntrex_corpus(tmp_path_factory) -> Path:
    """The corpus bench/make_ntrex_corpus.py generates with --seed 3 (~240
    files in five languages), made once per session."""
    data = data_dir() / "ntrex-dev"
    if not (data / "documents.tsv").exists():
        pytest.skip(f"development data not found at {data} (set POLYALIGN_DATA_DIR)")
    out = tmp_path_factory.mktemp("ntrex")
    subprocess.run([sys.executable, str(REPO / "bench" / "make_ntrex_corpus.py"), "--data",
                    str(data), "--out", str(out), "--seed", "3", "-q"], check=True)
    return out / "corpus"


def tree(root: Path) -> dict:
    """Every file under root, by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}
