"""Command line: `python -m seq2seq_core {train,eval,translate,corpus} ...`.

Bad input (a corpus, a model file, an option) exits with status 2 and one line on stderr.
CORPUS is a file path (TSV, CSV) or, when no such file exists, the name of a built-in
corpus (reverse, dates, numbers, en-ko, en-ko-phrases).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import checkpoint
from .cli_text import beam_lines, length_summary, step_table
from .config import CHOICES, ConfigError, ModelConfig, TrainConfig
from .corpora import BUILTIN_CORPORA
from .corpus import CorpusError, read_corpus_file, split_pairs
from .metrics import evaluate
from .presets import SIZES
from .pretrained import list_pretrained
from .trace import strict_json
from .train import BatchEvent, DoneEvent, EpochEvent, Trainer
from .translator import Translator, build_translator


class UsageError(Exception):
    pass


def load_pairs(spec: str, split: str) -> tuple[list[tuple[str, str]], str]:
    """Pairs from a file, or from a built-in corpus; returns (pairs, description)."""
    path = Path(spec)
    if path.exists():
        corpus = read_corpus_file(path)
        return corpus.pairs, f"{path.name}: {corpus.summary()}"
    from .corpora import builtin_names, load_builtin

    if spec in builtin_names():
        return load_builtin(spec, split), f"built-in corpus {spec} ({split})"
    names = ", ".join(builtin_names())
    raise UsageError(f"no file {spec!r}, and it is not a built-in corpus ({names})")


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default, except options that have none."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default is None or action.required:
            return action.help or ""
        return super()._get_help_string(action)


class _Preset(argparse.Action):
    """--preset NAME sets --emb and --hidden to a size preset's (presets.SIZES); an --emb or
    --hidden after it on the command line overrides it, as any later option does."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)
        for name, value in SIZES[values].options().items():
            setattr(namespace, name, value)


