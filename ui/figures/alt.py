"""What each chart says to a screen reader: a short text alternative (what it shows and its
main values: the argmax and its probability, the strongest attention weight, the loss) and,
for attention, softmax and loss, the values behind it as table rows. Plain text in the
page's language (ui/text/alt.py), never markup: it goes into an `aria-label` and a table,
which Streamlit writes as text. Pure functions of what the figure builders draw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ui.figures.style import shown
from ui.text.i18n import t


def _tok(piece: str, lang: str) -> str:
    return shown(piece, lang)


def attention(matrix, src: Sequence[str], out: Sequence[str], lang: str = "en") -> str:
    """The (T, S) attention map: its size and its strongest weight."""
    m = np.asarray(matrix, dtype=float)
    if m.size == 0:
        return t("alt_empty", lang)
    i, j = np.unravel_index(int(np.argmax(m)), m.shape)
    return t("alt_attention", lang, T=m.shape[0], S=m.shape[1], out=_tok(out[i], lang),
             src=_tok(src[j], lang), w=float(m[i, j]))  # fmt: skip


def attention_table(matrix, src: Sequence[str], out: Sequence[str], lang: str = "en") -> list:
    """One row per output token, one column per source token (numbered: a token may come
    twice), the weights in %."""
    m = np.asarray(matrix, dtype=float)
    heads = [f"{j + 1}. {_tok(s, lang)}" for j, s in enumerate(src)]
    return [
        {t("col_output", lang): f"{i + 1}. {_tok(o, lang)}",
         **{h: round(100 * float(w), 1) for h, w in zip(heads, row, strict=True)}}
        for i, (o, row) in enumerate(zip(out, m, strict=True))
    ]  # fmt: skip


def attention_change(before, after, lang: str = "en") -> str:
    """The change of a pair's attention after one update (`stepwise.PairView`s)."""
    d = np.asarray(after.attention, dtype=float) - np.asarray(before.attention, dtype=float)
    if d.size == 0:
        return t("alt_empty", lang)
    i, j = np.unravel_index(int(np.argmax(np.abs(d))), d.shape)
    return t("alt_attention_change", lang, T=d.shape[0], S=d.shape[1],
             out=_tok(after.tgt_pieces[i], lang), src=_tok(after.src_pieces[j], lang),
             d=float(d[i, j]))  # fmt: skip


def softmax(step, lang: str = "en", pick_id: int | None = None, rank: int | None = None) -> str:
    """A decoder step's softmax: the argmax and its probability, the runner-up; with
    `pick_id`, the student's pick and its rank (the quiz)."""
    toks, ps = list(step.topk_tokens), list(step.topk_probs)
    second = (toks[1], ps[1]) if len(toks) > 1 else (toks[0], ps[0])
    text = t("alt_softmax", lang, t=step.t, tok=_tok(toks[0], lang), p=float(ps[0]),
             tok2=_tok(second[0], lang), p2=float(second[1]))  # fmt: skip
    if pick_id is not None and pick_id in step.topk_ids:
        k = list(step.topk_ids).index(pick_id)
        text += t("alt_pick", lang, tok=_tok(toks[k], lang), p=float(ps[k]), rank=rank or k + 1)
    return text


def softmax_table(step, lang: str = "en") -> list:
    """The step's top-k: rank, token, probability in %."""
    return [
        {t("col_rank", lang): k + 1, t("col_token", lang): _tok(tok, lang),
         t("col_p", lang): round(100 * float(p), 2)}
        for k, (tok, p) in enumerate(zip(step.topk_tokens, step.topk_probs, strict=True))
    ]  # fmt: skip


def temperature(probs, tempered, vocab: Sequence[str], temp: float, lang: str = "en") -> str:
    """The softmax before and after dividing the scores by `temp`: the argmax's probability."""
    k = int(np.argmax(probs))
    return t("alt_temperature", lang, T=temp, tok=_tok(vocab[k], lang), p=float(probs[k]),
             q=float(tempered[k]))  # fmt: skip


def temperature_table(probs, tempered, vocab: Sequence[str], top: int = 12, lang="en") -> list:
    """The `top` most probable tokens: p before and after the temperature, in %."""
    order = np.argsort(-np.asarray(probs))[:top]
    return [
        {t("col_token", lang): _tok(vocab[k], lang), "p": round(100 * float(probs[k]), 2),
         "p(T)": round(100 * float(tempered[k]), 2)}
        for k in order
    ]  # fmt: skip


