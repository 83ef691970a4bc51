"""What the Streamlit server keeps per session: N browser sessions on a 6 x 512's Files tab.

    python -m bench.memory_sessions [--sessions 8]

Starts `streamlit run app.py`, opens a 6 x 512 on iris on its Files tab (which offers the
trained model's ~16 MB download) in N pages of Debian's Chromium, each page its own
session and all kept open, each student's model its own (trained for 1, 2, ... N epochs:
different files), and prints the server's USS after each. The slope is what one more
student on that tab costs the server.
"""

from __future__ import annotations

import argparse

import psutil
from playwright.sync_api import expect, sync_playwright

from bench.live_app import chromium, streamlit_server
from bench.memory_one_user import DONE

MB = 1024 * 1024
LINK = "?layers=6&h1=512&h2=512&h3=512&h4=512&h5=512&h6=512&tab=Files&epochs="


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()
    with streamlit_server(seconds=180) as server, sync_playwright() as playwright:
        process = psutil.Process(server.process.pid)
        browser = chromium(playwright)
        held = []
        for session in range(1, args.sessions + 1):
            page = browser.new_page()
            page.goto(f"{server.url}/{LINK}{session}")
            page.wait_for_selector(DONE, timeout=300_000)
            download = page.get_by_test_id("stDownloadButton").filter(has_text=".keras")
            expect(download).to_be_visible(timeout=60_000)
            held.append(process.memory_full_info().uss)
            print(f"  {session:2d} sessions on the tab: server USS {held[-1] / MB:6.1f} MB")
        browser.close()
    if len(held) > 2:
        slope = (held[-1] - held[1]) / (len(held) - 2)  # from the second: the first warms up
        print(f"per further session: {slope / MB:+.1f} MB of the server's memory")


if __name__ == "__main__":
    main()
