"""SHACL validation of a batch in the context it refers to (DESIGN.md §5).

The shapes live in ``ontology/shapes/*.ttl``, one file per area of the model. :func:`validate` runs pyshacl over the
new triples (``data``) together with their ``context``: the ontology and whatever existing store triples the batch
refers to (types and labels of the nodes it mentions). The context is needed because a shape such as "a claimant
is an okg:Agent" must see the type of Hajun, which lives in the reference data, not in the batch. Only results
whose focus node belongs to the batch are reported (a subject of ``data``, or a new node it refers to; see
:func:`batch_nodes`), so an existing node in the context never makes a new batch fail.

How the context is mixed in, and why not with pyshacl's ``ont_graph``: pyshacl "inoculates" an ``ont_graph`` by
copying only OWL and RDFS axioms (classes, properties, subClassOf, named individuals), not instance data. The
reference entities' types and the concept individuals' ``skos:inScheme`` and ``okg:rank`` would be missing: the
seed article, which conforms, gets 130 false violations that way. So data and context are merged into one rdflib
graph (``owl:imports`` triples removed, so that nothing is ever fetched) and validated in place.

Inference: ``"none"``. SHACL's sh:targetClass and sh:class already follow ``rdfs:subClassOf`` in the data graph,
and the ontology is part of it, so an okg:MonitoringGroup is targeted by the okg:Agent shapes without inference.
``"rdfs"`` is slower (the seed batch with the ontology and reference data as context, pyshacl 0.40.1: 0.60 s
against 0.24 s) and wrong for this model: it types every value by its property's rdfs:range, so "the claimant is
an okg:Agent" would hold even for Kyiv (``okg:claimant`` has range okg:Agent), and every sh:class constraint on a
ranged property would be vacuous.

Speed: pyshacl runs a SHACL-SPARQL constraint once per focus node, and rdflib parses the query text every time;
the merged graph caches the parsed queries, which takes the seed batch from 4.5 s to 0.24 s.

Why not pyshacl's ``focus_nodes`` option to skip the context's nodes: pyshacl 0.40.1 applies it to nested
evaluations too (shapes reached through sh:node, sh:or... on value nodes) and silently drops blank-node focus nodes,
so results would be lost; the context is small by design, and results are filtered afterwards instead.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg.config import SHAPES_DIR
from kg.model import parse_turtle_directory

__all__ = ["SHAPES", "ShaclResult", "ShaclOutcome", "batch_nodes", "load_shapes", "validate"]

#: The namespace of the shapes (``okgsh:``): every shape and SPARQL constraint is a named IRI in it.
SHAPES = Namespace("https://w3id.org/osint-kg/shapes#")


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, as plain values: what failed, where, and which shape says so."""

    focus_node: Node
    path: Node | None
    value: Node | None
    message: str
    severity: URIRef
    source_shape: Node
    source_constraint: Node | None = None
    constraint_component: URIRef | None = None
    messages: tuple[str, ...] = ()  # every sh:resultMessage, sorted (``message`` is the one that says most)

    def __str__(self) -> str:
        level = "warning" if self.severity == SH.Warning else "violation" if self.severity == SH.Violation \
            else str(self.severity)
        where = f" {self.path}" if isinstance(self.path, URIRef) else ""
        value = f" = {self.value}" if self.value is not None else ""
        return f"{level}: {self.focus_node}{where}{value}: {self.message} [{self.source_shape}]"


@dataclass(frozen=True)
class ShaclOutcome:
    """The outcome of validating one batch: ``conforms`` is False only when there is a sh:Violation (warnings are
    allowed). ``report`` is the sh:ValidationReport graph, holding exactly the results in ``results``."""

    conforms: bool
    results: list[ShaclResult]
    report: Graph

    @property
    def violations(self) -> list[ShaclResult]:
        return [r for r in self.results if r.severity == SH.Violation]

    @property
    def warnings(self) -> list[ShaclResult]:
        return [r for r in self.results if r.severity == SH.Warning]


def load_shapes(directory: Path = SHAPES_DIR) -> Graph:
    """Every shapes file in ``directory`` (``ontology/shapes/*.ttl``), parsed into one new graph."""
    graph = parse_turtle_directory(directory, "shapes file")
    graph.remove((None, OWL.imports, None))
    return graph


@functools.cache
def _default_shapes() -> Graph:
    """The project's shapes, parsed once per process (pyshacl only reads the shapes graph)."""
    return load_shapes()


