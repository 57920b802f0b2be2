"""The charts' text alternatives and tables (ui/figures/alt.py): they name the main values
(the strongest attention weight, the argmax and its probability, the loss) in the page's
language, and the tables hold the values behind attention, softmax and loss."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.support.models import CONFIGS, tiny_translator
from ui.figures import alt

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def tr():
    return tiny_translator(CONFIGS[3])  # bidirectional, attention


@pytest.fixture(scope="module")
def trace(tr):
    return tr.trace("a b a c")


def test_attention_names_the_strongest_weight_and_the_size():
    m = np.array([[0.1, 0.2, 0.7], [0.05, 0.9, 0.05]])
    en = alt.attention(m, ["I", "like", "tea"], ["차를", "좋아해"], "en")
    assert "2 output tokens" in en and "3 source tokens" in en
    assert "“좋아해” looks at “like” with 90%" in en
    ko = alt.attention(m, ["I", "like", "tea"], ["차를", "좋아해"], "ko")
    assert "“좋아해”" in ko and "“like”" in ko and "90%" in ko and "어텐션" in ko


def test_the_attention_table_keeps_repeated_tokens_apart_and_sums_to_100():
    m = np.array([[0.25, 0.5, 0.25], [0.6, 0.2, 0.2]])
    rows = alt.attention_table(m, ["the", "cat", "the"], ["a", "b"], "en")
    assert len(rows) == 2
    assert list(rows[0]) == ["output token", "1. the", "2. cat", "3. the"]
    assert rows[1]["output token"] == "2. b"
    for row in rows:
        assert sum(v for k, v in row.items() if k != "output token") == pytest.approx(100)


def test_softmax_names_the_argmax_and_its_probability(trace):
    step = trace.steps[0]
    text = alt.softmax(step, "en")
    assert f"argmax “{step.topk_tokens[0]}” with p = {step.topk_probs[0]:.1%}" in text
    assert f"step {step.t}" in text
    pick = alt.softmax(step, "ko", pick_id=step.topk_ids[2], rank=3)
    assert "소프트맥스" in pick and f"“{step.topk_tokens[2]}”" in pick and "3위" in pick
    rows = alt.softmax_table(step, "en")
    assert [r["rank"] for r in rows] == list(range(1, len(step.topk_ids) + 1))
    assert rows[0]["p"] == round(100 * step.topk_probs[0], 2)


def test_loss_names_the_sum_and_the_costliest_step(tr):
    tf = tr.score("a b a c", "c a b a")
    worst = max(tf.steps, key=lambda s: s.nll)
    text = alt.loss(tf, "en")
    assert f"sum {tf.total_nll:.2f}" in text
    assert f"step {worst.t} “{worst.gold_token}”, {worst.nll:.2f}" in text
    rows = alt.loss_table(tf, "ko")
    assert len(rows) == len(tf.steps)
    assert sum(r["−log p"] for r in rows) == pytest.approx(tf.total_nll, abs=1e-2)
    assert "합" in alt.loss(tf, "ko")


def test_curves_say_the_last_loss_and_the_validation_score():
    history = [
        {"epoch": 1, "train_loss_per_token": 2.5, "valid_exact_match": 0.1},
        {"epoch": 2, "train_loss_per_token": 1.25, "valid_exact_match": 0.5},
    ]
    assert "2 epochs" in alt.curves(history, "en") and "1.250" in alt.curves(history, "en")
    assert "50%" in alt.curves(history, "en")
    assert alt.curves([], "en") == "Training curves: no epoch finished yet."
    assert alt.curves_table(history)[1]["validation exact match (%)"] == 50.0
    assert alt.curves_table(history, "ko")[1] == {"에폭": 2, "토큰당 학습 손실": 1.25,
                                                  "검증 완전 일치율(%)": 50.0}  # fmt: skip


def test_the_vector_names_its_strongest_unit():
    text = alt.vector(np.array([0.1, -0.8, 0.3]), "h", "en")
    assert "3 units from -0.80 to +0.30" in text and "unit 1, -0.80" in text


def test_every_text_alternative_speaks_the_pages_language(tr, trace):
    """Each function, in Korean, says Korean words (no English sentence read in a Korean
    voice) and leaves no format field unfilled."""
    from seq2seq_core import experiments as ex
    from seq2seq_core.training.stepwise import PairView
    from tests.support.figures import state_map

    tf = tr.score("a b a c", "c a b a")
    view = PairView.of(tf)
    step = trace.steps[0]
    q = ex.tempered(step.probs, 2.0)
    vocab = tr.tgt_tok.vocab()
    found = ex.length_buckets(tr, [("a b a c", "c a b a")], edges=(2, 4))
    texts = {
        "attention": lambda lang: alt.attention(
            trace.attention_matrix(), trace.src_pieces, [s.chosen_token for s in trace.steps], lang
        ),
        "attention_change": lambda lang: alt.attention_change(view, view, lang),
        "softmax": lambda lang: alt.softmax(step, lang),
        "temperature": lambda lang: alt.temperature(step.probs, q, vocab, 2.0, lang),
        "loss": lambda lang: alt.loss(tf, lang),
        "nll": lambda lang: alt.nll(view, view, lang),
        "curves": lambda lang: alt.curves([{"epoch": 1, "train_loss_per_token": 1.0}], lang),
        "vector": lambda lang: alt.vector(trace.encoder.final_hidden[-1], "h", lang),
        "encoder": lambda lang: alt.encoder(trace.encoder, trace.src_pieces, lang),
        "bridge": lambda lang: alt.bridge(trace.encoder, lang),
        "buckets": lambda lang: alt.buckets({"m": found}, "bleu", lang),
        "ratio": lambda lang: alt.ratio({"0.5": [{"epoch": 1, "valid_exact_match": 0.5}]}, lang),
        "exposure": lambda lang: alt.exposure(ex.exposure_bias(tr, "a b", "b a"), lang),
        "beam_tree": lambda lang: alt.beam_tree(tr.beam("a b", k=2), lang),
        "state_map": lambda lang: alt.state_map(state_map(), lang),
        "histogram": lambda lang: alt.histogram([1, 3], [2, 5], lang),
    }
    for name, make in texts.items():
        en, ko = make("en"), make("ko")
        assert en and not HANGUL.search(en.replace("한국어", "")), (name, en)
        assert HANGUL.search(ko), (name, ko)
        assert "{" not in en + ko, (name, en, ko)


def test_the_class_charts_say_the_most_chosen_the_argmax_and_the_reference():
    labels, counts, probs = ["went", "goes", "ran"], [3, 5, 1], [0.2, 0.7, None]
    live = alt.class_answers(labels, counts)
    assert "9 answers" in live and "“goes” (5)" in live
    assert "went" not in live  # the live chart does not give the model away
    revealed = alt.class_reveal(labels, counts, probs, 1, 0)
    assert "argmax “goes”, p = 70.0%, chosen by 5 students" in revealed
    assert "reference: “went”" in revealed
    ko = alt.class_reveal(labels, counts, probs, 1, 0, "ko")
    assert HANGUL.search(ko) and "70.0%" in ko
    assert alt.class_answers([], []) == alt.class_answers(labels, [0, 0, 0]) == "No answers yet."
    summary = alt.class_summary(["a", "b", "<eos>"], [0.8, 0.2, 0.6])
    assert summary.startswith("3 asked steps") and "at 2 of them" in summary
