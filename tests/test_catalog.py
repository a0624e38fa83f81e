"""The query catalog: every .rq file has a header and runs; golden results on the founding article's graph, compared
with typed values; parameters are bound as RDF terms, never pasted into the text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from rdflib import Literal, URIRef

from kg.api import KnowledgeGraph
from kg.catalog import load_catalog
from kg.config import DEFAULT_BASE, Settings
from kg.errors import QueryError
from kg.sparql import bind
from golden_manifest import golden_case_with_rows

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def graph(seed_store, seed_store_path):
    """The founding article's graph: small, fixed data for golden results."""
    return KnowledgeGraph(seed_store, Settings(DEFAULT_BASE, seed_store_path))


def test_every_query_has_title_description_and_typed_parameters():
    assert len(CATALOG) >= 5
    for query in CATALOG.values():
        assert query.title and query.description, query.name
        for p in query.parameters:
            assert p.description, (query.name, p.name)


def test_every_query_has_an_example_that_returns_rows_on_the_founding_article(graph):
    """A query's examples live in its header ('# Example:'); the first names every required parameter. An example
    returns rows on the founding article's graph, or, where the founding article does not hold what the query asks
    (it gives no distances), it is a golden case of its own with rows expected (tests/test_golden.py runs it)."""
    for query in CATALOG.values():
        assert query.examples, query.name
        first = query.examples[0]
        assert {p.name for p in query.parameters if p.required} <= set(first), query.name
        for example in query.examples:
            assert len(graph.query(query.name, **example)) > 0 or golden_case_with_rows(query, example), \
                (query.name, example)


def test_example_lines_are_checked_against_the_parameters(tmp_path):
    from kg.catalog import parse_query_file
    from kg.errors import ModelError

    path = tmp_path / "q.rq"
    header = "# Title: T\n# Description: D\n# Parameter: place (entity, required) A place.\n"
    path.write_text(header + '# Example: place="Belarus–Ukraine border"\nSELECT * WHERE { }\n', encoding="utf-8")
    assert parse_query_file(path).examples == ({"place": "Belarus–Ukraine border"},)
    for bad in ("colour=red", "place", 'place="unclosed'):
        path.write_text(header + f"# Example: {bad}\nSELECT * WHERE {{ }}\n", encoding="utf-8")
        with pytest.raises(ModelError, match="bad example line"):
            parse_query_file(path)


def test_frames_have_typed_columns(graph):
    frame = graph.query("claims_by_source", source="Hajun")
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert str(frame["credibility"].dtype) == "Int64"
    frame = graph.query("events_in_period", start="2022-12-01", end="2022-12-31")
    assert pd.api.types.is_datetime64_any_dtype(frame["from"])


def _dates(*days: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(d) for d in days]


def test_golden_graph_stats(graph, model):
    frame = graph.query("graph_stats")
    by_graph = dict(zip(frame["graph"], frame["triples"]))
    assert by_graph[DEFAULT_BASE + "graph/ontology"] == len(model.ontology)
    assert by_graph[DEFAULT_BASE + "graph/reference"] == len(model.reference)
    assert "NewsArticle" in set(frame["kind"])


def test_a_parameter_with_sparql_syntax_is_data(graph):
    hostile = 'x" } } UNION { GRAPH ?g { ?s ?p ?o } } #'
    with pytest.raises(QueryError, match="no entity is named"):
        graph.query("claims_by_source", source=hostile)
    # bound directly as a literal, it is one term: it matches nothing and comments nothing out
    text = CATALOG["claims_by_source"].text
    assert graph.store.select(text, {"source": Literal(hostile)}).rows == []
    assert hostile not in bind(text, {"source": Literal("safe")})
    assert '\\"' in bind(text, {"source": Literal(hostile)})


def test_unknown_query_and_parameters_are_query_errors(graph):
    with pytest.raises(QueryError, match="no query named"):
        graph.query("no_such_query")
    with pytest.raises(QueryError, match="needs parameter 'source'"):
        graph.query("claims_by_source")
    with pytest.raises(QueryError, match="has no parameter"):
        graph.query("graph_stats", colour="red")


def test_ad_hoc_sparql_returns_a_typed_frame(graph):
    frame = graph.query("""SELECT ?date WHERE { GRAPH ?g { ?span <https://w3id.org/osint-kg/ontology#earliest> ?date } }
                           ORDER BY ?date LIMIT 1""")
    assert frame["date"].tolist() == [pd.Timestamp(dt.date(2022, 2, 24))]


def test_entity_parameters_accept_iris(graph):
    by_iri = graph.query("claims_by_source", source=URIRef(DEFAULT_BASE + "org/hajun"))
    by_alias = graph.query("claims_by_source", source="Гаюн")
    assert sorted(by_iri["claim"]) == sorted(by_alias["claim"])


