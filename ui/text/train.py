"""English and Korean for the Train page (ui/pages/train.py), its training
failures and the step-by-step training view."""

from ui.text.i18n import t

STRINGS: dict[str, dict[str, str]] = {
    "train_title": {"en": "Train a model", "ko": "모델 학습하기"},
    "train_intro": {
        "en": "Training shows the model each pair with the right answer fed in (teacher forcing) and nudges its weights to make the right token more probable: the loss is the cross-entropy of the right token, −log p, summed over the decoder's steps (the loss per sentence, in nats: natural logarithms). The curves show the loss per token: that sum divided by the number of target tokens (`<eos>` included), so that long and short sentences weigh alike.",
        "ko": "학습은 모델에게 정답을 입력으로 넣어 주며 (교사 강요) 각 문장 쌍을 보여 주고, 정답 토큰의 확률이 높아지도록 가중치를 조금씩 바꿉니다. 손실은 디코딩 시점마다 정답 토큰의 교차 엔트로피 −log p를 더한 값입니다 (문장당 손실, 단위는 nat: 자연로그). 곡선은 토큰당 손실, 곧 이 합을 목표 토큰 수(`<eos>` 포함)로 나눈 값을 보여 주어 긴 문장과 짧은 문장을 똑같이 다룹니다.",
    },
    "loss_now": {
        "en": "Loss after epoch {epoch}: training {train_s:.3f} nats per sentence ({train_t:.3f} per token), validation {valid_s:.3f} nats per sentence ({valid_t:.3f} per token).",
        "ko": "에폭 {epoch} 후 손실: 학습 문장당 {train_s:.3f} nat (토큰당 {train_t:.3f}), 검증 문장당 {valid_s:.3f} nat (토큰당 {valid_t:.3f}).",
    },
    "kept_best": {
        "en": "The model keeps the weights of epoch {epoch} (best validation loss: {loss:.3f} nats per sentence), not those of the last epoch, {last}.",
        "ko": "모델은 에폭 {epoch}의 가중치를 유지합니다 (검증 손실이 가장 낮음: 문장당 {loss:.3f} nat). 마지막 에폭({last})의 가중치가 아닙니다.",
    },
    "kept_last": {
        "en": "The model keeps the weights of the last epoch, {epoch}: its validation loss is the lowest ({loss:.3f} nats per sentence).",
        "ko": "모델은 마지막 에폭 {epoch}의 가중치를 유지합니다: 검증 손실이 가장 낮습니다 (문장당 {loss:.3f} nat).",
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
        "en": "Done: {epochs:epoch|epochs} in {s:.1f} s.",
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
    "run_worker_lost": {
        "en": "the computer process that was training this run stopped. The model is as it "
        "was before the run; start again.",
        "ko": "이 학습을 하던 작업 프로세스가 멈췄습니다. 모델은 학습 전 그대로입니다. 다시 시작하세요.",
    },
    "run_engine_lost": {
        "en": "the training engine of this server stopped during the run (it is being "
        "restarted). The model is as it was before the run; start again in a minute.",
        "ko": "이 서버의 학습 엔진이 학습 중에 멈췄습니다(다시 시작하는 중입니다). 모델은 학습 전 "
        "그대로입니다. 잠시 후 다시 시작하세요.",
    },
    "run_engine_unreachable": {
        "en": "the training engine could not be reached",
        "ko": "학습 엔진에 연결할 수 없습니다",
    },
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
    "overfit_warning": {
        "en": "Validation loss has risen above its best (epoch {best}) for {n:epoch|epochs} in a row: the model is learning the training pairs by heart instead of learning to translate (overfitting). More epochs will not help here; fewer epochs or more data would.",
        "ko": "검증 손실이 {n}에폭 연속으로 가장 낮았던 값({best}에폭)보다 높습니다: 모델이 번역을 배우는 대신 학습 문장 쌍을 외우고 있습니다 (과적합). 에폭을 늘려도 나아지지 않습니다. 에폭을 줄이거나 데이터를 늘리세요.",
    },
    "best_valid_kept": {
        "en": "Best validation loss at epoch {best}. When the run ends, the model keeps the weights of epoch {kept}, the one with the lowest validation loss.",
        "ko": "검증 손실은 {best}에폭에서 가장 낮았습니다. 학습이 끝나면 모델은 검증 손실이 가장 낮은 {kept}에폭의 가중치를 남깁니다.",
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
    "style_help": {
        "en": "Luong: the new decoder state asks the attention, and the context goes to "
        "the output layer. Bahdanau: the previous state asks, and the context joins the "
        "next input. Without attention the two are the same plain decoder.",
        "ko": "Luong: 새 디코더 상태가 어텐션에 묻고, 문맥 벡터는 출력층으로 갑니다. "
        "Bahdanau: 이전 상태가 묻고, 문맥 벡터는 다음 입력에 붙습니다. 어텐션이 없으면 "
        "두 방식은 같은 기본 디코더입니다.",
    },
    "tf_ratio": {"en": "teacher forcing ratio", "ko": "교사 강요 비율"},
    "stepwise_title": {"en": "One step at a time", "ko": "학습 스텝 하나씩"},
    "stepwise_text": {
        "en": "Each press makes optimizer updates on one fixed batch (the first {b} training pairs) and shows what they did to one fixed pair of it, *{src}* → *{tgt}*: its −log p(right token) at every target step, before and after, and how its attention moved. *One epoch* makes one update per batch over all the training pairs.",
        "ko": "버튼을 누를 때마다 고정된 배치 하나(학습 문장 쌍의 처음 {b}개)로 옵티마이저 업데이트를 하고, 그 안의 고정된 문장 쌍 *{src}* → *{tgt}*에 무엇이 바뀌었는지 보여 줍니다: 디코딩 시점마다 −log p(정답 토큰)의 전과 후, 그리고 어텐션이 어떻게 움직였는지. *한 에폭*은 모든 학습 문장 쌍을 배치마다 한 번씩 업데이트합니다.",
    },
    "one_step": {"en": "One step", "ko": "학습 스텝 1번"},
    "ten_steps": {"en": "Ten steps", "ko": "학습 스텝 10번"},
    "one_epoch": {"en": "One epoch", "ko": "한 에폭"},
    "stepwise_counter": {
        "en": "Optimizer updates so far: {n}",
        "ko": "지금까지의 옵티마이저 업데이트: {n}번",
    },
    "stepwise_done": {
        "en": "{k} update(s): the fixed batch's loss went from {a:.3f} to {b:.3f} nats per sentence; the fixed pair's from {pa:.3f} to {pb:.3f}.",
        "ko": "업데이트 {k}번: 고정 배치의 손실이 문장당 {a:.3f} → {b:.3f} nat, 고정 문장 쌍의 손실이 {pa:.3f} → {pb:.3f} nat이 되었습니다.",
    },
    "stepwise_before": {"en": "before (sum {loss})", "ko": "전 (합 {loss})"},
    "stepwise_after": {"en": "after (sum {loss})", "ko": "후 (합 {loss})"},
    "stepwise_attention": {
        "en": "Attention after minus before: red, this step now looks more at that source token; blue, less.",
        "ko": "어텐션 (후 − 전): 빨간색은 그 시점이 그 원문 토큰을 더 많이 보게 된 곳, 파란색은 덜 보게 된 곳입니다.",
    },
    "stepwise_diverged": {
        "en": "The loss became NaN or infinite: that update was not made and the model went back to its last good weights. Try a smaller learning rate.",
        "ko": "손실이 NaN 또는 무한대가 되어 그 업데이트는 하지 않았고, 모델은 마지막 정상 가중치로 돌아갔습니다. 학습률을 줄여 보세요.",
    },
    "stepwise_busy": {
        "en": "Pause or stop the run to train it one step at a time.",
        "ko": "학습 스텝을 하나씩 하려면 학습을 일시 정지하거나 중지하세요.",
    },
}


def learned_text(train_em: float, valid_em: float, n_valid: int, lang: str) -> str:
    """The Train page's last word on a run; with no validation pair it says so (not "0%")."""
    if not n_valid:
        return t("learned_no_valid", lang, train=train_em)
    return t("learned", lang, train=train_em, valid=valid_em)


def kept_text(best_epoch: int, last_epoch: int, loss: float, lang: str) -> str:
    """Which epoch's weights a finished run keeps: the best one, said to be the last when
    it is (issue 26: "may not be the last epoch's" was said at 60 of 60)."""
    if best_epoch == last_epoch:
        return t("kept_last", lang, epoch=best_epoch, loss=loss)
    return t("kept_best", lang, epoch=best_epoch, last=last_epoch, loss=loss)
