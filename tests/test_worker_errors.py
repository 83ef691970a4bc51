"""A worker's error reaches the page in whole sentences: no traceback, no half a sentence.

TensorFlow's messages span lines (a header, where it happened, the message wrapped);
the page used to show only the first line ("... This frequently", or "Graph execution
error:" alone).
"""

from __future__ import annotations

import re

import pytest

from components.core.error_text import MAX_CHARS, readable_error
from components.engine.engine import Engine, EngineError
from components.engine.flights import JobKind
from tests import stand_in_jobs

# As TensorFlow 2.21 and Keras 3 print them (str() of the exception), verbatim.
KERAS_CALL = (
    "Exception encountered when calling Sequential.call().\n\n\x1b[1mInput 0 with name 'None' "
    "of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have "
    "value 4, but received input with shape (2, 3)\x1b[0m\n\nArguments received by "
    "Sequential.call():\n  • inputs=tf.Tensor(shape=(2, 3), dtype=float32)\n  • training=None"
)
GATHER = (
    "Graph execution error:\n\nDetected at node GatherV2 defined at (most recent call last):\n"
    '  File "/srv/jobs.py", line 7, in <module>\n\n  File "/srv/jobs.py", line 5, in g\n\n'
    "indices[0] = 7 is not in [0, 3)\n\t [[{{node GatherV2}}]] [Op:__inference_g_11]"
)


def assert_readable(message: str) -> None:
    assert 'File "' not in message and "Traceback" not in message and "\n" not in message
    assert "{{node" not in message and "\x1b" not in message
    assert len(message) <= MAX_CHARS + len("This training failed in the worker: ")


def test_keras_call_error_keeps_its_reason_not_its_header():
    message = readable_error("ValueError", KERAS_CALL)
    assert message == (
        "ValueError: Input 0 with name 'None' of layer 'dense' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 4, but received input with shape (2, 3)"
    )


def test_graph_execution_error_keeps_the_ops_message():
    assert readable_error("InvalidArgumentError", GATHER) == (
        "InvalidArgumentError: indices[0] = 7 is not in [0, 3)"
    )


def test_a_long_message_keeps_whole_sentences_within_the_bound():
    sentence = "The model has far too many parameters for this host's memory to hold. "
    message = readable_error("ResourceExhaustedError", sentence * 20)
    assert message.endswith("hold.") and len(message) <= MAX_CHARS
    one_long_word_run = readable_error("RuntimeError", "word " * 200)
    assert one_long_word_run.endswith("word…") and len(one_long_word_run) <= MAX_CHARS


def run_failing(engine: Engine, kind: str) -> str:
    with pytest.raises(EngineError) as raised:
        engine.run(
            JobKind.TRAIN, kind, stand_in_jobs.tensorflow_error, (kind,), None, lambda *_: None
        )
    return str(raised.value)


@pytest.mark.slow  # the jobs import TensorFlow in a real worker
def test_a_real_tensorflow_error_in_a_worker_reaches_the_page_in_whole_words():
    engine = Engine(workers=1, time_limit_s=120, initializer=stand_in_jobs.no_setup)
    try:
        wrapped = run_failing(engine, "graph")
        autograph = run_failing(engine, "autograph")
    finally:
        engine.shutdown()
    for message in (wrapped, autograph):
        assert_readable(message)
    expected = re.sub(r"\s+", " ", stand_in_jobs.WRAPPED_NAN)
    assert wrapped == (
        f"This training failed in the worker: InvalidArgumentError: {expected} : "
        "Tensor had NaN values"
    )
    assert autograph == (
        "This training failed in the worker: ValueError: Dimensions must be equal, but are 3 "
        "and 4 for node MatMul with input shapes: [2,3], [4,5]."
    )
