"""The player's data of a sentence, made once per server and translator (issue 25): 120
students opening the same lesson link get the decode made by the first (before, each
session decoded it again: ~40 ms of the server's one core per page, greedy and
teacher-forced). Kept per translator object, held weakly: an own model (a session's) is
only ever met by its session, and its entries go when it does; by bytes in
ui/services/caches.py's bounded caches (a session cache's bound per translator, inside the
server's). Students arriving together wait for the one decode under way rather than each
making it. The data returned is shared: read it, never change it.

The same holds for the Decode page (its first page for a class was ~90 ms of the one core,
a third of it the greedy decode, its player data and the what-if view's second decode,
the same for every student on the teacher's link): `trace` is a decode of a sentence with
a prefix (none: greedy), `greedy_data` its player data."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

from seq2seq_core.decoding.trace import DecodeTrace
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


def once(tr: Translator, key: Hashable, make: Callable[[], Any]) -> Any:
    """The value kept for `tr` under `key`, made by `make` once per server: callers arriving
    while it is being made wait for it instead of making it again."""
    cache = _cache_of(tr)
    with _LOCK:
        making = _MAKING.setdefault((id(cache), key), threading.Lock())
    try:
        with making:  # one maker at a time per key: the others find it made
            return cache.get_or_make(key, make)
    finally:
        with _LOCK:
            if _MAKING.get((id(cache), key)) is making and not making.locked():
                del _MAKING[(id(cache), key)]


def sentence(tr: Translator, text: str, reference: str | None = None,
             lang: str = "en") -> dict[str, Any]:  # fmt: skip
    """`ui.player.data.sentence(tr, text, reference, lang)`, made once per server."""
    return once(tr, ("sentence", text, reference, lang),
                lambda: player_data.sentence(tr, text, reference, lang))  # fmt: skip


def trace(tr: Translator, text: str, prefix: tuple[int, ...] = ()) -> DecodeTrace:
    """`tr.trace(text, prefix=prefix)`, made once per server."""
    prefix = tuple(int(i) for i in prefix)
    return once(tr, ("trace", text, prefix), lambda: tr.trace(text, prefix=prefix))


def greedy_data(tr: Translator, text: str, lang: str = "en") -> dict[str, Any]:
    """The player's data of `trace(tr, text)` without a teacher-forced pass (the Decode
    page's), made once per server."""
    vocab = tr.cfg.tgt_vocab
    return once(tr, ("greedy", text, lang),
                lambda: player_data.sentence_data(trace(tr, text), None, lang, vocab))  # fmt: skip
