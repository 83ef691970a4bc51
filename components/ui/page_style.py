"""Page-wide CSS: a page that waits keeps still.

While a script runs, Streamlit swaps its "running" icon every 200 ms and shimmers every
placeholder skeleton without end. Painted in software, as a shared host or a classroom's
laptops paint it, that costs each waiting page ~0.07 CPU-seconds per second: with 8 pages
on one machine, a large share of what the answers waited for (`python -m bench.classroom`).
The header's Stop button still shows that the page runs, and the page's own
progress bars and queue notes say what it waits for.
"""

from __future__ import annotations

import streamlit as st

STILL_WHILE_RUNNING = """<style>
[data-testid="stStatusWidgetRunningIcon"] { display: none; }
[data-testid="stSkeleton"] { animation: none; }
</style>"""


def keep_waiting_pages_still() -> None:
    st.html(STILL_WHILE_RUNNING)  # style only: Streamlit gives it no space on the page


def scroll_sideways(key: str, min_width_px: int) -> None:
    """The container ``key``'s elements keep at least ``min_width_px`` and the container
    scrolls sideways on a narrower screen (a phone), rather than shrinking them to nothing."""
    st.html(
        f"<style>.st-key-{key} {{ overflow-x: auto; }}\n"
        f".st-key-{key} > div {{ min-width: {int(min_width_px)}px; }}</style>"
    )
