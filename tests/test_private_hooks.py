"""Every private-API hook (components/private_hooks/) holds on the pinned versions.

Each hook's guard turns it off quietly when upstream changes the private thing, so the
app keeps running; these tests are where that change gets loud: each asserts its hook is
active and, where cheap, that it still has its effect.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path

import pytest

from components import private_hooks
from components.private_hooks import (
    EAGER_OPS_DIRECT,
    KERAS_SKIPSET_CACHE,
    KERAS_WITHOUT_SKLEARN,
    KERNEL_CACHE_KEPT,
    SINGLE_THREADED_PROGRAMS,
    SKIPSET_KINDS,
    SKIPSET_READ_KEY,
    SPAWN_WITHOUT_PAGE,
    TFLITE_SCHEMA,
    UNTRACKED_BUILDS,
)
from components.private_hooks import status as hook_status_module

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}

# A page as Streamlit runs it: top-level code, no ``if __name__`` guard, noting every run.
PAGE = """
import os, sys
from multiprocessing.context import SpawnContext
from components.private_hooks import spawn_context

with open(sys.argv[1], "a") as runs:
    runs.write(__name__ + "\\n")
if __name__ == "__main__":
    if sys.argv[2] == "raced":  # Streamlit sets __main__ back to the page as a run starts
        from multiprocessing import resource_tracker

        page, getfd = sys.modules["__main__"], resource_tracker.getfd

        def a_run_starts_mid_launch():
            sys.modules["__main__"] = page
            return getfd()

        resource_tracker.getfd = a_run_starts_mid_launch
    context = SpawnContext() if sys.argv[2] == "plain" else spawn_context()
    worker = context.Process(target=os.getpid)
    worker.start()
    worker.join()
    sys.exit(worker.exitcode)
"""


def run_fresh_python(code: str, timeout: float) -> subprocess.CompletedProcess:
    """``code`` in a new interpreter (nothing this test session imported), its output."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def page_runs(tmp_path: Path, how: str) -> list[str]:
    page, runs = tmp_path / f"page_{how}.py", tmp_path / f"runs_{how}.txt"
    page.write_text(PAGE)
    subprocess.run(
        [sys.executable, str(page), str(runs), how], env=ENV, check=True, timeout=60, cwd=tmp_path
    )
    return runs.read_text().split()


def test_spawn_hook_is_active_and_stays_active_once_in_use():
    assert private_hooks.spawn_without_page_status().active
    private_hooks.spawn_context()  # wraps spawn.get_preparation_data
    assert private_hooks.spawn_without_page_status().active


def test_a_spawned_worker_does_not_rerun_the_page(tmp_path):
    # Plain spawn re-runs the page in the child (as __mp_main__): the check can see a re-run.
    assert page_runs(tmp_path, "plain") == ["__main__", "__mp_main__"]
    assert page_runs(tmp_path, "hooked") == ["__main__"]


def test_a_run_starting_during_a_workers_launch_does_not_make_it_rerun_the_page(tmp_path):
    """Streamlit sets ``sys.modules["__main__"]`` back to the page at every run's start; one
    starting while a worker is launched must not hand the page to the worker."""
    assert page_runs(tmp_path, "raced") == ["__main__"]


def test_spawn_hook_guard_falls_back_to_plain_spawn(monkeypatch, caplog):
    monkeypatch.setattr(hook_status_module, "_warned", set())
    monkeypatch.setattr(SpawnProcess, "_Popen", lambda process_obj: None)  # not a staticmethod
    status = private_hooks.spawn_without_page_status()
    assert not status.active and "_Popen" in status.reason
    with caplog.at_level(logging.WARNING, logger="components.private_hooks"):
        context = private_hooks.spawn_context()
    assert type(context) is SpawnContext
    assert SPAWN_WITHOUT_PAGE in caplog.text


# A worker's start, in a fresh process (this test session imported scikit-learn long ago):
# each hook's status, and whether Keras brought scikit-learn or SciPy's statistics along.
WORKER_START = """
import json, logging, sys
logging.basicConfig(level=logging.INFO)
from components import private_hooks
from components.worker import jobs

jobs.configure_tensorflow()
private_hooks.log_status()
loaded = [name for name in ("sklearn", "scipy.stats") if name in sys.modules]
print(json.dumps({"statuses": [[s.name, str(s), s.active] for s in private_hooks.statuses()],
                  "loaded": loaded}))
"""


@pytest.mark.slow
def test_every_hook_is_active_in_a_starting_worker_on_the_pinned_versions():
    done = run_fresh_python(WORKER_START, timeout=120)
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    statuses = shown["statuses"]
    assert [shown for _, shown, active in statuses if not active] == []
    assert [name for name, _, _ in statuses] == [
        SPAWN_WITHOUT_PAGE,
        EAGER_OPS_DIRECT,
        KERAS_SKIPSET_CACHE,
        TFLITE_SCHEMA,
        KERAS_WITHOUT_SKLEARN,
        SINGLE_THREADED_PROGRAMS,
        KERNEL_CACHE_KEPT,
        UNTRACKED_BUILDS,
    ]
    lines = [line for line in done.stderr.splitlines() if "private hooks active:" in line]
    assert len(lines) == 1 and lines[0].startswith("INFO:") and lines[0].endswith("inactive: none")
    assert shown["loaded"] == []  # TensorFlow and Keras loaded without them


