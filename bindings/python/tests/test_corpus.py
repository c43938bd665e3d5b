"""Corpus mode through the binding: the same files as `polyalign corpus`,
results as objects, the executor path, errors."""

import json
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

import polyalign
from conftest import run_cli, tree


def cli_corpus(cli, corpus, out):
    run_cli(cli, "corpus", corpus, "-o", out, "-q")
    return tree(out)


def assert_same_files(ours, cli_files):
    # Every file we write is the CLI's, byte for byte. (The CLI may write
    # more: the QA findings and review page it makes from the same result.)
    assert ours, "nothing written"
    assert set(ours) <= set(cli_files), set(ours) - set(cli_files)
    for name, data in ours.items():
        assert data == cli_files[name], name
    assert {"bundles.json", "corpus.tmx", "corpus.tsv"} <= set(ours)


def test_the_same_files_as_the_cli(cli, vietnam_news, tmp_path):
    r = polyalign.align_corpus(vietnam_news)  # one path, path-like
    polyalign.write_corpus(r, tmp_path / "py")
    assert_same_files(tree(tmp_path / "py"), cli_corpus(cli, vietnam_news, tmp_path / "cli"))


def test_the_corpus_job_writes_what_the_cli_writes(cli, vietnam_news, tmp_path):
    """align_corpus(out_dir=...) runs the CLI's job: every file, findings.jsonl
    and report.html included, byte for byte; run_corpus_job() also hands
    back the findings and the summary the CLI prints."""
    r = polyalign.align_corpus(vietnam_news, out_dir=tmp_path / "py")
    cli_files = cli_corpus(cli, vietnam_news, tmp_path / "cli")
    assert {"findings.jsonl", "report.html", "bundle-0001/alignment.jsonl"} <= set(cli_files)
    assert tree(tmp_path / "py") == cli_files
    assert len(r.bundles) == 1
    job = polyalign.run_corpus_job([vietnam_news], tmp_path / "job/")
    assert job.output_dir == str(tmp_path / "job")
    assert tree(tmp_path / "job") == cli_files
    assert [p.rsplit("/", 1)[-1] for p in job.qa_files] == ["findings.jsonl", "report.html"]
    assert job.files[-1].endswith("bundles.json")
    as_cli = polyalign.CorpusJobOptions()  # the summary lists the formats in the order given
    as_cli.write.formats = polyalign.parse_corpus_formats("tmx,tsv,jsonl,moses")
    summary = polyalign.corpus_job_summary(job, as_cli)
    cli_out = run_cli(cli, "corpus", vietnam_news, "-o", tmp_path / "job", "-q").stdout
    def drop_timing(text):
        return [line for line in text.splitlines() if not line.startswith("throughput:")]

    assert drop_timing(summary) == drop_timing(cli_out)
    assert f"checks: {polyalign.findings_summary(job.findings)} in" in summary
    # A long list is cut: one line each here, then the rest counted.
    assert as_cli.summary_lines == 20
    as_cli.summary_lines = 1
    short = polyalign.corpus_job_summary(job, as_cli).splitlines()
    assert [line for line in short if line.startswith("  unmatched ")] == \
        [line for line in summary.splitlines() if line.startswith("  unmatched ")][:1]
    assert f"  ... and 2 more unmatched files (every one: {job.output_dir}/bundles.json)" in short
    assert not any(line.startswith("  ... and") and "bundle" in line.split("(")[0] for line in short)


def test_corpus_job_options_are_the_cli_flags(cli, vietnam_news, tmp_path):
    job = polyalign.CorpusJobOptions()
    job.write.formats = polyalign.parse_corpus_formats("tsv,jsonl")
    job.checks = polyalign.parse_checks("numbers,names")
    job.report = False
    seen = []
    job.aligned = lambda result: seen.append(len(result.documents))
    polyalign.align_corpus([vietnam_news], None, None, out_dir=tmp_path / "py", job=job)
    assert seen == [5]
    run_cli(cli, "corpus", vietnam_news, "-o", tmp_path / "cli", "-q", "--formats", "tsv,jsonl",
            "--checks", "numbers,names", "--no-report")
    assert tree(tmp_path / "py") == tree(tmp_path / "cli")
    assert "report.html" not in tree(tmp_path / "py")
    assert pickle.loads(pickle.dumps(job)) == job
    with pytest.raises(ValueError, match="out_dir needs paths"):
        polyalign.align_corpus([polyalign.read_document(next(vietnam_news.glob("*.txt")))],
                               out_dir=tmp_path / "docs")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError, match="a file is in the way"):
        polyalign.align_corpus([vietnam_news], out_dir=tmp_path / "file")


