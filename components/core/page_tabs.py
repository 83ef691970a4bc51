"""The page's tabs below the first screen, and reading a hand-edited ``?tab=``. Pure Python.

Only the open tab's panel runs (Streamlit's stateful tabs), so a move redraws the first
screen and one panel, not all of them. The tab is part of the link: ``?tab=Regions``.
"""

from __future__ import annotations

from components.core.i18n import Note

TAB_PARAM = "tab"
TABS = (
    "Parameters",
    "Training",
    "Bytes",
    "Files",
    "Regions",
    "Errors",
    "Compute",
    "Compare",
    "Code",
)
DEFAULT_TAB = TABS[0]


def read_tab(values: list[str]) -> tuple[str, Note | None]:
    """The tab a link's ``tab`` values open, and a notice if that is not what they say.

    Any case is accepted (``tab=regions``); an unknown name opens the default tab.
    """
    if not values:
        return DEFAULT_TAB, None
    text = values[-1]
    by_lower = {tab.lower(): tab for tab in TABS}
    tab = by_lower.get(text.strip().lower())
    if tab is None:
        shown = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in text[:24])
        return DEFAULT_TAB, Note(
            "notice.tab_unknown",
            key=TAB_PARAM,
            value=shown,
            options=", ".join(TABS),
            used=DEFAULT_TAB,
        )
    if len(values) > 1:
        return tab, Note("notice.repeated", key=TAB_PARAM, times=len(values))
    return tab, None
