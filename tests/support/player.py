"""The decode player's data as AppTest sees it: the component's JSON payload (AppTest runs
no JavaScript; tests/browser/test_player.py drives the player itself in chromium)."""

from __future__ import annotations

import json
from typing import Any

from ui.player import COMPONENT


def mounted_players(at) -> list[dict[str, Any]]:
    """The data of every decode player the page mounted, in page order."""
    return [json.loads(e.proto.json) for e in at.get("bidi_component")
            if e.proto.component_name == COMPONENT]  # fmt: skip


def mounted_player(at) -> dict[str, Any]:
    """The data of the page's one decode player."""
    players = mounted_players(at)
    assert len(players) == 1, f"{len(players)} players on the page"
    return players[0]
