"""Beam search's stopping rule, on hand-built step functions whose best sentence is known,
and its property on every shipped model: beam search with k > 1 never scores below greedy.

The hand-built models are tables: prefix -> probabilities of the next token. The old rule
(stop as soon as k hypotheses have ended, drop the live ones) returned a cheap early `<eos>`
in the first two cases below.
"""

import math

import pytest
import torch

from seq2seq_core.checkpoints.pretrained import list_pretrained, load_pretrained
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.decoding import beam
from seq2seq_core.decoding.beam import search

WORDS = ["<pad>", "<unk>", "<sos>", "<eos>", "a", "b", "c", "d"]
ID = {w: i for i, w in enumerate(WORDS)}


class TableTokenizer:
    """The two methods beam search asks of a target tokenizer."""

    def id_to_piece(self, i: int) -> str:
        return WORDS[i]

    def decode(self, ids) -> str:
        return " ".join(WORDS[i] for i in ids)


def table_step(table: dict[str, dict[str, float]]):
    """(step, select, start state) of a model that reads its next-token distribution from
    `table[prefix]` (prefix: the words so far, space-joined; unlisted prefixes end)."""

    def step(y: torch.Tensor, prefixes: list[tuple[str, ...]]):
        words = [WORDS[int(i)] for i in y]
        grown = [p if w == "<sos>" else (*p, w) for p, w in zip(prefixes, words, strict=True)]
        logp = torch.full((len(grown), len(WORDS)), float("-inf"))  # (n, V)
        for row, prefix in enumerate(grown):
            for word, prob in table.get(" ".join(prefix), {"<eos>": 1.0}).items():
                logp[row, ID[word]] = math.log(prob)
        return logp, grown

    def select(prefixes, rows: torch.Tensor):
        return [prefixes[int(r)] for r in rows]

    return step, select, [()]


def run(table, k: int, max_len: int = 10, alpha: float = 0.0):
    step, select, start = table_step(table)
    return search(step, select, start, k, max_len, alpha, TableTokenizer())


def greedy(table, max_len: int = 10) -> tuple[str, float]:
    prefix, score = [], 0.0
    for _ in range(max_len):
        dist = table.get(" ".join(prefix), {"<eos>": 1.0})
        word = max(dist, key=dist.get)
        score += math.log(dist[word])
        if word == "<eos>":
            break
        prefix.append(word)
    return " ".join(prefix), score


# Step 1: `<eos>` (0.3) is the 2nd best candidate and ends at once. Step 2: "b <eos>" ends
# too: the old rule had k = 2 finished hypotheses and stopped, returning the empty
# sentence (0.3), while the live "a c" goes on to "a c <eos>" = 0.5 * 0.9 * 0.99 = 0.4455.
EARLY_EOS = {
    "": {"a": 0.5, "<eos>": 0.3, "b": 0.2},
    "a": {"c": 0.9, "<eos>": 0.05, "d": 0.05},
    "b": {"<eos>": 0.6, "d": 0.4},
    "a c": {"<eos>": 0.99, "d": 0.01},
}


def test_a_live_hypothesis_that_can_still_win_is_not_dropped():
    result = run(EARLY_EOS, k=2)
    best = result.hypotheses[0]
    assert best.tokens == ["a", "c"] and best.finished
    assert best.score == pytest.approx(math.log(0.5 * 0.9 * 0.99))
    assert best.score >= greedy(EARLY_EOS)[1] - 1e-6
    # the k best are ranked: the empty sentence (0.3) is second, and scores fall
    assert [h.tokens for h in result.hypotheses] == [["a", "c"], []]
    assert result.hypotheses[1].score == pytest.approx(math.log(0.3))


def test_at_the_length_cap_live_and_finished_are_ranked_together():
    table = {"": {"a": 0.6, "<eos>": 0.4}, "a": {"a": 0.9, "<eos>": 0.1}}
    result = run(table, k=2, max_len=2)
    best = result.hypotheses[0]
    assert best.tokens == ["a", "a"] and not best.finished  # 0.54, cut by the cap
    assert best.score == pytest.approx(math.log(0.54))
    assert result.hypotheses[1].tokens == [] and result.hypotheses[1].finished  # 0.4


def test_k_1_is_greedy_search():
    for table in (EARLY_EOS, {"": {"a": 0.6, "<eos>": 0.4}, "a": {"b": 0.7, "<eos>": 0.3}}):
        best, (text, score) = run(table, k=1).hypotheses[0], greedy(table)
        assert " ".join(best.tokens) == text and best.score == pytest.approx(score)


