"""English and Korean for the words drawn inside the figures (ui/figures/): axis titles,
legends and notes of plotly charts."""

STRINGS: dict[str, dict[str, str]] = {
    # ui/figures/decode.py, compare.py, train.py
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
    "gold_nll_nats": {"en": "−log p(gold) (nats)", "ko": "−log p(정답 토큰) (nat)"},
    # ui/figures/style.py (a lone word boundary drawn as a token)
    "space_piece": {"en": "␣ space", "ko": "␣ 띄어쓰기"},
    # ui/figures/train.py (the Data page's lengths, the training curves)
    "words_per_sentence": {"en": "words in the sentence", "ko": "문장의 단어 수"},
    "sentences": {"en": "sentences", "ko": "문장 수"},
    "best_valid_marker": {
        "en": "best validation loss (epoch {epoch})",
        "ko": "가장 낮은 검증 손실 ({epoch}에폭)",
    },
    "overfit_band": {
        "en": "validation loss rising: overfitting",
        "ko": "검증 손실 상승: 과적합",
    },
    # ui/figures/lab.py (experiments ①–③)
    "lab_exact_match_pct": {"en": "exact match (%)", "ko": "완전 일치 (%)"},
    "lab_bleu": {"en": "BLEU", "ko": "BLEU"},
    "lab_src_length": {"en": "source length (words)", "ko": "원문 길이 (단어 수)"},
    "lab_row_reference": {"en": "reference", "ko": "정답"},
    "lab_row_free": {"en": "free running", "ko": "자유 생성"},
    "lab_row_forced": {"en": "teacher-forced argmax", "ko": "교사 강요 argmax"},
    "lab_p_free": {
        "en": "p(own token), own tokens fed back",
        "ko": "p(자기 토큰), 자기 토큰을 입력",
    },
    "lab_p_gold": {
        "en": "p(reference token), reference fed in",
        "ko": "p(정답 토큰), 정답을 입력",
    },
    "lab_part_at": {"en": "they part at step {k}", "ko": "{k}번째 시점에서 갈라짐"},
    "lab_diverge_at": {"en": "they diverge at step {k}", "ko": "{k}번째 시점에서 갈라짐"},
    "lab_step": {"en": "decoder step", "ko": "디코딩 시점"},
    "lab_cumulative": {"en": "summed log p", "ko": "로그 확률의 합"},
    "lab_greedy_total": {"en": "greedy (Σ log p = {v})", "ko": "탐욕 (Σ log p = {v})"},
    "lab_beam_total": {"en": "beam k={k} (Σ log p = {v})", "ko": "빔 k={k} (Σ log p = {v})"},
    # ui/figures/probe.py (experiments ④–⑥)
    "lab_other": {"en": "other {n}", "ko": "나머지 {n}개"},
    "lab_at_t1": {"en": "T = 1 (the model's own)", "ko": "T = 1 (모델 그대로)"},
    "lab_tempered": {"en": "T = {T}", "ko": "T = {T}"},
    "lab_pick_right": {
        "en": "your pick {tok} is the argmax ✓",
        "ko": "내 선택 {tok} = argmax ✓",
    },
    "lab_pick_wrong": {
        "en": "your pick {tok}: rank {rank}",
        "ko": "내 선택 {tok}: {rank}위",
    },
    "lab_you": {"en": "you →", "ko": "내 선택 →"},
    "lab_position": {"en": "position", "ko": "위치"},
    "lab_pc": {"en": "PC {i} ({v:.0%} of the variance)", "ko": "주성분 {i} (분산의 {v:.0%})"},
    "lab_other_tokens": {"en": "other tokens", "ko": "다른 토큰"},
    # ui/figures/bridge.py (a bidirectional encoder's bridge to the decoder)
    "bridge_forward": {
        "en": "h→ after the last token “{tok}”<br>(last row, → half)",
        "ko": "마지막 토큰 “{tok}”{tok:을} 읽은 뒤의 h→<br>(마지막 행, → 절반)",
    },
    "bridge_backward": {
        "en": "h← after the first token “{tok}”<br>(first row, ← half)",
        "ko": "첫 토큰 “{tok}”{tok:을} 읽은 뒤의 h←<br>(첫 행, ← 절반)",
    },
    "bridge_layer": {
        "en": "bridge: a learned layer  h = tanh(W [h→ ; h←] + b)",
        "ko": "브리지: 학습된 층  h = tanh(W [h→ ; h←] + b)",
    },
    "bridge_h": {
        "en": "h: the decoder's hidden state before step 1",
        "ko": "h: 첫 시점 전 디코더의 은닉 상태",
    },
}
