"""The reference entities of a bundle: a location for every place with a WKT point, an identity for every agent a
visible document mentions, and the relationships between them (``located-at`` its country, ``related-to`` the
organisation an unnamed source speaks for). Each function returns the ids it made, by node, for the later steps.
"""

from __future__ import annotations

import re

import stix2
from rdflib import URIRef
from rdflib.term import Node

from kg.export.stix.identifiers import stix_id
from kg.export.stix.objects import BundleObjects, created_modified
from kg.export.stix.view import DatasetView, sentence
from kg.vocab import GEO, OKG, SKOS

__all__ = ["add_locations", "add_identities"]

_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)


def add_locations(view: DatasetView, objects: BundleObjects) -> dict[Node, str]:
    """A location for every mentioned place with a WKT point; their ids, by place."""
    locations: dict[Node, str] = {}
    mentioned = view.sources.mentioned
    for place in sorted(n for n in mentioned if OKG.Place in view.types(n)):
        geometry = view.reference.value(place, GEO.hasGeometry) or view.content.value(place, GEO.hasGeometry)
        wkt = geometry is not None and (view.reference.value(geometry, GEO.asWKT)
                                        or view.content.value(geometry, GEO.asWKT))
        match = _POINT.search(str(wkt)) if wkt else None
        if not match:
            continue
        longitude, latitude = float(match.group(1)), float(match.group(2))
        source = mentioned[place]
        description = view.reference.value(place, OKG.description)
        locations[place] = objects.add(stix2.Location(
            id=stix_id("location", place), name=view.label(place), latitude=latitude, longitude=longitude,
            description=f"{view.class_label(place)}" + (f". {description}" if description else ""),
            created_by_ref=objects.producer, **created_modified(source),
            object_marking_refs=objects.marking_refs(source.rank), external_references=view.external(place)),
            source.rank)
    return locations


def _identity_kind(types: set[URIRef]) -> tuple[str, list[str]]:
    """The ``identity_class`` and ``sectors`` of an agent of ``types``."""
    if OKG.AnonymousSource in types:
        return "unknown", []
    if OKG.Person in types:
        return "individual", []
    if OKG.State in types or OKG.GovernmentBody in types:
        return "organization", ["government-national"]
    if types & {OKG.ArmedForce, OKG.MilitaryService, OKG.MilitaryUnit}:
        return "organization", ["defense"]
    if types & {OKG.MonitoringGroup, OKG.PoliticalMovement}:
        return "group", []
    if OKG.Organisation in types:
        return "organization", []
    return "unknown", []


def add_identities(view: DatasetView, objects: BundleObjects, locations: dict[Node, str]) -> dict[Node, str]:
    """An identity for every agent a visible graph mentions itself, then its relationships to the ``locations`` and
    to the other identities; the identities' ids, by agent."""
    sources = view.sources
    agents = sorted(n for n in sources.direct if isinstance(n, URIRef) and OKG.Agent in view.types(n))
    identities: dict[Node, str] = {}
    for agent in agents:
        types = view.types(agent)
        anonymous = OKG.AnonymousSource in types
        source = sources.described.get(agent, sources.mentioned[agent]) if anonymous else sources.mentioned[agent]
        kind, sectors = _identity_kind(types)
        lines = [sentence(view.class_label(agent))]
        for graph in (view.reference, view.content):
            lines += [sentence(str(d)) for d in graph.objects(agent, OKG.description)]
        aliases = sorted({str(a) for a in view.reference.objects(agent, SKOS.altLabel)})
        if aliases:
            lines.append("Also known as: " + "; ".join(aliases) + ".")
        reliability = view.reference.value(agent, OKG.sourceReliability)
        if reliability is not None:
            lines.append(f"Source reliability (Admiralty): {view.label(reliability)}.")
        extra = {"sectors": sectors} if sectors else {}
        identities[agent] = objects.add(stix2.Identity(
            id=stix_id("identity", agent), name=view.label(agent), identity_class=kind,
            description=" ".join(lines), created_by_ref=objects.producer, **created_modified(source), **extra,
            object_marking_refs=objects.marking_refs(source.rank), external_references=view.external(agent)),
            source.rank)
    for agent in agents:  # relationships, once every end exists
        _add_relationships(view, objects, agent, identities, locations)
    return identities


def _add_relationships(view: DatasetView, objects: BundleObjects, agent: URIRef, identities: dict[Node, str],
                       locations: dict[Node, str]) -> None:
    """``agent`` located at itself (a state with a point) and at its countries and places; related to the
    organisations it is affiliated with."""
    here = [agent] if agent in locations else []
    places = here + [p for g in (view.reference, view.content) for prop in (OKG.country, OKG.locatedIn)
                     for p in g.objects(agent, prop)]
    for place in dict.fromkeys(places):
        if place in locations:
            objects.relationship(agent, "located-at", place, identities[agent], locations[place])
    for organisation in view.content.objects(agent, OKG.affiliation):
        if organisation in identities:
            objects.relationship(agent, "related-to", organisation, identities[agent], identities[organisation],
                                 "affiliated with (speaks for or belongs to)")
