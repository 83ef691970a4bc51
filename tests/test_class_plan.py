"""What the server class benchmark (bench/server_class.py) asks of its students: a width of
each student's own, never the one the page was warmed with, in 1-4 key presses."""

from itertools import pairwise

from bench.server_class import plan
from components.core.params import summarize
from components.core.spec import MAX_WIDTH, MIN_WIDTH, ModelSpec


def test_each_student_moves_to_a_new_width_of_its_own_in_one_to_four_presses():
    spec = ModelSpec()
    plans = plan(128, spec)
    finals = [values[-1] for values, _ in plans]
    assert len(plans) == 128
    assert len(set(finals)) == 128
    assert spec.widths[0] not in finals
    assert all(MIN_WIDTH <= width <= MAX_WIDTH for width in finals)
    for values, total in plans:
        assert 1 <= len(values) <= 4
        assert spec.widths[0] not in values  # every press moves away from the warmed width
        assert [b - a for a, b in pairwise(values)] in (
            [1] * (len(values) - 1),
            [-1] * (len(values) - 1),
        )
        assert total == summarize(spec.with_widths((values[-1], *spec.widths[1:]))).total
    assert {len(values) for values, _ in plans} == {1, 2, 3, 4}
