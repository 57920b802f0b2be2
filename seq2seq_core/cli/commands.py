"""Command line: `python -m seq2seq_core {train,eval,translate,corpus} ...`.

Bad input (a corpus, a model file, an option, where to write) exits with status 2 and one
line on stderr, before any work that the input would waste: a path that is not a regular
file is refused before it is read (files.py), `--out` is checked before training.
CORPUS is a file path (TSV, CSV) or, when no such file exists, the name of a built-in
corpus (reverse, dates, numbers, en-ko, en-ko-phrases). The parser is in args.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints.pretrained import list_pretrained
from seq2seq_core.cli.args import MAX_ALPHA, MAX_BEAM, UsageError, build_parser
from seq2seq_core.cli.text import beam_lines, eval_lines, length_summary, step_table
from seq2seq_core.config import ConfigError, ModelConfig, TrainConfig
from seq2seq_core.data.corpora import BUILTIN_CORPORA
from seq2seq_core.data.corpus import CorpusError, read_corpus_file, split_pairs
from seq2seq_core.decoding.trace import strict_json
from seq2seq_core.files import why_not_writable
from seq2seq_core.metrics import evaluate
from seq2seq_core.training.trainer import TRAIN_THREADS, BatchEvent, DoneEvent, EpochEvent, Trainer
from seq2seq_core.translator import Translator, build_translator


def load_pairs(spec: str, split: str) -> tuple[list[tuple[str, str]], str]:
    """Pairs from a file, or from a built-in corpus; returns (pairs, description)."""
    path = Path(spec)
    if path.exists():
        corpus = read_corpus_file(path)
        return corpus.pairs, f"{path.name}: {corpus.summary()}"
    from seq2seq_core.data.corpora import builtin_names, load_builtin

    if spec in builtin_names():
        return load_builtin(spec, split), f"built-in corpus {spec} ({split})"
    names = ", ".join(builtin_names())
    raise UsageError(f"no file {spec!r}, and it is not a built-in corpus ({names})")


def _suggested_tokenizer(corpus: str) -> str:
    """A built-in corpus's suggested tokenizer (the app's Data page picks the same), else
    TrainConfig's default. A file of that name wins over the built-in corpus, as in
    load_pairs."""
    info = BUILTIN_CORPORA.get(corpus)
    return (
        info.tokenizer
        if info is not None and not Path(corpus).exists()
        else TrainConfig().tokenizer
    )


def cmd_train(a: argparse.Namespace) -> int:
    cfg = TrainConfig(
        epochs=a.epochs,
        batch_size=a.batch_size,
        lr=a.lr,
        seed=a.seed,
        teacher_forcing=a.teacher_forcing,
        tokenizer=a.tokenizer or _suggested_tokenizer(a.corpus),
        vocab_size=a.vocab_size,
        max_len=a.max_len,
        stop_at_exact_match=a.stop_at_exact_match,
        check_every=a.check_every,
    )
    options = dict(
        emb=a.emb,
        hidden=a.hidden,
        layers=a.layers,
        rnn=a.rnn,
        bidirectional=a.bidirectional,
        attention=a.attention,
        decoder_style=a.decoder_style,
        luong_input_feeding=a.luong_input_feeding,
    )
    ModelConfig.check_options(options)  # refuse bad options before any work
    _check_out(a.out)
    pairs, about = load_pairs(a.corpus, "train")
    if a.valid:
        train, (valid, _) = pairs, load_pairs(a.valid, "valid")
    elif about.startswith("built-in"):
        train, (valid, _) = pairs, load_pairs(a.corpus, "valid")
    else:
        train, valid = split_pairs(pairs, cfg.valid_fraction, seed=cfg.seed)
    print(f"{about}; {len(train)} training and {len(valid)} validation pairs", file=sys.stderr)
    torch.set_num_threads(TRAIN_THREADS)  # as the app trains: the same seed, the same weights
    tr = build_translator(train, options, cfg.tokenizer, cfg.vocab_size, cfg.seed)
    trainer = Trainer(tr, train, valid, cfg)
    print(length_summary(trainer.lengths), file=sys.stderr)
    _run(trainer, a.quiet)
    tr.meta.update(
        corpus=a.corpus,
        train_config=cfg.to_dict(),
        epochs=trainer.epoch,
        best_epoch=trainer.best_epoch,
        train_seconds=round(trainer.train_seconds, 2),
        history=trainer.history,
    )
    checkpoint.save(tr, a.out)
    print(f"saved {a.out}", file=sys.stderr)
    return 0


def _check_out(out: str) -> None:
    """Refuse, before any work, an --out where the file cannot be written."""
    if why := why_not_writable(out):
        raise UsageError(f"cannot write --out {out!r}: {why}")


def _run(trainer: Trainer, quiet: bool) -> None:
    """Train, with a progress bar per epoch (unless quiet) and a line per epoch."""
    bar = None
    if not quiet:
        from tqdm import tqdm  # not imported for a quiet run
    for ev in trainer.run():
        if isinstance(ev, BatchEvent) and not quiet:
            if bar is None or bar.n >= bar.total:
                bar = tqdm(total=ev.batches_per_epoch, desc=f"epoch {ev.epoch}", leave=False)
            bar.update(1)
            bar.set_postfix(
                loss_per_token=f"{ev.loss_per_token:.3f}", tok_s=f"{ev.tokens_per_s:,.0f}"
            )
        elif isinstance(ev, EpochEvent):
            if bar is not None:
                bar.close()
                bar = None
            scores = (  # no validation pair: say so, not "valid loss 0.0000"
                f"valid {ev.valid_loss_per_sentence:.3f} ({ev.valid_loss_per_token:.3f}), "
                f"valid exact match {ev.valid_exact_match:.1%}"
                if ev.n_valid
                else "no validation pairs (too few pairs to set any aside)"
            )
            print(
                f"epoch {ev.epoch}: loss in nats per sentence (per token): "
                f"train {ev.train_loss_per_sentence:.3f} ({ev.train_loss_per_token:.3f}), "
                f"{scores}, "
                f"{ev.tokens_per_s:,.0f} tokens/s",
                file=sys.stderr,
            )
        elif isinstance(ev, DoneEvent):
            print(f"{ev.message}; {ev.kept}" if ev.kept else ev.message, file=sys.stderr)


def _note_if_cut(tr: Translator, text: str) -> None:
    n = len(tr.src_tok.encode(text))
    if n > tr.max_len:
        print(
            f"note: the source has {n} tokens; this model reads at most {tr.max_len} "
            "(its length limit), so the rest was not translated",
            file=sys.stderr,
        )


def _load_model(model: str) -> Translator:
    """A model file, or the name of a shipped model (`en-ko-attention`, `reverse`, ...)."""
    shipped = {m.name: m.path for m in list_pretrained()}
    if Path(model).exists():
        return checkpoint.load(model)
    if model in shipped:
        return checkpoint.load(shipped[model])
    names = ", ".join(shipped)
    raise UsageError(f"no file {model!r}, and it is not a shipped model ({names})")


def cmd_eval(a: argparse.Namespace) -> int:
    tr = _load_model(a.model)
    pairs, _ = load_pairs(a.corpus, "test")
    result = evaluate(tr, pairs)
    if not result["pairs"]:
        raise UsageError(
            f"none of the {result['over_limit']} pairs fits the model's length limit of "
            f"{result['length_limit']} tokens a side: there is nothing to score"
        )
    if a.json:
        result["loss_unit"] = "nats"  # loss_per_sentence: summed over steps; per token: mean
        print(strict_json(result, indent=2))
    else:
        print("\n".join(eval_lines(result)))
    return 0


def _check_beam_options(a: argparse.Namespace) -> None:
    """Refuse a beam width or length penalty out of range, before any model is loaded."""
    if not 1 <= a.beam <= MAX_BEAM:
        raise UsageError(f"--beam must be a width from 1 to {MAX_BEAM}, not {a.beam}")
    if not 0 <= a.alpha <= MAX_ALPHA:
        raise UsageError(f"--alpha must be from 0 to {MAX_ALPHA:g}, not {a.alpha}")
    if a.alpha and a.beam == 1:
        raise UsageError("--alpha ranks the hypotheses of a beam: use it with --beam 2 or more")


def cmd_translate(a: argparse.Namespace) -> int:
    _check_beam_options(a)
    tr = _load_model(a.model)
    out = []
    for text in a.text:
        _note_if_cut(tr, text)
        if a.beam > 1:
            res = tr.beam(text, k=a.beam, length_penalty=a.alpha)
            item = {
                "source": text,
                "translation": res.hypotheses[0].text,
                "alpha": a.alpha,
                "beam": res.to_dict() if a.json else None,
            }
            if not a.json:
                print("\n".join(([f"source: {text}"] if len(a.text) > 1 else [])
                                + beam_lines(res, a.alpha)))  # fmt: skip
        else:
            trace = tr.trace(text)
            item = {
                "source": text,
                "translation": trace.output_text,
                "trace": trace.to_dict() if a.json else None,
            }
            if a.trace and not a.json:
                print(step_table(trace))
            if not a.json:
                print(item["translation"])
        out.append(item)
    if a.json:
        print(strict_json(out, ensure_ascii=False))
    return 0


def cmd_corpus(a: argparse.Namespace) -> int:
    from seq2seq_core.data.corpora import load_builtin, write_tsv

    if why := limits.check_range("--seed", a.seed, 0, limits.MAX_SEED):
        raise UsageError(why)
    _check_out(a.out)
    pairs = load_builtin(a.name, a.split, seed=a.seed)
    write_tsv(pairs, a.out)
    print(f"wrote {len(pairs)} pairs to {a.out}", file=sys.stderr)
    return 0


COMMANDS = {"train": cmd_train, "eval": cmd_eval, "translate": cmd_translate, "corpus": cmd_corpus}


def one_line(text: str) -> str:
    """`text` on one line: a line break, a terminal's escape or any other control character
    (in a path, say) is written as its escape, `\\n`, `\\x1b`."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except (
        CorpusError,
        checkpoint.CheckpointError,
        ConfigError,
        UsageError,
        ValueError,
        OSError,
    ) as e:
        print(f"error: {one_line(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