def test_results_are_objects_with_spans_and_confidences(vietnam_news):
    r = polyalign.align_corpus([str(vietnam_news)])
    assert len(r.documents) == 5 and len(r.bundles) == 1 and len(r.unmatched) == 3
    bundle = r.bundles[0]
    members = [r.documents[d] for d in bundle.documents]
    assert sorted(m.document.lang for m in members) == ["hi", "id"]
    assert 0 <= bundle.confidence <= 1 and bundle.id == "bundle-0001"
    covered = [[] for _ in members]
    for t in bundle.tuples:
        assert 0 <= t.confidence <= 1
        assert len(t.pair_confidence) == 1
        for k, sentences in enumerate(t.members):
            covered[k].extend(sentences)
    # every sentence of every member in exactly one tuple, in order
    assert covered == [list(range(len(m))) for m in members]
    text = members[0].document.text.encode("utf-8")
    s = members[0].sentences[0].span
    assert text[s.start:s.end].decode("utf-8") == members[0][0]
    assert all(u.reason for u in r.unmatched)
    assert r.stats.sentences == sum(len(d) for d in r.documents)


def test_each_pair_of_members_has_its_alignment(vietnam_news, tmp_path):
    r = polyalign.align_corpus([str(vietnam_news)])
    bundle = r.bundles[0]
    assert len(bundle.pairs) == 1  # pair_index order
    beads = bundle.pair(0, 1)
    assert [(b.a.begin, b.b.begin) for b in beads] == [(b.b.begin, b.a.begin)
                                                       for b in bundle.pair(1, 0)]
    sizes = [len(r.documents[d]) for d in bundle.documents]
    assert sum(len(b.a) for b in beads) == sizes[0] and sum(len(b.b) for b in beads) == sizes[1]
    assert all(0 <= b.confidence <= 1 for b in beads)
    with pytest.raises(IndexError):
        bundle.pair(0, 0)
    assert polyalign.corpus_language_order(r, "id") == ["id", "hi"]
    with pytest.raises(ValueError, match="'de'"):
        polyalign.corpus_language_order(r, "de")
    w = polyalign.CorpusWriteOptions()
    w.source_lang = "id"
    w.formats = [polyalign.CorpusFormat.kTsv, polyalign.CorpusFormat.kJsonl]
    polyalign.write_corpus(r, tmp_path, w)
    assert (tmp_path / "corpus.tsv").read_text().startswith("bundle\tconfidence\tid\thi\n")
    lines = (tmp_path / "bundle-0001" / "pairs" / "hi-id.jsonl").read_text().splitlines()
    assert len(lines) == len(beads)


def test_documents_in_memory(vietnam_news):
    docs = [polyalign.read_document(p) for p in sorted(vietnam_news.glob("*.txt"))]
    in_memory = polyalign.align_corpus(docs)
    from_files = polyalign.align_corpus(sorted(vietnam_news.glob("*.txt")))
    assert [b.documents for b in in_memory.bundles] == [b.documents for b in from_files.bundles]
    assert [[t.members for t in b.tuples] for b in in_memory.bundles] == \
        [[t.members for t in b.tuples] for b in from_files.bundles]
    with pytest.raises(ValueError, match="the same path given for two documents"):
        polyalign.align_corpus([docs[0], docs[0]])
    with pytest.raises(ValueError, match="executor needs paths"):
        polyalign.align_corpus(docs, None, lambda phase: [])


def test_executor_path_gives_the_same_result(vietnam_news, tmp_path):
    """Every phase through bytes and two runners that share nothing (what
    polyalign.dask does with workers), and the per-bundle files written by
    the runners."""
    options = polyalign.CorpusOptions()
    runners = [polyalign.CorpusTaskRunner(options, str(tmp_path / "remote")) for _ in range(2)]
    phases = []

    def executor(phase):
        phases.append(phase.name)
        assert isinstance(phase.shared, bytes) and all(isinstance(t, bytes) for t in phase.tasks)
        # the tasks of a phase are independent: run them in threads
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(lambda it: runners[it[0] % 2].run(phase.shared, it[1]),
                                 enumerate(phase.tasks)))

    remote = polyalign.align_corpus([vietnam_news], options, executor)
    rest = polyalign.CorpusWriteOptions()
    rest.formats = [polyalign.CorpusFormat.kTmx, polyalign.CorpusFormat.kTsv,
                    polyalign.CorpusFormat.kMoses]
    polyalign.write_corpus(remote, tmp_path / "remote", rest)
    local = polyalign.align_corpus([vietnam_news], options)
    polyalign.write_corpus(local, tmp_path / "local")
    assert tree(tmp_path / "remote") == tree(tmp_path / "local")
    assert phases[0] == "read" and phases[-1] == "align"
    assert sum(r.stats().documents_prepared for r in runners) >= len(local.documents)


def test_executor_errors_come_through(vietnam_news):
    class ClusterGone(Exception):
        pass

    def failing(phase):
        raise ClusterGone(phase.name)

    with pytest.raises(ClusterGone, match="read"):
        polyalign.align_corpus([vietnam_news], None, failing)
    with pytest.raises(ValueError, match="results for"):
        polyalign.align_corpus([vietnam_news], None, lambda phase: [])
    runner = polyalign.CorpusTaskRunner(polyalign.CorpusOptions())
    with pytest.raises(ValueError, match="corpus task"):
        runner.run(b"", b"not a task")


