"""JSON Schemas of fact files and entity files, generated from the format (kg.factfile.format: fact-files.ttl and
entity-files.ttl) and the ontology, for editors: with the schema named on a file's first line (``#
yaml-language-server: $schema=…``, see docs/fact-files.md and docs/entities.md) an editor completes keys, lists the
allowed values and flags an unknown key as it is typed.

The schema checks the shape of a file, not its names: whether "Rusia" names an entity, a quote is in the text or a
marking is strict enough is the reader's job (``kg validate``), which also accepts values in any case where the
schema lists their canonical spelling; nor which kinds of entry accept a key (a coordinate on a unit): the schema
lists every entry key. ``schema/fact-file.schema.json`` and ``schema/entity-file.schema.json`` are this module's
output, and a test fails when they differ.

    python -m kg.factfile.schema schema/   # write both"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rdflib.namespace import SKOS

from kg.config import DEFAULT_BASE, RESOURCES
from kg.factfile.entities import entity_kind_names
from kg.factfile.format import FMT, FactFileFormat, Key, load_format
from kg.factfile.reading import DOCUMENT_ID
from kg.factfile.timespec import TIME_KEYS
from kg.model import Model

__all__ = ["SCHEMA_PATH", "ENTITY_SCHEMA_PATH", "fact_file_schema", "entity_file_schema", "schema_text",
           "entity_schema_text"]

SCHEMA_PATH = RESOURCES / "schema" / "fact-file.schema.json"
ENTITY_SCHEMA_PATH = RESOURCES / "schema" / "entity-file.schema.json"
#: the sections of an entity entry, defined in both schemas (a fact file's ``entities:`` holds entries too)
_ENTRY_SECTIONS = ("entity", "name", "alias", "posts")
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"

_ONE_OR_MORE_NAMES = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
_LISTS = {"claims", "assessments", "resolutions"}  # top-level sections that are lists; the others map keys to entries


def _concept_values(model: Model, key: Key) -> list[Any]:
    values: list[Any] = []
    for concept in model.ontology.subjects(SKOS.inScheme, key.scheme):
        for notation in model.ontology.objects(concept, SKOS.notation):
            values += _spellings(str(notation))
            if str(notation).isdigit():  # credibility: 2 is a YAML integer
                values.append(int(str(notation)))
    return sorted(set(values), key=lambda v: (isinstance(v, int), str(v)))


def _spellings(name: str) -> list[str]:
    """A name as the reader takes it: spaces and hyphens are interchangeable (`not occurred` = `not-occurred`)."""
    return sorted({name, name.replace("-", " "), name.replace(" ", "-")})


def _value_schema(model: Model, key: Key) -> dict[str, Any]:
    kind = key.value
    if kind in (FMT.Concept, FMT.Marking):
        return {"enum": _concept_values(model, key)}
    if kind == FMT.ClassName:
        return {"enum": sorted({spelling for c in model.class_names(key.expects).values()
                                for spelling in _spellings(model.label(c))})}
    if kind == FMT.EntityKind:
        return {"enum": sorted({spelling for c in entity_kind_names(model).values()
                                for spelling in _spellings(model.label(c))})}
    if kind == FMT.Name:
        return {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/name"}]}
    if kind == FMT.Names:
        alias = {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/alias"}]}
        return {"oneOf": [alias, {"type": "array", "items": alias, "minItems": 1}]}
    if kind == FMT.Coordinates:
        return {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
    if kind == FMT.DayMonthYear:
        return {"oneOf": [{"type": "string", "pattern": _DATE}, {"type": "integer"}]}
    if kind in (FMT.Entities, FMT.Keys):
        return dict(_ONE_OR_MORE_NAMES)
    if kind == FMT.Route:
        return {"type": "array", "items": {"type": "string"}, "minItems": 1}
    if kind == FMT.Identifier:
        return {"type": "string", "pattern": f"^{DOCUMENT_ID.pattern}$"}
    if kind == FMT.Day:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind == FMT.Time:
        return {"$ref": "#/$defs/time"}
    if kind == FMT.Number:
        return {"type": "number", "minimum": 0}
    if kind == FMT.Boolean:
        return {"type": "boolean"}
    if kind == FMT.URL:
        return {"type": "string", "format": "uri"}
    if kind == FMT.Nested and key.nested == "evidence":
        passage = {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/evidence"}]}
        return {"oneOf": [passage, {"type": "array", "items": passage, "minItems": 1}]}
    if kind == FMT.Nested and key.nested:
        entry = {"$ref": f"#/$defs/{key.nested}"}
        return {"oneOf": [entry, {"type": "array", "items": entry, "minItems": 1}]}
    return {"type": "string"}  # text, labels, entities named once, paths, IRIs, language tags


def _section_schema(model: Model, fmt: FactFileFormat, section: str) -> dict[str, Any]:
    keys = fmt.of(section)
    properties = {}
    for key in keys:
        schema = _value_schema(model, key)
        schema["description"] = key.definition + (f" ({key.condition})" if key.condition else "")
        properties[key.name] = schema
    result: dict[str, Any] = {"type": "object", "description": fmt.sections[section][2], "properties": properties,
                              "additionalProperties": False}
    required = [k.name for k in keys if k.required]
    if required:
        result["required"] = required
    return result


def _entities_map() -> dict[str, Any]:
    """An ``entities:`` section: entries keyed by their identifiers."""
    return {"type": "object", "propertyNames": {"pattern": f"^{DOCUMENT_ID.pattern}$"},
            "additionalProperties": {"$ref": "#/$defs/entity"}}


def _top_schema(fmt: FactFileFormat, key: Key) -> dict[str, Any]:
    if key.nested in ("document", "collection"):
        schema: dict[str, Any] = {"$ref": f"#/$defs/{key.nested}"}
    elif key.name == "entities":
        schema = _entities_map()
    elif key.name in _LISTS:
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{key.name}"}}
    else:
        schema = {"type": "object", "additionalProperties": {"$ref": f"#/$defs/{key.name}"}}
    schema["description"] = key.definition
    return schema


def _document_schema(model: Model, top: str, sections: list[str], name: str, title: str,
                     description: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file whose top level is the format's section ``top``."""
    fmt = load_format(model.ontology)
    keys = fmt.of(top)
    defs = {section: _section_schema(model, fmt, section) for section in sections}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://w3id.org/osint-kg/schema/{name}",
        "title": title,
        "description": description + " Generated from ontology/format/ by kg.factfile.schema; do not edit.",
        "type": "object",
        "properties": {key.name: _top_schema(fmt, key) for key in keys},
        "required": [key.name for key in keys if key.required],
        "additionalProperties": False,
        "$defs": defs,
    }


