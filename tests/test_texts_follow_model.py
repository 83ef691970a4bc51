"""Every sentence follows the model: the page's texts are built from the current spec and
the numbers they describe (AppTest on the fake engine: the engine is not the subject)."""

from components.core.params import OPTIMIZER_SLOTS, bytes_per_trainable, dense_example
from components.core.size_law import parameter_counts
from components.core.spec import OPTIMIZERS
from tests.helpers import run_app


def page_text(at) -> str:
    return " ".join(e.value for e in (*at.markdown, *at.caption))


def test_the_worked_example_uses_the_first_width(fake_engine):
    at = run_app(h1="35")
    assert not at.exception
    text = page_text(at)
    assert "`(1 x 4) . (4 x 35) = (1 x 35)`" in text
    assert "`4 x 35` numbers" in text and "`+ 35`" in text
    assert "4 x 32" not in text and "+ 32`" not in text


def test_the_default_worked_example_is_unchanged(fake_engine):
    text = page_text(run_app())
    assert "`(1 x 4) . (4 x 32) = (1 x 32)`" in text and "`+ 32`" in text


def test_plain_sgd_claims_no_slots(fake_engine):
    assert OPTIMIZER_SLOTS["sgd"] == 0  # Keras's SGD at its default momentum 0.0
    at = run_app(opt="sgd")
    assert not at.exception
    text = page_text(at)
    assert "keeps its own float32 copies" not in text
    assert "sgd (no momentum) keeps no copy per trainable parameter" in text
    assert "Adam keeps two moments" not in text


def test_every_optimizer_sentence_comes_from_its_slot_count(fake_engine):
    for optimizer in OPTIMIZERS:
        slots = OPTIMIZER_SLOTS[optimizer]
        text = page_text(run_app(opt=optimizer))
        if slots:
            copies = "one float32 copy" if slots == 1 else f"{slots} float32 copies"
            assert f"{optimizer} keeps {copies} per trainable parameter" in text, optimizer
            assert f"{bytes_per_trainable(optimizer)} bytes with the weight itself" in text
        else:
            assert f"{optimizer} (no momentum) keeps no copy" in text


def test_the_seed_posts_law_says_it_counts_dense_parameters(fake_engine):
    at = run_app()
    figure = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "seed post's iris law: 33,000 + 13 x Dense params" in figure
    assert "seed post's iris files (Dense params)" in figure


def test_the_size_law_reports_its_miss_on_widths_left_out(fake_engine):
    text = page_text(run_app(tab="Bytes"))
    assert "on a width left out of the fit and predicted from the other 19" in text
    # The default prediction, width 1024, lies past the sweep's widest model (512).
    assert "Width 1024 lies outside the measured widths (1 to 512): this is an extrapolation" in (
        text
    )


def test_a_prediction_inside_the_sweep_says_so(fake_engine):
    at = run_app(tab="Bytes")
    at.number_input(key="law_width").set_value(100).run()
    assert not at.exception
    assert "Width 100 lies within the measured widths (1 to 512)." in page_text(at)


def test_one_hidden_layer_with_batchnorm_explains_the_tie(fake_engine):
    at = run_app(layers="1", bn="true", tab="Bytes")
    assert not at.exception
    text = page_text(at)
    t512, n512 = parameter_counts((512,), batchnorm=True)
    assert "trainable = 5 x non-trainable + 3" in text
    assert f"512: {t512:,} and {n512:,}" in text
    # Adam: 12 bytes per trained weight, 4 per moving statistic, five of one per one other.
    assert "(5 x 12 + 4) / 6 = 10.667 bytes" in text


def test_two_hidden_layers_with_batchnorm_have_no_tie_to_explain(fake_engine):
    text = page_text(run_app(bn="true", tab="Bytes"))
    assert "grow in lockstep" not in text


def test_dense_example_is_the_arithmetic_of_its_sizes():
    assert dense_example(16, 8) == (
        "`(1 x 16) . (16 x 8) = (1 x 8)`, so the kernel holds `16 x 8` numbers, and each of "
        "the 8 outputs adds its own bias: `+ 8`"
    )
