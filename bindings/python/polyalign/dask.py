"""polyalign.dask: corpus mode on a Dask cluster (Debian's python3-distributed).

    from distributed import Client
    import polyalign.dask
    client = Client("tcp://scheduler:8786")          # or Client(n_workers=2) on one machine
    result = polyalign.dask.align_corpus(["/shared/crawl"], "/shared/out", client=client)

The same work and the same files as ``polyalign corpus /shared/crawl -o
/shared/out`` on one machine, byte for byte. Corpus mode runs in phases of
independent tasks (the engine decides them: corpus.h, "On many machines"):

  read       every file read, its language identified, segmented, indexed
             (tasks of ~128 KB of files);
  check      candidate pairs aligned and scored (tasks of ~2000 sentences,
             50-100 ms of work);
  learn      word links and a length model per language pair, from the
             pairs that verify best (one task per language pair);
  recheck    candidates aligned and scored again with those word links;
  estimate   every pair of members of every bundle, estimation pass (a
             bundle's pairs in one task, small bundles grouped);
  learn      word links and length models from all bundles, pooled;
  align      every bundle's final pairwise passes and tuples; the worker
             writes OUTDIR/<bundle>/alignment.jsonl (bundles as above).

The client (this process) takes the decisions between phases: candidates
from the documents' index keys, which pairs teach the word links, the
bundles; then runs the checks and writes bundles.json, corpus.tmx,
corpus.tsv, moses/, findings.jsonl and report.html (the job of `polyalign
corpus`, polyalign.run_corpus_job, with this cluster as its executor).

Requirements: every worker has polyalign installed (the same version) and
sees the corpus and OUTDIR at the same paths as the client (a shared file
system); give absolute paths. Workers read the files themselves and keep
the documents they prepared in memory for later tasks (up to cache_bytes
per worker process), so only small task descriptions travel, plus each
document's text once, back to the client.
"""

from __future__ import annotations

import os
import threading
import uuid

import polyalign

__all__ = ["align_corpus"]


def align_corpus(paths, out_dir, client=None, options=None, formats="tmx,tsv,jsonl,moses",
                 min_confidence=0.5, cache_bytes=1 << 30, checks="all", report=True,
                 progress=None) -> polyalign.CorpusResult:
    """Aligns the corpus of `paths` (one path or a list of files and
    directories) on the workers of `client` and writes the results under
    `out_dir`, as ``polyalign corpus PATHS -o OUT_DIR --formats FORMATS
    --min-confidence MIN_CONFIDENCE --checks CHECKS`` (``--no-report`` for
    report=False) does: the same job (polyalign.run_corpus_job), the same
    files, findings.jsonl and the review page report.html included.
    Returns the CorpusResult.

    >>> import tempfile, distributed
    >>> with tempfile.TemporaryDirectory() as out, distributed.Client(
    ...         n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
    ...     result = align_corpus(["corpora/vietnam-news"], out, client=client)
    ...     sorted(os.listdir(out)), len(result.bundles)
    (['bundle-0001', 'bundles.json', 'corpus.tmx', 'corpus.tsv', 'findings.jsonl', 'moses', 'report.html'], 1)

    client: a distributed.Client (None: the current default client).
    options: polyalign.CorpusOptions (None: defaults); its `threads` is not
    used for the alignment (each worker runs one task per thread), only for
    the checks, which run here. out_dir is never read as input.
    cache_bytes: prepared documents kept per worker process.

    progress: None, True (a tqdm bar per stage) or callable(stage,
    fraction), as polyalign.align_corpus's; Ctrl-C (KeyboardInterrupt)
    stops the run here (the workers finish the tasks they hold).

    Errors raised on a worker arrive here as the same exception (ValueError,
    OSError, with the engine's message)."""
    import distributed  # imported here: polyalign itself does not need Dask

    if client is None:
        try:
            client = distributed.get_client()
        except ValueError:
            raise ValueError("polyalign.dask.align_corpus: no Dask client: pass client=... "
                             "(e.g. distributed.Client('tcp://scheduler:8786'))") from None
    options = polyalign.CorpusOptions() if options is None else options
    # As `polyalign corpus`: the output directory first, before the options.
    out_dir = polyalign.corpus_output_dir(os.fsdecode(out_dir))
    job = polyalign.CorpusJobOptions()
    job.write.formats = polyalign.parse_corpus_formats(formats)
    job.write.min_confidence = min_confidence
    job.checks = polyalign.parse_checks(checks)
    job.report = report
    # The workers write each bundle's alignment.jsonl where they align it.
    job.runners_write_bundle_files = polyalign.CorpusFormat.kJsonl in job.write.formats

    run_options = polyalign._copy(options)  # the caller's options are left alone

    run_id = uuid.uuid4().hex
    [options_future] = client.scatter([run_options], broadcast=True, hash=False)
    bundle_dir = os.path.abspath(out_dir) if job.runners_write_bundle_files else ""

    placed = {}  # phase name -> the worker that ran each of its tasks
    phases = []

    def executor(phase):
        shared = phase.shared
        if shared:
            [shared] = client.scatter([shared], broadcast=True, hash=False)
        tasks = phase.tasks
        # Keys unique to this phase of this run ("learn" and "recheck" come
        # twice): Dask would hand back an earlier result under the same key.
        phases.append(phase.name)
        keys = [f"polyalign-{phase.name}-{run_id}-{len(phases)}-{i}" for i in range(len(tasks))]
        run = dict(run_id=run_id, options=options_future, bundle_dir=bundle_dir,
                   cache_bytes=cache_bytes, shared=shared)
        where = placed.get(phase.follows) if phase.follows else None
        if where is not None and len(where) == len(tasks):
            # Task i where task i of the phase it follows ran: that worker
            # kept the pairs' evidence. A preference only (allow_other_workers):
            # the scheduler may still balance the load.
            futures = [client.submit(_run_task, task, key=key, pure=False, **run,
                                     **({"workers": [w], "allow_other_workers": True} if w else {}))
                       for task, key, w in zip(tasks, keys, where)]
        else:
            futures = client.map(_run_task, tasks, key=keys, pure=False, **run)
        results = client.gather(futures)
        who = client.who_has(futures)
        placed[phase.name] = [next(iter(who.get(f.key) or ()), None) for f in futures]
        return results

    try:
        # The decisions between phases, the checks and the other files here.
        return polyalign.align_corpus(paths, run_options, executor, out_dir=out_dir, job=job,
                                      progress=progress)
    finally:
        try:
            client.run(_forget_run, run_id)
        except Exception:  # noqa: BLE001  workers gone: nothing left to free, and the
            pass           # error that ended the run (if any) is the one to report


# ------------------------------------------------------------ on the workers

_MAX_RUNS = 4  # runners kept per worker process (one per run; a run's runner
               # is dropped when it ends, these are left over from failed ones)
_runners: dict[str, polyalign.CorpusTaskRunner] = {}
_lock = threading.Lock()


def _run_task(task, *, run_id, options, bundle_dir, cache_bytes, shared):
    with _lock:
        runner = _runners.get(run_id)
        if runner is None:
            while len(_runners) >= _MAX_RUNS:
                _runners.pop(next(iter(_runners)))
            runner = _runners[run_id] = polyalign.CorpusTaskRunner(options, bundle_dir,
                                                                   cache_bytes)
    return runner.run(shared or b"", task)


def _forget_run(run_id):
    with _lock:
        _runners.pop(run_id, None)
