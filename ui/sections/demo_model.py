"""Which model a demo view shows, and on which examples (issue 26).

The loss of one pair, exposure bias and greedy against beam make their point only on a model
that makes mistakes. Each such view asks `choose`: the model chosen in the sidebar when some
of its held-out sentences show the point (those sentences first), else a shipped model that
does (a lesson model first: en-ko-lesson, weaker on purpose). The view then says which model
it shows and why, and a radio switches it back to the sidebar's model. The examples are
computed on the model (ui/services/demo_examples.py), once per server for a shipped model and
once per session for the session's own, so a retrained model brings its own examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from seq2seq_core.checkpoints.checkpoint import CheckpointError
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.corpus import split_pairs
from seq2seq_core.translator import Translator
from ui import state
from ui.services import demo_examples
from ui.state import resources, t
from ui.text.literal import literal

# Session-state keys of this section (the app-wide ones are in ui/state/__init__.py):
OWN_CACHE = "demo_own_cache"  # the examples computed on the session's own model
DEFAULT_SENTENCE = "demo_default_sentence"  # the explorer's default: no person chose it
PICK = "demo_model_"  # + demo + sidebar model: the radio choosing the view's model


@dataclass(frozen=True)
class Shown:
    """The model a view shows; examples: items that show the view's point on it."""

    name: str
    tr: Translator
    examples: Sequence[Any] = field(default_factory=list)


def held_out(name: str, tr: Translator) -> list[tuple[str, str]]:
    """Pairs the model did not train on: a shipped model's test split; for the session's own
    model, the validation split of the Data page's corpus it was trained on (the Train page
    splits with the same seed), else the test split of its built-in corpus; else none."""
    corpus = resources.corpus_of(name) if name != resources.OWN else tr.meta.get("corpus", "")
    session = st.session_state.get(state.CORPUS)
    own_corpus = session is not None and st.session_state.get(state.CORPUS_NAME) == corpus
    if name == resources.OWN and own_corpus:
        seed = int(tr.meta.get("train_config", {}).get("seed", 0))
        return split_pairs(session.pairs, 0.1, seed=seed)[1]
    return load_builtin(corpus, "test") if corpus in BUILTIN_CORPORA else []


@st.cache_data(show_spinner=False, max_entries=64)
def _shipped_examples(demo: str, name: str, k: int) -> list[tuple[str, str]]:
    tr = resources.shipped_model(name)
    corpus = resources.corpus_of(name)
    test = load_builtin(corpus, "test") if corpus in BUILTIN_CORPORA else []
    return demo_examples.find(demo, tr, resources.lesson_pairs(name, demo) + test, k=k)


def examples(demo: str, name: str, tr: Translator, k: int = demo_examples.BEAM_K) -> list:
    """Pairs that show `demo`'s point on the model: a lesson model's card picks first (when
    they still do), then its held-out pairs in order."""
    if name != resources.OWN:
        return _shipped_examples(demo, name, k)
    cache = st.session_state.get(OWN_CACHE)
    if cache is None or cache["model"] is not tr:
        cache = st.session_state[OWN_CACHE] = {"model": tr, "values": {}}
    if (demo, k) not in cache["values"]:
        cache["values"][(demo, k)] = demo_examples.find(demo, tr, held_out(name, tr), k=k)
    return cache["values"][(demo, k)]


def _others(sidebar: str) -> Iterator[tuple[str, Translator]]:
    """Shipped models to show instead, lesson models first (a damaged file is passed over:
    the sidebar says so when it is chosen there)."""
    cards = [c for c in resources.shipped_cards() if c.name != sidebar]
    for card in sorted(cards, key=lambda c: resources.LESSON_KEY not in c.card):
        try:
            yield card.name, resources.shipped_model(card.name)
        except CheckpointError:
            continue


def choose(
    demo: str,
    name: str,
    tr: Translator,
    found: Callable[[str, Translator], Sequence[Any]] | None = None,
    k: int = demo_examples.BEAM_K,
) -> Shown:
    """The model `demo`'s view shows (see the module's opening), drawing the radio and the
    caption that say which and why. `found(name, tr)`: the items that show the point on a
    model (default: `examples`)."""
    find = found or (lambda n, m: examples(demo, n, m, k))
    with st.spinner():
        mine = find(name, tr)
    if mine:
        st.caption(t("demo_on_sidebar", model=literal(resources.display_name(name))))
        return Shown(name, tr, mine)
    with st.spinner():
        other = next(((o, m, f) for o, m in _others(name) if (f := find(o, m))), None)
    if other is None:
        return Shown(name, tr, [])  # no model shows it: the view says why
    labels = {n: literal(resources.display_name(n)) for n in (other[0], name)}  # markdown
    pick = st.radio(t("demo_model_pick"), list(labels), format_func=labels.get, horizontal=True,
                    key=f"{PICK}{demo}_{name}", persist_state="session")  # fmt: skip
    tried = min(len(held_out(name, tr)), demo_examples.SCAN)
    why = t(f"demo_why_{demo}", n=tried, k=k, min=demo_examples.LOSS_MIN)
    why = why if tried else t("demo_why_unknown")
    if pick != other[0]:
        st.caption(t("demo_on_chosen", model=labels[name], why=why))
        return Shown(name, tr, [])
    st.caption(t("demo_on_other", model=literal(other[0]), sidebar=labels[name], why=why))
    return Shown(other[0], other[1], other[2])


def default_sentence(sentence: str) -> None:
    """Mark `sentence` as the explorer's default: a demo view may open on its own example
    instead. A sentence typed, picked or sent by a lesson link is a person's: kept."""
    st.session_state[DEFAULT_SENTENCE] = sentence


def chosen_sentence() -> str:
    """The app's one sentence when a person chose it, else ""."""
    sentence = st.session_state.get(state.SENTENCE) or ""
    return "" if sentence == st.session_state.get(DEFAULT_SENTENCE) else sentence
