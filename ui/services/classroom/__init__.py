"""The class together (issue 29): classes, students, questions, answers and the class board
in a database shared by every replica. No Streamlit here (tests/test_boundaries.py).

- `store`: `open_store(url=None) -> ClassStore` and the store's methods (below).
- `records`: the dataclasses handed out and taken in, and the bounds (characters, counts, bytes).
- `errors`: `ClassError(code, **params)` and its `CODES`; words in ui/text/classroom.py.
- `schema`: the tables and the ordered migrations applied when a store opens.
- `database`: the engine (SQLite's WAL and locks, PostgreSQL's pool), its read and write
  transactions, and the look-ups of a class, its teacher and its students.
- `checks`: nicknames, free texts, class codes, secrets and their hashes.
- `questions`: asking, answering, tallies and the step-by-step history.
- `board`: publishing models to the class board and ranking them.

The database: `open_store(None)` uses $SEQ2SEQ_DATABASE_URL (PostgreSQL:
`postgresql+psycopg://user:password@host:5432/db`), else SQLite in the file `classroom.db`
of $SEQ2SEQ_DATA_DIR (default `~/.local/share/seq2seq-classroom`, made 0700), in WAL mode
with a busy timeout. A table `schema_version` holds the schema's version; `open_store`
applies the missing migrations in order, under a lock, so replicas opening at once agree.

One store serves every session of a process: its methods are safe from many threads (and
processes) at once, so open it once per process and share it. The interface (every refusal
is a ClassError; teacher methods take the teacher key):

    store = open_store()
    info, teacher_key = store.create_class(lesson)        # ClassInfo(code, ...), secret key
    store.get_class(code) -> ClassInfo
    store.check_teacher(code, teacher_key) -> ClassInfo
    store.end_class(code, teacher_key)                    # deletes the class and all in it
    store.purge(max_age_days) -> int                      # deletes classes older than that
    student = store.join(code, nickname=None)             # Student(student_id, code,
                                                          #   nickname, token): token secret
    store.student(code, token) -> Student                 # a reconnect
    qid = store.ask(code, teacher_key, QuestionSpec(step, src, fed, candidates, probs,
                                                    argmax, reference))
    store.current_question(code) -> PublicQuestion | None # no tallies before the reveal
    store.answer(code, token, qid, choice)                # a candidate or free text
    store.my_answer(code, token, qid) -> str | None
    store.close_question(code, teacher_key, qid)
    store.reveal(code, teacher_key, qid)
    store.tally(code, teacher_key, qid) -> Tally          # counts only, never who
    store.history(code, teacher_key, src=None) -> list[StepResult]
    pid = store.publish(code, token, model_bytes, exact_match, bleu, name)
    store.unpublish(code, token, pid)
    store.board(code) -> list[BoardEntry]                 # exact match, then BLEU
    store.published_model(code, pid) -> bytes             # check it as an uploaded model
    store.dispose()
"""

from ui.services.classroom.errors import CODES, ClassError
from ui.services.classroom.records import (
    BoardEntry,
    ClassInfo,
    PublicQuestion,
    QuestionSpec,
    StepResult,
    Student,
    Tally,
)
from ui.services.classroom.store import ClassStore, open_store

__all__ = [
    "CODES",
    "BoardEntry",
    "ClassError",
    "ClassInfo",
    "ClassStore",
    "PublicQuestion",
    "QuestionSpec",
    "StepResult",
    "Student",
    "Tally",
    "open_store",
]
