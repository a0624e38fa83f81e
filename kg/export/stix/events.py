"""Events (movements, transfers, offensives …), standing estimates and capabilities as notes: one per node, shared by
every claim about it, so that corroboration stays visible. STIX 2.1 has no object for any of them (``observed-data``
needs cyber observables, ``incident`` is a stub for security incidents, ``tool`` and ``infrastructure`` are cyber
resources, not a reserve of 1.5 million or a missile's range); the package docstring gives the mapping.
"""

from __future__ import annotations

import stix2
from rdflib.term import Node

from kg.export.stix.identifiers import stix_id
from kg.export.stix.objects import BundleObjects, created_modified
from kg.export.stix.view import DatasetView, sentence
from kg.vocab import OKG, RDF, RDFS

__all__ = ["add_events", "CLAIMABLE"]

#: the kinds of node a claim is about that become notes of their own: events, standing estimates, capabilities
CLAIMABLE = (OKG.Event, OKG.Estimate, OKG.Capability)


def add_events(view: DatasetView, objects: BundleObjects, identities: dict[Node, str],
               locations: dict[Node, str]) -> dict[Node, str]:
    """A note for every described event, estimate and capability, referring to its participants' ``identities`` and
    its places' ``locations`` (else to the reports describing it, which must be planned already); their ids, by
    node. Its content lists each property with its value's text: a quantity's or a measure's phrase and numbers."""
    events: dict[Node, str] = {}
    described = view.sources.described
    for event in sorted(n for n in described if not view.types(n).isdisjoint(CLAIMABLE)):
        source = described[event]
        lines, refs = [f"Type: {view.class_label(event)}."], []
        for predicate, value in sorted(view.content.predicate_objects(event)):
            if predicate in (RDF.type, RDFS.label):
                continue
            lines.append(sentence(f"{view.label(predicate)}: {view.label(value)}"))
            refs += [identities.get(value), locations.get(value)]
        refs = objects.refs(refs, source.rank)
        if not refs:  # nothing to point at: the reports that describe it
            refs = objects.refs((stix_id("report", d) for d in view.sources.describing.get(event, ())), source.rank)
        if not refs:
            refs = [objects.producer]
        events[event] = objects.add(stix2.Note(
            id=stix_id("note", event), abstract=view.label(event), content="\n".join(lines),
            object_refs=refs, created_by_ref=objects.producer, **created_modified(source),
            object_marking_refs=objects.marking_refs(source.rank), external_references=view.external(event)),
            source.rank)
    return events
