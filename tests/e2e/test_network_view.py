"""The network view in Chromium: on a phone it scrolls sideways at its minimum width rather
than shrinking, hovering an edge reads out its place and weight (in Korean too), and the
heatmaps' exact float32 cells reach the browser's plotly. The panel on a page of its own
(network_view_page.py), on the fake engine's made-up weights."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components.charts.network_figures import min_width_px
from components.core.spec import ModelSpec
from components.ui.network_panel import NETWORK_VIEW
from tests.e2e.conftest import running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SPEC = ModelSpec(widths=(512, 64, 16), epochs=60, dataset="wine")  # the page's model
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def panel_server():
    with running_server(script="tests/e2e/network_view_page.py") as server:
        yield server


def open_view(browser, server, viewport: dict, query: str = "") -> Page:
    page = browser.new_context(viewport=viewport, base_url=server.url).new_page()
    page.set_default_timeout(60_000)
    page.goto(f"/{query}")
    page.locator(f".st-key-{NETWORK_VIEW} .js-plotly-plot .scatterlayer").wait_for()
    return page


def test_on_a_phone_the_network_scrolls_sideways_at_its_minimum_width(browser, panel_server):
    page = open_view(browser, panel_server, PHONE)
    view, plot_width, overflow = page.evaluate(
        """key => { const view = document.querySelector('.st-key-' + key);
        const plot = view.querySelector('.js-plotly-plot');
        return [view.clientWidth, plot.getBoundingClientRect().width,
                getComputedStyle(view).overflowX]; }""",
        NETWORK_VIEW,
    )
    assert view < PHONE["width"] and overflow == "auto"
    assert plot_width >= min_width_px(SPEC)  # not shrunk to the phone's width
    page.context.close()


def hover_an_edge(page: Page, k: int) -> list:
    """Moves the mouse onto edge ``k``'s hover point; its (layer, input, unit, weight)."""
    x, y, data = page.evaluate(
        """([key, k]) => { const gd = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
        const t = gd.data.find(t => t.customdata && t.customdata[0].length === 4);
        const size = gd._fullLayout._size, box = gd.getBoundingClientRect();
        return [box.left + size.l + gd._fullLayout.xaxis.l2p(t.x[k]),
                box.top + size.t + gd._fullLayout.yaxis.l2p(t.y[k]), t.customdata[k]]; }""",
        [NETWORK_VIEW, k],
    )
    page.mouse.move(x, y)
    return data


@pytest.mark.parametrize(
    ("query", "words"), [("", ("layer", "input", "unit")), ("?lang=ko", ("층", "입력", "노드"))]
)
def test_hovering_an_edge_reads_out_its_place_and_weight(browser, panel_server, query, words):
    page = open_view(browser, panel_server, DESKTOP, query)
    layer, i, j, value = hover_an_edge(page, 37)
    read_out = page.locator(f".st-key-{NETWORK_VIEW} .hoverlayer")
    expect(read_out).to_have_text(
        f"{words[0]} {layer}, {words[1]} {i} -> {words[2]} {j}: {value:.3f}"
    )
    page.context.close()


def test_the_heatmaps_draw_every_cell(browser, panel_server):
    page = browser.new_context(viewport=DESKTOP, base_url=panel_server.url).new_page()
    page.goto("/?part=cells&cells=true")  # the heatmaps' own switch, on
    page.locator(".js-plotly-plot .hm").first.wait_for(timeout=60_000)
    shapes = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd =>
            gd.calcdata.map(trace => [trace[0].z.length, trace[0].z[0].length]))"""
    )
    # each Dense's kernel and bias row, each BatchNorm's four rows: 43,459 cells
    assert shapes == [
        [[13, 512], [1, 512]],
        [[4, 512]],
        [[512, 64], [1, 64]],
        [[4, 64]],
        [[64, 16], [1, 16]],
        [[4, 16]],
        [[16, 3], [1, 3]],
    ]
    page.context.close()
