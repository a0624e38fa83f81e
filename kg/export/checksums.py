"""SHA-256 checksums of an export, in the format ``sha256sum`` writes and ``sha256sum -c`` checks.

Partners verify what they received against ``SHA256SUMS``. It covers every regular file in the export directory
(hidden files excepted) and is written last, atomically: an export directory without it is incomplete.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.export.atomic import atomic_write

__all__ = ["CHECKSUMS_FILE", "sha256_file", "write_checksums", "read_checksums"]

CHECKSUMS_FILE = "SHA256SUMS"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """The hex SHA-256 digest of a file, read in chunks (exports can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(directory: Path) -> Path:
    """Write ``SHA256SUMS`` for every regular, non-hidden file in ``directory`` (sorted by name)."""
    directory = Path(directory)
    files = sorted(p for p in directory.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.name != CHECKSUMS_FILE)
    target = directory / CHECKSUMS_FILE
    with atomic_write(target) as handle:
        for path in files:
            # two spaces: text mode in sha256sum's format; names are plain (no newline or backslash in ours)
            handle.write(f"{sha256_file(path)}  {path.name}\n".encode("utf-8"))
    return target


def read_checksums(path: Path) -> dict[str, str]:
    """File name → hex digest, as listed in a ``SHA256SUMS`` file."""
    entries = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, name = line.partition("  ")
            entries[name.lstrip("*")] = digest
    return entries
