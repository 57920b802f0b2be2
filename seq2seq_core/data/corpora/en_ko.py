"""English -> Korean from a small grammar written for this project.

English is SVO, Korean is SOV: "She reads a book in the library." ->
"그녀는 도서관에서 책을 읽어요." The verb moves from the middle to the end, which is what
makes attention maps worth looking at. Every verb form is written out in the lexicon
(polite 해요체; negation with -지 않다), never conjugated by rule, and particles follow the
final consonant (받침) of the noun before them: 은/는, 이/가, 을/를, 과/와.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from importlib import resources

Pair = tuple[str, str]


def has_batchim(word: str) -> bool:
    """True when the last Hangul syllable of `word` ends in a consonant (받침)."""
    last = word[-1]
    if not "가" <= last <= "힣":
        return False
    return (ord(last) - 0xAC00) % 28 != 0


def particle(word: str, kind: str) -> str:
    """`word` + the particle of `kind` ("topic", "subject", "object", "and") that fits it."""
    pairs = {
        "topic": ("은", "는"),
        "subject": ("이", "가"),
        "object": ("을", "를"),
        "and": ("과", "와"),
    }
    with_final, without = pairs[kind]
    return word + (with_final if has_batchim(word) else without)


@dataclass(frozen=True)
class Subject:
    en: str
    ko: str
    third_singular: bool


SUBJECTS = [
    Subject("I", "저", False),
    Subject("we", "우리", False),
    Subject("he", "그", True),
    Subject("she", "그녀", True),
    Subject("they", "그들", False),
    Subject("my friend", "제 친구", True),
    Subject("the student", "학생", True),
    Subject("the child", "아이", True),
    Subject("my younger brother", "제 남동생", True),
    Subject("Minsu", "민수", True),
    Subject("Jisoo", "지수", True),
]


@dataclass(frozen=True)
class Verb:
    """English base / 3rd singular / past, then Korean present, past, future, and their
    negations (-지 않다), all in the polite 해요체."""

    base: str
    third: str
    past: str
    ko: tuple[str, str, str, str, str, str]
    objects: tuple[tuple[str, str], ...] = ()  # (English, Korean noun)
    places: tuple[tuple[str, str], ...] = ()  # (English, Korean with 에서 or 에)


SCHOOL, HOME = ("at school", "학교에서"), ("at home", "집에서")
LIBRARY, PARK = ("in the library", "도서관에서"), ("in the park", "공원에서")
CAFE, MARKET = ("at the cafe", "카페에서"), ("at the market", "시장에서")
KITCHEN = ("in the kitchen", "부엌에서")

VERBS = [
    Verb("eat", "eats", "ate", ("먹어요", "먹었어요", "먹을 거예요", "먹지 않아요", "먹지 않았어요", "먹지 않을 거예요"),
         (("an apple", "사과"), ("bread", "빵"), ("rice", "밥"), ("an orange", "오렌지"), ("noodles", "국수")),
         (SCHOOL, HOME, PARK, CAFE)),
    Verb("read", "reads", "read", ("읽어요", "읽었어요", "읽을 거예요", "읽지 않아요", "읽지 않았어요", "읽지 않을 거예요"),
         (("a book", "책"), ("a newspaper", "신문"), ("a letter", "편지"), ("a novel", "소설")),
         (SCHOOL, HOME, LIBRARY, PARK, CAFE)),
    Verb("drink", "drinks", "drank", ("마셔요", "마셨어요", "마실 거예요", "마시지 않아요", "마시지 않았어요", "마시지 않을 거예요"),
         (("water", "물"), ("milk", "우유"), ("coffee", "커피"), ("tea", "차"), ("juice", "주스")),
         (SCHOOL, HOME, CAFE)),
    Verb("buy", "buys", "bought", ("사요", "샀어요", "살 거예요", "사지 않아요", "사지 않았어요", "사지 않을 거예요"),
         (("a book", "책"), ("bread", "빵"), ("an apple", "사과"), ("shoes", "신발"), ("a bag", "가방"), ("milk", "우유")),
         (MARKET,)),
    Verb("watch", "watches", "watched", ("봐요", "봤어요", "볼 거예요", "보지 않아요", "보지 않았어요", "보지 않을 거예요"),
         (("a movie", "영화"), ("TV", "텔레비전"), ("a soccer game", "축구 경기")),
         (HOME,)),
    Verb("write", "writes", "wrote", ("써요", "썼어요", "쓸 거예요", "쓰지 않아요", "쓰지 않았어요", "쓰지 않을 거예요"),
         (("a letter", "편지"), ("a diary", "일기"), ("a poem", "시")),
         (SCHOOL, HOME, LIBRARY, CAFE)),
    Verb("meet", "meets", "met", ("만나요", "만났어요", "만날 거예요", "만나지 않아요", "만나지 않았어요", "만나지 않을 거예요"),
         (("a friend", "친구"), ("the teacher", "선생님"), ("my grandmother", "할머니")),
         (SCHOOL, PARK, CAFE)),
    Verb("study", "studies", "studied", ("공부해요", "공부했어요", "공부할 거예요", "공부하지 않아요", "공부하지 않았어요", "공부하지 않을 거예요"),
         (("English", "영어"), ("math", "수학"), ("Korean", "한국어"), ("history", "역사"), ("science", "과학")),
         (SCHOOL, HOME, LIBRARY)),
    Verb("play", "plays", "played", ("해요", "했어요", "할 거예요", "하지 않아요", "하지 않았어요", "하지 않을 거예요"),
         (("soccer", "축구"), ("baseball", "야구"), ("tennis", "테니스")),
         (SCHOOL, PARK)),
    Verb("make", "makes", "made", ("만들어요", "만들었어요", "만들 거예요", "만들지 않아요", "만들지 않았어요", "만들지 않을 거예요"),
         (("dinner", "저녁"), ("a cake", "케이크"), ("bread", "빵"), ("kimchi", "김치")),
         (HOME, KITCHEN)),
    Verb("clean", "cleans", "cleaned", ("청소해요", "청소했어요", "청소할 거예요", "청소하지 않아요", "청소하지 않았어요", "청소하지 않을 거예요"),
         (("the room", "방"), ("the kitchen", "부엌"), ("the classroom", "교실")),
         ()),
]  # fmt: skip

# Verbs of motion take a destination (에) instead of an object.
MOTION = [
    Verb("go", "goes", "went", ("가요", "갔어요", "갈 거예요", "가지 않아요", "가지 않았어요", "가지 않을 거예요")),
    Verb("come", "comes", "came", ("와요", "왔어요", "올 거예요", "오지 않아요", "오지 않았어요", "오지 않을 거예요")),
]  # fmt: skip
DESTINATIONS = [
    ("to school", "학교에"), ("home", "집에"), ("to the library", "도서관에"),
    ("to the park", "공원에"), ("to the market", "시장에"), ("to the hospital", "병원에"),
]  # fmt: skip

# Intransitive verbs with a place.
INTRANSITIVE = [
    Verb("sleep", "sleeps", "slept", ("자요", "잤어요", "잘 거예요", "자지 않아요", "자지 않았어요", "자지 않을 거예요"),
         places=(HOME,)),
    Verb("run", "runs", "ran", ("달려요", "달렸어요", "달릴 거예요", "달리지 않아요", "달리지 않았어요", "달리지 않을 거예요"),
         places=(PARK, SCHOOL)),
    Verb("rest", "rests", "rested", ("쉬어요", "쉬었어요", "쉴 거예요", "쉬지 않아요", "쉬지 않았어요", "쉬지 않을 거예요"),
         places=(HOME, PARK, CAFE)),
]  # fmt: skip

TIMES = {
    "present": [("every day", "매일"), ("every morning", "매일 아침"), ("on weekends", "주말마다")],
    "past": [("yesterday", "어제"), ("last week", "지난주에"), ("this morning", "오늘 아침에")],
    "future": [("tomorrow", "내일"), ("next week", "다음 주에"), ("tonight", "오늘 밤에")],
}
COMPANIONS = [
    ("with my friend", "제 친구"), ("with my mother", "어머니"), ("with the teacher", "선생님"),
    ("with my father", "아버지"), ("with Minsu", "민수"),
]  # fmt: skip
NO_COMPANION = {"meet", "sleep", "rest"}
TENSE_INDEX = {"present": 0, "past": 1, "future": 2}


def _english_verb(verb: Verb, subject: Subject, tense: str, negative: bool) -> str:
    if tense == "future":
        return f"will not {verb.base}" if negative else f"will {verb.base}"
    if tense == "past":
        return f"did not {verb.base}" if negative else verb.past
    if negative:
        return f"{'does' if subject.third_singular else 'do'} not {verb.base}"
    return verb.third if subject.third_singular else verb.base


def _question_aux(subject: Subject, tense: str) -> str:
    if tense == "future":
        return "Will"
    if tense == "past":
        return "Did"
    return "Does" if subject.third_singular else "Do"


def _sentence(rng: random.Random) -> Pair:
    kind = rng.choices(["object", "motion", "intransitive"], weights=[6, 2, 1])[0]
    verb = rng.choice({"object": VERBS, "motion": MOTION, "intransitive": INTRANSITIVE}[kind])
    mood = rng.choices(["statement", "negative", "question"], weights=[5, 2, 2])[0]
    subjects = SUBJECTS if mood != "question" else [s for s in SUBJECTS if s.en not in ("I", "we")]
    subject, tense = rng.choice(subjects), rng.choice(["present", "past", "future"])
    time = rng.choice(TIMES[tense]) if rng.random() < 0.55 else None
    companion = rng.choice(COMPANIONS) if rng.random() < 0.3 else None
    if verb.base in NO_COMPANION or (companion and companion[1] == subject.ko):
        companion = None  # no "sleeps with the teacher", no "Minsu ... with Minsu"
    obj = rng.choice(verb.objects) if kind == "object" else None
    dest = rng.choice(DESTINATIONS) if kind == "motion" else None
    place = rng.choice(verb.places) if verb.places and rng.random() < 0.5 else None
    en_rest = [x[0] for x in (obj, dest, companion, place, time) if x]
    if mood == "question":
        english = " ".join([_question_aux(subject, tense), subject.en, verb.base, *en_rest]) + "?"
    else:
        words = [subject.en, _english_verb(verb, subject, tense, mood == "negative"), *en_rest]
        english = " ".join(words) + "."
        english = english[0].upper() + english[1:]
    ko_subject = particle(subject.ko, "subject" if mood == "question" else "topic")
    ko_words = [ko_subject]
    if time:
        ko_words.append(time[1])
    if place:
        ko_words.append(place[1])
    if companion:
        ko_words.append(particle(companion[1], "and") + " 함께")
    if obj:
        ko_words.append(particle(obj[1], "object"))
    if dest:
        ko_words.append(dest[1])
    form = verb.ko[TENSE_INDEX[tense] + (3 if mood == "negative" else 0)]
    korean = " ".join([*ko_words, form]) + ("?" if mood == "question" else ".")
    return english, korean


def generate_en_ko(n: int | None = None, seed: int = 0) -> list[Pair]:
    """Unique (English, Korean) pairs in a seeded random order; the first n, or about 9,000."""
    rng = random.Random(seed)
    target = n or 9000
    seen: set[str] = set()
    pairs: list[Pair] = []
    for _ in range(target * 20):
        english, korean = _sentence(rng)
        if english not in seen:
            seen.add(english)
            pairs.append((english, korean))
            if len(pairs) == target:
                break
    return pairs


def en_ko_splits(seed: int = 0) -> dict[str, list[Pair]]:
    """Disjoint splits: 300 valid, 300 test, the rest (8,400) train."""
    pairs = generate_en_ko(9000, seed=seed)
    return {"valid": pairs[:300], "test": pairs[300:600], "train": pairs[600:]}


def load_en_ko_phrases() -> list[Pair]:
    """The shipped hand-written everyday phrases (data/en_ko_phrases.tsv)."""
    text = resources.files("seq2seq_core.data.corpora").joinpath("data/en_ko_phrases.tsv")
    pairs = []
    for line in text.read_text(encoding="utf-8").splitlines():
        if line.strip():
            src, tgt = line.split("\t")[:2]
            pairs.append((src.strip(), tgt.strip()))
    return pairs
