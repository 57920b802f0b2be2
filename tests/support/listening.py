"""The TCP sockets a set of processes listens on, read from Linux's /proc (no psutil, no
`ss`): each process's sockets are the `socket:[inode]` links in /proc/<pid>/fd, and its
network namespace's table of TCP sockets (/proc/<pid>/net/tcp and tcp6) says which inodes
listen and on what address."""

from __future__ import annotations

import contextlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

LISTEN = "0A"  # the TCP state "listen" in /proc/net/tcp


@dataclass(frozen=True)
class Listener:
    pid: int
    host: str  # "127.0.0.1", "::1", "0.0.0.0", "::", ...
    port: int


def _host(hex_address: str) -> str:
    """/proc/net/tcp's address: IPv4 as one little-endian word, IPv6 as four."""
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words))


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    found.add(link[8:-1])
    return found


def _listening_table(pid: int) -> dict[str, tuple[str, int]]:
    """{inode: (host, port)} of every listening TCP socket in the process's namespace."""
    table = {}
    for name in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/net/{name}").read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == LISTEN:
                    address, port = fields[1].rsplit(":", 1)
                    table[fields[9]] = (_host(address), int(port, 16))
    return table


def listeners(pids: list[int]) -> list[Listener]:
    """Every TCP socket the processes `pids` listen on (a socket shared by a parent and
    its child counts for both)."""
    found = []
    for pid in pids:
        inodes = _socket_inodes(pid)
        if not inodes:
            continue
        for inode, (host, port) in _listening_table(pid).items():
            if inode in inodes:
                found.append(Listener(pid, host, port))
    return found
