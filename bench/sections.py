"""Each benchmark owns one section of docs/benchmarks.md, between its own start and end markers, below the notes
marker that bench/report.py keeps; running a benchmark again replaces only its section."""

from __future__ import annotations

from pathlib import Path

NOTES_MARKER = "<!-- Notes below this line are kept when bench/report.py rewrites the file. -->"


def markers(name: str, script: str) -> tuple[str, str]:
    """The start and end markers of the section ``name`` written by ``script``."""
    return f"<!-- {name}:start — written by {script}; run it again rather than editing -->", f"<!-- {name}:end -->"


def write_section(path: Path, section: str, start: str, end: str) -> None:
    """Replace the section between ``start`` and ``end``, or add it at the end, after the notes marker."""
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        path.write_text(before + section + rest.split(end, 1)[1])
        return
    if NOTES_MARKER not in current:
        current = current.rstrip("\n") + "\n\n" + NOTES_MARKER + "\n"
    path.write_text(current.rstrip("\n") + "\n\n" + section + "\n")
