"""The models shipped in `pretrained/`, each a checkpoint with a JSON card beside it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.translator import Translator

PRETRAINED_DIR = Path(__file__).resolve().parents[2] / "pretrained"
# The order the app offers them in: the flagship first.
ORDER = [
    "en-ko-attention",
    "en-ko-no-attention",
    "en-ko-lesson",
    "en-ko-phrases",
    "reverse",
    "dates",
    "numbers",
]


@dataclass(frozen=True)
class ModelCard:
    name: str
    path: Path
    card: dict[str, Any]

    @property
    def corpus(self) -> str:
        return self.card.get("corpus", "")


def list_pretrained(directory: Path = PRETRAINED_DIR) -> list[ModelCard]:
    """Shipped models that have both a checkpoint and a card, flagship first."""
    found = []
    for path in sorted(directory.glob("*.safetensors")):
        card_path = path.with_suffix(".json")
        if card_path.exists():
            card = json.loads(card_path.read_text(encoding="utf-8"))
            found.append(ModelCard(path.stem, path, card))
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda m: (rank.get(m.name, len(rank)), m.name))


def load_pretrained(name: str, directory: Path = PRETRAINED_DIR) -> Translator:
    for model in list_pretrained(directory):
        if model.name == name:
            return checkpoint.load(model.path)
    raise checkpoint.CheckpointError("no_shipped", name=name)
