"""Readable tables (kg/commands/tables.py): in a table a document is shown by its title and an entity by its label,
while CSV and JSON keep every IRI; a table fits the terminal it is drawn in (cells wrap, nothing is cut); without a
terminal there is no colour and no wrapping. The titles expected are read from the store, not written here."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from helpers import KG, clean_env, run_kg
from kg.config import DEFAULT_BASE
from kg.labels import labels_of
from kg.store import EmbeddedStore

ANSI = re.compile(r"\x1b\[")
QUERY = ("claims_by_source", "-p", "source=Gayun")


@pytest.fixture(scope="module")
def titles(built_store_path: Path) -> dict[str, str]:
    """Document IRI → title, as the store holds them."""
    store = EmbeddedStore(built_store_path, read_only=True)
    rows = store.select("SELECT ?d ?t WHERE { GRAPH ?g { ?d ?p ?t } }", {"p": DCTERMS.title}).rows
    store.close()
    return {str(d): str(t) for d, t in rows}


def test_a_table_shows_titles_where_csv_and_json_keep_the_iris(built_store_path: Path, titles, tmp_path: Path):
    as_csv = run_kg("query", *QUERY, "--format", "csv", "--store", built_store_path, cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    documents = {row["document"] for row in rows}
    assert documents and documents <= set(titles)  # CSV: the IRIs, each a document with a title
    as_json = json.loads(run_kg("query", *QUERY, "--format", "json", "--store", built_store_path,
                                cwd=tmp_path).stdout)
    assert {row["document"] for row in as_json} == documents
    table = run_kg("query", *QUERY, "--store", built_store_path, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    for document in documents:
        assert titles[document] in table.stdout
        assert document not in table.stdout
    assert not ANSI.search(table.stdout)  # not a terminal: no colour
    assert all(line == line.rstrip() for line in table.stdout.splitlines())


def test_labels_follow_the_one_label_rule_on_any_store(built_store: EmbeddedStore, titles):
    some = [URIRef(d) for d in sorted(titles)[:3]] + [URIRef("urn:x:no-label")]
    assert labels_of(built_store, some) == {iri: titles[str(iri)] for iri in some[:3]}


@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux 'script' gives the command a terminal")
@pytest.mark.parametrize("width", [60, 100, 120])
def test_a_table_fits_the_terminal_and_cuts_nothing(built_store_path: Path, titles, tmp_path: Path, width: int):
    command = " ".join([str(KG), "query", *QUERY, "--store", str(built_store_path)])
    env = clean_env(COLUMNS=str(width), LINES="50", TERM="xterm")
    drawn = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=300)
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", drawn.stdout).replace("\r", "")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines and max(len(line) for line in lines) <= width
    # nothing cut: every character of every header and cell is drawn (wrapping moves characters, cutting loses them)
    rows = json.loads(run_kg("query", *QUERY, "--format", "json", "--store", built_store_path, cwd=tmp_path).stdout)
    shown = [titles.get(v) or (":" + v[len(DEFAULT_BASE):] if v.startswith(DEFAULT_BASE) else v)
             for row in rows for v in (str(x) for x in row.values() if x is not None)]
    expected = sum(len(re.sub(r"\s", "", cell)) for cell in [*rows[0], *shown])
    assert len(re.sub(r"[\s─]", "", text)) == expected


def test_no_color_is_honoured_on_a_terminal(built_store_path: Path, tmp_path: Path):
    if shutil.which("script") is None:
        pytest.skip("util-linux 'script' gives the command a terminal")
    command = " ".join([str(KG), "query", *QUERY, "--store", str(built_store_path)])
    env = clean_env(COLUMNS="120", TERM="xterm", NO_COLOR="1")
    drawn = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=300)
    assert drawn.returncode == 0
    assert not re.search(r"\x1b\[[0-9;]*m", drawn.stdout)
    assert "Hajun" in drawn.stdout
