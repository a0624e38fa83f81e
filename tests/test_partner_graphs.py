"""A partner file writes only the graphs it owns: its own source graph, named graphs new to the store, and named graphs
an earlier delivery of a file of the same name created — never a document's graph (one triple in a TriG file once
destroyed a TLP:RED document's graph; another replaced a GREEN document's graph and put partner text in the GREEN
export). Refused files write nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.config import DEFAULT_BASE, Settings
from kg.errors import InputError
from kg.ingest import ingest_files
from kg.store import EmbeddedStore
from kg.vocab import OKG

NEW_GRAPH = "https://partner.example.org/graph/monitoring"


def _trig(path: Path, graph: str, text: str) -> Path:
    path.write_text(f'<{graph}> {{ <https://partner.example.org/obs/1> <http://www.w3.org/2000/01/rdf-schema#comment> '
                    f'"{text}" . }}\n', encoding="utf-8")
    return path


@pytest.fixture
def store(marked_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(marked_store_path, copy)
    store = EmbeddedStore(copy)
    yield store, Settings(DEFAULT_BASE, copy)
    store.close()


def _document(store, marking) -> URIRef:
    rows = store.select("SELECT ?doc WHERE { GRAPH ?meta { ?doc ?p ?m } }",
                        {"meta": URIRef(f"{DEFAULT_BASE}graph/metadata"), "p": OKG.marking, "m": marking}).rows
    return next(doc for (doc,) in rows if doc in store.graph_names())


@pytest.mark.parametrize("marking", [OKG.TLP_RED, OKG.TLP_GREEN, OKG.TLP_CLEAR])
def test_a_partner_file_cannot_write_a_documents_graph(store, tmp_path, marking):
    store, settings = store
    document = _document(store, marking)
    before = set(store.quads(document))
    path = _trig(tmp_path / "delivery.trig", str(document), "PARTNER-TEXT overwrites the document")
    with pytest.raises(InputError, match="a document's graph"):
        ingest_files(store, [path], settings)
    assert set(store.quads(document)) == before
    assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'PARTNER-TEXT')) } }")


def test_a_partner_file_cannot_write_another_deliverys_source_graph(store, tmp_path):
    store, settings = store
    [first] = ingest_files(store, [_trig(tmp_path / "one.trig", NEW_GRAPH, "first")], settings)
    plain = tmp_path / "plain.ttl"
    plain.write_text('<https://partner.example.org/obs/2> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n',
                     encoding="utf-8")
    [source] = ingest_files(store, [plain], settings)
    assert first.status == source.status == "added"
    with pytest.raises(InputError, match="a document's graph"):
        ingest_files(store, [_trig(tmp_path / "other.trig", str(source.document), "PARTNER-TEXT")], settings)


def test_named_graphs_belong_to_the_delivery_that_created_them(store, tmp_path):
    store, settings = store
    first = tmp_path / "first"
    first.mkdir()
    [added] = ingest_files(store, [_trig(first / "monitoring.trig", NEW_GRAPH, "version one")], settings)
    assert added.status == "added"
    second = tmp_path / "second"
    second.mkdir()
    [updated] = ingest_files(store, [_trig(second / "monitoring.trig", NEW_GRAPH, "version two")], settings)
    assert updated.status == "added"  # a new delivery (new bytes, new source graph) of the same file
    texts = {str(q.object.value) for q in store.quads(URIRef(NEW_GRAPH))}
    assert texts == {"version two"}
    with pytest.raises(InputError, match="a delivery of monitoring.trig created"):
        ingest_files(store, [_trig(tmp_path / "intruder.trig", NEW_GRAPH, "PARTNER-TEXT")], settings)
    assert {str(q.object.value) for q in store.quads(URIRef(NEW_GRAPH))} == {"version two"}


def test_a_graph_no_delivery_created_is_not_a_partners(store, tmp_path):
    """A graph bulk-loaded by kg build --rdf (no delivery record) is not writable by a partner file."""
    store, settings = store
    bulk = URIRef("https://bulk.example.org/graph")
    store.replace({bulk: _graph_with_one_triple()})
    with pytest.raises(InputError, match="no partner delivery created"):
        ingest_files(store, [_trig(tmp_path / "delivery.trig", str(bulk), "PARTNER-TEXT")], settings)


def _graph_with_one_triple():
    from rdflib import Graph, Literal

    graph = Graph()
    graph.add((URIRef("https://bulk.example.org/s"), URIRef("https://bulk.example.org/p"), Literal("bulk")))
    return graph
