"""Graphs without a metadata record (what ``kg build --rdf`` bulk-loads) have no marking and no document to validate
as: ``kg export`` leaves them out and ``kg validate --all`` does not validate them, and both say so, naming them —
never a silent drop. Negative control: a store of ingested documents alone gets no note."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from bench.generate import write as generate
from kg.build import build
from kg.config import DEFAULT_BASE, Settings
from kg.store import EmbeddedStore
from kg.unrecorded import unrecorded_graphs

from helpers import run_kg


PARTNER = "https://partner.example/graph/"


@pytest.fixture(scope="module")
def bulk_store(tmp_path_factory, seed_only) -> tuple[Path, set[URIRef]]:
    """The seed article, the synthetic corpus (bench/generate.py, whose documents carry their metadata records) and
    a partner's N-Quads delivery of two named graphs with no record, loaded with --rdf; the delivery's graph names."""
    folder = tmp_path_factory.mktemp("bulk")
    corpus = generate(folder / "corpus.nq", 3_000)
    delivery = folder / "partner.nq"
    delivery.write_text(
        f"<https://partner.example/sighting/1> <https://partner.example/seenAt> <{DEFAULT_BASE}place/minsk> "
        f"<{PARTNER}sightings-2023-07> .\n"
        f"<https://partner.example/sighting/2> <https://partner.example/seenAt> <{DEFAULT_BASE}place/minsk> "
        f"<{PARTNER}sightings-2023-08> .\n", encoding="utf-8")
    build(Settings(DEFAULT_BASE, folder / "store"), articles=seed_only, rdf=[corpus, delivery])
    return folder / "store", {URIRef(f"{PARTNER}sightings-2023-07"), URIRef(f"{PARTNER}sightings-2023-08")}


def test_the_graphs_without_a_record_are_the_delivery_s(bulk_store):
    """The corpus's documents are recorded (a digest and a marking each), the model's graphs are the project's own:
    only the delivery's two graphs have no record."""
    store_path, names = bulk_store
    settings = Settings(DEFAULT_BASE, store_path)
    with EmbeddedStore(store_path, read_only=True) as store:
        assert set(unrecorded_graphs(store, settings)) == names


def test_export_and_validate_name_what_they_leave_out(bulk_store, tmp_path):
    store_path, _ = bulk_store
    settings = Settings(DEFAULT_BASE, store_path)
    with EmbeddedStore(store_path, read_only=True) as store:
        unrecorded = unrecorded_graphs(store, settings)
    exported = run_kg("export", "--marking", "TLP:RED", "--output", tmp_path / "out", "--store", store_path, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert f"note: {len(unrecorded)} graph(s) not exported" in exported.stderr and str(unrecorded[0]) in exported.stderr
    data = (tmp_path / "out" / "data.trig").read_text(encoding="utf-8")
    assert f"<{unrecorded[0]}>" not in data  # left out, as the note says
    validated = run_kg("validate", "--all", "--store", store_path, cwd=tmp_path)
    assert f"note: {len(unrecorded)} graph(s) not validated" in validated.stderr, validated.stderr


def test_no_note_for_a_store_of_documents(seed_only, tmp_path):
    store_path = tmp_path / "store"
    build(Settings(DEFAULT_BASE, store_path), articles=seed_only)
    exported = run_kg("export", "--marking", "TLP:RED", "--output", tmp_path / "out", "--store", store_path, cwd=tmp_path)
    assert exported.returncode == 0 and "graph(s) not exported" not in exported.stderr, exported.stderr
    validated = run_kg("validate", "--all", "--store", store_path, cwd=tmp_path)
    assert validated.returncode == 0 and "not validated" not in validated.stderr, validated.stderr
