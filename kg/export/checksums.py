"""SHA-256 checksums of an export, in the format ``sha256sum`` writes and ``sha256sum -c`` checks.

Partners verify what they received against ``SHA256SUMS``. It covers the files the export wrote, each by name, and
is written last; the next export into the same directory reads it to know that what is there is its own
(``kg.export.directory``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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


def write_checksums(directory: Path, files: Iterable[Path]) -> Path:
    """Write ``directory/SHA256SUMS`` for ``files``, the export's own (sorted by name): never for a file it did not
    write."""
    target = Path(directory) / CHECKSUMS_FILE
    with atomic_write(target) as handle:
        for path in sorted(files, key=lambda p: p.name):
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
