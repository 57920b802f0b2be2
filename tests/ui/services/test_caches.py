"""The explorer's trace cache counts what its keys hold, not only its values.

Found by tests/load/test_classroom_attack.py: the explorer keys a trace by its sentence, and a
sentence sent over the websocket is not held to the text box's `max_chars`. Ten
10,000,000-character sentences kept 100 MB of keys in one session's cache, which counted
only the (small) traces: the server grew by 10 MB a sentence without bound.
"""

from __future__ import annotations

import numpy as np

from ui.services import caches


def test_long_keys_count_against_the_session_bound():
    cache = caches.BytesCache(limit=1_000_000)
    for i in range(20):  # 20 keys of 200 kB, each with a 4 kB value
        cache.put(("model", f"{i} " + "7" * 200_000), np.zeros(1000, dtype=np.float32))
    held = sum(len(key[1]) for key in cache._items)
    assert held <= cache.limit
    assert cache.bytes <= cache.limit
    assert len(cache) >= 1  # the most recent is kept


def test_long_keys_count_against_the_server_bound(monkeypatch):
    monkeypatch.setattr(caches, "SERVER_BYTES", 1_500_000)
    sessions = [caches.BytesCache(limit=1_000_000) for _ in range(4)]
    for i in range(40):
        sessions[i % 4].put(f"{i} " + "7" * 200_000, 0)
    assert caches.server_bytes() <= 1_500_000
    assert sum(len(k) for c in sessions for k in c._items) <= 1_500_000


def test_a_key_larger_than_the_bound_is_not_kept():
    cache = caches.BytesCache(limit=100_000)
    cache.put("x" * 200_000, 1)
    assert len(cache) == 0 and cache.bytes == 0
