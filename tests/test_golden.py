"""The catalog's golden results, as data (tests/golden/manifest.ttl, read by tests/golden_manifest.py): every case on
the embedded store, and on a real SPARQL server (``oxigraph serve`` on 127.0.0.1) loaded with the same graphs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

import kg
from kg.api import KnowledgeGraph
from kg.build import build
from kg.catalog import load_catalog
from kg.config import DEFAULT_BASE, Settings
from kg.store import EmbeddedStore, RemoteStore

from golden_manifest import SEED, Case, comparable, load_manifest, read_srj
from helpers import OxigraphServer

CATALOG = load_catalog()
CASES = load_manifest()


def _graphs_of(data: str | Path, seed_store: EmbeddedStore, model) -> list[tuple[URIRef, object]]:
    """The named graphs a case runs on: the seed store's, or the ontology, the reference data and a TriG file, or a
    story built from its entity files and fact files (``entities/``, ``articles/``) as ``kg build`` builds them."""
    if data == SEED:
        return [(name, seed_store.graph(name)) for name in sorted(seed_store.graph_names())]
    if Path(data).is_dir():
        with tempfile.TemporaryDirectory() as folder:
            story = Path(data)
            settings = Settings(DEFAULT_BASE, Path(folder) / "store", articles=story / "articles",
                                entities=story / "entities")
            build(settings)
            with EmbeddedStore(settings.store_path, read_only=True) as built:
                return [(name, built.graph(name)) for name in sorted(built.graph_names())]
    settings = Settings(DEFAULT_BASE)
    dataset = Dataset()
    dataset.parse(data, format="trig")
    return [(URIRef(settings.graph("ontology")), model.ontology), (URIRef(settings.graph("reference")), model.reference),
            *((g.identifier, g) for g in dataset.graphs() if len(g))]


@pytest.fixture(scope="module")
def stores(seed_store, seed_store_path, model, tmp_path_factory):
    """A KnowledgeGraph per data set, embedded: the seed store itself, a store loaded from each TriG file."""
    opened, graphs = {}, {}

    def get(data: str | Path) -> KnowledgeGraph:
        if data not in graphs:
            if data == SEED:
                graphs[data] = KnowledgeGraph(seed_store, Settings(DEFAULT_BASE, seed_store_path))
            else:
                path = tmp_path_factory.mktemp("golden") / "store"
                store = opened[data] = EmbeddedStore(path)
                store.bulk_load(_graphs_of(data, seed_store, model))
                graphs[data] = KnowledgeGraph(store, Settings(DEFAULT_BASE, path))
        return graphs[data]

    yield get
    for store in opened.values():
        store.close()


@pytest.fixture(scope="module")
def servers(seed_store, model):
    """A real SPARQL server per data set, loaded with the same graphs through the Graph Store Protocol."""
    started, graphs = [], {}

    def get(data: str | Path) -> KnowledgeGraph:
        if data not in graphs:
            server = OxigraphServer()
            started.append(server)
            store = RemoteStore(server.query_url, server.update_url, server.store_url)
            store.bulk_load(_graphs_of(data, seed_store, model))
            graphs[data] = kg.connect(server.query_url, timeout=30)
        return graphs[data]

    yield get
    for server in started:
        server.stop()


def _check(graph: KnowledgeGraph, case: Case) -> None:
    query = CATALOG[case.query]
    expected = read_srj(case.result)
    got = graph.results(case.query, **query.parse_example(case.parameters))
    assert comparable(got, query, case.ordered) == comparable(expected, query, case.ordered), case.name


def test_the_manifest_lists_every_result_file_and_every_query_has_a_case():
    assert sorted(c.result for c in CASES) == sorted((Path(__file__).parent / "golden" / "results").glob("*.srj"))
    assert len({c.id for c in CASES}) == len(CASES)
    untested = set(CATALOG) - {c.query for c in CASES} - {"graph_stats", "contradictions", "corroboration",
                                                           "assessment_track_record"}
    assert untested == set(), "a catalog query without a golden case"
    assert any(read_srj(c.result).rows == [] for c in CASES), "the negative controls expect no rows"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden_results_on_the_embedded_store(stores, case: Case) -> None:
    _check(stores(case.data), case)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden_results_on_a_sparql_server(servers, case: Case) -> None:
    _check(servers(case.data), case)
