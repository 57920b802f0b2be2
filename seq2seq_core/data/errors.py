"""The corpus reader's refusals: `CorpusError` and the sentences it says, by code.

Its own module so that both layers of reading a corpus raise it without importing each
other: `corpus_encoding` (bytes to lines) and `corpus` (lines to pairs), which re-exports
all three names. The UI says the same codes in Korean (ui/text/engine_messages.py).
"""

from __future__ import annotations

# What `corpus_encoding.check_kind` recognises by its first bytes, for "not_text_kind".
FILE_KINDS = {
    "zip": "a ZIP archive (or a .docx/.xlsx document)",
    "pdf": "a PDF document",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "gzip": "a gzip archive",
    "office": "an old Microsoft Office document",
}
# What a teacher reads, by code: CorpusError(code, **params) (a skipped line's reasons are
# corpus.REASONS). The UI translates by the same codes (ui/text/engine_messages.py); the CLI
# prints these.
MESSAGES = {
    "too_big": "The file is {size:,} bytes, over the limit of {limit:,} bytes ({limit_mb} MB). "
    "Use a smaller corpus.",
    "empty": "The file is empty.",
    "not_text_kind": "This looks like {kind_text}, not a text file of sentence pairs.",
    "bad_bom": "The file starts with a {encoding} byte-order mark but is not valid {encoding} "
    "text.",
    "binary": "This is a binary file (it contains NUL bytes and is not UTF-16 or UTF-32 "
    "text), not a text file.",
    "not_text": "This is not a text file: most of it is not text in UTF-8 or in any common "
    "encoding.",
    "line_counts": "The source file has {src} lines and the target file {tgt}: parallel files "
    "must have one line for each other's line.",
    "too_many_pairs": "The file has more than {max_pairs:,} sentence pairs; a classroom model "
    "trains on fewer. Use a smaller corpus.",
    "no_pairs": "The file has no sentence pairs.",
    "nothing_usable": "No usable sentence pair was found: {reason} (lines {lines}). Each line "
    "needs a source sentence, a tab (or a comma in a .csv file), and its translation.",
    "file_too_big": "{name} is {size:,} bytes, over the limit of {limit:,} bytes ({limit_mb} MB). "
    "Use a smaller corpus.",
    "mostly_unusable": "{count} of {total} lines cannot be used: {reason} (lines {lines}). The "
    "file is probably not in the expected format: each line needs a source sentence, a tab "
    "(or a comma in a .csv file), and its translation.",
    "cannot_read": "Cannot read {path}: {why}",
    "read_too_big": "Reading {name} gave more than {limit:,} bytes, over the limit ({limit_mb} "
    "MB): it holds more than its size said, or grew while it was read. Use a smaller corpus.",
}


class CorpusError(ValueError):
    """A corpus that cannot be used; str(e) is one clear sentence for a teacher, made from
    MESSAGES[code] and params (kept, so that a UI can say it in another language)."""

    def __init__(self, code: str, **params) -> None:
        self.code, self.params = code, params
        super().__init__(MESSAGES[code].format(**params))
