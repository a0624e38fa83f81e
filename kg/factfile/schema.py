"""A JSON Schema of fact files, generated from the fact-file format (kg.factfile.format) and the ontology, for
editors: with the schema named on a fact file's first line (``# yaml-language-server: $schema=…``, see
docs/fact-files.md) an editor completes keys, lists the allowed values and flags an unknown key as it is typed.

The schema checks the shape of a file, not its names: whether "Rusia" names an entity, a quote is in the text or a
marking is strict enough is the reader's job (``kg validate``), which also accepts values in any case where the
schema lists their canonical spelling. ``schema/fact-file.schema.json`` is this module's output, and a test fails
when it differs.

    python -m kg.factfile.schema schema/fact-file.schema.json   # write it"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rdflib.namespace import SKOS

from kg.config import DEFAULT_BASE, RESOURCES
from kg.factfile.format import FMT, FactFileFormat, Key, load_format
from kg.factfile.reading import DOCUMENT_ID
from kg.factfile.timespec import TIME_KEYS
from kg.model import Model

__all__ = ["SCHEMA_PATH", "fact_file_schema", "schema_text"]

SCHEMA_PATH = RESOURCES / "schema" / "fact-file.schema.json"

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


def _top_schema(fmt: FactFileFormat, key: Key) -> dict[str, Any]:
    if key.name == "document":
        schema: dict[str, Any] = {"$ref": "#/$defs/document"}
    elif key.name == "entities":  # an entity file's entries (docs/entities.md): checked by the reader, by kind
        schema = {"type": "object", "additionalProperties": {"type": "object"}}
    elif key.name in _LISTS:
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{key.name}"}}
    else:
        schema = {"type": "object", "additionalProperties": {"$ref": f"#/$defs/{key.name}"}}
    schema["description"] = key.definition
    return schema


def fact_file_schema(model: Model) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a fact file."""
    fmt = load_format(model.ontology)
    top = fmt.of("top")
    defs = {section: _section_schema(model, fmt, section)
            for section in sorted(fmt.sections) if section not in ("top", "entities")}
    defs["time"] = {
        "description": "A date (YYYY-MM-DD), a month (YYYY-MM), a year, or bounds, a precision, a phrase and a "
                       "relative time (docs/fact-files.md, Times).",
        "oneOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer"},
                  {"type": "object", "properties": {k: {"type": "string"} if k in ("phrase", "relative", "precision")
                                                    else {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
                                                    for k in sorted(TIME_KEYS)},
                   "additionalProperties": False}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/osint-kg/schema/fact-file.schema.json",
        "title": "OSINT KG fact file",
        "description": "A fact file: one document's facts, claims and assessments (docs/fact-files.md). Generated from "
                       "ontology/format/ by kg.factfile.schema; do not edit.",
        "type": "object",
        "properties": {key.name: _top_schema(fmt, key) for key in top},
        "required": [key.name for key in top if key.required],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text(model: Model) -> str:
    return json.dumps(fact_file_schema(model), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(Model.load(DEFAULT_BASE)), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
