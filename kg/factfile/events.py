"""The events of a fact file: each event's identity from its type, roles, route and time (read before anything
else, so that claims and other events can name it), then its other keys, its route as waypoints in order and its
quantities. A mixin of FactFileReader (kg.factfile.convert), which holds the format and the model."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.factfile.format import FMT, Key
from kg.factfile.generic import what_is_expected
from kg.factfile.reading import Reader, kind_of
from kg.factfile.yamltree import Node
from kg.identifiers import content_iri
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.factfile.format import FactFileFormat
    from kg.model import Model

__all__ = ["EventSections"]


class EventSections:
    """The ``events`` section and its quantities."""

    format: FactFileFormat
    model: Model

    def _event_identities(self, r: Reader) -> dict[str, tuple[Node, URIRef, dict[str, list[URIRef]]]]:
        """First pass: each event's IRI from its type, participants, places and time (not from other events)."""
        found = {}
        for key, node in r.entries("events"):
            if not r.check_keys(node, self.format.spec("events"), f"event '{key}'"):
                continue
            e = node.value
            cls = r.class_named(e["type"], OKG.Event, "event type") if "type" in e else None
            roles: dict[str, list[URIRef]] = {}  # the keys that identify the event (fmt:identity): its roles
            routes = {k.name for k in self.format.of("events") if k.value == FMT.Route}
            for k in self.format.of("events"):
                if k.identity and k.value == FMT.Entities and k.name in e:
                    roles[k.name] = r.entities(e[k.name], k.expects, what_is_expected(self.model, k), k.look_in)
                elif k.value == FMT.Route and k.name in e:  # in order: the order is part of what it says
                    roles[k.name] = [place for item in e[k.name].items()
                                     if (place := r.entity(item, k.expects, what_is_expected(self.model, k), k.look_in))]
            time = r.time(e["time"], "event time") if "time" in e else None
            if cls is None:
                continue
            identity = [str(cls), str(time)] + [[role, list(map(str, v)) if role in routes else sorted(map(str, v))]
                                                 for role, v in sorted(roles.items())]
            event_id = r.document_id(e["id"]) if "id" in e else None  # the analyst says: the same event as elsewhere
            iri = URIRef(f"{r.base}event/{event_id}") if event_id else content_iri(r.base, "event", *identity)
            r.register("events", key, node, iri, cls)
            if time:
                r.graph.add((iri, OKG.validTime, time))
            found[key] = (node, iri, roles)
        return found

    def _events(self, r: Reader, events: dict[str, tuple[Node, URIRef, dict[str, list[URIRef]]]]) -> None:
        g = r.graph
        for key, (node, iri, roles) in events.items():
            e = node.value
            for k in self.format.of("events"):
                if k.value == FMT.Route:
                    self._route(r, iri, k, roles.get(k.name, ()))
                for value in roles.get(k.name, ()) if k.identity and k.value == FMT.Entities else ():
                    g.add((iri, k.writes, value))
            self._generic_keys(r, "events", e, iri)
            if both := set(roles.get("giver", ())) & set(roles.get("receiver", ())):
                names = ", ".join(sorted(r.label(x) for x in both))
                r.fail(e["receiver"], f"a transfer's receiver must differ from its giver: '{names}' is both")
            self._figures(r, e, iri)
            label = r.text_value(e["label"]) if "label" in e else self._event_label(r, iri, roles)
            if label:
                g.add((iri, RDFS.label, Literal(label, lang="en")))

    @staticmethod
    def _route(r: Reader, event: URIRef, key: Key, places: list[URIRef]) -> None:
        """The event's route as this document gives it: one waypoint per stop, its position from 1 (the IRI from the
        document, the event, the position and the place: another document's route of the same event is its own)."""
        for position, place in enumerate(places, 1):
            stop = content_iri(r.base, "waypoint", r.document, event, position, place)
            r.graph.add((event, key.writes, stop))
            r.graph.add((stop, RDF.type, OKG.Waypoint))
            r.graph.add((stop, OKG.waypointPlace, place))
            r.graph.add((stop, OKG.sequence, Literal(position, datatype=XSD.integer)))

    def _event_label(self, r: Reader, iri: URIRef, roles: dict[str, list[URIRef]]) -> str:
        label = self.model.label(next(iter(r.local_graph.objects(iri, RDF.type))))
        names = lambda role: " and ".join(r.label(v) for v in roles.get(role, ()))  # noqa: E731
        who = names("actor") or names("giver") or names("participants")
        parts = [label[0].upper() + label[1:]]
        if who:
            parts.append(f"by {who}")
        if roles.get("receiver"):
            parts.append(f"to {names('receiver')}")
        if roles.get("to"):
            parts.append(f"towards {names('to')}")
        if roles.get("place"):
            parts.append(f"in {names('place')}")
        return " ".join(parts)

    def _figures(self, r: Reader, values: dict[str, Node], holder: URIRef) -> None:
        """The ``quantities`` and ``measures`` given in ``values``, written as the holder's (an event, an estimate
        or a capability)."""
        for q in values["quantities"].items() if "quantities" in values else []:
            if quantity := self._quantity(r, q, holder):
                r.graph.add((holder, OKG.quantity, quantity))
        for m in values["measures"].items() if "measures" in values else []:
            if measure := self._measure(r, m, holder):
                r.graph.add((holder, OKG.measure, measure))

    def _quantity(self, r: Reader, node: Node, event: URIRef) -> URIRef | None:
        if not r.check_keys(node, self.format.spec("quantities"), "a quantity"):
            return None
        q = node.value
        what = self.format.key("quantities", "counts").what or "a countable kind"
        counts = r.entity(q["counts"], OKG.CountableKind, what) if "counts" in q else None
        numbers = _numbers(r, q)
        if numbers is None or counts is None:
            return None
        value, lower, upper = numbers
        if numbers == (None, None, None) and "size" not in q and "capable-of-carrying" not in q:
            r.fail(node, "a quantity needs a number ('value', 'at-least', 'at-most') or a 'size' in words")
            return None
        approximate = q.get("approximate")
        if not _is_flag(r, approximate):
            return None
        size = r.text_value(q["size"]) if "size" in q else None
        phrase = r.text_value(q["phrase"]) if "phrase" in q else None
        carries = (r.entities(q["capable-of-carrying"], OKG.EquipmentType, "an equipment type")
                   if "capable-of-carrying" in q else [])
        iri = content_iri(r.base, "quantity", r.document, event, str(counts), str(value), str(lower), str(upper),
                          size, phrase, sorted(map(str, carries)))
        r.lines.setdefault(iri, node.line)
        g = r.graph
        g.add((iri, RDF.type, OKG.Quantity))
        g.add((iri, OKG.counts, counts))
        for prop, number in ((OKG.value, value), (OKG.lowerBound, lower), (OKG.upperBound, upper)):
            if number is not None:
                g.add((iri, prop, Literal(number, datatype=XSD.decimal)))
        if approximate is not None:
            g.add((iri, OKG.approximate, Literal(approximate.value)))
        if size:
            g.add((iri, OKG.qualitativeSize, Literal(size)))
        if phrase:
            g.add((iri, OKG.originalPhrase, Literal(phrase)))
        for munition in carries:
            g.add((iri, OKG.capableOfCarrying, munition))
        return iri

    def _measure(self, r: Reader, node: Node, event: URIRef) -> URIRef | None:
        """An amount with a unit: what it measures, in which unit (which must fit it: a distance in a unit of
        length), a value or bounds as reported and in the SI base unit (the unit's factor, okg:toBase), from where."""
        if not r.check_keys(node, self.format.spec("measures"), self.format.what("measures")):
            return None
        m = node.value
        kind = r.concept(m["of"], OKG.MeasureKinds, "measure kind") if "of" in m else None
        unit = r.concept(m["unit"], OKG.Units, "unit") if "unit" in m else None
        numbers = _numbers(r, m)
        origin = (r.entity(m["from"], OKG.Place, "a place", ("places",)) if "from" in m else None)
        if kind is None or unit is None or numbers is None or ("from" in m and origin is None):
            return None
        ontology = self.model.ontology
        if ontology.value(unit, OKG.dimension) != ontology.value(kind, OKG.dimension):
            r.fail(m["unit"], f"a {self.model.label(kind)} is not measured in {self.model.label(unit)}s: give a unit "
                              f"of {self.model.label(ontology.value(kind, OKG.dimension))}")
            return None
        if numbers == (None, None, None):
            r.fail(node, "a measure needs a number: 'value', 'at-least' or 'at-most'")
            return None
        value, lower, upper = numbers
        approximate = m.get("approximate")
        if not _is_flag(r, approximate):
            return None
        phrase = r.text_value(m["phrase"]) if "phrase" in m else None
        iri = content_iri(r.base, "measure", r.document, event, str(kind), str(unit), str(value), str(lower),
                          str(upper), str(origin), phrase)
        r.lines.setdefault(iri, node.line)
        g = r.graph
        g.add((iri, RDF.type, OKG.Measure))
        g.add((iri, OKG.measures, kind))
        g.add((iri, OKG.unit, unit))
        factor = Decimal(str(ontology.value(unit, OKG.toBase)))
        for prop, base, number in ((OKG.value, OKG.baseValue, value), (OKG.lowerBound, OKG.baseLowerBound, lower),
                                   (OKG.upperBound, OKG.baseUpperBound, upper)):
            if number is not None:
                g.add((iri, prop, Literal(number, datatype=XSD.decimal)))
                g.add((iri, base, Literal(number * factor, datatype=XSD.decimal)))
        if approximate is not None:
            g.add((iri, OKG.approximate, Literal(approximate.value)))
        if origin is not None:
            g.add((iri, OKG.measuredFrom, origin))
        if phrase:
            g.add((iri, OKG.originalPhrase, Literal(phrase)))
        return iri


def _numbers(r: Reader, values: dict[str, Node]) -> tuple[Decimal | None, Decimal | None, Decimal | None] | None:
    """The value and the bounds of a quantity or a measure (``value``, ``at-least``, ``at-most``), each a number
    within the project's bounds, the bounds in order and the value within them; None after a problem."""
    numbers = {k: r.number(values[k], k) for k in ("value", "at-least", "at-most") if k in values}
    if None in numbers.values():
        return None
    value, lower, upper = numbers.get("value"), numbers.get("at-least"), numbers.get("at-most")
    if lower is not None and upper is not None and lower > upper:
        r.fail(values["at-least"], f"lower bound {lower} is above upper bound {upper}")
        return None
    if value is not None and ((lower is not None and value < lower) or (upper is not None and value > upper)):
        r.fail(values["value"], f"value {value} lies outside its bounds")
        return None
    return value, lower, upper


def _is_flag(r: Reader, node: Node | None) -> bool:
    """Whether an optional ``approximate`` is true or false (absent is fine); says so when it is not."""
    if node is not None and not isinstance(node.value, bool):
        r.fail(node, f"'approximate' must be true or false, got {kind_of(node.value)}")
        return False
    return True
