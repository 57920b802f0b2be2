"""One Streamlit replica of the lecture hall: `streamlit run ARGS...` with the upload bounds
of ui/state/upload_guard.py in place before the server starts.

    python -m hall.replica run app.py --server.port 8502 ...

`streamlit run app.py` bounds its uploads at the first script run (app.py installs them),
which leaves a freshly started server unbounded until some page has run: a client can ask
for upload URLs over the websocket without ever running the script. Here the server is
created with the bounded manager from the start: Streamlit's Server builds its manager from
the name `MemoryUploadedFileManager` in its module, which is pointed at the subclass.

Before the server starts (so before it answers its health check, and before serve.py says
`ready`) the replica loads what a first page otherwise loads in front of a student: every
shipped model and its card, into the same process-wide `st.cache_resource` caches the pages
read (ui/state/resources.py), and plotly's lazy imports. It says so in its log (`WARM`).
"""

from __future__ import annotations

import logging
import sys
import time

import streamlit.web.server.server as streamlit_server
from streamlit.web import cli

from ui.state import upload_guard

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
    """Warm the caches, then Streamlit's command line, with the bounded manager as the
    server's."""
    print(warm(), flush=True, file=sys.stderr)
    streamlit_server.MemoryUploadedFileManager = upload_guard.BoundedUploadedFileManager
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
