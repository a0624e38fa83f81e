"""The generic keys of the fact-file format (kg.factfile.format): a key whose kind of value is entities, local keys,
a concept, text, a number or a boolean is read and written here, by what the format says of it, with no Python of
its own; the section readers (kg.factfile.convert, .events, .claims) call it for every such key they are given."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.factfile.format import FMT, Key
from kg.factfile.reading import Reader, kind_of
from kg.factfile.yamltree import Node
from kg.model import Model

__all__ = ["what_is_expected", "write_generic"]


def what_is_expected(model: Model, key: Key) -> str:
    """How a message names what the key expects ('an agent'): the key's own words, else its class's label."""
    if key.what:
        return key.what
    if key.expects is None:
        return "an entity"
    label = model.label(key.expects)
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def write_generic(r: Reader, model: Model, key: Key, node: Node, subject: URIRef, graph: Graph | None = None) -> None:
    """Read ``node`` as ``key``'s kind of value and write it into ``graph`` (default: the document's): entities of
    its expected class (local keys of its sections first), a concept of its scheme, text, a number or a boolean,
    with its property."""
    g = r.graph if graph is None else graph
    if key.value in (FMT.Entities, FMT.Keys):
        for value in r.entities(node, key.expects, what_is_expected(model, key), key.look_in):
            g.add((subject, key.writes, value))
    elif key.value == FMT.Entity:
        if (value := r.entity(node, key.expects, what_is_expected(model, key), key.look_in)) is not None:
            g.add((subject, key.writes, value))
    elif key.value == FMT.Concept:
        if (value := r.concept(node, key.scheme, key.name)) is not None:
            g.add((subject, key.writes, value))
    elif key.value == FMT.Text:
        if text := r.text_value(node):
            g.add((subject, key.writes, Literal(text)))
    elif key.value == FMT.Number:
        if (number := r.number(node, key.name)) is not None:
            g.add((subject, key.writes, Literal(number, datatype=XSD.decimal)))
    elif key.value == FMT.Boolean:
        if isinstance(node.value, bool):
            g.add((subject, key.writes, Literal(node.value)))
        else:
            r.fail(node, f"'{key.name}' must be true or false, got {kind_of(node.value)}")
