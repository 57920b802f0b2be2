"""English and Korean for the Train page (ui/pages/train.py), registered at import."""

from ui.text.i18n import register, t

register(
    {
        "train_title": {"en": "Train a model", "ko": "모델 학습하기"},
        "train_intro": {
            "en": "Training shows the model each pair with the right answer fed in (teacher forcing) and nudges its weights to make the right token more probable: the loss is the cross-entropy of the right token, summed over the decoder's steps.",
            "ko": "학습은 모델에게 정답을 입력으로 넣어 주며 (교사 강요) 각 문장 쌍을 보여 주고, 정답 토큰의 확률이 높아지도록 가중치를 조금씩 바꿉니다. 손실은 디코딩 시점마다 정답 토큰의 교차 엔트로피를 더한 값입니다.",
        },
        "need_corpus": {
            "en": "Pick or upload a corpus on the Data page first, or:",
            "ko": "먼저 데이터 페이지에서 말뭉치를 고르거나 올리세요. 또는:",
        },
        "use_phrases": {
            "en": "Use the everyday phrases (English → Korean)",
            "ko": "생활 표현 사용 (영어 → 한국어)",
        },
        "run_corpus": {
            "en": "The run below trained on **{name}** ({n:pair}); the corpus above is for a new run.",
            "ko": "아래 학습은 **{name}**({n}쌍)으로 했습니다. 위의 말뭉치는 새 학습에 쓰입니다.",
        },
        "corpus_is": {
            "en": "Corpus: **{name}**, {n:pair} ({train} to train, {valid} to validate)",
            "ko": "말뭉치: **{name}**, {n}쌍 (학습 {train}, 검증 {valid})",
        },
        "preset": {"en": "Preset", "ko": "프리셋"},
        "tiny": {"en": "tiny and fast", "ko": "작고 빠르게"},
        "default": {"en": "default", "ko": "기본"},
        "bigger": {"en": "bigger", "ko": "더 크게"},
        "details": {"en": "Details", "ko": "세부 설정"},
        "train_start": {"en": "Start training", "ko": "학습 시작"},
        "rnn_help": {
            "en": "GRU: the encoder hands the decoder one hidden vector, as in the lesson. LSTM: "
            "a hidden vector and a cell state; measured on a 2-core CPU, it trained 10-25% "
            "faster than a GRU of the same size. rnn: the plain tanh RNN.",
            "ko": "GRU: 인코더가 디코더에게 은닉 벡터 하나를 넘깁니다 (강의 그대로). LSTM: 은닉 "
            "벡터와 셀 상태 두 개를 넘기며, 2코어 CPU에서 재어 보니 같은 크기의 GRU보다 학습이 "
            "10~25% 빨랐습니다. rnn: 기본 tanh RNN.",
        },
        "train_again": {
            "en": "Start a new run (replaces this one)",
            "ko": "새로 학습 시작 (지금 모델을 바꿈)",
        },
        "train_pause": {"en": "Pause", "ko": "일시 정지"},
        "train_resume": {"en": "Resume", "ko": "이어서 학습"},
        "train_stop": {"en": "Stop", "ko": "중지"},
        "train_reset": {"en": "Reset", "ko": "초기화"},
        "status_queued": {
            "en": "Waiting for a free slot: number {pos} in the queue ({max:run} train at once on this server).",
            "ko": "빈 자리를 기다리는 중: 대기열 {pos}번 (이 서버에서는 동시에 {max}개까지 학습합니다).",
        },
        "status_running": {
            "en": "Training: epoch {epoch} of {epochs}, step {step}",
            "ko": "학습 중: 에폭 {epoch}/{epochs}, 학습 스텝 {step}",
        },
        "time_left": {"en": "about {s:.0f} s left", "ko": "약 {s:.0f}초 남음"},
        "status_paused": {
            "en": "Paused after step {step}. Resume to go on.",
            "ko": "학습 스텝 {step}번 후 일시 정지했습니다. 이어서 학습할 수 있습니다.",
        },
        "status_finished": {
            "en": "Done: {epochs:epoch} in {s:.1f} s.",
            "ko": "완료: {epochs}에폭, {s:.1f}초.",
        },
        "status_stopped": {
            "en": "Stopped after step {step}; the model so far is usable.",
            "ko": "학습 스텝 {step}번 후 중지했습니다. 지금까지의 모델을 쓸 수 있습니다.",
        },
        "status_diverged": {
            "en": "Training stopped: {msg}",
            "ko": "학습이 멈췄습니다: 손실이 NaN 또는 무한대가 되어 마지막 정상 가중치를 유지했습니다. 학습률({lr})이 너무 클 수 있습니다. 더 작게 해 보세요.",
        },
        "status_failed": {"en": "Training failed: {msg}", "ko": "학습 실패: {msg}"},
        "throughput": {
            "en": "{tps:,.0f} target tokens per second",
            "ko": "초당 목표 토큰 {tps:,.0f}개",
        },
        "samples": {"en": "Sample translations (validation)", "ko": "번역 예시 (검증)"},
        "replay": {
            "en": "How attention formed: the fixed example after epoch",
            "ko": "어텐션이 만들어지는 과정: 고정 예문, 에폭",
        },
        "learned": {
            "en": "Exact match: **{train:.0%}** of the training pairs, **{valid:.0%}** of the validation pairs (sentences it never saw).",
            "ko": "완전 일치: 학습 문장 쌍의 **{train:.0%}**, 검증 문장 쌍(본 적 없는 문장)의 **{valid:.0%}**.",
        },
        "learned_no_valid": {
            "en": "Exact match: **{train:.0%}** of the training pairs. There are no validation pairs: the corpus is too small to set any aside, so nothing says how the model does on sentences it never saw.",
            "ko": "완전 일치: 학습 문장 쌍의 **{train:.0%}**. 검증 문장 쌍이 없습니다: 말뭉치가 너무 작아 따로 떼어 둘 수 없었으므로, 본 적 없는 문장에서 어떤지는 알 수 없습니다.",
        },
        "open_explorer": {"en": "Open in the explorer", "ko": "탐색기에서 열기"},
        "download": {"en": "Download model", "ko": "모델 내려받기"},
        "upload_model": {"en": "Upload a model (.safetensors)", "ko": "모델 올리기 (.safetensors)"},
        "uploaded": {
            "en": "Loaded {name}: it is now your model in the explorer.",
            "ko": "{name}을(를) 불러왔습니다. 이제 탐색기에서 내 모델로 쓸 수 있습니다.",
        },
        "bad_options": {
            "en": "These options do not fit together: {msg}",
            "ko": "함께 쓸 수 없는 설정입니다: {msg}",
        },
        "epochs": {"en": "epochs", "ko": "에폭"},
        "batch_size": {"en": "batch size", "ko": "배치 크기"},
        "learning_rate": {"en": "learning rate", "ko": "학습률"},
        "emb_size": {"en": "embedding size", "ko": "임베딩 크기"},
        "hidden_size": {"en": "hidden size", "ko": "은닉 크기"},
        "layers": {"en": "layers", "ko": "층 수"},
        "bidirectional": {"en": "bidirectional encoder", "ko": "양방향 인코더"},
        "decoder_style": {"en": "decoder style", "ko": "디코더 방식"},
        "tf_ratio": {"en": "teacher forcing ratio", "ko": "교사 강요 비율"},
    }
)


def learned_text(train_em: float, valid_em: float, n_valid: int, lang: str) -> str:
    """The Train page's last word on a run; with no validation pair it says so (not "0%")."""
    if not n_valid:
        return t("learned_no_valid", lang, train=train_em)
    return t("learned", lang, train=train_em, valid=valid_em)
