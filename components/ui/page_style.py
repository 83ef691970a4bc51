"""Page-wide CSS: a page that waits keeps still.

While a script runs, Streamlit swaps its "running" icon every 200 ms and shimmers every
placeholder skeleton without end. Painted in software, as a shared host or a classroom's
laptops paint it, that costs each waiting page ~0.07 CPU-seconds per second: with 8 pages
on one machine, a large share of what the answers waited for (`python -m bench.classroom`).
The header's Stop button still shows that the page runs, and the page's own
progress bars and queue notes say what it waits for. The CSS names the frontend's
internal test ids: components/ui/private_streamlit.py guards them.
"""

from __future__ import annotations

import streamlit as st

from components.ui.private_streamlit import still_while_running_css


def keep_waiting_pages_still() -> None:
    st.html(still_while_running_css())  # style only: Streamlit gives it no space on the page


def scroll_sideways(key: str, min_width_px: int) -> None:
    """The container ``key``'s elements keep at least ``min_width_px`` and the container
    scrolls sideways on a narrower screen (a phone), rather than shrinking them to nothing."""
    st.html(
        f"<style>.st-key-{key} {{ overflow-x: auto; }}\n"
        f".st-key-{key} > div {{ min-width: {int(min_width_px)}px; }}</style>"
    )
