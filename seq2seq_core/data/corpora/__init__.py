"""Built-in corpora: generated (seeded, deterministic, disjoint splits) or shipped.

`load_builtin(name, split)` returns (source, target) pairs; `python -m seq2seq_core corpus
NAME --out FILE` writes one as TSV. The generators: `en_ko` (a small English→Korean
grammar) and `synthetic` (reverse, dates, numbers); the hand-written phrases are in data/.
"""

from __future__ import annotations

import functools
import os
import random
from dataclasses import dataclass

Pair = tuple[str, str]
SPLITS = ("train", "valid", "test", "all")


@dataclass(frozen=True)
class CorpusInfo:
    name: str
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str
    tokenizer: str  # suggested tokenizer kind


BUILTIN_CORPORA: dict[str, CorpusInfo] = {
    info.name: info
    for info in [
        CorpusInfo(
            "en-ko", "English → Korean (grammar)", "영어 → 한국어 (문법 생성)",
            "Sentences from a small grammar: subjects, objects, tenses, negation, questions. "
            "Korean puts the verb last, so attention must reorder.",
            "작은 문법으로 만든 문장: 주어, 목적어, 시제, 부정, 의문문. 한국어는 동사가 "
            "끝에 오므로 어텐션이 어순을 바꿔야 합니다.",
            "sentencepiece-unigram",
        ),
        CorpusInfo(
            "en-ko-phrases", "English → Korean (everyday phrases)", "영어 → 한국어 (생활 표현)",
            "About 200 hand-written everyday phrases: the size of a corpus a teacher uploads.",
            "손으로 쓴 생활 표현 약 200개: 교사가 올리는 말뭉치 크기입니다.",
            "sentencepiece-unigram",
        ),
        CorpusInfo(
            "reverse", "Reverse a sequence", "순서 뒤집기",
            "3 to 15 numbers, written backwards: 4 12 1 → 1 12 4.",
            "숫자 3~15개를 거꾸로 씁니다: 4 12 1 → 1 12 4.",
            "word",
        ),
        CorpusInfo(
            "dates", "Dates → ISO 8601", "날짜 → ISO 8601",
            "Dates written many ways, to one format: Tuesday, 3 March 2020 → 2020-03-03.",
            "여러 형식의 날짜를 한 형식으로: Tuesday, 3 March 2020 → 2020-03-03.",
            "char",
        ),
        CorpusInfo(
            "numbers", "Numbers → English words", "숫자 → 영어 단어",
            "Digits to words: 1204 → one thousand two hundred four.",
            "숫자를 영어 단어로: 1204 → one thousand two hundred four.",
            "char",
        ),
    ]
}  # fmt: skip


def builtin_names() -> list[str]:
    return list(BUILTIN_CORPORA)


@functools.lru_cache(maxsize=16)
def _splits(name: str, seed: int) -> dict[str, tuple[Pair, ...]]:
    if name == "reverse":
        from seq2seq_core.data.corpora.synthetic import reverse_splits as make
    elif name == "dates":
        from seq2seq_core.data.corpora.synthetic import dates_splits as make
    elif name == "numbers":
        from seq2seq_core.data.corpora.synthetic import numbers_splits as make
    elif name == "en-ko":
        from seq2seq_core.data.corpora.en_ko import en_ko_splits as make
    else:
        from seq2seq_core.data.corpora.en_ko import load_en_ko_phrases

        pairs = load_en_ko_phrases()
        order = list(range(len(pairs)))
        random.Random(seed).shuffle(order)
        n_valid = max(1, len(pairs) // 10)
        valid = [pairs[i] for i in sorted(order[:n_valid])]
        train = [pairs[i] for i in sorted(order[n_valid:])]
        return {"train": tuple(train), "valid": tuple(valid), "test": tuple(valid)}
    return {k: tuple(v) for k, v in make(seed=seed).items()}


def load_builtin(name: str, split: str = "train", seed: int = 0) -> list[Pair]:
    """Pairs of a built-in corpus; split is train, valid, test or all."""
    if name not in BUILTIN_CORPORA:
        raise ValueError(f"unknown corpus {name!r}; built-in corpora: {', '.join(BUILTIN_CORPORA)}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; splits: {', '.join(SPLITS)}")
    splits = _splits(name, seed)
    if split == "all":
        seen, out = set(), []
        for part in ("train", "valid", "test"):
            for pair in splits[part]:
                if pair not in seen:
                    seen.add(pair)
                    out.append(pair)
        return out
    return list(splits[split])


def write_tsv(pairs: list[Pair], path: str | os.PathLike) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for src, tgt in pairs:
            f.write(f"{src}\t{tgt}\n")
