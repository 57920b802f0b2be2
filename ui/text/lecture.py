"""English and Korean for the lecture page (ui/pages/lecture.py and ui/figures/lecture.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "nav_lecture": {"en": "Lecture", "ko": "강의"},
    "lec_back": {"en": "‹ back", "ko": "‹ 이전"},
    "lec_next": {"en": "next ›", "ko": "다음 ›"},
    "lec_counter": {"en": "{i} / {n}", "ko": "{i} / {n}"},
    "lec_handover": {"en": "h", "ko": "h"},
    "lec_enc": {
        "en": "**Encoder, step {s}/{S}:** it reads **{tok}** (id {id}) and updates its "
        "state. The box holds the state after this token (‖h‖ = {norm}).",
        "ko": "**인코더 시점 {s}/{S}:** **{tok}**(번호 {id})를 읽고 상태를 고칩니다. "
        "상자는 이 토큰을 읽은 뒤의 상태입니다 (‖h‖ = {norm}).",
    },
    "lec_bridge": {
        "en": "**Hand-over:** the encoder's last state is the encoded hidden vector **h**; "
        "the decoder starts from it.{bi}",
        "ko": "**넘겨주기:** 인코더의 마지막 상태가 인코딩된 은닉 벡터 **h**이고, "
        "디코더는 여기서 시작합니다.{bi}",
    },
    "lec_bridge_bi": {
        "en": " Both reading directions are joined by the bridge tanh(W[h→; h←]).",
        "ko": " 두 방향의 마지막 상태를 브리지 tanh(W[h→; h←])가 하나로 합칩니다.",
    },
    "lec_dec": {
        "en": "**Decoder {t}/{T}:** input **{inp}** → argmax **{out}** ({p}) → the next input.",
        "ko": "**디코딩 시점 {t}/{T}:** 입력 **{inp}** → argmax **{out}** ({p}) → 다음 입력.",
    },
    "lec_dec_teacher": {
        "en": "**Decoder, step {t}/{T} (teacher forcing):** input **{inp}**; the "
        "reference says **{gold}**, p = {p}: loss term −log {p} = {nll}.",
        "ko": "**디코딩 시점 {t}/{T} (교사 강요):** 입력 **{inp}**; 정답은 **{gold}**, "
        "p = {p}: 손실 항 −log {p} = {nll}.",
    },
    "lec_eos": {"en": " `<eos>`: the translation ends.", "ko": " `<eos>`: 번역이 끝납니다."},
    "lec_scores_softmax": {
        "en": "score → weight",
        "ko": "점수 → 가중치",
    },
    "lec_context": {"en": "Σ weights × states", "ko": "Σ 가중치 × 상태"},
    "lec_softmax_top": {"en": "softmax (◀ argmax)", "ko": "소프트맥스 (◀ argmax)"},
    "lec_vector": {"en": "🔍 full vector", "ko": "🔍 벡터 전체"},
    "lec_teacher": {"en": "teacher forcing", "ko": "교사 강요"},
    "lec_teacher_help": {
        "en": "Feed the reference translation instead of the model's own choices and "
        "show each step's cross-entropy −log p(gold); their sum is the training loss.",
        "ko": "모델이 고른 토큰 대신 정답 번역을 넣고 각 시점의 교차 엔트로피 −log p(정답)을 "
        "보여 줍니다. 그 합이 학습 손실입니다.",
    },
    "lec_code": {"en": "The code behind this step", "ko": "이 시점을 계산한 코드"},
    "lec_link": {"en": "🔗 link to this step", "ko": "🔗 이 시점의 링크"},
    "lec_sentence": {"en": "Sentence", "ko": "문장"},
    # the comments of the code panel (ui/services/lecture_code.py): this step's values
    "code_top_weights": {"en": "weights top {k}: {cells}", "ko": "가중치 상위 {k}개: {cells}"},
    "code_fed_next": {
        "en": "y = {id} '{tok}' → input of step {t}",
        "ko": "y = {id} '{tok}' → {t}번째 시점의 입력",
    },
    "code_fed_reference": {
        "en": "y = {id} '{tok}' (the reference) → step {t}",
        "ko": "y = {id} '{tok}' (정답) → {t}번째 시점",
    },
    "code_nll": {
        "en": "−log p(gold) = −log {p:.2f} = {nll:.2f}",
        "ko": "−log p(정답) = −log {p:.2f} = {nll:.2f}",
    },
    "code_loss_total": {
        "en": "Σ over {t:step} = {total:.2f} = the loss",
        "ko": "시점 {t}개의 합 Σ = {total:.2f} = 손실",
    },
    "code_loss_so_far": {
        "en": "Σ over steps 1..{t} = {s:.2f} so far",
        "ko": "1..{t}번째 시점의 합 Σ = {s:.2f} (지금까지)",
    },
}
