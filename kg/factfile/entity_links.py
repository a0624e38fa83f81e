"""The links of entity entries (kg.factfile.entities): what an entry's keys point to (a country, the places it lies
in, a unit's parent and force, a model's category, an item's model and operator), its coordinates, the posts a person
holds over time, and the check that no place lies in itself and no unit is its own parent. Also the dates entity
files give (a day, a month or a year)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg.factfile.format import FMT
from kg.factfile.reading import Reader
from kg.factfile.timespec import TimeSpecError, date_bounds
from kg.factfile.yamltree import Node
from kg.identifiers import content_iri
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.factfile.entities import _Entry

__all__ = ["link_entry", "no_circles", "entity_date", "GEO"]

GEO = Namespace("http://www.opengis.net/ont/geosparql#")


def no_circles(r: Reader, entries: list[_Entry]) -> None:
    """A place may not lie in itself through others (A in B, B in A), nor a unit belong to itself: the chains of
    ``in`` and ``parent`` from each entry, through this file's and the reference data's links."""
    for key, prop in (("in", OKG.locatedIn), ("parent", OKG.parentUnit)):
        for entry in entries:
            if key not in entry.node.value:
                continue
            seen, frontier = set(), [o for o in r.graph.objects(entry.iri, prop) if o != entry.iri]
            while frontier:
                node = frontier.pop()
                if node == entry.iri:
                    r.fail(entry.node.value[key], f"'{entry.key}' would lie in itself: its '{key}' leads back to it")
                    break
                if node not in seen:
                    seen.add(node)
                    frontier += list(r.graph.objects(node, prop)) + list(r.model.reference.objects(node, prop))


def entity_date(r: Reader, node: Node, day_only: bool = False) -> Literal | None:
    """A day, month or year as fact-file times read them (kg.factfile.timespec), typed by its precision (xsd:date,
    gYearMonth, gYear); only a day when ``day_only`` (a tenure's start and end)."""
    try:
        first, _, precision = date_bounds(node.plain())
    except TimeSpecError:
        precision = None
    if precision == "day":
        return Literal(first, datatype=XSD.date)
    if precision in ("month", "year") and not day_only:
        lexical = f"{first.year:04d}-{first.month:02d}" if precision == "month" else f"{first.year:04d}"
        return Literal(lexical, datatype=XSD.gYearMonth if precision == "month" else XSD.gYear)
    r.fail(node, f"expected a day (YYYY-MM-DD){'' if day_only else ', a month (YYYY-MM) or a year (YYYY)'}, "
                 f"got {node.plain()!r}")
    return None


def link_entry(r: Reader, entry: _Entry) -> None:
    """The entry's links to other entities (by key in this file, or by any name the graph knows) and its concepts:
    every key of the format's entity entries (ontology/format/entity-files.ttl) that writes a property, read by its
    kind of value with the class its entities must belong to; the country, the coordinates and the posts by readers
    of their own (a place lies in its country, a person is from one)."""
    e, g, iri = entry.node.value, r.graph, entry.iri
    for key in r.format.of("entity"):
        if key.name not in e or key.own_reader or key.writes is None:
            continue
        node = e[key.name]
        if key.value == FMT.Entity and (other := r.entity(node, key.expects, key.what)):
            g.add((iri, key.writes, other))
        elif key.value == FMT.Entities:
            for other in r.entities(node, key.expects, key.what):
                if other == iri:
                    r.fail(node, f"'{entry.key}' cannot be {key.name.replace('-', ' ')} itself")
                    continue
                g.add((iri, key.writes, other))
        elif key.value == FMT.Concept and (concept := r.concept(node, key.scheme, key.name)):
            g.add((iri, key.writes, concept))
    if "country" in e and (state := r.entity(e["country"], OKG.State, "a state")):
        g.add((iri, OKG.locatedIn if entry.root == OKG.Place else OKG.country, state))
    if "coordinates" in e:
        _coordinates(r, entry, e["coordinates"])
    for post in e["posts"].items() if "posts" in e else ():
        _post(r, entry, post)


def _coordinates(r: Reader, entry: _Entry, node: Node) -> None:
    """``[latitude, longitude]`` in WGS 84 degrees, as a GeoSPARQL point (longitude first, as WKT writes it)."""
    items = node.items() if node.is_list else []
    numbers = [r.number(item, what, signed=True) for item, what in zip(items, ("latitude", "longitude"))]
    if len(items) != 2:
        r.fail(node, f"coordinates are [latitude, longitude] in degrees, got {node.plain()!r}")
        return
    if None in numbers:
        return
    latitude, longitude = numbers
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
        r.fail(node, f"coordinates are [latitude, longitude]: latitude within ±90, longitude within ±180, "
                     f"got {node.plain()!r}")
        return
    geometry = URIRef(f"{entry.iri}/geometry")
    r.graph.add((entry.iri, GEO.hasGeometry, geometry))
    r.graph.add((geometry, GEO.asWKT, Literal(f"POINT({longitude} {latitude})", datatype=GEO.wktLiteral)))


def _post(r: Reader, entry: _Entry, node: Node) -> None:
    """A post the person holds, from and to a day: ``{role: spokesperson, of: State Border Guard Service}``. The post
    is the reference data's when it has one of that kind in that organisation, else one minted from the two."""
    if not r.check_keys(node, r.format.spec("posts"), f"a post of '{entry.key}'"):
        return
    p = node.value
    kind = r.concept(p["role"], OKG.PostKinds, "role") if "role" in p else None
    owner = r.entity(p["of"], OKG.Agent, "a state or organisation") if "of" in p else None
    start = entity_date(r, p["from"], day_only=True) if "from" in p else None
    end = entity_date(r, p["to"], day_only=True) if "to" in p else None
    if kind is None or owner is None or ("from" in p and start is None) or ("to" in p and end is None):
        return
    if start is not None and end is not None and end.value < start.value:
        r.fail(p["to"], f"the post ends on {end} before it starts on {start}")
        return
    g = r.graph
    post = next((s for s in r.model.reference.subjects(OKG.postKind, kind)
                 if (s, OKG.postIn, owner) in r.model.reference), None)
    if post is None:
        post = content_iri(r.base, "post", str(kind), str(owner))
        title = r.text_value(p["title"]) if "title" in p else None
        label = title or f"{r.model.label(kind)[:1].upper()}{r.model.label(kind)[1:]} of " \
                         f"{r.label(owner)}"
        g.add((post, RDF.type, OKG.Post))
        g.add((post, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((post, OKG.postKind, kind))
        g.add((post, OKG.postIn, owner))
    tenure = content_iri(r.base, "tenure", str(entry.iri), str(post), str(start))
    r.lines.setdefault(tenure, node.line)
    g.add((tenure, RDF.type, OKG.Tenure))
    g.add((tenure, OKG.holder, entry.iri))
    g.add((tenure, OKG.post, post))
    if kind == OKG.Spokesperson:  # one step from the organisation to its spokespeople, for the claim queries
        g.add((tenure, OKG.speaksFor, owner))
    if start is not None:
        g.add((tenure, OKG.tenureStart, start))
    if end is not None:
        g.add((tenure, OKG.tenureEnd, end))
