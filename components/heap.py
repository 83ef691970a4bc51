"""A process's long-lived objects, kept out of the full collections it makes often.

The server: Python's own full collections (Streamlit's after every script run,
``runner.postScriptGC``, is off in .streamlit/config.toml). A worker: it collects after
every job, to free the job's Keras model. A full collection walks every object the process
tracks, most of them the modules imported once (Streamlit, plotly, NumPy; TensorFlow and
Keras): ~90 ms of the server's CPU each, ~17 ms of a worker's per job for the modules its
first save imported.
``gc.freeze()`` sets the objects alive now aside for good; later collections walk only
what came after, and still free each run's or job's garbage.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys

BIG_BUFFER_BYTES = 1024 * 1024
_modules_when_frozen = 0


def freeze_long_lived_heap() -> None:
    """After a run or job: if modules were imported since the last freeze, collect, then
    freeze.

    Rare (the first run, a tab's first panel, a worker's first save): each costs one full
    collection. A session alive at that moment that later ends leaves any cycles of its own
    uncollected.
    """
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:
        return
    gc.collect()
    gc.freeze()
    _modules_when_frozen = len(sys.modules)


def big_buffers_back_to_the_system() -> None:
    """Buffers of 1 MB and more (a trained model's file arriving from a worker, its pickle)
    are mapped on their own and unmapped when freed: glibc's ``mallopt(M_MMAP_THRESHOLD)``.

    By default glibc raises that threshold to the largest buffer freed so far, so after the
    first 16 MB file every later one lands in the heaps the server's many threads share,
    where freed space is kept: measured with bench/memory_sessions.py, eight sessions on
    their own 6 x 512s held the server at ~290 MB (USS) instead of ~220 MB. Once per process.
    """
    m_mmap_threshold = -3
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(m_mmap_threshold, BIG_BUFFER_BYTES)
