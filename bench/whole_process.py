#!/usr/bin/env python3
"""Whole-process scaling benchmark of `polyalign align --presegmented`.

Usage:
    python3 bench/whole_process.py [--polyalign build/polyalign]
        [--sizes 1k,10k,100k,1M] [--configs default,no-anchors]
        [--timeout 600] [--pairs-dir build/scale-pairs] [--pair en-de] [--seed 1]
        [--threads N] [--out bench/results/scaling.json] [--merge] [--keep-going]

For every size N (sentences per side) it generates a test pair with
bench/gen_pairs.py (cached in --pairs-dir/<pair>-n<N>-s<seed>/, regenerated
only when the parameters change), then runs, one process at a time,

    /usr/bin/time -f '%e %U %S %M' polyalign align a.txt b.txt --presegmented \
        --lang-a en --lang-b de --format brackets -o hyp [--no-anchors]

in two configurations: `default` (length + anchors + word links) and
`no-anchors` (length model only). Measured per run: wall seconds, user and
system CPU seconds, peak RSS (MB, from /usr/bin/time's %M; without
/usr/bin/time, Python's perf_counter and getrusage(RUSAGE_CHILDREN) are used
instead), input MB (bytes of a.txt + b.txt / 1e6), MB/s per core (input MB /
wall / threads), MB per CPU second (input MB / (user + sys)), the CPU/wall
ratio, seconds per 1k sentences (wall / (mean lines per side / 1000)) and
strict and lax P/R/F1 against the exact gold (bench/score.py).

Threads: older binaries are single-threaded (threads = 1). Binaries with an
`align --threads` option run with their default (read from `align --help`)
unless --threads N is given, which is then passed on; that number divides
the MB/s per core.

A run that exceeds --timeout (default 600 s) is killed (its whole process
group) and recorded with status "timeout"; larger sizes of that configuration
are then recorded as "skipped" unless --keep-going. A run that fails is
recorded as "failed" with the tail of its stderr. The polyalign commit (git
log -1), the uncommitted files under engine/ and the binary's modification
time are recorded, since the binary may be newer than the last commit; the
binary is copied to --pairs-dir/polyalign-<mtime>-<size> at the start and
that copy is what runs (--no-snapshot: run --polyalign directly), so a
rebuild during the benchmark cannot mix two binaries in one result file.

Writes --out (JSON; with --merge, entries of other sizes/configurations
already in the file are kept) and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from bench_common import (binary_default_threads, measured_binary, parse_sizes,  # noqa: E402
                          result_header, size_label, write_json)
from gen_pairs import DEFAULT_DATA, ensure_pairs  # noqa: E402
from score import read_beads, score  # noqa: E402

CONFIGS = {
    "default": [],
    "no-anchors": ["--no-anchors"],
}
TIME_BIN = "/usr/bin/time"


def run_measured(cmd, timeout: float, stdout=subprocess.DEVNULL) -> dict:
    """Runs `cmd` under /usr/bin/time (if present) in its own process group.

    Returns {status: ok|failed|timeout, returncode, wall_s, user_s, sys_s,
    peak_rss_mb, stderr_tail}. wall_s is /usr/bin/time's %e when available,
    else perf_counter around the child; on timeout it is the elapsed time at
    the kill.
    """
    use_time = os.path.exists(TIME_BIN)
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as tmp:
        time_file = os.path.join(tmp, "time")
        err_file = os.path.join(tmp, "stderr")
        full = ([TIME_BIN, "-f", "%e %U %S %M", "-o", time_file] if use_time else []) + list(cmd)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        with open(err_file, "wb") as err:
            proc = subprocess.Popen(full, stdout=stdout, stderr=err, start_new_session=True)
            try:
                rc = proc.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                rc = proc.wait()
                timed_out = True
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(err_file, "rb") as f:
            stderr = f.read().decode("utf-8", "replace")
        result = {"returncode": rc, "wall_s": round(wall, 3),
                  "user_s": round(after.ru_utime - before.ru_utime, 3),
                  "sys_s": round(after.ru_stime - before.ru_stime, 3),
                  # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: an
                  # upper bound only; replaced by /usr/bin/time's figure below.
                  "peak_rss_mb": round(after.ru_maxrss / 1024, 1)}
        if use_time and not timed_out:
            try:
                with open(time_file, encoding="utf-8") as f:
                    last = [l for l in f.read().splitlines() if l.strip()][-1].split()
                # GNU time prints "Command exited with non-zero status N" first
                # on failure; the figures are on the last line.
                e, u, s, m = last[-4:]
                result.update(wall_s=float(e), user_s=float(u), sys_s=float(s),
                              peak_rss_mb=round(int(m) / 1024, 1))
                # %e has 0.01 s resolution; keep the finer perf_counter figure
                # for very short runs.
                if float(e) < 1:
                    result["wall_s"] = round(wall, 3)
            except (OSError, IndexError, ValueError):
                pass
        if timed_out:
            result["status"] = "timeout"
            result["peak_rss_mb"] = None  # unknown: killed before time reported
        elif rc != 0:
            result["status"] = "failed"
        else:
            result["status"] = "ok"
        if result["status"] != "ok":
            result["stderr_tail"] = stderr[-2000:]
        result["measured_by"] = "/usr/bin/time" if use_time else "perf_counter+getrusage"
        return result


def polyalign_cmd(binary, a, b, out, lang_a, lang_b, extra):
    return [str(binary), "align", str(a), str(b), "--presegmented", "--lang-a", lang_a,
            "--lang-b", lang_b, "--format", "brackets", "-o", str(out), *extra]


def run_polyalign(binary, pair_dir: Path, meta: dict, config: str, timeout: float,
                  threads: int = 1, pass_threads: bool = False,
                  hyp_path: Path | None = None) -> dict:
    """Aligns one generated pair in one configuration, scores it; returns a run
    dict. `threads` divides MB/s per core; with pass_threads it is also given
    to polyalign as --threads."""
    hyp = hyp_path or pair_dir / f"hyp.{config}"
    if hyp.exists():
        hyp.unlink()
    cmd = polyalign_cmd(binary, pair_dir / "a.txt", pair_dir / "b.txt", hyp,
                        meta["lang_a"], meta["lang_b"],
                        CONFIGS[config] + (["--threads", str(threads)] if pass_threads else []))
    res = run_measured(cmd, timeout)
    input_bytes = meta["bytes_a"] + meta["bytes_b"]
    per_side = (meta["lines_a"] + meta["lines_b"]) / 2
    run = {
        "n": meta["sentences"],
        "config": config,
        "command": " ".join(cmd[1:]).replace(str(REPO_ROOT) + "/", ""),
        "lines_a": meta["lines_a"],
        "lines_b": meta["lines_b"],
        "input_mb": round(input_bytes / 1e6, 3),
        "timeout_s": timeout,
        "threads": threads,
        **res,
    }
    if res["status"] == "ok":
        wall = max(res["wall_s"], 1e-6)
        run["cpu_per_wall"] = round((res["user_s"] + res["sys_s"]) / wall, 2)
        run["mb_per_s_per_core"] = round(input_bytes / 1e6 / wall / threads, 3)
        cpu = res["user_s"] + res["sys_s"]
        run["mb_per_cpu_s"] = round(input_bytes / 1e6 / cpu, 3) if cpu > 0 else None
        run["s_per_1k_sentences"] = round(wall / (per_side / 1000), 4)
        try:
            sc = score(read_beads(str(pair_dir / "gold")), read_beads(str(hyp)))
            run["strict"] = {k: round(v, 4) for k, v in sc["strict"].items()}
            run["lax"] = {k: round(v, 4) for k, v in sc["lax"].items()}
            run["hyp_beads"] = sc["counts"]["hyp_beads"]
            run["gold_beads"] = sc["counts"]["gold_beads"]
        except (OSError, ValueError) as e:
            run["status"] = "failed"
            run["stderr_tail"] = f"scoring failed: {e}"
    return run


def fmt(v, digits=2, none="–"):
    if v is None:
        return none
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def markdown_table(runs) -> str:
    lines = ["| sentences/side | config | input MB | wall s | CPU/wall | peak RSS MB | "
             "MB/s/core | MB/CPU-s | s per 1k sent. | strict F1 | lax F1 | status |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        ok = r.get("status") == "ok"
        wall = fmt(r.get("wall_s"), 2) if r.get("status") in ("ok", "failed") else (
            f"> {r['timeout_s']:g}" if r.get("status") == "timeout" else "–")
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            size_label(r["n"]), r["config"], fmt(r.get("input_mb"), 1), wall,
            fmt(r.get("cpu_per_wall"), 2) if ok else "–",
            fmt(r.get("peak_rss_mb"), 0) if ok else "–",
            fmt(r.get("mb_per_s_per_core"), 2) if ok else "–",
            fmt(r.get("mb_per_cpu_s"), 2) if ok else "–",
            fmt(r.get("s_per_1k_sentences"), 3) if ok else "–",
            fmt(r.get("strict", {}).get("f1"), 3) if ok else "–",
            fmt(r.get("lax", {}).get("f1"), 3) if ok else "–",
            r.get("status")))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Whole-process time/memory/F1 of polyalign "
                                             "align on generated pairs of growing size.")
    ap.add_argument("--polyalign", type=Path, default=REPO_ROOT / "build" / "polyalign")
    ap.add_argument("--sizes", default="1k,10k,100k,1M",
                    help="comma-separated sentences per side, e.g. 1k,10k,100k,1M")
    ap.add_argument("--configs", default="default,no-anchors",
                    help=f"comma-separated subset of {','.join(CONFIGS)}")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run")
    ap.add_argument("--pairs-dir", type=Path, default=REPO_ROOT / "build" / "scale-pairs")
    ap.add_argument("--pair", default="en-de")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--threads", type=int, default=None,
                    help="pass --threads N to polyalign (default: the binary's own default; "
                         "divides MB/s per core)")
    ap.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "scaling.json")
    ap.add_argument("--merge", action="store_true",
                    help="keep runs of other (size, config) already in --out")
    ap.add_argument("--keep-going", action="store_true",
                    help="run larger sizes of a configuration even after a timeout")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run --polyalign itself instead of a copy taken at the start")
    args = ap.parse_args(argv)

    binary = args.polyalign.resolve()
    if not os.access(binary, os.X_OK):
        print(f"whole_process.py: no executable {binary}; build it with "
              "`cmake --build build -j2 --target polyalign_cli`", file=sys.stderr)
        return 2
    binary, info = measured_binary(binary, args.pairs_dir, snapshot=not args.no_snapshot)
    default_threads = binary_default_threads(binary)
    if args.threads is not None and default_threads is None:
        ap.error("this polyalign binary has no --threads option")
    threads = args.threads if args.threads is not None else (default_threads or 1)
    sizes = parse_sizes(args.sizes)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for c in configs:
        if c not in CONFIGS:
            ap.error(f"unknown config {c!r}; choose from {list(CONFIGS)}")

    doc = {
        **result_header("whole_process", info, args.pair, args.seed),
        "threads": threads,
        "time_tool": TIME_BIN if os.path.exists(TIME_BIN) else "python",
        "pairs": {},
        "runs": [],
    }
    old_runs = []
    if args.merge and args.out.exists():
        with open(args.out, encoding="utf-8") as f:
            old = json.load(f)
        old_runs = old.get("runs", [])
        doc["pairs"] = old.get("pairs", {})

    timed_out = set()
    new_runs = []
    for n in sizes:
        label = size_label(n)
        pair_dir = args.pairs_dir / f"{args.pair}-n{n}-s{args.seed}"
        t0 = time.perf_counter()
        meta = ensure_pairs(n, pair_dir, seed=args.seed, pair=args.pair, data=args.data)
        print(f"[{label}] pair {pair_dir} ready ({time.perf_counter() - t0:.1f} s): "
              f"A {meta['lines_a']} / B {meta['lines_b']} lines, "
              f"{(meta['bytes_a'] + meta['bytes_b']) / 1e6:.1f} MB", file=sys.stderr)
        doc["pairs"][label] = {k: meta[k] for k in ("lines_a", "lines_b", "bytes_a", "bytes_b",
                                                    "beads", "bead_shapes", "repetitions")}
        for config in configs:
            if config in timed_out and not args.keep_going:
                run = {"n": n, "config": config, "status": "skipped",
                       "reason": "a smaller size timed out", "timeout_s": args.timeout,
                       "lines_a": meta["lines_a"], "lines_b": meta["lines_b"],
                       "input_mb": round((meta["bytes_a"] + meta["bytes_b"]) / 1e6, 3)}
            else:
                print(f"[{label}] {config} ...", file=sys.stderr, flush=True)
                run = run_polyalign(binary, pair_dir, meta, config, args.timeout, threads,
                                    pass_threads=args.threads is not None)
                if run["status"] == "timeout":
                    timed_out.add(config)
            extra = ""
            if run["status"] == "ok":
                extra = (f"{run['wall_s']:.2f} s, {run['peak_rss_mb']:.0f} MB, "
                         f"strict F1 {run['strict']['f1']:.3f}")
            elif run.get("stderr_tail"):
                extra = " ".join(run["stderr_tail"].strip().splitlines()[-1:])
            print(f"[{label}] {config}: {run['status']} {extra}", file=sys.stderr, flush=True)
            new_runs.append(run)

    keys = {(r["n"], r["config"]) for r in new_runs}
    runs = [r for r in old_runs if (r["n"], r["config"]) not in keys] + new_runs
    runs.sort(key=lambda r: (r["n"], list(CONFIGS).index(r["config"])
                             if r["config"] in CONFIGS else 99))
    doc["runs"] = runs
    write_json(args.out, doc)
    print(f"polyalign: {doc['polyalign']['commit']} (binary {doc['polyalign']['binary_mtime']}"
          + (", uncommitted engine changes: " + ", ".join(doc['polyalign']['uncommitted_engine_files'])
             if doc['polyalign']['uncommitted_engine_files'] else "") + ")")
    print(markdown_table(runs))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
