"""Reports: one per visible document, and one per document known only because a claim cites it when it has a date
and a publisher or author in the bundle.

A report's ``object_refs`` list the claims reported in it, and those claims' notes refer back to the report, so
reports come in two steps: ``plan_reports`` reserves their ids (events and claims may then refer to them) and keeps
everything but the contents; ``add_reports`` makes them last, from what ``kg.export.stix.claims`` says each holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import stix2
from rdflib.term import Node

from kg.export.stix.identifiers import stix_id
from kg.export.stix.objects import BundleObjects, created_modified
from kg.export.stix.view import DatasetView, published_day
from kg.vocab import OKG

__all__ = ["PlannedReport", "plan_reports", "add_reports"]


@dataclass(frozen=True)
class PlannedReport:
    """A report whose id is reserved: its rank, the identities it lists (publisher, author) and its properties."""

    rank: int
    members: tuple[str, ...]
    properties: Mapping[str, Any]


def plan_reports(view: DatasetView, objects: BundleObjects, identities: dict[Node, str]) -> dict[str, PlannedReport]:
    """Plan the reports of the visible documents, then of the cited documents that are not visible themselves;
    the plans, by report id."""
    cited = sorted(set(view.content.objects(None, OKG.citesSource)) - set(view.documents))
    return {**_plan(view, objects, identities, view.documents, from_metadata=True),
            **_plan(view, objects, identities, cited, from_metadata=False)}


def _plan(view: DatasetView, objects: BundleObjects, identities: dict[Node, str], documents: Iterable[Node],
          from_metadata: bool) -> dict[str, PlannedReport]:
    """The plans of the reports of ``documents``, described by the metadata (visible documents) or by the document
    graphs that cite them (which need a publisher or author identity to become a report)."""
    plans: dict[str, PlannedReport] = {}
    sources = view.sources
    graph = view.metadata if from_metadata else view.content
    for document in documents:
        source = sources.documents[document] if from_metadata else sources.described.get(document)
        day = published_day(graph.value(document, OKG.published), graph)
        people = [p for prop in (OKG.publisher, OKG.author) for p in graph.objects(document, prop)]
        refs = objects.refs((identities.get(p) for p in people), source.rank) if source else []
        if source is None or day is None or (not from_metadata and not refs):
            continue
        lines = [f"{view.class_label(document)}"]
        for prop, name in ((OKG.publisher, "published by"), (OKG.author, "author"), (OKG.dateline, "dateline")):
            values = sorted(view.label(v) for v in graph.objects(document, prop))
            if values:
                lines.append(f"{name}: {', '.join(values)}")
        report_id = stix_id("report", document)
        objects.plan(report_id, source.rank)
        plans[report_id] = PlannedReport(source.rank, tuple(refs), dict(
            name=view.label(document), description="; ".join(lines) + ".",
            published=datetime.combine(day, datetime.min.time(), timezone.utc),
            created_by_ref=objects.producer, **created_modified(source),
            object_marking_refs=objects.marking_refs(source.rank), external_references=view.external(document)))
    return plans


def add_reports(objects: BundleObjects, plans: Mapping[str, PlannedReport],
                claim_members: Mapping[str, list[str]]) -> None:
    """Make the planned reports, each listing its members and the ``claim_members`` reported in it (by report id:
    the claims' notes and opinions, claimants and events) that are not more restricted than the report."""
    for report_id, plan in plans.items():
        refs = objects.refs([*plan.members, *claim_members.get(report_id, [])], plan.rank) or [objects.producer]
        objects.add(stix2.Report(id=report_id, object_refs=refs, **plan.properties), plan.rank)
