"""Every table writes the numbers of a column alike (issue 26: "-4" above "-3.664")."""

from __future__ import annotations

import re

from tests.support.paths import REPO_ROOT
from ui.sections import tables


def test_a_float_column_gets_one_format_and_whole_numbers_stay_whole():
    rows = [{"hypothesis": "a", "score": -4.0, "line": 3}, {"hypothesis": "b", "score": -3.664}]
    assert tables.float_columns(rows) == ["score"]
    config = tables.column_config(rows)
    assert set(config) == {"score"} and config["score"]["type_config"]["format"] == "%.3f"
    assert tables.column_config([{"n": 1, "ok": True}]) == {}  # ints and booleans: as they are


def test_no_table_is_drawn_but_through_the_helper():
    """st.dataframe, st.table and st.data_editor are called in ui/sections/tables.py only."""
    call = re.compile(r"\b(st|\w+)\.(dataframe|table|data_editor)\(")
    found = []
    for path in (REPO_ROOT / "ui").rglob("*.py"):
        if path.name == "tables.py":
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = call.search(line)
            if m and m.group(1) != "tables":
                found.append(f"{path.relative_to(REPO_ROOT)}:{no}: {line.strip()}")
    assert not found, found
