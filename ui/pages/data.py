"""Data: upload a tiny parallel corpus (or pick a built-in one), see what was read, and
choose how sentences are cut into tokens."""

from __future__ import annotations

import html

import streamlit as st

from seq2seq_core import limits
from seq2seq_core.batching import length_report
from seq2seq_core.config import MAX_LEN
from seq2seq_core.corpora import BUILTIN_CORPORA
from seq2seq_core.corpus import (
    Corpus,
    CorpusError,
    CorpusLimits,
    parse_corpus,
    parse_parallel,
)
from seq2seq_core.tokenizers import KINDS, train_tokenizer
from ui import resources, state
from ui.figures import train as figures_train
from ui.figures.style import shown
from ui.state import t
from ui.text import engine_messages
from ui.text.i18n import register
from ui.text.literal import literal

register(
    {
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
    }
)

KIND_LABELS = {
    "sentencepiece-unigram": {"en": "SentencePiece (unigram)", "ko": "SentencePiece (unigram)"},
    "sentencepiece-bpe": {"en": "SentencePiece (BPE)", "ko": "SentencePiece (BPE)"},
    "char": {"en": "characters", "ko": "글자"},
    "word": {"en": "words", "ko": "단어"},
}
register({f"kind_{k}": v for k, v in KIND_LABELS.items()})


SUGGESTED_FOR = "tokenizer_suggested_for"  # the corpus whose tokenizer was suggested


def _kind_labeller():
    label = state.labeller()
    return lambda kind: label(f"kind_{kind}")


