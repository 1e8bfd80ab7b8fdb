"""Charts of the report page as inline SVG drawn on the server: no JavaScript library, no internet.

Drawn for a 340-unit-wide view box and scaled to the page (CSS caps them at a readable width), so at 360 px a
unit is about a pixel and 12-unit text stays legible. Horizontal bars keep long Vietnamese labels on their own
line above each bar instead of squeezing them under narrow columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 340
BAR_ROW = 38
NOW, BEFORE, AXIS, TEXT = "#0d6e51", "#b9c3ca", "#9aa5ae", "#1d2329"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _svg(title: str, height: int, body: list[str]) -> Markup:
    label = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def bars(
    title: str, rows: Sequence[tuple[str, int, int | None]], now_label: str = "", before_label: str = ""
) -> Markup:
    """One bar per ``(label, value, previous value or None)``; the previous period is a thin grey bar below."""
    top = max([1, *(max(now, before or 0) for _, now, before in rows)])
    span = WIDTH - 60  # room on the right for the value
    body, y = [], 0
    if now_label and before_label:
        body += [
            f'<rect x="0" y="2" width="10" height="10" fill="{NOW}"/>',
            f'<text x="14" y="11" fill="{TEXT}">{escape(now_label)}</text>',
            f'<rect x="150" y="5" width="10" height="4" fill="{BEFORE}"/>',
            f'<text x="164" y="11" fill="{TEXT}">{escape(before_label)}</text>',
        ]
        y = 20
    for label, now, before in rows:
        width = round(span * now / top, 1)
        body += [
            f'<text x="0" y="{y + 12}" fill="{TEXT}">{escape(label)}</text>',
            f'<rect x="0" y="{y + 16}" width="{max(width, 1)}" height="12" fill="{NOW}" rx="2">'
            f"<title>{escape(label)}: {_number(now)}</title></rect>",
            f'<text x="{width + 4}" y="{y + 26}" fill="{TEXT}" font-weight="600">{_number(now)}</text>',
        ]
        if before is not None:
            body.append(
                f'<rect x="0" y="{y + 30}" width="{max(round(span * before / top, 1), 1)}" height="4" '
                f'fill="{BEFORE}"><title>{escape(before_label)}: {_number(before)}</title></rect>'
            )
        y += BAR_ROW
    return _svg(title, max(y, 20), body)


def line(title: str, points: Sequence[tuple[str, int]]) -> Markup:
    """A line through ``(label, value)`` points (e.g. scans per month); at most six labels on the axis."""
    height, left, right, top, bottom = 170, 44, 8, 10, 24
    peak = max([1, *(value for _, value in points)])
    inner_w, inner_h = WIDTH - left - right, height - top - bottom
    step = inner_w / max(len(points) - 1, 1)
    xy = [
        (left + i * step if len(points) > 1 else left + inner_w / 2, top + inner_h * (1 - value / peak))
        for i, (_, value) in enumerate(points)
    ]
    body = [
        f'<line x1="{left}" y1="{top + inner_h}" x2="{WIDTH - right}" y2="{top + inner_h}" stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{top}" x2="{WIDTH - right}" y2="{top}" stroke="{AXIS}" stroke-dasharray="3 3"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" fill="{TEXT}">{_number(peak)}</text>',
        f'<text x="{left - 4}" y="{top + inner_h + 4}" text-anchor="end" fill="{TEXT}">0</text>',
    ]
    if len(xy) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        body.append(f'<polyline points="{path}" fill="none" stroke="{NOW}" stroke-width="2.5"/>')
    every = max(1, -(-len(points) // 6))
    for index, ((label, value), (x, y)) in enumerate(zip(points, xy, strict=True)):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{NOW}">'
            f"<title>{escape(label)}: {_number(value)}</title></circle>"
        )
        if index % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="{TEXT}" '
                f'font-size="11">{escape(label)}</text>'
            )
    return _svg(title, height, body)
