"""English and Korean for the step-by-step decode page
(ui/pages/explore.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "explore_title": {"en": "Decode step by step", "ko": "토큰 하나씩 디코딩하기"},
    "explore_intro": {
        "en": "Pick a sentence. The encoder reads it; the decoder writes the translation one "
        "token at a time, always taking the most probable token (greedy search) and "
        "feeding it back in as its next input.",
        "ko": "문장을 고르세요. 인코더가 문장을 읽고, 디코더는 번역을 한 토큰씩 씁니다. "
        "매 시점 가장 확률이 높은 토큰을 고르고 (탐욕 탐색), 그 토큰을 다음 시점의 "
        "입력으로 다시 넣습니다.",
    },
    "example": {"en": "Example sentence", "ko": "예문"},
    "example_placeholder": {
        "en": "pick one, or type your own sentence",
        "ko": "하나 고르거나 직접 문장을 쓰세요",
    },
    "your_sentence": {"en": "Sentence to translate", "ko": "번역할 문장"},
    "type_a_sentence": {
        "en": "Type a sentence to translate, then press Enter.",
        "ko": "번역할 문장을 쓰고 Enter를 누르세요.",
    },
    "tab_tokens": {"en": "① Tokens", "ko": "① 토큰"},
    "tab_encoder": {"en": "② Encoder", "ko": "② 인코더"},
    "tab_decoder": {"en": "③ Decoder, step by step", "ko": "③ 디코더, 토큰 하나씩"},
    "tab_attention": {"en": "④ Attention map", "ko": "④ 어텐션 지도"},
    "tab_whatif": {"en": "⑤ What if?", "ko": "⑤ 만약에?"},
    "tokens_text": {
        "en": "The model never sees letters or words, only token ids. The source is cut into "
        "pieces by its tokenizer: {kind}.{marker}",
        "ko": "모델은 글자나 단어가 아니라 토큰 번호만 봅니다. 원문은 토크나이저가 조각으로 "
        "나눕니다. 토크나이저: {kind}.{marker}",
    },
    "marker_sentencepiece": {
        "en": " ▁ marks the start of a word; a ▁ standing alone (a word boundary before "
        "the next piece) is drawn as “␣ space”.",
        "ko": " ▁는 단어의 시작을 뜻합니다. 혼자 있는 ▁(다음 조각 앞의 단어 경계)는 "
        "“␣ 띄어쓰기”로 그립니다.",
    },
    "marker_char": {"en": " ␣ is a space.", "ko": " ␣는 띄어쓰기입니다."},
    "specials_text": {
        "en": "Special tokens: `<sos>` (start of sentence) is the decoder's first input; the "
        "decoder stops when it emits `<eos>` (end of sentence).",
        "ko": "특수 토큰: `<sos>`(문장 시작)는 디코더의 첫 입력이고, 디코더가 `<eos>`(문장 끝)를 "
        "내면 멈춥니다.",
    },
    "truncated": {
        "en": "The sentence was long: only its first {n:token} were used.",
        "ko": "문장이 길어서 처음 {n}개 토큰만 사용했습니다.",
    },
    "encoder_text": {
        "en": "The encoder RNN reads one token at a time. Each row is its hidden state after "
        "reading that token (red positive, blue negative).{bi}",
        "ko": "인코더 RNN은 토큰을 하나씩 읽습니다. 각 행은 그 토큰을 읽은 뒤의 은닉 상태입니다 "
        "(빨강은 양수, 파랑은 음수).{bi}",
    },
    "encoder_bi": {
        "en": " A second RNN reads the sentence backwards; each row joins both readings.",
        "ko": " 두 번째 RNN은 문장을 거꾸로 읽고, 각 행은 두 방향의 결과를 이어 붙입니다.",
    },
    "encoded_text": {
        "en": "**The encoded hidden vector**: what the encoder hands to the decoder as its "
        "initial hidden state. Without attention it is all the decoder knows of the "
        "sentence.",
        "ko": "**인코딩된 은닉 벡터**: 인코더가 디코더에게 초기 은닉 상태로 넘겨주는 벡터입니다. "
        "어텐션이 없으면 디코더가 문장에 대해 아는 것은 이것뿐입니다.",
    },
    "bridge_text": {
        "en": "With this bidirectional encoder, **h is not a row of the map above**. A "
        "learned layer, the *bridge*, reads two states: the forward RNN's after the last "
        "token (the last row's → half) and the backward RNN's after the first token (the "
        "first row's ← half), and makes h = tanh(W [h→ ; h←] + b). The decoder's hidden "
        "state before step 1 **is** h.",
        "ko": "이 양방향 인코더에서는 **h가 위 지도의 어느 행도 아닙니다**. 학습된 층인 "
        "*브리지*가 두 상태, 곧 마지막 토큰을 읽은 뒤의 정방향 RNN 상태(마지막 행의 → 절반)와 "
        "첫 토큰을 읽은 뒤의 역방향 RNN 상태(첫 행의 ← 절반)를 읽어 "
        "h = tanh(W [h→ ; h←] + b)를 만듭니다. 첫 시점 전 디코더의 은닉 상태가 **바로** h입니다.",
    },
    "no_bridge_text": {
        "en": "This encoder reads in one direction only, so there is no bridge: **h is the "
        "encoder's last state itself**, the last row of the map above, as in the lesson. "
        "The decoder's hidden state before step 1 **is** h.",
        "ko": "이 인코더는 한 방향으로만 읽으므로 브리지가 없습니다: **h는 인코더의 마지막 "
        "상태 그 자체**, 곧 위 지도의 마지막 행입니다 (강의에서와 같습니다). 첫 시점 전 디코더의 "
        "은닉 상태가 **바로** h입니다.",
    },
    "h_is_start": {
        "en": "The decoder's hidden state before step 1 **is** h, the encoded hidden vector "
        "of tab ②: the chain starts from it.",
        "ko": "첫 시점 전 디코더의 은닉 상태가 **바로** ② 탭의 인코딩된 은닉 벡터 h입니다: "
        "사슬은 여기서 시작합니다.",
    },
    "step_link_help": {
        "en": "A link to this step: the same model, sentence, step and language.",
        "ko": "이 시점으로 가는 링크: 같은 모델, 문장, 시점, 언어.",
    },
    "lstm_cell_note": {
        "en": "This model's RNN is an LSTM: it hands the decoder a second vector besides h, "
        "its cell state c (the LSTM's memory), which is not drawn here. A GRU hands over h "
        "alone.",
        "ko": "이 모델의 RNN은 LSTM입니다. 디코더에게 h와 함께 두 번째 벡터인 셀 상태 c(LSTM의 "
        "기억)도 넘겨주며, 여기에는 그리지 않았습니다. GRU는 h 하나만 넘겨줍니다.",
    },
    "chain_text": {
        "en": "The decoder unrolled. Below each box: the token fed in. Above: the token chosen. "
        "The dotted arrow is **input feeding**: the token predicted at one step is the "
        "input of the next.",
        "ko": "펼쳐 놓은 디코더입니다. 상자 아래는 입력된 토큰, 위는 선택된 토큰입니다. 점선 "
        "화살표가 **입력 피딩**입니다: 한 시점에서 예측한 토큰이 다음 시점의 입력이 됩니다.",
    },
    "luong_text": {
        "en": "This model also uses **Luong input feeding** (dashed green): the attentional "
        "vector h̃ of one step is concatenated to the next step's input. Same words, a "
        "different thing: a vector, not a token.",
        "ko": "이 모델은 **Luong 입력 피딩**(초록 파선)도 씁니다: 한 시점의 어텐션 벡터 h̃를 "
        "다음 시점 입력에 이어 붙입니다. 이름은 같지만 토큰이 아니라 벡터를 넘깁니다.",
    },
    "step_slider": {"en": "Decoder step", "ko": "디코딩 시점"},
    "first": {"en": "« first", "ko": "« 처음"},
    "prev": {"en": "‹ back", "ko": "‹ 이전"},
    "next": {"en": "next ›", "ko": "다음 ›"},
    "last": {"en": "last »", "ko": "끝 »"},
    "play": {"en": "▶ play", "ko": "▶ 재생"},
    "pause": {"en": "❚❚ pause", "ko": "❚❚ 멈춤"},
    "input_fed": {"en": "Input fed at step {t}", "ko": "{t}번째 시점의 입력"},
    "input_sos": {
        "en": "`<sos>`: every translation starts here.",
        "ko": "`<sos>`: 모든 번역은 여기서 시작합니다.",
    },
    "input_prev": {
        "en": "the token chosen at step {p} (input feeding)",
        "ko": "{p}번째 시점에서 고른 토큰 (입력 피딩)",
    },
    "hidden_before": {"en": "hidden state before this step", "ko": "이 시점 전 은닉 상태"},
    "hidden_after": {"en": "hidden state after this step", "ko": "이 시점 후 은닉 상태"},
    "attn_step_text": {
        "en": "**Attention**: how much this step looks at each source token. The context "
        "vector is the encoder states weighted by these numbers.",
        "ko": "**어텐션**: 이 시점이 원문 토큰 각각을 얼마나 보는지입니다. 문맥 벡터는 이 "
        "가중치로 인코더 상태를 더한 것입니다.",
    },
    "softmax_text": {
        "en": "**Softmax** over the {v:target token} (top {k} shown). Greedy search takes the "
        "argmax: **{tok}** with probability {p}.",
        "ko": "목표 어휘 {v}개에 대한 **소프트맥스** (상위 {k}개). 탐욕 탐색은 argmax를 "
        "고릅니다: **{tok}**, 확률 {p}.",
    },
    "stopped_eos": {
        "en": "The decoder emitted `<eos>` at step {t}: decoding ends.",
        "ko": "디코더가 {t}번째 시점에서 `<eos>`를 냈습니다: 디코딩이 끝납니다.",
    },
    "stopped_max": {
        "en": "The decoder reached the length cap ({t:step}) without `<eos>`.",
        "ko": "디코더가 `<eos>` 없이 길이 제한({t}개 시점)에 도달했습니다.",
    },
    "attention_map_text": {
        "en": "Row t: where output token t looked. English puts the verb in the middle, "
        "Korean at the end: watch the map bend.",
        "ko": "t행: 출력 토큰 t가 본 곳입니다. 영어는 동사가 가운데, 한국어는 끝에 옵니다: "
        "지도가 휘어지는 것을 보세요.",
    },
    "whatif_text": {
        "en": "Greedy search commits to one token per step. Force another of the top tokens "
        "at a step and see how the rest of the translation changes.",
        "ko": "탐욕 탐색은 시점마다 토큰 하나를 확정합니다. 어떤 시점에서 다른 상위 토큰을 "
        "강제로 고르면 나머지 번역이 어떻게 바뀌는지 보세요.",
    },
    "whatif_step": {"en": "At step", "ko": "시점"},
    "whatif_token": {"en": "choose instead", "ko": "대신 고를 토큰"},
    "whatif_result": {
        "en": "Then greedy search continues:",
        "ko": "그다음 탐욕 탐색이 계속됩니다:",
    },
    "original": {"en": "original", "ko": "원래"},
    "logprob_so_far": {
        "en": "log-probability so far, steps 1..{t}: {lp}",
        "ko": "지금까지의 로그 확률 (1..{t}번째 시점): {lp}",
    },
    "logprob_whole": {
        "en": "of the whole output: {lp}",
        "ko": "전체 출력: {lp}",
    },
}
