"""Compare runs: pin the current run (up to MAX_PINS), see the pinned runs side by side.

The pins live in the link (``?pins=``, components/core/pins.py), so a shared link opens the
comparison. Each pinned run's result comes from the engine, which answers at once for a spec
trained before (its caches) and trains it otherwise.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts.compare_figures import compare_figure
from components.core.link_keys import PAGE_KEY, written
from components.core.pins import MAX_PINS, comparison_row, encode_pins
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.engine.engine import EngineError, Requester
from components.engine.engine_like import EngineLike
from components.ui.lang import current_lang, error_text, t
from components.ui.link import link_values, write_link

_MESSAGE_KEY = "_pin_message"  # what the last pin click could not do, shown once


def _set_pins(specs: list[ModelSpec]) -> None:
    write_link({"pins": written("pins", tuple(specs))})


def _pin(spec: ModelSpec, pins: list[ModelSpec]) -> None:
    """Button callback: add ``spec`` to the link's pins, unless full or already there."""
    if spec in pins:
        st.session_state[_MESSAGE_KEY] = t("compare.already")
    elif len(pins) >= MAX_PINS:
        st.session_state[_MESSAGE_KEY] = t("compare.full", max=MAX_PINS)
    else:
        _set_pins([*pins, spec])


def _pinned_result(
    engine: EngineLike, spec: ModelSpec, number: int, me: Requester
) -> TrainResult | None:
    """A pinned run's result: at once if trained before, else trained now (no progress)."""
    try:
        with st.spinner(t("compare.training_pin", number=number)):
            return engine.train(spec, requester=me)
    except EngineError as error:
        st.error(t("compare.pin_error", number=number, error=error_text(error)))
        return None


def _read_pins() -> list[ModelSpec]:
    """The link's pins, the link rewritten to them as read; notes on what changed."""
    values = link_values("pins")
    specs, notices = PAGE_KEY["pins"].read(values)
    if values and encode_pins(specs) != values[-1]:
        _set_pins(specs)  # nothing binds to it: no rerun needed
    for notice in notices:
        st.warning(t(notice))
    return list(specs)


def show_compare(
    engine: EngineLike, spec: ModelSpec, result: TrainResult | None, me: Requester
) -> None:
    st.subheader(t("compare.heading"))
    with st.container(key="compare-panel"):
        pins = _read_pins()
        st.button(
            t("compare.pin_button", count=len(pins), max=MAX_PINS),
            key="pin-run",
            on_click=_pin,
            args=(spec, pins),
        )
        if message := st.session_state.pop(_MESSAGE_KEY, None):
            st.info(message)
        if not pins:
            st.caption(t("compare.empty"))
            return
        _show_pins(engine, spec, result, pins, me)


def _show_pins(
    engine: EngineLike,
    spec: ModelSpec,
    result: TrainResult | None,
    pins: list[ModelSpec],
    me: Requester,
) -> None:
    """The table of the current run and the pins, their curves, and the unpin buttons."""
    numbered = enumerate(pins, start=1)
    results = [_pinned_result(engine, pin, number, me) for number, pin in numbered]
    lang = current_lang()
    pin_names = (t("pin.name", number=number) for number in range(1, len(pins) + 1))
    labels = [t("compare.this_run"), *pin_names]
    runs = list(zip(labels, [spec, *pins], [result, *results], strict=True))
    rows = [comparison_row(label, run_spec, res, lang) for label, run_spec, res in runs]
    st.dataframe(pd.DataFrame(rows).set_index(t("compare.col.run")))
    curves = [(label, res.history) for label, _, res in runs if res is not None]
    st.plotly_chart(compare_figure(curves, lang=lang), key="compare-curves")
    cols = st.columns(len(pins) + 1)
    for number, col in enumerate(cols[:-1], start=1):
        rest = pins[: number - 1] + pins[number:]
        col.button(
            t("compare.unpin", number=number),
            key=f"unpin-{number}",
            on_click=_set_pins,
            args=(rest,),
        )
    cols[-1].button(t("compare.clear"), key="clear-pins", on_click=_set_pins, args=([],))
