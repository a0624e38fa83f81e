"""Conversions between rdflib terms (batches, parsing, pyshacl) and pyoxigraph terms (the store)."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["to_ox", "from_ox", "graph_quads", "graph_block"]


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def graph_quads(graph: Graph, name: str | URIRef) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads in the named graph ``name``."""
    g = ox.NamedNode(str(name))
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)


def graph_block(name: str | URIRef, graph: Graph) -> str:
    """``GRAPH <name> { ... }`` with the graph's triples in N-Triples syntax, for SPARQL Update's INSERT DATA."""
    lines = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph)
    return f"GRAPH <{name}> {{\n{lines}\n}}"
