"""Raw SPARQL from the command line: ``kg sparql`` runs any query form given as text, with --file or on standard input,
on the embedded store and on a SPARQL server, with the same answers; ``kg query FILE.rq`` takes plain SPARQL without
the catalog's header; ``--limit`` cuts a table and says so. Answers are compared with what the store itself returns
(rows as sets, graphs by isomorphism), never with hard-coded text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from helpers import KG, clean_env, run_kg
from kg.store import EmbeddedStore

LABELS = ("SELECT ?s ?label WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } } "
          "ORDER BY ?s ?label")
DESCRIBE_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <{graph}> { ?s ?p ?o } }"


def _rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in list(csv.reader(io.StringIO(text)))[1:]}


def test_select_ask_construct_on_the_embedded_store(built_store_path: Path, tmp_path: Path):
    store = EmbeddedStore(built_store_path, read_only=True)
    expected_rows = {tuple(str(v) for v in row) for row in store.select(LABELS).rows}
    reference = "https://w3id.org/osint-kg/id/graph/reference"
    expected_graph = store.construct(DESCRIBE_ALL.replace("{graph}", reference))
    store.close()
    assert expected_rows and len(expected_graph)

    done = run_kg("sparql", LABELS, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _rows(done.stdout) == expected_rows

    ask = run_kg("sparql", "ASK { GRAPH ?g { ?s ?p ?o } }", "--store", built_store_path, cwd=tmp_path)
    assert ask.stdout.strip() == "true"
    no = run_kg("sparql", "ASK { GRAPH ?g { <urn:x:nothing> ?p ?o } }", "--format", "json", "--store",
                built_store_path, cwd=tmp_path)
    assert json.loads(no.stdout) == {"boolean": False}

    query = tmp_path / "all.rq"
    query.write_text(DESCRIBE_ALL.replace("{graph}", reference), encoding="utf-8")
    for fmt, parser in (("turtle", "turtle"), ("ntriples", "nt")):
        graph = run_kg("sparql", "--file", query, "--format", fmt, "--store", built_store_path, cwd=tmp_path)
        assert graph.returncode == 0, graph.stderr
        assert isomorphic(Graph().parse(data=graph.stdout, format=parser), expected_graph)


def test_the_query_can_come_on_standard_input(built_store_path: Path, tmp_path: Path):
    piped = subprocess.run([str(KG), "sparql", "--format", "csv", "--store", str(built_store_path)], input=LABELS,
                           capture_output=True, text=True, cwd=tmp_path, env=clean_env(), timeout=300)
    dash = subprocess.run([str(KG), "sparql", "-", "--format", "csv", "--store", str(built_store_path)], input=LABELS,
                          capture_output=True, text=True, cwd=tmp_path, env=clean_env(), timeout=300)
    direct = run_kg("sparql", LABELS, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    assert piped.returncode == dash.returncode == 0, piped.stderr + dash.stderr
    assert _rows(piped.stdout) == _rows(dash.stdout) == _rows(direct.stdout) != set()


def test_the_same_answers_on_a_sparql_server(built_store_path: Path, loaded_server, tmp_path: Path):
    embedded = run_kg("sparql", LABELS, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    remote = run_kg("sparql", LABELS, "--format", "csv", "--endpoint", loaded_server.query_url, cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert _rows(remote.stdout) == _rows(embedded.stdout) != set()
    ask = run_kg("sparql", "ASK { GRAPH ?g { ?s ?p ?o } }", "--endpoint", loaded_server.query_url, cwd=tmp_path)
    assert ask.stdout.strip() == "true"


@pytest.mark.parametrize("query, message", [
    ("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }", "invalid SPARQL"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELEKT ?x", "invalid SPARQL"),
])
def test_updates_services_and_bad_queries_are_refused_before_any_store(tmp_path: Path, query: str, message: str):
    done = run_kg("sparql", query, "--store", tmp_path / "none", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_kg_query_takes_a_plain_sparql_file_and_limit_says_what_it_cut(built_store_path: Path, tmp_path: Path):
    plain = tmp_path / "labels.rq"
    plain.write_text(LABELS + "\n", encoding="utf-8")
    whole = run_kg("query", plain, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    rows = list(csv.reader(io.StringIO(whole.stdout)))[1:]
    assert len(rows) > 3
    cut = run_kg("query", plain, "--format", "csv", "--limit", "3", "--store", built_store_path, cwd=tmp_path)
    assert list(csv.reader(io.StringIO(cut.stdout)))[1:] == rows[:3]
    assert f"showing 3 of {len(rows)} rows" in cut.stderr
    with_header = tmp_path / "named.rq"
    with_header.write_text("# Title: Labels of one subject\n# Parameter: s (iri, required) the subject\n"
                           "SELECT ?label WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
                           "\n", encoding="utf-8")
    one = run_kg("query", with_header, "-p", f"s={rows[0][0]}", "--format", "csv", "--store", built_store_path,
                 cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    store = EmbeddedStore(built_store_path, read_only=True)
    labels = {str(label) for label, in store.select(
        "SELECT ?label WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
        {"s": URIRef(rows[0][0])}).rows}
    store.close()
    assert {row[0] for row in list(csv.reader(io.StringIO(one.stdout)))[1:]} == labels != set()


def test_offset_and_limit_page_through_the_rows(built_store_path: Path, tmp_path: Path):
    whole = run_kg("sparql", LABELS, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    rows = list(csv.reader(io.StringIO(whole.stdout)))[1:]
    assert len(rows) > 5
    pages = []
    for offset in range(0, len(rows), 4):
        page = run_kg("sparql", LABELS, "--format", "csv", "--offset", str(offset), "--limit", "4", "--store",
                      built_store_path, cwd=tmp_path)
        assert page.returncode == 0, page.stderr
        pages += list(csv.reader(io.StringIO(page.stdout)))[1:]
        if offset:
            assert f"showing rows {offset + 1}–{min(offset + 4, len(rows))} of {len(rows)}" in page.stderr
    assert pages == rows  # the pages, in order, are the whole answer
    past = run_kg("sparql", LABELS, "--format", "csv", "--offset", str(len(rows) + 5), "--store", built_store_path,
                  cwd=tmp_path)
    assert list(csv.reader(io.StringIO(past.stdout)))[1:] == [] and f"there are {len(rows)}" in past.stderr
