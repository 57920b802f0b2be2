"""English and Korean for every word the app shows.

Strings live in tables {key: {"en": ..., "ko": ...}}, one table `STRINGS` in each module of
ui/text named in `TABLE_MODULES` (the glossary, which fixes the terms of the lecture so that
every page uses the same words, then one module per page or part of the app). The first
use of any string loads them all, whatever was imported before; a key in two tables is an
error. `t(key, lang)` formats with keyword arguments (str.format).

A count before an English noun names the noun in its format spec, `{n:pair}` or
`{n:child|children}`: "1 pair", "2 pairs", "1,000 pairs" (see `Count`). Korean needs no plural
and writes `{n}`.
No Streamlit here: figure builders and tests use it too.
"""

from __future__ import annotations

import importlib
import numbers
import threading
from typing import Any

LANGS = {"en": "English", "ko": "한국어"}

# The modules of ui/text that hold a table `STRINGS`, every one of them (tests/ui/text/test_tables.py
# checks that no other module writes a table, and that each of these answers `t`).
TABLE_MODULES = ("glossary", "common", "sidebar", "explore", "compare", "data", "train",
                 "budgets", "experiments", "forcing", "neighbours", "lecture", "figures",
                 "player", "demos", "classroom", "alt")  # fmt: skip

_strings: dict[str, dict[str, str]] | None = None  # every table, loaded on first use
_loading = threading.Lock()  # two sessions' first strings load the tables once


def plural(n: int, noun: str) -> str:
    """ "1 line", "2 lines", "1,000 lines"; `noun` is "line" or "child|children"."""
    one, _, many = noun.partition("|")
    if not many:
        many = one + ("es" if one.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{n:,} {one if n == 1 else many}"


class Count(int):
    """An int whose format spec may be a noun: `f"{Count(2):line}"` is "2 lines"; a numeric
    spec ("," or "d") formats the number as an int does."""

    def __format__(self, spec: str) -> str:
        if spec and spec[0].isalpha():
            return plural(int(self), spec)
        return int.__format__(self, spec)


def _check(key: str, value: dict[str, str]) -> None:
    if set(value) != set(LANGS):
        raise ValueError(f"string {key!r} must have exactly {sorted(LANGS)}")


def _load() -> dict[str, dict[str, str]]:
    """The tables of `TABLE_MODULES` in one dict; a key in two of them is an error."""
    strings: dict[str, dict[str, str]] = {}
    home: dict[str, str] = {}
    for name in TABLE_MODULES:
        for key, value in importlib.import_module(f"ui.text.{name}").STRINGS.items():
            _check(key, value)
            if key in home:
                raise ValueError(
                    f"string {key!r} is defined twice: ui.text.{home[key]}, ui.text.{name}"
                )
            home[key] = name
            strings[key] = value
    return strings


def _table() -> dict[str, dict[str, str]]:
    """Every string, the tables loaded on the first call."""
    global _strings
    if _strings is None:
        with _loading:
            if _strings is None:
                _strings = _load()
    return _strings


def register(table: dict[str, dict[str, str]]) -> None:
    """Add strings at run time (a test's own); a key already defined with other words is an
    error. The app's strings are the tables of `TABLE_MODULES`, never registered."""
    strings = _table()
    for key, value in table.items():
        _check(key, value)
        if key in strings and strings[key] != value:
            raise ValueError(f"string {key!r} is defined twice")
        strings[key] = value


def _is_count(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def t(key: str, lang: str = "en", **fmt: Any) -> str:
    """The string `key` in `lang` ("en" or "ko"), formatted with `fmt`."""
    entry = _table().get(key)
    if entry is None:
        raise KeyError(f"no UI string {key!r}")
    text = entry.get(lang) or entry["en"]
    counts = {k: Count(v) if _is_count(v) else v for k, v in fmt.items()}
    return text.format(**counts) if fmt else text


def attention_name(kind: str, lang: str = "en") -> str:
    """The name of an attention kind ("additive", ...) in `lang`."""
    return t(f"attn_{kind}", lang) if f"attn_{kind}" in _table() else kind


def style_name(style: str, lang: str = "en") -> str:
    """The name of a decoder style ("luong", "bahdanau") in `lang`."""
    return t(f"style_{style}", lang) if f"style_{style}" in _table() else style


def all_strings() -> dict[str, dict[str, str]]:
    """Every string of every table, by key."""
    return dict(_table())
