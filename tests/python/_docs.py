"""Test helper shared by the tests that check tables in README.md and docs/ against what a command prints."""
from __future__ import annotations


def table_rows(text: str, header: str) -> dict[str, list[str]]:
    """The markdown table that starts with the line ``header`` in ``text``: its first cell -> the other cells
    (stripped), row by row, up to the first line that is not a table row."""
    start = text.index(header)
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows
