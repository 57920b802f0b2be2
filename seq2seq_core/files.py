"""Files a user names on the command line: read only a regular file, and at most a cap of
its bytes; write only where a file can be written.

A path can name anything: /dev/zero (endless), a FIFO (its opening blocks until a writer
comes), a directory, a socket, /dev/stdin, a symlink to a device, a /proc file whose size
says 0 whatever it holds, a file that grows while it is read. `read_regular` refuses what is
not a regular file before reading a byte (from its status, and again from the status of
what was opened, which is opened without blocking), and reads at most cap + 1 bytes
whatever the file's size said. `why_not_writable` says, before any work, why a file cannot
be written at a path (a directory, a missing folder, a folder that takes no new file).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path names a directory, a FIFO, a device, a socket: str(e) says which."""


class TooLarge(OSError):
    """The file holds more than the cap: `size` is its size when its status gave it
    (None when its status said less and reading found more: /proc, or a growing file)."""

    def __init__(self, size: int | None) -> None:
        self.size = size
        super().__init__(f"over the cap ({size} bytes)" if size else "over the cap")


def kind_of(mode: int) -> str | None:
    """What a file of this `st_mode` is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = [
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ]
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def _refuse_unless_regular(mode: int) -> None:
    if kind := kind_of(mode):
        raise NotRegularFile(f"it is {kind}, not a regular file")


def read_regular(path: str | os.PathLike, cap: int) -> bytes:
    """The bytes of the regular file at `path`, if there are at most `cap` of them.

    Raises NotRegularFile for anything else (a symlink counts as what it points to),
    TooLarge when the file holds more than `cap` bytes, and OSError when it cannot be
    opened or read. Never reads more than cap + 1 bytes."""
    status = os.stat(path)
    _refuse_unless_regular(status.st_mode)
    if status.st_size > cap:
        raise TooLarge(status.st_size)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)  # not blocking: should the path now be a FIFO
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)  # what was opened is what is read
        chunks, total = [], 0
        while total <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > cap:
        raise TooLarge(None)
    return b"".join(chunks)


def why_not_writable(path: str | os.PathLike) -> str | None:
    """Why a file cannot be written (created, or replaced) at `path`; None when it can.

    Checked: the path is not a directory nor any other non-regular file, its folder
    exists, and a new file can be made in that folder (made and removed at once: the
    test that holds whoever runs it, root or not, and on a read-only file system)."""
    p = Path(path)
    if "\0" in str(p):
        return "a path cannot hold a NUL character"
    try:
        kind = kind_of(os.stat(p).st_mode)
    except FileNotFoundError:
        kind = None
    except OSError as e:
        return e.strerror or str(e)
    if kind == "a directory":
        return f"it is a directory: name a file in it, such as {p / 'model.safetensors'}"
    if kind:
        return f"it is {kind}, not a regular file"
    folder = p.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-check-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        return f"no file can be written in the folder {folder} ({e.strerror or e})"
    return None
