"""English and Korean for the page "Attention, beam, loss" (ui/pages/compare.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "compare_title": {"en": "Attention, beam search, loss", "ko": "어텐션, 빔 탐색, 손실"},
    "tab_bottleneck": {"en": "Attention vs. none", "ko": "어텐션 vs. 없음"},
    "tab_beam": {"en": "Beam vs. greedy", "ko": "빔 vs. 탐욕"},
    "tab_loss": {"en": "Loss of one pair", "ko": "한 문장 쌍의 손실"},
    "bottleneck_text": {
        "en": "Two models of the same size, trained on the same English→Korean sentences. Without attention, the decoder must rebuild the whole sentence from one hidden vector, and long sentences do not fit through it. With attention, every decoder step can look back at every encoder state.",
        "ko": "같은 크기의 두 모델을 같은 영어→한국어 문장으로 학습했습니다. 어텐션이 없으면 디코더는 은닉 벡터 하나로 문장 전체를 다시 만들어야 해서 긴 문장은 그 안에 다 들어가지 않습니다. 어텐션이 있으면 디코더의 모든 시점이 인코더의 모든 상태를 다시 볼 수 있습니다.",
    },
    "with_attention": {"en": "with attention", "ko": "어텐션 있음"},
    "without_attention": {"en": "without attention", "ko": "어텐션 없음"},
    "sentence": {"en": "Sentence", "ko": "문장"},
    "by_length": {
        "en": "Exact match on held-out sentences, by English length",
        "ko": "길이별 완전 일치 (평가용 문장, 영어 단어 수)",
    },
    "missing_pair": {
        "en": "The shipped attention/no-attention pair is not available.",
        "ko": "비교용 모델 쌍이 없습니다.",
    },
    "correct": {"en": "✓ matches the reference", "ko": "✓ 정답과 같음"},
    "wrong": {"en": "✗ differs from the reference", "ko": "✗ 정답과 다름"},
    "beam_text": {
        "en": "Greedy search keeps one partial translation and takes the best token at each step. Beam search keeps the k best partial translations, scored by their summed log-probability, and can find a better whole sentence that starts with a less likely token. At k = 1 it is greedy search.",
        "ko": "탐욕 탐색은 부분 번역 하나만 유지하며 매 시점 가장 좋은 토큰을 고릅니다. 빔 탐색은 로그 확률의 합이 가장 큰 부분 번역 k개를 유지하므로, 덜 그럴듯한 토큰으로 시작하는 더 좋은 문장을 찾을 수 있습니다. k = 1이면 탐욕 탐색과 같습니다.",
    },
    "beam_width": {"en": "beam width k", "ko": "빔 크기 k"},
    "greedy": {"en": "greedy", "ko": "탐욕"},
    "hypothesis": {"en": "hypothesis", "ko": "후보"},
    "score": {"en": "log-probability", "ko": "로그 확률"},
    "loss_text": {
        "en": "Training feeds the reference translation into the decoder (teacher forcing) and asks, at every step, how probable the right next token was. Each bar is −log p(right token) in nats (natural logarithm); their sum is this pair's loss per sentence, the loss that training makes smaller (the Train page's curves show it per token: the sum divided by the number of steps). Red bars: the model's argmax was another token.",
        "ko": "학습할 때는 정답 번역을 디코더에 넣어 주고 (교사 강요), 매 시점 정답 다음 토큰의 확률이 얼마였는지 봅니다. 막대 하나가 −log p(정답 토큰)이고 단위는 nat(자연로그)입니다. 그 합이 이 문장 쌍의 문장당 손실, 곧 학습이 줄이는 손실입니다 (학습 페이지의 곡선은 이 합을 시점 수로 나눈 토큰당 손실입니다). 빨간 막대: 모델의 argmax가 다른 토큰이었던 곳입니다.",
    },
    "reference_input": {"en": "Reference translation", "ko": "정답 번역"},
    "type_a_reference": {
        "en": "Type the reference translation of this sentence to see its loss, step by step.",
        "ko": "이 문장의 정답 번역을 입력하면 시점별 손실을 볼 수 있습니다.",
    },
}
