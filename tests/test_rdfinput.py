"""kg.rdfinput against broken and hostile partner files: every failure is an InputError with a location, nothing
is fetched, and no parser ever sees an entity declaration."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from helpers import counting_server
from kg import rdfinput
from kg.config import PROJECT_ROOT
from kg.errors import InputError, Problem
from kg.rdfinput import MAX_INPUT_ENV, MAX_XML_DEPTH, RDF_FORMATS, read_rdf

HOSTILE = Path(__file__).resolve().parent / "hostile"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def problem_of(excinfo: pytest.ExceptionInfo[InputError]) -> Problem:
    assert len(excinfo.value.problems) == 1, excinfo.value.problems
    return excinfo.value.problems[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


_BODY = b'{"@context": {"name": "http://schema.org/name"}}'


@pytest.fixture
def server():
    """A local HTTP server that counts requests: yields its base URL and the list of paths requested."""
    with counting_server(_BODY, "application/ld+json") as (base, requests):
        yield base, requests


# --- formats -----------------------------------------------------------------------------------------------------

TRIPLE = (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x"))
ONE_TRIPLE = {
    ".ttl": '@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\n',
    ".nt": '<http://example.org/a> <http://example.org/p> "x" .\n',
    ".nq": '<http://example.org/a> <http://example.org/p> "x" .\n',
    ".trig": '@prefix ex: <http://example.org/> .\n{ ex:a ex:p "x" . }\n',
    ".jsonld": '{"@id": "http://example.org/a", "http://example.org/p": "x"}',
    ".json": '{"@id": "http://example.org/a", "http://example.org/p": "x"}',
    ".rdf": f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n'
            f'<rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>\n',
}
ONE_TRIPLE[".owl"] = ONE_TRIPLE[".xml"] = ONE_TRIPLE[".rdf"]


@pytest.mark.parametrize("extension", sorted(RDF_FORMATS))
def test_every_extension_reads_its_format(tmp_path, extension):
    result = read_rdf(write(tmp_path, "data" + extension, ONE_TRIPLE[extension]))
    assert result.format == RDF_FORMATS[extension]
    assert result.triples == 1
    assert list(result.dataset.default_graph) == [TRIPLE]


def test_the_format_table():
    assert {ext: fmt.name for ext, fmt in RDF_FORMATS.items()} == {
        ".ttl": "Turtle", ".nt": "N-Triples", ".nq": "N-Quads", ".trig": "TriG", ".jsonld": "JSON-LD",
        ".json": "JSON-LD", ".rdf": "RDF/XML", ".owl": "RDF/XML", ".xml": "RDF/XML"}


def test_default_graph_and_named_graphs(tmp_path):
    path = write(tmp_path, "data.trig", '@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\n'
                                         'ex:g { ex:a ex:p "y" . }\n')
    target = URIRef("http://example.org/target")
    dataset = read_rdf(path, default_graph=target).dataset
    assert set(dataset.quads()) == {(*TRIPLE, target),
                                    (TRIPLE[0], TRIPLE[1], Literal("y"), URIRef("http://example.org/g"))}
    assert len(dataset.default_graph) == 0


# --- files that cannot be read -----------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_rdf(tmp_path / "absent.ttl")
    problem = problem_of(excinfo)
    assert problem.file == str(tmp_path / "absent.ttl")
    assert "no such file" in problem.message


def test_directory(tmp_path):
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_rdf(tmp_path / "dir.ttl")


def test_empty_file(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_rdf(write(tmp_path, "empty.ttl", b""))
    assert problem_of(excinfo).message.startswith("no triples")


def test_file_with_no_triples(tmp_path):
    path = write(tmp_path, "prefixes.ttl", "# nothing but a prefix\n@prefix ex: <http://example.org/> .\n")
    with pytest.raises(InputError) as excinfo:
        read_rdf(path)
    assert problem_of(excinfo).message.startswith("no triples")


def test_unknown_extension_lists_the_accepted_ones(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_rdf(write(tmp_path, "data.csv", "a,b,c\n"))
    message = problem_of(excinfo).message
    assert "'.csv'" in message
    assert all(ext in message for ext in RDF_FORMATS)


@pytest.mark.parametrize("name, content, line, column", [
    ("latin1.nt", b'<http://a.example/> <http://p.example/> "ok" .\n'
                  b'<http://a.example/> <http://p.example/> "caf\xe9 au lait" .\n', 2, 45),
    ("latin1.jsonld", b'{\n  "@id": "http://a.example/",\n  "http://p.example/": "\xe9t\xe9"\n}', 3, 25),
    ("truncated.ttl", '<http://a.example/> <http://p.example/> "Ж'.encode("utf-8")[:-1], 1, 42),
])
def test_bytes_that_are_not_utf8_are_located(tmp_path, name, content, line, column):
    with pytest.raises(InputError) as excinfo:
        read_rdf(write(tmp_path, name, content))
    problem = problem_of(excinfo)
    assert (problem.line, problem.column) == (line, column)
    assert "not UTF-8" in problem.message


@pytest.mark.parametrize("name, content, line, column, words", [
    ("bad.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:p "x" ;\n    ex:q ex:b ex:c .\n', 3, 15, "dot"),
    ("bad.nt", '<http://a.example/> <http://p.example/> "x" .\n<http://a.example/> <http://p.example/> oops .\n',
     2, 41, "object"),
    ("relative.ttl", '<a> <http://p.example/> "x" .\n', 1, 1, "absolute IRI"),
    ("unclosed.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:p "x\n', 2, 11, ""),
    ("bad.nq", '<http://a.example/> <http://p.example/> "x" <http://g.example/> <http://h.example/> .\n',
     1, 65, ""),
    ("bad.trig", '<http://g.example/> {\n <http://a.example/> <http://p.example/> "x" .\n', 3, 1, "end"),
    ("bad.jsonld", '{"@id": "http://a.example/",\n "http://p.example/": ["x",]}', 2, 28, "JSON"),
    ("bad.rdf", f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}">\n<rdf:Description rdf:about="http://a/">'
                f'\n  <rdf:value>x</rdf:valu>\n</rdf:Description>\n</rdf:RDF>\n', 4, 17, "mismatched tag"),
])
def test_malformed_files_are_located(tmp_path, name, content, line, column, words):
    with pytest.raises(InputError) as excinfo:
        read_rdf(write(tmp_path, name, content))
    problem = problem_of(excinfo)
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message
    assert not problem.message.startswith("Parser error")  # the position is in the Problem, not the message


def test_rdf_star_triple_terms_are_refused(tmp_path):
    path = write(tmp_path, "star.nt", "<http://a/> <http://p/> <<( <http://a/> <http://p/> <http://b/> )>> .\n")
    with pytest.raises(InputError, match="triple terms"):
        read_rdf(path)


@pytest.mark.parametrize("extension", sorted(RDF_FORMATS))
def test_garbage_raises_input_error_and_nothing_else(tmp_path, extension):
    rng = random.Random(extension)
    alphabet = "<>\"'{}[]():;.,@#_^&!?-= \n\tabcxyz019/\\é"
    for i in range(30):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 200)))
        data = text.encode("utf-8") if i % 2 else bytes(rng.randrange(256) for _ in range(100))
        try:
            read_rdf(write(tmp_path, f"g{i}{extension}", data))
        except InputError as exc:
            assert exc.problems and all(p.file.endswith(f"g{i}{extension}") for p in exc.problems)


# --- size --------------------------------------------------------------------------------------------------------

def test_file_over_max_bytes_is_refused(tmp_path):
    path = write(tmp_path, "data.nt", ONE_TRIPLE[".nt"] * 40)
    with pytest.raises(InputError) as excinfo:
        read_rdf(path, max_bytes=1000)
    message = problem_of(excinfo).message
    assert "split" in message and MAX_INPUT_ENV in message
    assert read_rdf(path, max_bytes=path.stat().st_size).triples == 1


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "data.nt", ONE_TRIPLE[".nt"] * 40)
    monkeypatch.setenv(MAX_INPUT_ENV, "1000")
    with pytest.raises(InputError, match="over the limit of 1,000 bytes"):
        read_rdf(path)
    monkeypatch.setenv(MAX_INPUT_ENV, "a lot")
    with pytest.raises(InputError, match=MAX_INPUT_ENV):
        read_rdf(path)


def test_a_100_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    monkeypatch.delenv(MAX_INPUT_ENV, raising=False)  # the default limit, 64 MiB
    path = tmp_path / "dump.nt"
    with path.open("wb") as stream:
        stream.truncate(100 * 10**6)  # sparse: nothing is written to disk
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError, match="over the limit of 67,108,864 bytes") as excinfo:
            read_rdf(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "split" in problem_of(excinfo).message
    assert elapsed < 1.0
    assert peak < 2 * 2**20  # reading the file would have allocated 64 MiB at least


# --- JSON-LD: contexts are inline or refused, nothing is fetched ---------------------------------------------------

REMOTE_CONTEXTS = {
    "top-level string": lambda url: {"@context": url, "@id": "http://a.example/", "name": "x"},
    "in an array": lambda url: {"@context": [{"ex": "http://example.org/"}, url], "@id": "http://a.example/",
                                "name": "x"},
    "in a nested node": lambda url: {"@context": {"knows": "http://xmlns.com/foaf/0.1/knows"},
                                     "@id": "http://a.example/",
                                     "knows": {"@context": url, "@id": "http://b.example/", "name": "y"}},
    "in @graph": lambda url: {"@graph": [{"@id": "http://a.example/", "http://p.example/": "x"},
                                         {"@context": [url], "@id": "http://b.example/", "name": "y"}]},
    "scoped in a term definition": lambda url: {
        "@context": {"@version": 1.1, "p": {"@id": "http://p.example/", "@context": url}},
        "@id": "http://a.example/", "p": {"@id": "http://b.example/", "name": "y"}},
    "@import": lambda url: {"@context": {"@version": 1.1, "@import": url}, "@id": "http://a.example/",
                            "name": "x"},
    "top-level array": lambda url: [{"@context": url, "@id": "http://a.example/", "name": "x"}],
    "relative reference": lambda url: {"@context": "context.jsonld", "@id": "http://a.example/", "name": "x"},
}


@pytest.mark.parametrize("where", sorted(REMOTE_CONTEXTS))
def test_remote_json_ld_contexts_are_refused_without_a_request(tmp_path, server, where):
    base, requests = server
    document = REMOTE_CONTEXTS[where](base + "/context.jsonld")
    path = write(tmp_path, "remote.jsonld", json.dumps(document, indent=2))
    with pytest.raises(InputError) as excinfo:
        read_rdf(path)
    problem = problem_of(excinfo)
    assert "never fetched" in problem.message  # refused by our check, not by pyoxigraph
    assert problem.line is not None
    assert requests == []


def test_pyoxigraph_itself_does_not_fetch_remote_contexts(server):
    """A second line of defence, and a tripwire for an upgrade that changes it: pyoxigraph 0.5 has no document
    loader unless one is given, so it refuses remote contexts."""
    base, requests = server
    document = json.dumps({"@context": base + "/context.jsonld", "@id": "http://a.example/", "name": "x"})
    with pytest.raises(SyntaxError, match="LoadDocumentCallback"):
        list(ox.parse(document.encode(), ox.RdfFormat.JSON_LD))
    assert requests == []


def test_inline_json_ld_context_gives_the_same_graph_as_turtle():
    from_json = read_rdf(HOSTILE / "inline-context.jsonld")
    from_turtle = read_rdf(HOSTILE / "inline-context.ttl")
    assert from_json.triples == from_turtle.triples == 7
    assert isomorphic(from_json.dataset.default_graph, from_turtle.dataset.default_graph)


# --- RDF/XML: no DOCTYPE, no entities, no parser sees them ---------------------------------------------------------

def test_billion_laughs_is_refused_in_a_separate_process():
    """If the protection failed, pyoxigraph would try to allocate gigabytes and abort: run it where that cannot
    take pytest down, with its address space capped."""
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))\n"
            "from kg.errors import InputError\n"
            "from kg.rdfinput import read_rdf\n"
            "try:\n"
            "    read_rdf(sys.argv[1])\n"
            "except InputError as exc:\n"
            "    print('REFUSED', exc)\n"
            "else:\n"
            "    print('PARSED')\n")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, str(HOSTILE / "billion-laughs.rdf")], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("REFUSED"), result.stdout
    assert "billion-laughs.rdf:2:1: RDF/XML with a DOCTYPE or ENTITY declaration is refused" in result.stdout
    assert time.perf_counter() - started < 30


BILLION_LAUGHS = (HOSTILE / "billion-laughs.rdf").read_text(encoding="utf-8")
DOCTYPES = {
    "billion laughs": (BILLION_LAUGHS.encode("utf-8"), 2),
    "lower case": (BILLION_LAUGHS.replace("<!DOCTYPE", "<!doctype").replace("<!ENTITY", "<!entity").encode(), 2),
    "space after <!": (BILLION_LAUGHS.replace("<!DOCTYPE", "<! \n DOCTYPE").encode(), 2),
    "after comments": (BILLION_LAUGHS.replace("\n<!DOCTYPE", "\n<!-- a -->\n<!--\n b -->\n<!DOCTYPE").encode(), 5),
    "ENTITY without DOCTYPE": (f'<rdf:RDF xmlns:rdf="{RDF_NS}">\n<!ENTITY x "y">\n</rdf:RDF>'.encode(), 2),
    "UTF-8 byte-order mark": (b"\xef\xbb\xbf" + BILLION_LAUGHS.encode("utf-8"), 2),
    "UTF-16 LE": (BILLION_LAUGHS.encode("utf-16"), 1),  # Python writes a byte-order mark
    "UTF-16 BE": (b"\xfe\xff" + BILLION_LAUGHS.encode("utf-16-be"), 1),
    "UTF-16 without byte-order mark": (BILLION_LAUGHS.encode("utf-16-le"), 1),
}


@pytest.mark.parametrize("extension", [".rdf", ".owl", ".xml"])
@pytest.mark.parametrize("variant", sorted(DOCTYPES))
def test_entity_declarations_are_refused_before_any_parser(tmp_path, monkeypatch, variant, extension):
    def trap(*args, **kwargs):
        raise AssertionError("a parser was called")

    monkeypatch.setattr(rdfinput.ox, "parse", trap)
    monkeypatch.setattr(rdfinput.expat, "ParserCreate", trap)
    content, line = DOCTYPES[variant]
    with pytest.raises(InputError) as excinfo:
        read_rdf(write(tmp_path, "doc" + extension, content))
    assert problem_of(excinfo).line == line


def test_external_file_entity_is_refused_and_nothing_leaks():
    with pytest.raises(InputError) as excinfo:
        read_rdf(HOSTILE / "xxe-file.rdf")
    assert "DOCTYPE" in str(excinfo.value)
    assert "root:" not in str(excinfo.value)


def test_external_http_entity_is_refused_without_a_request(tmp_path, server):
    base, requests = server
    path = write(tmp_path, "xxe.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
                                      f'  <!ENTITY xxe SYSTEM "{base}/entity">\n]>\n'
                                      f'<rdf:RDF xmlns:rdf="{RDF_NS}">\n'
                                      f'  <rdf:Description rdf:about="http://a.example/">'
                                      f'<rdf:value>&xxe;</rdf:value></rdf:Description>\n</rdf:RDF>\n')
    with pytest.raises(InputError, match="DOCTYPE"):
        read_rdf(path)
    assert requests == []


def test_deeply_nested_rdf_xml_is_refused(tmp_path):
    """pyoxigraph's RDF/XML parser is quadratic in depth: 200,000 levels (9 MB) would take minutes."""
    levels = MAX_XML_DEPTH // 2 + 1  # two elements per level
    body = "<ex:p><rdf:Description>" * levels + "</rdf:Description></ex:p>" * levels
    path = write(tmp_path, "deep.rdf", f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n'
                                       f'<rdf:Description rdf:about="http://a.example/">{body}'
                                       f'</rdf:Description></rdf:RDF>')
    with pytest.raises(InputError, match=f"more than {MAX_XML_DEPTH} deep") as excinfo:
        read_rdf(path)
    assert problem_of(excinfo).line == 2


