"""The same catalog on a real SPARQL server: ``oxigraph serve`` on 127.0.0.1, loaded through the Graph Store Protocol,
queried through SPARQLWrapper. Results equal the embedded store's; failures are StoreErrors, never hangs."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.api import KnowledgeGraph
from kg.catalog import load_catalog
from kg.config import DEFAULT_BASE, Settings
from kg.errors import QueryError, StoreError
from kg.store import RemoteStore
from kg.vocab import OKG
from golden_manifest import golden_case_with_rows
from helpers import OxigraphServer, free_port

CATALOG = load_catalog()

def _calls():
    """Every catalog query with each of its examples (its header's '# Example:' lines)."""
    for query in CATALOG.values():
        for number, example in enumerate(query.examples):
            yield f"{query.name}-{number}", query.name, example


@pytest.fixture(scope="module")
def embedded(built_store, built_store_path):
    return KnowledgeGraph(built_store, Settings(DEFAULT_BASE, built_store_path))


@pytest.fixture(scope="module")
def remote(loaded_server):
    return kg.connect(loaded_server.query_url, timeout=20)


def _term(value, separator=None):
    if value is None:
        return None
    text = str(value)
    if separator is not None:  # a GROUP_CONCAT list: servers may order its items differently
        text = tuple(sorted(text.split(separator)))
    return type(value).__name__, text, getattr(value, "datatype", None), getattr(value, "language", None)


def _rows(results, name):
    """The rows as comparable values, in an order that does not depend on the engine's tie-breaking."""
    lists = CATALOG[name].list_columns
    rows = [tuple(_term(v, lists.get(var)) for var, v in zip(results.variables, row)) for row in results.rows]
    return sorted(rows, key=repr)


def test_the_server_holds_the_same_graphs(built_store, loaded_server):
    store = RemoteStore(loaded_server.query_url)
    assert store.graph_names() == built_store.graph_names()
    assert len(store) == len(built_store)
    for name in built_store.graph_names():
        assert isomorphic(store.graph(name), built_store.graph(name)), name


@pytest.mark.parametrize("name,params", [call[1:] for call in _calls()], ids=[call[0] for call in _calls()])
def test_every_catalog_query_gives_the_same_rows_remotely(embedded, remote, name, params):
    here, there = embedded.results(name, **params), remote.results(name, **params)
    assert here.variables == there.variables
    if len(here) == 0:  # the project's articles give no distances: the golden case runs it on a server with rows
        assert golden_case_with_rows(CATALOG[name], params), "the example must return rows, or the comparison proves nothing"
    assert _rows(there, name) == _rows(here, name)  # same terms, same datatypes
    here_frame, there_frame = embedded.query(name, **params), remote.query(name, **params)
    assert dict(there_frame.dtypes) == dict(here_frame.dtypes)


def test_values_as_text_are_the_same_on_both_stores_and_match_the_terms(built_store, loaded_server):
    """select_text (the label index's fast path) gives each value's lexical form, None where unbound."""
    query = ("SELECT ?s ?label ?missing WHERE { GRAPH ?g { ?s ?p ?label } OPTIONAL { GRAPH ?g { ?s ?q ?missing } } }"
             " ORDER BY ?s ?label")
    bindings = {"p": URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "q": URIRef("https://example.org/no-such-property")}
    here = built_store.select_text(query, bindings)
    assert len(here) > 10 and all(row[2] is None for row in here)
    assert here == [tuple(None if v is None else str(v) for v in row)
                    for row in built_store.select(query, bindings).rows]
    assert sorted(RemoteStore(loaded_server.query_url).select_text(query, bindings)) == sorted(here)


def test_default_graph_semantics_do_not_change_results(built_store, embedded):
    """The queries name their graphs, so a server whose default graph is the union of all graphs answers alike."""
    server = OxigraphServer(union_default_graph=True)
    try:
        RemoteStore(server.query_url, store_url=server.store_url).bulk_load(
            (name, built_store.graph(name)) for name in built_store.graph_names())
        union = kg.connect(server.query_url)
        # the two servers really differ: an unscoped pattern sees the data only under union semantics
        assert union.store.ask("ASK { ?s ?p ?o }")
        assert not embedded.store.ask("ASK { ?s ?p ?o }")
        for _, name, params in _calls():
            assert _rows(union.results(name, **params), name) == _rows(embedded.results(name, **params), name), name
    finally:
        server.stop()


def test_queries_from_many_threads_at_once(embedded, remote):
    calls = [call[1:] for call in _calls()] * 3
    expected = {name: _rows(embedded.results(name, **params), name) for name, params in calls}
    for graph in (kg.connect(remote.store.query_url), embedded):  # a fresh remote graph: resolver built under load
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda call: (call[0], _rows(graph.results(call[0], **call[1]), call[0])), calls))
        for name, rows in got:
            assert rows == expected[name], name


