"""Pick the example sentences of the lesson model's three demos and record them in its card.

    python -m pretrained.lesson_examples                # en-ko-lesson
    python -m pretrained.lesson_examples en-ko-lesson

en-ko-attention translates every held-out sentence right and is sure of it, so the loss of a
pair is a row of 0.00 bars, free running never leaves the reference, and beam search never
beats greedy. The lesson model (en-ko-attention stopped early, pretrained/train_all.py) makes
mistakes; this script scans its held-out (test) sentences in order and keeps, per demo, the
first few that show the lesson while the translations stay sensible:

- loss: greedy translates the sentence right, yet the summed -log p(gold) of the reference,
  teacher-forced, is at least LOSS_MIN nats (sorted by that loss, largest first);
- exposure_bias: free running (greedy) leaves the reference at step >= 2 (a shared start),
  stops with `<eos>`, and stays close to it (sentence chrF >= CHRF_MIN);
- beam: at every width in BEAM_WIDTHS beam search's best hypothesis is the reference and
  scores higher than greedy's output, which differs and is close to it (chrF >= CHRF_MIN).

Nothing here is random (decoding is argmax and beam search); every number written to the
card is computed from the model. tests/pretrained/test_lesson_examples.py recomputes them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sacrebleu

from seq2seq_core import experiments as ex
from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.translator import Translator

ROOT = Path(__file__).resolve().parent

LESSON_MODELS = ("en-ko-lesson",)
LOSS_MIN = 0.5  # nats: a loss bar chart whose sum reads clearly above zero
CHRF_MIN = 60.0  # sentence chrF of a wrong output against the reference: "nearly right"
BEAM_WIDTHS = (3, 5)  # the Compare page's default k and Experiments ③'s k
PER_DEMO = 4
KEY = "lesson_examples"


def _chrf(hyp: str, ref: str) -> float:
    return round(sacrebleu.sentence_chrf(hyp, [ref]).score, 1)


def loss_example(tr: Translator, src: str, ref: str) -> dict[str, Any] | None:
    """The pair if greedy gets it right while its teacher-forced loss is >= LOSS_MIN."""
    output = tr.trace(src).output_text
    if output != ref:
        return None
    scored = tr.score(src, ref)  # teacher forcing, one step per reference token + <eos>
    if scored.total_nll < LOSS_MIN:
        return None
    return {
        "source": src,
        "reference": ref,
        "output": output,
        "loss_sum": round(scored.total_nll, 3),
        "loss_max_step": round(max(s.nll for s in scored.steps), 3),
        "steps": len(scored.steps),
    }


def exposure_example(tr: Translator, src: str, ref: str) -> dict[str, Any] | None:
    """The pair if free running parts from the reference at step >= 2 and stays close."""
    eb = ex.exposure_bias(tr, src, ref)
    if eb.part_step is None or eb.part_step < 2 or eb.stop_reason != "eos":
        return None
    output = tr.trace(src).output_text
    chrf = _chrf(output, ref)
    if chrf < CHRF_MIN:
        return None
    k = eb.part_step
    return {
        "source": src,
        "reference": ref,
        "free_running": output,
        "part_step": k,
        "reference_token": eb.reference[k - 1] if k <= len(eb.reference) else None,
        "free_token": eb.free_running[k - 1] if k <= len(eb.free_running) else None,
        "forced_argmax_wrong": sum(
            a != g for a, g in zip(eb.forced_argmax, eb.reference, strict=True)
        ),
        "chrf": chrf,
    }


def beam_example(tr: Translator, src: str, ref: str) -> dict[str, Any] | None:
    """The pair if, at every width in BEAM_WIDTHS, beam finds the reference and beats a
    nearly right greedy output (both re-scored by teacher forcing)."""
    greedy = tr.trace(src)
    if greedy.output_text == ref or greedy.stop_reason != "eos":
        return None
    chrf = _chrf(greedy.output_text, ref)
    if chrf < CHRF_MIN:
        return None
    found: dict[str, Any] = {"source": src, "reference": ref, "greedy": greedy.output_text}
    for k in BEAM_WIDTHS:
        wins = ex.find_beam_wins(tr, [src], k=k, limit=1)
        if not wins or tr.beam(src, k).hypotheses[0].text != ref:
            return None
        found[f"k{k}"] = {
            "greedy_total": round(wins[0].greedy_total, 3),
            "beam_total": round(wins[0].beam_total, 3),
        }
    return {**found, "beam": ref, "chrf_greedy": chrf}


DEMOS = {"loss": loss_example, "exposure_bias": exposure_example, "beam": beam_example}


def lesson_examples(
    tr: Translator, pairs: Sequence[tuple[str, str]], per_demo: int = PER_DEMO
) -> dict[str, list[dict[str, Any]]]:
    """{demo: up to per_demo qualifying examples}, scanning `pairs` in order (references
    normalized as the model's tokenizer writes them). Loss examples: largest loss first."""
    found: dict[str, list[dict[str, Any]]] = {demo: [] for demo in DEMOS}
    for src, ref in pairs:
        ref = tr.tgt_tok.normalize(ref)
        for demo, qualifies in DEMOS.items():
            if demo != "loss" and len(found[demo]) >= per_demo:
                continue
            example = qualifies(tr, src, ref)
            if example is not None:
                found[demo].append(example)
        if all(len(v) >= per_demo for v in found.values()):
            break
    found["loss"] = sorted(found["loss"], key=lambda e: -e["loss_sum"])[:per_demo]
    return found


def record(name: str) -> dict[str, Any]:
    """Compute the examples of shipped model `name` on its card's held-out split; write them
    into pretrained/NAME.json under "lesson_examples"."""
    card_path = ROOT / f"{name}.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    tr = load_pretrained(name, ROOT)
    pairs = load_builtin(card["corpus"], card["split"])
    examples = lesson_examples(tr, pairs)
    card[KEY] = {
        "command": f"python -m pretrained.lesson_examples {name}",
        "split": card["split"],
        "criteria": {"loss_min_nats": LOSS_MIN, "chrf_min": CHRF_MIN, "beam_widths": BEAM_WIDTHS},
        **examples,
    }
    card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return card[KEY]


def main(names: list[str]) -> None:
    for name in names or list(LESSON_MODELS):
        found = record(name)
        for demo in DEMOS:
            print(f"{name} {demo}: {len(found[demo])} examples")
            for e in found[demo]:
                print("   ", json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
