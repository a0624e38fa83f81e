"""The writer's lock of an embedded store: one writing process at a time, ``kg build`` included.

RocksDB locks the store's directory only while it is open, and ``kg build`` swaps a whole new directory in: without a
lock of its own beside the directory, a build could move the store away under a running ``kg ingest`` (both would
succeed and the store would be corrupt). Every writer takes this lock, an exclusive ``flock`` on ``STORE.lock`` next
to the store's directory, and holds it until it closes the store; a build holds it from before it reads the old store
until the new one is in place. A writer that finds the lock taken waits up to ``KG_LOCK_TIMEOUT`` seconds (10 by
default), then gives up with a StoreError naming the process that holds it. The kernel releases the lock when its
process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from kg.errors import StoreError

__all__ = ["StoreLock", "LOCK_TIMEOUT_ENV", "lock_path"]

LOCK_TIMEOUT_ENV = "KG_LOCK_TIMEOUT"
_DEFAULT_TIMEOUT = 10.0
_POLL = 0.05


def lock_path(store_path: Path) -> Path:
    """The lock file of the store at ``store_path``: beside the directory, so a swap of the directory keeps it."""
    return store_path.with_name(store_path.name + ".lock")


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, _DEFAULT_TIMEOUT)))
    except ValueError:
        return _DEFAULT_TIMEOUT


class StoreLock:
    """The exclusive writer's lock of one store; ``with StoreLock(path):`` or ``acquire()`` / ``release()``."""

    def __init__(self, store_path: str | Path, timeout: float | None = None):
        self.store_path = Path(store_path)
        self.path = lock_path(self.store_path)
        self.timeout = _timeout() if timeout is None else timeout
        self._handle: int | None = None

    def acquire(self) -> StoreLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(handle, 64, 0).decode("ascii", "replace").strip() or "another process"
                    os.close(handle)
                    raise StoreError(f"the store at {self.store_path} is being written by another kg process "
                                     f"({holder}); waited {self.timeout:g} s (set {LOCK_TIMEOUT_ENV} to wait "
                                     f"longer)") from None
                time.sleep(_POLL)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"pid {os.getpid()}".encode("ascii"), 0)
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            os.ftruncate(self._handle, 0)
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
