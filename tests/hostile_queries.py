"""Queries that would make a SPARQL engine call another server (SERVICE), written to slip past a check that reads the
text instead of the parsed query: codepoint escapes that hide a ``#`` in an IRI or spell one, SERVICE inside
OPTIONAL, a subquery, SILENT. ``service_queries(url)`` points each at ``url``; tests prove with a counting loopback
server that Oxigraph itself calls it for each of them, and that the project refuses each before anything is sent."""

from __future__ import annotations


def service_queries(url: str) -> dict[str, str]:
    return {
        "escaped IRI hides the line": "SELECT * WHERE { BIND(<urn:x:\\u0041#> AS ?x) SERVICE <%s/a> { ?s ?p ?o } }" % url,
        "escaped IRI": "SELECT * WHERE { SERVICE <\\u0068ttp%s/c> { ?s ?p ?o } }" % url[4:],
        "lower case, SILENT": "select * where { service silent <%s/d> { ?s ?p ?o } }" % url,
        "inside OPTIONAL": "SELECT * WHERE { OPTIONAL { SERVICE <%s/e> { ?s ?p ?o } } }" % url,
        "inside a subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <%s/f> { ?s ?p ?o } } } }" % url,
        "after a comment": "SELECT * WHERE { # a comment <\n SERVICE <%s/g> { ?s ?p ?o } }" % url,
        "prefixed service IRI": "PREFIX s: <%s/> SELECT * WHERE { SERVICE s:h { ?s ?p ?o } }" % url,
    }
