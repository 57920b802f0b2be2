"""`ClassStore`: a class's students, questions, answers and board in one database, and
`open_store` that opens (and migrates) it.

Every method is one short transaction, safe from many threads and processes at once (the
replicas of serve.py share the database). Queries take parameters only, never text built
from input. A teacher's method takes the teacher key and raises ClassError("wrong_key")
without it; a student's takes the student token.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa

from ui.services.classroom import board as board_
from ui.services.classroom import questions
from ui.services.classroom.checks import (
    check_name,
    check_text,
    name_key,
    new_code,
    new_secret,
    secret_hash,
)
from ui.services.classroom.database import (
    RETRIES,
    Database,
    class_row,
    default_sqlite_url,
    make_engine,
    student_row,
    teacher_class,
)
from ui.services.classroom.errors import ClassError
from ui.services.classroom.records import (
    LESSON_MAX,
    MAX_STUDENTS,
    NICKNAME_MAX,
    BoardEntry,
    ClassInfo,
    PublicQuestion,
    QuestionSpec,
    StepResult,
    Student,
    Tally,
)
from ui.services.classroom.schema import CLASSES, STUDENTS, migrate

URL_ENV = "SEQ2SEQ_DATABASE_URL"  # a database URL, e.g. postgresql+psycopg://user:pw@host/db
DATA_DIR_ENV = "SEQ2SEQ_DATA_DIR"  # the folder of the SQLite file when no URL is set
DEFAULT_DATA_DIR = Path("~/.local/share/seq2seq-classroom")


def data_dir() -> Path:
    """The folder of the default SQLite database: $SEQ2SEQ_DATA_DIR, else
    ~/.local/share/seq2seq-classroom."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).expanduser()


def open_store(url: str | None = None) -> ClassStore:
    """The class store at `url` (an SQLAlchemy URL: `sqlite:///path` or
    `postgresql+psycopg://...`); None means $SEQ2SEQ_DATABASE_URL, else the SQLite file
    `classroom.db` in `data_dir()` (the folder made 0700). The schema is brought to the
    newest version on open. Raises ClassError("unavailable") when it cannot be opened."""
    url = url or os.environ.get(URL_ENV) or default_sqlite_url(data_dir())
    try:
        engine = make_engine(url)
    except (sa.exc.ArgumentError, ImportError) as err:
        raise ClassError("unavailable") from err
    try:
        migrate(engine)
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as err:
        engine.dispose()
        raise ClassError("unavailable") from err
    return ClassStore(Database(engine))


def _info(conn: sa.Connection, row: sa.Row) -> ClassInfo:
    students = conn.execute(
        sa.select(sa.func.count()).where(STUDENTS.c.class_id == row.id)
    ).scalar_one()
    return ClassInfo(row.code, row.lesson, row.created_at, students)


def _free_nickname(taken: set[str], wanted: str | None, count: int) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`, ... (cut to fit NICKNAME_MAX) whichever is not
    `taken` (keys); no nickname: `#N`, a name no student can choose (# is not allowed)."""
    if wanted is None:
        n = count + 1
        while name_key(f"#{n}") in taken:
            n += 1
        return f"#{n}"
    n, name = 1, wanted
    while name_key(name) in taken:
        n += 1
        suffix = f" {n}"
        name = wanted[: NICKNAME_MAX - len(suffix)].rstrip() + suffix
    return name


