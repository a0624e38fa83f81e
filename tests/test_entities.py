"""Entity files and the ``entities:`` section of fact files (kg.factfile.entities, docs/entities.md): what they read
to, checked against a graph written by hand; a newcomer's story added without editing ontology/ and without a
rebuild, then rebuilt without loss; every kind of bad input at its line with nothing written; a conflicting second
description quarantined by SHACL in context; names by transliteration and QID."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

import kg
from helpers import line_of, run_kg
from kg.config import DEFAULT_BASE
from kg.errors import FactFileError
from kg.factfile import FactFileReader
from kg.store import EmbeddedStore

HERE = Path(__file__).parent
STORIES = HERE / "golden" / "data"
BORDER_GUARD = STORIES / "border-guard"
BREST = STORIES / "brest-brigade"


def _rows(done) -> list[dict[str, str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_an_entity_file_reads_to_the_graph_worked_out_by_hand(model):
    batch = FactFileReader(model).read(BORDER_GUARD / "entities" / "border-guard.yaml")
    minted = {}  # the content-derived IRIs of the post, the tenure and the sourced alias become blank nodes
    graph = Graph()
    for triple in batch.graph:
        graph.add(tuple(minted.setdefault(t, BNode()) if isinstance(t, URIRef) and str(t).startswith(
            tuple(f"{DEFAULT_BASE}{kind}/" for kind in ("post", "tenure", "alias"))) else t for t in triple))
    expected = Graph().parse(HERE / "entities" / "border-guard.expected.ttl")
    assert len(minted) == 3 and isomorphic(graph, expected)
    assert batch.document == URIRef(f"{DEFAULT_BASE}entities/border-guard-2024")


def test_a_newcomer_adds_a_story_without_editing_the_ontology_and_a_rebuild_keeps_it(copy_workspace):
    work = copy_workspace()
    entity_file = shutil.copy(BREST / "entities" / "brest-brigade.yaml", work / "entities")
    fact_file = shutil.copy(BREST / "articles" / "ukrinform-2022-12-13.yaml", work / "articles")
    before = run_kg("query", "movements_toward", "-p", "place=Маларыта", cwd=work)
    assert before.returncode != 0 and "no entity is named 'Маларыта'" in before.stderr
    done = run_kg("ingest", entity_file, fact_file, cwd=work)
    assert done.returncode == 0, done.stderr
    moved = _rows(run_kg("query", "movements_toward", "-p", "place=Маларыта", "--format", "csv", cwd=work))
    assert [(r["forceName"], r["destination"]) for r in moved] == [
        ("38th Separate Guards Air Assault Brigade", "Maloryta")]
    for name in ("Q5410", "Брест", "Brześć", "brest"):  # the QID, Russian, Polish, any case
        found = _rows(run_kg("query", "entity_by_alias", "-p", f"name={name}", "--format", "csv", cwd=work))
        assert [r["label"] for r in found] == ["Brest"], name
    again = run_kg("ingest", entity_file, fact_file, cwd=work)
    assert again.returncode == 0 and again.stdout.count("unchanged") == 2, again.stdout
    shown = run_kg("entity", "show", "Маларыта", cwd=work)  # its names, their graphs, the claim about its event
    assert shown.returncode == 0, shown.stderr
    for expected in ("Maloryta", "Малорита", "Entities of the Brest brigade movement", "in an event it is about",
                     "Belarusian military column heads towards the border with Ukraine"):
        assert expected in shown.stdout, expected
    rebuilt = run_kg("build", "-q", cwd=work)  # the workspace's entities/ and articles/ hold both files
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _rows(run_kg("query", "movements_toward", "-p", "place=Маларыта", "--format", "csv", cwd=work)) == moved


ENTITY_FILE = """\
collection:
  title: Test entities
  marking: TLP:CLEAR
entities:
  mokrany-watch:
    type: monitoring group
    name: Mokrany Watch
    aliases: [Mokrany Monitor]
    country: Belarus
  pinsk:
    type: city
    name: Pinsk
    coordinates: [52.11, 26.10]
    in: [Belarus]
  pinsk-brigade:
    type: military unit
    name: Pinsk Brigade
    echelon: brigade
  speaker:
    type: person
    name: Ivan Speaker
    posts:
      - {role: spokesperson, of: mokrany-watch, from: 2023-01-01, to: 2024-01-01}
