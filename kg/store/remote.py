"""A remote SPARQL 1.1 server as the store: queries through SPARQLWrapper (SPARQL Protocol), writes as one SPARQL
Update request, whole graphs through the Graph Store HTTP Protocol (DESIGN.md §4).

Every request has a timeout (SPARQLWrapper and urllib set none by default), and every failure becomes a StoreError
that names the endpoint: an unreachable server, a timeout, or an HTTP error never hangs and never leaks a library
exception. A request the server rejects as malformed (HTTP 400) is a QueryError, like a bad query on the embedded
store. Every call opens its own SPARQLWrapper, so one RemoteStore serves many threads at once."""

from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, N3, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import QueryError, StoreError
from kg.sparql import bind, query_form, refuse_network_access
from kg.store.base import Results, Store
from kg.store.embedded import bulk_format, has_blank_nodes
from kg.store.updates import replace_update
from kg.terms import from_ox, to_ox

__all__ = ["RemoteStore", "DEFAULT_TIMEOUT", "split_credentials", "json_term"]

#: Seconds a remote request may take before it fails (KG_TIMEOUT overrides it in the CLI).
DEFAULT_TIMEOUT = 30.0

#: The media type of each bulk-loadable format, for Graph Store Protocol requests.
_MEDIA_TYPES = {ox.RdfFormat.N_QUADS: "application/n-quads", ox.RdfFormat.N_TRIPLES: "application/n-triples",
                ox.RdfFormat.TURTLE: "text/turtle", ox.RdfFormat.TRIG: "application/trig"}
_LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class RemoteStore(Store):
    """A SPARQL server: ``query_url`` answers queries; ``update_url`` (SPARQL Update) and ``store_url`` (Graph Store
    Protocol) are needed only to write. For ``oxigraph serve`` they are ``/query``, ``/update`` and ``/store``."""

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, user: str | None = None, password: str | None = None):
        urls, found = [], None
        for url in (query_url, update_url, store_url):
            if url is not None:
                try:
                    url, credentials = split_credentials(url)
                except ValueError as exc:  # a bad port, a bad IPv6 address; the URL itself is not echoed
                    raise StoreError(f"an endpoint URL is not a valid URL: {exc}") from None
                found = found or credentials
                if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                    raise StoreError(f"'{url}' is not an http(s) URL of a SPARQL endpoint")
            urls.append(url)
        if timeout <= 0:
            raise StoreError(f"the timeout must be positive, not {timeout}")
        self.query_url, self.update_url, self.store_url = urls
        self.timeout = timeout
        if user is None and found is not None:
            user, password = found
        self._credentials = (user, password) if user is not None else None

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # --- the SPARQL Protocol ---
    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=self.update_url)
        wrapper.setMethod(POST)  # long parameter VALUES blocks never hit URL length limits
        wrapper.setOnlyConneg(True)  # content negotiation only: no non-standard 'format' parameters
        wrapper.setTimeout(self.timeout)
        if self._credentials:
            wrapper.setCredentials(*self._credentials)
        return wrapper

    def _request(self, url: str, text: str, return_format: str | None = None, update: bool = False) -> bytes:
        wrapper = self._wrapper(url)
        if return_format:
            wrapper.setReturnFormat(return_format)
        if update:
            wrapper.setRequestMethod(POSTDIRECTLY)  # the body is the update: application/sparql-update
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form from keywords and took "?movement" for MOVE: say it instead
        wrapper.queryType = "INSERT" if update else query_form(text)
        try:
            response = wrapper.query().response
            return response.read()
        except SPARQLWrapperException as exc:
            if exc.__class__.__name__ == "QueryBadFormed":
                raise QueryError(f"the server at {url} rejected the request: {_excerpt(exc)}") from exc
            raise StoreError(f"the SPARQL endpoint {url} failed: {_excerpt(exc)}") from exc
        except urllib.error.HTTPError as exc:
            raise StoreError(f"the SPARQL endpoint {url} answered HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(_network_failure(url, exc, self.timeout)) from exc

    def _query(self, query: str, bindings: Mapping[str, Node] | None, return_format: str) -> bytes:
        refuse_network_access(query)
        return self._request(self.query_url, bind(query, bindings or {}), return_format)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> Results:
        document = _json(self._query(query, bindings, JSON), self.query_url)
        if "results" not in document:
            raise QueryError("expected a SELECT query")
        variables = list(document["head"].get("vars", []))
        rows = [tuple(json_term(binding.get(v)) for v in variables) for binding in document["results"]["bindings"]]
        return Results(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        document = _json(self._query(query, bindings, JSON), self.query_url)
        if "boolean" not in document:
            raise QueryError("expected an ASK query")
        return bool(document["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        body = self._query(query, bindings, N3)  # Turtle by content negotiation
        graph = Graph()
        try:
            for triple in ox.parse(body, format=ox.RdfFormat.TURTLE):
                graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint {self.query_url} returned unreadable RDF: {exc}") from exc
        return graph

    # --- writes ---
    def _need(self, url: str | None, what: str) -> str:
        if url is None:
            raise StoreError(f"{what} needs the server's {'update' if 'update' in what else 'graph store'} endpoint; "
                             f"this store was opened with only the query endpoint {self.query_url}")
        return url

    def replace(self, graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]] = {},
                add: Mapping[URIRef, Graph] = {}) -> None:
        """One SPARQL Update request: servers that run a request as one transaction (Oxigraph, Fuseki, GraphDB)
        apply all of it or none of it."""
        url = self._need(self.update_url, "writing through SPARQL update")
        update = replace_update(graphs, remove_subjects, add)
        if update:
            self._request(url, update, update=True)

    def bulk_load(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Replace each graph whole with an HTTP PUT of its N-Triples (Graph Store Protocol): one request per graph,
        not one per triple."""
        url = self._need(self.store_url, "loading graphs through the Graph Store Protocol")
        for name, graph in graphs:
            body = "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in graph).encode("utf-8")
            target = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": str(name)})
            request = urllib.request.Request(target, data=body, method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
            self._send(request, url)

    def load_file(self, path: str | Path, rdf_format: ox.RdfFormat | None = None, *, to_graph: URIRef | None = None,
                  bulk: bool = False, workers: int = 2, chunk_bytes: int = 32 * 2**20,
                  progress: Callable[[int], None] | None = None) -> None:
        """Load an RDF file (N-Quads, N-Triples, Turtle, TriG) through the Graph Store Protocol, streaming: never
        the whole file in memory, never triple by triple.

        N-Quads and N-Triples without blank nodes go in chunks of whole lines (about ``chunk_bytes`` each, one
        POST per chunk, ``workers`` requests at a time); other files in one streamed POST, since blank node labels
        are scoped to one request. Quads are POSTed to the graph store itself (a dataset: Oxigraph, Fuseki and
        others accept it), triples to ``to_graph`` (``?graph=``), or to the default graph when it is None. Each
        request is one transaction on the server and has the store's timeout. ``bulk=True`` asks Oxigraph for its
        bulk loader instead (its ``no_transaction`` parameter: several times faster, not atomic; other servers may
        refuse it). ``progress`` is called from this thread with the bytes sent so far."""
        url = self._need(self.store_url, "loading files through the Graph Store Protocol")
        path = Path(path)
        rdf_format = rdf_format or bulk_format(path)
        params: dict[str, str] = {}
        if rdf_format not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            params.update({"graph": str(to_graph)} if to_graph is not None else {"default": ""})
        if bulk:
            params["no_transaction"] = ""
        target = url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params) if params else url
        headers = {"Content-Type": _MEDIA_TYPES[rdf_format]}
        size = path.stat().st_size
        if rdf_format not in _LINE_FORMATS or has_blank_nodes(path) or size <= chunk_bytes:
            with path.open("rb") as body:
                request = urllib.request.Request(target, data=body, method="POST",
                                                 headers={**headers, "Content-Length": str(size)})
                self._send(request, url)
            if progress:
                progress(size)
            return
        sent = 0
        with ThreadPoolExecutor(max(1, workers), thread_name_prefix="kg-gsp") as pool:
            in_flight: deque = deque()
            for chunk in _line_chunks(path, chunk_bytes):
                if len(in_flight) >= max(1, workers):  # at most this many chunks in memory
                    sent += in_flight.popleft().result()
                    if progress:
                        progress(sent)
                request = urllib.request.Request(target, data=chunk, method="POST", headers=headers)
                in_flight.append(pool.submit(lambda r=request, n=len(chunk): (self._send(r, url), n)[1]))
            while in_flight:
                sent += in_flight.popleft().result()
                if progress:
                    progress(sent)

    def _send(self, request: urllib.request.Request, url: str) -> bytes:
        if self._credentials:
            token = base64.b64encode(":".join(self._credentials).encode()).decode()  # type: ignore[arg-type]
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise StoreError(f"the graph store {url} answered HTTP {exc.code} {exc.reason}: "
                             f"{_excerpt(exc.read())}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(_network_failure(url, exc, self.timeout)) from exc

    # --- the dataset ---
    def graph_names(self) -> set[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return {row[0] for row in rows if isinstance(row[0], URIRef)}

    def __len__(self) -> int:
        """The number of quads in named graphs (the only place this project writes)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without the ``user:password@`` it may carry, and those credentials (percent-decoded). They are sent as
    HTTP Basic authentication and never kept in the URL, so no message, log or repr can show them."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    credentials = (urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or ""))
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), credentials


def _line_chunks(path: Path, size: int) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at the end of a line."""
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk + handle.readline()


def _json(body: bytes, url: str) -> dict:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise StoreError(f"the SPARQL endpoint {url} returned something that is not SPARQL JSON results: "
                         f"{_excerpt(body)}") from exc


def json_term(value: Mapping[str, str] | None) -> Node | None:
    """An rdflib term from a SPARQL 1.1 JSON results binding."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype in (None, _XSD_STRING, _RDF_LANG_STRING):
            return Literal(value["value"])
        return Literal(value["value"], datatype=URIRef(datatype))
    raise StoreError(f"unsupported term in SPARQL results: {kind}")


def _excerpt(value: object, limit: int = 300) -> str:
    if isinstance(value, SPARQLWrapperException):
        text = str(value)
    elif isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _network_failure(url: str, exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return f"the SPARQL endpoint {url} did not answer within {timeout:g} s"
    return f"cannot reach the SPARQL endpoint {url}: {reason}"
