"""The class sections' pure parts (issue 29): the question a decoder step makes, and the
rows of the teacher's chart from the store's tally."""

from __future__ import annotations

from ui.sections import classroom_ask, classroom_live
from ui.services.classroom import PublicQuestion, Tally


def test_the_question_is_the_traces_step(translator):
    trace = translator.trace("a b c")
    spec, p_ref = classroom_ask.question_at(trace, 2, None, translator.tgt_tok.id_to_piece)
    step = trace.steps[1]
    assert spec.step == 2 and spec.src == trace.src_text
    assert spec.fed == ("<sos>", trace.steps[0].chosen_token)  # what the decoder was fed
    assert spec.candidates == tuple(step.topk_tokens[: classroom_ask.TOP_K])
    assert spec.probs == tuple(step.topk_probs[: classroom_ask.TOP_K])
    assert spec.argmax == step.topk_tokens[0] and spec.reference is None and p_ref is None


def test_the_reference_is_asked_only_while_the_decode_follows_it(translator):
    trace = translator.trace("a b c")
    first = trace.steps[0]
    other = next(i for i in range(4, translator.cfg.tgt_vocab) if i != first.chosen_id)
    gold = [first.chosen_id, other, other]  # step 1 right, step 2's reference is `other`
    piece = translator.tgt_tok.id_to_piece
    spec, p_ref = classroom_ask.question_at(trace, 2, gold, piece)
    assert spec.reference == piece(other) and p_ref == float(trace.steps[1].probs[other])
    if len(trace.steps) >= 3 and trace.steps[1].chosen_id != other:  # diverged from gold
        assert classroom_ask.question_at(trace, 3, gold, piece)[0].reference is None
    spec, _ = classroom_ask.question_at(trace, 99, gold, piece)  # clamped to the decode
    assert spec.step == len(trace.steps)


def test_a_lecture_step_before_the_decoder_asks_its_first_word():
    assert classroom_ask.decoder_step(1, n_src=4) == 1  # an encoder step
    assert classroom_ask.decoder_step(5, n_src=4) == 1  # the hand-over
    assert classroom_ask.decoder_step(8, n_src=4) == 3


def _tally(counts, others=()):
    other = sum(n for _, n in others)
    total = sum(counts.values()) + other
    return Tally(1, counts, other, tuple(others), total)


def test_typed_answers_that_are_a_candidates_word_count_for_it():
    tally = _tally({"▁she": 2, "▁he": 0}, [("She", 2), ("her", 1), ("x1", 1), ("x2", 1),
                                          ("x3", 1), ("x4", 1), ("x5", 1), ("x6", 1)])  # fmt: skip
    labels, counts = classroom_live.answer_rows(["▁she", "▁he"], tally, "rest")
    assert labels[:2] == ["▁she", "▁he"] and counts[:2] == [4, 0]  # "She" is ▁she's word
    assert labels[2:] == ["her", "x1", "x2", "x3", "x4", "rest"]
    assert counts[2:] == [1, 1, 1, 1, 1, 2] and sum(counts) == tally.total


def test_reveal_rows_add_the_reference_and_mark_the_argmax():
    q = PublicQuestion(1, 2, "src", ("<sos>",), ("▁he", "▁she"), "revealed", 0.0,
                       probs={"▁he": 0.3, "▁she": 0.6}, argmax="▁she",
                       reference="▁they")  # fmt: skip
    tally = _tally({"▁he": 1, "▁she": 2}, [("they", 1)])
    labels, counts, probs, argmax, ref = classroom_live.reveal_rows(q, tally, "rest", 0.05)
    assert labels == ["▁he", "▁she", "they", "▁they"] and counts == [1, 2, 1, 0]
    assert probs == [0.3, 0.6, None, 0.05] and argmax == 1 and ref == 3