def fact_file_schema(model: Model) -> dict[str, Any]:
    """The JSON Schema of a fact file."""
    fmt = load_format(model.ontology)
    sections = sorted(s for s in fmt.sections if s not in ("top", "entities", "entity-file", "collection",
                                                            *_ENTRY_SECTIONS)) + list(_ENTRY_SECTIONS)
    schema = _document_schema(model, "top", sections, "fact-file.schema.json", "OSINT KG fact file",
                              "A fact file: one document's facts, claims and assessments (docs/fact-files.md).")
    schema["$defs"]["time"] = {
        "description": "A date (YYYY-MM-DD), a month (YYYY-MM), a year, or bounds, a precision, a phrase and a "
                       "relative time (docs/fact-files.md, Times).",
        "oneOf": [{"type": "string", "pattern": _DATE}, {"type": "integer"},
                  {"type": "object", "properties": {k: {"type": "string"} if k in ("phrase", "relative", "precision")
                                                    else {"type": "string", "pattern": _DATE}
                                                    for k in sorted(TIME_KEYS)},
                   "additionalProperties": False}]}
    return schema


def entity_file_schema(model: Model) -> dict[str, Any]:
    """The JSON Schema of an entity file."""
    return _document_schema(model, "entity-file", ["collection", *_ENTRY_SECTIONS], "entity-file.schema.json",
                            "OSINT KG entity file",
                            "An entity file: a collection of entities with their names and links (docs/entities.md).")


def schema_text(model: Model) -> str:
    return json.dumps(fact_file_schema(model), indent=2, ensure_ascii=False) + "\n"


def entity_schema_text(model: Model) -> str:
    return json.dumps(entity_file_schema(model), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write both schemas into the folder given (a file path names its folder), by default the project's."""
    folder = Path(argv[0]) if argv else SCHEMA_PATH.parent
    folder = folder.parent if folder.suffix == ".json" else folder
    folder.mkdir(parents=True, exist_ok=True)
    model = Model.load(DEFAULT_BASE)
    for name, text in ((SCHEMA_PATH.name, schema_text(model)), (ENTITY_SCHEMA_PATH.name, entity_schema_text(model))):
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
