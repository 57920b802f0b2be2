"""Checks of what students and teachers send, and the class's secrets.

A nickname or model name is trimmed, NFC-normalized, its runs of spaces made one, and may
hold letters (any script: 민지, Zoë), marks, digits, spaces and `_ - .` only. A free-text
answer may hold any printable text but no control or format characters (no bidi overrides,
no zero-width tricks). Lengths are counted in characters after trimming. Secrets are
`secrets.token_urlsafe` strings; the database keeps their SHA-256 only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from ui.services.classroom.errors import CODES, ClassError
from ui.services.classroom.records import CODE_ALPHABET, CODE_LENGTH

NAME_PUNCTUATION = frozenset(" _-.")
_NAME_CATEGORIES = ("L", "M", "N")  # letters, marks (Hangul jamo, accents), numbers


def _tidy(text: str) -> str:
    """NFC, trimmed, each run of spaces one space (tabs and newlines stay, to be refused)."""
    return " ".join(part for part in unicodedata.normalize("NFC", text).split(" ") if part)


def _plain(text: str) -> bool:
    """No control (Cc), format (Cf), surrogate, private or unassigned characters, no
    line or paragraph separators."""
    return all(unicodedata.category(c)[0] not in "CZ" or c == " " for c in text)


def _refuse(code: str, limit: int) -> ClassError:
    return ClassError(code, **({"limit": limit} if "limit" in CODES[code] else {}))


def check_name(text: object, limit: int, code: str, too_long: str | None = None) -> str:
    """`text` as a name (nickname, model name), tidied; ClassError(`code`) when empty or with
    a character outside letters, marks, digits and ` _-.`; ClassError(`too_long` or `code`)
    over `limit` characters."""
    name = _tidy(text) if isinstance(text, str) else ""
    if len(name) > limit:
        raise _refuse(too_long or code, limit)
    if not name or not all(
        unicodedata.category(c)[0] in _NAME_CATEGORIES or c in NAME_PUNCTUATION for c in name
    ):
        raise _refuse(code, limit)
    return name


def check_text(text: object, limit: int, code: str, too_long: str | None = None) -> str:
    """`text` as free text (an answer, a lesson's name), tidied; ClassError(`code`) when empty
    or holding control, format or separator characters; ClassError(`too_long` or `code`)
    over `limit` characters."""
    clean = _tidy(text) if isinstance(text, str) else ""
    if len(clean) > limit:
        raise _refuse(too_long or code, limit)
    if not clean or not _plain(clean):
        raise _refuse(code, limit)
    return clean


def name_key(name: str) -> str:
    """The form two names are compared in: "Mina" and "mina" are the same nickname."""
    return unicodedata.normalize("NFKC", name).casefold()


def new_code() -> str:
    """A random class code of CODE_LENGTH characters of CODE_ALPHABET (31^6 ≈ 887 million)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str | None:
    """A typed class code made canonical (upper case, spaces and dashes dropped), or None when
    it cannot be a class code."""
    if not isinstance(code, str) or len(code) > 4 * CODE_LENGTH:
        return None
    typed = "".join(c for c in code.upper() if c not in " -\t")
    ok = len(typed) == CODE_LENGTH and all(c in CODE_ALPHABET for c in typed)
    return typed if ok else None


def new_secret() -> str:
    """A secret for a browser to keep (a teacher key, a student token): 256 random bits."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """What the database keeps of a secret: its SHA-256 in hex (the secret is random, so no
    salt is needed to keep it from being guessed)."""
    if not isinstance(secret, str):
        secret = ""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def same_secret(secret: str, stored_hash: str) -> bool:
    """Whether `secret` hashes to `stored_hash`, in time that does not depend on where they
    differ."""
    return hmac.compare_digest(secret_hash(secret), stored_hash)
