"""A corpus of thousands of distinct characters keeps the vocabulary size asked for, with
every tokenizer (issue 16: 98,542 distinct target characters made a 98,542-piece
SentencePiece vocabulary and a 19 M-parameter model). The corpus is generated here."""

from __future__ import annotations

import random

import pytest

from seq2seq_core.data.tokenizers import SP_MIN_VOCAB, UNK_ID, train_tokenizer

KINDS = ["char", "word", "sentencepiece-unigram", "sentencepiece-bpe"]


def _many_characters(n_lines: int = 1500, seed: int = 0) -> list[str]:
    rng = random.Random(seed)  # 20,000 CJK ideographs, a few frequent ones
    common = "的一是不了人我在有他"
    return [
        " ".join(
            "".join(rng.choice(common) if rng.random() < 0.5 else chr(0x4E00 + rng.randrange(20000))
                    for _ in range(4))
            for _ in range(3)
        )
        for _ in range(n_lines)
    ]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("vocab_size", [200, 1000])
def test_vocabulary_cap_holds_with_thousands_of_characters(kind, vocab_size):
    texts = _many_characters()
    assert len({c for t in texts for c in t}) > 5 * vocab_size
    tok = train_tokenizer(kind, texts, vocab_size)
    # SentencePiece needs 256 byte pieces: its vocabulary is at least SP_MIN_VOCAB (388)
    assert tok.vocab_size <= max(vocab_size, SP_MIN_VOCAB if "sentencepiece" in kind else 0)
    ids = tok.encode(texts[0])
    assert ids and all(0 <= i < tok.vocab_size for i in ids)
    assert "的" in tok.decode(tok.encode("的")) or UNK_ID in tok.encode("的")
    rare = chr(0x4E00 + 19999) * 3  # not among the most frequent characters
    assert UNK_ID in tok.encode(rare) or tok.decode(tok.encode(rare)) == rare


@pytest.mark.parametrize("kind", ["sentencepiece-unigram", "sentencepiece-bpe"])
def test_frequent_characters_keep_their_pieces(kind):
    tok = train_tokenizer(kind, _many_characters(), 200)
    assert UNK_ID not in tok.encode("的一是")
