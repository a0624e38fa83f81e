"""The marking rule, in one place: at which TLP 2.0 level each document and each node of a document may be seen.

Exports, ``kg serve`` (through ``kg.marking``) and the STIX bundle all ask this module; none decides on its own.

- A set of markings gives its **strictest** rank: a document marked twice, once CLEAR and once RED, is RED.
- **No marking counts as the strictest level**, and so does a marking that is not a TLP 2.0 level.
- A node of a document graph may be seen at a level only if **its own marking** (a claim's, if it has one) **and its
  document's** allow it, and if it is **reached from a visible node without passing through a withheld one**: the
  evidence, the events and the unnamed sources that only a withheld claim leads to are withheld with it, while an
  event that a visible claim is also about stays.
- **Links to a withheld node are dropped with it**: a visible assessment whose basis is a withheld claim loses that
  link (``node_ranks`` gives the withheld node a rank above the level, so ``visible_triples`` drops the triple).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.model import Model
from kg.vocab import OKG

__all__ = ["Ranks", "node_ranks", "visible_triples"]


class Ranks:
    """The ranks of the TLP 2.0 levels (CLEAR 1 … RED 5), read from the ontology once."""

    def __init__(self, model: Model):
        self.by_marking: dict[URIRef, int] = {}
        for concept in model.ontology.subjects(SKOS.inScheme, OKG.TLP):
            rank = model.rank(concept)  # type: ignore[arg-type]
            if isinstance(concept, URIRef) and rank is not None:
                self.by_marking[concept] = rank
        self.notation = {m: str(model.ontology.value(m, SKOS.notation) or m) for m in self.by_marking}
        self.strictest = max(self.by_marking.values())
        self.marking_of = {rank: marking for marking, rank in self.by_marking.items()}

    def of(self, marking: Node | None) -> int:
        """The rank of one marking; no marking, or a node that is not a TLP level, counts as the strictest."""
        return self.by_marking.get(marking, self.strictest) if isinstance(marking, URIRef) else self.strictest

    def combined(self, markings: Iterable[Node]) -> int:
        """The rank of a set of markings: the strictest of them; none at all counts as the strictest level."""
        ranks = [self.of(m) for m in markings]
        return max(ranks) if ranks else self.strictest


def _reach(graph: Graph, roots: Iterable[Node], barrier: set[Node]) -> set[Node]:
    """The nodes reached from ``roots`` along the graph's links, never entering a node of ``barrier``."""
    seen = {r for r in roots if r not in barrier}
    frontier = list(seen)
    while frontier:
        for obj in graph.objects(frontier.pop(), None):
            if not isinstance(obj, Literal) and obj not in seen and obj not in barrier:
                seen.add(obj)
                frontier.append(obj)
    return seen


def node_ranks(graph: Graph, document: URIRef, document_rank: int, ranks: Ranks) -> dict[Node, int]:
    """The lowest level (as a rank) at which each node of a document's graph may be seen (see the module docstring).

    For each level a node's own marking could put it at: the nodes marked above it are withheld; a node that no
    withheld node leads to is visible at once; one that a withheld node leads to is visible only when a visible node
    reaches it without passing through a withheld one."""
    own: dict[Node, int] = {}
    for node, marking in graph.subject_objects(OKG.marking):
        if node != document:
            own[node] = max(own.get(node, document_rank), document_rank, ranks.of(marking))
    nodes = {n for s, _, o in graph for n in (s, o) if not isinstance(n, Literal)}
    result = dict.fromkeys(nodes, document_rank)
    pending = set(nodes)
    for level in sorted(set(own.values()) | {document_rank}):
        withheld = {n for n, rank in own.items() if rank > level}
        tainted = _reach(graph, withheld, set())
        roots = {s for s in graph.subjects() if s not in tainted}
        visible = _reach(graph, roots, withheld)
        for node in pending & visible:
            result[node] = level
        pending -= visible
    for node in pending:  # only cycles of withheld nodes are left: at the strictest of their own levels
        result[node] = max(own.values(), default=document_rank)
    return result


def visible_triples(graph: Graph, ranks: Mapping[Node, int], level: int) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of a document graph that ``level`` may see: its subject visible, and its object a literal or a
    visible node (a link to a withheld node goes with it)."""
    for s, p, o in graph:
        if ranks[s] <= level and (isinstance(o, Literal) or ranks[o] <= level):
            yield s, p, o