@pytest.mark.slow
def test_the_sklearn_guard_says_why_when_sklearn_came_first():
    """A process that imported scikit-learn first (a test session, a benchmark) still gets
    TensorFlow, and the status says why the hook held nothing back."""
    script = (
        "import sklearn; from components import private_hooks as hooks; "
        "print(hooks.import_tensorflow().__name__, hooks.keras_without_sklearn_status())"
    )
    done = run_fresh_python(script, timeout=120)
    assert done.stdout.split() == [
        "tensorflow",
        *f"{KERAS_WITHOUT_SKLEARN} (scikit-learn was imported first)".split(),
    ]


def wrapped_as_function(op_type: str) -> bool:
    """Has TensorFlow instantiated a one-op function for ``op_type``?"""
    from tensorflow.python.eager import context

    names = context.context().list_function_names()
    return any(name.startswith(f"__wrapped__{op_type}_") for name in names)


@pytest.mark.slow
def test_eager_ops_switch_takes_effect():
    """No getter exists, so the setting reads back through its effect on a fresh op type."""
    import tensorflow as tf

    x = tf.constant([1.0, 2.0])
    try:
        assert private_hooks.run_eager_ops_as_functions(False)
        tf.math.igamma(x, x)
        assert not wrapped_as_function("Igamma")
        assert private_hooks.run_eager_ops_as_functions(True)
        tf.math.igammac(x, x)
        assert wrapped_as_function("Igammac")  # the probe sees wrapping where it happens
    finally:
        private_hooks.run_eager_ops_as_functions(True)  # TensorFlow's default


@pytest.mark.slow
def test_eager_ops_guard_reports_a_missing_setter(monkeypatch):
    from tensorflow.python import pywrap_tfe

    monkeypatch.setattr(hook_status_module, "_warned", set())
    monkeypatch.delattr(pywrap_tfe, "TFE_ContextSetRunEagerOpAsFunction")
    assert not private_hooks.eager_ops_direct_status().active
    assert private_hooks.run_eager_ops_as_functions(False) is False


@pytest.mark.slow
def test_keras_reads_the_skipsets_the_hook_caches():
    import keras
    from keras.src.backend.common import global_state
    from keras.src.saving import saving_lib

    keras.backend.clear_session()  # as between jobs: nothing cached
    fresh = {kind: saving_lib.get_attr_skipset(kind) for kind in SKIPSET_KINDS}
    keras.backend.clear_session()
    assert private_hooks.cache_keras_attr_skipsets()
    for kind in SKIPSET_KINDS:
        cached = global_state.get_global_attribute(SKIPSET_READ_KEY.format(kind))
        assert saving_lib.get_attr_skipset(kind) is cached  # what Keras reads
        assert cached == fresh[kind]  # is what Keras would compute
    keras.backend.clear_session()


def _lowered_loops(program) -> list[bool]:
    """For each While op of ``program``'s traced graph: lowered to Switch/Merge frames?"""
    graph = program.get_concrete_function().graph
    return [
        op.node_def.attr["_lower_using_switch_merge"].b
        for op in graph.get_operations()
        if op.type in ("While", "StatelessWhile")
    ]


@pytest.mark.slow
def test_a_program_on_the_single_threaded_executor_keeps_its_loops_whole():
    """Traced under the hook, a loop stays a functional While (that executor runs no
    Switch/Merge frames), and the program runs and answers as TensorFlow's default does."""
    import tensorflow as tf

    def count_up(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), (0, 0))[1]

    spec = [tf.TensorSpec([], tf.int32)]
    default = tf.function(count_up, input_signature=spec, autograph=False)
    assert int(default(tf.constant(10))) == 45
    assert _lowered_loops(default) == [True]
    program = tf.function(count_up, input_signature=spec, autograph=False)
    on_one_thread = private_hooks.on_single_threaded_executor(program)
    assert int(on_one_thread(tf.constant(10))) == 45
    assert _lowered_loops(program) == [False]


