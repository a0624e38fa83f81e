"""The query catalog: one question per ``queries/*.rq`` file, described by its header comment.

    # Title: Claims by source
    # Description: Every claim a source made, ...
    # Parameter: source (entity, required) The claimant: an IRI or any label or alias.
    # Parameter: limit (integer, default: 100) At most this many rows.
    # Example: source=Khayun
    # Example: source="US State Department" as_of=2022-12-31

An example is a set of parameter values, shell-quoted; the first names every required parameter and returns rows on
the founding article's graph. They are what ``kg demo``, the remote-server tests and the benchmarks run, so a
query's examples live in one place, beside it. Golden results are data too (``tests/golden/``).

Parameter types: string, date, integer, decimal, boolean, iri, entity (an IRI or any label or alias, resolved
against the store). Values are bound as RDF terms (kg.sparql.bind), never pasted into the text."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.aliases import wikidata_names
from kg.config import QUERIES_DIR
from kg.errors import ModelError, QueryError

__all__ = ["Parameter", "CatalogQuery", "load_catalog", "PARAMETER_TYPES"]

_CONCAT = re.compile(r'GROUP_CONCAT\(\s*(?:DISTINCT\s+)?[^;]+;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
                     re.IGNORECASE)
_FIELD = re.compile(r"^#\s*(Title|Description|Parameter|Example):\s*(.*)$")
_PARAMETER = re.compile(r"^(\w+)\s+\((\w+)(?:,\s*(required|default:\s*[^)]*))?\)\s*(.*)$")


def _date(value: str) -> Literal:
    try:
        return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
    except ValueError:
        raise QueryError(f"'{value}' is not a date; expected YYYY-MM-DD") from None


def _integer(value: str) -> Literal:
    try:
        return Literal(int(value), datatype=XSD.integer)
    except ValueError:
        raise QueryError(f"'{value}' is not an integer") from None


def _decimal(value: str) -> Literal:
    try:
        return Literal(Decimal(value), datatype=XSD.decimal)
    except InvalidOperation:
        raise QueryError(f"'{value}' is not a number") from None


def _boolean(value: str) -> Literal:
    if value.lower() not in ("true", "false"):
        raise QueryError(f"'{value}' is not true or false")
    return Literal(value.lower() == "true", datatype=XSD.boolean)


def _iri(value: str) -> URIRef:
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*", value):
        raise QueryError(f"'{value}' is not an IRI")
    return URIRef(value)


#: How a parameter's text becomes an RDF term; 'entity' is resolved by the caller against the store's labels.
PARAMETER_TYPES: dict[str, Callable[[str], Node]] = {
    "string": lambda v: Literal(v),
    "date": _date,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
    "iri": _iri,
    "entity": _iri,
}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class CatalogQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path
    examples: tuple[dict[str, str], ...] = ()

    @property
    def list_columns(self) -> dict[str, str]:
        """Columns that are GROUP_CONCAT lists, with their separators. SPARQL leaves the order of the items
        unspecified, so compare them as sets."""
        return {column: separator for separator, column in _CONCAT.findall(self.text)}

    def parse_example(self, spec: str) -> dict[str, str]:
        """Parameter values written as in a '# Example:' line (``name=value ...``, shell-quoted)."""
        return _example(self.path, spec, list(self.parameters))

    def bindings(self, values: Mapping[str, object], resolve_entity: Callable[[str], URIRef]) -> dict[str, Node]:
        """RDF terms for the given parameter values (strings, or Python values), defaults filled in."""
        known = {p.name: p for p in self.parameters}
        if unknown := set(values) - set(known):
            raise QueryError(f"query '{self.name}' has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(known) or 'none'}")
        result: dict[str, Node] = {}
        for p in self.parameters:
            value = values.get(p.name)
            if value is None:
                if p.required:
                    raise QueryError(f"query '{self.name}' needs parameter '{p.name}' ({p.type}): {p.description}")
                if p.default is None:
                    continue
                value = p.default
            if isinstance(value, (URIRef, Literal)):
                result[p.name] = value
            elif p.type == "entity" and (not str(value).startswith(("http://", "https://", "urn:"))
                                         or wikidata_names(str(value))):  # a Wikidata IRI names its match here
                result[p.name] = resolve_entity(str(value))
            else:
                text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
                try:
                    result[p.name] = PARAMETER_TYPES[p.type](text)
                except QueryError as exc:
                    raise QueryError(f"parameter '{p.name}' of '{self.name}': {exc}") from None
        return result


def parse_query_file(path: Path, require_header: bool = True) -> CatalogQuery:
    """A .rq file with its header (title, description, parameters, examples). Catalog queries must have a title and
    a description (ModelError); an analyst's own file (``require_header=False``) may be plain SPARQL, named by its
    file, its header lines (parameters included) read where present."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"Title": [], "Description": [], "Parameter": [], "Example": []}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _FIELD.match(line):
            current = match.group(1)
            fields[current].append(match.group(2).strip())
        elif current and line[1:].strip():  # an indented continuation line
            fields[current][-1] += " " + line[1:].strip()
    if not require_header:
        fields["Title"] = fields["Title"] or [path.stem]
        fields["Description"] = fields["Description"] or [""]
    if len(fields["Title"]) != 1 or len(fields["Description"]) != 1:
        raise ModelError(f"{path}: the header needs one '# Title:' and one '# Description:' line")
    parameters = []
    for spec in fields["Parameter"]:
        match = _PARAMETER.match(spec)
        if not match or match.group(2) not in PARAMETER_TYPES:
            raise ModelError(f"{path}: bad parameter line '{spec}'; expected 'name (type[, required|, default: v]) "
                             f"description' with type one of {', '.join(PARAMETER_TYPES)}")
        name, kind, flag, description = match.groups()
        default = flag.split(":", 1)[1].strip() if flag and flag.startswith("default") else None
        parameters.append(Parameter(name, kind, flag == "required", default, description))
    examples = tuple(_example(path, spec, parameters) for spec in fields["Example"])
    return CatalogQuery(path.stem, fields["Title"][0], fields["Description"][0], tuple(parameters), text, path,
                        examples)


def _example(path: Path, spec: str, parameters: list[Parameter]) -> dict[str, str]:
    """One '# Example:' line as parameter values: ``name=value`` pairs, values shell-quoted when they hold spaces."""
    known = {p.name for p in parameters}
    try:
        pairs = [item.partition("=") for item in shlex.split(spec)]
    except ValueError as exc:
        raise ModelError(f"{path}: bad example line '{spec}': {exc}") from None
    values = {name: value for name, sep, value in pairs if sep and name in known}
    if len(values) != len(pairs):
        raise ModelError(f"{path}: bad example line '{spec}'; expected name=value pairs of the parameters "
                         f"{', '.join(sorted(known)) or '(none)'}")
    return values


def load_catalog(directory: Path = QUERIES_DIR) -> dict[str, CatalogQuery]:
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}