def test_skipped_files_and_missing_paths(cli, tmp_path, vietnam_news):
    (tmp_path / "in").mkdir()
    for p in vietnam_news.glob("*.txt"):
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\xff")
    r = polyalign.align_corpus([tmp_path / "in"])
    assert [s.path for s in r.skipped] == [str(tmp_path / "in" / "binary.txt")]
    missing = tmp_path / "missing"
    with pytest.raises(OSError) as e:
        polyalign.align_corpus([missing])
    assert str(e.value) == f"{missing}: no such file or directory"
    out = run_cli(cli, "corpus", missing, "-o", tmp_path / "out", check=False)
    assert out.stderr.strip() == f"polyalign: error: {e.value}"
    with pytest.raises(ValueError, match="no input path"):
        polyalign.align_corpus([])


def test_write_errors_are_os_errors(vietnam_news, tmp_path):
    r = polyalign.align_corpus([vietnam_news])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError, match="cannot create directory"):
        polyalign.write_corpus(r, blocker)
    files = polyalign.write_corpus(r, tmp_path / "ok")
    assert files[-1].endswith("bundles.json")
    index = json.loads((tmp_path / "ok" / "bundles.json").read_text())
    assert index["bundles"][0]["id"] == "bundle-0001"


def test_progress_is_reported_by_stage(vietnam_news):
    stages = []
    options = polyalign.CorpusOptions()
    options.progress = lambda stage, fraction: stages.append(stage)
    polyalign.align_corpus([vietnam_news], options)
    assert {"read", "candidates", "verify", "estimate", "align"} <= set(stages)


def test_options_travel_to_a_runner_by_pickle(vietnam_news):
    options = polyalign.CorpusOptions()
    options.refinement_passes = 2
    runner_options = pickle.loads(pickle.dumps(options))
    runner = polyalign.CorpusTaskRunner(runner_options)
    r = polyalign.align_corpus([vietnam_news], options,
                               lambda phase: [runner.run(phase.shared, t) for t in phase.tasks])
    assert len(r.bundles) == 1


def test_memory_limit_and_resume_options(cli, vietnam_news, tmp_path):
    assert polyalign.parse_memory_size("512M") == 512 << 20
    assert polyalign.parse_memory_size("2g") == 2 << 30
    with pytest.raises(ValueError, match="--memory-limit: not a size: '1.5G'"):
        polyalign.parse_memory_size("1.5G")
    options = polyalign.CorpusOptions()
    assert options.memory_limit == polyalign.default_memory_limit() >= 16 << 20
    options.memory_limit = 16 << 20
    assert pickle.loads(pickle.dumps(options)).memory_limit == 16 << 20
    job = polyalign.CorpusJobOptions()
    job.corpus = options
    job.resume = True
    assert pickle.loads(pickle.dumps(job)).resume
    # Nothing to resume from: a whole run, the files of the command line's.
    polyalign.run_corpus_job([str(vietnam_news)], str(tmp_path / "py"), job)
    run_cli(cli, "corpus", vietnam_news, "-o", tmp_path / "cli", "-q", "--memory-limit", "16M")
    assert tree(tmp_path / "py") == tree(tmp_path / "cli")
    assert not (tmp_path / "py" / ".resume").exists()
    options.memory_limit = 1 << 20
    with pytest.raises(ValueError, match="memory_limit"):
        polyalign.align_corpus([vietnam_news], options)


class _Saved(polyalign.CorpusCheckpoint):
    """Keys in a dict; counts the bundles aligned."""

    def __init__(self):
        super().__init__()
        self.saved, self.aligned = {}, 0

    def load(self, key):
        return self.saved.get(key)

    def save(self, key, data):
        assert isinstance(data, bytes)
        self.saved[key] = data

    def bundle_aligned(self, members, bundle):
        assert len(members.documents) == len(bundle.documents)
        self.aligned += 1


def test_a_checkpoint_in_python_saves_and_is_reused(vietnam_news, tmp_path):
    options = polyalign.CorpusOptions()
    whole = polyalign.align_corpus([vietnam_news], options)
    options.checkpoint = cp = _Saved()
    first = polyalign.align_corpus([vietnam_news], options)
    assert {"checks", "lexicons", "bundle-0001"} <= set(cp.saved)
    assert cp.aligned == len(whole.bundles) == 1
    again = polyalign.align_corpus([vietnam_news], options)  # everything loaded
    assert cp.aligned == 1
    for r, name in ((whole, "whole"), (first, "first"), (again, "again")):
        polyalign.write_corpus(r, tmp_path / name)
    assert tree(tmp_path / "whole") == tree(tmp_path / "first") == tree(tmp_path / "again")
    assert pickle.loads(pickle.dumps(options)).checkpoint is None  # local, not pickled
