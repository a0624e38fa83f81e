"""``kg build`` never loses data (kg/rebuild_guard.py): a store holding a document ingested from outside the
fact-file folder, or a partner delivery, is not replaced by a build that would not rebuild it; the build names the
document and the store stays as it was; ``--discard`` drops them, listed. A fact file of the folder that was edited
is superseded, not lost."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from helpers import run_kg
from kg.config import EXAMPLES_DIR
from kg.store import EmbeddedStore

MARKINGS = Path(__file__).parent / "markings"
SEED = "2022-12-20-hajun-russian-troops-south-belarus.yaml"


def _files(store: Path) -> dict[str, str]:
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob("*")) if p.is_file()}


def _documents(store: Path) -> set[str]:
    with EmbeddedStore(store, read_only=True) as opened:
        return {str(f) for f, in opened.select(
            "SELECT ?f WHERE { GRAPH ?m { ?d <https://w3id.org/osint-kg/ontology#sourceFile> ?f } }").rows}


@pytest.fixture()
def workspace(copy_workspace) -> Path:
    return copy_workspace()


def test_a_build_refuses_to_drop_what_it_cannot_rebuild(workspace: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in ("clear-report.yaml", "clear-report.txt"):
        shutil.copy(MARKINGS / name, outside / name)
    partner = tmp_path / "delivery.ttl"
    partner.write_text("<https://partner.example/unit/1> <http://www.w3.org/2000/01/rdf-schema#label> \"Unit 1\" .\n",
                       encoding="utf-8")
    for path in (outside / "clear-report.yaml", partner):
        done = run_kg("ingest", path, cwd=workspace)
        assert done.returncode == 0, done.stderr
    store = workspace / ".kg" / "store"
    before, documents = _files(store), _documents(store)
    assert {"clear-report.yaml", "delivery.ttl"} <= documents

    refused = run_kg("build", "-q", cwd=workspace)
    assert refused.returncode == 4, refused.stderr
    assert "clear-report.yaml" in refused.stderr and "delivery.ttl" in refused.stderr and "--discard" in refused.stderr
    assert _files(store) == before  # byte for byte as it was
    assert not list(store.parent.glob("store.building*"))

    dropped = run_kg("build", "-q", "--discard", cwd=workspace)
    assert dropped.returncode == 0, dropped.stderr
    assert dropped.stderr.count("discarded: ") == 2 and "clear-report.yaml" in dropped.stderr
    assert _documents(store) == documents - {"clear-report.yaml", "delivery.ttl"}


def test_an_edited_fact_file_of_the_folder_is_superseded_not_lost(workspace: Path):
    seed = workspace / "articles" / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace("title: ", "title: (edited) ", 1), encoding="utf-8")
    done = run_kg("build", "-q", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert SEED in _documents(workspace / ".kg" / "store")


def test_a_rebuild_of_the_same_inputs_changes_no_document(workspace: Path):
    store = workspace / ".kg" / "store"
    documents = _documents(store)
    done = run_kg("build", "-q", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert _documents(store) == documents == {p.name for p in EXAMPLES_DIR.glob("*.yaml")}
