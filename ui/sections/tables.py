"""Every table of the app: st.dataframe with its numbers written alike in each column.

A column of floats left to the data grid shows each value with as few digits as it needs,
so that a score of -4.0 read "-4" above "-3.664" (issue 26). Here every float column is
formatted with the same number of decimals (`DECIMALS`), whole numbers stay whole.
tests/ui/sections/test_tables.py checks that no other module calls st.dataframe.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.figures import value_table

DECIMALS = 3  # a log-probability, a loss: three decimals, as the app writes them in text


def float_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns that hold a non-whole number (a float) in any row."""
    names: list[str] = []
    for row in rows:
        for key, value in row.items():
            is_float = isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
            if is_float and key not in names:
                names.append(key)
    return names


def column_config(rows: Sequence[Mapping[str, Any]], decimals: int = DECIMALS) -> dict:
    """Streamlit's column configuration: each float column with `decimals` decimals."""
    fmt = f"%.{decimals}f"
    return {name: st.column_config.NumberColumn(format=fmt) for name in float_columns(rows)}


def table(rows: Sequence[Mapping[str, Any]], decimals: int = DECIMALS, **kw) -> None:
    """`st.dataframe(rows)`, without its index, each float column with `decimals` decimals
    (`kw["column_config"]` adds to it or overrides it)."""
    config = {**column_config(rows, decimals), **(kw.pop("column_config", None) or {})}
    st.dataframe(list(rows), hide_index=True, column_config=config or None, **kw)


def values(rows: Sequence[Mapping[str, Any]]) -> None:
    """The values behind a chart (ui/sections/charts.py) as an HTML table a screen reader
    walks cell by cell (ui/figures/value_table.py: escaped, numbers alike, as wide as the
    column; `st.table` rendered Markdown in its cells); the rows come rounded
    (ui/figures/alt.py)."""
    st.html(value_table.values_html(list(rows)))
