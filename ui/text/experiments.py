"""English and Korean for the experiments page (ui/pages/experiments.py):
lecture-note explanations of each experiment and the labels of its widgets."""

STRINGS: dict[str, dict[str, str]] = {
    "exp_title": {"en": "Teaching experiments", "ko": "수업용 실험"},
    "exp_intro": {
        "en": "Six small experiments, each making one point of the lecture. Tabs ② to ⑥ use "
        "the model chosen in the sidebar: **{model}**. Where that model cannot show a tab's "
        "point (② and ③ need one that makes mistakes), the tab shows another and says which.",
        "ko": "강의의 요점을 하나씩 보여 주는 작은 실험 여섯 가지입니다. ②~⑥ 탭은 "
        "사이드바에서 고른 모델을 씁니다: **{model}**. 그 모델로는 요점이 드러나지 않는 탭(②, "
        "③에는 실수를 하는 모델이 필요합니다)은 다른 모델을 보여 주고 어떤 모델인지 "
        "알려 줍니다.",
    },
    "exp_tab_attention": {"en": "① Why attention", "ko": "① 왜 어텐션인가"},
    "exp_tab_exposure": {"en": "② Exposure bias", "ko": "② 노출 편향"},
    "exp_tab_beam": {"en": "③ Greedy vs. beam", "ko": "③ 탐욕 vs. 빔"},
    "exp_tab_sampling": {"en": "④ Sampling", "ko": "④ 샘플링"},
    "exp_tab_quiz": {"en": "⑤ Predict the next token", "ko": "⑤ 다음 토큰 맞히기"},
    "exp_tab_map": {"en": "⑥ Hidden-state map", "ko": "⑥ 은닉 상태 지도"},
    # ① why attention
    "exp_attention_text": {
        "en": "**After Bahdanau et al. (2015), Fig. 2.** Two models of the same size, trained "
        "on the same English→Korean sentences, one with attention and one without, translate "
        "{n:held-out sentence}, grouped by source length. Without attention the decoder must "
        "rebuild the whole sentence from one encoded hidden vector, a memory of fixed size. "
        "**Notice how its curve falls as the sentences get longer**, while the attention "
        "model's curve stays up. BLEU gives credit for partly right translations, so it falls "
        "more gently than exact match, which counts a sentence only when every token is right.",
        "ko": "**Bahdanau 외 (2015), 그림 2를 따라서.** 같은 크기의 두 모델(어텐션 있음, "
        "없음)을 같은 영어→한국어 문장으로 학습하고, 평가용 문장 {n}개를 원문 길이별로 묶어 "
        "번역하게 했습니다. 어텐션이 없으면 디코더는 크기가 정해진 기억인 인코딩된 은닉 벡터 "
        "하나로 문장 전체를 다시 만들어야 합니다. **문장이 길어질수록 이 곡선이 내려가는 것을 "
        "보세요.** 어텐션 모델의 곡선은 내려가지 않습니다. BLEU는 일부만 맞은 번역에도 점수를 "
        "주므로, 모든 토큰이 맞아야 점수를 주는 완전 일치보다 완만하게 내려갑니다.",
    },
    "exp_with_attention": {"en": "with attention", "ko": "어텐션 있음"},
    "exp_without_attention": {"en": "without attention", "ko": "어텐션 없음"},
    "exp_missing_pair": {
        "en": "The shipped pair en-ko-attention / en-ko-no-attention is not on this server, "
        "so this chart cannot be drawn. The experiment below trains a pair instead.",
        "ko": "이 서버에 비교용 모델 쌍(en-ko-attention / en-ko-no-attention)이 없어 이 "
        "그래프를 그릴 수 없습니다. 아래 실험에서 모델 쌍을 직접 학습해 보세요.",
    },
    "exp_pair_title": {
        "en": "Train the pair on your corpus",
        "ko": "내 말뭉치로 모델 쌍 학습하기",
    },
    "exp_pair_text": {
        "en": "Now repeat the experiment in class: two tiny models (embedding 32, hidden 64) "
        "that differ **only** in attention (additive or none) are trained side by side on the "
        "same pairs, with the same seed. When both are done, the same chart compares them on "
        "the validation pairs they never saw.",
        "ko": "이제 수업 중에 실험을 직접 반복해 봅니다. 어텐션(가법 additive 또는 없음)**만** "
        "다른 아주 작은 두 모델(임베딩 32, 은닉 64)을 같은 문장 쌍과 같은 시드로 나란히 "
        "학습합니다. 둘 다 끝나면 같은 그래프로 본 적 없는 검증 문장 쌍에서 두 모델을 "
        "비교합니다.",
    },
    "exp_corpus_pick": {
        "en": "Corpus of the training experiments (① and ②)",
        "ko": "학습 실험(①, ②)에 쓸 말뭉치",
    },
    "exp_your_corpus": {"en": "your corpus: {name}", "ko": "내 말뭉치: {name}"},
    "exp_corpus_size": {
        "en": "{train:pair} to train, {valid} to validate, {epochs:epoch|epochs}.",
        "ko": "학습 {train}쌍, 검증 {valid}쌍, {epochs}에폭.",
    },
    "exp_corpus_cut": {
        "en": " The corpus has {n:pair}: a seeded sample of {m:,} keeps the experiment under a "
        "minute.",
        "ko": " 말뭉치는 {n:,}쌍입니다. 실험이 1분 안에 끝나도록 시드로 고정한 {m:,}쌍만 씁니다.",
    },
    "exp_epochs": {"en": "epochs", "ko": "에폭"},
    "exp_train_pair": {"en": "▶ Train both models", "ko": "▶ 두 모델 학습"},
    "exp_stop": {"en": "■ Stop", "ko": "■ 중지"},
    "exp_run_queued": {
        "en": "{label}: waiting for a free slot (number {pos} in the queue; {max:run} train "
        "at once on this server)",
        "ko": "{label}: 빈 자리를 기다리는 중 (대기열 {pos}번, 이 서버에서는 동시에 "
        "{max}개까지 학습)",
    },
    "exp_run_running": {
        "en": "{label}: epoch {epoch} of {epochs}",
        "ko": "{label}: 에폭 {epoch}/{epochs}",
    },
    "exp_run_finished": {
        "en": "{label}: done in {s:.1f} s, validation exact match {em:.0%}",
        "ko": "{label}: {s:.1f}초에 완료, 검증 완전 일치 {em:.0%}",
    },
    "exp_run_ended": {
        "en": "{label}: {status} after {step:step}. {msg}",
        "ko": "{label}: 학습 스텝 {step}번 후 {status}. {msg}",
    },
    "exp_status_stopped": {"en": "stopped", "ko": "중지됨"},
    "exp_status_paused": {"en": "paused", "ko": "일시 정지됨"},
    "exp_status_diverged": {"en": "diverged", "ko": "발산함"},
    "exp_status_failed": {"en": "failed", "ko": "실패함"},
    "exp_start_failed": {
        "en": "The experiment could not start: {msg}",
        "ko": "실험을 시작할 수 없습니다: {msg}",
    },
    "exp_pair_result": {
        "en": "On the {n:validation pair}: exact match **{a:.0%}** with attention, "
        "**{b:.0%}** without.",
        "ko": "검증 문장 쌍 {n}개에서 완전 일치: 어텐션 있음 **{a:.0%}**, 없음 **{b:.0%}**.",
    },
    "exp_weak": {
        "en": "Both models are still weak, so the curves say little: with few pairs, short "
        "sentences or few epochs there is no gap to see yet. Try the Reverse corpus or more "
        "epochs.",
        "ko": "두 모델 모두 아직 약해서 곡선이 알려 주는 것이 적습니다. 문장 쌍이 적거나, "
        "문장이 짧거나, 에폭이 적으면 아직 차이가 보이지 않습니다. 순서 뒤집기 말뭉치나 더 "
        "많은 에폭으로 해 보세요.",
    },
    # ② exposure bias
    "exp_exposure_text": {
        "en": "**Exposure bias.** In training the decoder is always fed the reference prefix "
        "(teacher forcing); when it translates, it is fed its own previous token (free "
        "running). Here one held-out sentence is decoded both ways. Up to the step where they "
        "part, the two roads are the same. There, the model's own choice differs from the "
        "reference, and from then on the free-running decoder reads prefixes it never saw in "
        "training: one mistake can lead to the next.",
        "ko": "**노출 편향.** 학습할 때 디코더는 언제나 정답 접두부를 입력으로 받습니다 (교사 "
        "강요). 번역할 때는 자신이 직전에 고른 토큰을 입력으로 받습니다 (자유 생성). 여기서는 "
        "평가용 문장 하나를 두 방식으로 디코딩합니다. 갈라지는 시점까지는 두 길이 같습니다. "
        "그 시점에서 모델의 선택이 정답과 달라지고, 그 뒤로 자유 생성 디코더는 학습 때 본 적 "
        "없는 접두부를 읽습니다. 실수 하나가 다음 실수로 이어질 수 있습니다.",
    },
    "exp_example": {"en": "Held-out sentence", "ko": "평가용 문장"},
    "exp_reference": {
        "en": "Reference translation (edit it to see where the roads part)",
        "ko": "정답 번역 (고쳐 보면 두 길이 갈라지는 곳이 바뀝니다)",
    },
    "exp_part": {
        "en": "**They part at step {k}.** Fed the reference prefix, the model's argmax is "
        "**{argmax}**, where the reference says **{ref}**. Free running, the decoder wrote "
        "**{free}** and fed it back: every later step reads a prefix that never occurred in "
        "training.",
        "ko": "**{k}번째 시점에서 갈라집니다.** 정답 접두부를 넣어 주면 모델의 argmax는 "
        "**{argmax}**, 정답은 **{ref}**입니다. 자유 생성에서는 디코더가 **{free}**{free:을} 쓰고 "
        "그것을 다시 입력으로 넣었습니다: 그 뒤의 모든 시점은 학습 때 한 번도 없던 접두부를 "
        "읽습니다.",
    },
    "exp_cells": {
        "en": "Blue: the token of the reference at that step. Red: another token.",
        "ko": "파랑: 그 시점의 정답 토큰. 빨강: 다른 토큰.",
    },
    "exp_no_part": {
        "en": "Free running writes exactly the reference: the two roads never part. Edit the "
        "reference, or choose a model that makes mistakes (for example en-ko-lesson), to "
        "see them part.",
        "ko": "자유 생성이 정답과 똑같이 씁니다: 두 길이 갈라지지 않습니다. 정답을 고치거나, "
        "실수를 하는 모델(예: en-ko-lesson)을 고르면 갈라지는 것을 볼 수 있습니다.",
    },
    "exp_need_reference": {
        "en": "Type a reference translation: teacher forcing needs one to feed in.",
        "ko": "정답 번역을 입력하세요. 교사 강요에는 입력으로 넣어 줄 정답이 필요합니다.",
    },
    "exp_tf_title": {"en": "Teacher forcing ratio", "ko": "교사 강요 비율"},
    "exp_tf_text": {
        "en": "During training, at each step the decoder is fed the reference token with "
        "probability r and its own argmax otherwise. r = 1 is pure teacher forcing; r = 0 "
        "trains entirely free running, as at translation time, but every early mistake now "
        "spoils the rest of the sentence. Three tiny models with r = 1.0, 0.5 and 0.0 are "
        "trained on the corpus chosen in ①; the chart shows their validation exact match "
        "after each epoch.",
        "ko": "학습 중 각 디코딩 시점에서 디코더는 확률 r로 정답 토큰을, 나머지 경우에는 자신의 "
        "argmax를 입력으로 받습니다. r = 1은 순수한 교사 강요이고, r = 0은 번역할 때처럼 "
        "완전히 자유 생성으로 학습합니다. 그러면 초반의 실수 하나가 문장의 나머지를 망칩니다. "
        "①에서 고른 말뭉치로 r = 1.0, 0.5, 0.0인 작은 모델 세 개를 학습하고, 에폭마다 검증 "
        "완전 일치를 그립니다.",
    },
    "exp_tf_corpus": {
        "en": "Corpus: **{name}** (chosen in ①).",
        "ko": "말뭉치: **{name}** (①에서 고릅니다).",
    },
    "exp_trained_on": {
        "en": "These runs trained on **{name}**.",
        "ko": "이 결과는 **{name}**{name:으로} 학습했습니다.",
    },
    "exp_train_ratios": {"en": "▶ Train three models", "ko": "▶ 세 모델 학습"},
    "exp_ratio": {"en": "r = {r}", "ko": "r = {r}"},
    # ③ greedy vs beam
    "exp_beam_text": {
        "en": "**Greedy vs. beam.** Greedy search takes the most probable token at every "
        "step. Beam search (width k = {k}) keeps the {k} best partial translations by summed "
        "log-probability. Listed below are held-out sentences where beam search found a "
        "translation that the model itself finds **more probable as a whole** than the greedy "
        "one. Notice the step where they diverge: there greedy's token is the more probable, "
        "but the beam's choice pays off later.",
        "ko": "**탐욕 vs. 빔.** 탐욕 탐색은 매 시점 가장 확률이 높은 토큰을 고릅니다. 빔 "
        "탐색(크기 k = {k})은 로그 확률의 합이 가장 큰 부분 번역 {k}개를 유지합니다. 아래는 "
        "빔 탐색이 탐욕 탐색보다 **문장 전체로 더 확률이 높은** 번역을 찾은 평가용 "
        "문장들입니다. 갈라지는 시점을 보세요: 그 시점에서는 탐욕의 토큰이 더 확률이 높지만, "
        "빔의 선택이 나중에 더 큰 이득을 줍니다.",
    },
    "exp_wins_found": {
        "en": "Among the first {n:held-out sentence}, beam search beats greedy search on {w}.",
        "ko": "평가용 문장 처음 {n}개 중 {w}개에서 빔 탐색이 탐욕 탐색을 이깁니다.",
    },
    "exp_losses_found": {
        "en": "On {l:sentence} of them beam search scored **below** greedy (marked ▼ in the "
        "list): greedy's prefix fell out of the beam at some step. Beam search keeps only k "
        "partial translations, so it is not exact: a wider beam, or none, can do better.",
        "ko": "그중 {l}개에서는 빔 탐색의 점수가 탐욕 탐색보다 **낮았습니다**(목록의 ▼). 어느 "
        "시점에 탐욕의 접두사가 빔 밖으로 밀려났기 때문입니다. 빔 탐색은 부분 번역 k개만 "
        "유지하므로 정확한 탐색이 아닙니다: 더 넓은 빔이 나을 수도, 탐욕이 나을 수도 있습니다.",
    },
    "exp_lost_mark": {"en": "  ▼ beam below greedy", "ko": "  ▼ 빔이 탐욕보다 낮음"},
    "exp_no_wins": {
        "en": "Among the first {n:held-out sentence}, beam search (k = {k}) never found a "
        "translation more probable than greedy search's: this model is so sure at each step "
        "that the locally best token is also the best for the whole sentence. Choose a model "
        "that makes mistakes (for example en-ko-lesson), or one you trained for a few "
        "epochs.",
        "ko": "평가용 문장 처음 {n}개에서 빔 탐색(k = {k})은 탐욕 탐색보다 확률이 높은 번역을 "
        "찾지 못했습니다. 이 모델은 매 시점 확신이 커서, 그 자리에서 가장 좋은 토큰이 문장 "
        "전체로도 가장 좋습니다. 실수를 하는 모델(예: en-ko-lesson)이나 몇 에폭만 "
        "학습한 내 모델을 골라 보세요.",
    },
    "exp_win_pick": {"en": "Sentence where beam and greedy differ", "ko": "빔과 탐욕이 다른 문장"},
    "exp_greedy": {"en": "greedy", "ko": "탐욕"},
    "exp_beam": {"en": "beam", "ko": "빔"},
    "exp_output": {"en": "output", "ko": "출력"},
    "exp_total": {"en": "Σ log p", "ko": "Σ log p"},
    # ④ sampling
    "exp_sampling_text": {
        "en": "**Sampling and temperature.** Instead of taking the argmax, draw the next "
        "token at random from the softmax with temperature T: p^(1/T), renormalized. T < 1 "
        "sharpens the distribution towards the argmax (T → 0 is greedy search); T > 1 "
        "flattens it, and the rest of the vocabulary gets more and more of the probability. "
        "The bars show one step of the greedy decode at temperature T; the green ticks show T "
        "= 1.",
        "ko": "**샘플링과 온도.** argmax를 고르는 대신, 온도 T를 적용한 소프트맥스 "
        "p^(1/T)(다시 정규화)에서 다음 토큰을 무작위로 뽑습니다. T < 1이면 분포가 argmax "
        "쪽으로 뾰족해지고 (T → 0이면 탐욕 탐색), T > 1이면 평평해져서 나머지 어휘가 점점 더 "
        "많은 확률을 가져갑니다. 막대는 탐욕 디코딩의 한 시점을 온도 T로, 초록 눈금은 T = 1을 "
        "보여 줍니다.",
    },
    "exp_sentence": {"en": "Sentence", "ko": "문장"},
    "exp_need_sentence": {
        "en": "Type a sentence to translate.",
        "ko": "번역할 문장을 입력하세요.",
    },
    "exp_step": {"en": "Decoder step", "ko": "디코딩 시점"},
    "exp_temperature": {"en": "Temperature T", "ko": "온도 T"},
    "exp_temp_caption": {
        "en": "Step {step} follows the greedy prefix {prefix}. At T = {T}: the argmax "
        "**{tok}** gets {q} (at T = 1: {p}).",
        "ko": "{step}번째 시점은 탐욕 접두부 {prefix} 다음입니다. T = {T}에서 argmax **{tok}**의 "
        "확률은 {q}입니다 (T = 1에서는 {p}).",
    },
    "exp_seed": {"en": "Seed", "ko": "시드"},
    "exp_draw": {"en": "🎲 Draw 5 samples", "ko": "🎲 샘플 5개 뽑기"},
    "exp_samples_note": {
        "en": "log p is the model's own (T = 1) log-probability of the whole output, so the "
        "samples compare with the greedy output: they are usually less probable, and at high "
        "T often unfinished (no `<eos>` before the length cap).",
        "ko": "log p는 출력 전체에 대한 모델 그대로(T = 1)의 로그 확률이라 샘플을 탐욕 출력과 "
        "비교할 수 있습니다. 샘플은 보통 확률이 더 낮고, T가 크면 길이 제한 전에 `<eos>`를 "
        "내지 못하는 경우가 많습니다.",
    },
    "exp_sample_row": {"en": "sample {i}", "ko": "샘플 {i}"},
    "exp_how": {"en": "how", "ko": "방법"},
    "exp_finished": {"en": "ends with <eos>", "ko": "<eos>로 끝남"},
    # ⑤ quiz
    "exp_quiz_text": {
        "en": "**Predict the next token.** You see the source and the translation so far "
        "(greedy search). Which token will the model write next? Pick one of the five "
        "candidates (the model's top five, shuffled), then reveal the model's softmax.",
        "ko": "**다음 토큰 맞히기.** 원문과 지금까지의 번역(탐욕 탐색)이 보입니다. 모델이 "
        "다음에 쓸 토큰은 무엇일까요? 후보 다섯 개(모델의 상위 다섯 개를 섞은 것) 중 하나를 "
        "고른 뒤, 모델의 소프트맥스를 공개하세요.",
    },
    "exp_quiz_source": {"en": "Source", "ko": "원문"},
    "exp_quiz_so_far": {
        "en": "Output so far (step {t})",
        "ko": "지금까지의 출력 ({t}번째 시점)",
    },
    "exp_quiz_guess": {"en": "Your guess for the next token", "ko": "다음 토큰 예상"},
    "exp_reveal": {"en": "Reveal", "ko": "공개"},
    "exp_next_question": {"en": "Next question ›", "ko": "다음 문제 ›"},
    "exp_new_round": {"en": "↺ New round", "ko": "↺ 새 라운드"},
    "exp_score": {
        "en": "Score this round: **{right} / {asked}**",
        "ko": "이번 라운드 점수: **{right} / {asked}**",
    },
    "exp_quiz_right": {
        "en": "Right: the model's argmax is **{tok}** ({p}).",
        "ko": "정답: 모델의 argmax는 **{tok}** ({p})입니다.",
    },
    "exp_quiz_wrong": {
        "en": "The model's argmax is **{tok}** ({p}). Your pick **{pick}** is number {rank} "
        "of {v:token} ({q}).",
        "ko": "모델의 argmax는 **{tok}** ({p})입니다. 내 선택 **{pick}**은(는) 토큰 {v}개 중 "
        "{rank}위 ({q})입니다.",
    },
    "exp_need_examples": {
        "en": "This experiment needs held-out sentences of the model's corpus, and they are "
        "not known for your model: open the corpus it was trained on in the Data page, or "
        "choose a shipped model in the sidebar.",
        "ko": "이 실험에는 모델 말뭉치의 평가용 문장이 필요한데, 내 모델의 평가용 문장은 알 "
        "수 없습니다. 데이터 페이지에서 모델을 학습한 말뭉치를 열거나, 사이드바에서 제공 "
        "모델을 고르세요.",
    },
    # ⑥ hidden-state map
    "exp_map_text": {
        "en": "**Hidden-state map.** Each encoder output is a vector of {enc:number}, each "
        "decoder hidden state one of {dec}. PCA projects the vectors of "
        "{n:held-out sentence} onto the plane that keeps most of their variance. Colour by position: do "
        "the first and the last tokens of the sentences gather in different places? Colour by "
        "token: does the same token land near itself, whatever sentence it is in? Hover over "
        "a point to see its token and sentence.",
        "ko": "**은닉 상태 지도.** 인코더 출력 하나는 숫자 {enc}개, 디코더 은닉 상태 하나는 "
        "숫자 {dec}개로 된 벡터입니다. PCA는 평가용 문장 {n}개의 벡터를 분산을 가장 많이 "
        "남기는 평면에 투영합니다. 위치로 색칠: 문장의 처음 토큰과 마지막 토큰이 다른 곳에 "
        "모이나요? 토큰으로 색칠: 같은 토큰은 어느 문장에 있든 가까이 모이나요? 점 위에 "
        "마우스를 올리면 토큰과 문장이 보입니다.",
    },
    "exp_which": {"en": "States", "ko": "상태"},
    "exp_encoder_states": {"en": "encoder outputs", "ko": "인코더 출력"},
    "exp_decoder_states": {"en": "decoder hidden states", "ko": "디코더 은닉 상태"},
    "exp_color_by": {"en": "Colour by", "ko": "색칠 기준"},
    "exp_by_position": {"en": "position", "ko": "위치"},
    "exp_by_token": {"en": "token", "ko": "토큰"},
    "exp_variance": {
        "en": "{points:vector}. The two axes keep {a:.0%} and {b:.0%} of the total variance "
        "({s:.0%} together): the rest is lost in the projection, so points far apart are "
        "different, but points close together may not be alike.",
        "ko": "벡터 {points}개. 두 축이 전체 분산의 {a:.0%}와 {b:.0%}(합쳐서 {s:.0%})를 "
        "담습니다. 나머지는 투영에서 사라지므로, 멀리 떨어진 점은 다르지만 가까운 점이 꼭 "
        "비슷한 것은 아닙니다.",
    },
}
