"""The values behind a chart as an HTML table (issue 27: a screen reader walks its cells),
written here rather than left to `st.table`, which renders Markdown in every cell: a token
of an uploaded model such as `[click](http://...)` became a link and `![](http://...)` an
image every viewer's browser fetched (tests/browser/test_injection.py). Pure: rows in, HTML
out, every value escaped.

Two choices beyond escaping, both from tests/browser/test_text_layout.py (issue 26):
- the numbers of a column are written with the same number of decimals (the most any of
  them needs, at most `MAX_DECIMALS`), so that 98.2 does not stand above 1.05 or 98.2000;
- the table is as wide as its column and no wider: any cell may break anywhere, so that a
  table of fourteen source tokens fits the main column at 1366 px instead of running past
  the screen's edge.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

MAX_DECIMALS = 3  # the rows come rounded (ui/figures/alt.py): percentages 1-2, nats 3
CSS = """<style>
.s2s-values{max-width:100%}
.s2s-values table{width:100%;border-collapse:collapse;font-size:1rem;line-height:1.4}
.s2s-values th,.s2s-values td{padding:.2rem .4rem;text-align:left;overflow-wrap:anywhere;
  border-bottom:1px solid rgba(128,128,128,.35)}
.s2s-values th{font-weight:600}
.s2s-values td.num{text-align:right;font-variant-numeric:tabular-nums}
</style>"""


def decimals_needed(value: float, most: int = MAX_DECIMALS) -> int:
    """The fewest decimals (at most `most`) that write `value` as `round(value, most)`."""
    for d in range(most + 1):
        if round(value, d) == round(value, most):
            return d
    return most


def column_decimals(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """{column: decimals} for every column holding a non-whole number: the most its values
    need. Integers (and bools) are not floats: a count stays a count."""
    out: dict[str, int] = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
                out[key] = max(out.get(key, 0), decimals_needed(float(value)))
    return out


def _cell(value: Any, decimals: int | None) -> tuple[str, bool]:
    """(escaped text, is a number) of one cell."""
    if value is None:
        return "", False
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if decimals is not None and not isinstance(value, numbers.Integral):
            return f"{float(value):.{decimals}f}", True
        return html.escape(str(value)), True
    return html.escape(str(value)), False


def values_html(rows: Sequence[Mapping[str, Any]], caption: str = "") -> str:
    """`rows` (dicts with the same keys, in order) as a `<table>` inside a div, with its CSS;
    `caption` names it for a screen reader. Empty rows give an empty string."""
    if not rows:
        return ""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    decimals = column_decimals(rows)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            text, number = _cell(row.get(c), decimals.get(c))
            cells.append(f'<td class="num">{text}</td>' if number else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'{CSS}<div class="s2s-values"><table>{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')  # fmt: skip
