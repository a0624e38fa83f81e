"""The export directory: written fresh each run, swapped in whole, and never holding anything but the export.

An export is handed to partners as a directory. Two rules keep what they receive exactly what was exported:

* **Fresh, then swapped.** Every run writes into a new hidden directory beside the target
  (``.NAME.kg-export-XXXX``, same file system) and only when every file is complete and fsynced is it put in place:
  by one atomic exchange of the two directories where the system has it (Linux ``renameat2(RENAME_EXCHANGE)``),
  else by two renames. A failing or killed run leaves the target exactly as it was, whole: the earlier export with
  its own ``dataset.ttl`` naming its level, or nothing; no mix of two runs, no file of another level left beside the
  new data. The hidden directory a killed run leaves is removed by the next run into the same target.
* **Only an earlier export is replaced.** A target that exists must be empty or hold an earlier export and nothing
  else: every entry a regular file listed in its ``SHA256SUMS`` with the digest it was exported with. Anything else
  (a file of the user's, a file edited since, a subdirectory) is refused with the names, before anything is written,
  so an export never deletes what it did not write.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import StoreError
from kg.export.atomic import TEMP_PREFIX, fsync_directory
from kg.export.checksums import CHECKSUMS_FILE, read_checksums, sha256_file
from kg.permissions import shared_directory_mode

__all__ = ["export_directory", "check_target", "foreign_entries", "STAGING_MARK"]

#: Part of the hidden name of a directory being written (``.NAME.kg-export-XXXX``) or set aside (``…kg-previous-``).
STAGING_MARK = ".kg-export-"
_PREVIOUS_MARK = ".kg-previous-"
_SHOWN = 5  # foreign names listed in the error

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def foreign_entries(directory: Path) -> list[str]:
    """What in ``directory`` is not part of a complete earlier export (empty when it may be replaced).

    A temporary file an earlier version's killed export left (``TEMP_PREFIX``) counts as the export's own."""
    entries = {p.name: p for p in directory.iterdir() if not p.name.startswith(TEMP_PREFIX)}
    if not entries:
        return []
    if CHECKSUMS_FILE not in entries or not entries[CHECKSUMS_FILE].is_file():
        return sorted(entries)
    listed = read_checksums(entries[CHECKSUMS_FILE])
    foreign = []
    for name, path in sorted(entries.items()):
        if name == CHECKSUMS_FILE:
            continue
        if path.is_symlink() or not path.is_file() or name not in listed:
            foreign.append(name)
        elif sha256_file(path) != listed[name]:
            foreign.append(f"{name} (changed since it was exported)")
    return foreign


def check_target(directory: str | Path) -> None:
    """Refuse (StoreError) an export target that is a file or holds anything but an earlier export: checked again
    by ``export_directory``, and first by callers that would otherwise read a whole store before finding out."""
    target = Path(os.path.realpath(directory))
    if target.exists() and not target.is_dir():
        raise StoreError(f"cannot write the export into {target}: it exists and is not a directory")
    if not target.exists():
        return
    try:
        foreign = foreign_entries(target)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot write the export into {target}: cannot read what is there: {exc}") from exc
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
        raise StoreError(f"cannot write the export into {target}: it holds what no earlier export wrote ({shown}); "
                         "an export replaces only an empty directory or an earlier export, so nothing else is "
                         "deleted: choose a new directory or move those away")


def _remove_leftovers(target: Path) -> None:
    """Hidden directories of runs into ``target`` that were killed before their swap."""
    for mark in (STAGING_MARK, _PREVIOUS_MARK):
        for path in target.parent.glob(f".{target.name}{mark}*"):
            shutil.rmtree(path, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return done == 0


def _put_in_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the earlier export
        shutil.rmtree(staging)
        return
    previous = Path(tempfile.mkdtemp(prefix=f".{target.name}{_PREVIOUS_MARK}", dir=target.parent))
    os.rename(target, previous / "export")
    os.rename(staging, target)
    shutil.rmtree(previous)


@contextlib.contextmanager
def export_directory(directory: str | Path) -> Iterator[Path]:
    """A new, empty hidden directory to write an export into; put in place of ``directory`` when the block ends
    without error, removed when it fails. Refuses (StoreError) a ``directory`` holding anything but an earlier export.

    A symbolic link is followed: the export replaces the directory it points to, the link stays."""
    target = Path(os.path.realpath(directory))
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
        # mkdtemp made it 0700: keep the mode of the directory it replaces, else what the umask gives
        os.chmod(staging, target.stat().st_mode & 0o7777 if target.is_dir() else shared_directory_mode())
    except OSError as exc:
        raise StoreError(f"cannot write the export into {target}: {exc}") from exc
    try:
        yield staging
        fsync_directory(staging)
        _put_in_place(staging, target)
        fsync_directory(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
