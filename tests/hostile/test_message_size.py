"""The largest message the app sends stays under `server.maxMessageSize`
(.streamlit/config.toml): over it Streamlit replaces the element with its own error. The
limit was lowered from Streamlit's 200 MB because it also bounds what one client message
may make the server buffer (issue 16). Every page on the shipped model with the largest
vocabulary, a 1,000-character sentence and large text, and the Data page with a corpus at
the upload limits; the `full` test adds an own model at the engine's limits (char
tokenizer, vocabulary 8,000, max_len 1000), whose explorer sends the largest element
measured (35.6 MB)."""

from __future__ import annotations

import random
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpus import parse_corpus
from seq2seq_core.translator import build_translator
from tests.support.apptest import DECODE_TAB_KEY
from tests.support.load import largest_vocabulary_model
from tests.support.paths import REPO_ROOT
from ui import state
from ui.state import resources
from ui.text import experiments as _experiments  # noqa: F401 (the tabs' labels)
from ui.text.i18n import t

ROOT = REPO_ROOT
APP = str(ROOT / "app.py")
LIMIT = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]["maxMessageSize"]
LIMIT_BYTES = LIMIT * 10**6  # Streamlit's unit: 10^6 bytes
PAGES = ("explore", "lecture", "compare", "data", "train")
TABS = ("exp_tab_attention", "exp_tab_exposure", "exp_tab_beam", "exp_tab_sampling",
        "exp_tab_quiz", "exp_tab_map")  # fmt: skip
# the Decode page's lazy tabs (ui/pages/explore.py TAB_KEYS): each measured open
DECODE_TABS = ("tab_tokens", "tab_encoder", "tab_decoder", "tab_attention", "tab_whatif")
SENTENCE = ("she reads a book and he drinks coffee tomorrow " * 40)[:1000]


def _largest(node) -> int:
    """Bytes of the largest element under `node` (what one delta message carries)."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        return max((_largest(c) for c in children.values()), default=0)
    proto = getattr(node, "proto", None)
    return proto.ByteSize() if proto is not None else 0


def _page(at: AppTest, page: str, **values) -> int:
    for key, value in values.items():
        at.session_state[key] = value
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, at.exception
    return _largest(at._tree)


def _big_corpus():
    rng = random.Random(1)
    lines = [" ".join("a" * rng.randint(1, 3) for _ in range(rng.randint(1, 40))) + "\t"
             + "b " * rng.randint(1, 40) for _ in range(50_000)]  # fmt: skip
    return parse_corpus("\n".join(lines).encode()[:4_900_000], "big.tsv")


@pytest.mark.full  # every page on the largest model: ~25-70 s
def test_largest_page_message_is_far_under_the_limit():
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state[state.LARGE_TEXT] = True
    at.session_state[state.MODEL] = largest_vocabulary_model()
    at.session_state[state.CORPUS] = _big_corpus()
    at.session_state[state.CORPUS_NAME] = "big.tsv"
    at.run()
    sizes = {p: _page(at, p, **{state.SENTENCE: SENTENCE}) for p in PAGES}
    sizes |= {tab: _page(at, "experiments", exp_tab=t(tab, "en")) for tab in TABS}
    sizes |= {tab: _page(at, "explore", **{DECODE_TAB_KEY: t(tab, "en")}) for tab in DECODE_TABS}
    print(f"\nlargest element per page (bytes), limit {LIMIT_BYTES:,}: {sizes}")
    assert max(sizes.values()) > 100_000  # the measure sees the charts
    assert 20 * max(sizes.values()) < LIMIT_BYTES


@pytest.mark.full
def test_own_model_at_the_engine_limits_fits():
    rng = random.Random(0)
    chars = [chr(0x4E00 + i) for i in range(8000)]
    pairs = [("".join(rng.choices(chars, k=50)), "".join(rng.choices(chars, k=50)))
             for _ in range(2000)]  # fmt: skip
    tr = build_translator(pairs, dict(emb=64, hidden=128, attention="additive"), "char", 8000)
    tr.meta["max_len"] = 1000
    at = AppTest.from_file(APP, default_timeout=600)
    at.session_state[state.LARGE_TEXT] = True
    at.session_state[state.OWN_MODEL], at.session_state[state.OWN_MODEL_NAME] = tr, "big"
    at.session_state[state.MODEL] = resources.OWN
    at.session_state[state.SENTENCE] = "".join(rng.choices(chars, k=1000))
    largest = 0
    for tab in DECODE_TABS:  # the tabs are lazy: each drawn when open
        at.session_state[DECODE_TAB_KEY] = t(tab, "en")
        at.run()
        assert not at.exception, at.exception
        largest = max(largest, _largest(at._tree))
    print(f"\nown model at the limits: largest element {largest:,} bytes")
    assert 30_000_000 < largest < LIMIT_BYTES
