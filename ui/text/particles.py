"""Korean particles after a word that may not be Korean: 을/를, 이/가, 은/는, 과/와, (으)로.

Which form follows a word depends on how the word is read: after a final consonant (받침)
"을", after a vowel "를" ("(으)로" after ㄹ is "로"). A token of the model may be Hangul,
English ("will"), a number, a mark ("."), a word-start mark ("▁She") or a tag ("<eos>"), so
the word is read as a Korean reader would say it (`final_sound`):

- Hangul: the last syllable's final consonant.
- A number: the last digits as said in Sino-Korean (3 삼, 10 십, 1000 천, 2.5 이점오).
- Latin letters: one to three capitals are spelled out (L 엘, M 엠, N 엔, R 알); a word is
  read as loanwords are written (will 윌, name 네임, book 북, table 테이블, she 쉬, mark 마크).
- A mark alone by its name (. 마침표, ? 물음표).
- Anything else (another mark, Hanja, an emoji): unknown; the form that needs no reading,
  "을(를)", is written instead.

Templates name the particle in a format spec: `t("...", tok=Spoken(shown, raw))` with
"“{tok}”{tok:을}" writes the token as shown and the particle the raw token takes.
No Streamlit here.
"""

from __future__ import annotations

import re

# (after a final consonant, after a vowel); "으로" takes "로" after ㄹ too
PAIRS = {"을": ("을", "를"), "이": ("이", "가"), "은": ("은", "는"), "과": ("과", "와"),
         "으로": ("으로", "로"), "아": ("아", "야")}  # fmt: skip
_ALIASES = {second: first for first, (_, second) in PAIRS.items()}

RIEUL = "ㄹ"  # the final ㄹ, after which (으)로 is 로
_DIGITS = "영일이삼사오육칠팔구"
_TENS = {1: "십", 2: "백", 3: "천"}  # trailing zeros after a digit: 10, 100, 1000
_LETTERS = {"l": RIEUL, "m": "ㅁ", "n": "ㄴ", "r": RIEUL}  # spelled letters with a 받침
_FINAL_JAMO = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_VOWELS = set("aeiouy")
_MARK_NAMES = {".": "마침표", ",": "쉼표", "?": "물음표", "!": "느낌표", "…": "줄임표"}
_TRAILING = re.compile(r"[\s\"'”’»)\]}>.,!?;:…]+$")  # closing marks a reader skips


def _syllable_final(c: str) -> str:
    """The final consonant of a Hangul syllable ('' for none)."""
    return _FINAL_JAMO[(ord(c) - 0xAC00) % 28].strip()


def _number_final(digits: str) -> str:
    """The final sound of a number as said in Sino-Korean: its last non-zero digit, or
    십/백/천/만 for the zeros after it."""
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return _syllable_final("영")
    if zeros == 0:
        return _syllable_final(_DIGITS[int(stripped[-1])])
    return _syllable_final(_TENS.get(zeros, "만"))


def _english_final(word: str) -> str:
    """The final sound of an English word as Korean writes loanwords (a rule of thumb:
    "name" 네임, "apple" 애플, "book" 북, "mark" 마크, "dog" 도그, "car" 카)."""
    if len(word) <= 3 and word.isupper():  # spelled out: "I", "OK", "GPU", "BLEU" is read
        return _LETTERS.get(word[-1].lower(), "")
    w = word.lower()
    if w.endswith("ng"):
        return "ㅇ"
    silent_e = len(w) > 2 and w[-1] == "e" and w[-3] in _VOWELS  # "name", "one"; not "me"
    if w[-1] == "l" or (len(w) > 2 and w.endswith("le")):  # "will" 윌, "table" 테이블
        return RIEUL
    if w[-1] == "m" or (silent_e and w[-2] == "m"):
        return "ㅁ"
    if w[-1] == "n" or (silent_e and w[-2] == "n"):
        return "ㄴ"
    if w[-1] in "ckpt" and len(w) > 1 and w[-2] in _VOWELS | {"c"}:  # "book", "cat", "back"
        return "ㄱ" if w[-1] in "ck" else ("ㅂ" if w[-1] == "p" else "ㅅ")
    return ""  # a vowel, r, s, d, g, ... : 쉬, 카, 이즈, 굿 is the exception


def final_sound(word: str) -> str | None:
    """The final consonant of `word` as read aloud in Korean ('' after a vowel), or None
    when there is no way to read it (a mark alone, Hanja, an emoji)."""
    bare = word.replace("\u2581", " ").strip()
    w = _TRAILING.sub("", bare)
    if not w:  # marks alone: read by their names, "." 마침표, "?" 물음표
        name = _MARK_NAMES.get(bare[-1:])
        return None if name is None else _syllable_final(name[-1])
    last = w[-1]
    if "\uac00" <= last <= "\ud7a3":
        return _syllable_final(last)
    if last.isascii() and last.isdigit():
        return _number_final(re.search(r"[0-9]+$", w).group())
    if last.isascii() and last.isalpha():
        return _english_final(re.search(r"[A-Za-z]+$", w).group())
    return None


def particle(word: str, form: str) -> str:
    """The particle `form` ("을" or "를", "이" or "가", "은"/"는", "과"/"와", "으로"/"로",
    "아"/"야") that follows `word` as it is read; "을(를)" style when it cannot be read."""
    first = _ALIASES.get(form, form)
    if first not in PAIRS:
        raise ValueError(f"no particle {form!r}: one of {sorted(PAIRS) + sorted(_ALIASES)}")
    with_final, without = PAIRS[first]
    final = final_sound(word)
    if final is None:
        return f"({with_final[0]}){without}" if first == "으로" else f"{with_final}({without})"
    if first == "으로" and final == RIEUL:
        return without
    return with_final if final else without


class Spoken(str):
    """A value for a template (`ui.text.i18n.t`): formats as the text it is shown as; with a
    particle as its format spec (`{tok:을}`), as the particle that follows `reading`, the
    raw word (the shown text may be Markdown or plotly markup)."""

    reading: str

    def __new__(cls, shown: str, reading: str | None = None) -> Spoken:
        obj = super().__new__(cls, shown)
        obj.reading = shown if reading is None else reading
        return obj

    def __format__(self, spec: str) -> str:
        if spec in PAIRS or spec in _ALIASES:
            return particle(self.reading, spec)
        return str.__format__(str(self), spec)
