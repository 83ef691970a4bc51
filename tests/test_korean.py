"""The Korean page (``?lang=ko``): one catalog per language with the same keys, every string of
the page through it, and a hand-edited ``lang`` read like every other key (AppTest on the fake
engine: the engine is not the subject)."""

from __future__ import annotations

import json
import pickle
import re

import pytest

from components.core.datasets import DATASETS
from components.core.i18n import CATALOGS, LANGS, Note, placeholders, text
from components.core.link_keys import PAGE_KEY
from components.core.page_tabs import TABS
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.helpers import params_table, run_app, share_link

# Words the Korean page keeps as written: Keras's names, file formats and units, the seed's
# own English terms (feature, label), optimizer and dataset keys. A run of three or more other
# English words is a sentence left untranslated.
KEPT_IN_ENGLISH = re.compile(
    r"\b(Iris|MLP|Keras|TensorFlow|Dense|BatchNorm(alization)?|Dropout|SavedModel|TFLite|"
    r"HDF5|JSON|zip|float32|float16|bfloat16|int8|relu|softmax|MACs?|FLOPs?(/s)?|KB|KiB|"
    r"byte|loss|feature|label|gamma|beta|B-tree|URL|CPU|R²)\b"
)
CODE = re.compile(r"`[^`]*`|\$[^$]*\$")  # code spans and formulas are the same in both
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){2,}")


def english_runs(texts: list[str], names: set[str]) -> list[str]:
    """Every run of 3+ English words in ``texts`` once code, data names and kept terms are out."""
    found = []
    for value in texts:
        value = CODE.sub(" ", value)
        for name in sorted(names, key=len, reverse=True):  # the dataset's own column names
            value = value.replace(name, " ")
        value = KEPT_IN_ENGLISH.sub(" ", value)
        found += ENGLISH_RUN.findall(value)
    return found


def page_texts(at) -> list[str]:
    """Everything the page says in words: headings, text, notices, labels, help, tab names,
    table columns and the charts' titles, axes and legends."""
    headings = ("title", "header", "subheader", "markdown", "caption")
    texts = [e.value for kind in headings for e in at.get(kind)]
    texts += [e.value for kind in ("info", "warning", "error", "success") for e in at.get(kind)]
    widgets = (
        "metric",
        "slider",
        "toggle",
        "selectbox",
        "number_input",
        "button",
        "download_button",
        "file_uploader",
    )
    for kind in widgets:
        for element in at.get(kind):
            texts += [element.proto.label, getattr(element.proto, "help", "")]
    texts += [tab.label for tab in at.tabs]
    texts += [str(column) for frame in at.dataframe for column in frame.value.columns]
    for chart in at.get("plotly_chart"):
        texts += _chart_words(json.loads(chart.proto.spec))
    return [value for value in texts if value]


