"""The glossary: the terms of the lecture in English and Korean, one word for each idea,
so that every page and figure says the same (a decoder step is 디코딩 시점, a training
step 학습 스텝), and the names of attention kinds and decoder styles."""

STRINGS: dict[str, dict[str, str]] = {
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
