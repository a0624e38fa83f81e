"""The SPARQL 1.1 Protocol endpoint: reading a request (GET ``query=``, POST form or ``application/sparql-query``),
refusing what a read-only, level-restricted endpoint must not do, and handing the query to the worker pool.

Refused before any evaluation:
- updates (``update=``, ``application/sparql-update``): 403;
- ``SERVICE`` and ``LOAD``: 400 (queries never reach the network);
- ``FROM`` / ``FROM NAMED`` / ``default-graph-uri`` / ``named-graph-uri`` naming a graph outside the visible
  dataset: 400 (the workers hold only the visible dataset anyway; the refusal says so instead of answering empty);
- requests larger than the limits: 413 (body), 414 (URL, by http.server).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from kg.errors import QueryError
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, choose
from kg.serve.pool import QueryAnswer, WorkerPool
from kg.sparql import query_form, refuse_network_access

__all__ = ["SparqlEndpoint", "Refused", "MAX_BODY_BYTES", "MAX_QUERY_CHARS"]

MAX_BODY_BYTES = 256 * 1024
MAX_QUERY_CHARS = 64 * 1024


class Refused(Exception):
    """A request the endpoint answers with ``status`` and a plain-text ``message`` (no internals)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class SparqlRequest:
    query: str
    default_graphs: list[str]
    named_graphs: list[str]


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise Refused(400, f"give '{name}' once")
    return values[0] if values else None


def parse_request(method: str, query_string: str, content_type: str, body: bytes | None) -> SparqlRequest | None:
    """The query of a protocol request, or None when there is none (the form page is shown instead)."""
    try:
        params = parse_qs(query_string, keep_blank_values=True, max_num_fields=100, strict_parsing=False)
    except ValueError as exc:
        raise Refused(400, "too many parameters") from exc
    if "update" in params:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    query = None
    if method == "POST":
        media = content_type.split(";")[0].strip().lower()
        text = (body or b"").decode("utf-8", errors="strict") if body else ""
        if media == "application/sparql-update":
            raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
        if media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(text, keep_blank_values=True, max_num_fields=100)
            except ValueError as exc:
                raise Refused(400, "too many form fields") from exc
            if "update" in form:
                raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
            query = _one(params, "query")
        elif media == "application/sparql-query":
            if "query" in params:
                raise Refused(400, "give the query either in the body or as a parameter, not both")
            query = text
        else:
            raise Refused(415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
    else:
        query = _one(params, "query")
    if query is None:
        return None
    if len(query) > MAX_QUERY_CHARS:
        raise Refused(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return SparqlRequest(query, params.get("default-graph-uri", []), params.get("named-graph-uri", []))


def dataset_clause(text: str) -> list[str]:
    """The graph IRIs a query's FROM and FROM NAMED clauses name (prefixes and BASE resolved).

    Only the part before the first ``{`` is parsed (rdflib's parser is slow on large input and runs in the server
    process, without the workers' time limit); a FROM that part does not account for is refused."""
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.sparql import _mask

    masked = _mask(text)
    total = len(re.findall(r"\bFROM\b", masked, re.IGNORECASE))
    if not total:
        return []
    brace = masked.find("{")
    head = text[:brace] + "{}" if brace >= 0 else text
    if len(head) > 16 * 1024:
        raise Refused(400, "the query's prologue and dataset clause are too long")
    try:
        parsed = parseQuery(head)
        prologue = translatePrologue(parsed[0], None)
        names = []
        for clause in parsed[1].get("datasetClause", None) or []:
            iri = dict.get(clause, "default", None)  # CompValue.get answers the key itself when it is missing
            if iri is None:
                iri = dict.get(clause, "named", None)
            names.append(str(prologue.absolutize(iri)))
    except Exception as exc:  # the dataset cannot be checked: refuse rather than guess
        raise Refused(400, "the query's FROM clauses could not be read; name visible graphs as full IRIs") from exc
    if len(names) != total:
        raise Refused(400, "FROM and FROM NAMED belong before the query's WHERE clause")
    return names


class SparqlEndpoint:
    """Checks requests against the visible graphs and runs them in the worker pool."""

    def __init__(self, pool: WorkerPool, visible_graphs: set[str], max_rows: int):
        self.pool = pool
        self.visible_graphs = visible_graphs
        self.max_rows = max_rows

    def answer(self, request: SparqlRequest, accept: str | None) -> QueryAnswer:
        text = request.query
        try:
            refuse_network_access(text)
            form = query_form(text)
        except QueryError as exc:
            raise Refused(400, str(exc)) from exc
        outside = [g for g in [*dataset_clause(text), *request.default_graphs, *request.named_graphs]
                   if g not in self.visible_graphs]
        if outside:
            raise Refused(400, "the query names a graph outside this endpoint's dataset")
        if form in ("SELECT", "ASK"):
            offers = RESULT_TYPES if form == "SELECT" else RESULT_TYPES[:2]
        else:
            offers = GRAPH_TYPES
        media_type = choose(accept, offers)
        return self.pool.run({"query": text, "type": media_type, "max_rows": self.max_rows,
                              "default_graphs": request.default_graphs, "named_graphs": request.named_graphs})
