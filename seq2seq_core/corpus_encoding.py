"""Which encoding a corpus file is in: bytes -> lines of text.

Order of decisions (each one documented because detectors misjudge short files):

1. a byte-order mark: UTF-32 (FF FE 00 00 is tried before UTF-16's FF FE), UTF-16;
2. NUL bytes: UTF-16 or UTF-32 without a byte-order mark if the whole file reads as text in
   one of them (no NUL character, at most 1% of characters that text never has: controls,
   unassigned, private use; a tab, comma or line break; for UTF-16, more than two thirds of
   the zero bytes in the half of each character an ASCII character leaves zero), the reading
   with the fewest such characters, then the most ASCII (the wrong byte order reads a line
   break as U+0A00, unassigned); otherwise the file is binary;
3. bytes that are valid UTF-8 (with or without BOM): UTF-8, whatever a detector would say
   (a short UTF-8 Korean line is often also valid CP949);
4. otherwise lines that are valid UTF-8 stay UTF-8, and the other lines (the "legacy" part)
   get one encoding for all of them:
   - CP949 when they read as Korean: at least 90% of their non-ASCII characters are Hangul
     syllables of KS X 1001 (the 2,350 common ones). Western text read as CP949 makes rare
     syllables ("it’s" -> "it뭩"), so this does not take Windows-1252 files;
   - else a candidate of charset-normalizer (a maintained detector: it drops encodings
     whose decoding is chaotic) among the Windows code pages, or Windows-1252 (the Western
     Windows default), preferring a single-byte code page over a CJK one (Korean was ruled
     out above), then the least chaotic text (charset-normalizer's mess ratio), then
     Windows-1252, then the detector's own rank.
   The choice is made on the first 2,000 legacy lines; a line that is not valid in the
   chosen encoding is skipped (reason bad_encoding). A legacy part with more than 5%
   control characters is binary, not text.

Line endings LF, CRLF and CR. `decode` raises `CorpusError` (codes in corpus.MESSAGES).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAGIC = [
    (b"PK\x03\x04", "zip"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "office"),
]
# byte-order marks, longest first: FF FE 00 00 is UTF-32's (a UTF-16 file starting with
# U+0000 is read as UTF-16 when it is not valid UTF-32 or reads worse)
_BOMS = [
    (b"\xff\xfe\x00\x00", ("utf-32", "utf-16")),
    (b"\x00\x00\xfe\xff", ("utf-32",)),
    (b"\xff\xfe", ("utf-16",)),
    (b"\xfe\xff", ("utf-16",)),
]
_WITHOUT_BOM = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
_MAX_ODD_SHARE = 0.01  # of the characters of a UTF-16/32 reading without BOM
_WESTERN = "cp1252"
_KOREAN_SHARE = 0.9  # of non-ASCII characters that must be common Hangul for CP949
_MAX_CONTROL_SHARE = 0.05  # of the legacy part's bytes; random bytes have ~11%
_SAMPLE_LINES = 2000  # legacy lines the encoding is chosen from (a 5 MB file took 2 s)
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c") + b"\x7f"


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def check_kind(data: bytes) -> str | None:
    """The kind of a non-text file from its first bytes ("zip", "pdf", ...), or None."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def decode(data: bytes) -> tuple[list[str | None], str]:
    """Bytes -> (lines, encoding name); a line that is not text in the chosen encodings is
    None. Raises CorpusError("bad_bom" | "binary" | "not_text")."""
    from .corpus import CorpusError  # corpus imports this module

    bom = next(((mark, names) for mark, names in _BOMS if data.startswith(mark)), None)
    if bom:
        found = _best_unicode(data, bom[1], without_bom=False)
        if found is None:
            raise CorpusError("bad_bom", encoding=bom[1][0].upper())
        return split_lines(found[0]), found[1]
    if b"\x00" in data:
        found = _best_unicode(data, _WITHOUT_BOM, without_bom=True)
        if found is None:
            raise CorpusError("binary")
        return split_lines(found[0]), found[1]
    try:
        return split_lines(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _utf8_and_legacy(data)


def _utf8_and_legacy(data: bytes) -> tuple[list[str | None], str]:
    from .corpus import CorpusError

    raw = re.split(rb"\r\n|\r|\n", data.removeprefix(b"\xef\xbb\xbf"))
    utf8 = [_try(line, "utf-8") for line in raw]
    legacy = [line for line, text in zip(raw, utf8, strict=True) if text is None]
    blob = b"\n".join(legacy)
    if sum(blob.count(c) for c in _CONTROL) > _MAX_CONTROL_SHARE * len(blob):
        raise CorpusError("not_text")
    encoding = _legacy_encoding(legacy[:_SAMPLE_LINES])
    lines = [u if u is not None else _try(b, encoding) for b, u in zip(raw, utf8, strict=True)]
    if encoding is None or sum(line is None for line in lines) > len(lines) / 2:
        raise CorpusError("not_text")
    utf8_used = any(u is not None and not u.isascii() for u in utf8)
    return lines, f"mixed (utf-8/{encoding})" if utf8_used else encoding


def _try(line: bytes, encoding: str | None) -> str | None:
    try:
        return line.decode(encoding) if encoding else None
    except UnicodeDecodeError:
        return None


def _best_unicode(data: bytes, names, without_bom: bool) -> tuple[str, str] | None:
    """(text, name) of the best reading of `data` in the UTF-16/32 codecs `names` (rules in
    the module docstring, point 2; with a BOM, any valid reading), or None."""
    readings = []
    for rank, name in enumerate(names):
        text = _try(data, name)
        if text is None:
            continue
        chars = Counter(text)
        odd = sum(k for c, k in chars.items() if _is_odd(c))
        if without_bom and not (_reads_as_text(chars, odd) and _zeros_fit(data, name)):
            continue
        ascii_chars = sum(k for c, k in chars.items() if c.isascii())
        readings.append((odd, -ascii_chars, rank, text, name))
    return min(readings)[-2:] if readings else None


def _reads_as_text(chars: Counter, odd: int) -> bool:
    return (
        "\x00" not in chars
        and odd <= _MAX_ODD_SHARE * chars.total()
        and any(c in chars for c in "\t\n\r,")
    )


def _zeros_fit(data: bytes, name: str) -> bool:
    """Whether the zero bytes sit where `name` puts them: UTF-16 text has a zero byte in
    every ASCII character (the second of two bytes little-endian, the first big-endian) and
    few elsewhere (U+4E00 一, U+3000); text padded with NULs has them anywhere. (A valid
    UTF-32 reading has every fourth byte zero already.)"""
    if not name.startswith("utf-16"):
        return True
    first = data[0::2].count(0)
    second = data[1::2].count(0)
    ascii_zeros, other_zeros = (second, first) if name.endswith("le") else (first, second)
    return ascii_zeros >= 2 * other_zeros + 1


def _is_odd(c: str) -> bool:
    """A character text does not have: a control other than tab and line breaks, one that
    is unassigned, private use or a lone surrogate, the replacement character."""
    if c in "\t\n\r\x0b\x0c":
        return False
    return unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") or c == "\ufffd"


def _legacy_encoding(lines: list[bytes]) -> str | None:
    """The one encoding of the lines that are not UTF-8 (rules in the module docstring)."""
    if _reads_as_korean(lines):
        return "cp949"
    blob = b"\n".join(lines)
    detected = [codecs.lookup(m.encoding).name for m in from_bytes(blob, cp_isolation=_WINDOWS)]
    candidates = []
    for rank, name in enumerate([*detected, _WESTERN]):
        text = _try(blob, name)
        if text is not None and name not in [c[-1] for c in candidates]:
            multibyte = codecs.lookup(name).name in _MULTIBYTE
            candidates.append((multibyte, mess_ratio(text, 1.0), name != _WESTERN, rank, name))
    return min(candidates)[-1] if candidates else None


def _reads_as_korean(lines: list[bytes]) -> bool:
    texts = [t for t in (_try(line, "cp949") for line in lines) if t is not None]
    if len(texts) < len(lines) / 2:  # at least half of them are CP949
        return False
    chars = [c for t in texts for c in t if not c.isascii()]
    common = sum(_is_common_hangul(c) for c in chars)
    return bool(chars) and common >= _KOREAN_SHARE * len(chars)


def _is_common_hangul(c: str) -> bool:
    if not unicodedata.name(c, "").startswith("HANGUL SYLLABLE"):
        return False
    # KS X 1001's 2,350 syllables, the ones Korean text mostly uses, are two bytes in EUC-KR
    # (Python writes the other syllables as 8-byte jamo sequences)
    return len(c.encode("euc_kr", errors="ignore")) == 2


# The code pages a classroom's files come from (Windows "ANSI" code pages and the CJK ones):
# left free, the detector picks Mac or DOS code pages for short Western files.
_WINDOWS = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "cp932", "gb18030", "big5",
]  # fmt: skip
_MULTIBYTE = {
    codecs.lookup(n).name
    for n in (
        "cp949", "euc_kr", "johab", "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213",
        "euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp", "gb2312", "gbk", "gb18030",
        "hz", "big5", "big5hkscs", "cp950", "utf_16", "utf_16_be", "utf_16_le", "utf_32",
        "utf_32_be", "utf_32_le",
    )
}  # fmt: skip
