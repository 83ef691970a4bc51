"""The server's long-lived objects, kept out of the collection Streamlit forces after a run.

Streamlit calls ``gc.collect()`` after every script run (``runner.postScriptGC``). A full
collection walks every object the process tracks, most of them the modules imported once
(Streamlit, plotly, NumPy, scikit-learn...): ~90 ms of the server's CPU per run on an idle
core, more in a busy class, holding the lock every session's run needs. ``gc.freeze()``
sets the objects alive now aside for good; the collection after each run then walks only
what came later, and still frees each run's garbage.
"""

from __future__ import annotations

import gc
import sys

_modules_when_frozen = 0


def freeze_long_lived_heap() -> None:
    """After a run: if modules were imported since the last freeze, collect, then freeze.

    Rare (the first run, a tab's first panel): each costs one full collection. A session
    alive at that moment that later ends leaves any cycles of its own uncollected.
    """
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:
        return
    gc.collect()
    gc.freeze()
    _modules_when_frozen = len(sys.modules)
