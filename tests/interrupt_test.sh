#!/usr/bin/env bash
# Interrupted corpus runs leave no partial or temporary file, earlier
# outputs stay intact, a re-run completes with the same bytes; and corpus
# output is byte-identical across runs and thread counts.
#
# The corpus: bench/make_ntrex_corpus.py on the NTREX development data
# (../shared/data/ntrex-dev; the test is skipped without it), 60 documents
# (~235 files, a run of several seconds; 20 documents under
# POLYALIGN_TEST_REDUCED=1, set for the sanitizer build).
#
#  1. reference: a complete run, --threads 2;
#  2. determinism: --threads 1, and --threads 2 again: every file identical;
#  3. SIGINT / SIGTERM early (reading), in the middle (aligning) and while
#     the files are being written (sent the moment the first new file or
#     temporary file appears), into a directory holding the reference
#     output: exit status 130 / 143, no temporary file left, every file
#     still byte-identical to the reference (untouched, or replaced whole by
#     the same bytes), none missing;
#  4. the same into an empty directory: no temporary file; every file that
#     exists is complete (identical to the reference); a re-run then
#     completes and the directory equals the reference.
# Run by CTest with POLYALIGN set to the binary, from the repository root.
set -u
bin=${POLYALIGN:?set POLYALIGN to the polyalign binary}
data=${POLYALIGN_DATA_DIR:-../shared/data}
if [ ! -d "$data/ntrex-dev" ]; then
  echo "interrupt: skipped: no NTREX data at $data/ntrex-dev (set POLYALIGN_DATA_DIR)"
  exit 0
fi
docs=60
[ "${POLYALIGN_TEST_REDUCED:-0}" = 1 ] && docs=20
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/make_ntrex_corpus.py --data "$data/ntrex-dev" --out "$tmp/gen" --seed 1 --limit-docs "$docs" -q \
  || { echo "FAIL: corpus generator"; exit 1; }

exec python3 - "$bin" "$tmp" <<'PY'
import filecmp, os, signal, subprocess, sys, time

binary, tmp = sys.argv[1], sys.argv[2]
corpus = os.path.join(tmp, 'gen', 'corpus')
passed = failed = 0


def check(name, cond, detail=''):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f'FAIL: {name}' + (f': {detail}' if detail else ''))


