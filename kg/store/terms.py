"""Conversions between rdflib terms (batches, parsing, pyshacl) and pyoxigraph terms (the store)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["to_ox", "from_ox", "caching_from_ox", "graph_quads", "graph_block", "ENTRIES_TEMPLATE", "entries_pattern",
           "replace_update"]


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


def caching_from_ox() -> Callable[[object], Node | None]:
    """``from_ox`` that converts each distinct term once, for one answer: answers repeat their terms (labels,
    classes, sources), and converting each distinct term once made a 4,767-row answer's conversion 6x faster."""
    converted: dict[object, Node | None] = {None: None}

    def convert(term: object) -> Node | None:
        try:
            return converted[term]
        except KeyError:
            converted[term] = result = from_ox(term)
            return result

    return convert


def graph_quads(graph: Graph, name: str | URIRef) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads in the named graph ``name``."""
    g = ox.NamedNode(str(name))
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)


def graph_block(name: str | URIRef, graph: Graph) -> str:
    """``GRAPH <name> { ... }`` with the graph's triples in N-Triples syntax, for SPARQL Update's INSERT DATA."""
    lines = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph)
    return f"GRAPH <{name}> {{\n{lines}\n}}"


#: The triples a subject's entries in a graph consist of: its own, and those of the IRIs below it
#: (``subject/...``, a document's publication time) that it links to. Found from the subject, never by scanning the
#: graph (filtering every subject of the metadata graph made each write and each revalidated document O(documents)).
ENTRIES_TEMPLATE = "?subject ?p ?o . ?part ?q ?v"


def entries_pattern(graph: str, subject: str) -> str:
    """The WHERE pattern matching ``ENTRIES_TEMPLATE``, for a graph and a subject given as SPARQL terms or
    variables (``<iri>`` or ``?name``)."""
    return (f"GRAPH {graph} {{ {subject} ?p ?o BIND({subject} AS ?subject) OPTIONAL {{ {subject} ?link ?part . "
            f"?part ?q ?v FILTER(STRSTARTS(STR(?part), CONCAT(STR({subject}), \"/\"))) }} }}")


def replace_update(graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]],
                   add: Mapping[URIRef, Graph]) -> str:
    """The SPARQL Update of ``Store.replace``, as one request (one transaction on the embedded store and on servers
    that run a request as one): drop each graph of ``graphs``, delete the triples of ``remove_subjects`` (and of IRIs
    below them, ``subject/...``, that they link to: found from the subject, never by scanning the graph) in their
    graphs, insert ``graphs`` and ``add``. Empty when there is nothing to do."""
    operations = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
    for graph, subjects in remove_subjects.items():
        for subject in subjects:
            operations.append(f"DELETE {{ GRAPH <{graph}> {{ {ENTRIES_TEMPLATE} }} }} "
                              f"WHERE {{ {entries_pattern(f'<{graph}>', f'<{subject}>')} }}")
    blocks = [graph_block(name, g) for name, g in [*graphs.items(), *add.items()] if len(g)]
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)