def test_a_parameter_with_sparql_syntax_is_data_on_the_server(remote):
    hostile = 'x" } } UNION { GRAPH ?g { ?s ?p ?o } } #'
    text = CATALOG["claims_by_source"].text
    assert remote.store.select(text, {"source": Literal(hostile)}).rows == []
    assert remote.store.select(text, {"source": URIRef(DEFAULT_BASE + "org/hajun")}).rows


def test_ingest_through_sparql_update_matches_the_embedded_store(oxigraph_server, settings, tmp_path):
    from conftest import SEED

    server = OxigraphServer()
    try:
        remote = kg.connect(server.query_url, server.update_url, server.store_url)
        first = remote.ingest(SEED)
        again = remote.ingest(SEED)
        with kg.open(tmp_path / "embedded") as local:
            local.ingest(SEED)
            assert remote.store.graph_names() == local.store.graph_names()
            for name in local.store.graph_names():
                there, here = remote.store.graph(name), local.store.graph(name)
                for graph in (there, here):  # the record time is when each store was written: a second apart
                    graph.remove((None, OKG.recordedAt, None))
                assert isomorphic(there, here), name
        assert [r.status for r in again] != [r.status for r in first]
        assert all(r.status == "unchanged" for r in again)
    finally:
        server.stop()


def test_an_unreachable_server_is_a_store_error():
    port = free_port()  # nothing listens there
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/query"):
        kg.connect(f"http://127.0.0.1:{port}/query", timeout=5).query("graph_stats")
    assert time.monotonic() - started < 5


class _SilentServer:
    """Accepts connections and never answers: the server that would hang a client without a timeout."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/query"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        for c in self.connections:
            c.close()
        self.socket.close()


def test_a_server_that_never_answers_times_out():
    server = _SilentServer()
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="did not answer within 1 s"):
            kg.connect(server.url, timeout=1).query("graph_stats")
        assert time.monotonic() - started < 10
        assert server.connections, "the request reached the silent server"
    finally:
        server.close()


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.send_response(503)
        self.end_headers()
        self.wfile.write(b"overloaded")

    do_GET = do_PUT = do_POST

    def log_message(self, *args):
        pass


def test_http_errors_are_store_errors(loaded_server):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/query"
        with pytest.raises(StoreError, match="503"):
            kg.connect(url).query("graph_stats")
        with pytest.raises(StoreError, match="503"):
            RemoteStore(url, store_url=url).bulk_load([(URIRef("urn:g"), Graph())])
    finally:
        httpd.shutdown()
    with pytest.raises(StoreError, match="failed"):  # a path the server does not serve: 404
        kg.connect(loaded_server.base + "/no-such-endpoint").query("graph_stats")


def test_a_query_the_server_rejects_is_a_query_error(remote):
    with pytest.raises(QueryError, match="rejected"):  # the store sends what it is given; the server refuses it
        remote.store.select("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError, match="invalid SPARQL"):  # the API parses a query from outside before sending
        remote.query("SELECT ?x WHERE { ?x ?y }")


def test_service_is_refused_before_anything_is_sent(remote):
    with pytest.raises(QueryError, match="SERVICE"):
        remote.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")


def test_writing_needs_the_write_endpoints(loaded_server):
    read_only = RemoteStore(loaded_server.query_url)
    with pytest.raises(StoreError, match="update"):
        read_only.replace({URIRef("urn:g"): Graph()})
    with pytest.raises(StoreError, match="graph store"):
        read_only.bulk_load([])


def test_bad_endpoint_urls_are_refused():
    with pytest.raises(StoreError, match="not an http"):
        kg.connect("file:///etc/passwd")