def start(out, threads=2):
    # Default signal dispositions in the child (a shell running this in the
    # background would have SIGINT ignored, and polyalign keeps ignored
    # signals ignored).
    def defaults():
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)
    return subprocess.Popen([binary, 'corpus', corpus, '-o', out, '--threads', str(threads), '-q'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=defaults)


def files(root):
    # Not OUTDIR/.resume: the state an interrupted run leaves for --resume
    # (tests/resume_test.sh); a complete run removes it.
    out = {}
    for d, dirs, names in os.walk(root):
        if d == root and '.resume' in dirs:
            dirs.remove('.resume')
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = p
    return out


def temporaries(root):
    return sorted(r for r in files(root) if os.path.basename(r).startswith('.'))


def same_tree(a, b):
    fa, fb = files(a), files(b)
    if sorted(fa) != sorted(fb):
        return False, f'files differ: {sorted(set(fa) ^ set(fb))[:5]}'
    bad = [r for r in fa if not filecmp.cmp(fa[r], fb[r], shallow=False)]
    return not bad, f'contents differ: {bad[:5]}'


durations = []


def run(out, threads=2):
    t0 = time.monotonic()
    p = start(out, threads)
    _, err = p.communicate()
    durations.append(time.monotonic() - t0)
    return p.returncode, err.decode()


# 1. Reference.
ref = os.path.join(tmp, 'ref')
code, err = run(ref)
check('reference run', code == 0, err)
if code != 0:
    sys.exit(1)
n_ref = len(files(ref))
check('reference: bundles.json, tuples and every format written', n_ref > 10 and
      os.path.exists(os.path.join(ref, 'bundles.json')) and os.path.exists(os.path.join(ref, 'corpus.tmx')))

# 2. Determinism: byte-identical across runs and thread counts.
for threads in (1, 2):
    out = os.path.join(tmp, f'det-{threads}')
    code, err = run(out, threads)
    ok, why = same_tree(ref, out)
    check(f'determinism: --threads {threads} gives the reference bytes', code == 0 and ok, err or why)


# The shortest complete run: the signals below must come before the end.
duration = min(durations)


def copy_tree(src, dst):
    subprocess.run(['cp', '-a', src, dst], check=True)


def interrupt(out, sig, when):
    """Starts a run into `out` and sends `sig` at `when` ('early', 'middle' or
    'writing'). Returns (exit status, whether it was still running)."""
    marker = time.time()
    before = {r: os.stat(p).st_mtime_ns for r, p in files(out).items()}
    p = start(out)
    if when == 'early':
        time.sleep(min(0.5, duration / 10))
    elif when == 'middle':
        time.sleep(duration * 0.4)
    else:
        # The moment the first file of this run appears (a temporary file, or
        # a committed one whose modification time changed).
        deadline = time.monotonic() + 20 * max(durations) + 60
        while p.poll() is None and time.monotonic() < deadline:
            now = files(out)
            if any(os.path.basename(r).startswith('.') or before.get(r) != os.stat(f).st_mtime_ns
                   for r, f in now.items() if os.path.exists(f)):
                break
            time.sleep(0.002)
    running = p.poll() is None
    if running and temporaries(out):
        caught_temporary.append(out)
    p.send_signal(sig)
    p.communicate()
    return p.returncode, running


caught_temporary = []  # runs signalled while a temporary file existed


expected = {signal.SIGINT: -signal.SIGINT, signal.SIGTERM: -signal.SIGTERM}
shell = {signal.SIGINT: 130, signal.SIGTERM: 143}
# 3. Into a directory holding the reference output.
for sig in (signal.SIGINT, signal.SIGTERM):
    for when in ('early', 'middle', 'writing'):
        name = f'{signal.Signals(sig).name} {when}, over an earlier run'
        out = os.path.join(tmp, f'over-{sig}-{when}')
        copy_tree(ref, out)
        code, running = interrupt(out, sig, when)
        if not running:
            print(f'note: {name}: the run had ended before the signal')
            continue
        # Popen reports death by signal N as -N; a shell reports 128 + N.
        check(f'{name}: killed by the signal (shell status {shell[sig]})', code == expected[sig], f'status {code}')
        check(f'{name}: no temporary file left', not temporaries(out), temporaries(out)[:3])
        ok, why = same_tree(ref, out)
        check(f'{name}: earlier files intact or replaced by identical ones, none missing', ok, why)

# 4. Into an empty directory, then a re-run.
for sig in (signal.SIGINT, signal.SIGTERM):
    name = f'{signal.Signals(sig).name} while writing, fresh directory'
    out = os.path.join(tmp, f'fresh-{sig}')
    code, running = interrupt(out, sig, 'writing')
    if running:
        check(f'{name}: killed by the signal', code == expected[sig], f'status {code}')
    check(f'{name}: no temporary file left', not temporaries(out), temporaries(out)[:3])
    partial = files(out)
    complete = all(filecmp.cmp(p, os.path.join(ref, r), shallow=False)
                   for r, p in partial.items() if os.path.exists(os.path.join(ref, r)))
    check(f'{name}: every file written is complete ({len(partial)} of {n_ref})',
          complete and all(os.path.exists(os.path.join(ref, r)) for r in partial))
    code, err = run(out)
    ok, why = same_tree(ref, out)
    check(f'{name}: a re-run completes with the reference bytes', code == 0 and ok, err or why)

# The handler's work shows only if a signal came while a temporary file
# existed: the runs signalled "while writing" wait for the first one.
check('a signal came while a temporary file existed (and it was removed)', caught_temporary)

print(f'interrupt: {passed} passed, {failed} failed ({len(caught_temporary)} runs signalled '
      f'with a temporary file present; complete runs {min(durations):.1f}-{max(durations):.1f} s, '
      f'{n_ref} files)')
sys.exit(1 if failed else 0)
PY
