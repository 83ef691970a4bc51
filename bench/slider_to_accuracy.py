"""What a user waits for: a slider moved in a real browser until its accuracy is on the page.

    python -m bench.slider_to_accuracy [--moves 5] [--cached 3]

A fresh `streamlit run app.py` (bench/live_app.py) and Debian's Chromium. Seconds
(perf_counter) from `page.goto` for the first visitor on the cold server, then from one
ArrowRight on the first width slider (each a width new to this server) and from ArrowLeft
back to widths trained earlier in the run (cached), until (a) "Total params" shows the
widths' total, (b) "Test accuracy" shows a percentage and is no longer stale, (c) the page
is settled (script not running, nothing stale); the page checks on every animation frame.
Then, server stopped, the seed's model.fit (100 epochs) in a fresh default process and in
one set up like the app's workers, each the median of 3 after a warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from bench.baselines import baseline_in_subprocess
from bench.live_app import chromium, streamlit_server
from components.core.params import summarize
from components.core.spec import ModelSpec

TIMEOUT_S = 180
COLD_TARGET_S, FIT_WHEN_SET_S = 6.0, 4.2  # the target, and the seed's fit the day it was set
MARKS = ("params", "accuracy", "settled")
# Runs in every document the page opens. On the first animation frame after the page's
# DOM changes (so: what could be painted; frames with no change cost nothing, as N pages
# polling every frame would take the CPU they measure) it checks the page, and stamps
# performance.now() on the first frame where (a) "Total params" differs from what it showed
# when armed (written by the new run), (b) that, and "Test accuracy" shows a percentage in
# an element container that is not stale: while a run is going Streamlit marks stale every
# element the run has not written yet, so this is the new run's accuracy, never the old
# one; (c) both, the script not running, nothing stale. A document starts armed (for the
# cold start); `arm()` before each key press, or `arm(total)` to count (a) only once
# "Total params" shows that total (several presses).
RECORDER = r"""(() => {
  const all = (selector) => document.querySelectorAll(selector);
  const metric = (label) => [...all('[data-testid="stMetric"]')].find(
    (m) => m.querySelector('[data-testid="stMetricLabel"]')?.textContent.trim() === label);
  const value = (m) => m?.querySelector('[data-testid="stMetricValue"]')?.textContent.trim();
  const bench = (window.__bench = { marks: {}, old: null, want: null });
  bench.now = () => {
    const accuracy = metric("Test accuracy");
    const box = accuracy?.closest('[data-testid="stElementContainer"]');
    return {
      script: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
      stale: all('[data-stale="true"]').length,
      skeletons: all('[data-testid="stSkeleton"]').length,
      total: value(metric("Total params")) ?? null,
      accuracy: box && box.dataset.stale !== "true" ? value(accuracy) ?? null : null,
    };
  };
  let pending = false;
  const frame = () => {
    pending = false;
    const [now, shown, marks] = [performance.now(), bench.now(), bench.marks];
    const params = shown.total !== null && shown.total !== bench.old
      && (bench.want === null || shown.total === bench.want);
    const accuracy = params && /^\d{1,3}\.\d%$/.test(shown.accuracy ?? "");
    if (params && marks.params === undefined) [marks.params, marks.total] = [now, shown.total];
    if (accuracy && marks.accuracy === undefined) marks.accuracy = now;
    if (accuracy && shown.script === "notRunning" && !shown.stale) marks.settled = now;
  };
  const changed = () => {
    if (!pending && bench.marks.settled === undefined) {
      pending = true;
      requestAnimationFrame(frame);
    }
  };
  new MutationObserver(changed).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  bench.quiet = () => {
    const shown = bench.now();
    return shown.script === "notRunning" && !shown.stale && !shown.skeletons;
  };
  bench.arm = (want) => {
    [bench.marks, bench.old, bench.want] = [{}, bench.now().total, want ?? null];
    changed();
  };
  changed();
})();"""


def page_clock(page) -> float:
    """perf_counter() minus the page's performance.now(), in s: the best of 5 round trips."""
    trips = []
    for _ in range(5):
        before = time.perf_counter()
        now = page.evaluate("performance.now()")
        after = time.perf_counter()
        trips.append((after - before, (before + after) / 2 - now / 1e3))
    return min(trips)[1]


def marks_since(page, started: float, total: int) -> dict:
    """Seconds from ``started`` (perf_counter) to each mark, None if it never came; (a) only
    counts if the total shown is the one the parameter formula gives for the new widths."""
    deadline = started + TIMEOUT_S
    while "settled" not in (marks := page.evaluate("window.__bench.marks")):
        if time.perf_counter() > deadline:
            break
        time.sleep(0.05)
    offset = page_clock(page)  # the page is settled now, so a round trip takes ~2 ms
    seconds = {m: offset + marks[m] / 1e3 - started if m in marks else None for m in MARKS}
    if marks.get("total") != str(total):
        seconds["params"], seconds["note"] = None, f"  TOTAL {marks.get('total')}, NOT {total}!"
    return seconds


def wait_quiet(page) -> None:
    """Settled, every lazy widget drawn, and still so half a second later."""
    while True:
        page.wait_for_function("() => window.__bench.quiet()", timeout=TIMEOUT_S * 1e3)
        time.sleep(0.5)
        if page.evaluate("window.__bench.quiet()"):
            return


