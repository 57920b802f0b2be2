"""The certificates of lab mode: Dask's own TLS between the scheduler, its workers and the
replicas, so that only a machine holding a certificate of the class's authority can join the
scheduler (which runs whatever code it is sent).

`serve.py` makes a class CA in its TLS folder on first use (with the `openssl` command) and
two certificates signed by it: `hall.pem` for the scheduler, the hall's own workers and the
replicas, `lab.pem` to copy to the lab PCs with `ca.pem`. The CA's key stays on the server;
every key is readable by its owner only. A school that has its own authority gives
`--tls-ca-file`, `--tls-cert` and `--tls-key` instead, and issues the lab PCs' certificates
itself. Nothing here imports dask.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hall.logs import state_dir

CA_DAYS = 3650  # the class authority: ten school years
LEAF_DAYS = 825  # a certificate: a little over two years, the longest browsers accept
_CURVE = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
_LEAF_EXT = (
    "basicConstraints=critical,CA:FALSE\n"
    "keyUsage=critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage=serverAuth,clientAuth\n"
    "subjectKeyIdentifier=hash\n"
    "authorityKeyIdentifier=keyid\n"
)


def default_tls_dir() -> Path:
    """$SEQ2SEQ_TLS_DIR, else the hall's state folder's tls/ (hall/logs.py: state_dir)."""
    explicit = os.environ.get("SEQ2SEQ_TLS_DIR", "").strip()
    return Path(explicit) if explicit else state_dir() / "tls"


class TlsError(Exception):
    """Lab mode cannot have certificates: the message says why and what to do."""


@dataclass(frozen=True)
class TlsFiles:
    """The files of one side: the authority, a certificate and its key (PEM paths)."""

    ca: Path
    cert: Path
    key: Path

    def dask_args(self) -> list[str]:
        """The `dask scheduler` / `dask worker` options that present these files."""
        return ["--tls-ca-file", str(self.ca), "--tls-cert", str(self.cert),
                "--tls-key", str(self.key)]  # fmt: skip

    def env(self) -> dict[str, str]:
        """The replicas' environment: ui/services/engine.py connects with these files."""
        return {"SEQ2SEQ_TLS_CA_FILE": str(self.ca), "SEQ2SEQ_TLS_CERT": str(self.cert),
                "SEQ2SEQ_TLS_KEY": str(self.key)}  # fmt: skip


def class_files(folder: Path) -> tuple[TlsFiles, TlsFiles]:
    """(the hall's files, the lab PCs' files) in `folder`, made there (CA first) when
    missing. Raises TlsError when they cannot be made (no openssl, a folder not ours)."""
    folder = Path(folder)
    hall = TlsFiles(folder / "ca.pem", folder / "hall.pem", folder / "hall-key.pem")
    lab = TlsFiles(folder / "ca.pem", folder / "lab.pem", folder / "lab-key.pem")
    if all(p.is_file() for p in (hall.ca, hall.cert, hall.key, lab.cert, lab.key)):
        return hall, lab
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TlsError(
            "lab mode needs certificates and the `openssl` command to make them was not "
            "found: install openssl (sudo apt-get install openssl) or give the school's "
            "--tls-ca-file, --tls-cert and --tls-key"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        if not (folder / "ca-key.pem").is_file() or not hall.ca.is_file():
            _run(openssl, folder, ["req", "-x509", *_CURVE, "-keyout", "ca-key.pem",
                                   "-out", "ca.pem", "-days", str(CA_DAYS), "-subj",
                                   "/CN=seq2seq class CA",
                                   "-addext", "basicConstraints=critical,CA:TRUE",
                                   "-addext", "keyUsage=critical,keyCertSign,cRLSign"])  # fmt: skip
        for name in ("hall", "lab"):
            _leaf(openssl, folder, name)
    except (OSError, subprocess.SubprocessError) as e:
        raise TlsError(f"cannot make the class certificates in {folder}: {e}") from e
    return hall, lab


def _leaf(openssl: str, folder: Path, name: str) -> None:
    """`name`.pem and `name`-key.pem, signed by the class CA (for server and client use)."""
    (folder / "leaf.ext").write_text(_LEAF_EXT)
    _run(openssl, folder, ["req", *_CURVE, "-keyout", f"{name}-key.pem", "-out",
                           f"{name}.csr", "-subj", f"/CN=seq2seq {name}"])  # fmt: skip
    _run(openssl, folder, ["x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey",
                           "ca-key.pem", "-CAcreateserial", "-out", f"{name}.pem", "-days",
                           str(LEAF_DAYS), "-extfile", "leaf.ext"])  # fmt: skip
    (folder / f"{name}.csr").unlink()


def _run(openssl: str, folder: Path, args: list[str]) -> None:
    old = os.umask(0o077)  # keys readable by their owner only
    try:
        done = subprocess.run([openssl, *args], cwd=folder, capture_output=True, text=True,
                              timeout=60)  # fmt: skip
    finally:
        os.umask(old)
    if done.returncode != 0:
        raise subprocess.SubprocessError(f"openssl {args[0]}: {done.stderr.strip()}")


def given_files(ca: str | None, cert: str | None, key: str | None) -> TlsFiles | None:
    """The school's own files (serve.py's --tls-ca-file, --tls-cert, --tls-key): None when
    none is given; TlsError when only some are, or one is not a readable file."""
    given = [ca, cert, key]
    if not any(given):
        return None
    if not all(given):
        raise TlsError("give all three of --tls-ca-file, --tls-cert and --tls-key")
    files = TlsFiles(*(Path(p).resolve() for p in given))  # type: ignore[arg-type]
    for p in (files.ca, files.cert, files.key):
        if not p.is_file() or not os.access(p, os.R_OK):
            raise TlsError(f"cannot read {p}")
    return files
