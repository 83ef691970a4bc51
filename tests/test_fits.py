import pytest

from components.core.fits import fit_line


def test_exact_line_is_recovered():
    fit = fit_line([10, 20, 40], [33_130, 33_260, 33_520])
    assert fit.intercept == pytest.approx(33_000)
    assert fit.slope == pytest.approx(13)
    assert fit.r2 == pytest.approx(1.0)
    assert fit.predict(100) == pytest.approx(34_300)


def test_fit_needs_two_distinct_x():
    with pytest.raises(ValueError, match="distinct"):
        fit_line([5, 5], [1, 2])
