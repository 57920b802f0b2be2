"""Scores of a translator on held-out pairs: exact match, token accuracy, BLEU and chrF.

BLEU and chrF come from sacrebleu (Post 2018) on detokenized text. For Korean and for
character-level tasks BLEU's 13a tokenization splits on spaces and punctuation only, so
chrF (Popović 2015), which works on characters, is the fairer of the two there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from seq2seq_core.data.batching import EncodedPairs, encode_within, make_batches
from seq2seq_core.translator import Translator


def exact_match(hyps: Sequence[str], refs: Sequence[str]) -> float:
    """Share of hypotheses equal to their reference, in [0, 1]."""
    if not refs:
        return 0.0
    return sum(h == r for h, r in zip(hyps, refs, strict=True)) / len(refs)


@torch.inference_mode()
def teacher_forced_scores(
    tr: Translator,
    pairs: Sequence[tuple[str, str]],
    batch_size: int = 256,
    max_len: int | None = None,
    encoded: EncodedPairs | None = None,
) -> dict[str, float]:
    """Loss (summed over steps, per sentence and per token), token accuracy and sequence
    accuracy, teacher-forced.

    sequence_accuracy: the share of pairs whose every target token, `<eos>` included, is the
    argmax given the right prefix. Greedy decoding reproduces a target id for id exactly
    then (each step's input is the right token because the step before chose it), so this is
    greedy decoding's exact match counted in ids, from one batched forward pass instead of a
    step loop; in text, two id sequences can spell the same string (SentencePiece; and a
    `<sos>` inside an output spells nothing) and an `<unk>` spells no word, which is why
    `exact_match` on decoded text stays the reported figure.

    Pairs with a side longer than the length limit (max_len, by default the model's own,
    as in training) are left out of these scores and counted in "over_limit". `encoded`:
    `pairs` already encoded with that limit (a trainer checking the same pairs again)."""
    tr.model.eval()
    enc = encoded or encode_within(pairs, tr.src_tok, tr.tgt_tok, max_len or tr.max_len)
    loss_sum, tokens, correct, sequences = 0.0, 0, 0, 0
    for batch in make_batches(enc.src_ids, enc.tgt_ids, batch_size):
        logits = tr.model(batch.src, batch.src_mask, batch.tgt_in)  # (B, T, V)
        flat = logits.reshape(-1, logits.size(-1))
        gold = batch.tgt_out.reshape(-1)
        loss_sum += float(
            torch.nn.functional.cross_entropy(flat, gold, ignore_index=0, reduction="sum")
        )
        real = batch.tgt_out != 0  # (B, T)
        right = logits.argmax(-1) == batch.tgt_out  # (B, T)
        correct += int((right & real).sum())
        sequences += int((right | ~real).all(dim=1).sum())
        tokens += batch.n_tokens
    n = max(len(enc.index), 1)
    return {
        "loss_per_sentence": loss_sum / n,
        "loss_per_token": loss_sum / max(tokens, 1),
        "token_accuracy": correct / max(tokens, 1),
        "sequence_accuracy": sequences / n,
        "over_limit": enc.report.over,
    }


def evaluate(tr: Translator, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """All scores of `tr` on the pairs within its length limit; exact match etc. in [0, 1],
    BLEU and chrF in [0, 100].

    One denominator: every score is over the same "pairs", those whose sides have at most
    the model's length limit of tokens ("length_limit", as in training). The others,
    counted in "over_limit", are left out of every score, as training leaves them out:
    decoding would read a cut source, and no output can be as long as their target."""
    import sacrebleu  # 0.3 s of imports that training does not need

    enc = encode_within(pairs, tr.src_tok, tr.tgt_tok, tr.max_len)
    within = [pairs[i] for i in enc.index]
    refs = [tr.tgt_tok.normalize(t) for _, t in within]
    hyps = tr.translate([s for s, _ in within])
    result: dict[str, Any] = {
        "pairs": len(within),
        "over_limit": enc.report.over,
        "length_limit": tr.max_len,
        "exact_match": exact_match(hyps, refs),
    }
    result.update(teacher_forced_scores(tr, pairs, encoded=enc))
    result["bleu"] = sacrebleu.corpus_bleu(hyps, [refs]).score if within else 0.0
    result["chrf"] = sacrebleu.corpus_chrf(hyps, [refs]).score if within else 0.0
    return result