def loss(tf, lang: str = "en") -> str:
    """A pair's loss under teacher forcing: the sum and the step that costs the most."""
    if not tf.steps:
        return t("alt_empty", lang)
    worst = max(tf.steps, key=lambda s: s.nll)
    return t("alt_loss", lang, n=len(tf.steps), total=float(tf.total_nll), t=worst.t,
             tok=_tok(worst.gold_token, lang), nll=float(worst.nll))  # fmt: skip


def loss_table(tf, lang: str = "en") -> list:
    """Each step: the right token, its probability in % and −log p."""
    return [
        {t("col_step", lang): s.t, t("col_token", lang): _tok(s.gold_token, lang),
         t("col_p", lang): round(100 * float(s.gold_prob), 2),
         t("col_nll", lang): round(float(s.nll), 3)}
        for s in tf.steps
    ]  # fmt: skip


def nll(before, after, lang: str = "en") -> str:
    """A pair's loss before and after one update (`stepwise.PairView`s)."""
    return t("alt_nll", lang, n=len(after.nll), a=float(before.loss), b=float(after.loss))


def nll_table(before, after, lang: str = "en") -> list:
    """Each target step: its token, −log p before and after."""
    b_head = t("stepwise_before", lang, loss=f"{before.loss:.2f}")
    a_head = t("stepwise_after", lang, loss=f"{after.loss:.2f}")
    return [
        {t("col_step", lang): k + 1, t("col_token", lang): _tok(tok, lang),
         b_head: round(float(x), 3), a_head: round(float(y), 3)}
        for k, (tok, x, y) in enumerate(zip(after.tgt_pieces, before.nll, after.nll, strict=False))
    ]  # fmt: skip


def curves(history: Sequence[dict], lang: str = "en") -> str:
    """Training so far: the epochs, the last loss per token, the validation exact match."""
    if not history:
        return t("alt_curves_none", lang)
    last = history[-1]
    return t("alt_curves", lang, n=len(history), loss=float(last["train_loss_per_token"]),
             em=float(last.get("valid_exact_match", 0.0)))  # fmt: skip


# A history entry's key and its column's name in the page's language.
CURVE_COLUMNS = (("epoch", "col_epoch"), ("train_loss_per_token", "col_train_loss"),
                 ("valid_loss_per_token", "col_valid_loss"),
                 ("valid_exact_match", "col_valid_exact"))  # fmt: skip


def curves_table(history: Sequence[dict], lang: str = "en") -> list:
    """Each epoch's losses per token and validation exact match in %, the columns named in
    `lang` (the table is shown as it is: raw keys were English on a Korean page)."""
    rows = []
    for h in history:
        row = {}
        for key, name in CURVE_COLUMNS:
            if key in h:
                value = float(h[key]) * (100 if key == "valid_exact_match" else 1)
                row[t(name, lang)] = int(value) if key == "epoch" else round(value, 3)
        rows.append(row)
    return rows


def vector(vec, name: str, lang: str = "en") -> str:
    """One hidden vector: its units' range and the strongest unit."""
    v = np.asarray(vec, dtype=float).ravel()
    if v.size == 0:
        return t("alt_empty", lang)
    k = int(np.argmax(np.abs(v)))
    return t("alt_vector", lang, name=name or "h", H=v.size, lo=float(v.min()),
             hi=float(v.max()), k=k, v=float(v[k]))  # fmt: skip


def encoder(view, src: Sequence[str], lang: str = "en") -> str:
    """The encoder's outputs: one row per source token; the row of the strongest unit."""
    z = np.asarray(view.outputs, dtype=float)
    if z.size == 0:
        return t("alt_empty", lang)
    row = int(np.unravel_index(int(np.argmax(np.abs(z))), z.shape)[0])
    return t("alt_encoder", lang, S=z.shape[0], D=z.shape[1], tok=_tok(src[row], lang))


def bridge(view, lang: str = "en") -> str:
    """The bidirectional encoder's bridge to the decoder's start h."""
    return t("alt_bridge", lang, D=view.directions * view.hidden,
             H=np.asarray(view.final_hidden).shape[-1])  # fmt: skip


