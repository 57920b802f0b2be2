"""English and Korean for what the charts say to a screen reader (ui/figures/alt.py): each
chart's short text alternative and the headers of the tables of its values."""

STRINGS: dict[str, dict[str, str]] = {
    "alt_values": {"en": "The chart's values as a table", "ko": "차트의 값을 표로 보기"},
    "alt_attention": {
        "en": "Attention map: {T:output token} (rows) by {S:source token} (columns). "
        "Strongest weight: output “{out}” looks at “{src}” with {w:.0%}.",
        "ko": "어텐션 지도: 출력 토큰 {T}개(행) × 원문 토큰 {S}개(열). "
        "가장 큰 가중치: 출력 “{out}”이(가) “{src}”을(를) {w:.0%}로 봅니다.",
    },
    "alt_attention_change": {
        "en": "Change of attention after the update: {T:target step} by {S:source token}. "
        "Largest change: “{out}” looks {d:+.0%} at “{src}”.",
        "ko": "업데이트 후 어텐션의 변화: 목표 시점 {T}개 × 원문 토큰 {S}개. "
        "가장 큰 변화: “{out}”이(가) “{src}”을(를) {d:+.0%} 더 봅니다.",
    },
    "alt_softmax": {
        "en": "Softmax at step {t}: argmax “{tok}” with p = {p:.1%}; next “{tok2}” {p2:.1%}.",
        "ko": "{t} 시점의 소프트맥스: argmax “{tok}”, p = {p:.1%}; 다음 “{tok2}” {p2:.1%}.",
    },
    "alt_pick": {
        "en": " Your pick “{tok}” has p = {p:.1%} (rank {rank}).",
        "ko": " 고른 토큰 “{tok}”의 p = {p:.1%} ({rank}위).",
    },
    "alt_temperature": {
        "en": "Softmax before and after temperature {T:g}: “{tok}” goes from {p:.1%} to {q:.1%}.",
        "ko": "온도 {T:g} 적용 전후의 소프트맥스: “{tok}”이(가) {p:.1%}에서 {q:.1%}로 바뀝니다.",
    },
    "alt_loss": {
        "en": "Loss of the pair, −log p(right token) at each of {n:step}: sum {total:.2f}; "
        "largest at step {t} “{tok}”, {nll:.2f}.",
        "ko": "문장 쌍의 손실, {n}개 시점 각각의 −log p(정답 토큰): 합 {total:.2f}; "
        "가장 큰 것은 {t} 시점 “{tok}”, {nll:.2f}.",
    },
    "alt_nll": {
        "en": "Loss of the pair at each of {n:step}, before and after the update: "
        "{a:.2f} before, {b:.2f} after.",
        "ko": "업데이트 전후 {n}개 시점의 손실: 전 {a:.2f}, 후 {b:.2f}.",
    },
    "alt_curves": {
        "en": "Training curves over {n:epoch|epochs}: loss per token {loss:.3f} at the last epoch; "
        "validation exact match {em:.0%}.",
        "ko": "{n} 에폭의 학습 곡선: 마지막 에폭의 토큰당 손실 {loss:.3f}; 검증 정확 일치 {em:.0%}.",
    },
    "alt_curves_none": {
        "en": "Training curves: no epoch finished yet.",
        "ko": "학습 곡선: 아직 끝난 에폭이 없습니다.",
    },
    "alt_vector": {
        "en": "Hidden vector {name}: {H:unit} from {lo:+.2f} to {hi:+.2f}; "
        "the strongest is unit {k}, {v:+.2f}.",
        "ko": "은닉 벡터 {name}: 유닛 {H}개, {lo:+.2f}부터 {hi:+.2f}까지; "
        "가장 강한 것은 {k}번 유닛, {v:+.2f}.",
    },
    "alt_encoder": {
        "en": "Encoder outputs: one row per source token ({S}), {D:unit} each; "
        "the strongest unit is in the row of “{tok}”.",
        "ko": "인코더 출력: 원문 토큰({S}개)마다 한 행, 각 {D}개 유닛; "
        "가장 강한 유닛은 “{tok}”의 행에 있습니다.",
    },
    "alt_bridge": {
        "en": "The bridge: the last forward state and the first backward state, {D:unit} "
        "in all, become the decoder's start h ({H:unit}).",
        "ko": "브리지: 마지막 정방향 상태와 첫 역방향 상태(모두 {D}개 유닛)가 "
        "디코더의 시작 h({H}개 유닛)가 됩니다.",
    },
    "alt_buckets": {
        "en": "{metric} by source length, one line per model: {lines}.",
        "ko": "원문 길이별 {metric}, 모델마다 한 선: {lines}.",
    },
    "alt_bucket_line": {
        "en": "{name} from {first} ({lo}) to {last} ({hi})",
        "ko": "{name} {first}({lo})에서 {last}({hi})까지",
    },
    "alt_ratio": {
        "en": "Validation exact match after each epoch, one line per teacher forcing "
        "ratio: {lines}.",
        "ko": "에폭마다의 검증 정확 일치, 교사 강요 비율마다 한 선: {lines}.",
    },
    "alt_exposure": {
        "en": "Exposure bias over {n:step}: p(reference token) fed the reference against "
        "p of the model's own choice; the free run {how}.",
        "ko": "{n}개 시점의 노출 편향: 정답을 넣었을 때 p(정답 토큰)와 모델이 스스로 "
        "고른 토큰의 p; 자유 실행은 {how}.",
    },
    "alt_exposure_part": {"en": "parts at step {t}", "ko": "{t} 시점에서 갈라집니다"},
    "alt_exposure_same": {"en": "never parts", "ko": "갈라지지 않습니다"},
    "alt_beam_win": {
        "en": "Greedy against beam (k = {k}): they part at step {t}; total log p "
        "greedy {g:.2f}, beam {b:.2f}.",
        "ko": "탐욕 대 빔(k = {k}): {t} 시점에서 갈라집니다; 전체 log p 탐욕 {g:.2f}, 빔 {b:.2f}.",
    },
    "alt_beam_tree": {
        "en": "Beam search tree, k = {k}: {n:node}; best hypothesis “{text}”, score {s:.2f}.",
        "ko": "빔 탐색 나무, k = {k}: 노드 {n}개; 가장 좋은 가설 “{text}”, 점수 {s:.2f}.",
    },
    "alt_state_map": {
        "en": "Map of the {which}'s hidden states, {n:point}, in two dimensions; the two axes explain "
        "{a:.0%} and {b:.0%} of the variance.",
        "ko": "{which} 은닉 상태 {n}개의 2차원 지도; 두 축이 분산의 {a:.0%}와 {b:.0%}를 설명합니다.",
    },
    "alt_which_encoder": {"en": "encoder", "ko": "인코더"},
    "alt_which_decoder": {"en": "decoder", "ko": "디코더"},
    "alt_histogram": {
        "en": "Sentence lengths in words: {n:pair}; source {s_lo} to {s_hi:word}, "
        "target {t_lo} to {t_hi:word}.",
        "ko": "단어 수로 본 문장 길이: 문장 쌍 {n}개; 원문 {s_lo}–{s_hi}단어, 번역 {t_lo}–{t_hi}단어.",
    },
    "alt_empty": {"en": "An empty chart: no data yet.", "ko": "빈 차트: 아직 데이터가 없습니다."},
    "col_step": {"en": "step", "ko": "시점"},
    "col_token": {"en": "token", "ko": "토큰"},
    "col_output": {"en": "output token", "ko": "출력 토큰"},
    "col_p": {"en": "p", "ko": "p"},
    "col_nll": {"en": "−log p", "ko": "−log p"},
    "col_rank": {"en": "rank", "ko": "순위"},
    "col_epoch": {"en": "epoch", "ko": "에폭"},
    "col_train_loss": {"en": "training loss per token", "ko": "토큰당 학습 손실"},
    "col_valid_loss": {"en": "validation loss per token", "ko": "토큰당 검증 손실"},
    "col_valid_exact": {"en": "validation exact match (%)", "ko": "검증 완전 일치율(%)"},
    "alt_class_none": {"en": "No answers yet.", "ko": "아직 답이 없습니다."},
    "alt_class_answers": {
        "en": "{n:answer} so far; most chosen “{tok}” ({c}).",
        "ko": "지금까지 답 {n}개; 가장 많이 고른 답 “{tok}”({c}명).",
    },
    "alt_class_argmax": {
        "en": "The model's argmax “{tok}”, p = {p:.1%}, chosen by {c:student}.",
        "ko": "모델의 argmax “{tok}”, p = {p:.1%}, 고른 학생 {c}명.",
    },
    "alt_class_reference": {"en": "The reference: “{tok}”.", "ko": "정답 토큰: “{tok}”."},
    "alt_class_summary": {
        "en": "{n:asked step}; at {a} of them most of the class chose the model's argmax.",
        "ko": "물어본 시점 {n}개 중 {a}개에서 반 학생 대부분이 모델의 argmax를 골랐습니다.",
    },
}
