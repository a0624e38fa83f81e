"""Unreleased data is private, released data follows the umask: the store and the quarantine are 0700 under any
umask; an export's files are ``0666 & ~umask`` (0644 under 022, 0600 under 077), never a forced 0644."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import DEFAULT_BASE, Settings
from kg.export.writer import export_store
from kg.quarantine import Quarantine
from kg.store import EmbeddedStore


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_the_store_and_the_quarantine_are_private_under_any_umask(tmp_path: Path, mask: int) -> None:
    with umask(mask):
        store = EmbeddedStore(tmp_path / "data" / "store")
        store.close()
        source = tmp_path / "refused.yaml"
        source.write_text("document: {}\n", encoding="utf-8")
        entry = Quarantine(tmp_path / "quarantine").add(source, {"refused.yaml": source}, "report", "", 1, 0)
    assert mode(tmp_path / "data" / "store") == 0o700
    assert mode(tmp_path / "quarantine") == 0o700
    assert (tmp_path / "quarantine" / entry.id / "input" / "refused.yaml").exists()


def test_an_existing_world_readable_store_is_tightened_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.mkdir(mode=0o755)
    path.chmod(0o755)
    EmbeddedStore(path).close()
    assert mode(path) == 0o700


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_export_files_follow_the_umask(seed_store, seed_store_path: Path, tmp_path: Path, mask: int,
                                       expected: int) -> None:
    with umask(mask):
        report = export_store(seed_store, "TLP:CLEAR", tmp_path / "out", "turtle",
                              Settings(DEFAULT_BASE, seed_store_path))
    assert report.files and {mode(path) for path in report.files} == {expected}
