"""A batch: one document ready to be validated and written, whatever it was read from (a fact file, a partner's RDF
file). Every part of the ingest path passes batches — readers make them, validation and the quarantine read them,
ingest writes them — so the type lives here, in no reader's room."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.vocab import OKG

__all__ = ["Batch", "DEFAULT_MARKING"]

#: The marking a document gets when its fact file names none: restrictive, never CLEAR.
DEFAULT_MARKING = OKG.TLP_AMBER


@dataclass
class Batch:
    """One document ready to ingest: its named graph, its metadata, and where each node was written."""

    document: URIRef
    graph: Graph
    metadata: Graph
    source: Path
    lines: dict[URIRef, int] = field(default_factory=dict)
    #: The files the batch was read from, by the name the fact file uses for them (the fact file by its own name):
    #: what a quarantine keeps so that the batch can be retried.
    inputs: dict[str, Path] = field(default_factory=dict)
    #: Further named graphs the batch replaces whole (a partner's TriG or N-Quads file keeps its graphs).
    named: dict[URIRef, Graph] = field(default_factory=dict)
    #: A digest fixed by the reader (of a partner file's bytes, whose blank nodes get new names on every read);
    #: None: derived from the triples.
    digest: str | None = None

    @property
    def graphs(self) -> dict[URIRef, Graph]:
        """Every graph the batch replaces whole, by name."""
        return {self.document: self.graph, **self.named}

    def data(self) -> Graph:
        """All of the batch's triples in one graph (metadata included): what validation sees."""
        union = Graph()
        for graph in (*self.graphs.values(), self.metadata):
            for triple in graph:
                union.add(triple)
        return union
