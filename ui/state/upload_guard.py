"""Bounds on what file uploads can make one Streamlit server hold (issue 23).

Streamlit keeps every file PUT to `/_stcore/upload_file/<session>/<file id>` in memory until
its session ends (and 120 s after a disconnect), whatever the file id: sixteen PUTs of 50 MB
with made-up ids to one's own session took a server from 914 to 1,893 MB. Streamlit has no
setting for this and no hook to choose its uploaded-file manager, so `BoundedUploadedFileManager`
subclasses the manager it ships (MemoryUploadedFileManager) and bounds it:

- a file is accepted only under a file id this server handed to this session (the uploader
  widget asks for upload URLs first): a made-up id, or a session id paired with an id handed
  to another session, is refused (400), never stored;
- per session at most `SESSION_FILES` files and `SESSION_BYTES` bytes, what the app's own
  uploaders can hold at once (the Data page's one file, its source and target files, and the
  Train page's model); per server at most `SERVER_BYTES` (SEQ2SEQ_UPLOAD_MB, default 256).
  A new file over a bound pushes out held files, oldest first, files no script run has read
  yet ("unclaimed": a legitimate upload is read by the rerun that follows it) before files
  already read (the app reads an upload once, into session state, and does not need the
  file again); for the session bound only that session's files, for the server bound any
  session's. A file larger than a bound on its own is refused (413).

`install()` makes the running server's manager a bounded one: app.py's server (`st.App`)
calls it when it starts, before it answers anyone (under `streamlit run app.py` and in the
hall's replicas alike), and every script run calls it again (cheap, idempotent: a server
started some other way is bounded from its first page). No page code here: the module is a
self-contained service.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import (
    UploadedFileManager,
    UploadedFileRec,
    UploadFileUrlInfo,
)

from seq2seq_core.data.corpus import CorpusLimits
from seq2seq_core.limits import MODEL_UPLOAD_MB

_LOG = logging.getLogger(__name__)
MIB = 2**20
# What the app's uploaders hold at most at once: the Data page's one-file corpus, its source
# and target files (each the corpus cap, 5 MiB in Streamlit's unit) and the Train page's model.
CORPUS_UPLOAD_MB = -(-CorpusLimits().max_bytes // MIB)
SESSION_FILES = 4
SESSION_BYTES = (MODEL_UPLOAD_MB + 3 * CORPUS_UPLOAD_MB) * MIB  # 70 MiB
SERVER_BYTES = int(os.environ.get("SEQ2SEQ_UPLOAD_MB", "256")) * MIB
# File ids handed out per session and remembered: the uploader asks right before its PUT, so
# a handful is plenty; a client asking for thousands keeps only the last ISSUED_KEPT.
ISSUED_KEPT = 16

Key = tuple[str, str]  # (session id, file id)
_UNKNOWN: set[type] = set()  # manager classes bound() was given and does not know


@dataclass(frozen=True)
class Bounds:
    """Files and bytes one session may hold, and bytes the whole server may hold."""

    session_files: int = SESSION_FILES
    session_bytes: int = SESSION_BYTES
    server_bytes: int = SERVER_BYTES


class BoundedUploadedFileManager(MemoryUploadedFileManager):
    """Streamlit's in-memory manager with the bounds above. The files stay in Streamlit's
    own storage (`file_storage`); this class adds the ids handed out, the arrival order and
    which files a script run has read, under a lock of its own."""

    def __init__(self, upload_endpoint: str, bounds: Bounds | None = None) -> None:
        super().__init__(upload_endpoint)
        self._start_guard(bounds or Bounds())

    def _start_guard(self, bounds: Bounds) -> None:
        self.bounds = bounds
        self._guard = threading.RLock()
        self._clock = itertools.count(1)
        self._arrival: dict[Key, int] = {}  # a file missing here (held before) is oldest
        self._claimed: set[Key] = set()
        self._issued: dict[str, dict[str, None]] = {}  # session -> file ids, oldest first

    def get_upload_urls(
        self, session_id: str, file_names: Sequence[str]
    ) -> list[UploadFileUrlInfo]:
        infos = super().get_upload_urls(session_id, file_names)
        with self._guard:
            issued = self._issued.setdefault(session_id, {})
            for info in infos:
                issued[info.file_id] = None
            for old in list(issued)[: max(len(issued) - ISSUED_KEPT, 0)]:
                del issued[old]
        return infos

    def add_file(self, session_id: str, file: UploadedFileRec) -> None:
        size = len(file.data)
        if size > min(self.bounds.session_bytes, self.bounds.server_bytes):
            raise HTTPException(status_code=413, detail="File larger than uploads may hold")
        with self._guard:
            if file.file_id not in self._issued.get(session_id, {}):
                raise HTTPException(status_code=400, detail="Invalid file_id for this session")
            self._drop((session_id, file.file_id))  # the same id again replaces its file
            victims = self._victims(session_id, size)
            for key in victims:
                self._drop(key)
            super().add_file(session_id, file)
            self._arrival[(session_id, file.file_id)] = next(self._clock)
        if victims:
            _LOG.warning(
                "upload bounds: a %.1f MB upload of session %s dropped %d held file(s)",
                size / 1e6, session_id[:8], len(victims),
            )  # fmt: skip

    def get_files(self, session_id: str, file_ids: Sequence[str]) -> list[UploadedFileRec]:
        recs = super().get_files(session_id, file_ids)
        with self._guard:
            self._claimed.update((session_id, rec.file_id) for rec in recs)
        return recs

    def remove_file(self, session_id: str, file_id: str) -> None:
        with self._guard:
            self._drop((session_id, file_id))

    def remove_session_files(self, session_id: str) -> None:
        with self._guard:
            super().remove_session_files(session_id)
            self._issued.pop(session_id, None)
            for key in [k for k in self._arrival if k[0] == session_id]:
                del self._arrival[key]
            self._claimed = {k for k in self._claimed if k[0] != session_id}

    def held(self) -> dict[Key, int]:
        """Bytes of every file held, by (session id, file id)."""
        with self._guard:
            return {
                (sid, fid): len(rec.data)
                for sid, files in list(self.file_storage.items())
                for fid, rec in list(files.items())
            }

    def _drop(self, key: Key) -> None:
        super().remove_file(*key)
        self._arrival.pop(key, None)
        self._claimed.discard(key)

    def _victims(self, session_id: str, incoming: int, new: int = 1) -> list[Key]:
        """The held files to drop so that `new` more files of `incoming` bytes fit both
        bounds: unclaimed before claimed, oldest first; the session's own for its bound."""
        held = self.held()
        order = sorted(held, key=lambda k: (k in self._claimed, self._arrival.get(k, 0)))
        victims: list[Key] = []
        mine = [k for k in order if k[0] == session_id]
        count, total = len(mine) + new, sum(held[k] for k in mine) + incoming
        for key in mine:
            if count <= self.bounds.session_files and total <= self.bounds.session_bytes:
                break
            victims.append(key)
            count, total = count - 1, total - held[key]
        total = sum(held.values()) - sum(held[k] for k in victims) + incoming
        for key in (k for k in order if k not in victims):
            if total <= self.bounds.server_bytes:
                break
            victims.append(key)
            total -= held[key]
        return victims


