"""What the server says about one IRI: its statements in the visible dataset (with the graphs each comes from), the
blank nodes they lead to, and the labels of what it links to — as Turtle, JSON-LD, or data for the HTML page.

Everything is read from the visible dataset's store; nothing here can see more than the level allows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from kg.config import ONTOLOGY_DIR
from kg.labels import LABEL_PREDICATES, display_label_ox
from kg.terms import from_ox
from kg.vocab import PREFIXES

__all__ = ["Description", "describe", "label_of", "to_turtle", "to_jsonld", "types_of"]

_LABELS = tuple(ox.NamedNode(str(p)) for p in LABEL_PREDICATES)  # the labels shown beside linked nodes
_MAX_BLANK_DEPTH = 4


@dataclass
class Description:
    iri: str
    #: (predicate, object) → names of the graphs that state it, in order of first appearance.
    statements: dict[tuple[ox.NamedNode, object], list[str]] = field(default_factory=dict)
    #: triples about the blank nodes the statements lead to (their concise bounded description).
    blank: list[ox.Triple] = field(default_factory=list)
    #: label triples of the IRIs the statements link to.
    labels: list[ox.Triple] = field(default_factory=list)

    def triples(self) -> list[ox.Triple]:
        subject = ox.NamedNode(self.iri)
        own = [ox.Triple(subject, p, o) for p, o in self.statements]
        return own + self.blank + self.labels

    def graph(self) -> Graph:
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        for triple in self.triples():
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph


def label_of(store: ox.Store, node: object) -> str | None:
    """The display label (kg.labels) of an IRI in the visible dataset."""
    return display_label_ox(store, node) if isinstance(node, ox.NamedNode) else None


def describe(store: ox.Store, iri: str) -> Description | None:
    """The description of ``iri``, or None when the visible dataset has no statement about it (or ``iri`` is not a
    valid IRI, such as a request path with ``%3E`` or ``%00`` in it: it names nothing, so it is not found)."""
    try:
        subject = ox.NamedNode(iri)
    except ValueError:
        return None
    description = Description(iri)
    for quad in store.quads_for_pattern(subject, None, None, None):
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs = description.statements.setdefault((quad.predicate, quad.object), [])
        if graph not in graphs:
            graphs.append(graph)
    if not description.statements:
        return None
    seen_blank: set[str] = set()
    frontier = [(o, 0) for _, o in description.statements if isinstance(o, ox.BlankNode)]
    linked = {o for _, o in description.statements if isinstance(o, ox.NamedNode)}
    blank_triples: set[ox.Triple] = set()
    while frontier:
        node, depth = frontier.pop()
        if node.value in seen_blank or depth > _MAX_BLANK_DEPTH:
            continue
        seen_blank.add(node.value)
        for quad in store.quads_for_pattern(node, None, None, None):
            blank_triples.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode):
                frontier.append((quad.object, depth + 1))
            elif isinstance(quad.object, ox.NamedNode):
                linked.add(quad.object)
    description.blank = sorted(blank_triples, key=str)
    labels: set[ox.Triple] = set()
    for node in linked:
        if node == subject:
            continue
        for predicate in _LABELS:
            labels |= {q.triple for q in store.quads_for_pattern(node, predicate, None, None)}
    description.labels = sorted(labels, key=str)
    return description


def to_turtle(description: Description) -> bytes:
    return description.graph().serialize(format="turtle").encode("utf-8")


@cache
def _context() -> dict:
    """The project's local JSON-LD context (ontology/context.jsonld), else the project's prefixes; never remote."""
    path = ONTOLOGY_DIR / "context.jsonld"
    try:
        context = json.loads(path.read_text(encoding="utf-8")).get("@context")
        if isinstance(context, dict):
            return context
    except (OSError, ValueError):
        pass
    return dict(PREFIXES)


def to_jsonld(description: Description) -> bytes:
    text = description.graph().serialize(format="json-ld", context=_context(), auto_compact=True)
    return text.encode("utf-8")


def types_of(description: Description) -> list[ox.NamedNode]:
    rdf_type = ox.NamedNode(str(RDF.type))
    return [o for p, o in description.statements if p == rdf_type and isinstance(o, ox.NamedNode)]

