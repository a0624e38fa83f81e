"""Validation of new triples in the context of the store (DESIGN.md §5): SHACL over the batch plus what the store
already says about the nodes it mentions (kg.context), never over the whole graph. Nothing is written here.

A report lists findings a person can act on: the focus node and its label, the path, the value, the shape's message
and severity, and for fact files the line where the node was written."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg import shapes
from kg.context import validation_context
from kg.batch import Batch
from kg.labels import LABEL_PREDICATES, display_label
from kg.model import Model
from kg.store import Store

__all__ = ["Finding", "ValidationReport", "validate_graph", "validate_batch", "SEVERITIES"]

#: SHACL severities, most serious first, by the name reports use.
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# pyshacl evaluates SHACL-SPARQL with rdflib, whose SPARQL parser breaks when threads parse at once.
_SHACL_LOCK = threading.Lock()


@dataclass(frozen=True)
class Finding:
    """One validation result, resolved to names a person recognises."""

    severity: str
    message: str
    focus: str
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")


@dataclass
class ValidationReport:
    """The outcome for one input: its findings and the sh:ValidationReport graph."""

    source: str
    findings: list[Finding]
    report: Graph
    triples: int
    document: str | None = None
    inputs: dict[str, Path] = field(default_factory=dict)
    #: What the analyst should look at that is no finding (kg.event_matches: an event like one the store holds).
    notes: tuple[str, ...] = ()

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity != "Violation")

    def conforms(self, strict: bool = False) -> bool:
        """No violations (and, when ``strict``, no warnings either)."""
        return not self.findings if strict else self.violations == 0


def _label(node: Node, graphs: Iterable[Graph]) -> str | None:
    return display_label(node, graphs, LABEL_PREDICATES[:2])


def _short(node: Node | None, model: Model) -> str | None:
    """An IRI as a prefixed name where the project knows the prefix, else in full; literals as their text."""
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    if not isinstance(node, URIRef):
        return str(node)
    if str(node).startswith(str(shapes.SHAPES)):
        return "okgsh:" + str(node)[len(str(shapes.SHAPES)):]
    try:
        return model.ontology.namespace_manager.normalizeUri(node)
    except (ValueError, KeyError):
        return f"<{node}>"


def _path_text(report: Graph, path: Node | None, model: Model) -> str | None:
    """A SHACL property path in SPARQL syntax: ``okg:a``, ``^okg:a``, ``okg:a/okg:b``, ``okg:a|okg:b``."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _short(path, model)
    if (inverse := report.value(path, SH.inversePath)) is not None:
        return f"^{_path_text(report, inverse, model)}"
    if (alternatives := report.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(_path_text(report, p, model) or "?" for p in Collection(report, alternatives)) + ")"
    for operator, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := report.value(path, operator)) is not None:
            return f"({_path_text(report, inner, model)}){suffix}"
    if (report.value(path, RDF.first)) is not None:
        return "/".join(_path_text(report, p, model) or "?" for p in Collection(report, path))
    return None


def findings_from(outcome: shapes.ShaclOutcome, data: Graph, context: Graph, model: Model, source: str,
                  lines: Mapping[Node, int] | None = None) -> list[Finding]:
    """The results of a SHACL outcome (kg.shapes, the one result model) named for a person: labels, prefixed names,
    paths in SPARQL syntax, lines; most serious first, then by line and node."""
    found = []
    for result in outcome.results:  # kg.shapes already kept only the batch's own nodes
        found.append(Finding(
            severity=SEVERITIES.get(result.severity, "Violation"),
            message="; ".join(result.messages) or "does not conform",
            focus=str(result.focus_node),
            focus_label=_label(result.focus_node, (data, context)),
            path=_path_text(outcome.report, result.path, model),
            value=_short(result.value, model),
            shape=_short(result.source_shape, model),
            file=source,
            line=(lines or {}).get(result.focus_node),
        ))
    order = list(SEVERITIES.values())
    return sorted(found, key=lambda f: (order.index(f.severity), f.line or 0, f.focus, f.path or "", f.message))


def validate_graph(store: Store, data: Graph, model: Model, source: str, *, lines: Mapping[Node, int] | None = None,
                   replaced_graphs: Iterable[URIRef] = (), replaced_subjects: Iterable[URIRef] = (),
                   document: str | None = None, inputs: Mapping[str, Path] | None = None,
                   alongside: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (the union of a batch's graphs) in the context of ``store`` and of ``alongside`` (files
    validated in the same run before it, not written: ``kg validate entities.yaml story.yaml``); writes nothing."""
    described = model.reference if alongside is None else model.reference + alongside
    context = validation_context(store, data, model.ontology, replaced_graphs, replaced_subjects, described)
    with _SHACL_LOCK:
        outcome = shapes.validate(data, context)
    findings = findings_from(outcome, data, context, model, source, lines)
    return ValidationReport(source, findings, outcome.report, len(data), document, dict(inputs or {}))


def validate_batch(store: Store, batch: Batch, model: Model, alongside: Graph | None = None) -> ValidationReport:
    """Validate a batch as it would be written: its graphs replace the stored ones, its metadata the stored
    metadata of its document; ``alongside``: what the batches of the same run before it will have written."""
    return validate_graph(store, batch.data(), model, str(batch.source), lines=batch.lines,
                          replaced_graphs=batch.graphs, replaced_subjects=[batch.document],
                          document=str(batch.document), inputs=batch.inputs, alongside=alongside)
