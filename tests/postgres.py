"""A throwaway PostgreSQL cluster for the tests and the store benchmark: initdb into a temporary
folder, a server listening only on a unix socket in that folder (no TCP port to clash with), removed
after. Run as root (CI), the server runs as the postgres user: PostgreSQL refuses to run as root."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoPostgres(Exception):
    """No PostgreSQL server binaries here, or the cluster did not start."""


def server_binaries() -> Path:
    """The folder of initdb and pg_ctl: on the PATH, else Debian's newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if debian:
        return Path(debian[-1]).parent
    raise NoPostgres("no initdb found (on Debian: apt-get install postgresql)")


@contextmanager
def cluster(durable: bool = False) -> Iterator[str]:
    """Start a cluster; yield the SQLAlchemy URL of its `postgres` database; stop and remove it.
    Not `durable` (the tests), it does not wait for the disk at each commit."""
    bin_dir = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data = folder / "data"
    try:
        _run(
            as_user + [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "sitrep", "-E", "UTF8"]
        )
        options = f"-k {folder} -c listen_addresses=''" + (
            "" if durable else " -c fsync=off -c synchronous_commit=off -c max_connections=400"
        )
        _run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start"])  # fmt: skip
        try:
            yield f"postgresql+psycopg://sitrep@/postgres?host={folder}"
        finally:
            _run(as_user + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise NoPostgres(f"{' '.join(command[:6])}... failed: {(done.stderr or done.stdout).strip()[-500:]}")
