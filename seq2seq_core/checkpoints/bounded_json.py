"""JSON from a file, measured before it is parsed, and parsed strictly.

`json.loads` builds every list, table, string and number of a text before anyone can look at
them: 16 MB of `[],` are 4.9 million lists, 400 MB of Python objects (issue 23). `loads`
first counts the text's values: its strings, and its opening brackets and commas outside
strings (a number, true, false or null follows a bracket, a colon or a comma, so it needs no
count of its own; a table's key and value are two strings). More than `max_values`, or a
string longer than `max_string`, is refused before anything is built, at a cost of one pass
over the text and one step per string, at most `max_values` of them. Only then does it
parse, and strictly: a key written twice in one table (json.loads keeps the last one
silently, another reader may keep the first), NaN or Infinity (as a word or as 1e999) and
an integer of more than MAX_INT_DIGITS digits are refused; nesting deeper than Python's
recursion limit is too deep (what json.loads builds before that is within the count).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_INT_DIGITS = 40  # 2**64 has 20 digits; Python would parse up to 4,300 (slowly)

# A string, to its closing quote or, when it has none, to the end of the text (the walk stays
# linear). Possessive (*+): no backtracking, so a string costs one pass over its characters.
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)


class JsonBoundError(ValueError):
    """A text over a bound (`code` "too_many_values", "too_long" or "too_deep") or not
    strict JSON ("not_strict"); the message says which, in one sentence."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(message)


def _structure(text: str, start: int = 0, end: int | None = None) -> int:
    """Opening brackets and commas in text[start:end] (counted in place, no copy)."""
    end = len(text) if end is None else end
    return sum(text.count(c, start, end) for c in "[{,")


def check_size(text: str, max_values: int, max_string: int | None = None) -> None:
    """Raise JsonBoundError when `text` holds more than `max_values` values or a string of
    more than `max_string` characters as written (escapes included), building none of them."""
    values = _structure(text)  # those inside strings are taken off below
    if values + (text.count('"') + 1) // 2 <= max_values and len(text) <= (max_string or len(text)):
        return  # even counting every bracket, comma and quote as a value: within bounds
    strings = 0
    for match in _STRING.finditer(text):
        start, end = match.span()
        if max_string and end - start - 2 > max_string:
            size = end - start - 2
            raise JsonBoundError("too_long", f"a string of {size:,} characters", size=size)
        values -= _structure(text, start, end)
        strings += 1
        if strings > max_values:
            break
    if values + strings > max_values:
        raise JsonBoundError("too_many_values", f"more than {max_values:,} values")


def loads(text: str, max_values: int, max_string: int | None = None) -> Any:
    """`json.loads(text)` once `check_size` passes, refusing what is not strict JSON (see the
    module's docstring); a JSON error is a ValueError, as in json.loads."""
    check_size(text, max_values, max_string)
    try:
        return json.loads(
            text,
            object_pairs_hook=_table,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except RecursionError:
        raise JsonBoundError("too_deep", "nested too deeply") from None


def _table(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) < len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise JsonBoundError("not_strict", f"the key {twice[:40]!r} appears twice in one table")
    return table


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonBoundError("not_strict", f"an integer of {len(digits):,} digits")
    return int(digits)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonBoundError("not_strict", f"the number {text[:20]} is infinite")
    return value


def _constant(word: str) -> float:
    raise JsonBoundError("not_strict", f"{word} is not a number JSON allows")