# The server accepts uploads up to the model cap (.streamlit/config.toml); a corpus upload
# says and enforces the corpus cap, in Streamlit's unit (MiB).
CORPUS_UPLOAD_MB = -(-CorpusLimits().max_bytes // (1024 * 1024))


def _store(corpus: Corpus, name: str) -> None:
    st.session_state[state.CORPUS] = corpus
    st.session_state[state.CORPUS_NAME] = name


def _upload_one() -> None:
    up = st.file_uploader(
        t("upload_one"),
        type=["tsv", "txt", "csv"],
        help=t("upload_help"),
        max_upload_size=CORPUS_UPLOAD_MB,
    )
    resources.upload_limit_caption()
    if up is not None and st.session_state.get(state.CORPUS_NAME) != up.name:
        try:
            _store(parse_corpus(up.getvalue(), up.name), up.name)
        except CorpusError as e:
            st.error(literal(engine_messages.corpus_error(e, state.lang())))


def _upload_two() -> None:
    c1, c2 = st.columns(2)
    mb = CORPUS_UPLOAD_MB
    src = c1.file_uploader(t("src_file"), type=["txt", "tsv"], key="src_up", max_upload_size=mb)
    tgt = c2.file_uploader(t("tgt_file"), type=["txt", "tsv"], key="tgt_up", max_upload_size=mb)
    resources.upload_limit_caption()
    if src is not None and tgt is not None:
        name = f"{src.name} + {tgt.name}"
        if st.session_state.get(state.CORPUS_NAME) != name:
            try:
                _store(parse_parallel(src.getvalue(), tgt.getvalue()), name)
            except CorpusError as e:
                st.error(literal(engine_messages.corpus_error(e, state.lang())))


def _builtin() -> None:
    ko = state.lang() == "ko"
    current = st.session_state.get(state.CORPUS_NAME)
    if "builtin_pick" not in st.session_state and current in BUILTIN_CORPORA:
        st.session_state["builtin_pick"] = current  # the picker opens on the corpus in use
    name = st.selectbox(
        t("corpus_pick"),
        list(BUILTIN_CORPORA),
        key="builtin_pick",
        format_func=lambda n: BUILTIN_CORPORA[n].title_ko if ko else BUILTIN_CORPORA[n].title_en,
    )
    info = BUILTIN_CORPORA[name]
    st.caption(info.description_ko if ko else info.description_en)
    st.button(t("use_corpus"), on_click=resources.use_builtin_corpus, args=(name,))


def _report(corpus: Corpus) -> None:
    st.markdown(
        t(
            "report",
            pairs=len(corpus.pairs),
            skipped=len(corpus.skipped),
            dups=corpus.duplicates,
            blank=corpus.blank_lines,
            fmt=corpus.format,
            enc=corpus.encoding,
        )
    )
    if corpus.skipped:
        with st.expander(t("skipped_lines"), expanded=len(corpus.skipped) <= 10):
            rows = [
                {t("line"): s.line_no, t("reason"): engine_messages.skip_reason(s, state.lang())}
                for s in corpus.skipped[:500]
            ]
            st.dataframe(rows, hide_index=True)
    # side by side on a normal screen; with large text the sample needs the whole width
    # (in half of it at 1366 px only the source column showed, its sentences cut)
    large = state.font_scale() > 1
    left, right = (st.container(), st.container()) if large else st.columns([1, 1])
    with left:
        st.markdown(f"**{t('lengths')}**")
        fig = figures_train.length_histogram(
            [len(s.split()) for s, _ in corpus.pairs],
            [len(g.split()) for _, g in corpus.pairs],
            state.lang(),
            scale=state.font_scale(),
        )
        st.plotly_chart(fig, key="len_hist")
    with right:
        st.markdown(f"**{t('sample')}**")
        halves = {  # with large text, source and target share the width equally
            t(side): st.column_config.TextColumn(width="large") for side in ("source", "target")
        }
        st.dataframe(
            [{t("source"): s, t("target"): g} for s, g in corpus.pairs[:50]],
            hide_index=True,
            height=260,
            column_config=halves if large else None,
        )


def _suggest(corpus: Corpus) -> str | None:
    """For a small uploaded corpus, choose the suggested tokenizer once (the student may
    change it); built-in corpora come with their own choice. Returns the suggestion."""
    name = st.session_state.get(state.CORPUS_NAME)
    if name in BUILTIN_CORPORA:
        return None
    kind = resources.suggest_tokenizer(corpus.pairs)
    if kind and st.session_state.get(SUGGESTED_FOR) != name:
        st.session_state[state.TOKENIZER] = kind
    st.session_state[SUGGESTED_FOR] = name
    return kind


def _tokenizer(corpus: Corpus) -> None:
    st.subheader(t("tokenizer_title"))
    st.markdown(t("tokenizer_text"))
    suggested = _suggest(corpus)
    c1, c2 = st.columns(2)
    kind = c1.selectbox(
        t("tokenizer_kind"), KINDS, key=state.TOKENIZER, format_func=_kind_labeller()
    )
    size = c2.number_input(
        t("vocab_size"), limits.MIN_VOCAB, limits.MAX_VOCAB, step=100, key=state.VOCAB_SIZE
    )
    if suggested and (kind == suggested or kind.startswith("sentencepiece")):
        key = "small_corpus_chosen" if kind == suggested else "small_corpus_suggest"
        label = t(f"kind_{suggested}")
        n, limit = len(corpus.pairs), resources.SMALL_CORPUS
        st.info(t(key, kind=label, n=n, limit=limit) + " " + t("small_corpus_why"))
    src_tok, tgt_tok = _tokenizers(corpus, kind, int(size))
    total = unk = 0
    for s, _ in corpus.pairs[:2000]:
        ids = src_tok.encode(s)
        total, unk = total + len(ids), unk + ids.count(1)
    st.markdown(
        t("vocab_report", src=src_tok.vocab_size, tgt=tgt_tok.vocab_size, unk=unk / max(total, 1))
    )
    for s, g in corpus.pairs[:3]:
        st.html(_pieces(src_tok.pieces(s)) + " → " + _pieces(tgt_tok.pieces(g)))
    _lengths(corpus, src_tok, tgt_tok)


def _lengths(corpus: Corpus, src_tok, tgt_tok) -> None:
    """How many pairs exceed the length limit the Train page uses, and what is done."""
    r = length_report(corpus.pairs, src_tok, tgt_tok, MAX_LEN)
    if r.over:
        share = r.over / max(r.pairs, 1)
        st.info(t("length_over", limit=r.limit, over=r.over, pairs=r.pairs, share=share))
    else:
        longest = max(r.longest_src, r.longest_tgt)
        st.caption(t("length_fits", limit=r.limit, longest=longest))


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_tokenizers(pairs: tuple, kind: str, size: int):
    return (
        train_tokenizer(kind, [s for s, _ in pairs], size),
        train_tokenizer(kind, [g for _, g in pairs], size),
    )


def _tokenizers(corpus: Corpus, kind: str, size: int):
    return _cached_tokenizers(tuple(corpus.pairs), kind, size)


def _pieces(pieces: list[str]) -> str:
    return " ".join(
        f"<code style='font-size:1.05rem'>{html.escape(shown(p, state.lang()))}</code>"
        for p in pieces
    )


def render() -> None:
    st.title(t("data_title"))
    st.markdown(t("data_intro"))
    options = ["builtin", "upload_one", "upload_two"]
    choice = st.radio(
        t("source_kind"), options, format_func=state.labeller(), horizontal=True, key="data_src"
    )
    {"builtin": _builtin, "upload_one": _upload_one, "upload_two": _upload_two}[choice]()
    corpus = st.session_state.get(state.CORPUS)
    if corpus is None:
        st.info(t("no_corpus"))
        return
    st.subheader(literal(st.session_state.get(state.CORPUS_NAME, "")))
    _report(corpus)
    _tokenizer(corpus)
    st.success(t("next_train"))


render()
