"""The fact-file format, read from data: ``ontology/format/fact-files.ttl`` describes every key of every section
(the value it takes, the ontology property it writes, where its names are looked up), and ``entity-files.ttl`` every
key of an entity file and of an entity entry (which kinds of entry accept it); this module reads both for
the converter (which keys a section allows and requires, and how a generic key is read and written), for the docs'
key tables and for the JSON Schema (kg.factfile.schema). A key is added there, not here: a key whose value kind is
generic (entities, local keys, a concept, text, a number) is read and written by ``write_generic`` with no Python
of its own; only a few structural keys (types, identifiers, times, nested entries) have readers of their own in the
section that holds them.

The expected class of a key's entities is its property's ``rdfs:range`` unless the key says otherwise
(``fmt:expects``); its allowed concept values are the notations of its concept scheme."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.config import FORMAT_DIR
from kg.errors import ModelError
from kg.model import parse_turtle_directory

__all__ = ["FMT", "FactFileFormat", "Key", "load_format"]

FMT = Namespace("https://w3id.org/osint-kg/format#")

#: Value kinds that ``write_generic`` reads and writes without a reader of their own.
GENERIC = frozenset({FMT.Entities, FMT.Entity, FMT.Keys, FMT.Concept, FMT.Text, FMT.Number, FMT.Boolean})


@dataclass(frozen=True)
class Key:
    """One key of one or more sections."""

    name: str
    sections: tuple[str, ...]
    order: int
    required: bool
    value: URIRef
    definition: str
    condition: str | None = None
    writes: URIRef | None = None  # the ontology property the value is written with
    expects: URIRef | None = None  # the class its entities belong to (the property's range unless said)
    scheme: URIRef | None = None
    look_in: tuple[str, ...] = ()
    identity: bool = False
    nested: str | None = None
    rdf: str | None = None
    what: str | None = None  # how messages name the expected value ('an equipment type or personnel kind')
    own_reader: bool = False  # read by its section's reader, though its kind of value is generic
    applies_to: tuple[URIRef, ...] = ()  # an entity entry's key: the kinds (root classes) whose entries accept it

    @property
    def generic(self) -> bool:
        """Read and written by ``write_generic``: a generic kind of value, not part of the entry's identity (those
        are read before the entry's IRI is known), not read by its section."""
        return self.value in GENERIC and self.writes is not None and not self.identity and not self.own_reader


@dataclass(frozen=True)
class FactFileFormat:
    keys: tuple[Key, ...]
    sections: dict[str, tuple[int, str, str]]  # name → (order, how messages name an entry, definition)

    def of(self, section: str) -> list[Key]:
        """The keys of ``section``, in their order."""
        return sorted((k for k in self.keys if section in k.sections), key=lambda k: (k.order, k.name))

    def key(self, section: str, name: str) -> Key:
        for k in self.of(section):
            if k.name == name:
                return k
        raise ModelError(f"the fact-file format has no key '{name}' in section '{section}'")

    def spec(self, section: str) -> set[str]:
        """The keys of ``section`` as ``Reader.check_keys`` takes them: required ones marked with '!'."""
        return {k.name + ("!" if k.required else "") for k in self.of(section)}

    def what(self, section: str) -> str:
        """How messages name an entry of ``section`` ('an event')."""
        return self.sections[section][1]


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return str(value) if value is not None else None


def _section_name(graph: Graph, node) -> str:  # noqa: ANN001
    name = graph.value(node, FMT.name)
    if name is None:
        raise ModelError(f"format section {node} has no fmt:name")
    return str(name)


def _range(ontology: Graph, prop: URIRef) -> URIRef | None:
    """The property's range, or its nearest super-property's (a sub-property's values are the super-property's)."""
    seen, todo = set(), [prop]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        found = ontology.value(current, RDFS.range)
        if found is not None:
            return found
        todo.extend(ontology.objects(current, RDFS.subPropertyOf))
    return None


def read_format(graph: Graph, ontology: Graph) -> FactFileFormat:
    """The format described in ``graph``; ``ontology`` gives each property's range."""
    sections = {}
    for node in graph.subjects(RDF.type, FMT.Section):
        order = graph.value(node, FMT.order)
        sections[_section_name(graph, node)] = (int(order) if order is not None else 0,
                                                _text(graph, node, FMT.article) or _section_name(graph, node),
                                                _text(graph, node, SKOS.definition) or "")
    keys = []
    for node in graph.subjects(RDF.type, FMT.Key):
        name, value = graph.value(node, FMT.name), graph.value(node, FMT.value)
        if name is None or value is None:
            raise ModelError(f"format key {node} needs fmt:name and fmt:value")
        prop = graph.value(node, FMT.property)
        expects = graph.value(node, FMT.expects) or (_range(ontology, prop) if prop is not None else None)
        nested = graph.value(node, FMT.nested)
        required = graph.value(node, FMT.required)
        keys.append(Key(
            name=str(name),
            sections=tuple(sorted(_section_name(graph, s) for s in graph.objects(node, FMT.section))),
            order=int(graph.value(node, FMT.order) or 0),
            required=bool(required.toPython()) if isinstance(required, Literal) else False,
            value=value,
            definition=_text(graph, node, SKOS.definition) or "",
            condition=_text(graph, node, FMT.condition),
            writes=prop,
            expects=(None if expects in (None, OWL.Thing, RDFS.Resource) or str(expects).startswith(str(XSD))
                     else expects),
            scheme=graph.value(node, FMT.scheme),
            look_in=tuple((_text(graph, node, FMT.lookIn) or "").split()),
            identity=bool(graph.value(node, FMT.identity)),
            nested=_section_name(graph, nested) if nested is not None else None,
            rdf=_text(graph, node, FMT.rdf),
            what=_text(graph, node, FMT.article),
            own_reader=bool(graph.value(node, FMT.ownReader)),
            applies_to=tuple(sorted(graph.objects(node, FMT.appliesTo)))))
    for key in keys:
        unknown = set(key.sections) - set(sections)
        if unknown:
            raise ModelError(f"format key '{key.name}' names unknown sections: {', '.join(sorted(unknown))}")
    return FactFileFormat(tuple(keys), sections)


def load_graph(directory: Path = FORMAT_DIR) -> Graph:
    """The format's data (``ontology/format/*.ttl``)."""
    return parse_turtle_directory(directory, "fact-file format")


@functools.cache
def _format_graph() -> Graph:
    return load_graph()


@functools.lru_cache(maxsize=8)
def load_format(ontology: Graph) -> FactFileFormat:
    """The project's fact-file format, with ranges from ``ontology``: read once per ontology graph (a graph is
    hashed and compared by its identifier, and a model's ontology is one graph for the process: Model.load)."""
    return read_format(_format_graph(), ontology)
