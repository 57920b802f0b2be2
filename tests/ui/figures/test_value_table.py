"""The values behind a chart as an HTML table (ui/figures/value_table.py): every value
escaped (a model's token is data, never a link or an image), the numbers of a column alike,
whole numbers whole, and nothing that keeps the table wider than its column."""

from __future__ import annotations

import re

from tests.support.injection import HOSTILE, PAYLOADS
from ui.figures.value_table import column_decimals, decimals_needed, values_html


def test_hostile_tokens_and_headers_are_escaped_text():
    rows = [{p: p, "p": 1.5} for p in PAYLOADS[:1]] + [{PAYLOADS[0]: HOSTILE, "p": 2.0}]
    page = values_html(rows)
    body = page.split("</style>", 1)[1]
    assert not re.search(r"<(a|img|b|script|svg)\b", body, re.I)  # only the table's own tags
    assert "&lt;" in body or "<" not in HOSTILE
    assert set(re.findall(r"</?([a-z]+)", body)) <= {"div", "table", "thead", "tbody", "tr",
                                                     "th", "td"}  # fmt: skip


def test_a_column_of_floats_gets_the_decimals_its_values_need():
    rows = [{"token": "a", "p": 98.2, "n": 3}, {"token": "b", "p": 1.05, "n": 12},
            {"token": "c", "p": 40.0, "n": 0}]  # fmt: skip
    assert column_decimals(rows) == {"p": 2}
    cells = re.findall(r'<td class="num">([^<]*)</td>', values_html(rows))
    assert cells == ["98.20", "3", "1.05", "12", "40.00", "0"]


def test_decimals_needed_is_capped_and_minimal():
    assert [decimals_needed(x) for x in (4.0, 3.5, 3.664, 1 / 3, 0.1 + 0.2)] == [0, 1, 3, 3, 1]


def test_missing_cells_are_empty_and_booleans_are_not_floats():
    page = values_html([{"a": "x", "b": True}, {"a": "y"}])
    assert "<td></td>" in page and column_decimals([{"b": True}]) == {}


def test_no_rows_no_table_and_every_cell_may_break():
    assert values_html([]) == ""
    assert "overflow-wrap:anywhere" in values_html([{"a": 1}])
