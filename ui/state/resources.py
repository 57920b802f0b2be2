"""Models the pages work with: shipped ones shared by every session (cached once per
server), and the session's own (trained or uploaded), kept in session state."""

from __future__ import annotations

import streamlit as st

from seq2seq_core import experiments
from seq2seq_core.checkpoints.checkpoint import CheckpointError
from seq2seq_core.checkpoints.pretrained import ModelCard, list_pretrained, load_pretrained
from seq2seq_core.config import MAX_LEN
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.corpus import Corpus, CorpusLimits
from seq2seq_core.translator import Translator
from ui import state
from ui.figures import style
from ui.services import training
from ui.text import engine_messages
from ui.text.literal import literal

OWN = "__own__"
PAIR = ("en-ko-attention", "en-ko-no-attention")  # same size, with and without attention
LENGTH_EDGES = (4, 6, 8, 10)  # source-length buckets 1-4, 5-6, 7-8, 9-10, 11+
LESSON_KEY = "lesson_examples"  # a card with it: a model weaker on purpose, with its examples


@st.cache_resource(show_spinner=False)
def prepare_server() -> bool:
    """Process-wide settings and imports, once per server, before sessions run in parallel
    (see `training.prepare_process` and `style.warm_up`)."""
    training.prepare_process()
    style.warm_up()
    return True


@st.cache_resource(show_spinner=False)
def shipped_cards() -> list[ModelCard]:
    return list_pretrained()


@st.cache_resource(show_spinner=False)
def shipped_model(name: str) -> Translator:
    """One read-only copy per server, shared by all sessions (never trained further)."""
    return load_pretrained(name)


def use_builtin_corpus(name: str) -> None:
    """Make the built-in corpus `name` the session's corpus, with the tokenizer it suggests
    (the Data page's "Use this corpus" and the Train page's shortcut alike). Its test split
    is left out: what a student trains on never holds the pairs a model is scored on (the
    class board, the shipped models' cards, the experiments' held-out sentences)."""
    test = set(load_builtin(name, "test"))
    pairs = [p for p in load_builtin(name, "all") if p not in test]
    st.session_state[state.CORPUS] = Corpus(pairs=pairs, format="built-in", encoding="utf-8")
    st.session_state[state.CORPUS_NAME] = name
    st.session_state[state.TOKENIZER] = BUILTIN_CORPORA[name].tokenizer


# Below this many pairs the Data page suggests whole words (characters for a Korean target)
# instead of SentencePiece. Classroom corpora are a few hundred pairs; with so few sentences
# most words occur once or twice, SentencePiece's vocabulary is clipped to a few hundred
# pieces and words are cut: measured on the built-in Korean targets with 150-1,000 pairs,
# 2.6-3.5 pieces per Korean word, 13-16% of all pieces a bare word-boundary marker "▁".
# Words or characters show the decoder's steps as readable chips; from a few thousand
# pairs on, subwords pay off (the shipped en-ko model: 8,400 training pairs).
SMALL_CORPUS = 2_000


def _hangul_share(texts: list[str]) -> float:
    letters = [c for s in texts for c in s if c.isalpha()]
    hangul = sum("\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e" for c in letters)
    return hangul / max(len(letters), 1)


def suggest_tokenizer(pairs: list[tuple[str, str]]) -> str | None:
    """The tokenizer that reads well for a small corpus ("char" for a mostly Korean target
    whose pairs fit the length limit in characters, else "word"); None from SMALL_CORPUS
    pairs on, where SentencePiece is the better default."""
    if len(pairs) >= SMALL_CORPUS:
        return None
    targets = [g for _, g in pairs[:500]]
    fits = sum(max(len(s), len(g)) <= MAX_LEN for s, g in pairs[:500]) / max(len(targets), 1)
    return "char" if _hangul_share(targets) > 0.5 and fits >= 0.95 else "word"


