"""English and Korean for every word the app shows.

Strings live in tables {key: {"en": ..., "ko": ...}}. The glossary below fixes the terms of
the lecture so that every page uses the same words; page modules `register` their own
tables at import. `t(key, lang)` formats with keyword arguments (str.format).

A count before an English noun names the noun in its format spec, `{n:pair}` or
`{n:child|children}`: "1 pair", "2 pairs", "1,000 pairs" (see `Count`). Korean needs no plural
and writes `{n}`.
No Streamlit here: figure builders and tests use it too.
"""

from __future__ import annotations

import numbers
from typing import Any

LANGS = {"en": "English", "ko": "한국어"}

GLOSSARY: dict[str, dict[str, str]] = {
    "encoder": {"en": "encoder", "ko": "인코더"},
    "decoder": {"en": "decoder", "ko": "디코더"},
    "hidden_vector": {"en": "hidden vector", "ko": "은닉 벡터"},
    "encoded_vector": {"en": "encoded hidden vector", "ko": "인코딩된 은닉 벡터"},
    "input_feeding": {"en": "input feeding", "ko": "입력 피딩"},
    "luong_input_feeding": {"en": "Luong input feeding (h̃)", "ko": "Luong 입력 피딩 (h̃)"},
    "greedy_search": {"en": "greedy search", "ko": "탐욕 탐색"},
    "beam_search": {"en": "beam search", "ko": "빔 탐색"},
    "attention": {"en": "attention", "ko": "어텐션"},
    "attention_weights": {"en": "attention weights", "ko": "어텐션 가중치"},
    "context_vector": {"en": "context vector", "ko": "문맥 벡터"},
    "softmax": {"en": "softmax", "ko": "소프트맥스"},
    "argmax": {"en": "argmax", "ko": "argmax"},
    "token": {"en": "token", "ko": "토큰"},
    "source": {"en": "source", "ko": "원문"},
    "target": {"en": "target", "ko": "번역문"},
    "step": {"en": "step", "ko": "디코딩 시점"},  # a decoder timestep
    "train_step": {"en": "training step", "ko": "학습 스텝"},  # one optimizer update
    "loss": {"en": "loss", "ko": "손실"},
    "teacher_forcing": {"en": "teacher forcing", "ko": "교사 강요"},
    "probability": {"en": "probability", "ko": "확률"},
    "vocabulary": {"en": "vocabulary", "ko": "어휘"},
    "exact_match": {"en": "exact match", "ko": "완전 일치"},
    "epoch": {"en": "epoch", "ko": "에폭"},
    # attention kinds (config.ATTENTIONS) and decoder styles: the papers' names stay readable
    "attn_additive": {"en": "additive (Bahdanau)", "ko": "가법(additive, Bahdanau)"},
    "attn_general": {"en": "general (Luong)", "ko": "일반(general, Luong)"},
    "attn_dot": {"en": "dot (Luong)", "ko": "내적(dot, Luong)"},
    "attn_none": {"en": "none", "ko": "없음"},
    "style_luong": {"en": "Luong", "ko": "Luong 방식"},
    "style_bahdanau": {"en": "Bahdanau", "ko": "Bahdanau 방식"},
    "bidirectional_rnn": {"en": "bi-{rnn}", "ko": "양방향 {rnn}"},
    "gold_nll": {"en": "−log p(gold)", "ko": "−log p(정답 토큰)"},
}

COMMON: dict[str, dict[str, str]] = {
    "app_title": {"en": "Seq2seq with attention", "ko": "어텐션을 쓰는 Seq2seq"},
    "language": {"en": "Language / 언어", "ko": "언어 / Language"},
    "model": {"en": "Model", "ko": "모델"},
    "own_model": {"en": "your model: {name}", "ko": "내 모델: {name}"},
    "lesson_model": {
        "en": "{name} (weaker on purpose: shows mistakes)",
        "ko": "{name} (일부러 약하게: 실수를 보여 줌)",
    },
    "lesson_pick": {"en": "Lesson example", "ko": "수업용 예문"},
    "no_attention": {
        "en": "This model has no attention: every step sees only the decoder's own hidden "
        "state, which started as the encoded hidden vector.",
        "ko": "이 모델에는 어텐션이 없습니다: 모든 시점은 디코더 자신의 은닉 상태만 보며, "
        "그 상태는 인코딩된 은닉 벡터에서 시작했습니다.",
    },
    "reference": {"en": "reference", "ko": "정답"},
    "translation": {"en": "Translation", "ko": "번역 결과"},
    "teacher_mode": {"en": "Teacher mode", "ko": "교사 모드"},
    "teacher_help": {
        "en": "Hides advanced controls so the projector shows only the lesson.",
        "ko": "고급 설정을 숨겨 프로젝터에는 수업 내용만 보이게 합니다.",
    },
    "share": {"en": "🔗 Link to this view", "ko": "🔗 이 화면의 링크"},
    "share_help": {
        "en": "Put this link on a slide: it opens this page with the same model, sentence and language. The 🔗 beside the step navigator links to one decoder step.",
        "ko": "이 링크를 슬라이드에 넣으세요. 같은 모델, 문장, 언어로 이 페이지가 열립니다. 시점 이동 버튼 옆의 🔗는 디코딩의 한 시점으로 가는 링크입니다.",
    },
    "nav_explore": {"en": "Decode step by step", "ko": "토큰 하나씩 디코딩"},
    "nav_compare": {"en": "Attention, beam, loss", "ko": "어텐션, 빔, 손실"},
    "nav_experiments": {"en": "Experiments", "ko": "실험"},
    "nav_data": {"en": "Data", "ko": "데이터"},
    "nav_train": {"en": "Train", "ko": "학습"},
    "upload_limit": {
        "en": "At most {mb} MB per file.",
        "ko": "파일 하나에 최대 {mb}MB까지 올릴 수 있습니다.",
    },
    "no_model": {
        "en": "No model is available yet: train one on the Train page.",
        "ko": "아직 모델이 없습니다. 학습 페이지에서 모델을 학습하세요.",
    },
}

