"""Plain data the figure tests draw: a small map of hidden states."""

from __future__ import annotations

from seq2seq_core.experiments import StateMap, StatePoint


# -- hidden-state map --------------------------------------------------------------------------
def state_map() -> StateMap:
    words = ["the", "cat", "the", "dog", "the", "a"]
    points = tuple(
        StatePoint(float(i), float(-i), w, i % 3, i // 3, f"sentence {i // 3}")
        for i, w in enumerate(words)
    )
    return StateMap("encoder", points, (0.4, 0.25))
