"""The key tables of docs/fact-files.md and docs/entities.md, generated from the fact-file format (kg.factfile.format) and the
ontology: each table sits between ``<!-- keys: SECTION -->`` and ``<!-- /keys -->`` and is rewritten from the data,
with the allowed values of each key (its concept scheme's notations, its class's subclasses) read from the model.
A test fails when the docs differ from what this module writes, so a key is documented where it is defined.

    python -m kg.factfile.keytables docs/fact-files.md docs/entities.md   # rewrite the tables in place"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.config import DEFAULT_BASE
from kg.factfile.entities import entity_kind_names
from kg.factfile.format import FMT, FactFileFormat, Key, load_format
from kg.model import Model
from kg.vocab import GEO, OKG

__all__ = ["allowed_values", "render_tables", "key_table"]

#: ``<!-- keys: claims+assessments -->`` is the union of the sections' keys; ``resolutions-claims`` the keys of
#: resolutions that claims do not have.
_MARKED = re.compile(r"(<!-- keys: (?P<section>[a-z+-]+) -->\n)(?P<table>.*?)(<!-- /keys -->)", re.DOTALL)
_PREFIXES = ((str(OKG), "okg:"), (str(DCTERMS), "dcterms:"), (str(RDFS), "rdfs:"), (str(SKOS), "skos:"),
             (str(RDF), "rdf:"), (str(GEO), "geo:"))


def _curie(iri: URIRef) -> str:
    for namespace, prefix in _PREFIXES:
        if str(iri).startswith(namespace):
            return prefix + str(iri)[len(namespace):]
    return f"<{iri}>"


def allowed_values(model: Model, key: Key) -> list[tuple[str, str | None]]:
    """The values a key allows, each with what it means when its name does not say it: a concept scheme's
    notations (in the scheme's order) or the labels of the expected class and its subclasses; none for other keys."""
    if key.value in (FMT.Concept, FMT.Marking) and key.scheme is not None:
        concepts = sorted(((str(n), c) for c in model.ontology.subjects(SKOS.inScheme, key.scheme)
                           for n in model.ontology.objects(c, SKOS.notation)), key=lambda nc: model.rank(nc[1]) or 0)
        return [(notation, _meaning(notation, model.label(concept))) for notation, concept in concepts]
    if key.value == FMT.ClassName and key.expects is not None:
        return [(name, None) for name in sorted({model.label(c) for c in model.class_names(key.expects).values()})]
    if key.value == FMT.EntityKind:
        return [(name, None) for name in sorted({model.label(c) for c in entity_kind_names(model).values()})]
    return []


def _allowed(model: Model, key: Key) -> str:
    """The values a key allows, as the docs list them."""
    values = allowed_values(model, key)
    listed = ", ".join(f"`{name}`" + (f" {meaning}" if meaning else "") for name, meaning in values)
    if values and key.value == FMT.ClassName:
        listed += f" ({_curie(key.expects)} and its subclasses)"
    return listed


def _meaning(notation: str, label: str) -> str | None:
    """A concept's label when it says more than its notation (without the notation repeated: "A — completely
    reliable" is "completely reliable")."""
    for prefix in (f"{notation} — ", f"{notation} - "):
        label = label.removeprefix(prefix)
    return None if label.lower() == notation.lower() else label


def _row(model: Model, key: Key) -> str:
    required = key.condition or ("yes" if key.required else "no")
    allowed = _allowed(model, key)
    value = key.definition + (f": {allowed}" if allowed else "")
    rdf = " ".join(part for part in ((f"`{_curie(key.writes)}`" if key.writes is not None else ""),
                                     key.rdf or "") if part)
    cells = [f"`{key.name}`", required, value, rdf]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _keys(fmt: FactFileFormat, spec: str) -> list[Key]:
    """The keys a marker names: ``a+b`` the union of sections a and b (in that order), ``-c`` without c's keys."""
    included, _, excluded = spec.partition("-")
    keys: list[Key] = []
    for section in included.split("+"):
        keys += [k for k in fmt.of(section) if k not in keys]
    if excluded:
        keys = [k for k in keys if excluded not in k.sections]
    return keys


def key_table(model: Model, fmt: FactFileFormat, section: str) -> str:
    """The Markdown table of the keys of ``section`` (a marker's spec: ``claims+assessments``), in their order."""
    rows = [_row(model, key) for key in _keys(fmt, section)]
    return "\n".join(["| Key | Req. | Value | RDF |", "|---|---|---|---|", *rows]) + "\n"


def render_tables(text: str, model: Model) -> str:
    """``text`` with every marked table rewritten from the format."""
    fmt = load_format(model.ontology)
    return _MARKED.sub(lambda m: m.group(1) + key_table(model, fmt, m.group("section")) + m.group(4), text)


def main(argv: list[str]) -> int:
    model = Model.load(DEFAULT_BASE)
    for path in map(Path, argv or ["docs/fact-files.md", "docs/entities.md"]):
        text = path.read_text(encoding="utf-8")
        rendered = render_tables(text, model)
        if rendered != text:
            path.write_text(rendered, encoding="utf-8")
            print(f"rewrote the key tables of {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
