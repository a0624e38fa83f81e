"""STIX 2.1 bundles for threat-intelligence partners (``kg export --format stix``), built with the ``stix2`` library.

The bundle is made from a ``kg.marking.VisibleDataset`` only: what the level may see, never a filter over the store.

Mapping (docs/stix.md has the table and the reasons):

- **identity** for every agent a visible document mentions (claimants, publishers, authors, affiliations, event
  participants): ``identity_class`` ``individual`` for persons, ``organization`` for organisations and states (states
  and government bodies with the sector ``government-national``, armed forces ``defense``), ``group`` for monitoring
  groups and political movements (informal collections of people), ``unknown`` for the unnamed sources of a document
  ("a senior State Department official"). Aliases, description and the Admiralty source reliability go into the
  description (STIX identities have no aliases property). One more identity, the knowledge graph itself (``system``),
  is the ``created_by_ref`` of every object: it made the STIX objects; the claimants made the claims.
- **location** for every place with a WKT point (cities, states, borders), with ``latitude``/``longitude``;
  **relationship** ``located-at`` from an identity to the location of its country (a state to its own territory, an
  organisation or person to its country), ``related-to`` from an unnamed source to the organisation it belongs to.
- **report** for each document (name = title, published = the last day of its publication time span); its
  ``object_refs`` are the notes and opinions of the claims reported in it, the events they are about, its publisher
  and author. Documents known only because a claim cites them become reports too when they have a date and a
  publisher or author.
- **note** for each claim (``okg:Claim``): ``abstract`` = the statement, ``content`` = the quoted evidence, claimant,
  status, claim time, credibility and citation, ``authors`` = the claimant's name, ``object_refs`` = the report it was
  reported in, the claimant's identity, the event it is about and the report it cites.
- **opinion** for each assessment with a likelihood (``okg:Assessment``). STIX 2.1 defines an Opinion as an
  assessment of the correctness of the information in other STIX objects by someone other than their producer, on a
  five-step agree/disagree scale: an analyst's judgement that an event (the proposition, a note) is likely or unlikely
  is exactly that, where a Note would carry no value at all and a Relationship cannot hold a judgement. ``opinion``
  comes from the likelihood's rank on the eight-step scale (remote, highly unlikely → strongly-disagree; unlikely →
  disagree; possible, realistic possibility → neutral; likely → agree; highly likely, almost certain →
  strongly-agree); ``explanation`` keeps the statement, the exact likelihood phrase, window, basis and evidence;
  ``object_refs`` is the event note alone (the opinion is *about* it; the report lists the opinion instead).
  Assessments without a likelihood are notes.
- **events** (movements, transfers, offensives …) are **notes**, one per event node, shared by every claim about it
  so corroboration stays visible: ``abstract`` = the event's label, ``content`` = its type, participants with roles,
  places, time and quantities, ``object_refs`` = the participants' identities and the places' locations. STIX 2.1
  has no event object: ``observed-data`` must reference cyber observables (SCOs) and ``incident`` is a stub for
  security incidents, so neither fits a troop movement reported in the press.
- ``confidence`` on notes and opinions comes from the claim's Admiralty information credibility through the STIX 2.1
  appendix scale (``stix2.confidence.scales``: 1 → 90, 2 → 70, 3 → 50, 4 → 30, 5 → 10, 6 → absent).
- ``external_references`` carry each object's IRI in the graph (``source_name`` ``osint-kg``) and Wikidata QIDs.
- No custom objects, properties or extensions beyond the TLP 2.0 marking extension.

Markings: every object except the marking definitions carries exactly one ``object_marking_refs`` entry, one of the
five official TLP 2.0 marking definitions (the stix2 library ships only TLP 1.0 constants, so they are built here with
the ids, names, creation time and extension of the OASIS TLP 2.0 extension definition, and all five are in every
bundle). The marking of an object is that of its source:

- a report: its document's marking; a claim: its own marking when stricter than its document's, else the document's;
- anything a document graph describes (events, unnamed sources, cited documents): the marking under which that graph
  holds it (its document's, or the stricter claim's when only that claim leads to it), the most restrictive over the
  graphs that describe it, since its content is their union;
- reference entities (identities, locations): the least restrictive marking under which a visible graph mentions
  them, spread along the reference data (an organisation's country), since their content is public reference data;
- a relationship: the stricter of its two ends.

An object never refers to an object with a stricter marking (a TLP:CLEAR report does not list the id of a TLP:RED
claim in it; the claim's note refers to the report instead), so a partner who passes on an object under its own
marking passes on nothing more restricted, not even an id.

Identifiers are deterministic: ``{type}--{uuid5(NAMESPACE, IRI)}`` (relationships: of source IRI, type and target IRI),
so re-exports of the same store give the same ids, and ``created``/``modified`` come from the record time of the
documents an object was taken from, so they are stable too. The file is written atomically (``kg.export.atomic``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import stix2
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from stix2.confidence.scales import admiralty_credibility_to_value

from kg.config import Settings
from kg.errors import KGError
from kg.export.atomic import atomic_write
from kg.labels import LABEL_PREDICATES, display_label
from kg.marking import SHAPES_GRAPH, VisibleDataset, owning_document
from kg.model import Model
from kg.terms import from_ox
from kg.visibility import Ranks, node_ranks
from kg.vocab import GEO, OKG, RDF, RDFS, SKOS, WD

__all__ = ["write_stix_bundle", "build_stix_bundle", "stix_id", "tlp_marking_definitions", "STIX_FILENAME",
           "NAMESPACE", "TLP2_EXTENSION"]

#: The bundle's file name in the export directory.
STIX_FILENAME = "data.json"
#: The namespace of every uuid5 identifier minted here (fixed: changing it changes every exported id).
NAMESPACE = uuid.UUID("8f0e6b0c-3d5a-5b9e-9c1e-6f4b2a7d1c30")
#: The OASIS TLP 2.0 extension definition (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
_TLP2_CREATED = "2022-10-01T00:00:00.000Z"
#: The official TLP 2.0 marking definitions: (value of ``tlp_2_0``, id), by the ontology's marking.
_TLP2 = {
    OKG.TLP_CLEAR: ("clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    OKG.TLP_GREEN: ("green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    OKG.TLP_AMBER: ("amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    OKG.TLP_AMBER_STRICT: ("amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    OKG.TLP_RED: ("red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"),
}
#: The creation time of the knowledge graph's own identity (fixed, so that it is one version in every bundle).
_PRODUCER_CREATED = datetime(2022, 12, 20, tzinfo=timezone.utc)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SOURCE_NAME = "osint-kg"

#: STIX 2.1 appendix names of the Admiralty information-credibility values, by rank.
_ADMIRALTY = {1: "1 - Confirmed by other sources", 2: "2 - Probably True", 3: "3 - Possibly True",
              4: "4 - Doubtful", 5: "5 - Improbable", 6: "6 - Truth cannot be judged"}
#: Opinion values by likelihood rank (remote 1 … almost certain 8).
_OPINION = {1: "strongly-disagree", 2: "strongly-disagree", 3: "disagree", 4: "neutral", 5: "neutral", 6: "agree",
            7: "strongly-agree", 8: "strongly-agree"}
_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)


def stix_id(kind: str, *parts: str | Node) -> str:
    """The deterministic STIX id of the object of type ``kind`` made from an IRI (or several, for relationships)."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, ' '.join(str(p) for p in parts))}"


