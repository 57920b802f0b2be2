"""The connection to the class database: SQLite (WAL, busy timeout) or PostgreSQL
(psycopg 3), its transactions, and the look-ups every part of the store shares.

`Database.write()` is a transaction that writes: on SQLite it begins IMMEDIATE (it takes the
write lock at once, so two writers queue on the busy timeout instead of failing on a lock
upgrade); `read()` begins a deferred one (WAL: readers never wait for writers). A database
that cannot be reached raises ClassError("unavailable").
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import sqlalchemy as sa

from ui.services.classroom.checks import normal_code, same_secret, secret_hash
from ui.services.classroom.errors import ClassError
from ui.services.classroom.schema import CLASSES, STUDENTS

BUSY_SECONDS = 30.0  # how long an SQLite writer waits for the write lock
RETRIES = 5  # a transaction that lost a race (a unique key taken meanwhile) is run again


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().resolve().parent
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_SECONDS})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # the transactions are begun below, not by sqlite3
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across a crash of the app
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("class_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> sa.Engine:
    """An engine for `url`: SQLite set up as above, PostgreSQL with connections checked
    before use (a restarted server is reconnected to)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)


def default_sqlite_url(folder: Path) -> str:
    """The URL of `classroom.db` in `folder`, the folder made (0700) when missing."""
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return sa.URL.create("sqlite", database=str(folder / "classroom.db")).render_as_string()


class Database:
    """An engine and its two kinds of transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(class_write=True)
        # SQLite has one writer at a time: this process's threads queue here, in order,
        # rather than on SQLite's busy handler, which sleeps up to 100 ms between tries.
        self._one_writer = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as err:
            raise ClassError("unavailable") from err

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        try:
            with self._one_writer, self._writer.begin() as conn:
                yield conn
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as err:
            raise ClassError("unavailable") from err


def class_row(conn: sa.Connection, code: str, lock: bool = False) -> sa.Row:
    """The row of the class `code`; ClassError("no_class"). `lock`: PostgreSQL holds the
    row until the transaction ends (SQLite's write transaction holds the whole file)."""
    typed = normal_code(code)
    query = sa.select(CLASSES).where(CLASSES.c.code == typed)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first() if typed else None
    if row is None:
        raise ClassError("no_class")
    return row


def teacher_class(conn: sa.Connection, code: str, teacher_key: str, lock: bool = False) -> sa.Row:
    """The class's row when `teacher_key` opens it; ClassError("no_class"/"wrong_key")."""
    row = class_row(conn, code, lock)
    if not same_secret(teacher_key, row.teacher_hash):
        raise ClassError("wrong_key")
    return row


def student_row(conn: sa.Connection, code: str, token: str) -> sa.Row:
    """The student of class `code` whose browser holds `token` (`class_id`, `id`,
    `nickname`, ..., and the class's `code`), in one query; ClassError("no_class" or
    "not_student")."""
    typed = normal_code(code)
    query = (
        sa.select(STUDENTS, CLASSES.c.code)
        .join(CLASSES, CLASSES.c.id == STUDENTS.c.class_id)
        .where(CLASSES.c.code == typed, STUDENTS.c.token_hash == secret_hash(token))
    )
    row = conn.execute(query).first() if typed else None
    if row is None:
        class_row(conn, code)  # no_class when there is no such class
        raise ClassError("not_student")
    return row
