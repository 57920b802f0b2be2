"""The player's data made once per server and translator (ui/player/shared.py): the same
sentence again (another session) is not decoded again, students arriving together wait for
the one decode under way, another translator or language is its own entry, and a
translator's entries go with it."""

from __future__ import annotations

import gc
import threading
import time

from tests.support.models import tiny_translator
from ui.player import data as player_data
from ui.player import shared

SOURCE = "a b c d"


def _counting(monkeypatch) -> list[tuple]:
    made: list[tuple] = []
    real = player_data.sentence

    def sentence(tr, text, reference=None, lang="en"):
        made.append((id(tr), text, reference, lang))
        time.sleep(0.05)  # a decode takes a while: others arrive meanwhile
        return real(tr, text, reference, lang)

    monkeypatch.setattr(player_data, "sentence", sentence)
    return made


def test_a_sentence_is_decoded_once_per_translator(monkeypatch):
    made = _counting(monkeypatch)
    tr, other = tiny_translator(), tiny_translator(seed=1)
    first = shared.sentence(tr, SOURCE, "d c b a", "en")
    assert shared.sentence(tr, SOURCE, "d c b a", "en") is first
    assert first["text"] == SOURCE and first["teacher"] is not None
    shared.sentence(tr, SOURCE, "d c b a", "ko")  # another language: its strings
    shared.sentence(other, SOURCE, "d c b a", "en")  # another model
    assert len(made) == 3


def test_students_arriving_together_share_one_decode(monkeypatch):
    made = _counting(monkeypatch)
    tr = tiny_translator()
    got: list[dict] = []
    threads = [threading.Thread(target=lambda: got.append(shared.sentence(tr, SOURCE)))
               for _ in range(8)]  # fmt: skip
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(made) == 1 and len(got) == 8 and all(g is got[0] for g in got)


def test_a_translators_entries_go_with_it(monkeypatch):
    made = _counting(monkeypatch)
    tr = tiny_translator()
    shared.sentence(tr, SOURCE)
    cache = shared._cache_of(tr)
    assert len(cache) == 1
    del tr
    gc.collect()
    assert len(cache) == 0
    again = tiny_translator()  # may get the same id(): never the old one's data
    shared.sentence(again, SOURCE)
    assert len(made) == 2


def test_the_decode_pages_trace_and_data_are_made_once_per_translator(monkeypatch):
    """The Decode page's greedy decode, a forced prefix's, and the greedy player data: each
    made once per server (a class on one link), each prefix its own decode."""
    tr = tiny_translator()
    decoded: list[tuple] = []
    real = type(tr).trace

    def counted(self, text, prefix=(), topk=5):
        decoded.append((text, tuple(prefix)))
        return real(self, text, prefix=prefix, topk=topk)

    monkeypatch.setattr(type(tr), "trace", counted)
    greedy = shared.trace(tr, SOURCE)
    assert shared.trace(tr, SOURCE) is greedy and shared.trace(tr, SOURCE, ()) is greedy
    forced = shared.trace(tr, SOURCE, [greedy.output_ids[0] + 1])  # a list, as a click gives
    assert shared.trace(tr, SOURCE, (greedy.output_ids[0] + 1,)) is forced
    data = shared.greedy_data(tr, SOURCE, "ko")
    assert shared.greedy_data(tr, SOURCE, "ko") is data
    assert data == player_data.sentence_data(greedy, None, "ko", tr.cfg.tgt_vocab)
    assert decoded == [(SOURCE, ()), (SOURCE, (greedy.output_ids[0] + 1,))]
