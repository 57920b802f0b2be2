"""English and Korean for the demo views that need a model making mistakes (the loss of one
pair, exposure bias, greedy against beam: ui/sections/demo_model.py): which model a view shows
and why; and `EMPTY_DEMO`, the keys of every message that says a view shows nothing.

A view must open on something that shows its point, so on a fresh session none of the
`EMPTY_DEMO` messages may show, on any page or tab, in either language
(tests/ui/pages/test_demos_open_full.py). A new message saying a demo is empty (no case found,
nothing to show, a sentence or model still missing) goes in that list:
tests/ui/text/test_empty_demo.py finds strings that read like one and are not listed.
"""

EMPTY_DEMO: tuple[str, ...] = (
    # a demo found no case on this model or sentence
    "exp_no_part",
    "exp_no_wins",
    "loss_near_zero",
    "beam_no_gain",
    "exp_weak",
    "no_data_yet",  # a chart drawn empty
    # a demo that cannot run: no model, no pair, no sentences, nothing typed yet
    "no_model",
    "missing_pair",
    "exp_missing_pair",
    "exp_need_examples",
    "exp_need_reference",
    "exp_need_sentence",
    "type_a_sentence",
    "type_a_reference",
    "nb_no_corpus",
    "nb_no_own_pairs",
)

STRINGS: dict[str, dict[str, str]] = {
    "demo_model_pick": {"en": "Model for this view", "ko": "이 화면의 모델"},
    "demo_on_sidebar": {
        "en": "Shown on **{model}**, the model chosen in the sidebar.",
        "ko": "보여 주는 모델: **{model}** (사이드바에서 고른 모델).",
    },
    "demo_on_other": {
        "en": "Shown on **{model}**, a model that makes mistakes. On **{sidebar}**, the model "
        "chosen in the sidebar, {why}. Switch with the buttons above; the other views keep "
        "the sidebar's model.",
        "ko": "보여 주는 모델: **{model}** (실수를 하는 모델). 사이드바에서 고른 모델 "
        "**{sidebar}**: {why}. 위의 단추로 바꿀 수 있고, 다른 화면은 사이드바의 모델을 그대로 "
        "씁니다.",
    },
    "demo_on_chosen": {
        "en": "Shown on **{model}**, the model chosen in the sidebar: {why}. Choose the other "
        "model above to see the point.",
        "ko": "보여 주는 모델: **{model}** (사이드바에서 고른 모델). {why}. 위에서 다른 모델을 "
        "고르면 요점이 보입니다.",
    },
    "demo_why_loss": {
        "en": "each of its first {n:held-out pair} costs less than {min} nats, so the bars "
        "would all stay near 0",
        "ko": "평가용 문장 쌍 처음 {n}개가 모두 손실 {min} nat 미만이라 막대가 모두 0 근처에 "
        "머뭅니다",
    },
    "demo_why_exposure_bias": {
        "en": "free running writes the reference on its first {n:held-out sentence}, so the two "
        "roads never part",
        "ko": "평가용 문장 처음 {n}개에서 자유 생성이 정답과 똑같이 써서 두 길이 갈라지지 않습니다",
    },
    "demo_why_beam": {
        "en": "beam search (k = {k}) finds nothing more probable than greedy search's output on "
        "its first {n:held-out sentence}",
        "ko": "평가용 문장 처음 {n}개에서 빔 탐색(k = {k})이 탐욕 탐색의 출력보다 확률이 높은 "
        "번역을 찾지 못합니다",
    },
    "demo_why_unknown": {
        "en": "its held-out sentences are not known here",
        "ko": "이 모델의 평가용 문장을 여기서는 알 수 없습니다",
    },
    "demo_pick": {
        "en": "Examples where it shows (found by running this model)",
        "ko": "잘 드러나는 예문 (이 모델을 돌려 찾음)",
    },
    "loss_near_zero": {
        "en": "This pair costs only {s:.2f} nats in all, less than {min}: the model is sure of "
        "every token, so the bars stay near 0. Pick one of the examples above, or edit the "
        "reference, to see the loss grow.",
        "ko": "이 문장 쌍의 손실은 모두 합해 {s:.2f} nat뿐입니다({min} nat 미만). 모델이 모든 "
        "토큰을 확신해서 막대가 0 근처에 머뭅니다. 위의 예문을 고르거나 정답을 고쳐 보면 손실이 "
        "커집니다.",
    },
    "beam_no_gain": {
        "en": "On this sentence beam search (k = {k}) finds nothing more probable than greedy "
        "search's output. Pick one of the examples above, or a wider beam.",
        "ko": "이 문장에서는 빔 탐색(k = {k})이 탐욕 탐색의 출력보다 확률이 높은 번역을 찾지 "
        "못합니다. 위의 예문을 고르거나 빔을 넓혀 보세요.",
    },
}
