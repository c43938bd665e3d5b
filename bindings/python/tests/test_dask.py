"""polyalign.dask on a real distributed.LocalCluster (worker processes on
loopback): the same files as `polyalign corpus` and polyalign.align_corpus
on one machine, byte for byte, for a generated corpus of some 240
documents (findings.jsonl and the review page included, checked against
the checks on the result); errors raised on a worker arrive as the same
exception."""

import json
import shutil

import pytest

import polyalign
from conftest import run_cli, tree

distributed = pytest.importorskip("distributed")
import polyalign.dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    # Three worker processes of one thread each, on loopback only.
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def test_the_same_files_as_polyalign_corpus(client, cli, ntrex_corpus, tmp_path):
    """The CLI, polyalign.align_corpus(out_dir=...) and polyalign.dask run one
    job (run_corpus_job): the same files, byte for byte, findings.jsonl and
    report.html included."""
    documents = len(list(ntrex_corpus.rglob("*.txt")))
    assert documents >= 200
    run_cli(cli, "corpus", ntrex_corpus, "-o", tmp_path / "cli", "-q")
    polyalign.align_corpus([ntrex_corpus], out_dir=tmp_path / "python")
    with distributed.get_task_stream(client) as stream:
        result = polyalign.dask.align_corpus([str(ntrex_corpus)], tmp_path / "dask",
                                             client=client)
    cli_files = tree(tmp_path / "cli")
    assert {"bundles.json", "corpus.tmx", "corpus.tsv", "findings.jsonl",
            "report.html"} <= set(cli_files)
    assert sum(1 for name in cli_files if name.endswith("/alignment.jsonl")) == len(result.bundles)
    assert any(name.startswith("moses/") for name in cli_files)
    for name, files in (("python", tree(tmp_path / "python")), ("dask", tree(tmp_path / "dask"))):
        assert set(files) == set(cli_files), (name, set(files) ^ set(cli_files))
        for f, data in files.items():
            assert data == cli_files[f], (name, f)
    assert len(result.documents) == documents and len(result.bundles) >= 40
    # The findings and the review page are those of the checks on the
    # result the cluster computed.
    findings = polyalign.check(result)
    lines = [json.loads(line) for line in cli_files["findings.jsonl"].decode().splitlines()]
    assert len(lines) == len(findings) > 0
    ids = [b.id for b in result.bundles]
    for line, f in zip(lines, findings):
        assert (line["kind"], line["bundle"], line["tuple"], line["message"]) == \
            (polyalign.check_kind_name(f.kind), ids[f.bundle], f.tuple, f.message)
        assert line["severity"] == polyalign.severity_name(f.severity)
    index = cli_files["report.html"].decode()
    assert index.startswith("<!DOCTYPE html>") and "<title>polyalign review</title>" in index
    assert all(json.dumps(f"{i}/report.html") in index for i in ids)
    pages = "".join(cli_files[f"{i}/report.html"].decode() for i in ids)
    assert all(json.dumps(f.message, ensure_ascii=False).replace("<", "\\u003c") in pages
               for f in findings)
    assert len({line["kind"] for line in lines}) >= 3
    # The work ran on the workers, on more than one of them, in every phase.
    tasks = [t for t in stream.data if t["key"].startswith("polyalign-")]
    assert len({t["worker"] for t in tasks}) >= 2
    assert {t["key"].split("-")[1] for t in tasks} == \
        {"read", "check", "learn", "recheck", "estimate", "align"}
    # Task i of "recheck" ("align") ran mostly where task i of "check"
    # ("estimate") ran, which kept its pairs' evidence (by chance: a third).
    # Keys: polyalign-<phase>-<run>-<phase number>-<task>.
    worker = {}  # (phase, phase number, task) -> worker
    for t in tasks:
        _, phase, _, number, i = t["key"].split("-")
        worker[phase, int(number), int(i)] = t["worker"]
    for first, then in (("check", "recheck"), ("estimate", "align")):
        n_first = min(n for p, n, _ in worker if p == first)
        n_then = min(n for p, n, _ in worker if p == then and n > n_first)
        pairs = [(w, worker.get((first, n_first, i)))
                 for (p, n, i), w in worker.items() if (p, n) == (then, n_then)]
        assert pairs and sum(a == b for a, b in pairs) >= 0.7 * len(pairs), (first, pairs)


def test_only_the_formats_asked_for(client, vietnam_news, tmp_path):
    polyalign.dask.align_corpus(vietnam_news, tmp_path / "out", client=client, formats="tsv",
                                checks="none", report=False)
    assert sorted(tree(tmp_path / "out")) == ["bundles.json", "corpus.tsv"]
    polyalign.dask.align_corpus(vietnam_news, tmp_path / "qa", client=client, formats="jsonl",
                                checks="numbers")
    assert sorted(tree(tmp_path / "qa")) == ["bundle-0001/alignment.jsonl",
                                             "bundle-0001/pairs/hi-id.jsonl",
                                             "bundle-0001/report.html", "bundles.json",
                                             "findings.jsonl", "report.html"]


def test_errors_on_the_client_and_on_workers(client, vietnam_news, tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(OSError, match=f"{missing}: no such file or directory"):
        polyalign.dask.align_corpus([missing], tmp_path / "out", client=client)
    bad = polyalign.CorpusOptions()
    bad.min_pair_score = 2
    with pytest.raises(ValueError, match="CorpusOptions::min_pair_score: must be in"):
        polyalign.dask.align_corpus([vietnam_news], tmp_path / "out", client=client, options=bad)
    with pytest.raises(ValueError, match="min_confidence: must be in \\[0, 1\\], got 1.5"):
        polyalign.dask.align_corpus([vietnam_news], tmp_path / "out", client=client,
                                    min_confidence=1.5)
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        polyalign.dask.align_corpus([vietnam_news], tmp_path / "out", client=client,
                                    formats="tmx,xml")
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(OSError, match="a file is in the way"):
        polyalign.dask.align_corpus([vietnam_news], tmp_path / "blocker", client=client)

    # A file that changes once it has been read: the worker that reads it
    # again (workers here keep one document only) raises, the client gets it.
    corpus = tmp_path / "corpus"
    shutil.copytree(vietnam_news, corpus)
    victim = sorted(corpus.glob("*.txt"))[0]
    options = polyalign.CorpusOptions()

    def change_after_reading(stage, fraction):
        if stage == "candidates" and fraction == 0:
            with open(victim, "a", encoding="utf-8") as f:
                f.write("\nOne more line.\n")

    options.progress = change_after_reading
    with pytest.raises(OSError, match=f"{victim}: changed since corpus mode read it"):
        polyalign.dask.align_corpus([corpus], tmp_path / "out2", client=client, options=options,
                                    cache_bytes=1)


def test_no_client_is_a_clear_error(vietnam_news, tmp_path, monkeypatch):
    monkeypatch.setattr(distributed, "get_client", lambda: (_ for _ in ()).throw(ValueError()))
    with pytest.raises(ValueError, match="no Dask client"):
        polyalign.dask.align_corpus([vietnam_news], tmp_path / "out")
