"""The bounded uploaded-file manager (ui/state/upload_guard.py), in process: only ids handed to a
session are stored, a session holds at most SESSION_FILES files and SESSION_BYTES bytes and
the server SERVER_BYTES, unclaimed files (no script run read them) going first, then the
oldest; what the app's own uploaders hold together fits without dropping anything. Fast:
small bounds, small files. The real server under the issue's attack: tests/hostile/test_uploads.py.
"""

from __future__ import annotations

import pytest
from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from seq2seq_core.limits import MODEL_UPLOAD_MB
from ui.state import upload_guard
from ui.state.upload_guard import BoundedUploadedFileManager, Bounds

SMALL = Bounds(session_files=3, session_bytes=300, server_bytes=500)


def _manager(bounds: Bounds = SMALL) -> BoundedUploadedFileManager:
    return BoundedUploadedFileManager("/_stcore/upload_file", bounds)


def _put(mgr, session: str, size: int, name: str = "f", file_id: str | None = None) -> str:
    """Upload as the widget does: ask for a URL, then PUT under the id it names."""
    if file_id is None:
        [info] = mgr.get_upload_urls(session, [name])
        file_id = info.file_id
    mgr.add_file(session, UploadedFileRec(file_id, name, "text/plain", b"x" * size))
    return file_id


def _sizes(mgr, session: str) -> list[int]:
    return [size for (sid, _), size in mgr.held().items() if sid == session]


def _stored_bytes(mgr) -> int:
    """What Streamlit's own accounting (its memory stats) says the manager holds."""
    stats = mgr.get_stats()
    return sum(s.byte_length for fam in stats.values() for s in fam)


def test_a_made_up_file_id_is_refused_and_nothing_is_stored():
    mgr = _manager()
    mgr.get_upload_urls("a", ["real"])
    with pytest.raises(HTTPException) as e:
        _put(mgr, "a", 10, file_id="00000000-0000-4000-8000-000000000000")
    assert e.value.status_code == 400
    assert mgr.held() == {} and _stored_bytes(mgr) == 0


def test_an_id_handed_to_another_session_is_refused_there():
    mgr = _manager()
    b_id = _put(mgr, "b", 10, "b.tsv")
    [a_info] = mgr.get_upload_urls("a", ["a.tsv"])
    for session, file_id in (("b", a_info.file_id), ("a", b_id)):
        with pytest.raises(HTTPException) as e:
            _put(mgr, session, 20, file_id=file_id)
        assert e.value.status_code == 400
    assert mgr.held() == {("b", b_id): 10}
    assert mgr.get_files("b", [b_id])[0].data == b"x" * 10


def test_the_same_id_again_replaces_its_file():
    mgr = _manager()
    file_id = _put(mgr, "a", 100)
    for _ in range(10):
        _put(mgr, "a", 100, file_id=file_id)
    assert mgr.held() == {("a", file_id): 100} and _stored_bytes(mgr) == 100


def test_only_the_last_ids_handed_out_are_remembered():
    mgr = _manager()
    [first] = mgr.get_upload_urls("a", ["first"])
    mgr.get_upload_urls("a", [f"n{i}" for i in range(upload_guard.ISSUED_KEPT)])
    with pytest.raises(HTTPException):
        _put(mgr, "a", 10, file_id=first.file_id)


def test_a_session_over_its_file_count_drops_its_oldest_unclaimed_file():
    mgr = _manager()
    first, second, third = (_put(mgr, "a", 10, n) for n in ("1", "2", "3"))
    mgr.get_files("a", [first])  # a script run read the first: claimed
    fourth = _put(mgr, "a", 10, "4")
    assert set(mgr.held()) == {("a", first), ("a", third), ("a", fourth)}
    assert second not in {r.file_id for r in mgr.get_files("a", [second])}


def test_a_session_over_its_bytes_drops_unclaimed_then_oldest_claimed():
    mgr = _manager()
    claimed = _put(mgr, "a", 120, "claimed")
    mgr.get_files("a", [claimed])
    _put(mgr, "a", 120, "junk")
    newest = _put(mgr, "a", 150, "new")  # 390 > 300: the unclaimed junk goes
    assert set(mgr.held()) == {("a", claimed), ("a", newest)}
    mgr.get_files("a", [newest])
    last = _put(mgr, "a", 200, "last")  # nothing unclaimed: the oldest claimed, then next
    assert set(mgr.held()) == {("a", last)}
    assert _stored_bytes(mgr) == 200


