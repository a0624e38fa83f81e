"""Where the marking of each exported node comes from: the rank it is exported under and the time it was recorded.

The package docstring gives the rules; this module is the one place that applies them to the visible graphs. A node
that a document graph describes (an event, an unnamed source, a cited document) takes the strictest marking under
which a graph holds it, since its content is their union; any node a visible graph mentions (a claimant, a place)
takes the loosest, spread along the reference data (a city's country), since its content is public reference data.
Everything is computed at once by ``read_sources`` and read-only afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.marking import owning_document
from kg.visibility import Ranks, node_ranks

__all__ = ["Source", "Sources", "read_sources"]


@dataclass(frozen=True)
class Source:
    """The rank of the marking an object is exported under and the record time of the document that gave it."""

    rank: int
    time: datetime

    def looser(self, other: Source | None) -> Source:
        return self if other is None or (self.rank, self.time) < (other.rank, other.time) else other

    def stricter(self, other: Source | None) -> Source:
        if other is None:
            return self
        return Source(max(self.rank, other.rank), min(self.time, other.time))


@dataclass(frozen=True)
class Sources:
    """The source of every node the bundle may export, read from the visible graphs once."""

    #: each visible document: its own marking and record time
    documents: Mapping[URIRef, Source]
    #: subjects of document graphs: the strictest graph holding them
    described: Mapping[Node, Source]
    #: any node: the loosest graph mentioning it, spread along the reference data
    mentioned: Mapping[Node, Source]
    #: subjects of document graphs: the documents whose graphs describe them, in document order
    describing: Mapping[Node, tuple[URIRef, ...]]
    #: the nodes a visible graph (or a visible document's metadata) mentions itself, not only through reference data
    direct: frozenset[Node]


def read_sources(document_graphs: Mapping[URIRef, Graph], document_sources: Mapping[URIRef, Source],
                 metadata: Graph, reference: Graph, ranks: Ranks) -> Sources:
    """The sources of the nodes of ``document_graphs`` (each document's own in ``document_sources``), its metadata
    entries and what the reference data leads to from them."""
    described: dict[Node, Source] = {}
    mentioned: dict[Node, Source] = {}
    describing: dict[Node, list[URIRef]] = {}
    for document, graph in document_graphs.items():
        source = document_sources[document]
        node_rank = node_ranks(graph, document, source.rank, ranks)
        for node, rank in node_rank.items():
            here = Source(rank, source.time)
            mentioned[node] = here.looser(mentioned.get(node))
        for subject in set(graph.subjects()):
            here = Source(node_rank[subject], source.time)
            described[subject] = here.stricter(described.get(subject))
            describing.setdefault(subject, []).append(document)
    documents = set(document_graphs)
    for s, _, o in metadata:  # one pass: each entry is about one document (or none visible)
        document = owning_document(s, documents)
        if document is None:
            continue
        source = document_sources[document]
        for node in (s, o):
            if not isinstance(node, Literal):
                mentioned[node] = source.looser(mentioned.get(node))
    direct = frozenset(mentioned)
    _spread_along(reference, mentioned)
    return Sources(documents=dict(document_sources), described=described, mentioned=mentioned,
                   describing={node: tuple(docs) for node, docs in describing.items()}, direct=direct)


def _spread_along(reference: Graph, mentioned: dict[Node, Source]) -> None:
    """Give what the reference data leads to from a mentioned node (a city's country, an organisation's state) the
    loosest source of the nodes leading to it, until nothing changes."""
    changed = True
    while changed:
        changed = False
        for s, _, o in reference:
            if s in mentioned and not isinstance(o, Literal):
                spread = mentioned[s].looser(mentioned.get(o))
                if spread != mentioned.get(o):
                    mentioned[o] = spread
                    changed = True
