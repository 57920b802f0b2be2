"""*Ask the class* (issue 29): at a decoder step of the Lecture page or the decoder view, the
teacher's player shows the button (`ask_label`, only in a session that teaches a class);
pressing it sends the step, and `ask` puts that step's question to the class.

The question is the trace's at that step (`question_at`, pure): the source sentence, the
tokens fed so far (`<sos>` first), the model's top-k candidates with their probabilities (the
store shuffles them for the students), the argmax, and the reference's token when the
sentence has a reference and the decoder has followed it so far (after a different token
the reference's next token is no longer the right answer to *this* question).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.decoding.trace import DecodeTrace
from seq2seq_core.translator import Translator
from ui import state
from ui.services.classroom import ClassError, QuestionSpec
from ui.services.classroom.records import MAX_CANDIDATES, SRC_MAX, TOKEN_MAX
from ui.state import classroom
from ui.text.literal import literal

TOP_K = 5  # candidates on a phone's screen, with "something else" below them
ASKED_NOTE = "class_asked_note"  # (kind, message) of the last press, shown under the player


def ask_label() -> str | None:
    """The player's ask button label in a session that teaches a class; None elsewhere (a
    student's player has no button)."""
    return state.t("cls_ask") if classroom.teaching() is not None else None


def decoder_step(story_step: int, n_src: int) -> int:
    """The Lecture page's story step (encoder 1..S, the hand-over S+1, decoder steps after)
    as a decoder step: asked before the decoder starts, the question is its first word."""
    return max(1, int(story_step) - n_src - 1)


def reference_ids(tr: Translator, reference: str | None) -> list[int] | None:
    """The reference's target ids with `<eos>`, None without a reference."""
    if not reference:
        return None
    return [*tr.tgt_tok.encode(reference), EOS_ID]


def question_at(
    trace: DecodeTrace, t: int, gold: Sequence[int] | None, id_to_piece
) -> tuple[QuestionSpec, float | None]:
    """The question at decoder step `t` (1-based, clamped to the decode) of `trace`, and the
    model's probability of the reference's token (None without one). `gold`: the reference's
    ids with `<eos>` (`reference_ids`); `id_to_piece`: the target tokenizer's."""
    t = min(max(int(t), 1), len(trace.steps))
    step = trace.steps[t - 1]
    k = min(TOP_K, MAX_CANDIDATES, len(step.topk_tokens))
    candidates = tuple(step.topk_tokens[:k])
    if step.argmax_id in step.topk_ids:
        argmax = step.topk_tokens[step.topk_ids.index(step.argmax_id)]
    else:
        argmax = id_to_piece(step.argmax_id)
    reference, p_ref = None, None
    followed = [s.chosen_id for s in trace.steps[: t - 1]]
    if gold is not None and len(gold) >= t and list(gold[: t - 1]) == followed:
        reference = id_to_piece(int(gold[t - 1]))
        p_ref = float(step.probs[int(gold[t - 1])])
    spec = QuestionSpec(
        step=t,
        src=trace.src_text[:SRC_MAX],
        fed=tuple(s.input_token for s in trace.steps[:t]),
        candidates=candidates,
        probs=tuple(float(p) for p in step.topk_probs[:k]),
        argmax=argmax,
        reference=reference if reference is None or len(reference) <= TOKEN_MAX else None,
    )
    return spec, p_ref


def ask(tr: Translator, trace: DecodeTrace, t: int, reference: str | None) -> None:
    """Put the question at decoder step `t` to the class this session teaches; the teacher's
    panel follows it. A refusal is said under the player."""
    taught = classroom.teaching()
    if taught is None:
        return
    spec, p_ref = question_at(trace, t, reference_ids(tr, reference), tr.tgt_tok.id_to_piece)
    try:
        qid = classroom.store().ask(taught.code, taught.key, spec)
    except ClassError as e:
        st.session_state[ASKED_NOTE] = ("error", literal(e.text(state.lang())))
        return
    st.session_state[classroom.FOLLOWED] = {"qid": qid, "ref_prob": p_ref, "src": spec.src}
    st.session_state[ASKED_NOTE] = ("info", state.t("cls_asked", t=spec.step))


def note() -> None:
    """The last press's outcome, once."""
    kind, message = st.session_state.pop(ASKED_NOTE, (None, ""))
    if kind == "error":
        st.error(message)
    elif kind == "info":
        st.toast(message)
