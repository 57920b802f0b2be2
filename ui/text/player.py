"""English and Korean for the decode player (ui/player/).

The player fills `{name}` with values in the browser (as text, never as markup); a value
that is a token is drawn in bold."""

STRINGS = {
    "pl_first": {"en": "« first", "ko": "« 처음"},
    "pl_back": {"en": "‹ back", "ko": "‹ 이전"},
    "pl_next": {"en": "next ›", "ko": "다음 ›"},
    "pl_last": {"en": "last »", "ko": "끝 »"},
    "pl_play": {"en": "▶ play", "ko": "▶ 재생"},
    "pl_pause": {"en": "❚❚ pause", "ko": "❚❚ 멈춤"},
    "pl_count_enc": {"en": "encoder {s} / {S}", "ko": "인코더 {s} / {S}"},
    "pl_count_bridge": {"en": "hand-over", "ko": "넘겨주기"},
    "pl_count_dec": {"en": "decoder step {t}", "ko": "디코딩 시점 {t}"},
    "pl_count_end": {"en": "decoder step {t} / {T}", "ko": "디코딩 시점 {t} / {T}"},
    "pl_nb_step": {
        "en": "Decoder step for the nearest training pairs",
        "ko": "가장 가까운 학습 쌍을 찾을 디코딩 시점",
    },
    "pl_link": {"en": "link", "ko": "링크"},
    "pl_teacher": {"en": "teacher forcing", "ko": "교사 강요"},
    "pl_sentence": {"en": "Sentence", "ko": "문장"},
    "pl_enc": {
        "en": "Encoder, step {s}/{S}: it reads {tok} (id {id}) and updates its state. "
        "The box holds the state after this token (‖h‖ = {norm}).",
        "ko": "인코더 시점 {s}/{S}: {tok}(번호 {id})를 읽고 상태를 고칩니다. "
        "상자는 이 토큰을 읽은 뒤의 상태입니다 (‖h‖ = {norm}).",
    },
    "pl_bridge": {
        "en": "Hand-over: the encoder's last state is the encoded hidden vector h; "
        "the decoder starts from it.",
        "ko": "넘겨주기: 인코더의 마지막 상태가 인코딩된 은닉 벡터 h이고, "
        "디코더는 여기서 시작합니다.",
    },
    "pl_bridge_bi": {
        "en": "The encoder reads both ways: the bridge joins the forward RNN's last state "
        "h→ and the backward RNN's h← into h = tanh(W [h→; h←] + b).",
        "ko": "인코더가 양방향으로 읽습니다: 브리지가 정방향 RNN의 마지막 상태 h→와 "
        "역방향 RNN의 h←를 h = tanh(W [h→; h←] + b)로 합칩니다.",
    },
    "pl_dec": {
        "en": "Decoder, step {t}: input {inp} → argmax {out} ({p}) → the next input.",
        "ko": "디코딩 시점 {t}: 입력 {inp} → argmax {out} ({p}) → 다음 입력.",
    },
    "pl_dec_forced": {
        "en": "Decoder, step {t}: input {inp} → forced {out} ({p}) → the next input.",
        "ko": "디코딩 시점 {t}: 입력 {inp} → 강제 선택 {out} ({p}) → 다음 입력.",
    },
    "pl_dec_teacher": {
        "en": "Decoder, step {t} (teacher forcing): input {inp}; the reference says "
        "{gold}, p = {p}: loss term −log p(gold) = {nll}.",
        "ko": "디코딩 시점 {t} (교사 강요): 입력 {inp}; 정답은 {gold}, p = {p}: "
        "손실 항 −log p(정답) = {nll}.",
    },
    "pl_end": {
        "en": "end: the decoder chose <eos> at step {t}; the translation ends.",
        "ko": "끝: 디코더가 {t}번째 시점에서 <eos>를 골랐습니다. 번역이 끝납니다.",
    },
    "pl_max": {
        "en": "The decoder reached the length cap at step {t} without <eos>.",
        "ko": "디코더가 <eos> 없이 길이 제한({t}개 시점)에 도달했습니다.",
    },
    "pl_end_box": {"en": "end", "ko": "끝"},
    "pl_attention": {
        "en": "Attention: score → softmax = weight; c = Σ weight × state",
        "ko": "어텐션: 점수 → 소프트맥스 = 가중치; c = Σ 가중치 × 상태",
    },
    "pl_score": {"en": "score", "ko": "점수"},
    "pl_weight": {"en": "weight", "ko": "가중치"},
    "pl_softmax": {
        "en": "softmax over {v} target tokens: top {k} (◀ argmax)",
        "ko": "목표 토큰 {v}개에 대한 소프트맥스: 상위 {k}개 (◀ argmax)",
    },
    "pl_force_hint": {
        "en": "Click a bar to force that token here; the rest is decoded again.",
        "ko": "막대를 누르면 이 시점에서 그 토큰을 강제로 고르고 나머지를 다시 디코딩합니다.",
    },
    "pl_forced_at": {
        "en": "Forced {tok} at step {t}",
        "ko": "{t}번째 시점에서 {tok} 강제 선택",
    },
    "pl_original": {"en": "original (greedy)", "ko": "원래 번역 (탐욕)"},
    "pl_forced": {"en": "forced", "ko": "강제 선택 후"},
    "pl_logp": {
        "en": "log-probability so far, steps 1..{t}: {lp} · of the whole output: {whole}",
        "ko": "지금까지의 로그 확률 (1..{t}번째 시점): {lp} · 전체 출력: {whole}",
    },
    "pl_nll": {"en": "−log p(gold)", "ko": "−log p(정답)"},
    "pl_loss": {
        "en": "loss = Σ −log p(gold) over steps 1 to {T} = {total}",
        "ko": "손실 = {T}개 시점의 Σ −log p(정답) = {total}",
    },
    "pl_loss_so_far": {
        "en": "sum so far, steps 1..{t}: {sum}",
        "ko": "지금까지의 합 (1..{t}번째 시점): {sum}",
    },
    "pl_word_start": {
        "en": "▁ marks the start of a word (SentencePiece).",
        "ko": "▁는 단어의 시작을 뜻합니다 (SentencePiece).",
    },
    "pl_code": {"en": "The code behind this step", "ko": "이 시점을 계산한 코드"},
    "pl_h_before": {"en": "s before", "ko": "이전 s"},
    "pl_h_after": {"en": "s after", "ko": "이후 s"},
    "pl_keys": {
        "en": "Keys: ← → or PageUp / PageDown step, Home / End, Space plays.",
        "ko": "키: ← → 또는 PageUp / PageDown으로 이동, Home / End, Space로 재생.",
    },
    "pl_download": {"en": "⬇ Download this lesson", "ko": "⬇ 이 강의 내려받기"},
    "pl_download_pick": {
        "en": "Sentences in the lesson file (up to {n})",
        "ko": "강의 파일에 넣을 문장 (최대 {n}개)",
    },
    "pl_download_help": {
        "en": "One HTML file that plays these sentences step by step from disk: no "
        "network, no server.",
        "ko": "이 문장들을 처음부터 끝까지 차례로 재생하는 HTML 파일 하나: 네트워크도 서버도 필요 없습니다.",
    },
    "pl_svg_enc": {
        "en": "{count}: the encoder reads ‘{tok}’ and updates its state",
        "ko": "{count}: 인코더가 ‘{tok}’ 토큰을 읽고 상태를 고칩니다",
    },
    "pl_svg_bridge": {
        "en": "{count}: the encoder's last state h goes to the decoder",
        "ko": "{count}: 인코더의 마지막 상태 h를 디코더에 넘겨줍니다",
    },
    "pl_svg_dec": {
        "en": "{count}: the decoder reads ‘{inp}’ and predicts ‘{out}’ with p = {p}",
        "ko": "{count}: 디코더의 입력은 ‘{inp}’, 예측한 토큰은 ‘{out}’ (p = {p})",
    },
    "pl_svg_forced": {
        "en": "{count}: the decoder reads ‘{inp}’; ‘{out}’ is forced (p = {p})",
        "ko": "{count}: 디코더의 입력은 ‘{inp}’, 강제로 고른 토큰은 ‘{out}’ (p = {p})",
    },
    "pl_svg_teacher": {
        "en": "{count}: the decoder reads ‘{inp}’; the reference says ‘{out}’, p = {p}, "
        "−log p = {nll}",
        "ko": "{count}: 디코더 입력 ‘{inp}’, 정답 ‘{out}’, p = {p}, −log p = {nll}",
    },
}
