"""The class board: bounded, ranked by exact match then BLEU, the bytes given back as
published. On SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pytest

from seq2seq_core.limits import MAX_CHECKPOINT_BYTES, MODEL_UPLOAD_MB
from ui.services.classroom import ClassError
from ui.services.classroom import board as board_module
from ui.services.classroom.records import MODEL_MAX_BYTES, NAME_MAX, STUDENT_MAX_MODELS


def _refused(code: str, call) -> None:
    with pytest.raises(ClassError) as err:
        call()
    assert err.value.code == code


def test_the_board_ranks_by_exact_match_then_bleu_ties_sharing_a_rank(klass):
    s, code = klass.store, klass.code
    scores = {"a": (0.40, 30.0), "b": (0.55, 10.0), "c": (0.40, 35.0), "d": (0.40, 30.0)}
    for nick, (em, bleu) in scores.items():
        s.publish(code, s.join(code, nick).token, nick.encode() * 10, em, bleu, f"model {nick}")
    ranked = [(e.rank, e.nickname, e.name, e.size) for e in s.board(code)]
    assert ranked == [(1, "b", "model b", 10), (2, "c", "model c", 10),
                      (3, "a", "model a", 10), (3, "d", "model d", 10)]  # fmt: skip


def test_a_published_model_comes_back_byte_for_byte_in_its_class_only(klass):
    s, code = klass.store, klass.code
    blob = bytes(range(256)) * 40
    pid = s.publish(code, s.join(code, "Ara").token, blob, 0.25, 12.5, "Ara v1")
    assert s.published_model(code.lower(), pid) == blob
    other, _ = s.create_class("other")
    _refused("no_model", lambda: s.published_model(other.code, pid))
    _refused("no_model", lambda: s.published_model(code, pid + 1000))


def test_a_name_published_again_replaces_the_students_model(klass):
    s, code = klass.store, klass.code
    token = s.join(code, "Ara").token
    first = s.publish(code, token, b"v1", 0.1, 1.0, "Mine")
    second = s.publish(code, token, b"v2", 0.2, 2.0, "mine")
    assert [e.publication_id for e in s.board(code)] == [second] and second > first
    assert s.published_model(code, second) == b"v2"


def test_a_student_publishes_a_few_models_only(klass):
    s, code = klass.store, klass.code
    token = s.join(code, "Ara").token
    for i in range(STUDENT_MAX_MODELS):
        s.publish(code, token, b"m", 0.1, 1.0, f"m{i}")
    _refused("too_many_models", lambda: s.publish(code, token, b"m", 0.1, 1.0, "one more"))
    s.publish(code, token, b"m2", 0.1, 1.0, "m0")  # a replacement still fits
    pid = s.board(code)[0].publication_id
    s.unpublish(code, token, pid)
    s.publish(code, token, b"m", 0.1, 1.0, "one more")
    assert len(s.board(code)) == STUDENT_MAX_MODELS


def test_the_class_board_is_bounded_in_models_and_bytes(klass, monkeypatch):
    s, code = klass.store, klass.code
    monkeypatch.setattr(board_module, "BOARD_MAX_MODELS", 2)
    monkeypatch.setattr(board_module, "BOARD_MAX_BYTES", 100)
    s.publish(code, s.join(code).token, b"x" * 60, 0.1, 1.0, "a")
    _refused("board_full", lambda: s.publish(code, s.join(code).token, b"x" * 41, 0.1, 1.0, "b"))
    s.publish(code, s.join(code).token, b"x" * 40, 0.1, 1.0, "b")
    _refused("board_full", lambda: s.publish(code, s.join(code).token, b"x", 0.1, 1.0, "c"))


def test_a_model_is_bounded_as_an_uploaded_one(klass):
    assert MODEL_MAX_BYTES == MAX_CHECKPOINT_BYTES <= MODEL_UPLOAD_MB * 1024 * 1024
    s, code = klass.store, klass.code
    token = s.join(code).token
    too_big = bytes(MODEL_MAX_BYTES + 1)
    _refused("model_too_big", lambda: s.publish(code, token, too_big, 0.1, 1.0, "big"))
    assert s.board(code) == []


@pytest.mark.parametrize(
    ("em", "bleu"),
    [
        (-0.01, 1.0),
        (1.01, 1.0),
        (0.5, -1.0),
        (0.5, 100.5),
        (math.nan, 1.0),
        (0.5, math.inf),
        (True, 1.0),
        ("0.5", 1.0),
    ],
)
def test_scores_out_of_range_are_refused(klass, em, bleu):
    token = klass.store.join(klass.code).token
    _refused("bad_scores", lambda: klass.store.publish(klass.code, token, b"m", em, bleu, "m"))


@pytest.mark.parametrize("name", ["", "x" * (NAME_MAX + 1), "a\nb", "<img src=x>"])
def test_model_names_are_checked(klass, name):
    token = klass.store.join(klass.code).token
    _refused("bad_name", lambda: klass.store.publish(klass.code, token, b"m", 0.1, 1.0, name))