def _chart_words(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    words = [trace.get("name", "") for trace in spec.get("data", [])]
    words += [annotation.get("text", "") for annotation in layout.get("annotations", [])]
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis")) or key == "title":
            title = value.get("title", {}) if key != "title" else value
            words.append(title.get("text", "") if isinstance(title, dict) else str(title))
    return words


# The fake engine's stand-in for the worker's own note on a SavedModel (files.checkpoint).
FAKE_ENGINE_WORDS = {"made up by the fake engine"}


def data_names(key: str) -> set[str]:
    """The dataset's own column and class names, and the fake engine's words."""
    data = DATASETS[key]
    return {*data.feature_names, *data.class_names, *FAKE_ENGINE_WORDS}


# --- the catalogs -------------------------------------------------------------------------


def test_every_language_has_the_same_keys():
    english = set(CATALOGS["en"])
    for lang in LANGS:
        assert set(CATALOGS[lang]) == english, lang


def test_every_key_fills_the_same_placeholders_in_every_language():
    for key, template in CATALOGS["en"].items():
        for lang in LANGS:
            assert placeholders(CATALOGS[lang][key]) == placeholders(template), (lang, key)


def test_the_korean_catalog_leaves_no_english_sentence():
    assert english_runs(list(CATALOGS["ko"].values()), set()) == []


def test_the_check_finds_an_english_sentence():
    assert english_runs(["이 학습은 the model has trained 입니다"], set()) == [
        "the model has trained"
    ]
    assert english_runs(["`model.count_params()` 와 Keras Dense BatchNorm"], set()) == []


def test_a_note_is_its_english_text_and_says_itself_in_korean():
    note = Note("notice.outside", key="h1", value="999", low=1, high=512, used=512)
    assert note == "`h1=999` is outside 1..512; used 512."
    assert note.in_lang("ko") == "`h1=999`는 1..512 범위 밖이라서 512을(를) 썼습니다."
    nested = Note("notice.pin_prefixed", name=Note("pin.name", number=2), notice=note)
    assert nested.startswith("Pin 2: `h1=999`")
    assert nested.in_lang("ko").startswith("고정 2: `h1=999`는")
    assert pickle.loads(pickle.dumps(nested)).in_lang("ko") == nested.in_lang("ko")


@pytest.mark.parametrize(
    ("values", "lang", "notice"),
    [
        ([], "en", None),
        (["ko"], "ko", None),
        ([" KO "], "ko", None),
        (["fr"], "en", "`lang=fr` is not one of en, ko; used en."),
        (["en", "ko"], "ko", "`lang` appeared 2 times; used the last one."),
    ],
)
def test_a_links_language_is_read_in_any_case_and_an_unknown_one_is_english(values, lang, notice):
    assert PAGE_KEY["lang"].read(values) == (lang, [notice] if notice else [])


# --- the page -----------------------------------------------------------------------------


@pytest.mark.parametrize("tab", TABS)
def test_the_korean_page_leaves_no_english_sentence_in_any_tab(fake_engine, tab):
    at = run_app(lang="ko", tab=tab, files="true")
    assert not at.exception
    assert at.title[0].value == text("ko", "intro.title")
    shown = [t.label for t in at.tabs]
    assert text("ko", f"tab.{tab}") in shown and tab not in shown
    assert english_runs(page_texts(at), data_names("iris")) == []


def test_the_english_page_is_unchanged_by_default(fake_engine):
    at = run_app()
    assert at.title[0].value == "Iris MLP Param Lab"
    assert [tab.label for tab in at.tabs] == list(TABS)
    assert "lang" not in at.query_params


def test_a_korean_tab_keeps_its_english_name_in_the_link(fake_engine):
    at = run_app(lang="ko", tab="regions")
    assert at.query_params["tab"] == "Regions" and at.query_params["lang"] == "ko"
    assert any(h.value == text("ko", "regions.heading") for h in at.subheader)


def test_an_unknown_language_falls_back_to_english_with_a_notice(fake_engine):
    at = run_app(lang="fr")
    assert at.title[0].value == "Iris MLP Param Lab"
    assert "`lang=fr` is not one of en, ko; used en." in at.warning[0].value
    assert "lang" not in at.query_params  # the link now says what the page shows


def test_the_picker_switches_the_page_and_the_link(fake_engine):
    at = run_app()
    at.selectbox(key="lang").set_value("ko").run()
    assert at.title[0].value == text("ko", "intro.title")
    assert at.query_params["lang"] == "ko"
    at.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Iris MLP Param Lab" and "lang" not in at.query_params


def test_a_notice_about_the_tab_is_said_in_korean(fake_engine):
    at = run_app(lang="ko", tab="nope")
    assert at.warning[0].value.startswith(text("ko", "notice.heading"))
    assert "`tab=nope`는 Parameters, Network, Training," in at.warning[0].value  # URL values stay


def test_a_pins_notice_is_said_in_korean(fake_engine):
    at = run_app(lang="ko", tab="Compare", pins="h1.64~h1.64")
    assert [w.value for w in at.warning] == ["고정 2은(는) 앞의 고정과 같아서 뺐습니다."]


def test_a_hand_edited_dataset_falls_back_with_the_notice_in_korean(fake_engine):
    at = run_app(lang="ko", data="nope", h1="9999")
    notices = at.warning[0].value
    assert notices.startswith(text("ko", "notice.heading"))
    assert "`data=nope`는 iris, wine, breast_cancer, digits 중 하나가 아니라서 iris" in notices
    assert "`h1=9999`는 1..512 범위 밖이라서 512" in notices
    assert english_runs([notices], set()) == []


@pytest.mark.parametrize("lang", ["fr", "", "ko ko", "x" * 400])
def test_a_hand_edited_language_falls_back_with_the_same_notice(fake_engine, lang):
    at = run_app(lang=lang, data="wine")
    assert not at.exception
    assert at.title[0].value == "Iris MLP Param Lab"
    assert (
        "`lang=" in at.warning[0].value and "is not one of en, ko; used en." in at.warning[0].value
    )


def test_wine_in_korean_has_wines_numbers(fake_engine):
    at = run_app(lang="ko", data="wine")
    table = params_table(at, "ko")
    assert table[0][text("ko", "params.col.formula")] == "13 x 32 + 32 = 448"
    wine = summarize(ModelSpec(dataset="wine"))
    total = next(m.value for m in at.metric if m.label == text("ko", "metric.total_params"))
    assert total == str(wine.total)
    shown = [int(row[text("ko", "params.col.params")]) for row in table]
    assert shown == [row.total for row in wine.rows]


def test_the_share_link_keeps_the_language(fake_engine):
    at = run_app(lang="ko", h1="64")
    assert "lang=ko" in share_link(at) and "h1=64" in share_link(at)
    assert "lang=" not in share_link(run_app(h1="64"))


def test_an_engine_error_is_said_in_korean(fake_engine):
    at = run_app(lang="ko", layers="6", h1="512", h2="512", h3="512", epochs="500", batch="1")
    errors = [error.value for error in at.error]
    assert errors and errors[0].startswith("이 학습은 약 ")  # the engine's own refusal
    assert "제한 안에 들어오려면" in errors[0] and english_runs(errors, set()) == []


def test_every_engine_message_has_korean_words():
    messages = [Note("engine.lost", what=Note("engine.what.training")), Note("engine.superseded")]
    messages += [Note("engine.failed", noun=Note("engine.noun.measurement"), detail="x")]
    assert messages[0].startswith("The training worker stopped unexpectedly")
    for message in messages:
        assert english_runs([message.in_lang("ko")], set()) == []


def test_a_files_part_is_named_in_english_and_said_in_korean():
    from components.core.anatomy import ENTRY_NOTES, _name

    structure = _name("structure", "model.weights.h5: ")
    assert structure == "model.weights.h5: HDF5 structure"  # what the tables and tests match
    assert structure.in_lang("ko") == "model.weights.h5: HDF5 구조"
    assert ENTRY_NOTES["config.json"].in_lang("ko") == "모델 구조와 compile 설정"
