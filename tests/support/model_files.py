"""Model files taken apart and put together again, for the hostile model-file tests: the
header, the metadata, and a refusal's message."""

from __future__ import annotations

import json
import struct

import pytest

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints.checkpoint import CheckpointError
from tests.support.hostile import clear_message
from ui.text.engine_messages import checkpoint_error


def split_file(data: bytes) -> tuple[dict, bytes]:
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8 : 8 + n]), data[8 + n :]


def join_file(header: dict, body: bytes) -> bytes:
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + body


def with_header(data: bytes, change) -> bytes:
    header, body = split_file(data)
    change(header)
    return join_file(header, body)


def refused_model(data: bytes, *words: str, name: str = "model.safetensors") -> str:
    with pytest.raises(CheckpointError) as info:
        checkpoint.from_bytes(data, name=name)
    clear_message(checkpoint_error(info.value, "ko"), [name])  # the Korean page says it too
    return clear_message(str(info.value), [name, *words])


def with_meta(data: bytes, meta) -> bytes:
    def change(header):
        header["__metadata__"]["meta"] = json.dumps(meta)

    return with_header(data, change)
