"""How often a training in progress redraws the page: every redraw re-renders the whole page
in each visitor's browser, so the bar and the curves are redrawn on a clock, not per message.
AppTest on a fake engine that streams 1 epoch per 0.05 s of a fake clock."""

from __future__ import annotations

import types

import pytest

from components.ui import training_panel
from tests.fake_engine import FakeEngine, made_up_history
from tests.helpers import install_fake_engine, run_app

SECONDS_PER_EPOCH = 0.05


class StreamingEngine(FakeEngine):
    """Sends every epoch as its own progress message, the clock moving between them."""

    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self.clock = clock

    def train(
        self,
        spec,
        on_progress=None,
        on_wait=None,
        requester=None,
        heavy=False,
        on_idle=None,
        bell=None,
    ):
        history = made_up_history(spec)
        for done in range(1, spec.epochs + 1):
            self.clock[0] += SECONDS_PER_EPOCH
            rows = {key: values[:done] for key, values in history.items()}
            on_progress(done, rows)
        return super().train(spec, None, on_wait, requester, heavy)


@pytest.fixture
def redraws(monkeypatch):
    """Counts of bar and curves redraws during one page run of a 100-epoch training (5 s)."""
    clock = [1000.0]
    engine = install_fake_engine(monkeypatch)
    streaming = StreamingEngine(clock)
    monkeypatch.setattr(engine, "train", streaming.train)
    counts = {"bar": 0, "curves": 0}
    real_t, real_figure = training_panel.t, training_panel.training_figure

    def counting_t(key, **values):
        counts["bar"] += key == "training.epoch"
        return real_t(key, **values)

    def counting_figure(history, *args):
        counts["curves"] += len(history["loss"]) < 100  # the final curves are not a redraw
        return real_figure(history, *args)

    monkeypatch.setattr(training_panel, "t", counting_t)
    monkeypatch.setattr(training_panel, "training_figure", counting_figure)
    monkeypatch.setattr(training_panel, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    return counts


def test_a_training_redraws_on_a_clock_not_per_message(redraws):
    at = run_app(epochs="100")
    assert not at.exception
    training, every = 100 * SECONDS_PER_EPOCH, training_panel.REDRAW_EVERY_S
    # 99 messages before the last: a bar every 0.3 s (or the message after), not 99.
    assert training / (every + SECONDS_PER_EPOCH) - 1 <= redraws["bar"] <= training / every
    # Curves only from FIRST_CURVES_S (0.8 s) into the training, each with a bar.
    before_curves = redraws["bar"] - redraws["curves"]
    assert 1 <= before_curves <= training_panel.FIRST_CURVES_S / every
    assert "%" in next(m.value for m in at.metric if m.label == "Test accuracy")