@pytest.mark.slow
def test_keras_seeds_and_resets_without_emptying_the_kernel_cache(monkeypatch):
    """Inside the hook Keras's seeding and session reset do what they always do, but
    TensorFlow's eager caches are not cleared; outside it they are."""
    import keras
    import numpy as np
    from tensorflow.python import pywrap_tfe

    clears = []
    clear = pywrap_tfe.TFE_ContextClearCaches
    monkeypatch.setattr(pywrap_tfe, "TFE_ContextClearCaches", lambda h: clears.append(clear(h)))

    def seeded_weights(seed: int) -> list:
        keras.utils.set_random_seed(seed)
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)]).get_weights()

    plain = seeded_weights(5)
    keras.backend.clear_session()
    assert len(clears) == 2
    with private_hooks.kernel_cache_kept():
        kept = seeded_weights(5)
        keras.backend.clear_session()
        assert keras.layers.Dense(1).name == "dense"  # Keras's name counters reset
    assert len(clears) == 2
    assert all(np.array_equal(a, b) for a, b in zip(plain, kept, strict=True))
    keras.backend.clear_session()
    assert len(clears) == 3  # TensorFlow's own clearing is back


@pytest.mark.slow
def test_a_model_built_untracked_by_tensorflow_saves_as_keras_as_a_tracked_one(tmp_path):
    """Built inside the hook, a model and its optimizer stay out of TensorFlow's object
    graph (a TensorFlow checkpoint finds none of their variables), while Keras's own
    tracking has them all: the .keras file is as long and reloads to the same outputs."""
    import keras
    import numpy as np
    import tensorflow as tf

    def built() -> keras.Model:  # named, so both files' names are as long
        keras.utils.set_random_seed(3)
        model = keras.Sequential(
            [
                keras.Input((4,), name="x"),
                keras.layers.Dense(5, name="hidden"),
                keras.layers.BatchNormalization(name="norm"),
                keras.layers.Dense(3, activation="softmax", name="out"),
            ],
            name="mlp",
        )
        optimizer = keras.optimizers.Adam(name="adam")
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
        model.optimizer.build(model.trainable_variables)
        return model

    def checkpointed(model: keras.Model, name: str) -> list[str]:
        path = tf.train.Checkpoint(model=model).write(str(tmp_path / name))
        return [n for n, _ in tf.train.list_variables(path) if "/.ATTRIBUTES/" in n]

    tracked = built()
    with private_hooks.untracked_by_tensorflow():
        untracked = built()
    assert private_hooks.untracked_builds_status().active
    assert len(checkpointed(tracked, "tracked")) >= len(tracked.weights) > 0
    assert checkpointed(untracked, "untracked") == []
    x = np.random.default_rng(0).random((6, 4), np.float32)
    for model, name in ((tracked, "tracked.keras"), (untracked, "untracked.keras")):
        model.save(tmp_path / name)
    size = (tmp_path / "tracked.keras").stat().st_size
    assert (tmp_path / "untracked.keras").stat().st_size == size
    reloaded = keras.saving.load_model(tmp_path / "untracked.keras")
    np.testing.assert_array_equal(reloaded.predict(x, verbose=0), untracked.predict(x, verbose=0))
    assert len(untracked.optimizer.variables) == len(tracked.optimizer.variables)


@pytest.mark.slow
def test_tflite_schema_reads_a_converted_model():
    import keras
    import numpy as np
    import tensorflow as tf

    from components.worker.measure_files import tflite_constants

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.set_weights([np.full((4, 3), 0.5, "float32"), np.full(3, 0.25, "float32")])
    flatbuffer = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    assert private_hooks.tflite_schema_status().active
    assert tflite_constants(flatbuffer) == (4 * 15, 15, "2 float32")


# One worker's life: start up as the engine starts it, then 30 trainings of other widths,
# in a fresh process so that nothing this test session loaded counts. Prints the log line
# and the resident set after start-up and after each training.
WORKER_LIFE = """
import json, logging, os
logging.basicConfig(level=logging.INFO)
from components.core.split import dataset_split
from components.core.spec import ModelSpec
from components.worker import jobs

class Channel:
    def put(self, message): pass
    def is_set(self): return False

def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

jobs.init_worker()
rss = [rss_mb()]
for i in range(30):  # widths 8..501 and 4..265, in a scrambled order
    spec = ModelSpec(widths=(8 + 17 * (i * 7 % 30), 4 + 9 * (i * 11 % 30)), epochs=50, seed=i)
    split = dataset_split(spec.dataset, spec.seed)  # the server's part, here
    jobs.run_training(spec, split, 600, progress=Channel(), cancel=Channel())
    rss.append(rss_mb())
print(json.dumps(rss))
"""


@pytest.mark.slow
def test_worker_memory_stays_bounded_over_30_trainings():
    done = run_fresh_python(WORKER_LIFE, timeout=300)
    assert "private hooks active:" in done.stderr and "inactive: none" in done.stderr
    rss = json.loads(done.stdout.strip().splitlines()[-1])
    # Measured (TF 2.21, Keras 3.15.1): +15..18 MB over all 30 trainings, as the heap grows
    # to hold the widest models, and +2..5 MB over the last 15. The leak the old
    # ``_all_reduce_sum_gradients`` hook stopped was ~20 MB per model: ~600 MB here.
    assert rss[-1] - rss[1] < 60, rss
    assert rss[-1] - rss[15] < 20, rss
