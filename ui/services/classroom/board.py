"""The class board: models students publish under their nicknames, ranked by held-out exact
match, then BLEU. Functions of a `Database`; ClassStore's methods call them.

The bytes are stored as given, bounded (MODEL_MAX_BYTES each, STUDENT_MAX_MODELS per
student, BOARD_MAX_MODELS and BOARD_MAX_BYTES per class) and never read here: whoever loads
one checks it exactly as an uploaded model file. The nickname on the board is the
publishing student's own, taken from the token.
"""

from __future__ import annotations

import math
import time

import sqlalchemy as sa

from ui.services.classroom.checks import check_name, name_key
from ui.services.classroom.database import Database, class_row, student_row
from ui.services.classroom.errors import ClassError
from ui.services.classroom.records import (
    BOARD_MAX_BYTES,
    BOARD_MAX_MODELS,
    MODEL_MAX_BYTES,
    NAME_MAX,
    STUDENT_MAX_MODELS,
    BoardEntry,
)
from ui.services.classroom.schema import PUBLICATIONS as PUB
from ui.services.classroom.schema import STUDENTS


def _scores_ok(exact_match: object, bleu: object) -> bool:
    def number(x: object) -> bool:
        return isinstance(x, float | int) and not isinstance(x, bool) and math.isfinite(x)

    return number(exact_match) and number(bleu) and 0 <= exact_match <= 1 and 0 <= bleu <= 100


def _check_room(conn: sa.Connection, class_id: int, student_id: int, size: int,
                replaced: int | None) -> None:  # fmt: skip
    """ClassError("too_many_models"/"board_full") when the model does not fit."""
    others = PUB.c.id != (replaced if replaced is not None else -1)
    mine = conn.execute(
        sa.select(sa.func.count()).where(PUB.c.student_id == student_id, others)
    ).scalar_one()
    if mine >= STUDENT_MAX_MODELS:
        raise ClassError("too_many_models", limit=STUDENT_MAX_MODELS)
    count, total = conn.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(PUB.c.size), 0)).where(
            PUB.c.class_id == class_id, others
        )
    ).one()
    if count >= BOARD_MAX_MODELS or total + size > BOARD_MAX_BYTES:
        raise ClassError("board_full")


def publish(db: Database, code: str, token: str, model_bytes: bytes, exact_match: float,
            bleu: float, name: str) -> int:  # fmt: skip
    """See ClassStore.publish."""
    if not isinstance(model_bytes, bytes | bytearray | memoryview):
        raise TypeError("model_bytes must be bytes")
    size = len(model_bytes)
    if size > MODEL_MAX_BYTES:
        raise ClassError("model_too_big", size=size, limit=MODEL_MAX_BYTES)
    if not _scores_ok(exact_match, bleu):
        raise ClassError("bad_scores")
    name = check_name(name, NAME_MAX, "bad_name")
    with db.write() as conn:
        class_row(conn, code, lock=True)  # PostgreSQL: one publish of a class at a time
        student = student_row(conn, code, token)
        replaced = conn.execute(
            sa.select(PUB.c.id).where(
                PUB.c.student_id == student.id, PUB.c.name_key == name_key(name)
            )
        ).scalar()
        _check_room(conn, student.class_id, student.id, size, replaced)
        if replaced is not None:
            conn.execute(sa.delete(PUB).where(PUB.c.id == replaced))
        row = {
            "class_id": student.class_id, "student_id": student.id, "name": name,
            "name_key": name_key(name), "exact_match": float(exact_match), "bleu": float(bleu),
            "size": size, "model": bytes(model_bytes), "published_at": time.time(),
        }  # fmt: skip
        return conn.execute(sa.insert(PUB).values(row)).inserted_primary_key[0]


def unpublish(db: Database, code: str, token: str, publication_id: int) -> None:
    """See ClassStore.unpublish."""
    with db.write() as conn:
        student = student_row(conn, code, token)
        gone = conn.execute(
            sa.delete(PUB).where(PUB.c.id == publication_id, PUB.c.student_id == student.id)
        ).rowcount
    if not gone:
        raise ClassError("no_model")


def board(db: Database, code: str) -> list[BoardEntry]:
    """See ClassStore.board."""
    with db.read() as conn:
        klass = class_row(conn, code)
        rows = conn.execute(
            sa.select(
                PUB.c.id,
                STUDENTS.c.nickname,
                PUB.c.name,
                PUB.c.exact_match,
                PUB.c.bleu,
                PUB.c.size,
                PUB.c.published_at,
            )
            .join(STUDENTS, STUDENTS.c.id == PUB.c.student_id)
            .where(PUB.c.class_id == klass.id)
            .order_by(PUB.c.exact_match.desc(), PUB.c.bleu.desc(), PUB.c.published_at, PUB.c.id)
        ).all()
    entries, rank, previous = [], 0, None
    for i, row in enumerate(rows, start=1):
        if (row.exact_match, row.bleu) != previous:
            rank, previous = i, (row.exact_match, row.bleu)
        entries.append(BoardEntry(row.id, rank, row.nickname, row.name, row.exact_match,
                                  row.bleu, row.size, row.published_at))  # fmt: skip
    return entries


def published_model(db: Database, code: str, publication_id: int) -> bytes:
    """See ClassStore.published_model."""
    with db.read() as conn:
        klass = class_row(conn, code)
        model = conn.execute(
            sa.select(PUB.c.model).where(PUB.c.id == publication_id, PUB.c.class_id == klass.id)
        ).scalar()
    if model is None:
        raise ClassError("no_model")
    return bytes(model)
