"""Which encoding a corpus file is in: bytes -> lines of text.

Order of decisions (each one documented because detectors misjudge short files):

1. a byte-order mark: UTF-32 (FF FE 00 00 is tried before UTF-16's FF FE), UTF-16;
2. NUL bytes: UTF-16 or UTF-32 without a byte-order mark if the whole file reads as text in
   one of them (no NUL character, at most 1% of characters that text never has: controls,
   unassigned, private use; a tab, comma or line break; a line break character for every
   four line-break bytes at least; for UTF-16, more than two thirds of the zero bytes in
   the half of each character an ASCII character leaves zero), the reading
   with the fewest such characters, then the most ASCII (the wrong byte order reads a line
   break as U+0A00, unassigned); otherwise the file is binary;
3. 7-bit bytes with escape sequences that read as ISO-2022-JP (or ISO-2022-KR): that;
4. bytes that are valid UTF-8 (with or without BOM): UTF-8, whatever a detector would say
   (a short UTF-8 Korean line is often also valid CP949);
5. otherwise lines that are valid UTF-8 stay UTF-8, and the other lines (the "legacy" part)
   get one encoding for all of them:
   - an East Asian encoding (CP949, EUC-JP, CP932/Shift-JIS, GBK/GB18030, CP950/Big5) when
     the legacy part reads as its language's common characters (corpus_cjk.py);
   - else a candidate of charset-normalizer (a maintained detector: it drops encodings
     whose decoding is chaotic) among the single-byte code pages (Windows, KOI8-R,
     ISO 8859-5), or Windows-1252 (the Western Windows default, which reads Latin-1 text
     the same): the least chaotic text (charset-normalizer's mess ratio plus the share of
     capitals inside words, _odd_case), then the order of _SINGLE_BYTE (Windows-1252 first).
   The choice is made on the first 2,000 legacy lines; a line that is not valid in the
   chosen encoding is skipped (reason bad_encoding). A legacy part with more than 5%
   control characters is binary, not text.

Line endings LF, CRLF and CR. `decode` raises `CorpusError` (corpus_errors.py: codes in
MESSAGES).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from seq2seq_core.data.cjk import cjk_encoding
from seq2seq_core.data.errors import CorpusError

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
_ISO_2022 = ("iso2022_jp", "iso2022_jp_2", "iso2022_kr")
_WESTERN = "cp1252"
_MAX_CONTROL_SHARE = 0.05  # of the legacy part's bytes; random bytes have ~11%
_SAMPLE_LINES = 2000  # legacy lines the encoding is chosen from (a 5 MB file took 2 s)
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c") + b"\x7f"
# The single-byte code pages a classroom's files come from (Windows "ANSI" code pages,
# KOI8-R, ISO 8859-5), in the order ties are settled: Western first, scripts with letter case
# (which _odd_case checks) before those without, ISO 8859-5 last (it reads Greek as old
# Cyrillic letters as cleanly). Left free, the detector picks Mac or DOS code pages for short
# Western files.
_SINGLE_BYTE = [
    "cp1252", "cp1251", "koi8_r", "cp1250", "cp1253", "cp1254", "cp1257", "cp1258",
    "cp1255", "cp1256", "cp874", "iso8859_5",
]  # fmt: skip
_SINGLE_BYTE_ORDER = {codecs.lookup(name).name: i for i, name in enumerate(_SINGLE_BYTE)}


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def check_kind(data: bytes) -> str | None:
    """The kind of a non-text file from its first bytes ("zip", "pdf", ...), or None."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def decode(data: bytes) -> tuple[list[str | None], str]:
    """Bytes -> (lines, encoding name); a line that is not text in the chosen encodings is
    None. Raises CorpusError("bad_bom" | "binary" | "not_text")."""

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
    if b"\x1b" in data and data.isascii():
        found = next(((t, n) for n in _ISO_2022 if (t := _try(data, n)) is not None), None)
        if found and not found[0].isascii():
            return split_lines(found[0]), codecs.lookup(found[1]).name
    try:
        return split_lines(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _utf8_and_legacy(data)


def _utf8_and_legacy(data: bytes) -> tuple[list[str | None], str]:

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
        if without_bom and not (_reads_as_text(chars, odd, data) and _zeros_fit(data, name)):
            continue
        ascii_chars = sum(k for c, k in chars.items() if c.isascii())
        readings.append((odd, -ascii_chars, rank, text, name))
    return min(readings)[-2:] if readings else None


def _reads_as_text(chars: Counter, odd: int, data: bytes) -> bool:
    """Whether a reading without BOM is text: see the module docstring, point 2. Its line
    breaks are characters of their own: 8-bit text with a stray NUL, read as UTF-16, loses
    them inside other characters (b"\\n0" is U+300A)."""
    breaks = chars["\n"] + chars["\r"]
    return (
        "\x00" not in chars
        and odd <= _MAX_ODD_SHARE * chars.total()
        and any(c in chars for c in "\t\n\r,")
        and 4 * breaks >= data.count(b"\n") + data.count(b"\r")
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
    cjk = cjk_encoding(lines)
    if cjk:
        return cjk
    blob = b"\n".join(lines)
    found = from_bytes(blob, cp_isolation=_SINGLE_BYTE)
    candidates = []
    for name in {codecs.lookup(m.encoding).name for m in found} | {_WESTERN}:
        text = _try(blob, name)
        if text is not None:
            mess = mess_ratio(text, 1.0) + _odd_case(text)
            candidates.append((mess, _SINGLE_BYTE_ORDER.get(name, len(_SINGLE_BYTE)), name))
    return min(candidates)[-1] if candidates else None


def _odd_case(text: str) -> float:
    """The share of the non-ASCII cased letters that are capitals after another non-ASCII
    letter: KOI8-R Russian read as Windows-1251 comes out in capitals ("я хожу" -> "с ИПЦХ"),
    Windows-1251 read as KOI8-R in capitals and small letters mixed; real text has capitals
    at the start of words (and after a Latin capital: "MÜNCHEN")."""
    cased = odd = 0
    previous = " "
    for c in text:
        if not c.isascii() and (c.isupper() or c.islower()):
            cased += 1
            odd += c.isupper() and not previous.isascii() and previous.isalpha()
        previous = c
    return odd / cased if cased else 0.0
