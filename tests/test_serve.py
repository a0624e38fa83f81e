"""``kg serve`` as a real process on 127.0.0.1 over the marked store (a TLP:RED document and a RED claim in a CLEAR
document, full of canary strings): dereferenceable IRIs with content negotiation (urllib, 303s inspected), the SPARQL
endpoint (urllib and SPARQLWrapper), its refusals and limits, leak-proofing at the default level (TLP:CLEAR), the
ontology page, and a screenshot of an entity page by headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import CANARIES
from kg.config import DEFAULT_BASE, Settings
from kg.marking import marking_level, visible_dataset
from kg.model import Model
from kg.store import EmbeddedStore
from kg.vocab import OKG
from helpers import KgServe

QUERY_TIMEOUT = 2.0
HAJUN = DEFAULT_BASE + "org/hajun"


class Server(KgServe):
    """``kg serve`` with the tests' query timeout; no --marking unless given: the default must be TLP:CLEAR."""

    def __init__(self, store_path: Path, log: Path, *extra: str):
        super().__init__(store_path, log, "--query-timeout", str(QUERY_TIMEOUT), *extra)

    def workers(self) -> set[int]:
        """Process ids of the server's SPARQL workers."""
        children = set()
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children |= {int(p) for p in (task / "children").read_text().split()}
        return children


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_no_redirect = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, accept: str | None = None, data: bytes | None = None, method: str | None = None,
          headers: dict[str, str] | None = None, follow: bool = True):
    """(status, headers, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if accept:
        request.add_header("Accept", accept)
    opener = urllib.request.build_opener() if follow else _no_redirect
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sparql(server: Server, query: str, accept: str = "application/sparql-results+json", **params: str):
    form = urllib.parse.urlencode({"query": query, **params}).encode()
    return fetch(server.url + "/sparql", accept=accept, data=form,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})


def rows(server: Server, query: str) -> list[dict]:
    status, _, body = sparql(server, query)
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


@pytest.fixture(scope="module")
def restricted(marked_store_path):
    """What the tests know independently of the server: the CLEAR dataset and the RED IRIs."""
    store = EmbeddedStore(marked_store_path, read_only=True)
    settings, model = Settings(DEFAULT_BASE, marked_store_path), Model.load(DEFAULT_BASE)
    dataset = visible_dataset(store, marking_level("TLP:CLEAR", model), settings, model)
    red_docs = {d for d, in store.select("SELECT ?d WHERE { GRAPH ?g { ?d ?p ?m } }",
                                         {"p": OKG.marking, "m": OKG.TLP_RED}).rows}
    red_subjects = {s for s, in store.select("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
                                             "FILTER(CONTAINS(STR(?o), 'CANARY')) FILTER(isIRI(?s)) }").rows}
    store.close()
    assert red_docs and red_subjects
    return dataset, sorted(str(d) for d in red_docs), sorted(str(s) for s in red_subjects)


@pytest.fixture(scope="module")
def server(marked_store_path, restricted, tmp_path_factory):
    started = time.perf_counter()
    running = Server(marked_store_path, tmp_path_factory.mktemp("serve") / "serve.log")
    print(f"kg serve answered after {time.perf_counter() - started:.2f} s")
    yield running
    running.stop()


def path_of(iri: str) -> str:
    assert iri.startswith(DEFAULT_BASE)
    return "/id/" + iri[len(DEFAULT_BASE):]


def assert_no_canary(body: bytes, where: str) -> None:
    text = body.decode("utf-8", errors="replace")
    assert not [c for c in CANARIES if c in text], f"a canary leaked in {where}"


# --- dereferencing ---

@pytest.mark.parametrize("accept, suffix, content_type", [
    (None, ".html", "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html", "text/html"),
    ("text/turtle", ".ttl", "text/turtle"),
    ("application/ld+json", ".jsonld", "application/ld+json"),
    ("text/turtle;q=0.5, application/ld+json", ".jsonld", "application/ld+json"),
])
def test_an_iri_answers_303_to_the_document_for_the_accept_header(server, accept, suffix, content_type):
    status, headers, _ = fetch(server.url + path_of(HAJUN), accept=accept, follow=False)
    assert status == 303
    assert headers["Location"] == path_of(HAJUN) + suffix
    assert "Accept" in headers["Vary"]
    status, headers, body = fetch(server.url + headers["Location"])
    assert status == 200 and headers["Content-Type"].startswith(content_type)
    assert b"Belarusian Hajun" in body


def test_turtle_and_jsonld_describe_the_entity_with_the_labels_of_what_it_links_to(server):
    _, _, turtle = fetch(server.url + path_of(HAJUN) + ".ttl")
    _, _, jsonld = fetch(server.url + path_of(HAJUN) + ".jsonld")
    document = json.loads(jsonld)
    assert isinstance(document["@context"], dict), "the JSON-LD context must be inline, never a remote reference"
    graphs = [Graph().parse(data=turtle, format="turtle"),
              Graph().parse(data=jsonld, format="json-ld", base=server.url)]
    hajun, belarus = URIRef(HAJUN), URIRef(DEFAULT_BASE + "state/belarus")
    for graph in graphs:
        assert (hajun, SKOS.prefLabel, Literal("Belarusian Hajun", lang="en")) in graph
        assert (hajun, OKG.country, belarus) in graph
        assert (belarus, SKOS.prefLabel, Literal("Belarus", lang="en")) in graph
    assert len(graphs[0]) == len(graphs[1])


def test_the_html_page_shows_label_types_links_and_the_documents_statements_come_from(server):
    claim = rows(server, "SELECT ?c WHERE { GRAPH ?g { ?c a ?t ; ?p ?o } FILTER(?t = <%s>) } LIMIT 1" % OKG.Claim)
    page_path = path_of(claim[0]["c"]["value"]) + ".html"
    status, _, body = fetch(server.url + page_path)
    page = body.decode()
    assert status == 200
    assert "<h1>" in page and ">claim<" in page.lower()            # the type, labelled, linked to the ontology
    assert 'href="/ontology#Claim"' in page and 'href="/ontology"' in page and 'href="/sparql"' in page
    assert 'href="/id/document/' in page                            # the graph (document) each statement is in
    _, _, hajun = fetch(server.url + path_of(HAJUN) + ".html")
    assert 'href="/id/state/belarus"' in hajun.decode() and "graph/reference" in hajun.decode()


def test_invisible_iris_answer_exactly_like_iris_that_do_not_exist(server, restricted):
    _, red_docs, red_subjects = restricted
    status, headers, missing = fetch(server.url + "/id/org/no-such-organisation")
    assert status == 404
    expected = {k: v for k, v in headers.items() if k != "Date"}
    for iri in [*red_docs, *red_subjects]:
        for suffix in ("", ".html", ".ttl", ".jsonld"):
            status, headers, body = fetch(server.url + path_of(iri) + suffix, accept="text/turtle")
            assert status == 404 and body == missing, iri
            assert {k: v for k, v in headers.items() if k != "Date"} == expected


# --- the SPARQL endpoint ---

def test_sparqlwrapper_reads_every_results_format(server):
    endpoint = SPARQLWrapper(server.url + "/sparql")
    endpoint.setQuery("SELECT ?label WHERE { GRAPH ?g { <%s> <%s> ?label } }" % (HAJUN, SKOS.prefLabel))
    endpoint.setReturnFormat(JSON)
    assert [b["label"]["value"] for b in endpoint.query().convert()["results"]["bindings"]] == ["Belarusian Hajun"]
    endpoint.setReturnFormat(XML)
    assert "Belarusian Hajun" in endpoint.query().convert().toxml()
    endpoint.setReturnFormat(CSV)
    assert endpoint.query().convert().decode().splitlines() == ["label", "Belarusian Hajun"]
    endpoint.setMethod(POST)
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery("ASK { GRAPH ?g { <%s> ?p ?o } }" % HAJUN)
    assert endpoint.query().convert()["boolean"] is True
    endpoint.setQuery("CONSTRUCT { <%s> ?p ?o } WHERE { GRAPH ?g { <%s> ?p ?o } }" % (HAJUN, HAJUN))
    endpoint.setReturnFormat(TURTLE)
    graph = Graph().parse(data=endpoint.query().convert(), format="turtle")
    assert (URIRef(HAJUN), SKOS.prefLabel, Literal("Belarusian Hajun", lang="en")) in graph
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        endpoint.query()


def test_get_and_the_sparql_query_body_work_too(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, get = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    status2, _, body = fetch(server.url + "/sparql", data=query.encode(),
                             headers={"Content-Type": "application/sparql-query"})
    assert status == status2 == 200 and json.loads(get) == json.loads(body)
    status, headers, tsv = fetch(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                 accept="text/tab-separated-values")
    assert status == 200 and tsv.decode().startswith("?n\n")


def test_counts_equal_the_visible_datasets(server, restricted):
    dataset, _, _ = restricted
    [count] = rows(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count["n"]["value"]) == len(dataset)
    graphs = rows(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {b["g"]["value"]: int(b["n"]["value"]) for b in graphs} == dataset.graph_sizes()


def test_crafted_queries_cannot_see_outside_the_level(server, restricted):
    _, red_docs, red_subjects = restricted
    red = red_docs[0]
    graphs = {b["g"]["value"] for b in rows(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert red not in graphs
    assert rows(server, "SELECT * WHERE { GRAPH <%s> { ?s ?p ?o } }" % red) == []
    assert rows(server, "SELECT * WHERE { GRAPH ?g { <%s> ?p ?o } }" % red_subjects[0]) == []
    assert rows(server, "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }") == []
    refused = {
        "FROM NAMED": "SELECT * FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } }" % red,
        "FROM": "SELECT * FROM <%s> WHERE { ?s ?p ?o }" % red,
        "FROM prefixed": "PREFIX d: <%s> SELECT * FROM d: WHERE { ?s ?p ?o }" % red,
        "SERVICE": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "service lower-case": "select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "LOAD": "LOAD <http://127.0.0.1:1/data.ttl>",
        "comment trick": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } #\nSELECT * FROM NAMED <%s> {}" % red,
        "relative to BASE": "BASE <%s> SELECT * FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } }"
                            % (red.rsplit("/", 1)[0] + "/", red.rsplit("/", 1)[1]),
        "beside a visible graph": "SELECT * FROM <%s> FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } }"
                                  % (DEFAULT_BASE + "graph/reference", red),
    }
    for name, query in refused.items():
        status, _, body = sparql(server, query)
        assert status == 400, name
        assert_no_canary(body, name)
    for parameter in ("default-graph-uri", "named-graph-uri"):
        status, _, _ = sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{parameter: red})
        assert status == 400, parameter
    reference = DEFAULT_BASE + "graph/reference"
    for query in ("SELECT * FROM <%s> WHERE { ?s ?p ?o } LIMIT 1" % reference,  # visible graphs may be named
                  "SELECT * FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1" % reference):
        status, _, body = sparql(server, query)
        assert status == 200 and json.loads(body)["results"]["bindings"], query


def test_updates_and_writes_are_refused(server):
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    form = urllib.parse.urlencode({"update": update}).encode()
    assert fetch(server.url + "/sparql", data=form,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert fetch(server.url + "/sparql", data=update.encode(),
                 headers={"Content-Type": "application/sparql-update"})[0] == 403
    assert fetch(server.url + "/sparql?" + urllib.parse.urlencode({"update": update}))[0] == 403
    assert sparql(server, update)[0] == 400  # an update sent as a query does not parse as one
    for method in ("PUT", "DELETE"):
        assert fetch(server.url + path_of(HAJUN), data=b"x", method=method)[0] == 405
    assert rows(server, "SELECT * WHERE { GRAPH <urn:x> { ?s ?p ?o } }") == []


def test_a_runaway_query_is_stopped_and_answered_503(server):
    before = server.workers()
    started = time.perf_counter()
    status, _, body = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    elapsed = time.perf_counter() - started
    print(f"runaway query answered {status} after {elapsed:.2f} s (limit {QUERY_TIMEOUT} s)")
    assert status == 503 and b"time limit" in body
    assert QUERY_TIMEOUT <= elapsed < QUERY_TIMEOUT + 2
    deadline = time.monotonic() + 20
    while len(server.workers() - before) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    killed = before - server.workers()
    assert len(killed) == 1 and not Path(f"/proc/{killed.pop()}").exists()  # the runaway worker is gone
    assert rows(server, "SELECT * WHERE { }") == [{}]  # and the endpoint answers again


def test_a_result_over_the_row_limit_is_an_error_never_truncated(server):
    status, headers, body = sparql(server, "SELECT * WHERE { ?s ?p ?o . ?x a ?t }")
    assert status == 413 and b"10000" in body and headers["Content-Type"].startswith("text/plain")
    status, _, _ = sparql(server, "CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?o . ?x a ?t }", accept="text/turtle")
    assert status == 413


def test_oversized_and_malformed_requests_get_plain_errors_without_internals(server):
    big = b"query=" + b"A" * (300 * 1024)
    assert fetch(server.url + "/sparql", data=big,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 413
    status, _, body = fetch(server.url + "/sparql", data=b"\xff\xfe",
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 400
    status, _, _ = fetch(server.url + "/sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }")
    assert status == 400 and b"Traceback" not in body and b"/work" not in body and b".py" not in body


# --- leak-proofing ---

def test_no_canary_in_any_response(server, restricted):
    dataset, red_docs, red_subjects = restricted
    bodies = {"/": fetch(server.url + "/")[2], "/ontology": fetch(server.url + "/ontology")[2],
              "/sparql": fetch(server.url + "/sparql")[2]}
    subjects = [b["s"]["value"] for b in rows(server, "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
                                                      "FILTER(STRSTARTS(STR(?s), '%s')) }" % DEFAULT_BASE)]
    assert len(subjects) > 100
    for iri in subjects:
        for suffix in (".html", ".ttl", ".jsonld"):
            status, _, body = fetch(server.url + path_of(iri) + suffix)
            assert status == 200, iri
            bodies[iri + suffix] = body
    for iri in [*red_docs, *red_subjects]:
        bodies[iri] = fetch(server.url + path_of(iri))[2]
    everything = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                   "text/tab-separated-values"):
        status, _, body = sparql(server, everything, accept=accept)
        assert status == 200
        bodies[accept] = body
    status, _, body = sparql(server, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", accept="text/turtle")
    bodies["construct"] = body
    assert len(Graph().parse(data=body, format="turtle")) > 1000
    for where, body in bodies.items():
        assert_no_canary(body, where)
    # the CLEAR document's public claim is served: the check looks where the canaries would be
    assert any(b"Russian troops left Belarus in March 2023." in body for body in bodies.values())


def test_validation_reports_are_never_served(server):
    for cls in ("ValidationReport", "ValidationResult"):
        status, _, body = sparql(server, "ASK { GRAPH ?g { ?r a <http://www.w3.org/ns/shacl#%s> } }" % cls)
        assert status == 200 and json.loads(body)["boolean"] is False
    for path in ("/quarantine", "/reports", "/validation", "/id/quarantine", "/../quarantine"):
        assert fetch(server.url + path)[0] == 404


def test_the_default_level_is_clear_and_the_ontology_page_documents_the_model(server):
    _, _, index = fetch(server.url + "/")
    assert b"TLP:CLEAR" in index
    status, headers, page = fetch(server.url + "/ontology")
    text = page.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for anchor in ("Claim", "MonitoringGroup", "TLPMarking", "about"):
        assert f'id="{anchor}"' in text, anchor
    assert "Superclasses" in text and "Domain" in text and "Range" in text


# --- a browser ---

def test_chromium_renders_an_entity_page(server, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is missing: run 'make install' (apt-get install chromium)"
    screenshot = tmp_path / "hajun.png"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={screenshot}", "--window-size=1200,900",
         server.url + path_of(HAJUN)],
        capture_output=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000
    print(f"screenshot of {HAJUN}: {screenshot}")


def test_service_tricks_are_refused_from_the_parsed_query_and_nothing_is_fetched(server):
    from helpers import counting_server
    from hostile_queries import service_queries

    with counting_server(b"{}", "application/sparql-results+json") as (base, requests):
        for name, query in service_queries(base).items():
            status, _, body = sparql(server, query)
            assert status == 400, (name, status, body)
        assert requests == []


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def capped(marked_store_path, tmp_path_factory):
    """A second server whose workers may take 64 MiB for a query, for the tests of its limits."""
    running = Server(marked_store_path, tmp_path_factory.mktemp("capped") / "serve.log", "--max-memory", "64")
    yield running
    running.stop()


def test_a_query_over_the_memory_cap_is_answered_503_and_its_worker_replaced(capped):
    before = capped.workers()
    status, _, body = sparql(capped, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c")
    assert status == 503 and b"MiB" in body, body
    deadline = time.monotonic() + 30
    while len(capped.workers() - before) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(before - capped.workers()) == 1
    assert rows(capped, "SELECT * WHERE { }") == [{}]


def test_queries_are_parsed_in_the_workers_under_their_limits(capped):
    """16 FROM queries at once, then another: all answered (the server parses nothing, so nothing is shared); a
    query that takes rdflib's parser longer than the time limit is stopped with its worker, and costs the server
    process itself next to no CPU."""
    from concurrent.futures import ThreadPoolExecutor

    reference = DEFAULT_BASE + "graph/reference"
    query = "SELECT ?s FROM <%s> WHERE { ?s ?p ?o } LIMIT 1" % reference
    with ThreadPoolExecutor(16) as pool:
        statuses = [answer[0] for answer in pool.map(lambda _: sparql(capped, query), range(16))]
    assert set(statuses) <= {200, 503} and 200 in statuses, statuses
    assert sparql(capped, query)[0] == 200
    slow = "SELECT * WHERE { " + " ".join(f"?s{i} <urn:p> ?o{i} ." for i in range(1500)) + " }"  # ~6 s to parse
    cpu = _cpu_seconds(capped.process.pid)
    started = time.perf_counter()
    status, _, body = sparql(capped, slow)
    assert status == 503 and b"time limit" in body, body
    assert time.perf_counter() - started < QUERY_TIMEOUT + 2
    assert _cpu_seconds(capped.process.pid) - cpu < 1.0
    assert sparql(capped, query)[0] == 200


# --- bad paths, slow bodies, killed servers ---

@pytest.mark.parametrize("path", ["/id/%ff", "/id/x%00", "/id/a%3Eb", "/id/a%20b", "/id/a%7Bb", '/id/a"b', "/id/%",
                                  "/id/a%3Cb.ttl", "/id/a%3Cb.html"])
def test_a_path_that_is_no_iri_is_not_found(server, path):
    status, _, body = fetch(server.url + path)
    assert status == 404 and body == fetch(server.url + "/id/no-such-entity")[2]


def _raw_post(server, body: bytes, announced: int, pause: float = 0.0, parts: int = 1) -> tuple[bytes, float]:
    """Send a POST announcing ``announced`` bytes and sending ``body`` in ``parts`` pieces ``pause`` s apart, then
    stop sending; the response's first line and how long it took."""
    import socket

    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: %d\r\n\r\n" % announced)
        size = max(1, len(body) // parts)
        for start in range(0, len(body), size):
            try:
                connection.sendall(body[start:start + size])
            except (BrokenPipeError, ConnectionResetError):  # the server answered and closed
                break
            time.sleep(pause)
        if not pause:
            connection.shutdown(socket.SHUT_WR)
        answer = connection.recv(4096)
    return answer.split(b"\r\n", 1)[0], time.monotonic() - started


def test_a_body_that_trickles_in_is_answered_408_within_the_deadline(server):
    from kg.serve.app import BODY_SECONDS

    body = b"SELECT * WHERE { ?s ?p ?o } " * 2
    first_line, seconds = _raw_post(server, body, 1000, pause=1.0, parts=len(body) // 2)
    assert first_line == b"HTTP/1.1 408 Request Timeout"
    assert BODY_SECONDS <= seconds < BODY_SECONDS + 5


def test_a_body_shorter_than_announced_is_answered_400(server):
    first_line, _ = _raw_post(server, b"SELECT", 100)
    assert first_line == b"HTTP/1.1 400 Bad Request"


def test_a_killed_servers_copy_of_the_data_is_removed_by_the_next_server(marked_store_path, tmp_path, monkeypatch):
    """SIGKILL leaves the copy (nothing can run on it); the next server removes it, but never a running one's."""
    import signal

    from kg.serve.workdir import PREFIX

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    copies = lambda: sorted(temporary.glob(f"{PREFIX}*"))  # noqa: E731
    killed = Server(marked_store_path, tmp_path / "killed.log")
    (stale,) = copies()
    assert (stale / "visible.nq").stat().st_size > 0
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait()
    assert copies() == [stale]
    running = Server(marked_store_path, tmp_path / "running.log")
    try:
        (live,) = copies()
        assert live != stale
        second = Server(marked_store_path, tmp_path / "second.log")  # starts beside a running server
        try:
            assert live in copies() and len(copies()) == 2
        finally:
            second.stop()
    finally:
        running.stop()
    assert copies() == []
