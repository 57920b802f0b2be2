"""English and Korean for the Data page (ui/pages/data.py): the corpus, what was read,
the tokenizer, and the names of the tokenizer kinds (`kind_` + a kind of
seq2seq_core.data.tokenizers.KINDS)."""

STRINGS: dict[str, dict[str, str]] = {
    "data_title": {"en": "Data", "ko": "데이터"},
    "data_intro": {
        "en": "A translation model learns from sentence pairs. Upload a small file of your own or pick a built-in corpus.",
        "ko": "번역 모델은 문장 쌍에서 배웁니다. 작은 파일을 올리거나 내장 말뭉치를 고르세요.",
    },
    "source_kind": {"en": "Where do the sentences come from?", "ko": "문장은 어디에서 오나요?"},
    "upload_one": {"en": "one file (TSV or CSV)", "ko": "파일 하나 (TSV 또는 CSV)"},
    "upload_two": {"en": "two parallel files", "ko": "병렬 파일 두 개"},
    "builtin": {"en": "built-in corpus", "ko": "내장 말뭉치"},
    "upload_help": {
        "en": "One pair per line: source, a tab (or a comma in a .csv file), target. Tatoeba/Anki exports work as they are. UTF-8, UTF-16/32, CP949, Shift-JIS, EUC-JP, GBK, Big5, KOI8-R or a Windows code page (1252, 1251, ...).",
        "ko": "한 줄에 한 쌍: 원문, 탭(.csv 파일은 쉼표), 번역문. Tatoeba/Anki 내보내기 파일도 그대로 됩니다. UTF-8, UTF-16/32, CP949, Shift-JIS, EUC-JP, GBK, Big5, KOI8-R, Windows 코드 페이지(1252, 1251 등).",
    },
    "src_file": {
        "en": "source file (one sentence a line)",
        "ko": "원문 파일 (한 줄에 한 문장)",
    },
    "tgt_file": {"en": "target file (same number of lines)", "ko": "번역문 파일 (같은 줄 수)"},
    "corpus_pick": {"en": "Built-in corpus", "ko": "내장 말뭉치"},
    "use_corpus": {"en": "Use this corpus", "ko": "이 말뭉치 사용"},
    "use_corpus_help": {
        "en": "Its test split ({n:pair}) is kept aside: models are scored on it (the class "
        "board, the shipped models' cards), so nobody trains on it.",
        "ko": "테스트용 {n}쌍은 따로 둡니다: 모델의 점수(수업 게시판, 제공 모델 카드)를 여기서 "
        "재므로 학습에는 쓰지 않습니다.",
    },
    "report": {
        "en": "**{pairs:pair}** read · {skipped:line} skipped · {dups:duplicate} · {blank:blank line} · {fmt}, {enc}",
        "ko": "**{pairs}**쌍 읽음 · {skipped}줄 건너뜀 · 중복 {dups}개 · 빈 줄 {blank}개 · {fmt}, {enc}",
    },
    "skipped_lines": {"en": "Lines skipped, and why", "ko": "건너뛴 줄과 이유"},
    "line": {"en": "line", "ko": "줄"},
    "reason": {"en": "reason", "ko": "이유"},
    "lengths": {"en": "Sentence lengths (words)", "ko": "문장 길이 (단어 수)"},
    "sample": {"en": "A sample of the pairs", "ko": "문장 쌍 예시"},
    "tokenizer_title": {"en": "Tokens", "ko": "토큰"},
    "tokenizer_kind": {"en": "Tokenizer", "ko": "토크나이저"},
    "vocab_size": {"en": "Vocabulary size (at most)", "ko": "어휘 크기 (최대)"},
    "tokenizer_text": {
        "en": "SentencePiece learns pieces from the corpus (unigram or BPE); characters and words need no learning. The vocabulary is clipped to what a small corpus allows.",
        "ko": "SentencePiece는 말뭉치에서 조각을 배웁니다 (unigram 또는 BPE). 글자와 단어 단위는 배울 필요가 없습니다. 작은 말뭉치에서는 어휘 크기가 자동으로 줄어듭니다.",
    },
    "vocab_report": {
        "en": "Source vocabulary: {src:token} · target vocabulary: {tgt:token} · unknown tokens in the corpus: {unk:.1%}",
        "ko": "원문 어휘: {src}개 · 번역문 어휘: {tgt}개 · 말뭉치의 미등록 토큰 비율: {unk:.1%}",
    },
    "length_over": {
        "en": "Length limit: {limit:token} per side. With this tokenizer **{over} of {pairs:pair}** ({share:.1%}) have a longer side: training and validation leave them out (they are not cut), and a longer sentence typed on the Explore page is read up to its first {limit:token}.",
        "ko": "길이 제한: 한쪽에 토큰 {limit}개. 이 토크나이저로는 **{pairs}쌍 중 {over}쌍**({share:.1%})의 한쪽이 더 깁니다. 학습과 검증에서는 이 쌍들을 빼며 (자르지 않습니다), 탐색 페이지에 입력한 더 긴 문장은 처음 {limit}개 토큰까지만 읽습니다.",
    },
    "length_fits": {
        "en": "Length limit: {limit:token} per side. Every pair fits (the longest side has {longest:token}).",
        "ko": "길이 제한: 한쪽에 토큰 {limit}개. 모든 쌍이 들어갑니다 (가장 긴 쪽은 토큰 {longest}개).",
    },
    "small_corpus_chosen": {
        "en": "**{kind}** were chosen for this small corpus ({n:pair}, fewer than {limit:,}).",
        "ko": "작은 말뭉치({n}쌍, {limit:,}쌍 미만)라서 **{kind}** 단위를 골랐습니다.",
    },
    "small_corpus_suggest": {
        "en": "This corpus is small ({n:pair}, fewer than {limit:,}): **{kind}** read better "
        "than SentencePiece here.",
        "ko": "작은 말뭉치입니다({n}쌍, {limit:,}쌍 미만). 여기서는 SentencePiece보다 "
        "**{kind}** 단위가 읽기 좋습니다.",
    },
    "small_corpus_why": {
        "en": "A subword model learned from a few hundred sentences cuts words into pieces "
        "like `▁ 저 는`, and the decoder then spends its steps on word-boundary markers "
        "(a bare `▁` can even be its first choice); whole tokens show each step as a "
        "readable word or letter.",
        "ko": "몇백 문장으로 배운 하위 단어 모델은 단어를 `▁ 저 는`처럼 조각내고, 디코더는 "
        "디코딩 시점을 단어 경계 표시에 씁니다 (첫 시점에 `▁` 하나만 고르기도 합니다). "
        "단어나 글자 단위면 시점마다 읽을 수 있는 단어나 글자가 나옵니다.",
    },
    "next_train": {
        "en": "Next: train a model on the Train page.",
        "ko": "다음: 학습 페이지에서 모델을 학습하세요.",
    },
    "no_corpus": {"en": "No corpus yet.", "ko": "아직 말뭉치가 없습니다."},
    # the tokenizer kinds (seq2seq_core.data.tokenizers.KINDS)
    "kind_sentencepiece-unigram": {
        "en": "SentencePiece (unigram)",
        "ko": "SentencePiece (unigram)",
    },
    "kind_sentencepiece-bpe": {"en": "SentencePiece (BPE)", "ko": "SentencePiece (BPE)"},
    "kind_char": {"en": "characters", "ko": "글자"},
    "kind_word": {"en": "words", "ko": "단어"},
}
