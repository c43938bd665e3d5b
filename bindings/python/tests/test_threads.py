"""The GIL is released while the engine works: alignments in parallel
threads give the sequential results, other Python threads run meanwhile, and
two alignments are inside the engine at the same time. Nothing here asserts
a duration."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import polyalign


def long_pair(n, shift=0):
    """Two long texts (n sentences each) that translate one another."""
    de = " ".join(f"Im Jahr {1900 + (i + shift) % 120} zählte Ort {i + shift} genau "
                  f"{(i + shift) * 37 % 9973} Einwohner." for i in range(n))
    en = " ".join(f"In {1900 + (i + shift) % 120}, place {i + shift} had exactly "
                  f"{(i + shift) * 37 % 9973} inhabitants." for i in range(n))
    return de, en


def options(progress=None):
    o = polyalign.PipelineOptions()
    o.threads = 1  # one engine thread per call: the parallelism is the callers'
    o.progress = progress
    return o


def test_parallel_threads_give_the_sequential_results(vietnam_news):
    docs = [polyalign.read_document(p) for p in sorted(vietnam_news.glob("*.txt"))]
    pairs = [(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]]
    pairs += [long_pair(300, shift) for shift in range(4)]

    def run(pair):
        r = polyalign.align(pair[0], pair[1], options=options())
        return polyalign.format_pair_alignment(r, "jsonl")

    sequential = [run(p) for p in pairs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(run, pairs))
    assert parallel == sequential


def test_other_python_threads_run_during_an_alignment():
    de, en = long_pair(3000)
    span = {}

    def work():
        span["start"] = time.monotonic()
        polyalign.align(de, en, lang_a="de", lang_b="en", options=options())
        span["end"] = time.monotonic()

    ticks = []
    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        ticks.append(time.monotonic())
        time.sleep(0.001)
    t.join()
    # Had the call kept the GIL, this thread could not have run between its
    # start and end at all.
    inside = [x for x in ticks if span["start"] < x < span["end"]]
    assert len(inside) >= 10


def test_alignments_in_threads_overlap():
    pairs = [long_pair(3000, shift) for shift in (0, 7, 13)]
    inside = set()  # threads inside align() now
    lock = threading.Lock()
    samples = []

    def work(k):
        with lock:
            inside.add(k)
        polyalign.align(pairs[k][0], pairs[k][1], lang_a="de", lang_b="en", options=options())
        with lock:
            inside.discard(k)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(pairs))]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        with lock:
            samples.append(len(inside))
        time.sleep(0.001)
    for t in threads:
        t.join()
    # This thread samples how many calls are under way. Had a call kept the
    # GIL, nothing could sample while it ran: only at the few moments between
    # one call's end and the next one's start.
    assert sum(1 for n in samples if n >= 2) >= 10, samples
