"""Long jobs from Python: progress reports (a callable, tqdm) and Ctrl-C,
which stops a running alignment (pair or corpus) within moments, leaves
no partial file, and leaves the engine ready for the next call."""

import io
import os
import random
import signal
import sys

import pytest

import polyalign


def long_pair(sentences, seed=1):
    """Two texts of `sentences` sentences, long enough to take seconds."""
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"]
    a, b = [], []
    for i in range(sentences):
        n = rng.randint(4, 20)
        a.append(" ".join(rng.choice(words) for _ in range(n)).capitalize() + f" {i}.")
        b.append(" ".join(rng.choice(words) for _ in range(n + rng.randint(-2, 2)))
                 .capitalize() + f" {i}.")
    return "\n".join(a), "\n".join(b)


def test_a_progress_callable_sees_every_stage():
    seen = []
    a, b = long_pair(200)
    r = polyalign.align(a, b, lang_a="en", lang_b="en",
                        progress=lambda stage, f: seen.append((stage, f)))
    assert len(r) > 150
    stages = [s for s, _ in seen]
    assert {"segment", "anchors", "align"} <= set(stages)
    assert all(0 <= f <= 1 for _, f in seen) and seen[-1][1] == 1
    # The options' own callback is called too, and the options are left alone.
    options = polyalign.PipelineOptions()
    own = []
    options.progress = lambda stage, f: own.append(stage)
    polyalign.align(a, b, options=options, progress=lambda stage, f: None)
    assert own and options.progress is not None


def test_progress_true_shows_tqdm_bars(monkeypatch, vietnam_news):
    tqdm = pytest.importorskip("tqdm")
    bars = []

    class Recorded(tqdm.tqdm):
        def __init__(self, *args, **kwargs):
            kwargs["file"] = io.StringIO()
            super().__init__(*args, **kwargs)
            bars.append(self)

    import tqdm.auto
    monkeypatch.setattr(tqdm.auto, "tqdm", Recorded)
    polyalign.align_corpus([vietnam_news], progress=True)
    assert [b.desc for b in bars][:1] == ["read"]
    assert {"read", "verify", "align"} <= {b.desc for b in bars}
    assert all(b.disable or b.n <= 100 for b in bars)
    assert bars[-1].n == 100


def test_progress_without_tqdm_is_a_line_on_stderr(monkeypatch, capsys):
    import builtins
    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    polyalign.align(*long_pair(50), progress=True)
    err = capsys.readouterr().err
    assert "\ralign: 100%" in err and err.endswith("\n")


def test_bad_progress_is_a_clear_error():
    with pytest.raises(TypeError, match="progress must be None, True or callable"):
        polyalign.align("A.", "B.", progress="yes")


def ctrl_c_at(stage_wanted, after=1):
    """A progress callable that sends this process SIGINT, as Ctrl-C does,
    at its `after`-th report of `stage_wanted`; it records every report."""
    seen = []

    def progress(stage, fraction):
        seen.append((stage, fraction))
        if sum(1 for s, _ in seen if s == stage_wanted) == after:
            os.kill(os.getpid(), signal.SIGINT)

    return progress, seen


def test_ctrl_c_stops_a_pair_alignment():
    a, b = long_pair(20000)
    options = polyalign.PipelineOptions()
    options.threads = 2  # helper threads too: stopped before the call returns
    full = len(polyalign.align(a, b, options=options))
    # Ctrl-C at the first report of the alignment stage: the engine stops
    # there, before it reports the stage done (no timing involved).
    progress, seen = ctrl_c_at("align")
    with pytest.raises(KeyboardInterrupt):
        polyalign.align(a, b, options=options, progress=progress)
    assert ("align", 1.0) not in seen, seen[-3:]
    assert [s for s, _ in seen].count("align") <= 2
    # The engine is ready for the next call, and gives the same result.
    assert len(polyalign.align(a, b, options=options)) == full


def test_ctrl_c_stops_a_corpus_job_leaving_no_partial_file(ntrex_corpus, tmp_path):
    out = tmp_path / "out"
    progress, seen = ctrl_c_at("align")
    with pytest.raises(KeyboardInterrupt):
        polyalign.align_corpus([ntrex_corpus], out_dir=out, progress=progress)
    assert ("align", 1.0) not in seen, seen[-3:]
    # Interrupted while aligning: no temporary file, no index; what is there
    # is the state a resumed run starts from and bundles finished whole.
    names = [p.name for p in out.rglob("*")]
    assert ".resume" in names and "bundles.json" not in names
    assert not [n for n in names if ".tmp." in n], names
    for f in out.glob("bundle-*/alignment.jsonl"):
        assert f.read_text(encoding="utf-8").endswith("}\n")
    # Resumed, it completes; the state is gone.
    job = polyalign.CorpusJobOptions()
    job.resume = True
    polyalign.run_corpus_job([ntrex_corpus], out, job)
    assert (out / "bundles.json").exists() and not (out / ".resume").exists()
    # A user's progress callback raising KeyboardInterrupt stops it too.
    calls = []

    def impatient(stage, fraction):
        calls.append(stage)
        if stage == "verify":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        polyalign.align_corpus([ntrex_corpus], progress=impatient)
    assert calls[-1] == "verify" and "align" not in calls


def test_other_exceptions_of_a_callback_are_printed(monkeypatch):
    """A bug in a progress callback does not stop the work: it is reported
    as Python reports exceptions it cannot raise (sys.unraisablehook)."""
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))

    def broken(stage, fraction):
        raise RuntimeError("a bug in the callback")

    small = polyalign.align("Anna kam um 9 Uhr.", "Anna came at 9.", progress=broken)
    assert len(small) == 1
    assert seen and all(isinstance(e, RuntimeError) for e in seen)
