"""The export directory: written fresh each run, never holding a stale export after a failure, never holding anything
but the export.

An export is handed to partners as a directory, often by a script that copies whatever the directory holds. Three
rules keep what they receive exactly what was exported:

* **Fresh, then put in place.** Every run writes into a new hidden directory beside the target
  (``.NAME.kg-export-XXXX``, same file system); only when every file is complete and fsynced is it renamed to the
  target's name. No file under the target is ever partial, and no file of one run sits beside another run's.
* **No stale export under the target's name.** An earlier export in the target is set aside first (renamed to
  ``.NAME.kg-previous-XXXX``), so a failing or killed run leaves the target absent, never the earlier export, which
  may be of another, stricter level (a RED export must not stand where a GREEN one was asked for). The error of a
  failing run names where the earlier export was set aside; the next run into the same target removes what an
  interrupted run left (set-aside exports, half-written directories) and says so.
* **Only an earlier export is replaced.** A target that exists must be empty or hold an earlier export and nothing
  else: every entry a regular file listed in its ``SHA256SUMS`` with the digest it was exported with. Anything else
  (a file of the user's, a file edited since, a subdirectory) is refused with the names, before anything is moved or
  written, so an export never deletes what it did not write.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import StoreError
from kg.export.atomic import TEMP_PREFIX, fsync_directory
from kg.export.checksums import CHECKSUMS_FILE, read_checksums, sha256_file
from kg.permissions import shared_directory_mode

__all__ = ["ExportDirectory", "export_directory", "check_target", "foreign_entries", "STAGING_MARK",
           "PREVIOUS_MARK"]

#: Part of the hidden name of a directory being written (``.NAME.kg-export-XXXX``) or set aside
#: (``.NAME.kg-previous-XXXX``).
STAGING_MARK = ".kg-export-"
PREVIOUS_MARK = ".kg-previous-"
_SHOWN = 5  # foreign names listed in the error


@dataclass
class ExportDirectory:
    """Where a run writes (``staging``) and what it found beside the target: interrupted runs' leftovers it removed."""

    target: Path
    staging: Path
    removed: list[Path] = field(default_factory=list)


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


def _remove_leftovers(target: Path) -> list[Path]:
    """Hidden directories of runs into ``target`` that were interrupted: half-written ones, set-aside exports."""
    removed = []
    for mark in (STAGING_MARK, PREVIOUS_MARK):
        for path in sorted(target.parent.glob(f".{target.name}{mark}*")):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def export_directory(directory: str | Path) -> Iterator[ExportDirectory]:
    """A new, empty hidden directory to write an export into, renamed to ``directory`` when the block ends without
    error and removed when it fails; an earlier export in ``directory`` is set aside first and removed on success.
    Refuses (StoreError) a ``directory`` holding anything but an earlier export.

    A symbolic link is followed: the export replaces the directory it points to, the link stays."""
    target = Path(os.path.realpath(directory))
    check_target(target)
    previous, emptied = None, False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        removed = _remove_leftovers(target)
        mode = target.stat().st_mode & 0o7777 if target.is_dir() else shared_directory_mode()
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
        os.chmod(staging, mode)  # mkdtemp made it 0700: the mode of the directory it replaces, else the umask's
        if target.is_dir() and any(target.iterdir()):  # never left standing if this run fails
            previous = Path(tempfile.mkdtemp(prefix=f".{target.name}{PREVIOUS_MARK}", dir=target.parent))
            os.rename(target, previous / target.name)
        elif target.is_dir():
            target.rmdir()  # empty: the staging directory takes its name (and it is made again on failure)
            emptied = True
    except OSError as exc:
        raise StoreError(f"cannot write the export into {target}: {exc}") from exc
    try:
        yield ExportDirectory(target, staging, removed)
        fsync_directory(staging)
        os.rename(staging, target)
        fsync_directory(target.parent)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if emptied:
            with contextlib.suppress(OSError):
                target.mkdir(mode=mode)
        if previous is not None:
            exc.add_note(f"the earlier export in {target} was set aside at {previous / target.name}, so that no "
                         "stale export stands under that name; the next export into it removes it")
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
