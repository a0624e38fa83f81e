"""One writer at a time, ``kg build`` included: a build never swaps the store away under a running ``kg ingest``
(which once left both exiting 0 and every later command failing with "Corruption"); it waits for the lock, or
refuses with exit 4 when the wait runs out, and the store stays as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store import EmbeddedStore
from kg.store.lock import StoreLock, lock_path

from conftest import SEED

KG = Path(sys.executable).parent / "kg"


def run_kg(*args: str | Path, cwd: Path, timeout: float = 1) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_LOCK_TIMEOUT": str(timeout)}
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_build_refuses_while_another_process_writes(seed_store_path, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    writer = EmbeddedStore(store_path)  # as a running kg ingest holds it
    before = len(writer)
    try:
        done = run_kg("build", "--quiet", "--store", store_path, cwd=tmp_path)
        assert done.returncode == 4, done.stdout + done.stderr
        assert "being written by another kg process" in done.stderr and f"pid {os.getpid()}" in done.stderr
        assert "Traceback" not in done.stderr
        writer.flush()
        assert len(writer) == before  # the writer's store is still the one it opened, whole
    finally:
        writer.close()
    reopened = EmbeddedStore(store_path, read_only=True)
    assert len(reopened) == before
    reopened.close()
    assert not store_path.with_name("store.building").exists()


def test_ingest_refuses_while_a_build_holds_the_store(seed_store_path, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    with StoreLock(store_path):  # as a running kg build holds it
        done = run_kg("ingest", SEED, "--store", store_path, cwd=tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "being written by another kg process" in done.stderr


def test_build_waits_for_the_writer_to_finish(seed_store_path, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    writer = EmbeddedStore(store_path)
    threading.Timer(1.0, writer.close).start()  # the ingest ends a second later
    started = time.monotonic()
    done = run_kg("build", "--quiet", "--store", store_path, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= 1.0
    assert lock_path(store_path).exists() and not store_path.with_name("store.old").exists()


def test_the_lock_is_released_on_close_and_on_failure(tmp_path):
    store_path = tmp_path / "store"
    first = EmbeddedStore(store_path)
    with pytest.raises(StoreError, match="being written"):
        StoreLock(store_path, timeout=0).acquire()
    first.close()
    second = EmbeddedStore(store_path)  # free again
    second.close()
