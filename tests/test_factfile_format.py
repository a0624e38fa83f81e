"""The fact-file format is data (ontology/format/fact-files.ttl, kg.factfile.format): the converter reads its keys
from it, the docs' key tables and the JSON Schema are generated from it and cannot drift, a key added there is read
and written with no Python of its own, and ``kg new`` writes a template from it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from rdflib import Graph, URIRef

from kg.config import ARTICLES_DIR, DEFAULT_BASE, PROJECT_ROOT
from kg.factfile import FactFileReader
from kg.factfile.format import load_graph, read_format
from kg.factfile.keytables import key_table, render_tables
from kg.factfile.schema import ENTITY_SCHEMA_PATH, SCHEMA_PATH, entity_schema_text, schema_text
from kg.factfile.template import fact_file_template
from kg.model import Model
from kg.vocab import OKG

from helpers import run_kg

DOCS = PROJECT_ROOT / "docs" / "fact-files.md"
FACT_FILES = sorted([*ARTICLES_DIR.glob("*.yaml"), *(PROJECT_ROOT / "tests" / "golden" / "data").glob("*/articles/*.yaml")])
GOLDEN_DATA = PROJECT_ROOT / "tests" / "golden" / "data"
ENTITY_FILES = sorted((PROJECT_ROOT / "tests" / "golden" / "data").glob("*/entities/*.yaml"))


def _plain(value):
    """A YAML value as JSON has it (an unquoted date is a string to an editor's YAML 1.2 parser)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_docs_key_tables_are_the_formats(model: Model) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert text.count("<!-- keys: ") == 11
    assert render_tables(text, model) == text, "run: python -m kg.factfile.keytables docs/fact-files.md"


def test_the_json_schemas_are_the_formats(model: Model) -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(model), "run: python -m kg.factfile.schema schema/"
    assert ENTITY_SCHEMA_PATH.read_text(encoding="utf-8") == entity_schema_text(model), \
        "run: python -m kg.factfile.schema schema/"


@pytest.fixture(scope="module")
def entity_validator() -> Draft202012Validator:
    schema = json.loads(ENTITY_SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("path", ENTITY_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_entity_file_of_the_project_conforms_to_the_schema(entity_validator, path: Path) -> None:
    errors = list(entity_validator.iter_errors(_plain(yaml.safe_load(path.read_text(encoding="utf-8")))))
    assert not errors, [(list(e.path), e.message) for e in errors]


@pytest.mark.parametrize("change, where", [
    (("    aliases: [Osipovichi,", "    alises: [Osipovichi,"), "alises"),          # a misspelled entry key
    (("    type: city\n", "    type: township\n"), "township"),                  # an unknown kind
    (("  asipovichy:\n", "  Asipovichy Town:\n"), "Asipovichy Town"),            # an entry key that is no identifier
    (("  title: Entities", "  headline: Entities"), "headline"),                  # the collection's title missing
])
def test_the_entity_schema_flags_what_an_editor_should(entity_validator, change, where) -> None:
    """Negative controls, each on a real entity file (the Wagner camp at Tsel)."""
    text = (GOLDEN_DATA / "wagner-tsel" / "entities" / "wagner-tsel.yaml").read_text(encoding="utf-8")
    old, new = change
    assert old in text
    errors = list(entity_validator.iter_errors(_plain(yaml.safe_load(text.replace(old, new, 1)))))
    assert errors and any(where in e.message for e in errors), [e.message for e in errors]


def test_an_entity_key_added_to_the_format_is_read_with_no_python_of_its_own(model: Model, tmp_path: Path) -> None:
    """An entry key 'allied-with' for military units (written as okg:affiliation) added to the format data alone:
    the reader accepts it on a unit and links it, refuses it on a place (its fmt:appliesTo), and the docs table lists
    it. Negative control: without it in the data, the same file is refused for an unknown key."""
    extra = Graph().parse(data="""
        @prefix fmt: <https://w3id.org/osint-kg/format#> .
        @prefix okg: <https://w3id.org/osint-kg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        fmt:entity-allied-with a fmt:Key ; fmt:name "allied-with" ; fmt:order 99 ; fmt:section fmt:entity-section ;
            fmt:required false ; fmt:condition "military units" ; fmt:value fmt:Entities ;
            fmt:property okg:affiliation ; fmt:appliesTo okg:MilitaryUnit ; fmt:expects okg:Agent ;
            fmt:article "an agent" ; skos:definition "the forces it fights beside"@en .
    """, format="turtle")
    extended = read_format(load_graph() + extra, model.ontology)
    entity_file = tmp_path / "units.yaml"
    entity_file.write_text(
        "collection: {id: allied-units, title: Allied units, marking: TLP:CLEAR}\n"
        "entities:\n  northern-group: {type: military unit, name: Northern Group, allied-with: Armed Forces of Belarus}\n",
        encoding="utf-8")
    reader = FactFileReader(model)
    with pytest.raises(Exception, match="unknown key 'allied-with'"):
        reader.read(entity_file)
    reader.format = extended
    batch = reader.read(entity_file)
    unit = URIRef(f"{DEFAULT_BASE}unit/northern-group")
    assert (unit, OKG.affiliation, URIRef(f"{DEFAULT_BASE}force/belarus")) in batch.graph, \
        sorted(batch.graph.objects(unit, OKG.affiliation))
    entity_file.write_text(entity_file.read_text(encoding="utf-8").replace("type: military unit", "type: city"),
                           encoding="utf-8")
    with pytest.raises(Exception, match="unknown key 'allied-with'"):
        reader.read(entity_file)
    assert "| `allied-with` | military units | the forces it fights beside |" in key_table(model, extended, "entity")


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_fact_file_of_the_project_conforms_to_the_schema(validator: Draft202012Validator, path: Path) -> None:
    errors = list(validator.iter_errors(_plain(yaml.safe_load(path.read_text(encoding="utf-8")))))
    assert not errors, [(list(e.path), e.message) for e in errors]


@pytest.mark.parametrize("change, where", [
    (("    credibility: 2\n", "    credibilty: 2\n"), "credibilty"),          # a misspelled key
    (("    status: occurred\n", "    status: happened\n"), "happened"),          # a value outside the scheme
    (("    type: movement\n", "    type: stroll\n"), "stroll"),                  # an unknown event type
    (("  title: ", "  headline: "), "headline"),                                 # a required key missing, another unknown
])
def test_the_schema_flags_what_an_editor_should(validator: Draft202012Validator, change, where) -> None:
    """Negative controls, each on a real fact file (the founding example's Hajun post of 18 December)."""
    text = (ARTICLES_DIR / "2022-12-20-hajun-russian-troops-south-belarus.yaml").read_text(encoding="utf-8")
    old, new = change
    assert old in text
    errors = list(validator.iter_errors(_plain(yaml.safe_load(text.replace(old, new, 1)))))
    assert errors and any(where in e.message for e in errors), [e.message for e in errors]


def test_a_key_added_to_the_format_is_read_with_no_python_of_its_own(model: Model, tmp_path: Path) -> None:
    """An event key 'observers' (agents that watched it, written as participants) added to the format data alone:
    the converter reads and writes it, the docs table and the schema list it. Negative control: without it in the
    data, the same file is refused for an unknown key."""
    extra = Graph().parse(data="""
        @prefix fmt: <https://w3id.org/osint-kg/format#> .
        @prefix okg: <https://w3id.org/osint-kg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        fmt:events-observers a fmt:Key ; fmt:name "observers" ; fmt:order 99 ; fmt:section fmt:events-section ;
            fmt:required false ; fmt:value fmt:Entities ; fmt:property okg:participant ; fmt:lookIn "agents" ;
            skos:definition "one or a list of agents that watched it"@en .
    """, format="turtle")
    extended = read_format(load_graph() + extra, model.ontology)
    fact_file = tmp_path / "observed.yaml"
    fact_file.write_text(
        "document: {type: news article, title: An observed convoy, published: 2023-03-02, marking: TLP:CLEAR}\n"
        "events:\n  convoy: {type: movement, actor: Russian Armed Forces, to: Belarus, time: 2023-03-01,"
        " observers: Hajun}\n", encoding="utf-8")
    reader = FactFileReader(model)
    with pytest.raises(Exception, match="unknown key 'observers'"):
        reader.read(fact_file)
    reader.format = extended
    batch = reader.read(fact_file)
    event = next(batch.graph.subjects(OKG.actor, None))
    hajun = URIRef(f"{DEFAULT_BASE}org/hajun")
    assert (event, OKG.participant, hajun) in batch.graph, sorted(batch.graph.objects(event, OKG.participant))
    assert "| `observers` | no | one or a list of agents that watched it |" in key_table(model, extended, "events")


def test_kg_new_writes_a_template_whose_keys_the_reader_knows(model: Model, tmp_path: Path) -> None:
    """The template names the schema, reads as YAML, and filled in (placeholders replaced, as an analyst would)
    is a valid fact file. kg new never overwrites a file."""
    path = tmp_path / "articles" / "story.yaml"
    result = run_kg("new", str(path), "--published", "2023-02-21", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert (path.parent / text.splitlines()[0].split("$schema=")[1]).resolve() == SCHEMA_PATH.resolve()
    assert text == fact_file_template(model, path, dt.date(2023, 2, 21))
    filled = (text.replace("claimant: the claimant, by name or agents key", "claimant: Hajun")
              .replace("    type: movement\n", "    type: movement\n    actor: Russian Armed Forces\n    to: Belarus\n")
              .replace("title: The headline, or what the document is", "title: Trucks move south"))
    path.write_text(filled, encoding="utf-8")
    batch = FactFileReader(model).read(path)
    assert len(set(batch.graph.subjects(None, OKG.Claim))) == 1
    again = run_kg("new", str(path), cwd=tmp_path)
    assert again.returncode != 0 and "exists already" in again.stderr
    assert path.read_text(encoding="utf-8") == filled


def test_a_fact_file_can_count_a_thing_the_vocabulary_does_not_have(model: Model, tmp_path: Path) -> None:
    """Counts of anything (issue 15): a thing that is neither personnel nor equipment is a counted thing — the
    ontology's tents, sorties, convoys and trains, or one the file defines (here, fortified positions). Negative
    control: the same name without its entry is refused."""
    entry = "entities:\n  firing-position: {type: counted thing, name: firing position}\n"
    body = ("document: {type: news article, title: Positions dug, published: 2023-03-02, marking: TLP:CLEAR}\n"
            "events:\n  works:\n    type: preparation\n    actor: Armed Forces of Ukraine\n    time: 2023-03-01\n"
            "    quantities:\n      - {counts: firing position, value: 12}\n      - {counts: sortie, value: 4}\n")
    path = tmp_path / "positions.yaml"
    path.write_text(entry + body, encoding="utf-8")
    batch = FactFileReader(model).read(path)
    counted = {batch.graph.value(q, OKG.counts) for q in batch.graph.subjects(OKG.counts, None)}
    assert counted == {URIRef(f"{DEFAULT_BASE}thing/firing-position"), OKG.Sortie}
    assert (URIRef(f"{DEFAULT_BASE}thing/firing-position"), None, OKG.CountedThing) in batch.graph
    path.write_text(body, encoding="utf-8")
    with pytest.raises(Exception, match="unknown name 'firing position'"):
        FactFileReader(model).read(path)


def test_a_measure_keeps_its_unit_and_its_base_value_and_a_wrong_unit_is_refused(model: Model, tmp_path: Path) -> None:
    """Measures with units (issue 15): 55 miles is kept as 55 mi and as 88513.92 m, so it compares with kilometres.
    Negative control: a distance in hours is refused, with the dimension it needs."""
    body = ("document: {type: news article, title: A column, published: 2023-03-02, marking: TLP:CLEAR}\n"
            "events:\n  column:\n    type: movement\n    actor: Russian Armed Forces\n    to: Belarus\n"
            "    measures:\n      - {of: distance, value: 55, unit: UNIT, from: Kyiv, phrase: 55 miles from Kyiv}\n")
    path = tmp_path / "miles.yaml"
    path.write_text(body.replace("UNIT", "mi"), encoding="utf-8")
    batch = FactFileReader(model).read(path)
    measure = next(batch.graph.subjects(OKG.measures, OKG.Distance))
    assert batch.graph.value(measure, OKG.unit) == URIRef("http://qudt.org/vocab/unit/MI")
    assert float(batch.graph.value(measure, OKG.baseValue)) == pytest.approx(55 * 1609.344)
    assert batch.graph.value(measure, OKG.measuredFrom) == URIRef(f"{DEFAULT_BASE}place/kyiv")
    path.write_text(body.replace("UNIT", "h"), encoding="utf-8")
    with pytest.raises(Exception, match="a distance is not measured in hours: give a unit of length"):
        FactFileReader(model).read(path)
    # a value outside its own bounds is refused, as for a quantity (one rule for both)
    path.write_text(body.replace("UNIT", "mi").replace("value: 55,", "value: 55, at-most: 50,"), encoding="utf-8")
    with pytest.raises(Exception, match="value 55 lies outside its bounds"):
        FactFileReader(model).read(path)
