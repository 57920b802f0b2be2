"""Generated toy tasks: sequence reversal, dates to ISO 8601, numbers to English words.

Each generator is seeded and deterministic and returns disjoint train/valid/test splits of
unique pairs.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

Pair = tuple[str, str]


def _unique_splits(make: Callable[[random.Random], Pair], seed: int, sizes: dict[str, int]):
    rng = random.Random(seed)
    seen: set[str] = set()
    total = sum(sizes.values())
    pairs: list[Pair] = []
    tries = 0
    while len(pairs) < total:
        tries += 1
        if tries > total * 50:
            raise RuntimeError("generator cannot make that many unique pairs")
        pair = make(rng)
        if pair[0] not in seen:
            seen.add(pair[0])
            pairs.append(pair)
    out, start = {}, 0
    for name, n in sizes.items():
        out[name] = pairs[start : start + n]
        start += n
    return out


def _reverse_pair(rng: random.Random) -> Pair:
    words = [str(rng.randint(1, 20)) for _ in range(rng.randint(3, 15))]
    return " ".join(words), " ".join(reversed(words))


def reverse_splits(seed: int = 0, n_train: int = 10_000, n_valid: int = 500, n_test: int = 500):
    """Reverse 3-15 tokens over the 20 symbols 1..20: `4 12 1` -> `1 12 4`."""
    return _unique_splits(_reverse_pair, seed, {"train": n_train, "valid": n_valid, "test": n_test})


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0 <= n < 1,000,000 in English words, no 'and', no hyphens: 1204 -> 'one thousand two
    hundred four'."""
    if not 0 <= n < 1_000_000:
        raise ValueError("numbers from 0 to 999999")
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + number_words(rest))


def _number_pair(rng: random.Random) -> Pair:
    digits = rng.choice([1, 2, 3, 4, 5, 6, 6])
    n = rng.randint(0 if digits == 1 else 10 ** (digits - 1), 10**digits - 1)
    return str(n), number_words(n)


def numbers_splits(seed: int = 0, n_train: int = 10_000, n_valid: int = 500, n_test: int = 500):
    """Digits to English words: `1204` -> `one thousand two hundred four`."""
    return _unique_splits(_number_pair, seed, {"train": n_train, "valid": n_valid, "test": n_test})


def _ordinal(d: int) -> str:
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"


# Each format turns a date into a human string. MM/DD/YY is the US order.
DATE_FORMATS: list[Callable[[dt.date], str]] = [
    lambda d: f"{d:%A}, {d.day} {d:%B} {d.year}",  # Tuesday, 3 March 2020
    lambda d: f"{d:%m/%d/%y}",  # 03/03/20 (month/day/year)
    lambda d: f"{d:%B} {_ordinal(d.day)} {d.year}".lower(),  # march 3rd 2020
    lambda d: f"{d.day} {d:%b} {d.year}",  # 3 Mar 2020
    lambda d: f"{d.year}년 {d.month}월 {d.day}일",  # 2020년 3월 3일
    lambda d: f"{d:%B} {d.day}, {d.year}",  # March 3, 2020
    lambda d: f"{d:%b} {d:%d} {d.year}".lower(),  # mar 03 2020
    lambda d: f"{d:%a} {d:%b} {d.day} {d.year}",  # Tue Mar 3 2020
    lambda d: f"the {_ordinal(d.day)} of {d:%B} {d.year}",  # the 3rd of March 2020
    lambda d: f"{d:%d}.{d:%m}.{d.year}",  # 03.03.2020 (day.month.year)
    lambda d: f"{d:%A} {d:%B} {d.day} {d.year}".upper(),  # TUESDAY MARCH 3 2020
    lambda d: f"{d.year}/{d.month}/{d.day}",  # 2020/3/3
]


def _date_pair(rng: random.Random) -> Pair:
    start = dt.date(1950, 1, 1).toordinal()
    day = dt.date.fromordinal(rng.randint(start, dt.date(2049, 12, 31).toordinal()))
    return rng.choice(DATE_FORMATS)(day), day.isoformat()


def dates_splits(seed: int = 0, n_train: int = 10_000, n_valid: int = 500, n_test: int = 500):
    """Many human date formats to ISO 8601: `Tuesday, 3 March 2020` -> `2020-03-03`."""
    return _unique_splits(_date_pair, seed, {"train": n_train, "valid": n_valid, "test": n_test})