def _add_train_args(p: argparse.ArgumentParser) -> None:
    d, m = TrainConfig(), argparse.Namespace(**ModelConfig.option_defaults())
    p.add_argument("corpus", help="TSV/CSV file or built-in corpus name")
    p.add_argument("--valid", help="validation corpus (default: a seeded split of CORPUS)")
    p.add_argument("--out", required=True, help="where to write the model (.safetensors)")
    p.add_argument("--epochs", type=int, default=d.epochs, help="passes over the training pairs")
    p.add_argument("--batch-size", type=int, default=d.batch_size, help="sentence pairs per update")
    p.add_argument(
        "--lr", type=float, default=d.lr, help="Adam's learning rate; 0.003 suits --hidden 128+"
    )
    p.add_argument("--rnn", default=m.rnn, choices=CHOICES["rnn"], help="recurrent cell")
    p.add_argument("--emb", type=int, default=m.emb, help="embedding size")
    p.add_argument(
        "--hidden", type=int, default=m.hidden, help="RNN hidden size (each direction, decoder)"
    )
    p.add_argument(
        "--preset",
        action=_Preset,
        choices=list(SIZES),
        help="set --emb and --hidden to one of the app's size presets ("
        + ", ".join(f"{k} {v.emb}/{v.hidden}" for k, v in SIZES.items())
        + "); a later --emb or --hidden overrides it",
    )
    p.add_argument("--layers", type=int, default=m.layers, help="RNN layers (1 or 2)")
    p.add_argument(
        "--bidirectional",
        action=argparse.BooleanOptionalAction,
        default=m.bidirectional,
        help="the encoder also reads right to left",
    )
    p.add_argument(
        "--attention",
        default=m.attention,
        choices=CHOICES["attention"],
        help="attention score; none: the decoder sees only the encoded hidden vector",
    )
    p.add_argument(
        "--decoder-style",
        default=m.decoder_style,
        choices=CHOICES["decoder_style"],
        help="luong: the new state queries attention; bahdanau: the previous state does "
        "(without attention both are the same plain decoder)",
    )
    p.add_argument(
        "--luong-input-feeding",
        action=argparse.BooleanOptionalAction,
        default=m.luong_input_feeding,
        help="feed Luong's attentional vector h~ of step t-1 into step t (Luong Sec. 3.3; "
        "the predicted token is fed back in any case)",
    )
    # the option's name before it said whose input feeding it is; still accepted
    p.add_argument(
        "--input-feeding",
        dest="luong_input_feeding",
        action=argparse.BooleanOptionalAction,
        default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
    )
    p.add_argument(
        "--teacher-forcing",
        type=float,
        default=d.teacher_forcing,
        help="probability of feeding the gold token rather than the model's own in training",
    )
    p.add_argument(
        "--tokenizer",
        default=None,
        choices=CHOICES["tokenizer"],
        help="how sentences are cut into tokens (default: a built-in corpus's own suggestion, "
        f"as the app's Data page picks it, e.g. word for reverse; else {d.tokenizer})",
    )
    p.add_argument(
        "--vocab-size", type=int, default=d.vocab_size, help="vocabulary size of each side"
    )
    p.add_argument(
        "--max-len",
        type=int,
        default=d.max_len,
        help="length limit in tokens of each side: longer pairs are left out of training and "
        "validation (the count is printed), and the model reads at most this many source "
        "tokens when it translates",
    )
    p.add_argument("--seed", type=int, default=d.seed, help="seed of weights, split and batches")
    p.add_argument(
        "--stop-at-exact-match",
        type=float,
        default=d.stop_at_exact_match,
        metavar="SHARE",
        help="end the run as soon as the validation exact match reaches SHARE (e.g. 0.99) and "
        "keep those weights; 0: train every epoch",
    )
    p.add_argument(
        "--check-every",
        type=int,
        default=25,
        metavar="STEPS",
        help="with --stop-at-exact-match: check the validation exact match every STEPS "
        "optimizer steps (0: at the end of each epoch only)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


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
    pairs, about = load_pairs(a.corpus, "train")
    if a.valid:
        train, (valid, _) = pairs, load_pairs(a.valid, "valid")
    elif about.startswith("built-in"):
        train, (valid, _) = pairs, load_pairs(a.corpus, "valid")
    else:
        train, valid = split_pairs(pairs, cfg.valid_fraction, seed=cfg.seed)
    print(f"{about}; {len(train)} training and {len(valid)} validation pairs", file=sys.stderr)
    tr = build_translator(train, options, cfg.tokenizer, cfg.vocab_size, cfg.seed)
    trainer = Trainer(tr, train, valid, cfg)
    print(length_summary(trainer.lengths), file=sys.stderr)
    bar = None
    if not a.quiet:
        from tqdm import tqdm  # not imported for a quiet run
    for ev in trainer.run():
        if isinstance(ev, BatchEvent) and not a.quiet:
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


def _note_if_cut(tr: Translator, text: str) -> None:
    n = len(tr.src_tok.encode(text))
    if n > tr.max_len:
        print(
            f"note: the source has {n} tokens; this model reads at most {tr.max_len} "
            "(its length limit), so the rest was not translated",
            file=sys.stderr,
        )


MODEL_HELP = "a .safetensors file, or a shipped model's name (e.g. en-ko-attention, reverse)"


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
    if a.json:
        result["loss_unit"] = "nats"  # loss_per_sentence: summed over steps; per token: mean
        print(strict_json(result, indent=2))
    else:
        print(f"pairs           {result['pairs']}")
        print(f"exact match     {result['exact_match']:.2%}")
        print(f"token accuracy  {result['token_accuracy']:.2%}")
        print(f"loss/sentence   {result['loss_per_sentence']:.3f} nats (summed over steps)")
        print(f"loss/token      {result['loss_per_token']:.3f} nats (mean over tokens)")
        print(f"BLEU            {result['bleu']:.2f}")
        print(f"chrF            {result['chrf']:.2f}")
    return 0


MAX_BEAM = 50  # a wider beam decodes 50 rows a step for no better translation
MAX_ALPHA = 2.0  # Wu et al. (2016) use 0.6 to 1; above 2 every long output wins


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
    from .corpora import load_builtin, write_tsv

    pairs = load_builtin(a.name, a.split, seed=a.seed)
    write_tsv(pairs, a.out)
    print(f"wrote {len(pairs)} pairs to {a.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m seq2seq_core", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train a model on a corpus", formatter_class=_Help)
    _add_train_args(p)
    p.set_defaults(func=cmd_train)
    about = "exact match, token accuracy, BLEU and chrF on a corpus"
    p = sub.add_parser("eval", help=about, formatter_class=_Help)
    p.add_argument("model", help=MODEL_HELP)
    p.add_argument("corpus", help="TSV/CSV file or built-in corpus name (its test split)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=cmd_eval)
    about = "translate sentences, optionally showing every step"
    p = sub.add_parser("translate", help=about, formatter_class=_Help)
    p.add_argument("model", help=MODEL_HELP)
    p.add_argument("text", nargs="+", help="one or more sentences")
    p.add_argument(
        "--beam",
        type=int,
        default=1,
        metavar="K",
        help=f"beam search of width K (1 to {MAX_BEAM}): prints the K best translations with "
        "their summed log-probability; 1 (the default) is greedy search",
    )
    p.add_argument(
        "--alpha",
        type=float,
        default=0.0,
        help=f"length normalisation for --beam: rank by log p / length^alpha (0 to {MAX_ALPHA:g};"
        " 0, the default, ranks by the raw sum; 0.6 to 1 is usual)",
    )
    p.add_argument("--trace", action="store_true", help="print the step table")
    p.add_argument("--json", action="store_true", help="print the whole trace as JSON")
    p.set_defaults(func=cmd_translate)
    p = sub.add_parser("corpus", help="write a built-in corpus as TSV", formatter_class=_Help)
    p.add_argument("name", help="built-in corpus (reverse, dates, numbers, en-ko, en-ko-phrases)")
    p.add_argument(
        "--split", default="train", choices=["train", "valid", "test", "all"], help="which part"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the generation and the split")
    p.add_argument("--out", required=True, help="where to write the TSV file")
    p.set_defaults(func=cmd_corpus)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (
        CorpusError,
        checkpoint.CheckpointError,
        ConfigError,
        UsageError,
        ValueError,
        OSError,
    ) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