def upload_limit_mb(corpus: bool = True) -> float:
    """The largest file a student can upload, in MB: the server's `server.maxUploadSize`,
    and for a corpus the engine's own cap too."""
    server = float(st.get_option("server.maxUploadSize"))
    return min(server, CorpusLimits.max_bytes / 1e6) if corpus else server


def upload_limit_caption(corpus: bool = True) -> None:
    """Say the upload limit in the page's language: Streamlit's own "Upload · 5MB per file"
    under the drop zone cannot be translated."""
    st.caption(state.t("upload_limit", mb=f"{upload_limit_mb(corpus):g}"))


def model_names() -> list[str]:
    names = [c.name for c in shipped_cards()]
    if st.session_state.get(state.OWN_MODEL) is not None:
        names.insert(0, OWN)
    return names


def current() -> tuple[str, Translator | None]:
    """(name, translator) of the model chosen in the sidebar; (name, None) if there is none."""
    names = model_names()
    name = st.session_state.get(state.MODEL)
    if name not in names:
        name = names[0] if names else ""
        st.session_state[state.MODEL] = name
    if not name:
        return "", None
    if name == OWN:
        return name, st.session_state[state.OWN_MODEL]
    try:
        return name, shipped_model(name)
    except CheckpointError as e:  # a damaged file on the server: say so, keep the app up
        st.error(literal(engine_messages.checkpoint_error(e, state.lang())))
        return name, None


def display_name(name: str) -> str:
    if name == OWN:
        return state.t("own_model", name=st.session_state.get(state.OWN_MODEL_NAME, ""))
    if any(c.name == name and LESSON_KEY in c.card for c in shipped_cards()):
        return state.t("lesson_model", name=name)
    return name


def lesson_pairs(name: str, demo: str) -> list[tuple[str, str]]:
    """The (source, reference) pairs a shipped lesson model's card picked for `demo` ("loss",
    "exposure_bias" or "beam"; pretrained/lesson_examples.py); [] for any other model."""
    for card in shipped_cards():
        if card.name == name:
            picked = card.card.get(LESSON_KEY, {}).get(demo, [])
            return [(e["source"], e["reference"]) for e in picked]
    return []


def corpus_of(name: str) -> str | None:
    """The corpus a model was trained on: a shipped model's card says; the session's own
    model carries it in its metadata (trained here, or uploaded after a download)."""
    if name == OWN:
        own = st.session_state.get(state.OWN_MODEL)
        meta = own.meta if own is not None else {}
        card = meta.get("card") if isinstance(meta.get("card"), dict) else {}
        corpus = meta.get("corpus") or card.get("corpus")  # a shipped model's file: its card
        return corpus if isinstance(corpus, str) else None  # an uploaded file may hold anything
    for card in shipped_cards():
        if card.name == name:
            return card.corpus
    return None


@st.cache_data(show_spinner=False)
def example_pairs(corpus: str, n: int = 12) -> list[tuple[str, str]]:
    """Held-out examples of a built-in corpus: a medium-length one first (the default
    sentence), then others from short to long."""
    if corpus not in BUILTIN_CORPORA:
        return []
    test = sorted(load_builtin(corpus, "test")[:200], key=lambda p: (len(p[0]), p[0]))
    picks = [test[round(i * (len(test) - 1) / (n - 1))] for i in range(n)] if test else []
    picks = list(dict.fromkeys(picks))
    medium = picks[len(picks) * 2 // 3] if picks else None
    return [medium, *[p for p in picks if p != medium]] if medium else []


@st.cache_data(show_spinner=False)
def shipped_pair_buckets() -> dict[str, list[experiments.Bucket]]:
    """Scores per source-length bucket of both shipped en-ko models on en-ko's test split,
    once per server (the compare and experiments pages both draw them)."""
    test = load_builtin("en-ko", "test")
    return {
        name: experiments.length_buckets(shipped_model(name), test, LENGTH_EDGES) for name in PAIR
    }
