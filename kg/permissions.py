"""File modes, one rule: what holds unreleased data is private; what is released follows the user's umask.

The store and the quarantine hold every document at every marking (TLP:RED included) and copies of inputs, so their
directories are 0700 whatever the umask (what is inside is then unreachable by others). An export is meant to be
shared, but how widely is the user's choice: its files get ``0666 & ~umask`` like any file the user writes, never a
fixed 0644 that would override ``umask 077``."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["private_directory", "shared_directory_mode", "shared_file_mode"]


def private_directory(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing, and make it 0700 (an existing one is tightened if ours)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours, or a file system without modes: leave it as it is
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    return path


def _umask() -> int:
    current = os.umask(0o077)  # reading the umask means setting it; set it straight back
    os.umask(current)
    return current


def shared_file_mode() -> int:
    """The mode a new regular file gets under the current umask (``0666 & ~umask``)."""
    return 0o666 & ~_umask()


def shared_directory_mode() -> int:
    """The mode a new directory gets under the current umask (``0777 & ~umask``)."""
    return 0o777 & ~_umask()
