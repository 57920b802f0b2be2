"""What the class service hands out and takes in: frozen dataclasses, and the bounds.

Nothing here touches the database. A teacher key and a student token are secrets: they are
returned once (to the teacher's and the student's browser) and only their hashes are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seq2seq_core.limits import MAX_CHECKPOINT_BYTES

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed on a phone
CODE_LENGTH = 6
LESSON_MAX = 80  # characters of a lesson's name
NICKNAME_MAX = 20  # characters of a nickname (after trimming; letters, digits, space, _ - .)
OTHER_MAX = 40  # characters of a "something else" answer
NAME_MAX = 40  # characters of a published model's name
MAX_STUDENTS = 300  # students in one class
MAX_CANDIDATES = 10  # candidates of one question (the model's top-k)
TOKEN_MAX = 40  # characters of one candidate token, argmax or reference
SRC_MAX = 2000  # characters of a question's source sentence
FED_MAX = 1001  # tokens fed so far (<sos> and the decoder's length limit)
FLOOD_CALLS = 20  # answer calls a student may make ...
FLOOD_SECONDS = 10.0  # ... in this many seconds; more are refused (ClassError("flood"))
MODEL_MAX_BYTES = MAX_CHECKPOINT_BYTES  # a published model: the app's model upload bound
BOARD_MAX_MODELS = 60  # published models in one class
BOARD_MAX_BYTES = 1024 * 1024 * 1024  # bytes of published models in one class
STUDENT_MAX_MODELS = 3  # published models of one student (a same name replaces)

STATES = ("open", "closed", "revealed")  # a question's life: answers change only while open


@dataclass(frozen=True)
class ClassInfo:
    """A class: its short `code` (what the QR link carries), its lesson, when it began."""

    code: str
    lesson: str
    created_at: float  # seconds since the epoch
    students: int = 0  # how many have joined


@dataclass(frozen=True)
class Student:
    """A student in a class. `token` is the secret the student's browser keeps (it answers
    and publishes with it); `nickname` is the checked, unique-in-class name shown."""

    student_id: int
    code: str
    nickname: str
    token: str


@dataclass(frozen=True)
class QuestionSpec:
    """What the teacher's app asks at one decoder step of one sentence.

    `candidates` are the model's top-k tokens in the model's order, `probs` the softmax
    probability of each (same order), `argmax` the model's pick (usually candidates[0]),
    `reference` the right next token when the sentence has a reference, else None.
    `fed` are the tokens fed to the decoder so far, `<sos>` first."""

    step: int
    src: str
    fed: tuple[str, ...]
    candidates: tuple[str, ...]
    probs: tuple[float, ...]
    argmax: str
    reference: str | None = None


@dataclass(frozen=True)
class Tally:
    """The class's answers to one question, counted: never who answered what.

    `counts` has every candidate in the shown (shuffled) order, 0 for none; `other` counts
    "something else" answers, `others` their texts with counts, most common first (at most
    10); `total` is the number of students who answered."""

    question_id: int
    counts: dict[str, int]
    other: int
    others: tuple[tuple[str, int], ...]
    total: int


@dataclass(frozen=True)
class PublicQuestion:
    """The class's current question as every student sees it: the source sentence, the
    tokens fed so far and the choices in shuffled order. Nothing of the answers before the
    reveal; after it (`state == "revealed"`) the tally, the model's probabilities (by
    token), its argmax and the reference."""

    question_id: int
    step: int
    src: str
    fed: tuple[str, ...]
    choices: tuple[str, ...]
    state: str  # one of STATES
    asked_at: float
    tally: Tally | None = None
    probs: dict[str, float] | None = None
    argmax: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class StepResult:
    """One asked step of a sentence, for the end-of-sentence summary: the class's most common
    answer (None when nobody answered; a tie goes to the model's higher-ranked candidate,
    then "something else" texts alphabetically), its share of the answers, the model's argmax
    and the reference."""

    question_id: int
    step: int
    fed: tuple[str, ...]
    class_answer: str | None
    class_share: float  # in [0, 1]; 0 when nobody answered
    total: int
    argmax: str
    argmax_prob: float
    reference: str | None
    tally: Tally = field(repr=False)


@dataclass(frozen=True)
class BoardEntry:
    """A published model on the class board, ranked by exact match, then BLEU (rank 1 best;
    equal scores share a rank)."""

    publication_id: int
    rank: int
    nickname: str
    name: str
    exact_match: float  # in [0, 1]
    bleu: float  # in [0, 100]
    size: int  # bytes
    published_at: float
