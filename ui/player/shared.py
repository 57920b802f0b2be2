"""The player's data of a sentence, made once per server and translator (issue 25): 120
students opening the same lesson link get the decode made by the first (before, each
session decoded it again: ~40 ms of the server's one core per page, greedy and
teacher-forced). Kept per translator object, held weakly: an own model (a session's) is
only ever met by its session, and its entries go when it does; by bytes in
ui/services/caches.py's bounded caches (a session cache's bound per translator, inside the
server's). Students arriving together wait for the one decode under way rather than each
making it. The data returned is shared: read it, never change it."""

from __future__ import annotations

import threading
import weakref
from typing import Any

from seq2seq_core.translator import Translator
from ui.player import data as player_data
from ui.services import caches

_LOCK = threading.Lock()
_BY_MODEL: dict[int, tuple[weakref.ref, caches.BytesCache]] = {}
_MAKING: dict[tuple[int, tuple], threading.Lock] = {}


def _cache_of(tr: Translator) -> caches.BytesCache:
    with _LOCK:
        found = _BY_MODEL.get(id(tr))
        if found is not None and found[0]() is tr:
            return found[1]
        cache = caches.BytesCache()
        _BY_MODEL[id(tr)] = (weakref.ref(tr), cache)
        weakref.finalize(tr, _forget, id(tr), cache)
        return cache


def _forget(key: int, cache: caches.BytesCache) -> None:
    with _LOCK:
        if key in _BY_MODEL and _BY_MODEL[key][1] is cache:
            del _BY_MODEL[key]
    cache.clear()


def sentence(tr: Translator, text: str, reference: str | None = None,
             lang: str = "en") -> dict[str, Any]:  # fmt: skip
    """`ui.player.data.sentence(tr, text, reference, lang)`, made once per server."""
    cache = _cache_of(tr)
    key = (text, reference, lang)
    with _LOCK:
        making = _MAKING.setdefault((id(cache), key), threading.Lock())
    try:
        with making:  # one decode at a time per sentence: the others find it made
            return cache.get_or_make(key, lambda: player_data.sentence(tr, text, reference, lang))
    finally:
        with _LOCK:
            if _MAKING.get((id(cache), key)) is making and not making.locked():
                del _MAKING[(id(cache), key)]
