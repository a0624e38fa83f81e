"""The store interface: the few operations the rest of the project needs, so that an embedded Oxigraph store and a
remote SPARQL server are interchangeable (DESIGN.md §4)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.terms import graph_quads

__all__ = ["Store", "Results"]


@dataclass(frozen=True)
class Results:
    """SELECT results: variable names and rows of rdflib terms (None where a variable is unbound)."""

    variables: list[str]
    rows: list[tuple[Node | None, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


class Store(ABC):
    """A quad store that answers SPARQL and replaces named graphs atomically."""

    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> Results:
        """Run a SELECT query with ``bindings`` substituted as RDF terms (never pasted into the text)."""

    def select_text(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[tuple[str | None, ...]]:
        """Run a SELECT query; each value as its lexical form (an IRI as its text). For indexes built from many
        values (every label in the store), where making rdflib terms would cost more than the query."""
        return [tuple(None if value is None else str(value) for value in row)
                for row in self.select(query, bindings).rows]

    @abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""

    @abstractmethod
    def replace(self, graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]] = {},
                add: Mapping[URIRef, Graph] = {}) -> None:
        """In one transaction: replace each graph in ``graphs`` whole; in each graph of ``remove_subjects`` delete
        the triples of those subjects (and of the IRIs below them, ``subject/...``, that they link to); then add ``add``'s triples."""

    @abstractmethod
    def bulk_load(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Load whole graphs that are not in the store yet, the fastest way the store offers (not transactional:
        for building a store)."""

    def graph(self, name: URIRef) -> Graph:
        """The triples of one named graph."""
        return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }", {"graph": URIRef(name)})

    def quads(self, name: URIRef) -> Iterator[ox.Quad]:
        """The triples of one named graph, as quads in that graph: for copying a graph out of the store without
        building an rdflib graph (a store may stream them from its indexes)."""
        return graph_quads(self.graph(name), name)

    @abstractmethod
    def graph_names(self) -> set[URIRef]:
        """The named graphs that hold triples."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def close(self) -> None:
        """Release the store (files, locks, connections)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