# --- big literals and blank nodes ----------------------------------------------------------------------------------

def test_a_2_mib_literal_in_n_triples(tmp_path):
    value = ("Запорожье " * (2**20 // 5 + 1))[:2 * 2**20]
    path = write(tmp_path, "big.nt", f'<http://a.example/> <http://p.example/> "{value}" .\n')
    result = read_rdf(path)
    assert result.triples == 1
    (literal,) = result.dataset.default_graph.objects()
    assert len(literal) == 2 * 2**20
    assert str(literal) == value


def test_blank_nodes_are_bnodes_unique_per_file(tmp_path):
    text = "_:x <http://p.example/> _:y .\n_:y <http://q.example/> _:x .\n"
    first = read_rdf(write(tmp_path, "one.nt", text)).dataset.default_graph
    second = read_rdf(write(tmp_path, "two.nt", text)).dataset.default_graph
    (x1, y1), (x2, y2) = [next(iter(g.subject_objects(URIRef("http://p.example/")))) for g in (first, second)]
    assert all(isinstance(node, BNode) for node in (x1, y1, x2, y2))
    assert (y1, URIRef("http://q.example/"), x1) in first  # one label, one node within a file
    assert x1 != y1
    assert {x1, y1}.isdisjoint({x2, y2})  # never shared between files
    merged = Graph()
    for triple in (*first, *second):
        merged.add(triple)
    assert len(merged) == 4
