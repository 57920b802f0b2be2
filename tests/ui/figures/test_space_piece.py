"""SentencePiece's word-start mark standing alone ("▁") is never drawn as a blank: every view
of tokens (chips, chain labels, softmax bars, heatmap axes, beam tree, experiments) shows it
as "␣ space" / "␣ 띄어쓰기" through one helper, `ui.figures.style.shown`.

A model trained on a small corpus with the unigram tokenizer picks a bare ▁ at step 1 with
99.9%; the slide showed an empty-looking chip where the first word should be."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import numpy as np
import pytest
import sentencepiece as spm

from seq2seq_core.config import ModelConfig
from seq2seq_core.data.tokenizers import EOS_ID, PAD_ID, SOS_ID, UNK_ID, SentencePieceTokenizer
from seq2seq_core.decoding.trace import (
    BeamNode,
    BeamResult,
    ForcedStep,
    Hypothesis,
    TeacherForcedTrace,
)
from seq2seq_core.experiments import BeamWin, ExposureBias, ScoredTokens, StateMap, StatePoint
from seq2seq_core.translator import Translator, seeded_model
from tests.support.apptest import own_model_app
from tests.support.models import toy_pairs
from ui.figures import compare, decode, lab, probe
from ui.figures.style import shown

BARE = "\u2581"
SAYS = {"en": "␣ space", "ko": "␣ 띄어쓰기"}


def _tiny_unigram(texts: list[str]) -> SentencePieceTokenizer:
    """A unigram model of 13 pieces on single letters (below the app's SentencePiece floor,
    which byte fallback sets at 388): it splits "a b c" into ▁ a ▁b ▁ c, bare marks included."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=buf, model_type="unigram", vocab_size=13,
        character_coverage=1.0, normalization_rule_name="identity", add_dummy_prefix=True,
        remove_extra_whitespaces=False, pad_id=PAD_ID, unk_id=UNK_ID, bos_id=SOS_ID,
        eos_id=EOS_ID, pad_piece="<pad>", unk_piece="<unk>", bos_piece="<sos>",
        eos_piece="<eos>", num_threads=1, minloglevel=2, hard_vocab_limit=False,
    )  # fmt: skip
    return SentencePieceTokenizer(buf.getvalue(), "sentencepiece-unigram", 13)


def _tiny_translator(**options) -> Translator:
    pairs = toy_pairs()
    src_tok = _tiny_unigram([s for s, _ in pairs])
    tgt_tok = _tiny_unigram([t for _, t in pairs])
    cfg = ModelConfig(src_vocab=src_tok.vocab_size, tgt_vocab=tgt_tok.vocab_size, **options)
    return Translator(seeded_model(cfg, 0), src_tok, tgt_tok, {"seed": 0})


@pytest.fixture(scope="module")
def tr():
    return _tiny_translator(emb=8, hidden=12, attention="general", bidirectional=True)


@pytest.fixture(scope="module")
def trace(tr):
    trace = tr.trace("a b c")
    assert BARE in trace.src_pieces  # the case under test
    steps = []
    for s in trace.steps:  # the decoder, too, emits a bare ▁ at every step
        top = [BARE, *s.topk_tokens[1:]]
        steps.append(dataclasses.replace(s, input_token=BARE if s.t > 1 else s.input_token,
                                         chosen_token=BARE, topk_tokens=top))  # fmt: skip
    return dataclasses.replace(trace, steps=steps)


def test_shown_names_the_bare_mark_and_keeps_everything_else():
    for lang, words in SAYS.items():
        assert shown(BARE, lang) == words
        assert shown("▁teacher", lang) == "▁teacher"  # a word's start mark stays as it is
        assert shown(" ", lang) == "␣"  # the character tokenizer's space
        assert shown("<eos>", lang) == "<eos>"


def _strings(fig) -> list[str]:
    """Every string plotly.js receives (text, tick labels, hover data), HTML tags dropped."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "template":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            out.append(re.sub(r"<[^>]+>", "", node).strip())

    walk(json.loads(fig.to_json()))
    return out


def _figures(trace, lang: str) -> dict:
    out = [s.chosen_token for s in trace.steps]
    nodes = [BeamNode(0, -1, 0, 2, "<sos>", 0.0, 0.0), BeamNode(1, 0, 1, 5, BARE, -0.1, -0.1)]
    beam = BeamResult(1, [Hypothesis([5], [BARE], "", -0.1, 1, False)], nodes)
    fs = ForcedStep(1, "<sos>", 5, BARE, 0.9, 0.1, 5, BARE, 0.9, None)
    tf = TeacherForcedTrace(["a"], [BARE], [fs], 0.1)
    seq = ScoredTokens((BARE, "a"), (0.9, 0.8), (-0.1, -0.3))
    eb = ExposureBias(("a",), (BARE, "<eos>"), (BARE, "<eos>"), (0.9, 0.9), "eos",
                      (BARE, "<eos>"), (0.9, 0.9), (0.9, 0.9), None)  # fmt: skip
    smap = StateMap("encoder", (StatePoint(0.0, 0.0, BARE, 0, 0, "a"),), (0.5, 0.5))
    step = trace.steps[0]
    vocab = [BARE, "a", "b"]
    return {
        "chain": decode.decoder_chain_figure(trace, 2, lang),
        "topk": decode.topk_bars(step, lang),
        "attention_bars": decode.attention_bars(step, trace.src_pieces, lang),
        "attention_map": decode.attention_heatmap(
            trace.attention_matrix(), trace.src_pieces, out, 1, lang
        ),
        "encoder": decode.encoder_states_heatmap(trace.encoder, trace.src_pieces, lang),
        "beam_tree": compare.beam_tree_figure(beam, lang),
        "loss": compare.loss_steps_figure(tf, lang),
        "exposure": lab.exposure_figure(eb, lang),
        "beam_win": lab.beam_win_figure(BeamWin("a", 2, seq, seq, 1, -0.3, -0.3), lang),
        "temperature": probe.temperature_figure(
            np.array([0.6, 0.3, 0.1]), np.array([0.6, 0.3, 0.1]), vocab, 1.0, lang=lang
        ),
        "quiz": probe.quiz_reveal_figure(step, step.topk_ids[0], 1, lang),
        "state_map": probe.state_map_figure(smap, "token", lang=lang),
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_figure_draws_a_bare_mark(trace, lang):
    for name, fig in _figures(trace, lang).items():
        strings = _strings(fig)
        assert BARE not in strings, name  # never a label that is only ▁
        assert any(SAYS[lang] in s for s in strings), name


def test_the_token_chips_say_space():
    own = _tiny_translator(emb=8, hidden=12)
    at = own_model_app(own, sentence="a b c")
    chips = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "<b>␣ space</b>" in chips and f"<b>{BARE}</b>" not in chips
