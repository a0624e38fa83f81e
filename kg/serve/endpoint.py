"""The SPARQL 1.1 Protocol endpoint: reading a request (GET ``query=``, POST form or ``application/sparql-query``),
refusing what a read-only, level-restricted endpoint must not do, and handing the query to the worker pool.

Refused before any evaluation:
- updates (``update=``, ``application/sparql-update``): 403;
- ``default-graph-uri`` / ``named-graph-uri`` naming a graph outside the visible dataset: 400 (the workers hold only
  the visible dataset anyway; the refusal says so instead of answering empty);
- requests larger than the limits: 413 (body), 414 (URL, by http.server).
The query text is parsed by the worker (kg.serve.worker), under its time and memory limits: there ``SERVICE`` is
refused (queries never reach the network; ``LOAD`` is an update and no query), and so is a ``FROM`` / ``FROM NAMED``
outside the dataset, both read from the parsed algebra, never from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from kg.serve.pool import QueryAnswer, WorkerPool

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


class SparqlEndpoint:
    """Checks requests against the visible graphs and runs them in the worker pool."""

    def __init__(self, pool: WorkerPool, visible_graphs: set[str], max_rows: int):
        self.pool = pool
        self.visible_graphs = visible_graphs
        self.max_rows = max_rows

    def answer(self, request: SparqlRequest, accept: str | None) -> QueryAnswer:
        """Refuse graphs the protocol parameters name outside the dataset; the query itself is parsed and checked
        in the worker, under its limits (kg.serve.worker)."""
        outside = [g for g in [*request.default_graphs, *request.named_graphs] if g not in self.visible_graphs]
        if outside:
            raise Refused(400, "the query names a graph outside this endpoint's dataset")
        return self.pool.run({"query": request.query, "accept": accept, "max_rows": self.max_rows,
                              "default_graphs": request.default_graphs, "named_graphs": request.named_graphs})
