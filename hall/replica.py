"""One Streamlit replica of the lecture hall: `streamlit run ARGS...` with the upload bounds
of ui/state/upload_guard.py in place before the server starts.

    python -m hall.replica run app.py --server.port 8502 ...

`streamlit run app.py` bounds its uploads at the first script run (app.py installs them),
which leaves a freshly started server unbounded until some page has run: a client can ask
for upload URLs over the websocket without ever running the script. Here the server is
created with the bounded manager from the start: Streamlit's Server builds its manager from
the name `MemoryUploadedFileManager` in its module, which is pointed at the subclass.
"""

from __future__ import annotations

import streamlit.web.server.server as streamlit_server
from streamlit.web import cli

from ui.state import upload_guard


def main() -> None:
    """Streamlit's command line, with the bounded manager as the server's."""
    streamlit_server.MemoryUploadedFileManager = upload_guard.BoundedUploadedFileManager
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
