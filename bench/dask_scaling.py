#!/usr/bin/env python3
"""Documents per second of corpus mode on Dask against the number of workers
(polyalign.dask on a distributed.LocalCluster of single-threaded worker
processes on loopback), next to `polyalign corpus` in one process.

Usage (from the repository's root, with the package built or installed):
    PYTHONPATH=build/python python3 bench/dask_scaling.py [--workers 1,2]
        [--repeats 3] [--corpus DIR] [--seed 3] [--polyalign build/polyalign]
        [--json bench/results/dask-scaling.json]

Without --corpus, the corpus is made by bench/make_ntrex_corpus.py --seed N
(about 240 files in five languages). All configurations are started first and
run once untimed (worker start, file cache); then --repeats rounds run each
configuration once, round-robin, so that other work on the machine slows
them alike. Reported: the best and the median run, the median CPU seconds of a run
(of the client, which runs the cluster's scheduler too, and of the worker
processes; or of the CLI), the median time of each
phase (from the engine's progress reports: read, candidates, verify =
check/learn/recheck, estimate, learn, align; align includes writing the
corpus-wide files) and the load average during the runs.
Nothing is asserted: the figures go to bench/RESULTS.md ("Python binding and corpus mode on Dask") by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from bench_common import cpu_model  # noqa: E402
from make_ntrex_cases import DEFAULT_DATA  # noqa: E402

STAGES = ["read", "candidates", "verify", "estimate", "learn", "align"]


def machine() -> str:
    return f"{os.cpu_count()} cores, {cpu_model() or platform.processor()}, {platform.system()}"


def load() -> float:
    return os.getloadavg()[0]


def worker_cpu() -> float:
    """CPU seconds of this process (run on a worker: the worker's)."""
    import psutil  # distributed depends on it
    t = psutil.Process().cpu_times()
    return t.user + t.system


def cpu_of(client):
    """CPU seconds so far of this process (the client, with the cluster's
    scheduler) and of the worker processes, summed."""
    return worker_cpu(), sum(client.run(worker_cpu).values())


def timed_dask(polyalign_dask, options_cls, client, corpus, out):
    """One run: wall time, seconds per stage (first report of a stage to
    the first report of the next; the last stage ends when the call
    returns, which includes writing the corpus-wide files) and CPU seconds
    (this process and the workers)."""
    cpu = cpu_of(client)
    marks = []
    options = options_cls()
    options.progress = lambda stage, fraction: (marks.append((stage, time.perf_counter()))
                                                if not marks or marks[-1][0] != stage else None)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    # As the CLI runs (cli_flags): no checks, no review page.
    result = polyalign_dask.align_corpus([str(corpus)], str(out), client=client, options=options,
                                         checks="none", report=False)
    end = time.perf_counter()
    stages = {}
    for (stage, t), nxt in zip(marks, marks[1:] + [("end", end)]):
        stages[stage] = stages.get(stage, 0.0) + nxt[1] - t
    after = cpu_of(client)
    return end - start, stages, (after[0] - cpu[0], after[1] - cpu[1]), len(result.documents)


def cli_flags(binary):
    """The alignment alone: `polyalign corpus` without the QA checks and
    the review page, as the Dask runs (timed_dask) are made too."""
    help_text = subprocess.run([str(binary), "corpus", "--help"], capture_output=True,
                               text=True).stdout
    flags = []
    if "--checks" in help_text:
        flags += ["--checks", "none"]
    if "--no-report" in help_text:
        flags += ["--no-report"]
    return flags


def timed_cli(binary, corpus, out, threads):
    """One run: wall time and CPU seconds."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(binary), "corpus", str(corpus), "-o", str(out), "-q",
                    "--threads", str(threads)] + cli_flags(binary), check=True,
                   stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (0.0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="1,2", help="worker counts (comma-separated)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="a corpus directory (default: generated)")
    ap.add_argument("--seed", type=int, default=3, help="make_ntrex_corpus.py seed")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--polyalign", type=Path, default=REPO / "build" / "polyalign",
                    help="the CLI, timed for comparison (skipped if missing)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    import distributed
    import polyalign
    import polyalign.dask

    work = Path(tempfile.mkdtemp(prefix="polyalign-dask-bench-"))
    try:
        corpus = args.corpus
        if corpus is None:
            subprocess.run([sys.executable, str(REPO / "bench" / "make_ntrex_corpus.py"),
                            "--data", str(args.data), "--out", str(work / "gen"), "--seed",
                            str(args.seed), "-q"], check=True)
            corpus = work / "gen" / "corpus"
        documents = sum(1 for p in corpus.rglob("*.txt"))
        # Every configuration is ready before the first timed run, and the
        # runs go round-robin over them: load from other work on the machine
        # falls on all of them alike.
        configs = []  # (label, run() -> (seconds, stages))
        if args.polyalign.exists():
            for threads in (1, 2):
                configs.append((f"`polyalign corpus --threads {threads}`",
                                lambda t=threads: (lambda s, c: (s, {}, c))(
                                    *timed_cli(args.polyalign, corpus, work / "cli", t))))
        with contextlib.ExitStack() as stack:
            for n in [int(x) for x in args.workers.split(",")]:
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=40))
                client = stack.enter_context(distributed.Client(cluster))
                configs.append((f"polyalign.dask, {n} worker{'s' if n > 1 else ''}",
                                lambda c=client: timed_dask(polyalign.dask,
                                                            polyalign.CorpusOptions, c, corpus,
                                                            work / "dask")[:3]))
            for _, run in configs:
                run()  # untimed: worker start, file cache
            runs = {label: [] for label, _ in configs}
            loads = []
            for _ in range(args.repeats):
                loads.append(load())
                for label, run in configs:
                    runs[label].append(run())
        rows = []
        for label, _ in configs:
            seconds = [r[0] for r in runs[label]]
            stages = {s: statistics.median(r[1].get(s, 0.0) for r in runs[label]) for s in STAGES}
            rows.append({"config": label, "best": min(seconds),
                         "median": statistics.median(seconds),
                         "cpu_client": statistics.median(r[2][0] for r in runs[label]),
                         "cpu_work": statistics.median(r[2][1] for r in runs[label]),
                         "stages": stages if runs[label][0][1] else {}})
    finally:
        shutil.rmtree(work, ignore_errors=True)

    pythonpath = os.environ.get("PYTHONPATH")
    command = (f"PYTHONPATH={pythonpath} " if pythonpath else "") + \
        "python3 bench/dask_scaling.py " + " ".join(sys.argv[1:])
    print(f"Command: `{command.strip()}`  ")
    source = (f"--corpus {args.corpus}" if args.corpus
              else f"make_ntrex_corpus.py --seed {args.seed}")
    print(f"Machine: {machine()}; corpus: {documents} documents ({source}); "
          f"{args.repeats} runs of each, round-robin, after one untimed run; load average "
          f"{min(loads):.1f}-{max(loads):.1f} during the runs.\n")
    print("| run | best s | documents/s (best) | median s | documents/s (median) | "
          "CPU s: client | CPU s: workers (CLI) | " + " | ".join(STAGES) + " |")
    print("|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(STAGES))
    for r in rows:
        stages = " | ".join(f"{r['stages'][s]:.2f}" if r["stages"] else "" for s in STAGES)
        client_cpu = f"{r['cpu_client']:.2f}" if r["stages"] else ""
        print(f"| {r['config']} | {r['best']:.2f} | {documents / r['best']:.1f} | "
              f"{r['median']:.2f} | {documents / r['median']:.1f} | {client_cpu} | "
              f"{r['cpu_work']:.2f} | {stages} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"command": command, "machine": machine(),
                                         "documents": documents, "repeats": args.repeats,
                                         "load": [min(loads), max(loads)], "rows": rows},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
