"""What the scale benchmarks (bench/whole_process.py, bench/nltk_compare.py,
bench/dask_scaling.py) share: the description of the machine, of the
polyalign binary measured and of the sizes asked for, and the header and
writing of their result files.

Kept in one place so that every result file under bench/results describes
its machine and binary the same way, and a change to that description (a
new field, another source for it) reaches all of them at once.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


# ---------------------------------------------------------------- sizes

def executable_polyalign(path: str, tool: str) -> str | None:
    """The absolute path of the polyalign binary `path`, or None after one
    error line on stderr naming `tool` when there is no executable there."""
    path = os.path.abspath(path)
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        import sys
        print(f"{tool}: error: no executable polyalign at {path} "
              "(build it, or pass --polyalign PATH)", file=sys.stderr)
        return None
    return path


def parse_size(text: str) -> int:
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1000000, t[:-1]
    return int(float(t) * mult)


def parse_sizes(text: str):
    return [parse_size(s) for s in text.split(",") if s.strip()]


def size_label(n: int) -> str:
    if n >= 1000000 and n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


# ---------------------------------------------------------------- machine

def cpu_model() -> str:
    """The first "model name" of /proc/cpuinfo, or "" where there is none."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine_info() -> dict:
    mem_gib = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "mem_gib": mem_gib,
            "platform": platform.platform(), "python": platform.python_version()}


# ---------------------------------------------------------------- binary

def git_info(binary: Path) -> dict:
    def git(*args):
        try:
            return subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True,
                                  text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "engine",
                                       "CMakeLists.txt").splitlines() if line.strip()]
    info = {"commit": git("log", "-1", "--oneline").strip(), "uncommitted_engine_files": dirty,
            "binary": str(binary)}
    try:
        info["binary_mtime"] = datetime.fromtimestamp(
            binary.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
    except OSError:
        info["binary_mtime"] = None
    return info


def snapshot_binary(binary: Path, directory: Path) -> Path:
    """Copies the binary to DIRECTORY/polyalign-<mtime> (once) and returns the
    copy, so that a rebuild of build/polyalign during a long benchmark does
    not mix two binaries in one result file."""
    st = binary.stat()
    stamp = datetime.fromtimestamp(st.st_mtime, timezone.utc).strftime("%Y%m%dT%H%M%S")
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / f"polyalign-{stamp}-{st.st_size}"
    if not copy.exists():
        tmp = copy.with_suffix(".tmp")
        shutil.copy2(binary, tmp)
        os.replace(tmp, copy)
    return copy


def measured_binary(binary: Path, directory: Path, snapshot: bool = True):
    """(binary to run, its git_info). With SNAPSHOT the binary to run is the
    copy snapshot_binary() takes, and the info names it as measured_copy;
    the info itself describes the original (commit, mtime)."""
    info = git_info(binary)
    if snapshot:
        binary = snapshot_binary(binary, directory)
        info["measured_copy"] = str(binary)
    return binary, info


def binary_default_threads(binary) -> int | None:
    """The default of `align --threads` from the binary's help, or None if the
    binary has no such option (single-threaded)."""
    try:
        out = subprocess.run([str(binary), "align", "--help"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"--threads\b[^\n]*?=(\d+)", out)
    if m:
        return int(m.group(1))
    return 1 if "--threads" in out else None


# ---------------------------------------------------------------- result file

def result_header(benchmark: str, polyalign_info: dict, pair: str, seed: int) -> dict:
    """The first keys of a scale benchmark's result file; the script adds its
    own after them (the key order is the order in the written JSON)."""
    return {
        "benchmark": benchmark,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "polyalign": polyalign_info,
        "pair": pair,
        "seed": seed,
    }


def write_json(path: Path, doc: dict) -> None:
    """Writes DOC to PATH through a temporary file, so that an interrupted
    run leaves the previous result file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