def thumb(page, layer: int):
    """The thumb of the slider "Width of hidden layer N" (on the page, above the answer): a
    range input, so its position is the input's value (aria-valuetext, no aria-valuenow)."""
    label = page.get_by_test_id("stWidgetLabel").get_by_text(
        f"Width of hidden layer {layer}", exact=True
    )
    sliders = page.get_by_test_id("stSlider")
    return sliders.filter(has=label).get_by_role("slider")


def move(page, key: str) -> tuple[int, dict]:
    """Press ``key`` on the first width slider once; the new width and its marks."""
    wait_quiet(page)
    first = thumb(page, 1)
    before = int(first.input_value())
    first.focus()
    page.evaluate("window.__bench.arm()")
    started = time.perf_counter()
    page.keyboard.press(key)
    h1 = int(first.input_value())  # where the slider went, not where we think it went
    if h1 == before:
        raise SystemExit(f"{key} did not move the slider from {before}")
    h2 = int(thumb(page, 2).input_value())
    return h1, marks_since(page, started, summarize(ModelSpec(widths=(h1, h2))).total)


def fmt(seconds: float | None) -> str:
    return "timeout" if seconds is None else f"{seconds:6.2f} s"


def report(what: str, marks: dict) -> None:
    print(
        f"{what:22} (a) params {fmt(marks['params'])}  (b) accuracy {fmt(marks['accuracy'])}  "
        f"(c) settled {fmt(marks['settled'])}{marks.get('note', '')}"
    )


def medians(runs: list[dict[str, float | None]]) -> dict[str, float | None]:
    values = {mark: [run[mark] for run in runs if run[mark] is not None] for mark in MARKS}
    return {mark: statistics.median(got) if got else None for mark, got in values.items()}


def row(label: str, shown: str, target: str = "", met: bool | None = None) -> None:
    verdict = "" if met is None else "met" if met else "missed"
    print(f"  {label:38} {shown:>9}  {target:8} {verdict}")


def timed_row(label: str, seconds: float | None, at_most: float | None = None) -> None:
    met = None if at_most is None else seconds is not None and seconds <= at_most
    row(label, fmt(seconds), "" if at_most is None else f"<= {at_most} s", met)


def browse(page, url: str, moves: int, cached: int):
    """Cold start, then ``moves`` new widths and ``cached`` moves back; all marks, printed."""
    page.add_init_script(RECORDER)
    started = time.perf_counter()
    page.goto(url)
    cold = marks_since(page, started, summarize(ModelSpec()).total)
    report("cold start, goto /", cold)
    trained, runs = {ModelSpec().widths[0]}, {"new": [], "cached": []}
    for kind, key, count in (("new", "ArrowRight", moves), ("cached", "ArrowLeft", cached)):
        for i in range(min(count, moves)):
            h1, marks = move(page, key)
            if (h1 in trained) != (kind == "cached"):
                marks["note"] = marks.get("note", "") + f"  NOT A {kind.upper()} WIDTH!"
            report(f"{kind} move {i + 1}: h1={h1}", marks)
            trained.add(h1)
            runs[kind].append(marks)
    return cold, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=5, help="moves to new widths")
    parser.add_argument("--cached", type=int, default=3, help="moves back (at most --moves)")
    args = parser.parse_args()

    started = time.perf_counter()
    with streamlit_server() as server:
        print(f"server healthy after {time.perf_counter() - started:.2f} s ({server.url})")
        with sync_playwright() as playwright:
            browser = chromium(playwright)
            cold, runs = browse(browser.new_page(), server.url, args.moves, args.cached)
            browser.close()
    fits = {mode: baseline_in_subprocess(mode) for mode in ("default", "worker")}

    new, cached = medians(runs["new"]), medians(runs["cached"])
    print(f"\nsummary: medians of {len(runs['new'])} new and {len(runs['cached'])} cached widths")
    timed_row("new width (a) total params", new["params"])
    timed_row("new width (b) test accuracy", new["accuracy"], at_most=0.5)
    timed_row("new width (c) page settled", new["settled"], at_most=1.0)
    timed_row("cached width (a) total params", cached["params"])
    timed_row("cached width (b) test accuracy", cached["accuracy"], at_most=0.3)
    timed_row("cached width (c) page settled", cached["settled"])
    timed_row("cold start: test accuracy", cold["accuracy"], at_most=COLD_TARGET_S)
    timed_row("cold start: page settled", cold["settled"])
    for mode, fit in fits.items():
        timed_row(f"seed's model.fit, {mode} process", fit)
    for mode, fit in fits.items():
        ratio = fit / new["accuracy"] if fit and new["accuracy"] else None
        shown = "n/a" if ratio is None else f"{ratio:.1f}x"
        row(f"speed-up: fit ({mode}) / new width (b)", shown, ">= 8x", (ratio or 0) >= 8)
    # The 6 s cold-start target was set when the seed's fit took 4.2 s here: the same
    # target as a share of this run's fit, for a machine faster or slower that day.
    fit = fits["default"]
    share = cold["accuracy"] / fit if fit and cold["accuracy"] else None
    shown = "n/a" if share is None else f"{share:.2f}x"
    at_most = COLD_TARGET_S / FIT_WHEN_SET_S
    row("cold start (b) / fit (default)", shown, f"<= {at_most:.2f}x", (share or 99) <= at_most)


if __name__ == "__main__":
    main()
