"""A decode trace -> the decode player's data: compact, JSON-able, every token a plain string.

`Translator.trace` computes every number a step shows before the first step is drawn; the
player (ui/player/player*.js) receives them once and plays the steps in the browser. This
module keeps what the player draws and nothing more: vectors as a few points (`spark`) and
their norm, the top-k of each softmax, attention rows, numbers rounded, and the labels
formatted here with the Decode page's rounding (`f"{p:.1%}"`, `format_log_prob`) so both
pages say the same digits. Tokens go through `shown` (␣ for a lone space or ▁, a byte
piece's byte) and are otherwise left as they are: the player writes them with
`textContent`, so a hostile vocabulary draws as text. No Streamlit here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.decoding.trace import DecodeTrace, format_log_prob
from seq2seq_core.training.budget import MAX_TEXT_CHARS
from seq2seq_core.translator import Translator
from ui.figures.lecture import spark
from ui.figures.style import WORD_START, shown
from ui.services import lecture_code
from ui.text import forcing as _forcing_strings  # noqa: F401 (registers forced_same)
from ui.text.i18n import all_strings, t

VERSION = 1
SPARK = 16  # points per vector
# The code panel's marked line per kind of step: the line that computed what the step shows.
MARK = {"enc": "layered_rnn", "bridge": "initial_state", "dec": "argmax = int(",
        "teacher": "nll = -float"}  # fmt: skip


def _r(x: float, digits: int = 3) -> float | str:
    """A float rounded for the wire; a non-finite one as the string trace.py writes."""
    x = float(x)
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return round(x, digits)


def _vec(v: Any) -> dict[str, Any]:
    """A vector as the player draws it: `SPARK` points and its norm."""
    arr = np.asarray(v, dtype=float).ravel()
    return {"s": [_r(x, 2) for x in spark(arr, SPARK)], "n": _r(np.linalg.norm(arr), 2),
            "d": int(arr.size)}  # fmt: skip


def _code(text: str, kind: str) -> list[list[Any]]:
    """`lecture_code.panel` text -> [[kind, line], ...] with kind "h" (a function's header),
    "v" (this step's values) or "c" (code), and "m" for the marked code line."""
    rows: list[list[Any]] = []
    marked = False
    for line in text.splitlines():
        if line.startswith("#   → "):
            rows.append(["v", line])
        elif line.startswith("# "):
            rows.append(["h", line])
        else:
            mark = not marked and MARK[kind] in line
            marked = marked or mark
            rows.append(["m" if mark else "c", line])
    return rows


def _attention(step, src: list[str]) -> dict[str, Any] | None:
    if step.attn_weights is None:
        return None
    weights = np.asarray(step.attn_weights, dtype=float)
    scores = step.attn_scores if step.attn_scores is not None else [float("nan")] * len(src)
    return {
        "sc": [_r(s, 2) for s in scores],
        "w": [_r(w, 3) for w in weights],
        "wl": [f"{w:.1%}" for w in weights],
        "c": _vec(step.context),
        "ht": _vec(step.attentional),
    }


def _step(trace: DecodeTrace, i: int, lang: str, vocab: int, teacher: bool) -> dict[str, Any]:
    step = trace.steps[i]
    out: dict[str, Any] = {
        "t": step.t,
        "in": shown(step.input_token, lang),
        "in_id": int(step.input_id),
        "hb": _vec(step.hidden_before),
        "h": _vec(step.hidden_after),
        "k": [
            [int(k), shown(tok, lang), _r(p, 4), f"{p:.1%}"]
            for k, tok, p in zip(step.topk_ids, step.topk_tokens, step.topk_probs, strict=True)
        ],
        "am": int(step.argmax_id),
        "c": int(step.chosen_id),
        "tok": shown(step.chosen_token, lang),
        "p": f"{step.chosen_prob:.1%}",
        # forced off greedy's path: a prefix step that chose the argmax is greedy's own
        "f": bool(step.forced) and step.chosen_id != step.argmax_id and not teacher,
        "lp": format_log_prob(step.log_prob),
        "eos": step.chosen_id == EOS_ID,
        "at": _attention(step, [shown(p, lang) for p in trace.src_pieces]),
    }
    if teacher:
        nll, _total = lecture_code.cross_entropy(trace, i + 1)
        so_far = -trace.steps[i].log_prob
        out["nll"], out["sum"] = f"{nll:.2f}", f"{so_far:.2f}"
        out["p"] = f"{step.chosen_prob:.2f}"
    code = lecture_code.decoder_code(trace, i + 1, lang, vocab, trace if teacher else None)
    out["code"] = _code(code, "teacher" if teacher else "dec")
    return out


def trace_data(trace: DecodeTrace, lang: str = "en", vocab: int | None = None,
               teacher: bool = False) -> dict[str, Any]:  # fmt: skip
    """One decode (or its teacher-forced twin with `teacher`) as the player's data."""
    enc = trace.encoder
    hidden = enc.hidden
    vocab = vocab or (trace.steps[0].probs.size if trace.steps else 0)
    raw = np.asarray(enc.final_raw)
    last = trace.steps[-1].log_prob if trace.steps else 0.0
    data: dict[str, Any] = {
        "src": [shown(p, lang) for p in trace.src_pieces],
        "src_ids": [int(i) for i in trace.src_ids],
        "attention": trace.has_attention,
        "bi": enc.directions == 2,
        "rnn": str(trace.model.get("rnn", "")),
        "feeding": bool(trace.model.get("luong_input_feeding")),
        "vocab": int(vocab),
        "enc": [_vec(np.asarray(o)[:hidden]) for o in enc.outputs],
        "enc_code": [
            _code(lecture_code.encoder_code(trace, s, lang), "enc")
            for s in range(1, len(trace.src_ids) + 1)
        ],
        "bridge": {
            "h": _vec(enc.final_hidden[-1]),
            "fwd": _vec(raw[-2] if enc.directions == 2 else raw[-1]),
            "bwd": _vec(raw[-1]) if enc.directions == 2 else None,
            "code": _code(lecture_code.bridge_code(trace), "bridge"),
        },
        "steps": [_step(trace, i, lang, vocab, teacher) for i in range(len(trace.steps))],
        "stop": trace.stop_reason,
        "out": trace.output_text,
        "lp": format_log_prob(last),
        "teacher": teacher,
        "word_start": any(WORD_START in p for p in [*trace.src_pieces, *trace.output_tokens]),
    }
    if teacher:
        data["total"] = f"{-last:.2f}"
    return data


def strings(lang: str) -> dict[str, str]:
    """Every player string (`pl_*`) in `lang`, unformatted: the player fills `{name}`."""
    return {k: v.get(lang) or v["en"] for k, v in all_strings().items() if k.startswith("pl_")}


def sentence_data(
    greedy: DecodeTrace, teacher: DecodeTrace | None, lang: str = "en",
    vocab: int | None = None, reference: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One sentence: its greedy decode and, when a reference is known, the teacher-forced
    pass over it (the player's teacher-forcing switch)."""
    return {
        "text": greedy.src_text,
        "ref": reference,
        "greedy": trace_data(greedy, lang, vocab),
        "teacher": trace_data(teacher, lang, vocab, teacher=True) if teacher else None,
    }


def traces(tr: Translator, text: str, reference: str | None = None,
           max_chars: int = MAX_TEXT_CHARS) -> tuple[DecodeTrace, DecodeTrace | None]:  # fmt: skip
    """(the greedy decode of `text`, the teacher-forced pass over `reference` or None)."""
    greedy = tr.trace(text[:max_chars])
    if not reference:
        return greedy, None
    gold = [*tr.tgt_tok.encode(tr.tgt_tok.normalize(reference)), EOS_ID]
    return greedy, tr.trace(text[:max_chars], prefix=gold)


def sentence(tr: Translator, text: str, reference: str | None = None,
             lang: str = "en") -> dict[str, Any]:  # fmt: skip
    """`sentence_data` of `text` decoded by `tr` (and teacher-forced over `reference`)."""
    greedy, forced = traces(tr, text, reference)
    return sentence_data(greedy, forced, lang, tr.cfg.tgt_vocab, reference)


def forced_data(original: DecodeTrace, forced: DecodeTrace, step: int, lang: str = "en",
                vocab: int | None = None) -> dict[str, Any]:  # fmt: skip
    """A decode with a token forced at `step` and the original beside it."""
    return {
        "step": int(step),
        "tok": shown(forced.steps[step - 1].chosen_token, lang),
        "trace": trace_data(forced, lang, vocab),
        "original": original.output_text,
        "original_lp": format_log_prob(original.steps[-1].log_prob if original.steps else 0.0),
        "same": t("forced_same", lang) if forced.output_ids == original.output_ids else "",
    }


def player_data(sentences: list[dict[str, Any]], lang: str = "en", mode: str = "lecture",
                start: int = 1, **extra: Any) -> dict[str, Any]:  # fmt: skip
    """The whole of what one player receives. mode "lecture" plays encoder, hand-over and
    decoder (its step in `?lecture=`); "decode" the decoder steps (`?step=`)."""
    if mode not in ("lecture", "decode"):
        raise ValueError(f"mode must be 'lecture' or 'decode', not {mode!r}")
    return {
        "v": VERSION,
        "lang": lang,
        "mode": mode,
        "param": "lecture" if mode == "lecture" else "step",
        "start": int(start),
        "strings": strings(lang),
        "sentences": sentences,
        "word_start_note": t("pl_word_start", lang),
        **extra,
    }
