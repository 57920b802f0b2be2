"""Caches bounded by bytes, per session and per server. No Streamlit here.

A decode trace keeps every step's whole softmax: (V,) floats per step, 24 MB for 60 steps
of a 100,000-token vocabulary. A cache that counts entries (the explorer kept 21 traces)
lets one session hold half a gigabyte. A `BytesCache` counts bytes instead: at most
`SESSION_BYTES` in one cache (a session's), at most `SERVER_BYTES` in all of them together;
over either, the least recently used entries go first (across sessions for the server
bound). An entry (its key and value together) larger than the session bound is returned
but not kept.

Bounds (README, "Budgets"): 32 MiB per session cache, 512 MiB per server, overridable with
SEQ2SEQ_SESSION_CACHE_MB and SEQ2SEQ_SERVER_CACHE_MB.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

SESSION_BYTES = int(os.environ.get("SEQ2SEQ_SESSION_CACHE_MB", "32")) * 2**20
SERVER_BYTES = int(os.environ.get("SEQ2SEQ_SERVER_CACHE_MB", "512")) * 2**20

_LOCK = threading.RLock()
_CACHES: weakref.WeakSet[BytesCache] = weakref.WeakSet()
_CLOCK = itertools.count()  # a global use order, for the server-wide least recently used


def nbytes(value: Any, _depth: int = 0) -> int:
    """Approximate bytes held by `value`: numpy arrays' buffers, strings, and what lists,
    tuples, dicts and dataclasses contain (64 bytes for anything else)."""
    if _depth > 6:
        return 64
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 112
    if isinstance(value, str | bytes):
        return len(value) + 49
    if isinstance(value, list | tuple):
        return 56 + sum(nbytes(v, _depth + 1) for v in value)
    if isinstance(value, dict):
        return 232 + sum(nbytes(k, _depth + 1) + nbytes(v, _depth + 1) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return 64 + sum(
            nbytes(getattr(value, f.name), _depth + 1) for f in dataclasses.fields(value)
        )
    return 64


class BytesCache:
    """A least-recently-used mapping bounded by the bytes of its values (see the module)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = SESSION_BYTES if limit is None else limit
        self._items: OrderedDict[Hashable, tuple[Any, int, int]] = OrderedDict()  # v, size, use
        self.bytes = 0
        with _LOCK:
            _CACHES.add(self)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def values(self) -> list[Any]:
        return [v for v, _, _ in self._items.values()]

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value cached under `key`, made (and kept, if it fits) when absent."""
        with _LOCK:
            if key in self._items:
                value, size, _ = self._items.pop(key)
                self._items[key] = (value, size, next(_CLOCK))
                return value
        value = make()  # outside the lock: other sessions go on meanwhile
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        # the key too: the explorer's keys hold the sentence, which a client can send far
        # longer than its text box takes (tests/ui/services/test_caches.py)
        size = nbytes(key) + nbytes(value)
        with _LOCK:
            self._drop(key)
            if size > self.limit:
                return
            self._items[key] = (value, size, next(_CLOCK))
            self.bytes += size
            while self.bytes > self.limit:
                self._drop(next(iter(self._items)))
            _trim_server()

    def clear(self) -> None:
        with _LOCK:
            self._items.clear()
            self.bytes = 0

    def _drop(self, key: Hashable) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self.bytes -= item[1]

    def _oldest_use(self) -> int | None:
        return next(iter(self._items.values()))[2] if self._items else None


def server_bytes() -> int:
    """Bytes held by every live BytesCache of this process."""
    with _LOCK:
        return sum(c.bytes for c in list(_CACHES))


def _trim_server() -> None:
    """Over SERVER_BYTES in all: drop the least recently used entry of any cache, repeatedly."""
    caches = list(_CACHES)
    total = sum(c.bytes for c in caches)
    while total > SERVER_BYTES:
        oldest = min((c for c in caches if c._items), key=lambda c: c._oldest_use())
        before = oldest.bytes
        oldest._drop(next(iter(oldest._items)))
        total -= before - oldest.bytes
