"""Reading one input file without trusting its name: it must be a regular file (a FIFO, a device or /dev/zero could
block the reader or never end) no longer than a limit, which is checked from the open file's metadata before
anything is read, and read at most one byte past, in case the file grows meanwhile. Fact files, the texts they
quote and partners' RDF files are all read through here."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError, Problem

__all__ = ["read_regular_file"]


def read_regular_file(path: Path, name: str, limit: int, what: str, error: type[InputError] = InputError,
                      too_big: Callable[[int], str] | None = None) -> bytes:
    """The bytes of ``path``, named ``name`` in errors, a ``what`` (\"fact file\", \"RDF file\"). Raises ``error``
    when the file is missing, is not a regular file or is over ``limit`` bytes (``too_big(size)`` phrases that)."""
    def fail(message: str) -> InputError:
        return error(Problem(name, message))

    def over(size: int) -> InputError:
        return fail(too_big(size) if too_big else
                    f"the {what} is {size:,} bytes, over the limit of {limit:,} bytes")

    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail(f"is a directory, not a {what}") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail(f"is a directory, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"is not a regular file (a {what} must be one)")
        if info.st_size > limit:
            raise over(info.st_size)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:  # a regular file from here on
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise over(len(data))
    return data