def tlp_marking_definitions() -> dict[URIRef, stix2.MarkingDefinition]:
    """The five official TLP 2.0 marking definitions, by the ontology's marking."""
    return {marking: stix2.MarkingDefinition(
        id=identifier, created=_TLP2_CREATED, name=f"TLP:{value.upper()}",
        extensions={TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": value}})
        for marking, (value, identifier) in _TLP2.items()}


# --- where each node's marking comes from -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Source:
    """The rank of the marking an object is exported under and the record time of the document that gave it."""

    rank: int
    time: datetime

    def looser(self, other: _Source | None) -> _Source:
        return self if other is None or (self.rank, self.time) < (other.rank, other.time) else other

    def stricter(self, other: _Source | None) -> _Source:
        if other is None:
            return self
        return _Source(max(self.rank, other.rank), min(self.time, other.time))


# --- the builder --------------------------------------------------------------------------------------------------

class _Bundle:
    """Everything one bundle is made of, read from the visible dataset."""

    def __init__(self, dataset: VisibleDataset, settings: Settings, model: Model):
        self.model = model
        self.settings = settings
        self.markings = tlp_marking_definitions()
        self.ranks = Ranks(model)
        self.rank_marking = {self.ranks.of(m): m for m in self.markings}
        self.level_rank = model.rank(dataset.level) or 0
        self.producer = stix_id("identity", settings.base)
        self._load(dataset)
        self.objects: dict[str, stix2.base._STIXBase] = {}
        self.object_rank: dict[str, int] = {}

    # reading
    def _load(self, dataset: VisibleDataset) -> None:
        skipped = {self.settings.graph("ontology"), self.settings.graph(SHAPES_GRAPH)}
        graphs: dict[URIRef, Graph] = {}
        rows = dataset.store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in rows:
            name = from_ox(row["g"])
            if str(name) in skipped:
                continue
            graphs.setdefault(name, Graph()).add((from_ox(row["s"]), from_ox(row["p"]), from_ox(row["o"])))
        self.metadata = graphs.pop(URIRef(self.settings.graph("metadata")), Graph())
        self.reference = graphs.pop(URIRef(self.settings.graph("reference")), Graph())
        self.documents = [d for d in dataset.documents if (d, OKG.marking, None) in self.metadata]
        self.doc_graphs = {d: graphs.get(d, Graph()) for d in self.documents}
        self.content = Graph()  # the union of the visible document graphs
        for graph in self.doc_graphs.values():
            for triple in graph:
                self.content.add(triple)
        self.doc_source = {d: _Source(self.ranks.combined(self.metadata.objects(d, OKG.marking)), self._recorded(d))
                           for d in self.documents}
        self.described: dict[Node, _Source] = {}  # subjects of document graphs: the strictest graph holding them
        self.mentioned: dict[Node, _Source] = {}  # any node: the loosest graph mentioning it
        self.describing: dict[Node, list[URIRef]] = {}  # subjects of document graphs: the documents describing them
        self._labels: dict[Node, str] = {}  # the graphs are read-only from here on
        for document, graph in self.doc_graphs.items():
            source = self.doc_source[document]
            ranks = node_ranks(graph, document, source.rank, self.ranks)
            for node, rank in ranks.items():
                here = _Source(rank, source.time)
                self.mentioned[node] = here.looser(self.mentioned.get(node))
            for subject in set(graph.subjects()):
                here = _Source(ranks[subject], source.time)
                self.described[subject] = here.stricter(self.described.get(subject))
                self.describing.setdefault(subject, []).append(document)
        documents = set(self.documents)
        for s, _, o in self.metadata:  # one pass: each entry is about one document (or none visible)
            document = owning_document(s, documents)
            if document is None:
                continue
            source = self.doc_source[document]
            for node in (s, o):
                if not isinstance(node, Literal):
                    self.mentioned[node] = source.looser(self.mentioned.get(node))
        self.direct = set(self.mentioned)  # mentioned by a visible graph itself, not only through reference data
        changed = True
        while changed:  # spread along the reference data: a city's country, an organisation's state
            changed = False
            for s, _, o in self.reference:
                if s in self.mentioned and not isinstance(o, Literal):
                    spread = self.mentioned[s].looser(self.mentioned.get(o))
                    if spread != self.mentioned.get(o):
                        self.mentioned[o] = spread
                        changed = True

    def _recorded(self, document: URIRef) -> datetime:
        value = self.metadata.value(document, OKG.recordedAt)
        if isinstance(value, Literal) and isinstance(value.toPython(), datetime):
            moment = value.toPython()
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        day = self._day(self.metadata.value(document, OKG.published), self.metadata)
        return datetime.combine(day, datetime.min.time(), timezone.utc) if day else _EPOCH

    # labels and values
    def _types(self, node: Node) -> set[URIRef]:
        asserted = set(self.reference.objects(node, RDF.type)) | set(self.content.objects(node, RDF.type)) \
            | set(self.metadata.objects(node, RDF.type))
        return {sup for cls in asserted if isinstance(cls, URIRef) for sup in self.model.superclasses(cls)}

    def _label(self, node: Node) -> str:
        try:
            return self._labels[node]
        except KeyError:
            self._labels[node] = label = self._find_label(node)
            return label

    def _find_label(self, node: Node) -> str:
        label = display_label(node, (self.reference, self.content, self.metadata, self.model.ontology),
                              (*LABEL_PREDICATES, OKG.statement))
        if label is not None:
            return label
        if isinstance(node, Literal):
            return str(node)
        if (node, RDF.type, OKG.TimeSpan) in self.content:
            return self._time_text(node)
        if (node, RDF.type, OKG.Quantity) in self.content:
            return self._quantity_text(node)
        text = str(node)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def _class_label(self, node: Node) -> str:
        asserted = [c for g in (self.content, self.metadata, self.reference) for c in g.objects(node, RDF.type)]
        return ", ".join(sorted({self._label(c) for c in asserted})) or "entity"

    @staticmethod
    def _day(span: Node | None, graph: Graph) -> date | None:
        if span is None:
            return None
        for prop in (OKG.latest, OKG.earliest):
            value = graph.value(span, prop)
            if isinstance(value, Literal) and isinstance(value.toPython(), date):
                return value.toPython()
        return None

    def _time_text(self, span: Node) -> str:
        earliest, latest = (self.content.value(span, p) for p in (OKG.earliest, OKG.latest))
        phrase = self.content.value(span, OKG.originalPhrase)
        when = str(earliest) if earliest == latest else f"{earliest or '…'} – {latest or '…'}"
        return f"{when} (“{phrase}”)" if phrase else when

    def _quantity_text(self, quantity: Node) -> str:
        phrase = self.content.value(quantity, OKG.originalPhrase)
        if phrase:
            return f"“{phrase}”"
        value = self.content.value(quantity, OKG.value)
        counts = self.content.value(quantity, OKG.counts)
        return f"{value} {self._label(counts) if counts else ''}".strip()

    def _created(self, source: _Source) -> dict:
        return {"created": source.time, "modified": source.time}

    def _marking_refs(self, rank: int) -> list[str]:
        return [self.markings[self.rank_marking[rank]].id]

    def _external(self, iri: Node) -> list[dict]:
        references = [{"source_name": _SOURCE_NAME, "external_id": str(iri)}]
        for match in sorted(self.reference.objects(iri, SKOS.exactMatch)):
            if str(match).startswith(str(WD)):  # an external id, not a url: a url SHOULD come with a hash
                references.append({"source_name": "wikidata", "external_id": str(match)[len(str(WD)):]})
        return references

    def _add(self, obj, rank: int) -> str:
        self.objects[obj.id] = obj
        self.object_rank[obj.id] = rank
        return obj.id

    def _refs(self, ids: Iterable[str | None], rank: int) -> list[str]:
        """The ids among ``ids`` that exist (or are planned) and are not more restricted than ``rank``, sorted."""
        return sorted({i for i in ids if i is not None and i in self.object_rank and self.object_rank[i] <= rank})

    # objects
    def build(self) -> stix2.Bundle:
        self._add(stix2.Identity(
            id=self.producer, name="OSINT knowledge graph", identity_class="system",
            description=f"The knowledge graph under {self.settings.base} that produced this bundle.",
            created=_PRODUCER_CREATED, modified=_PRODUCER_CREATED,
            object_marking_refs=self._marking_refs(min(self.rank_marking)),
            external_references=[{"source_name": _SOURCE_NAME, "external_id": self.settings.base}]), min(self.rank_marking))
        self.agent_ids: dict[Node, str] = {}
        self.location_ids: dict[Node, str] = {}
        self._locations()
        self._identities()
        self._reports(self.documents, from_metadata=True)  # pending: their object_refs come last
        self._reports(sorted(set(self.content.objects(None, OKG.citesSource)) - set(self.documents)),
                      from_metadata=False)
        self._events()
        self._claims()
        self._report_contents()
        above = sorted(i for i, rank in self.object_rank.items() if rank > self.level_rank)
        if above:  # cannot happen on a VisibleDataset; never write it if it does
            raise KGError(f"STIX export at rank {self.level_rank} would hold objects marked above it: {above[:3]}")
        order = {"marking-definition": 0, "identity": 1, "location": 2, "report": 3, "note": 4, "opinion": 5,
                 "relationship": 6}
        objects = sorted(self.objects.values(), key=lambda o: (order.get(o.type, 9), o.id))
        markings = sorted(self.markings.values(), key=lambda m: self.model.rank(self._marking_of(m.id)) or 0)
        bundle_id = "bundle--" + str(uuid.uuid5(NAMESPACE, " ".join([str(self.settings.base), *sorted(self.objects)])))
        return stix2.Bundle(*markings, *objects, id=bundle_id)

    def _marking_of(self, identifier: str) -> URIRef:
        return next(m for m, md in self.markings.items() if md.id == identifier)

    def _locations(self) -> None:
        for place in sorted(n for n in self.mentioned if OKG.Place in self._types(n)):
            geometry = self.reference.value(place, GEO.hasGeometry) or self.content.value(place, GEO.hasGeometry)
            wkt = geometry is not None and (self.reference.value(geometry, GEO.asWKT)
                                            or self.content.value(geometry, GEO.asWKT))
            match = _POINT.search(str(wkt)) if wkt else None
            if not match:
                continue
            longitude, latitude = float(match.group(1)), float(match.group(2))
            source = self.mentioned[place]
            description = self.reference.value(place, OKG.description)
            self.location_ids[place] = self._add(stix2.Location(
                id=stix_id("location", place), name=self._label(place), latitude=latitude, longitude=longitude,
                description=f"{self._class_label(place)}" + (f". {description}" if description else ""),
                created_by_ref=self.producer, **self._created(source),
                object_marking_refs=self._marking_refs(source.rank), external_references=self._external(place)),
                source.rank)

    def _identity_kind(self, types: set[URIRef]) -> tuple[str, list[str]]:
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

    def _identities(self) -> None:
        agents = sorted(n for n in self.direct if isinstance(n, URIRef) and OKG.Agent in self._types(n))
        for agent in agents:
            types = self._types(agent)
            anonymous = OKG.AnonymousSource in types
            source = self.described.get(agent, self.mentioned[agent]) if anonymous else self.mentioned[agent]
            kind, sectors = self._identity_kind(types)
            lines = [_sentence(self._class_label(agent))]
            for graph in (self.reference, self.content):
                lines += [_sentence(str(d)) for d in graph.objects(agent, OKG.description)]
            aliases = sorted({str(a) for a in self.reference.objects(agent, SKOS.altLabel)})
            if aliases:
                lines.append("Also known as: " + "; ".join(aliases) + ".")
            reliability = self.reference.value(agent, OKG.sourceReliability)
            if reliability is not None:
                lines.append(f"Source reliability (Admiralty): {self._label(reliability)}.")
            extra = {"sectors": sectors} if sectors else {}
            self.agent_ids[agent] = self._add(stix2.Identity(
                id=stix_id("identity", agent), name=self._label(agent), identity_class=kind,
                description=" ".join(lines), created_by_ref=self.producer, **self._created(source), **extra,
                object_marking_refs=self._marking_refs(source.rank), external_references=self._external(agent)),
                source.rank)
        for agent in agents:  # relationships, once every end exists
            here = [agent] if agent in self.location_ids else []
            places = here + [p for g in (self.reference, self.content) for prop in (OKG.country, OKG.locatedIn)
                             for p in g.objects(agent, prop)]
            for place in dict.fromkeys(places):
                if place in self.location_ids:
                    self._relationship(agent, "located-at", place, self.agent_ids[agent], self.location_ids[place])
            for organisation in self.content.objects(agent, OKG.affiliation):
                if organisation in self.agent_ids:
                    self._relationship(agent, "related-to", organisation, self.agent_ids[agent],
                                       self.agent_ids[organisation], "affiliated with (speaks for or belongs to)")

    def _relationship(self, source: Node, kind: str, target: Node, source_ref: str, target_ref: str,
                      description: str | None = None) -> None:
        rank = max(self.object_rank[source_ref], self.object_rank[target_ref])
        when = max(self.objects[source_ref].created, self.objects[target_ref].created)
        extra = {"description": description} if description else {}
        self._add(stix2.Relationship(
            id=stix_id("relationship", source, kind, target), relationship_type=kind, source_ref=source_ref,
            target_ref=target_ref, created_by_ref=self.producer, created=when, modified=when,
            object_marking_refs=self._marking_refs(rank), **extra), rank)

    def _events(self) -> None:
        self.event_ids: dict[Node, str] = {}
        events = sorted(n for n in self.described if OKG.Event in self._types(n))
        for event in events:
            source = self.described[event]
            lines, refs = [f"Type: {self._class_label(event)}."], []
            for predicate, value in sorted(self.content.predicate_objects(event)):
                if predicate in (RDF.type, RDFS.label):
                    continue
                lines.append(_sentence(f"{self._label(predicate)}: {self._label(value)}"))
                refs += [self.agent_ids.get(value), self.location_ids.get(value)]
            refs = self._refs(refs, source.rank)
            if not refs:  # nothing to point at: the reports that describe it
                refs = self._refs((stix_id("report", d) for d in self.describing.get(event, ())), source.rank)
            if not refs:
                refs = [self.producer]
            self.event_ids[event] = self._add(stix2.Note(
                id=stix_id("note", event), abstract=self._label(event), content="\n".join(lines),
                object_refs=refs, created_by_ref=self.producer, **self._created(source),
                object_marking_refs=self._marking_refs(source.rank), external_references=self._external(event)),
                source.rank)

    def _reports(self, documents: Iterable[Node], from_metadata: bool) -> None:
        self.report_members: dict[str, list[str]] = getattr(self, "report_members", {})
        for document in documents:
            graph = self.metadata if from_metadata else self.content
            source = self.doc_source[document] if from_metadata else self.described.get(document)
            day = self._day(graph.value(document, OKG.published), graph)
            people = [p for prop in (OKG.publisher, OKG.author) for p in graph.objects(document, prop)]
            refs = self._refs((self.agent_ids.get(p) for p in people), source.rank) if source else []
            if source is None or day is None or (not from_metadata and not refs):
                continue
            lines = [f"{self._class_label(document)}"]
            for prop, name in ((OKG.publisher, "published by"), (OKG.author, "author"), (OKG.dateline, "dateline")):
                values = sorted(self._label(v) for v in graph.objects(document, prop))
                if values:
                    lines.append(f"{name}: {', '.join(values)}")
            report_id = stix_id("report", document)
            self.report_members[report_id] = refs
            self._add(_Pending("report", report_id, dict(
                name=self._label(document), description="; ".join(lines) + ".",
                published=datetime.combine(day, datetime.min.time(), timezone.utc),
                created_by_ref=self.producer, **self._created(source),
                object_marking_refs=self._marking_refs(source.rank), external_references=self._external(document))),
                source.rank)

    def _report_contents(self) -> None:
        """Reports last: their object_refs list the claims in them, which refer back to the report."""
        for report_id, members in self.report_members.items():
            pending = self.objects[report_id]
            rank = self.object_rank[report_id]
            refs = self._refs(members + self.report_claims.get(report_id, []), rank) or [self.producer]
            self.objects[report_id] = stix2.Report(id=report_id, object_refs=refs, **pending.properties)

    def _rank_of(self, concept: Node | None) -> int | None:
        return self.model.rank(concept) if isinstance(concept, URIRef) else None

    def _is_opinion(self, claim: Node) -> bool:
        return OKG.Assessment in self._types(claim) and \
            self._rank_of(self.content.value(claim, OKG.likelihood)) in _OPINION

    def _credibility(self, claim: Node) -> int | None:
        rank = self._rank_of(self.content.value(claim, OKG.credibility))
        if rank in _ADMIRALTY and rank != 6:
            return admiralty_credibility_to_value(_ADMIRALTY[rank])
        return None

    def _claims(self) -> None:
        self.report_claims: dict[str, list[str]] = {}
        claims = sorted(n for n in self.described if OKG.Claim in self._types(n))
        claim_ids = {}
        for claim in claims:  # planned first: a claim may be about another claim (a resolution)
            claim_ids[claim] = stix_id("opinion" if self._is_opinion(claim) else "note", claim)
            self.object_rank[claim_ids[claim]] = self.described[claim].rank
        for claim in claims:
            source = self.described[claim]
            value = self.content.value
            document = value(claim, OKG.reportedIn)
            report = stix_id("report", document) if document is not None else None
            claimant = value(claim, OKG.claimant)
            claimant_name = self._label(claimant) if claimant is not None else "unknown source"
            statement = str(value(claim, OKG.statement) or f"Claim by {claimant_name}")
            about = [*self.content.objects(claim, OKG.about)]
            basis = [*self.content.objects(claim, OKG.basis)]
            cites = [*self.content.objects(claim, OKG.citesSource)]
            lines = [_sentence(f"Claimant: {claimant_name}")]
            if document is not None:
                lines.append(_sentence(f"Reported in: {self._label(document)}"))
            for prop, name in ((OKG.claimTime, "Claimed"), (OKG.assertedStatus, "Status"),
                               (OKG.likelihood, "Likelihood"), (OKG.likelihoodPhrase, "Likelihood phrase"),
                               (OKG.window, "Window"), (OKG.credibility, "Credibility (Admiralty)"),
                               (OKG.resolution, "Resolution"), (OKG.attributionNote, "Attribution note")):
                for v in sorted(self.content.objects(claim, prop)):
                    lines.append(_sentence(f"{name}: {self._label(v)}"))
            lines += [_sentence(f"About: {self._label(e)}") for e in about]
            lines += [_sentence(f"Basis: {self._label(e)}") for e in basis]
            lines += [_sentence(f"Cites: {self._label(d)}") for d in cites]
            quotes = sorted((int(value(e, OKG.startOffset) or 0), str(value(e, OKG.quote)))
                            for e in self.content.objects(claim, OKG.evidence) if value(e, OKG.quote) is not None)
            lines += [f"Quote: “{quote}”" for _, quote in quotes]
            common = dict(authors=[claimant_name], created_by_ref=self.producer, **self._created(source),
                          object_marking_refs=self._marking_refs(source.rank),
                          external_references=self._external(claim))
            confidence = self._credibility(claim)
            if confidence is not None:
                common["confidence"] = confidence
            likelihood = self._rank_of(value(claim, OKG.likelihood))
            events = [self.event_ids.get(e, claim_ids.get(e)) for e in about]
            if self._is_opinion(claim):
                refs = self._refs(events, source.rank) or self._refs([report], source.rank) or [self.producer]
                identifier = self._add(stix2.Opinion(
                    id=claim_ids[claim], opinion=_OPINION[likelihood],
                    explanation=f"{statement}\n" + "\n".join(lines), object_refs=refs, **common), source.rank)
            else:
                refs = self._refs([report, self.agent_ids.get(claimant), *events,
                                   *(self.event_ids.get(e) for e in basis),
                                   *(stix_id("report", d) for d in cites)], source.rank) or [self.producer]
                identifier = self._add(stix2.Note(
                    id=claim_ids[claim], abstract=statement, content="\n".join(lines), object_refs=refs,
                    **common), source.rank)
            if report is not None:
                members = [identifier, self.agent_ids.get(claimant), *events]
                self.report_claims.setdefault(report, []).extend(m for m in members if m)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…", "”", "\"")) else f"{text}."


@dataclass
class _Pending:
    """A report whose object_refs are filled in once the claims exist."""

    type: str
    id: str
    properties: dict

    @property
    def created(self) -> datetime:
        return self.properties["created"]


def build_stix_bundle(dataset: VisibleDataset, settings: Settings, model: Model) -> stix2.Bundle:
    """The STIX 2.1 bundle of what ``dataset`` holds (see the module docstring for the mapping and the markings)."""
    return _Bundle(dataset, settings, model).build()


def write_stix_bundle(dataset: VisibleDataset, settings: Settings, model: Model, directory: Path) -> Path:
    """Write the bundle of ``dataset`` to ``directory/data.json`` (an existing directory) atomically; the path."""
    bundle = build_stix_bundle(dataset, settings, model)
    text = json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False) + "\n"
    target = Path(directory) / STIX_FILENAME
    with atomic_write(target) as handle:
        handle.write(text.encode("utf-8"))
    return target
