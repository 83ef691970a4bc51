"""The server's imported modules are set aside from Streamlit's collection after each run,
and each run's own garbage is still collected."""

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

AFTER_IMPORTS = """
    import gc
    import plotly.graph_objects, streamlit  # what a page run imports, in part
    from components.heap import freeze_long_lived_heap

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


AFTER_JOBS = """
    import gc
    from components.core.split import dataset_split
    from components.core.spec import ModelSpec
    from components.worker import jobs

    class Channel:
        def put(self, message):
            pass

        def is_set(self):
            return False

    jobs.init_worker()
    for width in (20, 21):  # the first saves import Keras's saving modules
        spec = ModelSpec(widths=(width, 16))
        split = dataset_split(spec.dataset, spec.seed)
        jobs.run_training(spec, split, 60, progress=Channel(), cancel=Channel())
    print(len(gc.get_objects()))
"""


@pytest.mark.slow  # TensorFlow in a worker-like process
def test_a_workers_collection_after_each_job_skips_what_its_jobs_imported():
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(AFTER_JOBS)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    tracked = int(done.stdout.split()[-1])
    assert tracked < 10_000  # without the freeze after the first save: ~55,000


def test_the_server_skips_streamlits_full_collection_after_every_run():
    """A full collection after each script run walks every live session's objects: a class's
    server paid for it at every run, more the larger the class (bench.server_class)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


# The server's pattern with results from workers: a 16 MB model file arrives pickled and
# is kept in a cache of two, each in a script run's thread among many small objects.
RESULTS_ARRIVING = """
    import collections, os, pickle, sys, threading
    from components.engine.host import heap_bytes
    from components.heap import big_buffers_back_to_the_system

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
    # The two files kept, and little else. (Without the tuning glibc's default usually keeps
    # ~60-95 MB here, but not always: its threshold moves with each freed buffer's size.)
    assert tuned < 2 * 16 + 12


def test_the_servers_numpy_runs_blas_on_the_calling_thread():
    from threadpoolctl import threadpool_info, threadpool_limits

    from components.ui.engine_resource import numpy_on_the_calling_thread

    with threadpool_limits(limits=None):  # restored after: the suite's own limits
        numpy_on_the_calling_thread()
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas)
