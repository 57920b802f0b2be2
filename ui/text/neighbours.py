"""English and Korean for "Why did it say that" (ui/sections/neighbours.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "nb_title": {"en": "Why did it say that?", "ko": "왜 이렇게 말했을까?"},
    "nb_explain": {
        "en": "The training pairs whose decoder state at some step was closest (cosine) "
        "to this step's state: the highlighted token is what the model was taught to say "
        "there.",
        "ko": "어느 시점의 디코더 상태가 지금 시점의 상태와 가장 가까웠던(코사인) 학습 쌍입니다. "
        "강조된 토큰이 모델이 그 시점에서 말하도록 배운 토큰입니다.",
    },
    "nb_toggle": {
        "en": "Find the nearest training pairs",
        "ko": "가장 가까운 학습 쌍 찾기",
    },
    "nb_toggle_help": {
        "en": "Runs every training pair through the model once per model (up to 10,000 "
        "pairs; this can take a minute), then answers each step at once.",
        "ko": "모델마다 한 번, 학습 쌍(최대 10,000개)을 모두 모델에 통과시킵니다(1분쯤 걸릴 수 "
        "있습니다). 그다음에는 시점마다 바로 답합니다.",
    },
    "nb_building": {
        "en": "Running the training pairs through the model…",
        "ko": "학습 쌍을 모델에 통과시키는 중…",
    },
    "nb_pair": {
        "en": "{src} → {tgt} (step {t}, cosine {cos})",
        "ko": "{src} → {tgt} (시점 {t}, 코사인 {cos})",
    },
    "nb_no_corpus": {
        "en": "This model's training pairs are not known here.",
        "ko": "이 모델의 학습 쌍을 여기서는 알 수 없습니다.",
    },
    "nb_no_own_pairs": {
        "en": "The training pairs of this model are not kept (it was uploaded, or trained "
        "in an earlier session): nothing to compare with.",
        "ko": "이 모델의 학습 쌍이 남아 있지 않습니다(올린 모델이거나 이전 세션에서 학습한 "
        "모델입니다). 비교할 것이 없습니다.",
    },
}
