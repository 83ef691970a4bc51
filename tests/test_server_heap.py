"""The server's imported modules are set aside from Streamlit's collection after each run,
and each run's own garbage is still collected."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AFTER_IMPORTS = """
    import gc
    import plotly.graph_objects, streamlit  # what a page run imports, in part
    from components.ui.server_heap import freeze_long_lived_heap

    before = gc.get_freeze_count()
    freeze_long_lived_heap()
    frozen = gc.get_freeze_count()
    tracked = sum(gc.get_count())

    class Node:
        pass

    a, b = Node(), Node()  # a run's garbage: a cycle only the collector frees
    a.other, b.other = b, a
    del a, b
    freed = gc.collect()
    freeze_long_lived_heap()  # nothing new imported: nothing more frozen
    again = gc.get_freeze_count()
    import colorsys  # a module the first freeze did not see
    freeze_long_lived_heap()
    print(before, frozen, freed, again, gc.get_freeze_count())
"""


def test_imports_are_frozen_and_a_runs_garbage_still_collected():
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(AFTER_IMPORTS)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    before, frozen, freed, again, after_import = map(int, done.stdout.split())
    assert before == 0
    assert frozen > 50_000  # plotly and Streamlit's objects: what a full collection walked
    assert freed >= 2  # the cycle made after the freeze
    assert again == frozen
    assert after_import > frozen


# The server's pattern with results from workers: a 16 MB model file arrives pickled and
# is kept in a cache of two, each in a script run's thread among many small objects.
RESULTS_ARRIVING = """
    import collections, os, pickle, sys, threading
    from components.engine.host import heap_bytes
    from components.ui.server_heap import big_buffers_back_to_the_system

    if sys.argv[1] == "tuned":
        big_buffers_back_to_the_system()
    MB = 1024 * 1024
    kept = collections.OrderedDict()

    def run(i):
        result = pickle.loads(pickle.dumps({"file": os.urandom(16 * MB), "rows": [0.5] * 20000}))
        page = [bytearray(3000) for _ in range(2000)]
        kept[i] = result
        while len(kept) > 2:
            kept.popitem(last=False)

    before = heap_bytes(os.getpid())
    for i in range(12):
        thread = threading.Thread(target=run, args=(i,))
        thread.start()
        thread.join()
    print((heap_bytes(os.getpid()) - before) / MB)
"""


def heap_growth(mode: str) -> float:
    code = textwrap.dedent(RESULTS_ARRIVING)
    done = subprocess.run(
        [sys.executable, "-c", code, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def test_big_results_freed_leave_the_servers_heap():
    tuned = heap_growth("tuned")
    assert tuned < 2 * 16 + 12  # the two files kept, and little else
    assert heap_growth("default") > tuned + 20  # what the tuning is for, on this libc