def test_the_attack_holds_at_most_the_session_bound():
    """The issue's attack scaled down: many PUTs to one's own session, never read."""
    mgr = _manager()
    for i in range(16):
        _put(mgr, "a", 90, str(i))
    assert sum(_sizes(mgr, "a")) <= SMALL.session_bytes
    assert len(_sizes(mgr, "a")) <= SMALL.session_files
    assert _stored_bytes(mgr) == sum(_sizes(mgr, "a"))


def test_the_server_bound_drops_other_sessions_unclaimed_files_first():
    mgr = _manager()
    kept = {}
    for session in ("s1", "s2"):
        kept[session] = _put(mgr, session, 200, "read")
        mgr.get_files(session, [kept[session]])
    junk = _put(mgr, "s3", 90, "junk")  # 490 held
    new = _put(mgr, "s4", 100, "new")  # 590 > 500: the junk goes, not the files read
    assert ("s3", junk) not in mgr.held()
    assert set(mgr.held()) == {("s1", kept["s1"]), ("s2", kept["s2"]), ("s4", new)}
    mgr.get_files("s4", [new])
    big = _put(mgr, "s5", 250, "big")  # 750 > 500: the oldest files read go, s1's, s2's
    assert set(mgr.held()) == {("s4", new), ("s5", big)}
    assert sum(mgr.held().values()) <= SMALL.server_bytes
    assert _stored_bytes(mgr) == sum(mgr.held().values())


def test_many_sessions_hold_at_most_the_server_bound():
    mgr = _manager()
    for i in range(40):
        session = f"s{i}"
        for n in range(3):
            _put(mgr, session, 90, str(n))
    assert sum(mgr.held().values()) <= SMALL.server_bytes
    assert _stored_bytes(mgr) == sum(mgr.held().values())


def test_a_file_larger_than_a_bound_is_refused():
    mgr = _manager()
    with pytest.raises(HTTPException) as e:
        _put(mgr, "a", SMALL.session_bytes + 1)
    assert e.value.status_code == 413
    tight = _manager(Bounds(session_files=4, session_bytes=300, server_bytes=200))
    with pytest.raises(HTTPException):
        _put(tight, "a", 250)
    assert tight.held() == {}


def test_the_apps_uploaders_together_fit_the_default_bounds():
    """The Data page's one file, its source and target files, each at the corpus cap, and
    the Train page's model at its cap: all held, nothing dropped, in any order."""
    mib = 2**20
    sizes = [upload_guard.CORPUS_UPLOAD_MB * mib] * 3 + [MODEL_UPLOAD_MB * mib]
    assert sum(sizes) == upload_guard.SESSION_BYTES
    for order in (sizes, sizes[::-1]):
        mgr = BoundedUploadedFileManager("/_stcore/upload_file")
        ids = []
        for size in order:
            ids.append(_put(mgr, "a", size))
            mgr.get_files("a", ids[-1:])
        assert _sizes(mgr, "a") == order
        # a file replaced in its widget: the browser deletes the old one, then PUTs
        mgr.remove_file("a", ids[0])
        _put(mgr, "a", order[0])
        assert sorted(_sizes(mgr, "a")) == sorted(sizes)


def test_a_session_that_ends_leaves_nothing_behind():
    mgr = _manager()
    file_id = _put(mgr, "a", 100)
    mgr.get_files("a", [file_id])
    mgr.get_upload_urls("a", ["more"])
    mgr.remove_session_files("a")
    assert mgr.held() == {} and _stored_bytes(mgr) == 0
    assert "a" not in mgr._issued and not mgr._claimed and not mgr._arrival


def test_bounding_streamlits_own_manager_in_place_trims_what_it_holds():
    """app.py's path: the server's manager already exists (and may hold files): the same
    object becomes bounded, trimmed to the bounds, and stays so (idempotent)."""
    plain = MemoryUploadedFileManager("/_stcore/upload_file")
    for i in range(10):
        plain.add_file("a", UploadedFileRec(f"made-up-{i}", "f", "text/plain", b"x" * 90))
    storage = plain.file_storage
    assert upload_guard.bound(plain, SMALL)
    assert isinstance(plain, BoundedUploadedFileManager) and plain.file_storage is storage
    assert sum(plain.held().values()) <= SMALL.session_bytes
    assert len(plain.held()) <= SMALL.session_files
    assert _stored_bytes(plain) == sum(plain.held().values())
    assert upload_guard.bound(plain, Bounds()) and plain.bounds == SMALL
    with pytest.raises(HTTPException):
        _put(plain, "a", 10, file_id="made-up-99")


def test_install_without_a_server_does_nothing():
    """AppTest and `python app.py` run no Streamlit server: nothing to bound."""
    assert upload_guard.install() is False
