"""Which East Asian encoding the non-UTF-8 lines of a corpus file are in, from what each
reading of their bytes makes of them.

The byte ranges of the East Asian encodings overlap: most Shift-JIS, EUC-JP, GBK, Big5 and
CP949 files are valid in several of them, and a Western file is often valid in one of them
too. A reading in a wrong encoding makes valid but rare characters, or characters of
another language; the right reading makes the characters its language is written with. So
each reading is scored on its letters (characters that are not ASCII nor the punctuation
East Asian text shares) by

- `common`: the share of them that are common characters of its language:
  - Korean (CP949): the 2,350 Hangul syllables of KS X 1001 (CP949's other syllables are
    rare in text, and are what Western bytes read as: "it’s" -> "it뭩");
  - Japanese (EUC-JP, CP932 = Windows Shift-JIS): kana and the 2,965 kanji of JIS X 0208
    level 1; and kana must be a tenth of the letters at least (Japanese is written with
    kana; Western curly quotes read as Shift-JIS make level-1 kanji but never kana, and
    kanji alone cannot be told from Chinese);
  - Chinese, simplified (GBK; GB18030 when needed): the 3,755 hanzi of GB 2312 level 1;
  - Chinese, traditional (CP950 = Windows Big5; Big5-HKSCS when needed): the 5,401 hanzi
    of Big5 level 1;
  and a Han character touching a Latin letter does not count: real text has few ("T恤"),
  while a Western accented letter read in an East Asian encoding takes the next letter
  with it ("Ärztin" in Windows-1252 is Big5 "[common hanzi]ztin");
- `frequent`: the share of them among the most frequent characters of its language
  (charset-normalizer's tables; hiragana for Japanese): about a third in real text, a few
  percent in a wrong reading that makes common characters at random (every KS X 1001
  syllable is also a GB 2312 level-1 hanzi, and EUC-JP's kana are Big5 level-1 hanzi).

A reading counts when at least half of the lines are valid in it and at least 90% of its
letters are common; of those, the one with the most frequent characters wins, then the most
common ones, then the order of _READINGS (Korean first).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import NamedTuple

from charset_normalizer.constant import FREQUENCIES

_SHARE = 0.9  # of the letters that must be common characters of the language
_KANA_SHARE = 0.1  # of the letters of a Japanese reading that must be kana
# (language, codecs from the Windows one to the widest: the first that reads as many lines
# as the widest names the file)
_READINGS = [
    ("ko", ("cp949",)),
    ("ja", ("euc_jp",)),
    ("ja", ("cp932",)),
    ("zh-hans", ("gbk", "gb18030")),
    ("zh-hant", ("cp950", "big5hkscs")),
]
# not ASCII, not the punctuation East Asian text shares (、。「」… U+3000-303F, fullwidth
# forms, general punctuation such as dashes and curly quotes, the middle dot)
_LETTER = re.compile(r"[^\x00-\x7f\u3000-\u303f\uff01-\uff65\u2010-\u2027\xb7]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_BY_LATIN = re.compile(f"(?<=[A-Za-z])[{_HAN}]|[{_HAN}](?=[A-Za-z])")


class Reading(NamedTuple):
    frequent: float  # share of the letters among the language's most frequent characters
    common: float  # share of the letters that are common characters of the language
    valid: int  # lines valid in the codec
    codec: str


def cjk_encoding(lines: list[bytes]) -> str | None:
    """The East Asian encoding the lines read as (rules in the module docstring), or None."""
    readings = []
    for order, (language, codecs) in enumerate(_READINGS):
        scored = [_reading(lines, codec, language) for codec in codecs]
        best = max(scored, key=lambda r: r.valid)  # the first of the most valid lines
        if best.valid >= len(lines) / 2 and best.common >= _SHARE:
            readings.append((best.frequent, best.common, -order, best.codec))
    return max(readings)[-1] if readings else None


def _reading(lines: list[bytes], codec: str, language: str) -> Reading:
    texts = [t for t in (_try(line, codec) for line in lines) if t is not None]
    text = "\n".join(texts)
    letters = Counter(_LETTER.findall(text))
    n = letters.total()
    kana = sum(k for c, k in letters.items() if _is_kana(c))
    if not n or (language == "ja" and kana < _KANA_SHARE * n):
        return Reading(0.0, 0.0, len(texts), codec)
    is_common = _COMMON[language]
    common = sum(k for c, k in letters.items() if is_common(c))
    common -= sum(map(is_common, _HAN_BY_LATIN.findall(text)))
    frequent = sum(k for c, k in letters.items() if c in _FREQUENT[language])
    return Reading(frequent / n, common / n, len(texts), codec)


def _try(line: bytes, codec: str) -> str | None:
    try:
        return line.decode(codec)
    except UnicodeDecodeError:
        return None


def _is_kana(c: str) -> bool:
    return 0x3041 <= ord(c) <= 0x30FF


def _bytes_in(c: str, codec: str) -> bytes:
    try:
        return c.encode(codec)
    except UnicodeEncodeError:
        return b""


@functools.lru_cache(maxsize=65536)
def _common_korean(c: str) -> bool:
    # KS X 1001's syllables are two bytes in EUC-KR (Python writes the others as 8-byte
    # jamo sequences)
    return (
        unicodedata.name(c, "").startswith("HANGUL SYLLABLE") and len(_bytes_in(c, "euc_kr")) == 2
    )


@functools.lru_cache(maxsize=65536)
def _common_japanese(c: str) -> bool:
    if _is_kana(c):
        return True
    code = _bytes_in(c, "euc_jp")  # level 1: rows 16-47, lead bytes 0xB0-0xCF
    return len(code) == 2 and 0xB0 <= code[0] <= 0xCF


@functools.lru_cache(maxsize=65536)
def _common_simplified(c: str) -> bool:
    code = _bytes_in(c, "gb2312")  # level 1: lead bytes 0xB0-0xD7
    return len(code) == 2 and 0xB0 <= code[0] <= 0xD7


@functools.lru_cache(maxsize=65536)
def _common_traditional(c: str) -> bool:
    code = _bytes_in(c, "big5")  # level 1: 0xA440-0xC67E
    return len(code) == 2 and b"\xa4\x40" <= code <= b"\xc6\x7e"


_COMMON = {
    "ko": _common_korean,
    "ja": _common_japanese,
    "zh-hans": _common_simplified,
    "zh-hant": _common_traditional,
}
_FREQUENT = {
    "ko": set(FREQUENCIES["Korean"]),
    "ja": set(FREQUENCIES["Japanese"]) | {chr(o) for o in range(0x3041, 0x3097)},
    "zh-hans": set(FREQUENCIES["Chinese"]),
    # the simplified list's characters that Big5 has (most of the list: 的一是不了在人有我)
    "zh-hant": {c for c in FREQUENCIES["Chinese"] if _bytes_in(c, "big5")},
}
