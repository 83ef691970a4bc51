"""A training priced before any worker is asked: refused at once if predicted past the
time limit, and run behind other visitors' light jobs if predicted heavy."""

from __future__ import annotations

from components.core import cost
from components.core.spec import ModelSpec
from components.engine.flights import EngineError


def price(spec: ModelSpec, time_limit_s: float) -> bool:
    """Whether training ``spec`` is heavy (over ``cost``'s threshold). Raises EngineError,
    with the prediction and single changes that bring it under, if it is predicted to
    pass ``time_limit_s``."""
    refused = cost.refusal(spec, time_limit_s)
    if refused is not None:
        raise EngineError(refused)
    return cost.is_heavy(spec)
