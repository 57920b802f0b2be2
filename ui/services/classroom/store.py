"""`ClassStore`: a class's students, questions, answers and board in one database, and
`open_store` that opens (and migrates) it.

Every method is one short transaction, safe from many threads and processes at once (the
replicas of serve.py share the database). Queries take parameters only, never text built
from input. A teacher's method takes the teacher key and raises ClassError("wrong_key")
without it; a student's takes the student token.
"""

from __future__ import annotations

import os
from pathlib import Path

from ui.services.classroom.records import (
    BoardEntry,
    ClassInfo,
    PublicQuestion,
    QuestionSpec,
    StepResult,
    Student,
    Tally,
)

URL_ENV = "SEQ2SEQ_DATABASE_URL"  # a database URL, e.g. postgresql+psycopg://user:pw@host/db
DATA_DIR_ENV = "SEQ2SEQ_DATA_DIR"  # the folder of the SQLite file when no URL is set
DEFAULT_DATA_DIR = Path("~/.local/share/seq2seq-classroom")
DB_FILE = "classroom.db"


def data_dir() -> Path:
    """The folder of the default SQLite database: $SEQ2SEQ_DATA_DIR, else
    ~/.local/share/seq2seq-classroom."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).expanduser()


def open_store(url: str | None = None) -> ClassStore:
    """The class store at `url` (an SQLAlchemy URL: `sqlite:///path` or
    `postgresql+psycopg://...`); None means $SEQ2SEQ_DATABASE_URL, else the SQLite file
    `classroom.db` in `data_dir()` (the folder made 0700). The schema is brought to the
    newest version on open. Raises ClassError("unavailable") when it cannot be opened."""
    raise NotImplementedError


class ClassStore:
    """One database of classes. Use `open_store`; `dispose()` releases its connections."""

    url: str  # the database URL, password hidden

    def dispose(self) -> None:
        """Release the store's connections (the data stays)."""
        raise NotImplementedError

    # --- classes and students -------------------------------------------------------------

    def create_class(self, lesson: str) -> tuple[ClassInfo, str]:
        """A new class for `lesson` (capped at LESSON_MAX characters) and its teacher key,
        a secret for the teacher's browser only (only its hash is stored)."""
        raise NotImplementedError

    def get_class(self, code: str) -> ClassInfo:
        """The class with `code` (case and spaces forgiven); ClassError("no_class")."""
        raise NotImplementedError

    def check_teacher(self, code: str, teacher_key: str) -> ClassInfo:
        """The class when `teacher_key` is its key; ClassError("wrong_key") otherwise."""
        raise NotImplementedError

    def end_class(self, code: str, teacher_key: str) -> None:
        """Delete the class with everything in it: students, questions, answers, board."""
        raise NotImplementedError

    def join(self, code: str, nickname: str | None = None) -> Student:
        """A new student in the class, with a secret token for the student's browser. The
        nickname is trimmed and checked (NICKNAME_MAX characters, letters, digits, space,
        _ - . only: ClassError("bad_nickname"/"nickname_too_long")); one already taken in
        the class (case ignored) gets " 2", " 3", ...; None or blank gets "student N"."""
        raise NotImplementedError

    def student(self, code: str, token: str) -> Student:
        """The student whose browser holds `token`, in the class `code` (a reconnect);
        ClassError("not_student") when there is none."""
        raise NotImplementedError

    # --- questions and answers ------------------------------------------------------------

    def ask(self, code: str, teacher_key: str, spec: QuestionSpec) -> int:
        """Ask the class `spec`; its id. The candidates are shuffled once and stored in that
        order. A question still open in the class is closed first (one open at a time)."""
        raise NotImplementedError

    def current_question(self, code: str) -> PublicQuestion | None:
        """The class's latest question as students see it (None before the first)."""
        raise NotImplementedError

    def answer(self, code: str, student_token: str, question_id: int, choice: str) -> None:
        """The student's answer: a candidate, or any other text ("something else", at most
        OTHER_MAX characters, stored as text). One per student and question: a new answer
        replaces the student's earlier one while the question is open
        (ClassError("question_closed") after). More than FLOOD_CALLS calls in FLOOD_SECONDS
        from one student: ClassError("flood")."""
        raise NotImplementedError

    def my_answer(self, code: str, student_token: str, question_id: int) -> str | None:
        """The student's own answer to the question, None when not answered."""
        raise NotImplementedError

    def close_question(self, code: str, teacher_key: str, question_id: int) -> None:
        """Close the question: answers no longer change (nothing is shown to students)."""
        raise NotImplementedError

    def reveal(self, code: str, teacher_key: str, question_id: int) -> None:
        """Show the class the tally and the model's answer (closes the question too)."""
        raise NotImplementedError

    def tally(self, code: str, teacher_key: str, question_id: int) -> Tally:
        """The counts of a question's answers for the teacher's chart (live while open)."""
        raise NotImplementedError

    def history(self, code: str, teacher_key: str, src: str | None = None) -> list[StepResult]:
        """Per asked step of the sentence `src` (default: the latest question's), in step
        order, the class's answer beside the model's argmax and the reference (the latest
        question of a step asked twice)."""
        raise NotImplementedError

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
        raise NotImplementedError

    def unpublish(self, code: str, student_token: str, publication_id: int) -> None:
        """Take the student's own model off the board (ClassError("no_model") otherwise)."""
        raise NotImplementedError

    def board(self, code: str) -> list[BoardEntry]:
        """The class's published models, best first: exact match, then BLEU, then earliest."""
        raise NotImplementedError

    def published_model(self, code: str, publication_id: int) -> bytes:
        """The bytes of a published model of the class (ClassError("no_model"))."""
        raise NotImplementedError
