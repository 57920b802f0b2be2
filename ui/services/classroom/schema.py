"""The class database's tables and their ordered migrations.

Each migration is a function that builds the tables its version added, as they were at that
version, into a MetaData; the current tables (`METADATA`, used by the queries) are all of
them built together. A later change to a table is a new migration (an ALTER) that also
changes the current definition, so an old database and a new one end with the same tables.
`migrate` runs under a lock (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE), so
replicas opening one database at once apply each migration once.

- 1: classes, students, questions, answers.
- 2: publications (the class board).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from ui.services.classroom.errors import ClassError

log = logging.getLogger(__name__)
LOCK_KEY = 290_029  # the PostgreSQL advisory lock the migrations hold


def _cascade(column: str) -> sa.ForeignKey:
    return sa.ForeignKey(column, ondelete="CASCADE")


def v1_tables(md: sa.MetaData) -> None:
    """Version 1: classes, their students, the questions asked and the answers."""
    sa.Table(
        "classes", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("lesson", sa.String(400), nullable=False),
        sa.Column("teacher_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sqlite_autoincrement=True,  # ids never reused after a delete
    )  # fmt: skip
    sa.Table(
        "students", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("class_id", sa.Integer, _cascade("classes.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("nickname", sa.String(100), nullable=False),
        sa.Column("nick_key", sa.String(100), nullable=False),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.Column("flood_start", sa.Float, nullable=False, server_default="0"),
        sa.Column("flood_calls", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("class_id", "nick_key", name="uq_students_nick"),
        sqlite_autoincrement=True,  # ids never reused after a delete
    )  # fmt: skip
    questions = sa.Table(
        "questions", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("class_id", sa.Integer, _cascade("classes.id"), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("src", sa.Text, nullable=False),
        sa.Column("fed", sa.Text, nullable=False),  # JSON list of tokens
        sa.Column("candidates", sa.Text, nullable=False),  # JSON, the model's order
        sa.Column("probs", sa.Text, nullable=False),  # JSON, same order
        sa.Column("shown", sa.Text, nullable=False),  # JSON, the shuffled order students see
        sa.Column("argmax", sa.String(400), nullable=False),
        sa.Column("reference", sa.String(400), nullable=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("asked_at", sa.Float, nullable=False),
        sa.Index("ix_questions_class", "class_id", "id"),
        sqlite_autoincrement=True,  # ids never reused after a delete
    )  # fmt: skip
    open_only = questions.c.state == "open"
    sa.Index("uq_questions_open", questions.c.class_id, unique=True,
             sqlite_where=open_only, postgresql_where=open_only)  # fmt: skip
    sa.Table(
        "answers", md,
        sa.Column("question_id", sa.Integer, _cascade("questions.id"), primary_key=True),
        sa.Column("student_id", sa.Integer, _cascade("students.id"), primary_key=True),
        sa.Column("choice", sa.String(400), nullable=False),
        sa.Column("other", sa.Boolean, nullable=False),
        sa.Column("answered_at", sa.Float, nullable=False),
    )  # fmt: skip


def v2_tables(md: sa.MetaData) -> None:
    """Version 2: the class board's published models."""
    sa.Table(
        "publications", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("class_id", sa.Integer, _cascade("classes.id"), nullable=False),
        sa.Column("student_id", sa.Integer, _cascade("students.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("exact_match", sa.Float, nullable=False),
        sa.Column("bleu", sa.Float, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("model", sa.LargeBinary, nullable=False),
        sa.Column("published_at", sa.Float, nullable=False),
        sa.UniqueConstraint("student_id", "name_key", name="uq_publications_name"),
        sa.Index("ix_publications_class", "class_id"),
        sqlite_autoincrement=True,  # ids never reused after a delete
    )  # fmt: skip


def _creates(*builds: Callable[[sa.MetaData], None]) -> Callable[[sa.Connection], None]:
    """A migration that creates the tables of the last of `builds`; the earlier ones (the
    versions before it) are built alongside, unsaved, for its foreign keys to refer to."""

    def migration(conn: sa.Connection) -> None:
        before = sa.MetaData()
        for build in builds[:-1]:
            build(before)
        md = sa.MetaData()
        for build in builds:
            build(md)
        md.create_all(conn, tables=[t for n, t in md.tables.items() if n not in before.tables])

    migration.__doc__ = builds[-1].__doc__
    return migration


# (version, migration), in order; a database at version v has had every migration <= v.
MIGRATIONS: list[tuple[int, Callable[[sa.Connection], None]]] = [
    (1, _creates(v1_tables)),
    (2, _creates(v1_tables, v2_tables)),
]
LATEST = MIGRATIONS[-1][0]

METADATA = sa.MetaData()
v1_tables(METADATA)
v2_tables(METADATA)
CLASSES, STUDENTS, QUESTIONS, ANSWERS, PUBLICATIONS = (
    METADATA.tables[n] for n in ("classes", "students", "questions", "answers", "publications")
)

VERSION = sa.Table(
    "schema_version", sa.MetaData(), sa.Column("version", sa.Integer, nullable=False)
)


def version(conn: sa.Connection) -> int:
    """The schema version of the database (0: empty)."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(sa.select(VERSION.c.version)).scalar() or 0


def migrate(engine: sa.Engine, upto: int = LATEST) -> int:
    """Bring the database to version `upto` (the newest by default), applying the missing
    migrations in order in one transaction; the version it is at. A database newer than this
    code is refused (ClassError("unavailable")), never written."""
    with engine.execution_options(class_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        VERSION.create(conn, checkfirst=True)
        found = version(conn)
        if found > LATEST:
            log.error("class database is at schema %d, newer than this app's %d", found, LATEST)
            raise ClassError("unavailable")
        for number, migration in MIGRATIONS:
            if found < number <= upto:
                migration(conn)
                log.info("class database migrated to schema %d", number)
        now = max(found, min(upto, LATEST))
        conn.execute(sa.delete(VERSION))
        conn.execute(sa.insert(VERSION).values(version=now))
    return now
