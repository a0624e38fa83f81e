"""Atomic file writes: a file appears under its final name complete or not at all.

An export is read by partners and checked against its checksums; a killed or failing export must never leave a
truncated file that still parses (a Turtle file cut after a complete statement is valid Turtle, and silently
incomplete). So every file is written to a temporary file in the same directory, flushed and fsynced, then renamed
over the final name (``os.replace`` is atomic on POSIX within one file system), and the directory is fsynced so the
rename itself survives a crash. A failure removes the temporary file; a SIGKILL can leave one behind, but only under
a hidden temporary name (``TEMP_PREFIX``) that no reader mistakes for data. ``kg export`` writes into a fresh
directory that replaces the target whole (``kg.export.directory``); this rule keeps each file whole for anyone who
calls a writer on a directory of their own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.permissions import shared_file_mode

__all__ = ["atomic_write", "fsync_directory", "TEMP_PREFIX"]

#: Temporary files start with this (hidden, never a final name).
TEMP_PREFIX = ".kg-export-"
_TEMP_SUFFIX = ".tmp"


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` durable (a crash after it cannot undo it)."""
    with contextlib.suppress(OSError):  # not every platform or file system can open a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` only when the ``with`` block completes without error."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, shared_file_mode())  # mkstemp made it 0600; the umask decides (kg.permissions)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_directory(path.parent)