class ClassStore:
    """One database of classes. Use `open_store`; `dispose()` releases its connections."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.url = db.engine.url.render_as_string(hide_password=True)  # the password hidden
        self.backend = db.engine.dialect.name  # "sqlite" or "postgresql"

    def dispose(self) -> None:
        """Release the store's connections (the data stays)."""
        self._db.engine.dispose()

    # --- classes and students -------------------------------------------------------------

    def create_class(self, lesson: str) -> tuple[ClassInfo, str]:
        """A new class for `lesson` (capped at LESSON_MAX characters) and its teacher key,
        a secret for the teacher's browser only (only its hash is stored)."""
        lesson = check_text(lesson, LESSON_MAX, "bad_lesson")
        key = new_secret()
        for attempt in range(RETRIES):
            row = {"code": new_code(), "lesson": lesson, "teacher_hash": secret_hash(key),
                   "created_at": time.time()}  # fmt: skip
            try:
                with self._db.write() as conn:
                    conn.execute(sa.insert(CLASSES).values(row))
                return ClassInfo(row["code"], lesson, row["created_at"], 0), key
            except sa.exc.IntegrityError:  # the code was taken (1 in ~887 million a class)
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def get_class(self, code: str) -> ClassInfo:
        """The class with `code` (case and spaces forgiven); ClassError("no_class")."""
        with self._db.read() as conn:
            return _info(conn, class_row(conn, code))

    def check_teacher(self, code: str, teacher_key: str) -> ClassInfo:
        """The class when `teacher_key` is its key; ClassError("wrong_key") otherwise."""
        with self._db.read() as conn:
            return _info(conn, teacher_class(conn, code, teacher_key))

    def end_class(self, code: str, teacher_key: str) -> None:
        """Delete the class with everything in it: students, questions, answers, board."""
        with self._db.write() as conn:
            row = teacher_class(conn, code, teacher_key)
            conn.execute(sa.delete(CLASSES).where(CLASSES.c.id == row.id))

    def purge(self, max_age_days: float) -> int:
        """Delete every class begun more than `max_age_days` ago, with everything in it (a
        class forgotten by its teacher does not keep its students' nicknames and answers
        for ever); how many were deleted. For the app's start or a maintenance job."""
        if not max_age_days > 0:
            raise ValueError("max_age_days must be positive")
        cutoff = time.time() - max_age_days * 86400
        with self._db.write() as conn:
            return conn.execute(sa.delete(CLASSES).where(CLASSES.c.created_at < cutoff)).rowcount

    def join(self, code: str, nickname: str | None = None) -> Student:
        """A new student in the class, with a secret token for the student's browser. The
        nickname is trimmed and checked (NICKNAME_MAX characters, letters, digits, space,
        _ - . only: ClassError("bad_nickname"/"nickname_too_long")); one already taken in
        the class (case ignored) gets " 2", " 3", ...; None or blank gets "#N" (a name no
        student can choose)."""
        wanted = None
        if not (nickname is None or (isinstance(nickname, str) and not nickname.strip())):
            wanted = check_name(nickname, NICKNAME_MAX, "bad_nickname", "nickname_too_long")
        token = new_secret()
        for attempt in range(RETRIES):
            try:
                with self._db.write() as conn:
                    klass = class_row(conn, code, lock=True)
                    taken = set(conn.execute(
                        sa.select(STUDENTS.c.nick_key).where(STUDENTS.c.class_id == klass.id)
                    ).scalars())  # fmt: skip
                    if len(taken) >= MAX_STUDENTS:
                        raise ClassError("class_full", limit=MAX_STUDENTS)
                    name = _free_nickname(taken, wanted, len(taken))
                    row = {"class_id": klass.id, "token_hash": secret_hash(token),
                           "nickname": name, "nick_key": name_key(name),
                           "joined_at": time.time()}  # fmt: skip
                    sid = conn.execute(sa.insert(STUDENTS).values(row)).inserted_primary_key[0]
                return Student(sid, klass.code, name, token)
            except sa.exc.IntegrityError:  # the nickname was taken meanwhile
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def student(self, code: str, token: str) -> Student:
        """The student whose browser holds `token`, in the class `code` (a reconnect);
        ClassError("not_student") when there is none."""
        with self._db.read() as conn:
            row = student_row(conn, code, token)
            return Student(row.id, row.code, row.nickname, token)

    # --- questions and answers ------------------------------------------------------------

    def ask(self, code: str, teacher_key: str, spec: QuestionSpec) -> int:
        """Ask the class `spec`; its id. The candidates are shuffled once and stored in that
        order. A question still open in the class is closed first (one open at a time)."""
        return questions.ask(self._db, code, teacher_key, spec)

    def current_question(self, code: str) -> PublicQuestion | None:
        """The class's latest question as students see it (None before the first)."""
        return questions.current_question(self._db, code)

    def answer(self, code: str, student_token: str, question_id: int, choice: str) -> None:
        """The student's answer: a candidate, or any other text ("something else", at most
        OTHER_MAX characters, stored as text). One per student and question: a new answer
        replaces the student's earlier one while the question is open
        (ClassError("question_closed") after). More than FLOOD_CALLS calls in FLOOD_SECONDS
        from one student: ClassError("flood")."""
        questions.answer(self._db, code, student_token, question_id, choice)

    def my_answer(self, code: str, student_token: str, question_id: int) -> str | None:
        """The student's own answer to the question, None when not answered."""
        return questions.my_answer(self._db, code, student_token, question_id)

    def close_question(self, code: str, teacher_key: str, question_id: int) -> None:
        """Close the question: answers no longer change (nothing is shown to students)."""
        questions.set_state(self._db, code, teacher_key, question_id, "closed")

    def reveal(self, code: str, teacher_key: str, question_id: int) -> None:
        """Show the class the tally and the model's answer (closes the question too)."""
        questions.set_state(self._db, code, teacher_key, question_id, "revealed")

    def tally(self, code: str, teacher_key: str, question_id: int) -> Tally:
        """The counts of a question's answers for the teacher's chart (live while open)."""
        return questions.tally(self._db, code, teacher_key, question_id)

    def history(self, code: str, teacher_key: str, src: str | None = None) -> list[StepResult]:
        """Per asked step of the sentence `src` (default: the latest question's), in step
        order, the class's answer beside the model's argmax and the reference (the latest
        question of a step asked twice)."""
        return questions.history(self._db, code, teacher_key, src)

    # --- the class board ------------------------------------------------------------------

    def publish(
        self,
        code: str,
        student_token: str,
        model_bytes: bytes,
        exact_match: float,
        bleu: float,
        name: str,
    ) -> int:
        """Publish a model to the class board under the student's own nickname (taken from
        the token, never given); its publication id. At most MODEL_MAX_BYTES
        (ClassError("model_too_big")), STUDENT_MAX_MODELS per student
        (ClassError("too_many_models"); a name the student already used is replaced),
        BOARD_MAX_MODELS and BOARD_MAX_BYTES per class (ClassError("board_full")). The
        bytes are not read here: the caller checks them on load exactly as an uploaded model
        file."""
        return board_.publish(self._db, code, student_token, model_bytes, exact_match, bleu, name)

    def unpublish(self, code: str, student_token: str, publication_id: int) -> None:
        """Take the student's own model off the board (ClassError("no_model") otherwise)."""
        board_.unpublish(self._db, code, student_token, publication_id)

    def board(self, code: str) -> list[BoardEntry]:
        """The class's published models, best first: exact match, then BLEU, then earliest."""
        return board_.board(self._db, code)

    def published_model(self, code: str, publication_id: int) -> bytes:
        """The bytes of a published model of the class (ClassError("no_model"))."""
        return board_.published_model(self._db, code, publication_id)
