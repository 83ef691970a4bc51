"""The page's tabs below the first screen. Pure Python.

Only the open tab's panel runs (Streamlit's stateful tabs), so a move redraws the first
screen and one panel, not all of them. The tab is part of the link: ``?tab=Regions``; each
tab's value is what the link says, its text in every language is the catalogs'
(``tab.<value>``).
"""

from __future__ import annotations

from enum import StrEnum


class Tab(StrEnum):
    """The tabs in the order the page shows them; the value is the link's ``?tab=``."""

    PARAMETERS = "Parameters"
    NETWORK = "Network"
    TRAINING = "Training"
    BYTES = "Bytes"
    FILES = "Files"
    REGIONS = "Regions"
    ERRORS = "Errors"
    COMPUTE = "Compute"
    COMPARE = "Compare"
    CODE = "Code"


TABS = tuple(Tab)
DEFAULT_TAB = Tab.PARAMETERS