"""

BAD_ENTITIES = {  # old line → new line, the line the error is on, and what the error says
    "unknown type": ("    type: city", "    type: village", "    type: village", "unknown entity type 'village'"),
    "unknown key": ("    name: Pinsk\n", "    name: Pinsk\n    colour: red\n", "colour: red", "unknown key 'colour'"),
    "a key of another kind": ("    echelon: brigade", "    echelon: brigade\n    coordinates: [1, 2]",
                              "coordinates: [1, 2]", "unknown key 'coordinates' in entity 'pinsk-brigade'"),
    "an alias that is taken": ("    aliases: [Mokrany Monitor]", "    aliases: [Gayun]", "aliases: [Gayun]",
                               "'Gayun' already names Belarusian Hajun <https://w3id.org/osint-kg/id/org/hajun>"),
    "a name another entry gives": ("    name: Pinsk Brigade", '    name: "Mokrany Watch"', 'name: "Mokrany Watch"',
                                   "'Mokrany Watch' already names Mokrany Watch"),
    "a malformed QID": ("    name: Pinsk\n", "    name: Pinsk\n    wikidata: Q0123\n", "wikidata: Q0123",
                        "a Wikidata id is Q and a number"),
    "a place inside itself": ("    in: [Belarus]", "    in: [pinsk]", "in: [pinsk]", "'pinsk' cannot be in itself"),
    "a place inside itself through another": (
        "    in: [Belarus]", "    in: [Belarus]\n  pinsk-district:\n    type: region\n    name: Pinsk District\n"
        "    in: [pinsk]\n  pinsk-centre:\n    type: city\n    name: Pinsk Centre\n    in: [pinsk-district, pinsk-centre-area]\n"
        "  pinsk-centre-area:\n    type: region\n    name: Pinsk Centre Area\n    in: [pinsk-centre]",
        "in: [pinsk-district, pinsk-centre-area]", "'pinsk-centre' would lie in itself"),
    "a Cyrillic name without its language": ("    name: Ivan Speaker", "    name: Иван Спикер", "name: Иван Спикер",
                                             "is not in the Latin script: give its 'language'"),
    "coordinates off the globe": ("    coordinates: [52.11, 26.10]", "    coordinates: [95, 26.10]",
                                  "coordinates: [95, 26.10]", "latitude within ±90"),
    "a post that ends before it starts": ("from: 2023-01-01, to: 2024-01-01", "from: 2023-01-01, to: 2022-01-01",
                                          "- {role: spokesperson, of: mokrany-watch, from: 2023-01-01, to: 2022-01-01}",
                                          "the post ends on 2022-01-01 before it starts on 2023-01-01"),
    "a key that is no identifier": ("  pinsk:\n", "  Pinsk City:\n", "Pinsk City:", "an entity's key is its identifier"),
    "an unknown existing entity": ("  pinsk:\n    type: city\n    name: Pinsk\n", "  pinsk:\n    existing: Pinskk\n",
                                   "existing: Pinskk", "unknown name 'Pinskk'"),
    "an impossible day": ("    aliases: [Mokrany Monitor]", '    aliases: [{name: Mokrany Monitor, date: "2022-02-30"}]',
                          'aliases: [{name: Mokrany Monitor, date: "2022-02-30"}]', "expected a day (YYYY-MM-DD)"),
    "a language that is no tag": ("    aliases: [Mokrany Monitor]", "    aliases: [{name: Mokrany, language: Belarusian}]",
                                  "aliases: [{name: Mokrany, language: Belarusian}]", "a language is a BCP 47 tag"),
}


def test_the_base_entity_file_reads(model, tmp_path: Path):
    path = tmp_path / "entities.yaml"
    path.write_text(ENTITY_FILE, encoding="utf-8")
    batch = FactFileReader(model).read(path)
    assert (URIRef(f"{DEFAULT_BASE}place/pinsk"), None, None) in batch.graph  # the control: no problem at all


@pytest.mark.parametrize("case", list(BAD_ENTITIES))
def test_bad_entity_input_is_an_error_at_its_line(model, tmp_path: Path, case: str):
    old, new, at, message = BAD_ENTITIES[case]
    assert ENTITY_FILE.count(old) == 1
    text = ENTITY_FILE.replace(old, new)
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactFileError) as raised:
        FactFileReader(model).read(path)
    found = [p for p in raised.value.problems if message in p.message]
    assert found, [p.message for p in raised.value.problems]
    assert found[0].line == line_of(text, at.strip()) and found[0].file == str(path)


def test_a_bad_entity_file_writes_nothing(copy_workspace, tmp_path: Path):
    work = copy_workspace()
    path = tmp_path / "entities.yaml"
    path.write_text(ENTITY_FILE.replace("    aliases: [Mokrany Monitor]", "    aliases: [Hajun]"), encoding="utf-8")
    with EmbeddedStore(work / ".kg" / "store", read_only=True) as store:
        before = len(store)
    done = run_kg("ingest", path, cwd=work)
    assert done.returncode == 3 and f"{path}:8:" in done.stderr and "'Hajun' already names" in done.stderr
    with EmbeddedStore(work / ".kg" / "store", read_only=True) as store:
        assert len(store) == before


def test_a_second_description_that_gives_an_entity_a_second_name_is_quarantined(tmp_path: Path):
    """Names are checked by the reader; what only the store shows (the same key described by another file with
    another preferred name) is found by SHACL in the context of the store, and the file is quarantined."""
    store_path = tmp_path / "store"
    with kg.open(store_path) as graph:
        first = graph.ingest(BORDER_GUARD / "entities" / "border-guard.yaml")
        assert [r.status for r in first] == ["added"]
        other = tmp_path / "other.yaml"
        other.write_text("collection: {title: Another view}\nentities:\n  andrii-demchenko:\n    type: person\n"
                         "    name: A. Demchenko\n", encoding="utf-8")
        second = graph.ingest(other)
        assert [r.status for r in second] == ["quarantined"]
        assert "preferred label" in second[0].quarantine.report_text
        assert graph.resolve("Andrii Demchenko") == URIRef(f"{DEFAULT_BASE}person/andrii-demchenko")
        with pytest.raises(kg.errors.QueryError):
            graph.resolve("A. Demchenko")  # nothing of the quarantined file was written


def test_names_resolve_by_transliteration(model, tmp_path: Path):
    reader = FactFileReader(model)
    lukashenko = URIRef(f"{DEFAULT_BASE}person/alexander-lukashenko")
    assert reader.aliases.lookup("Лукашенко") == {lukashenko}  # no label spells it; "Lukashenko" transliterates so
    assert reader.aliases.lookup("Лукашевич") == set()  # the control: a different name is not found


def test_an_alias_is_added_to_an_entity_the_graph_holds(copy_workspace, tmp_path: Path):
    """Euromaidan Press (25 Dec 2022) spells the monitoring group "Belaruski Hayun", which the reference data lacks:
    an entry with existing: adds it, with its source, to the reference entity (no new entity, no edit of ontology/)."""
    work = copy_workspace()
    path = tmp_path / "hajun-spellings.yaml"
    path.write_text("""collection:
  title: Spellings of Hajun seen in the news
  marking: TLP:CLEAR
entities:
  hajun:
    existing: Hajun
    aliases:
      - {name: Belaruski Hayun, source: "https://euromaidanpress.com/2022/12/25/russias-mig-31k-aircraft-knocked-out-of-action-after-catching-fire-in-belarus-belarusian-osint-group/", date: 2022-12-25}
""", encoding="utf-8")
    before = run_kg("query", "entity_by_alias", "-p", "name=Belaruski Hayun", cwd=work)
    assert before.returncode != 0 and "no entity is named" in before.stderr
    assert run_kg("ingest", path, cwd=work).returncode == 0
    found = _rows(run_kg("query", "entity_by_alias", "-p", "name=Belaruski Hayun", "--format", "csv", cwd=work))
    assert [r["entity"] for r in found] == [f"{DEFAULT_BASE}org/hajun"]
    names = _rows(run_kg("query", "entity_aliases", "-p", "entity=Hajun", "--format", "csv", cwd=work))
    sourced = [r for r in names if r["name"] == "Belaruski Hayun"]
    assert len(sourced) == 1 and sourced[0]["source"].startswith("https://euromaidanpress.com/")
    assert sourced[0]["graph"] != f"{DEFAULT_BASE}graph/reference"  # the alias keeps where it came from
