"""Long jobs from Python: progress displays and Ctrl-C.

align(), align_documents(), align_corpus(), run_corpus_job() and
polyalign.dask.align_corpus() take `progress`:

    None       no display (the options' own progress callback, if set, is
               called as before)
    True       a tqdm bar per stage when tqdm is installed (tqdm.auto: a
               widget in notebooks), else one line on stderr
    callable   progress(stage, fraction): the stage's name ("read",
               "verify", "align"...) and the fraction of it done (0..1)

KeyboardInterrupt: the engine's progress reports, called on the calling
thread, are where a Ctrl-C stops it (bind.h, Callback): the binding runs
Python's signal handlers there and throws the KeyboardInterrupt through
the engine, which stops its threads and lets it through. So a call made
from the main thread always has a progress callback (a no-op when none is
asked for), and Ctrl-C stops it within one report (a few milliseconds of
work).
"""

from __future__ import annotations

import sys
import threading


def _interrupt_point(stage, fraction=None):
    """Nothing: being called is what lets Ctrl-C stop the engine."""


class _StderrLine:
    """stage: NN% on one line of stderr (tqdm not installed)."""

    def __init__(self):
        self.last = None

    def __call__(self, stage, fraction):
        shown = (stage, int(fraction * 100))
        if shown != self.last:
            self.last = shown
            sys.stderr.write(f"\r{stage}: {shown[1]:3d}%")
            sys.stderr.flush()

    def close(self):
        if self.last is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()


class _Bars:
    """A tqdm bar per stage (percent of the stage done)."""

    def __init__(self, tqdm):
        self.tqdm = tqdm
        self.bar = None
        self.stage = None

    def __call__(self, stage, fraction):
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = self.tqdm(total=100, desc=stage, unit="%", leave=False)
        n = int(round(100 * max(0.0, min(1.0, fraction))))
        if n != self.bar.n:
            self.bar.n = n
            self.bar.refresh()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def display(progress):
    """The callable(stage, fraction) for `progress` and a close() to call
    when the job ends (None, True or a callable: see the module)."""
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            shown = _StderrLine()
        else:
            shown = _Bars(tqdm)
        return shown, shown.close
    if progress is None or progress is False:
        return None, lambda: None
    if not callable(progress):
        raise TypeError(f"progress must be None, True or callable(stage, fraction), "
                        f"not {type(progress).__name__}")
    return progress, lambda: None


def with_progress(options, progress, field="progress"):
    """A copy of `options` whose `field` reports to `progress` (and to the
    options' own callback, if any) and lets Ctrl-C stop the work; and the
    close() of the display. `options` itself is left alone."""
    from . import _copy

    shown, close = display(progress)
    own = getattr(options, field)
    main = threading.current_thread() is threading.main_thread()
    if shown is None and (own is not None or not main):
        return options, close
    out = _copy(options)
    if shown is None:
        setattr(out, field, _interrupt_point)
    elif own is None:
        setattr(out, field, shown)
    else:
        def both(stage, fraction):
            own(stage, fraction)
            shown(stage, fraction)
        setattr(out, field, both)
    return out, close
