"""One Streamlit replica of the lecture hall: `streamlit run ARGS...`, warmed first.

    python -m hall.replica run app.py --server.port 8502 ...

The server is app.py's (`st.App`): its upload bounds (ui/state/upload_guard.py) are set when
it starts, before it answers anyone, and Streamlit's frontend files come from memory
(ui/state/static_assets.py), as under a plain `streamlit run app.py`.

Before the server starts (so before it answers its health check, and before serve.py says
`ready`) the replica loads what a first page otherwise loads in front of a student: every
shipped model and its card, into the same process-wide `st.cache_resource` caches the pages
read (ui/state/resources.py), and plotly's lazy imports. It says so in its log (`WARM`).
"""

from __future__ import annotations

import logging
import sys
import time

from streamlit.web import cli

WARM = "replica warm:"  # its log line, written before the server answers at all


def warm() -> str:
    """Load the shipped models and plotly's lazy parts into this process's caches; the line
    to log."""
    started = time.monotonic()
    # the caches are process-wide; without a running server Streamlit warns at each one
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ui.figures import style
    from ui.state import resources

    cards = resources.shipped_cards()
    for card in cards:
        resources.shipped_model(card.name)
    style.warm_up()
    logging.getLogger("streamlit").setLevel(logging.NOTSET)
    return f"{WARM} {len(cards)} shipped models loaded in {time.monotonic() - started:.1f} s"


def main() -> None:
    """Warm the caches, then Streamlit's command line."""
    print(warm(), flush=True, file=sys.stderr)
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