def bound(manager: UploadedFileManager, bounds: Bounds | None = None) -> bool:
    """Make `manager`, Streamlit's in-memory manager, a bounded one in place (idempotent).

    The instance itself must change, not be replaced: Streamlit's upload route and every
    session keep a reference to the one manager the server created, so its class is swapped
    for the subclass, which keeps the same storage. Files already held count as the oldest
    and are trimmed to the bounds. False (and a warning) for any other manager class."""
    if isinstance(manager, BoundedUploadedFileManager):
        return True
    if type(manager) is not MemoryUploadedFileManager:
        if not _UNKNOWN:  # said once, not at every script run
            _LOG.warning("upload bounds not installed: unknown manager %s", type(manager))
        _UNKNOWN.add(type(manager))
        return False
    BoundedUploadedFileManager._start_guard(manager, bounds or Bounds())  # type: ignore[arg-type]
    manager.__class__ = BoundedUploadedFileManager
    assert isinstance(manager, BoundedUploadedFileManager)
    with manager._guard:
        for session_id in list(manager.file_storage):
            for key in manager._victims(session_id, 0, new=0):
                manager._drop(key)
    return True


def install() -> bool:
    """Bound the running server's uploaded-file manager (no-op without a server, as in
    AppTest). Cheap and idempotent: app.py calls it on every script run."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    return bound(Runtime.instance().uploaded_file_mgr)
