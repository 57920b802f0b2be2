"""The command line, `python -m seq2seq_core`: train, eval, translate, corpus.

- `commands`: the commands; bad input exits 2 with one line.
- `args`: the argument parser: every option, its default and its check, one-line refusals.
- `text`: the tables the commands print (the step table, beam lines, length summaries).

Imports: anything in the engine; nothing imports it but `seq2seq_core.__main__`.
"""

from seq2seq_core.cli.commands import main

__all__ = ["main"]
