"""Rewrite docs/screenshot.png: ``python -m tests.e2e.screenshot`` (a real server and Chromium).

The browser tests take the same screenshot into a temporary file, so a test run never changes
the tracked image; this runs that one test with PARAMLAB_SCREENSHOT=1, which writes it.
The language picker's Korean needs a CJK font for Chromium (Debian: ``fonts-noto-cjk``).
"""

import os
import sys
from pathlib import Path

import pytest

TEST = Path(__file__).with_name("test_browser.py")


def main() -> int:
    os.environ["PARAMLAB_SCREENSHOT"] = "1"
    return pytest.main(
        ["-q", "-p", "no:cacheprovider", str(TEST), "-k", "test_screenshot_of_trained_default_page"]
    )


if __name__ == "__main__":
    sys.exit(main())
