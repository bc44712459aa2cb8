"""Server-side charts: accessible SVG (role="img", <title>/<desc>, aria-labelledby), drawn
without JavaScript. Pages always show the same numbers in a table next to the chart."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
BAR_AREA = 300
VALUE_WIDTH = 50
COLOURS = ["#0b4f8a", "#1d6b35", "#7a4b00", "#6f3c8f", "#b0190b", "#2d6e77", "#4a4f55"]


def bar_chart(*, chart_id: str, title: str, rows: Sequence[tuple[str, float | int | None]],
              description: str = "", unit: str = "") -> SafeString:
    """A horizontal bar chart of (label, value) rows. ``chart_id`` must be unique on the
    page; labels and text are escaped. In a right-to-left language the chart is mirrored:
    labels on the right, bars growing leftwards (text anchors follow the direction, so
    "end" is a label's left edge there)."""
    values = [v or 0 for _, v in rows]
    top = max(values, default=0) or 1
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    cid = escape(chart_id)
    rtl = translation.get_language_bidi()

    def x(position: float, length: float = 0) -> float:
        """A left-to-right x (of a shape ``length`` wide) in the chart's direction."""
        return round(width - position - length, 1) if rtl else position
    if not description:
        description = "; ".join(f"{label}: {value or 0}{unit}" for label, value in rows)
    parts = [
        f'<svg class="chart" id="{cid}" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'direction="{"rtl" if rtl else "ltr"}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_AREA * (value or 0) / top, 1)
        colour = COLOURS[index % len(COLOURS)]
        text_y = y + BAR_HEIGHT * 0.7
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<g aria-hidden="true"><text x="{x(LABEL_WIDTH - 6)}" y="{text_y}" '
            f'text-anchor="end" font-size="13" fill="#1b1b1b">{escape(short)}</text>'
            f'<rect x="{x(LABEL_WIDTH, length)}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}" fill="{colour}"></rect>'
            f'<text x="{x(LABEL_WIDTH + length + 6)}" y="{text_y}" text-anchor="start" '
            f'font-size="13" fill="#1b1b1b">{escape(_fmt(value))}{escape(unit)}</text></g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, 1)
    return number_format(int(value))
