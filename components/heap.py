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

import gc
import sys

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
