"""Why did it say that (issue 18): the training pairs whose decoder state was nearest.

For the explorer's current decoder step, the k training pairs whose teacher-forced decoder
state s_t (`seq2seq_core.experiments.neighbours`) has the highest cosine with this step's state,
each
with the target token of that step highlighted. The index is built once per model, on
request (it runs every training pair through the model): for a shipped model once per
server (st.cache_resource, and an .npz file in a temporary cache directory, never the
repository); for the session's own model in session state, from the pairs its training run
kept.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.decoding.trace import Step
from seq2seq_core.experiments.neighbours import NeighbourIndex, cached_index, fingerprint, nearest
from seq2seq_core.translator import Translator
from ui import state
from ui.figures.style import shown
from ui.state import resources, t
from ui.text.literal import literal

MAX_PAIRS = 10_000  # training pairs indexed per model
K = 3
TOGGLE = "neighbours_on"
OWN_KEY = "neighbours_own_index"  # session state: (fingerprint, pairs, index)


def cache_dir() -> Path:
    """Where the .npz indexes go: $SEQ2SEQ_CACHE_DIR, else the system's temporary directory."""
    base = os.environ.get("SEQ2SEQ_CACHE_DIR") or tempfile.gettempdir()
    return Path(base) / "seq2seq-neighbours"


def shipped_pairs(name: str) -> list[tuple[str, str]]:
    """The train split of a shipped model's built-in corpus, first MAX_PAIRS; [] if unknown."""
    corpus = resources.corpus_of(name)
    if corpus not in BUILTIN_CORPORA:
        return []
    return load_builtin(corpus, "train")[:MAX_PAIRS]


@st.cache_resource(show_spinner=False, max_entries=8)
def _shipped_index(name: str, max_pairs: int) -> tuple[list[tuple[str, str]], NeighbourIndex]:
    """Built once per server and shipped model (max_pairs in the key: a new cap, a new index)."""
    tr = resources.shipped_model(name)
    pairs = shipped_pairs(name)
    return pairs, cached_index(tr.model, tr.src_tok, tr.tgt_tok, pairs, cache_dir())


def _own_index(tr: Translator) -> tuple[list[tuple[str, str]], NeighbourIndex] | None:
    """The pairs the session's training run kept for this model, indexed once per weights."""
    run = st.session_state.get(state.TRAIN_RUN)
    if run is None or run.translator is not tr or not run.train_pairs:
        return None
    pairs = list(run.train_pairs[:MAX_PAIRS])
    key = fingerprint(tr.model, pairs)
    kept = st.session_state.get(OWN_KEY)
    if kept is None or kept[0] != key:
        kept = (key, pairs, cached_index(tr.model, tr.src_tok, tr.tgt_tok, pairs, cache_dir()))
        st.session_state[OWN_KEY] = kept
    return kept[1], kept[2]


def _target_line(tr: Translator, target: str, step: int, lang: str) -> str:
    """The target's tokens (with <eos>) as Markdown, token `step` (0-based) highlighted."""
    ids = [*tr.tgt_tok.encode(tr.tgt_tok.normalize(target)), EOS_ID]
    parts = []
    for i, tok_id in enumerate(ids):
        piece = literal(shown(tr.tgt_tok.id_to_piece(tok_id), lang))
        parts.append(f":orange-background[**{piece}**]" if i == step else piece)
    return " ".join(parts)


def render(name: str, tr: Translator, step: Step) -> None:
    """The section under the explorer's decoder step."""
    st.markdown(f"### {t('nb_title')}")
    st.caption(t("nb_explain"))
    own = name == resources.OWN
    if not own and not shipped_pairs(name):
        st.info(t("nb_no_corpus"))
        return
    if not st.toggle(t("nb_toggle"), key=TOGGLE, help=t("nb_toggle_help")):
        return
    with st.spinner(t("nb_building")):
        built = _own_index(tr) if own else _shipped_index(name, MAX_PAIRS)
    if built is None:
        st.info(t("nb_no_own_pairs"))
        return
    pairs, index = built
    lang = state.lang()
    for n in nearest(index, step.hidden_after, k=K):
        src, tgt = pairs[n.pair]
        line = _target_line(tr, tgt, n.step, lang)
        st.markdown(t("nb_pair", src=literal(src), tgt=line, t=n.step + 1, cos=f"{n.cosine:.3f}"))
