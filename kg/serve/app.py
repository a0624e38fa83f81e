"""The HTTP application: a read-only linked-data server over the dataset one TLP level may see.

At start-up the visible dataset (:func:`kg.marking.visible_dataset`) is copied out of the store; the store is then
closed and every answer comes from that copy: entity pages and documents from an in-memory pyoxigraph store in this
process, SPARQL from worker processes holding the same quads (:mod:`kg.serve.pool`).

Routes: ``/`` (index), ``/ontology`` (documentation), ``/sparql`` (SPARQL 1.1 Protocol), and every IRI under the
base mapped onto the server by its last path segment (``https://w3id.org/osint-kg/id/org/hajun`` → ``/id/org/hajun``):
the IRI answers 303 to ``.html``, ``.ttl`` or ``.jsonld`` by the Accept header; unknown or invisible IRIs answer the
same 404 bytes.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
from rdflib.namespace import SKOS

from kg.config import Settings
from kg.marking import VisibleDataset, marking_level, visible_dataset
from kg.model import Model
from kg.ontodoc import ontology_html
from kg.serve import html
from kg.serve.describe import describe, to_jsonld, to_turtle
from kg.serve.endpoint import MAX_BODY_BYTES, Refused, SparqlEndpoint, parse_request
from kg.serve.negotiation import ENTITY_FORMATS, choose
from kg.serve.pool import DEFAULT_MAX_MEMORY, WorkerPool
from kg.serve.workdir import Workdir

__all__ = ["ServeOptions", "Site", "build_site", "make_server", "BODY_SECONDS"]

#: Seconds a POST body may take to arrive, all of it (then 408).
BODY_SECONDS = 10.0

_SUFFIXES = {suffix: media for media, suffix in ENTITY_FORMATS.items()}
_CONTENT_TYPES = {"text/html": "text/html; charset=utf-8", "text/turtle": "text/turtle; charset=utf-8",
                  "application/ld+json": "application/ld+json"}
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'",
}
_RESULT_CONTENT_TYPES = {"text/csv": "text/csv; charset=utf-8",
                         "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
                         "text/turtle": "text/turtle; charset=utf-8"}


@dataclass
class ServeOptions:
    level: str = "TLP:CLEAR"
    query_timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes a worker may take for one query beyond its dataset


def entity_prefix(base: str) -> str:
    """The server path of the base: its last path segment (``https://w3id.org/osint-kg/id/`` → ``/id/``)."""
    segments = [s for s in urlsplit(base).path.split("/") if s]
    return f"/{segments[-1]}/" if segments else "/"


class Site:
    """Everything a request handler reads: the visible dataset, the rendered ontology page, the SPARQL endpoint."""

    def __init__(self, dataset: VisibleDataset, settings: Settings, model: Model, options: ServeOptions):
        self.dataset = dataset
        self.store: ox.Store = dataset.store
        self.settings = settings
        self.options = options
        self.level = next((str(n) for n in model.ontology.objects(dataset.level, SKOS.notation)), str(dataset.level))
        self.prefix = entity_prefix(settings.base)
        self.linker = html.Linker(settings.base, self.prefix)
        self.ontology_page = ontology_html(model, site_links=True).encode("utf-8")
        self.triples = len(self.store)
        self.documents = [str(d) for d in dataset.documents]
        self.visible_graphs = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        self._workdir = Workdir()  # removes the copies of servers that were killed
        try:
            dump = self._workdir.path / "visible.nq"
            with open(dump, "wb") as out:
                self.store.dump(out, format=ox.RdfFormat.N_QUADS)
            dump.chmod(0o600)
            self.pool = WorkerPool(dump, size=options.workers, timeout=options.query_timeout,
                                   max_memory=options.max_memory)
        except BaseException:
            self._workdir.close()
            raise
        self.endpoint = SparqlEndpoint(self.pool, self.visible_graphs, options.max_rows)

    def close(self) -> None:
        self.pool.close()
        self._workdir.close()


def build_site(store_path: Path | None, options: ServeOptions) -> Site:
    """Open the store read-only, copy out what the level may see, close the store."""
    from kg.api import open as open_graph

    graph = open_graph(store_path, read_only=True)
    try:
        model = Model.load(graph.settings.base)
        level = marking_level(options.level, model)
        dataset = visible_dataset(graph.store, level, graph.settings, model)
    finally:
        graph.close()
    return Site(dataset, graph.settings, model, options)


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stalls while sending its request line or headers is dropped

    @property
    def site(self) -> Site:
        return self.server.site  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not getattr(self.server, "quiet", False):
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # --- responses ---
    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**_SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _not_found(self) -> None:
        self._send(404, html.NOT_FOUND_PAGE, "text/html; charset=utf-8")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, URL too long): plain text, nothing reflected."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        self._text(code, f"{code} {phrase}", {"Connection": "close"})

    # --- methods ---
    def do_GET(self) -> None:  # noqa: N802
        try:
            self._route(None)
        except Refused as exc:
            self._text(exc.status, exc.message)
        except Exception:  # never reflect internals
            self._text(500, "internal error")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        try:
            path = urlsplit(self.path).path
            if path != "/sparql":
                self._text(405, "this server is read-only", {"Allow": "GET, HEAD"})
                return
            length = self.headers.get("Content-Length")
            if self.headers.get("Transfer-Encoding") or length is None:
                self.close_connection = True
                self._text(411, "a POST needs a Content-Length")
                return
            try:
                size = int(length)
            except ValueError:
                size = -1
            if size < 0 or size > MAX_BODY_BYTES:
                self.close_connection = True
                self._text(413, f"the request body must be at most {MAX_BODY_BYTES} bytes")
                return
            self._route(self._read_body(size))
        except Refused as exc:
            self._text(exc.status, exc.message)
        except Exception:
            self._text(500, "internal error")

    def _read_body(self, size: int) -> bytes:
        """The request body, which must arrive whole within BODY_SECONDS (the socket's per-read timeout alone lets a
        client trickle one byte at a time for ever): 408 when it does not, 400 when it ends early."""
        deadline, chunks, left = time.monotonic() + BODY_SECONDS, [], size
        try:
            while left > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.connection.settimeout(remaining)
                chunk = self.rfile.read1(min(left, 65536))
                if not chunk:
                    self.close_connection = True
                    raise Refused(400, f"the request body ended after {size - left} of {size} bytes")
                chunks.append(chunk)
                left -= len(chunk)
        except TimeoutError:
            self.close_connection = True
            raise Refused(408, f"the request body did not arrive within {BODY_SECONDS:g} s") from None
        finally:
            self.connection.settimeout(self.timeout)
        return b"".join(chunks)

    def _refuse_method(self) -> None:
        self._text(405, "this server is read-only", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    # --- routing ---
    def _route(self, body: bytes | None) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        site = self.site
        if path == "/":
            self._send(200, html.index_page(site.store, site.linker, site.documents, site.level, site.triples),
                       "text/html; charset=utf-8")
        elif path == "/ontology":
            self._send(200, site.ontology_page, "text/html; charset=utf-8")
        elif path == "/sparql":
            self._sparql(parts.query, body)
        elif path.startswith(site.prefix) and len(path) > len(site.prefix):
            self._entity(path)
        else:
            self._not_found()

    def _sparql(self, query_string: str, body: bytes | None) -> None:
        try:
            request = parse_request(self.command, query_string, self.headers.get("Content-Type", ""), body)
        except UnicodeDecodeError as exc:
            raise Refused(400, "the request is not UTF-8") from exc
        if request is None:
            self._send(200, html.sparql_page(self.site.level), "text/html; charset=utf-8")
            return
        started = time.perf_counter()
        answer = self.site.endpoint.answer(request, self.headers.get("Accept"))
        elapsed = f"{time.perf_counter() - started:.3f}"
        if answer.status != 200:
            self._text(answer.status, answer.message, {"X-Query-Seconds": elapsed})
            return
        content_type = _RESULT_CONTENT_TYPES.get(answer.media_type, answer.media_type)
        self._send(200, answer.body, content_type, {"Vary": "Accept", "X-Query-Seconds": elapsed})

    def _describe(self, path: str):
        """The description of the IRI a path names (as sent, or percent-decoded for IRIs with non-ASCII letters)."""
        site = self.site
        rest = path[len(site.prefix):]
        for candidate in dict.fromkeys((rest, unquote(rest))):
            description = describe(site.store, site.settings.base + candidate)
            if description is not None:
                return description
        return None

    def _entity(self, path: str) -> None:
        site = self.site
        if self._describe(path) is not None:
            media = choose(self.headers.get("Accept"), list(ENTITY_FORMATS))
            location = path + ENTITY_FORMATS[media]
            self._send(303, f"See {location}\n".encode(), "text/plain; charset=utf-8",
                       {"Location": location, "Vary": "Accept"})
            return
        for suffix, media in _SUFFIXES.items():
            if path.endswith(suffix):
                stem = path[: -len(suffix)]
                description = self._describe(stem)
                if description is None:
                    break
                if media == "text/html":
                    body = html.entity_page(site.store, site.linker, description, site.level, stem)
                elif media == "text/turtle":
                    body = to_turtle(description)
                else:
                    body = to_jsonld(description)
                self._send(200, body, _CONTENT_TYPES[media], {"Link": f'<{stem}>; rel="describes"'})
                return
        self._not_found()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def make_server(site: Site, host: str, port: int, quiet: bool = False) -> ThreadingHTTPServer:
    server = _Server((host, port), Handler)
    server.site = site  # type: ignore[attr-defined]
    server.quiet = quiet  # type: ignore[attr-defined]
    return server
