"""Helpers of the hostile-input tests (tests/test_hostile_*.py): a teacher must get a clear
one-line message, never a traceback."""

from __future__ import annotations

import pytest

from seq2seq_core.data.corpus import Corpus, CorpusError, CorpusLimits, parse_corpus
from ui.text.engine_messages import corpus_error

LIMITS = CorpusLimits()  # the documented default caps

# a flag of England: one emoji of seven code points (tag characters)
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"


def clear_message(message: str, words) -> str:
    """A message for a teacher: one line, no traceback, and it names the problem."""
    assert message and "\n" not in message and "Traceback" not in message, message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    return message


def refused(data: bytes, *words: str, filename: str | None = None) -> str:
    with pytest.raises(CorpusError) as info:
        parse_corpus(data, filename)
    clear_message(corpus_error(info.value, "ko"), [])  # the Korean page says it too
    return clear_message(str(info.value), words)


def reasons(corpus: Corpus) -> list[tuple[int, str]]:
    return [(s.line_no, s.reason) for s in corpus.skipped]


def tsv(pairs) -> bytes:
    return "".join(f"{s}\t{t}\n" for s, t in pairs).encode()
