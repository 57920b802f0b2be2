"""Data: upload a tiny parallel corpus (or pick a built-in one), see what was read, and
choose how sentences are cut into tokens."""

from __future__ import annotations

import html

import streamlit as st

from seq2seq_core import limits
from seq2seq_core.config import MAX_LEN
from seq2seq_core.data.batching import length_report
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.corpus import (
    Corpus,
    CorpusError,
    CorpusLimits,
    parse_corpus,
    parse_parallel,
)
from seq2seq_core.data.tokenizers import KINDS, train_tokenizer
from ui import state
from ui.figures import alt
from ui.figures import train as figures_train
from ui.figures.style import shown
from ui.sections import charts, tables, uploads
from ui.state import resources, t
from ui.text import engine_messages
from ui.text.literal import literal

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
    uploads.in_page_language()
    up = st.file_uploader(
        t("upload_one"),
        type=["tsv", "txt", "csv"],
        help=t("upload_help"),
        max_upload_size=CORPUS_UPLOAD_MB,
    )
    uploads.limit()
    if up is not None and st.session_state.get(state.CORPUS_NAME) != up.name:
        try:
            _store(parse_corpus(up.getvalue(), up.name), up.name)
        except CorpusError as e:
            st.error(literal(engine_messages.corpus_error(e, state.lang())))


def _upload_two() -> None:
    uploads.in_page_language()
    c1, c2 = st.columns(2)
    mb = CORPUS_UPLOAD_MB
    src = c1.file_uploader(t("src_file"), type=["txt", "tsv"], key="src_up", max_upload_size=mb)
    tgt = c2.file_uploader(t("tgt_file"), type=["txt", "tsv"], key="tgt_up", max_upload_size=mb)
    uploads.limit()
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
    st.button(t("use_corpus"), on_click=resources.use_builtin_corpus, args=(name,),
              help=t("use_corpus_help", n=len(load_builtin(name, "test"))))  # fmt: skip


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
            tables.table(rows)
    # side by side on a normal screen; with large text the sample needs the whole width
    # (in half of it at 1366 px only the source column showed, its sentences cut)
    large = state.font_scale() > 1
    left, right = (st.container(), st.container()) if large else st.columns([1, 1])
    with left:
        st.markdown(f"**{t('lengths')}**")
        lengths = (
            [len(s.split()) for s, _ in corpus.pairs],
            [len(g.split()) for _, g in corpus.pairs],
        )
        fig = figures_train.length_histogram(*lengths, state.lang(), scale=state.font_scale())
        charts.chart(fig, key="len_hist", alt=alt.histogram(*lengths, state.lang()))
    with right:
        st.markdown(f"**{t('sample')}**")
        halves = {  # with large text, source and target share the width equally
            t(side): st.column_config.TextColumn(width="large") for side in ("source", "target")
        }
        tables.table(
            [{t("source"): s, t("target"): g} for s, g in corpus.pairs[:50]],
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
    st.header(t("tokenizer_title"))
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
    st.header(literal(st.session_state.get(state.CORPUS_NAME, "")))
    _report(corpus)
    _tokenizer(corpus)
    st.success(t("next_train"))


render()
