"""Tables written as Markdown: the page draws them with the text it already has, where
``st.dataframe`` would first load ~1.3 MB of data-grid code, and they copy as plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], numbers_from: int | None = None
) -> str:
    """A GitHub-style table; columns from ``numbers_from`` on are right-aligned."""
    first = len(header) if numbers_from is None else numbers_from
    rule = ["---" if i < first else "---:" for i in range(len(header))]
    lines = [_line(header), _line(rule)]
    lines += [_line(str(cell) for cell in row) for row in rows]
    return "\n".join(lines)


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |"
