"""SPARQL text handling: keywords outside strings and IRIs, SERVICE and LOAD refused, VALUES binding."""

from __future__ import annotations

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
