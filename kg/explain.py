"""Explanations for what HermiT finds, good enough to fix the model: the asserted axioms behind an inconsistency or an
unsatisfiable class. HermiT (through owlready2) says *that* something is wrong; these structural checks over the
same graph say *where*: which individual has types declared disjoint (and through which superclasses), which
individual has two values for a functional data property, which class sits below two disjoint classes."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

__all__ = ["disjoint_pairs", "explain_inconsistency", "explain_unsatisfiable"]


def _name(graph: Graph, node: Node) -> str:
    try:
        return graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)
    except (ValueError, KeyError):
        return f"<{node}>"


def disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    """Every pair of classes declared disjoint, by owl:disjointWith or owl:AllDisjointClasses."""
    pairs = {frozenset((a, b)) for a, b in graph.subject_objects(OWL.disjointWith) if a != b}
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        if members is not None:
            pairs |= {frozenset(p) for p in combinations(list(Collection(graph, members)), 2)}
    return pairs


def _superclasses(graph: Graph, cls: Node) -> dict[Node, list[Node]]:
    """Every named superclass of ``cls`` (itself included) with one chain of rdfs:subClassOf leading to it."""
    chains: dict[Node, list[Node]] = {cls: [cls]}
    frontier = [cls]
    while frontier:
        current = frontier.pop()
        for parent in graph.objects(current, RDFS.subClassOf):
            if isinstance(parent, BNode) or parent in chains:
                continue
            chains[parent] = chains[current] + [parent]
            frontier.append(parent)
    return chains


def _conflicts(graph: Graph, classes: Iterable[Node], pairs: set[frozenset[Node]]) -> list[str]:
    """Pairs of disjoint classes reached from ``classes``, each with the subclass chains that reach them."""
    reached: dict[Node, list[Node]] = {}
    for cls in classes:
        for sup, chain in _superclasses(graph, cls).items():
            reached.setdefault(sup, chain)
    found = []
    for pair in sorted(pairs, key=lambda p: sorted(map(str, p))):
        a, b = sorted(pair, key=str)
        if a in reached and b in reached:
            chain = lambda c: " ⊑ ".join(_name(graph, n) for n in reached[c])  # noqa: E731
            found.append(f"{_name(graph, a)} and {_name(graph, b)} are declared disjoint; reached by {chain(a)} "
                         f"and {chain(b)}")
    return found


def explain_inconsistency(graph: Graph) -> list[str]:
    """Individuals whose asserted types fall under disjoint classes, and individuals with two different values of a
    functional data property. Empty when the cause is subtler (then the reasoner's verdict stands alone)."""
    pairs = disjoint_pairs(graph)
    classes = set(graph.subjects(RDF.type, OWL.Class))
    explanations = []
    individuals = {s for s, o in graph.subject_objects(RDF.type) if o in classes and s not in classes}
    for individual in sorted(individuals, key=str):
        types = [t for t in graph.objects(individual, RDF.type) if t in classes]
        for conflict in _conflicts(graph, types, pairs):
            explanations.append(f"{_name(graph, individual)} is typed {', '.join(_name(graph, t) for t in types)}: "
                                f"{conflict}")
    for prop in sorted(set(graph.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        if (prop, RDF.type, OWL.DatatypeProperty) not in graph:
            continue
        for subject in sorted(set(graph.subjects(prop, None)), key=str):
            values = {o for o in graph.objects(subject, prop) if isinstance(o, Literal)}
            if len({(v.toPython(), v.datatype) for v in values}) > 1:
                explanations.append(f"{_name(graph, subject)} has {len(values)} values for the functional property "
                                    f"{_name(graph, prop)}: {', '.join(sorted(map(str, values)))}")
    return explanations


def explain_unsatisfiable(graph: Graph, cls: Node) -> list[str]:
    """Why no individual can belong to ``cls``: the disjoint classes it falls under."""
    return _conflicts(graph, [cls], disjoint_pairs(graph))
