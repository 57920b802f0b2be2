"""The command line's arguments: the parser of `python -m seq2seq_core` and its checks.

Every refusal is one line (`Parser.error` raises UsageError, which the command line prints
as one line with exit status 2, instead of argparse's usage and message). Numbers are
written in ASCII digits: int() and float() also take Arabic-Indic or fullwidth digits,
underscores, spaces around, nan and inf, which `whole` and `real` refuse. A negative number
after an option that takes a value (`--lr -1e-3`) is that option's value, as `--lr=-1e-3`
would be (argparse reads `-1e-3` as an unknown option: only `-1` and `-1.5` look like
numbers to it), so that the option's own check says what is wrong with it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from seq2seq_core.config import CHOICES, ModelConfig, TrainConfig
from seq2seq_core.presets import SIZES

DESCRIPTION = "Command line: `python -m seq2seq_core {train,eval,translate,corpus} ...`."
MODEL_HELP = "a .safetensors file, or a shipped model's name (e.g. en-ko-attention, reverse)"
MAX_BEAM = 50  # a wider beam decodes 50 rows a step for no better translation
MAX_ALPHA = 2.0  # Wu et al. (2016) use 0.6 to 1; above 2 every long output wins

_WHOLE = re.compile(r"[+-]?[0-9]+")
_REAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_LONGEST = 40  # characters of a number: any limit here has at most 20 digits
_NEGATIVE = re.compile(r"-(?:[0-9.]|inf|nan)", re.IGNORECASE)  # a number, or meant as one


class UsageError(Exception):
    """A refusal of the command line's input: str(e) is the line it prints."""


def _shown(text: str) -> str:
    return repr(text if len(text) <= _LONGEST else text[: _LONGEST - 3] + "...")


def whole(text: str) -> int:
    """A whole number in the digits 0-9 (an option's type)."""
    if not _WHOLE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a whole number in digits 0-9")
    if len(text) > _LONGEST:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is far too large")
    return int(text)


def real(text: str) -> float:
    """A finite number in the digits 0-9, such as 0.01 or 1e-3 (an option's type)."""
    if not _REAL.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is not a number in digits 0-9 (such as 0.01 or 1e-3)"
        )
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is far too large")
    return value


def _join_negative_values(args: list[str], value_options: set[str]) -> list[str]:
    """`--lr -1e-3` as `--lr=-1e-3`: a value that starts with a minus, after an option
    that takes a value, stays that option's value (up to a `--`, after which every
    argument is a positional one)."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        if out and out[-1] in value_options and _NEGATIVE.match(arg):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


class Parser(argparse.ArgumentParser):
    """argparse's parser, with one-line refusals and negative values kept with their
    option (the subcommands' parsers are of this class too)."""

    def add_argument(self, *args, **kwargs) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.option_strings and action.nargs != 0:
            vars(self).setdefault("value_options", set()).update(action.option_strings)
        return action

    def parse_known_args(self, args=None, namespace=None):
        args = sys.argv[1:] if args is None else list(args)
        args = _join_negative_values(args, vars(self).get("value_options", set()))
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


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
    p.add_argument("--epochs", type=whole, default=d.epochs, help="passes over the training pairs")
    p.add_argument(
        "--batch-size", type=whole, default=d.batch_size, help="sentence pairs per update"
    )
    p.add_argument(
        "--lr", type=real, default=d.lr, help="Adam's learning rate; 0.003 suits --hidden 128+"
    )
    p.add_argument("--rnn", default=m.rnn, choices=CHOICES["rnn"], help="recurrent cell")
    p.add_argument("--emb", type=whole, default=m.emb, help="embedding size")
    p.add_argument(
        "--hidden", type=whole, default=m.hidden, help="RNN hidden size (each direction, decoder)"
    )
    p.add_argument(
        "--preset",
        action=_Preset,
        choices=list(SIZES),
        help="set --emb and --hidden to one of the app's size presets ("
        + ", ".join(f"{k} {v.emb}/{v.hidden}" for k, v in SIZES.items())
        + "); a later --emb or --hidden overrides it",
    )
    p.add_argument("--layers", type=whole, default=m.layers, help="RNN layers (1 or 2)")
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
        type=real,
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
        "--vocab-size", type=whole, default=d.vocab_size, help="vocabulary size of each side"
    )
    p.add_argument(
        "--max-len",
        type=whole,
        default=d.max_len,
        help="length limit in tokens of each side: longer pairs are left out of training and "
        "validation (the count is printed), and the model reads at most this many source "
        "tokens when it translates",
    )
    p.add_argument("--seed", type=whole, default=d.seed, help="seed of weights, split and batches")
    p.add_argument(
        "--stop-at-exact-match",
        type=real,
        default=d.stop_at_exact_match,
        metavar="SHARE",
        help="end the run as soon as the validation exact match reaches SHARE (e.g. 0.99) and "
        "keep those weights; 0: train every epoch",
    )
    p.add_argument(
        "--check-every",
        type=whole,
        default=25,
        metavar="STEPS",
        help="with --stop-at-exact-match: check the validation exact match every STEPS "
        "optimizer steps (0: at the end of each epoch only)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m seq2seq_core", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train a model on a corpus", formatter_class=_Help)
    _add_train_args(p)
    about = "exact match, token accuracy, BLEU and chrF on a corpus"
    p = sub.add_parser("eval", help=about, formatter_class=_Help)
    p.add_argument("model", help=MODEL_HELP)
    p.add_argument("corpus", help="TSV/CSV file or built-in corpus name (its test split)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    about = "translate sentences, optionally showing every step"
    p = sub.add_parser("translate", help=about, formatter_class=_Help)
    p.add_argument("model", help=MODEL_HELP)
    p.add_argument("text", nargs="+", help="one or more sentences")
    p.add_argument(
        "--beam",
        type=whole,
        default=1,
        metavar="K",
        help=f"beam search of width K (1 to {MAX_BEAM}): prints the K best translations with "
        "their summed log-probability; 1 (the default) is greedy search",
    )
    p.add_argument(
        "--alpha",
        type=real,
        default=0.0,
        help=f"length normalisation for --beam: rank by log p / length^alpha (0 to {MAX_ALPHA:g};"
        " 0, the default, ranks by the raw sum; 0.6 to 1 is usual)",
    )
    p.add_argument("--trace", action="store_true", help="print the step table")
    p.add_argument("--json", action="store_true", help="print the whole trace as JSON")
    p = sub.add_parser("corpus", help="write a built-in corpus as TSV", formatter_class=_Help)
    p.add_argument("name", help="built-in corpus (reverse, dates, numbers, en-ko, en-ko-phrases)")
    p.add_argument(
        "--split", default="train", choices=["train", "valid", "test", "all"], help="which part"
    )
    p.add_argument("--seed", type=whole, default=0, help="seed of the generation and the split")
    p.add_argument("--out", required=True, help="where to write the TSV file")
    return parser