FIGURES: dict[str, dict[str, str]] = {
    "forward": {"en": "forward (left to right)", "ko": "정방향 (왼쪽→오른쪽)"},
    "backward": {"en": "backward (right to left)", "ko": "역방향 (오른쪽→왼쪽)"},
    "hidden_units": {"en": "hidden units", "ko": "은닉 유닛"},
    "argmax_greedy": {"en": "argmax → greedy choice", "ko": "argmax → 탐욕 선택"},
    "forced_choice": {"en": "forced: {token}", "ko": "강제 선택: {token}"},
    "output": {"en": "output", "ko": "출력"},
    "loss_sum_title": {
        "en": "sum = {total} nats = this pair's loss (per sentence; per token: {mean})",
        "ko": "합 = {total} nat = 이 문장 쌍의 손실 (문장당; 토큰당: {mean})",
    },
    "batch_loss": {"en": "loss of each batch", "ko": "배치별 손실"},
    "train_loss": {"en": "training loss", "ko": "학습 손실"},
    "valid_loss": {"en": "validation loss", "ko": "검증 손실"},
    "valid_em": {"en": "validation exact match (%)", "ko": "검증 완전 일치 (%)"},
    "no_data_yet": {"en": "no data yet", "ko": "아직 데이터가 없습니다"},
    "loss_per_token": {"en": "loss per token (nats)", "ko": "토큰당 손실 (nat)"},
}

_STRINGS: dict[str, dict[str, str]] = {}


def plural(n: int, noun: str) -> str:
    """ "1 line", "2 lines", "1,000 lines"; `noun` is "line" or "child|children"."""
    one, _, many = noun.partition("|")
    if not many:
        many = one + ("es" if one.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{n:,} {one if n == 1 else many}"


class Count(int):
    """An int whose format spec may be a noun: `f"{Count(2):line}"` is "2 lines"; a numeric
    spec ("," or "d") formats the number as an int does."""

    def __format__(self, spec: str) -> str:
        if spec and spec[0].isalpha():
            return plural(int(self), spec)
        return int.__format__(self, spec)


def register(table: dict[str, dict[str, str]]) -> None:
    """Add a page's strings; a key defined twice with other words is an error."""
    for key, value in table.items():
        if set(value) != set(LANGS):
            raise ValueError(f"string {key!r} must have exactly {sorted(LANGS)}")
        if key in _STRINGS and _STRINGS[key] != value:
            raise ValueError(f"string {key!r} is defined twice")
        _STRINGS[key] = value


def _is_count(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def t(key: str, lang: str = "en", **fmt: Any) -> str:
    """The string `key` in `lang` ("en" or "ko"), formatted with `fmt`."""
    entry = _STRINGS.get(key)
    if entry is None:
        raise KeyError(f"no UI string {key!r}")
    text = entry.get(lang) or entry["en"]
    counts = {k: Count(v) if _is_count(v) else v for k, v in fmt.items()}
    return text.format(**counts) if fmt else text


def attention_name(kind: str, lang: str = "en") -> str:
    """The name of an attention kind ("additive", ...) in `lang`."""
    return t(f"attn_{kind}", lang) if f"attn_{kind}" in _STRINGS else kind


def style_name(style: str, lang: str = "en") -> str:
    """The name of a decoder style ("luong", "bahdanau") in `lang`."""
    return t(f"style_{style}", lang) if f"style_{style}" in _STRINGS else style


def all_strings() -> dict[str, dict[str, str]]:
    return dict(_STRINGS)


register(GLOSSARY)
register(COMMON)
register(FIGURES)
