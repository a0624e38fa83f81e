"""The server's working folder: where the visible dataset is written for the SPARQL workers to load.

It holds data of the served level, so it is private (``mkdtemp`` makes it 0700) and removed when the server stops.
A server killed with SIGKILL cannot remove it; so every folder holds a lock file that its server keeps locked
(``flock``) while it runs, and each server at start-up removes the folders of this kind whose lock nobody holds: a
killed server's copy lasts until the next server starts, never longer. A lock, not a process id, decides, so a
reused process id cannot keep a stale copy alive nor make a live one look stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["Workdir", "PREFIX", "remove_stale"]

#: Working folders are named ``{PREFIX}…`` in the temporary folder.
PREFIX = "kg-serve-"
_LOCK = "server.lock"


def _try_lock(path: Path) -> int | None:
    """An fd holding the exclusive lock on ``path``, or None when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def remove_stale(parent: Path | None = None) -> list[Path]:
    """Remove the working folders in ``parent`` (the temporary folder) that no running server holds; those removed.
    Only folders of this user with a lock file are considered (one being created has none yet)."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for folder in parent.glob(f"{PREFIX}*"):
        lock = folder / _LOCK
        with contextlib.suppress(OSError):
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid() or not lock.exists():
                continue
            fd = _try_lock(lock)
            if fd is None:
                continue
            try:
                shutil.rmtree(folder)
                removed.append(folder)
            finally:
                os.close(fd)
    return removed


class Workdir:
    """A private working folder, locked by this process until ``close()`` removes it."""

    def __init__(self, parent: Path | None = None):
        self.removed_stale = remove_stale(parent)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        fd = _try_lock(self.path / _LOCK)
        assert fd is not None, "a folder just made cannot be locked by anyone else"
        self._fd: int | None = fd

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