def validate(data: Graph, context: Graph | None = None, *, shapes: Graph | None = None) -> ShaclOutcome:
    """Validate the triples of ``data`` against ``shapes`` (default: :func:`load_shapes`) in ``context``.

    ``data`` is the new batch (for a fact file: its document graph and its metadata); ``context`` is the ontology
    plus the existing triples the batch refers to. A Dataset or ConjunctiveGraph is read as the union of its
    graphs. Neither graph is modified. Results are kept only for the batch's own nodes (:func:`batch_nodes`).
    """
    work = _QueryCachingGraph()
    for graph in (data, context):
        if graph is not None:
            work.addN((s, p, o, work) for s, p, o in _triples(graph))
            for prefix, namespace in graph.namespaces():
                work.bind(prefix, namespace, override=False)
    work.remove((None, OWL.imports, None))
    shapes_graph = _default_shapes() if shapes is None else _without_imports(shapes)
    _, report, _ = pyshacl.validate(work, shacl_graph=shapes_graph, inference="none", inplace=True,
                                    advanced=False, do_owl_imports=False, allow_warnings=True, allow_infos=True)
    ours = batch_nodes(data, context)
    kept = [node for node in report.objects(None, SH.result)
            if report.value(node, SH.focusNode) in ours and not _overloaded_by_context(report, node, data, shapes_graph)]
    results = sorted((_result(report, node, shapes_graph) for node in kept),
                     key=lambda r: (str(r.focus_node), str(r.source_shape), str(r.value), r.message))
    conforms = not any(r.severity == SH.Violation for r in results)
    return ShaclOutcome(conforms=conforms, results=results, report=_report_of(report, kept, conforms))


def _overloaded_by_context(report: Graph, result: Node, data: Graph, shapes: Graph) -> bool:
    """A maximum-count result that only the context causes: the batch's own values are within the limit, and the
    extra ones come from other documents (two documents giving an event or a cited source different times). Other
    documents may complete a node the batch describes, but their disagreeing with it is a contradiction to surface
    (query ``contradictions``), not an error in the batch."""
    if report.value(result, SH.sourceConstraintComponent) != SH.MaxCountConstraintComponent:
        return False
    path = report.value(result, SH.resultPath)
    limit = shapes.value(report.value(result, SH.sourceShape), SH.maxCount)
    if not isinstance(path, URIRef) or limit is None:
        return False
    focus = report.value(result, SH.focusNode)
    return len(set(data.objects(focus, path))) <= int(limit)


def batch_nodes(data: Graph, context: Graph | None = None) -> set[Node]:
    """The nodes whose validation results belong to the batch ``data``: every subject of ``data``, and every node
    ``data`` refers to that is not a subject of ``context`` (a new node the batch names but does not describe, such
    as a geometry or a reporting document nobody typed). A node the context describes is existing data: its
    results are not the batch's. This relies on the context holding at least the types of the existing nodes the
    batch mentions (DESIGN.md §5)."""
    nodes = {s for s, _, _ in _triples(data)}
    described = {s for s, _, _ in _triples(context)} if context is not None else set()
    nodes |= {o for _, _, o in _triples(data)} - described
    return nodes


# --- helpers ---
class _QueryCachingGraph(Graph):
    """A graph that parses each SPARQL text once. pyshacl runs a SHACL-SPARQL constraint once per focus node with
    the same text, and rdflib re-parses the text every time: parsing was ~15 of every ~17 ms per evaluation."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


_PARSE_LOCK = threading.Lock()  # rdflib's SPARQL parser is not safe to run in two threads at once


@functools.lru_cache(maxsize=1024)
def _prepared(text: str):
    with _PARSE_LOCK:
        return prepareQuery(text)


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(graph, ConjunctiveGraph):
        return ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
    return iter(graph.triples((None, None, None)))


def _without_imports(graph: Graph) -> Graph:
    if (None, OWL.imports, None) not in graph:
        return graph
    copy = Graph()
    copy.addN((s, p, o, copy) for s, p, o in _triples(graph) if p != OWL.imports)
    return copy


def _message(report: Graph, node: Node, shapes: Graph) -> str:
    """The result's message. pyshacl gives both the shape's sh:message and, for a SPARQL constraint or component,
    the validator's; the bound message of a SPARQL constraint names the values, the shape's explains the rule."""
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    if not messages:
        return ""
    own = {str(m) for m in shapes.objects(report.value(node, SH.sourceShape), SH.message)}
    if report.value(node, SH.sourceConstraint) is not None:
        preferred = [m for m in messages if m not in own]
    else:
        preferred = [m for m in messages if m in own]
    return (preferred or messages)[0]


def _result(report: Graph, node: Node, shapes: Graph) -> ShaclResult:
    return ShaclResult(
        focus_node=report.value(node, SH.focusNode),
        path=report.value(node, SH.resultPath),
        value=report.value(node, SH.value),
        message=_message(report, node, shapes),
        severity=report.value(node, SH.resultSeverity),
        source_shape=report.value(node, SH.sourceShape),
        source_constraint=report.value(node, SH.sourceConstraint),
        constraint_component=report.value(node, SH.sourceConstraintComponent),
        messages=tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
    )


def _report_of(report: Graph, kept: list[Node], conforms: bool) -> Graph:
    """A sh:ValidationReport with only the ``kept`` results, each copied with the blank nodes it refers to."""
    out = Graph()
    for prefix, namespace in report.namespaces():
        out.bind(prefix, namespace)
    root = BNode()
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, Literal(conforms)))
    seen: set[Node] = set()

    def copy(node: Node) -> None:
        if node in seen:
            return
        seen.add(node)
        for _, p, o in report.triples((node, None, None)):
            out.add((node, p, o))
            if isinstance(o, BNode):
                copy(o)

    for node in kept:
        out.add((root, SH.result, node))
        copy(node)
    return out
