"""SPARQL text handling: keywords outside strings and IRIs, SERVICE and LOAD refused, VALUES binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.sparql import bind, keywords, query_form, refuse_network_access
from kg.store import EmbeddedStore


def test_keywords_ignore_strings_iris_comments_and_prefixed_names():
    text = '''SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE" . ?s ex:service ?o } # SERVICE'''
    assert "SERVICE" not in keywords(text)
    assert {"SELECT", "WHERE"} <= keywords(text)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
])
def test_service_is_refused_before_the_engine_sees_it(query, tmp_path):
    with pytest.raises(QueryError, match="SERVICE"):
        refuse_network_access(query)
    with EmbeddedStore(None) as store, pytest.raises(QueryError, match="network"):
        store.select(query)


def test_query_form():
    assert query_form("# SELECT in a comment\nASK { ?s ?p ?o }") == "ASK"
    assert query_form("PREFIX a: <http://x/CONSTRUCT> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(QueryError):
        query_form("INSERT DATA { <a:b> <a:c> <a:d> }")


def test_bind_puts_values_in_the_where_group_where_filters_see_them():
    store = EmbeddedStore(None)
    store._store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 , 5 , 9 } }')
    query = "SELECT ?o WHERE { GRAPH ?g { ?s <urn:p> ?o } FILTER(?o > ?min) } ORDER BY ?o"
    rows = store.select(query, {"min": Literal(4)}).rows
    assert [int(r[0]) for r in rows] == [5, 9]
    construct = "CONSTRUCT { ?s <urn:q> ?o } WHERE { GRAPH ?g { ?s <urn:p> ?o } FILTER(?o = ?v) }"
    assert len(store.construct(construct, {"v": Literal(9)})) == 1


def test_bind_refuses_bad_names_and_terms():
    with pytest.raises(QueryError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"bad name": URIRef("urn:x")})
    with pytest.raises(QueryError):
        bind("INSERT DATA { }", {"x": URIRef("urn:x")})


def test_bind_reaches_into_subqueries():
    """A subquery is evaluated before its enclosing query: the parameter must be bound inside it too."""
    store = EmbeddedStore(None)
    store._store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 . <urn:b> <urn:p> 3 } }")
    query = """SELECT ?s ?n WHERE {
                 { SELECT ?s (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <urn:p> ?o } FILTER(?s = ?who) } GROUP BY ?s }
               }"""
    rows = store.select(query, {"who": URIRef("urn:b")}).rows
    assert [(str(s), int(n)) for s, n in rows] == [("urn:b", 2)]
    assert bind(query, {"who": URIRef("urn:b")}).count("VALUES (?who)") == 2


def test_oxigraph_itself_calls_every_hostile_service():
    """The control: each query of tests/hostile_queries.py does reach the network when nothing checks it."""
    import pyoxigraph as ox

    from helpers import counting_server
    from hostile_queries import service_queries

    empty_results = b'{"head": {"vars": []}, "results": {"bindings": []}}'
    with counting_server(empty_results, "application/sparql-results+json") as (base, requests):
        for name, query in service_queries(base).items():
            before = len(requests)
            try:
                list(ox.Store().query(query))
            except (SyntaxError, OSError):
                pass
            assert len(requests) > before, f"Oxigraph did not call the service of {name!r}"


def test_every_hostile_service_is_refused_before_anything_is_sent(seed_store, seed_store_path, tmp_path):
    """From the parsed algebra (kg.queryfacts): by the Python API and by ``kg query FILE.rq``; and by the stores'
    own second line of defence (kg.sparql.refuse_network_access)."""
    import subprocess
    import sys

    from helpers import counting_server
    from hostile_queries import service_queries
    from kg.api import KnowledgeGraph
    from kg.config import DEFAULT_BASE, Settings
    from kg.queryfacts import refuse_services

    graph = KnowledgeGraph(seed_store, Settings(DEFAULT_BASE, tmp_path / "unused"))
    with counting_server(b"{}", "application/sparql-results+json") as (base, requests):
        for name, query in service_queries(base).items():
            with pytest.raises(QueryError):
                refuse_services(query)
            with pytest.raises(QueryError):
                graph.results(query)
            with pytest.raises(QueryError, match="SERVICE"):
                seed_store.select(query)
            path = tmp_path / "hostile.rq"
            path.write_text("# Title: hostile\n# Description: calls a service\n" + query, encoding="utf-8")
            done = subprocess.run([str(Path(sys.executable).parent / "kg"), "query", str(path), "--store",
                                   str(seed_store_path)], capture_output=True,
                                  text=True, timeout=120, cwd=tmp_path)
            assert done.returncode == 2 and "Traceback" not in done.stderr, (name, done.stderr)
        assert requests == []


def test_the_catalog_calls_no_service():
    """The catalog's queries run unparsed (they ship with the package): this checks them once, on their algebra."""
    from kg.catalog import load_catalog
    from kg.queryfacts import query_facts

    for name, entry in load_catalog().items():
        assert query_facts(entry.text).services == (), name


def test_a_long_query_is_parsed_not_refused():
    """400 triple patterns: rdflib's parser needs more than Python's default recursion limit."""
    from kg.queryfacts import query_facts

    text = "SELECT * WHERE { " + " ".join(f"?s{i} <urn:p> ?o{i} ." for i in range(400)) + " }"
    assert query_facts(text).form == "SELECT"