# With alpha = 1 the ranking is score / length. After step 2 the finished "" (0.45, length
# 1: -0.80) and "b" (0.18, length 2: -0.86) fill k = 2, and the live "a c" has the raw
# score -1.07, below both: a raw-sum stop would return "". But "a c <eos>" = -1.08 / 3 =
# -0.36 wins: dividing by a longer length raises a normalised score.
NORMALISED = {
    "": {"<eos>": 0.45, "a": 0.35, "b": 0.2},
    "a": {"c": 0.98, "<eos>": 0.02},
    "b": {"<eos>": 0.9, "d": 0.1},
    "a c": {"<eos>": 0.99, "d": 0.01},
}


def test_length_normalisation_does_not_stop_while_a_longer_sentence_can_win():
    assert run(NORMALISED, k=2).hypotheses[0].tokens == []  # raw sums: "" (0.45) is best
    best = run(NORMALISED, k=2, alpha=1.0).hypotheses[0]
    assert best.tokens == ["a", "c"] and best.score == pytest.approx(math.log(0.35 * 0.98 * 0.99))


def test_the_stop_bound_never_underestimates_a_live_hypothesis():
    for alpha in (0.0, 0.6, 1.0):
        for raw, length, max_len in [(-1.0, 2, 5), (-0.1, 1, 3), (-3.0, 4, 4)]:
            bound = beam._best_reachable(raw, max_len, alpha)
            for more in (0.0, 0.5):  # any completion: a lower raw sum, a length up to max_len
                for end in range(length + 1, max_len + 1):
                    assert beam._rank(raw - more, end, alpha) <= bound + 1e-12


def test_bad_widths_and_alphas_are_refused():
    with pytest.raises(ValueError):
        run(EARLY_EOS, k=0)
    with pytest.raises(ValueError):
        run(EARLY_EOS, k=2, alpha=-0.5)


# -- the property on every shipped model ----------------------------------------------------
# The first 40 held-out sentences of each model's card here, at k = 3 and 5;
# bench/beam_property.py runs 200 (bench/RESULTS.md). Greedy's score is float32 summed one
# row at a time, beam's in a batch of k rows: the same sequence may differ by ~1e-6.
SENTENCES = 40
# Beam search does not promise it (seq2seq_core/decoding/beam.py): greedy's prefix can fall
# out of the beam. en-ko-phrases, retrained to keep its lowest validation loss (epoch 13 of
# 60, pretrained/en-ko-phrases.json), is such a model: at k = 3 beam scores below greedy on
# 5 of its 22 held-out sentences ("Today is Monday." -> "오늘 오늘 오늘 무어요.", -12.40 against
# greedy's -9.73). Experiments ③ shows these losses beside the wins (tests/ui/pages/
# test_experiments.py). Strict: once the model changes, this fails and the mark must go, with
# beam.py's figures.
BEAM_BELOW_GREEDY = pytest.mark.xfail(
    strict=True, reason="beam scores below greedy on the retrained en-ko-phrases (beam.py)"
)
MODELS = [
    pytest.param(m.name, marks=BEAM_BELOW_GREEDY) if m.name == "en-ko-phrases" else m.name
    for m in list_pretrained()
]


@pytest.mark.parametrize("name", MODELS)
def test_beam_never_scores_below_greedy_on_shipped_models(name):
    card = next(m for m in list_pretrained() if m.name == name)
    tr = load_pretrained(name)
    sources = [s for s, _ in load_builtin(card.corpus, card.card.get("split", "test"))]
    assert len(sources) >= 20
    for k in (3, 5):
        for src in sources[:SENTENCES]:
            greedy_score = tr.trace(src).steps[-1].log_prob
            best = tr.beam(src, k=k).hypotheses[0]
            assert best.score >= greedy_score - 1e-4, (name, k, src, best.text)


# -- what the app shows ---------------------------------------------------------------------
def test_the_compare_page_shows_beam_at_least_as_probable_as_greedy_and_both_eos():
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("ui/pages/compare.py").run()
    at.slider(key="kept.beam_k").set_value(3).run()
    at.text_input(key="beam_text").set_value("Will he drink coffee?").run()
    assert not at.exception, at.exception
    rows = at.dataframe[0].value.to_dict("records")  # k beam rows, then the greedy row
    score, eos = "log-probability", "<eos>"
    assert rows[-1]["hypothesis"].startswith("(greedy) ") and rows[-1][eos] == "✓"
    assert all(row[eos] == "✓" for row in rows)  # every row here ended with <eos>
    assert rows[0][score] >= rows[-1][score]
