"""A Wikidata QID or entity IRI names the entity matched to it (skos:exactMatch), wherever a name can: a query
parameter and a fact file. The answers by QID are compared with the answers by name, never with fixed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from helpers import BASE, mutate, run_kg, write_fact_file
from kg.aliases import wikidata_names
from kg.factfile import FactFileReader


@pytest.mark.parametrize("name", ["Q184", "q184", "http://www.wikidata.org/entity/Q184",
                                  "https://www.wikidata.org/entity/Q184"])
def test_a_query_parameter_takes_a_qid(built_store_path: Path, tmp_path: Path, name: str):
    by_name = run_kg("query", "timeline", "-p", "entity=Belarus", "--format", "csv", "--store", built_store_path,
                     cwd=tmp_path)
    by_qid = run_kg("query", "timeline", "-p", f"entity={name}", "--format", "csv", "--store", built_store_path,
                    cwd=tmp_path)
    assert by_qid.returncode == 0, by_qid.stderr
    assert by_qid.stdout == by_name.stdout and len(by_name.stdout.splitlines()) > 2


def test_an_unknown_qid_is_an_error(built_store_path: Path, tmp_path: Path):
    done = run_kg("query", "timeline", "-p", "entity=Q99999999", "--store", built_store_path, cwd=tmp_path)
    assert done.returncode == 2 and "no entity is named 'Q99999999'" in done.stderr


def test_a_fact_file_names_an_entity_by_its_qid(model, tmp_path: Path):
    reader = FactFileReader(model)
    (tmp_path / "named").mkdir()
    (tmp_path / "qid").mkdir()
    named = reader.read(write_fact_file(tmp_path / "named", BASE, "a.yaml"))
    by_qid = reader.read(write_fact_file(tmp_path / "qid", mutate("giver: Russia", "giver: Q159"), "a.yaml"))
    assert isomorphic(by_qid.graph, named.graph)


def test_only_wikidata_entity_iris_give_names():
    assert wikidata_names("http://www.wikidata.org/entity/Q184")[0] == "Q184"
    assert wikidata_names("https://www.wikidata.org/wiki/Q184") == []
    assert wikidata_names("http://example.org/entity/Q184") == []
