"""The decode player: a Streamlit component (components v2) that receives a whole decode at
once (`data`: a trace to the player's plain data) and plays it in the browser: stepping,
playing, going back and jumping send nothing to the server. Its HTML, CSS and JavaScript
are files of this package, read at import and passed inline (no build step, nothing
fetched at run time); the same files make the offline lesson (`offline`: one
self-contained HTML file). `shared`: a sentence's data made once per server and translator
(a class on one lesson link decodes it once).

The JavaScript is four files joined in order (`JS_PARTS`): helpers, the story (SVG), the
detail and code panels, the player's state and controls, whose last line is the module's
default export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
JS_PARTS = ("util.js", "story.js", "detail.js", "main.js")
EXPORT = "export default mountPlayer;"
COMPONENT = "seq2seq_decode_player"


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


HTML = _read("player.html")
CSS = _read("player.css")
JS = "\n".join(_read(f"js/{name}") for name in JS_PARTS)
if not JS.rstrip().endswith(EXPORT):
    raise RuntimeError(f"ui/player/js/{JS_PARTS[-1]} must end with {EXPORT!r}")

_mount: Callable[..., Any] | None = None


def _component() -> Callable[..., Any]:
    global _mount
    if _mount is None:
        import streamlit as st

        _mount = st.components.v2.component(COMPONENT, html=HTML, css=CSS, js=JS)
    return _mount


@dataclass(frozen=True)
class PlayerResult:
    """What the player sent in this script run: `ask`, the story step (1-based, as in
    `?lecture=` / `?step=`) at which its ask button was pressed, else None."""

    ask: int | None = None


def _ignore() -> None:
    """The ask trigger's callback when the page gives none (components v2 documents a
    trigger value as returned for an event registered with an `on_<event>_change`)."""


def decode_player(data: dict[str, Any], key: str, on_force: Callable[[], None] | None = None,
                  ask_label: str | None = None,
                  on_ask: Callable[[], None] | None = None) -> PlayerResult:  # fmt: skip
    """Mount the player with `data` (`ui.player.data.player_data`). With `on_force`, a click
    on a softmax bar calls it; the clicked `{"step", "id", "sentence"}` is then
    `st.session_state[key]["force"]`. With `ask_label`, the player shows a button of that
    label; pressing it sends the step on screen (the player's only message besides a
    forced token: stepping sends none), returned as `PlayerResult.ask` in the run it causes
    and every run after until the page calls `ask_handled(key)` (`on_ask`, if given, is
    called first)."""
    mount = _component()
    events: dict[str, Callable[[], None]] = {}
    if on_force is not None:
        events["on_force_change"] = on_force
    if ask_label:
        data = {**data, "ask_label": str(ask_label)}
        events["on_ask_change"] = on_ask or _ignore
    result = mount(key=key, data=data, **events)
    if not ask_label:
        return PlayerResult()
    import streamlit as st

    pressed = _step(result.get("ask")) if result is not None else None
    if pressed is not None:
        # Kept until the page calls `ask_handled`: a trigger lives for one run, and a run that
        # another message interrupts (a component's state, a poll) before the page has put
        # the question would lose the press; seen in chromium, pressed 1.6 s after load.
        st.session_state[_pending(key)] = pressed
    return PlayerResult(ask=st.session_state.get(_pending(key)))


def ask_handled(key: str) -> None:
    """The page has acted on the player `key`'s ask press: forget it."""
    import streamlit as st

    st.session_state.pop(_pending(key), None)


def _pending(key: str) -> str:
    return f"{key}__ask_pending"


def _step(value: Any) -> int | None:
    """The step a trigger value names: a positive int, else None (a browser sends JSON)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value >= 1 and int(value) == value else None