def buckets(series: Mapping[str, Sequence], metric: str, lang: str = "en") -> str:
    """Each model's score in its shortest and its longest bucket of source lengths."""
    name = t("lab_exact_match_pct" if metric == "exact_match" else "lab_bleu", lang)
    lines = []
    for model, bs in series.items():
        if not bs:
            continue
        bs = sorted(bs, key=lambda b: b.lo)
        val = [100 * b.exact_match if metric == "exact_match" else b.bleu for b in (bs[0], bs[-1])]
        lines.append(t("alt_bucket_line", lang, name=model, first=f"{val[0]:.0f}",
                       lo=bs[0].label, last=f"{val[1]:.0f}", hi=bs[-1].label))  # fmt: skip
    return (
        t("alt_buckets", lang, metric=name, lines="; ".join(lines))
        if lines
        else t("alt_empty", lang)
    )


def ratio(histories: Mapping[str, Sequence[dict]], lang: str = "en") -> str:
    """Each teacher forcing ratio's last validation exact match."""
    lines = [f"{name} {100 * h[-1]['valid_exact_match']:.0f}%"
             for name, h in histories.items() if h]  # fmt: skip
    return t("alt_ratio", lang, lines="; ".join(lines)) if lines else t("alt_empty", lang)


def exposure(eb, lang: str = "en") -> str:
    """Exposure bias: the steps, and where the free run parts from the reference."""
    how = (t("alt_exposure_same", lang) if eb.part_step is None
           else t("alt_exposure_part", lang, t=eb.part_step))  # fmt: skip
    return t("alt_exposure", lang, n=len(eb.gold_probs), how=how)


def beam_win(win, lang: str = "en") -> str:
    """Greedy against beam: where they part and each one's total log p."""
    return t("alt_beam_win", lang, k=win.k, t=win.diverge_step, g=float(win.greedy_total),
             b=float(win.beam_total))  # fmt: skip


def beam_tree(result, lang: str = "en") -> str:
    """The beam tree: its nodes and its best hypothesis."""
    if not result.hypotheses:
        return t("alt_empty", lang)
    best = result.hypotheses[0]
    return t("alt_beam_tree", lang, k=result.k, n=len(result.nodes), text=best.text,
             s=float(best.score))  # fmt: skip


def state_map(smap, lang: str = "en") -> str:
    """The map of hidden states: how many, and the variance its two axes explain."""
    a, b = smap.explained_variance
    return t("alt_state_map", lang, n=len(smap.points),
             which=t(f"alt_which_{smap.which}", lang), a=a, b=b)  # fmt: skip


def histogram(src_lengths: Sequence[int], tgt_lengths: Sequence[int], lang: str = "en") -> str:
    """The corpus's sentence lengths: how many pairs, the shortest and longest each side."""
    if not src_lengths or not tgt_lengths:
        return t("alt_empty", lang)
    return t("alt_histogram", lang, n=len(src_lengths), s_lo=min(src_lengths),
             s_hi=max(src_lengths), t_lo=min(tgt_lengths), t_hi=max(tgt_lengths))  # fmt: skip


# -- the class together (ui/figures/classroom.py) --------------------------------------------
def class_answers(labels: Sequence[str], counts: Sequence[int], lang: str = "en") -> str:
    """The answers so far: how many, and the most chosen (the model's choice not said)."""
    total = int(sum(counts))
    if not labels or total == 0:
        return t("alt_class_none", lang)
    i = int(np.argmax(counts))
    return t("alt_class_answers", lang, n=total, tok=_tok(labels[i], lang), c=int(counts[i]))


def class_reveal(
    labels: Sequence[str],
    counts: Sequence[int],
    probs: Sequence[float | None],
    argmax: int | None,
    reference: int | None,
    lang: str = "en",
) -> str:
    """The class beside the softmax: the class's most chosen, the model's argmax and its p."""
    text = class_answers(labels, counts, lang)
    if argmax is not None and 0 <= argmax < len(labels):
        p = probs[argmax] if argmax < len(probs) else None
        c = int(counts[argmax]) if argmax < len(counts) else 0
        text += " " + t("alt_class_argmax", lang, tok=_tok(labels[argmax], lang),
                        p=float(p or 0.0), c=c)  # fmt: skip
    if reference is not None and 0 <= reference < len(labels):
        text += " " + t("alt_class_reference", lang, tok=_tok(labels[reference], lang))
    return text


def class_summary(tokens: Sequence[str], class_share: Sequence[float], lang: str = "en") -> str:
    """The sentence's asked steps: at how many the class's majority agreed with the model."""
    agreed = sum(1 for s in class_share if s > 0.5)
    return t("alt_class_summary", lang, n=len(tokens), a=agreed)
