"""The training story a checkpoint carries (its "meta"), kept only where it has the types the
app reads.

An uploaded file's meta is whatever its author wrote: `{"corpus": ["reverse"]}`,
`"train_config": []` or `"seed": "abc"` used to load, then crash the experiments page
(`unhashable type: 'list'`, `'list' object has no attribute 'get'`). `clean_meta` keeps each
known entry only if it fits (dropping what does not: the story is informative, the model
still loads), and keeps unknown entries only if they are shallow JSON.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

from . import limits
from .config import ConfigError, TrainConfig

MAX_DEPTH = 12  # nesting of any kept value (a saved history entry is 3 deep)
MAX_CORPUS_NAME = 300  # characters


def clean_meta(meta: Any) -> dict[str, Any]:
    """The entries of `meta` that fit (a dict; anything else gives {})."""
    if not isinstance(meta, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in meta.items():
        check = _KNOWN.get(key, _shallow)
        kept = check(value)
        if kept is not None:
            out[key] = kept
    return out


def _shallow(value: Any) -> Any:
    return value if _depth_at_most(value, MAX_DEPTH) else None


def _depth_at_most(value: Any, limit: int) -> bool:
    """True when lists and dicts in `value` nest at most `limit` deep (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth >= limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def _seed(value: Any) -> int | None:
    return value if limits.check_range("seed", value, 0, limits.MAX_SEED) is None else None


def _count(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**9
    return value if ok else None


def _seconds(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return value if ok and math.isfinite(value) and value >= 0 else None


def _corpus(value: Any) -> str | None:
    return value[:MAX_CORPUS_NAME] if isinstance(value, str) else None


def _train_config(value: Any) -> dict[str, Any] | None:
    """The fields of a TrainConfig that are valid one by one (an older file may lack some or
    hold fields this version does not know: those are left out)."""
    if not isinstance(value, dict):
        return None
    known = {f.name for f in fields(TrainConfig)}
    out = {}
    for key, item in value.items():
        if key not in known:
            continue
        try:
            TrainConfig(**{key: item})
        except (ConfigError, TypeError, ValueError):
            continue
        out[key] = item
    return out


def _history(value: Any) -> list[dict[str, Any]] | None:
    """One dict per finished epoch; entries of another kind are left out."""
    if not isinstance(value, list):
        return None
    return [entry for entry in value if isinstance(entry, dict) and _shallow(entry) is not None]


def _card(value: Any) -> dict[str, Any] | None:
    """A shipped model's card (copied into its file): a dict whose corpus is a name."""
    if not isinstance(value, dict) or _shallow(value) is None:
        return None
    if "corpus" in value and not isinstance(value["corpus"], str):
        return {k: v for k, v in value.items() if k != "corpus"}
    return value


_KNOWN = {
    "seed": _seed,
    "epochs": _count,
    "train_seconds": _seconds,
    "corpus": _corpus,
    "train_config": _train_config,
    "history": _history,
    "card": _card,
}
