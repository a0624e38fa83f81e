"""Fact file → RDF. Reads one located YAML tree (yamltree) and produces the document's named graph and its metadata,
collecting every problem with file, line and key before failing, so that an analyst fixes a file in one pass.

The format is documented in docs/fact-files.md; the names of types and concepts come from the ontology."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.aliases import AliasIndex
from kg.batch import DEFAULT_MARKING, Batch
from kg.errors import FactFileError, InputError
from kg.factfile.entities import read_collection, read_entities
from kg.factfile.format import FMT, Key, load_format
from kg.factfile.quotes import find_quote, same_passage
from kg.factfile.reading import MAX_DECIMAL_PLACES, MAX_NUMBER_DIGITS, Reader, kind_of
from kg.factfile.timespec import TimeSpan, TimeSpecError, parse_time
from kg.factfile.yamltree import Node, load_yaml
from kg.identifiers import content_iri
from kg.inputfiles import read_regular_file
from kg.model import Model
from kg.vocab import OKG

if TYPE_CHECKING:  # the store's names are handed in; reading fact files does not need the store code
    from kg.resolve import StoreNames

__all__ = ["FactFileReader", "is_entity_file", "MAX_TEXT_BYTES", "MAX_NUMBER_DIGITS", "MAX_DECIMAL_PLACES"]

#: The longest document text read (a long report is a few hundred KB).
MAX_TEXT_BYTES = 16 * 2**20


# The keys each section accepts come from the format's data (ontology/format/, kg.factfile.format).
#: An entity file (docs/entities.md): a collection's description and its entries.
_ENTITY_FILE_KEYS = {"collection!", "entities!"}

_ENTITY_FILE_START = re.compile(rb"^collection[ \t]*:", re.MULTILINE)


def is_entity_file(path: str | Path) -> bool:
    """Whether ``path`` holds an entity file (a top-level ``collection:`` key), judged from its first 64 KiB without
    parsing it, so that a run can read entity files first; a file that cannot be opened is not one (reading it then
    says why)."""
    try:
        with open(path, "rb") as handle:
            return _ENTITY_FILE_START.search(handle.read(2**16)) is not None
    except OSError:
        return False


def _what(model: Model, key: Key) -> str:
    """How a message names what the key expects ('an agent'): the key's own words, else its class's label."""
    if key.what:
        return key.what
    if key.expects is None:
        return "an entity"
    label = model.label(key.expects)
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def write_generic(r: Reader, model: Model, key: Key, node: Node, subject: URIRef, graph: Graph | None = None) -> None:
    """Read ``node`` as ``key``'s kind of value and write it into ``graph`` (default: the document's): entities of
    its expected class (local keys of its sections first), a concept of its scheme, text, a number or a boolean,
    with its property."""
    g = r.graph if graph is None else graph
    if key.value in (FMT.Entities, FMT.Keys):
        for value in r.entities(node, key.expects, _what(model, key), key.look_in):
            g.add((subject, key.writes, value))
    elif key.value == FMT.Entity:
        if (value := r.entity(node, key.expects, _what(model, key), key.look_in)) is not None:
            g.add((subject, key.writes, value))
    elif key.value == FMT.Concept:
        if (value := r.concept(node, key.scheme, key.name)) is not None:
            g.add((subject, key.writes, value))
    elif key.value == FMT.Text:
        if text := r.text_value(node):
            g.add((subject, key.writes, Literal(text)))
    elif key.value == FMT.Number:
        if (number := r.number(node, key.name)) is not None:
            g.add((subject, key.writes, Literal(number, datatype=XSD.decimal)))
    elif key.value == FMT.Boolean:
        if isinstance(node.value, bool):
            g.add((subject, key.writes, Literal(node.value)))
        else:
            r.fail(node, f"'{key.name}' must be true or false, got {kind_of(node.value)}")


class FactFileReader:
    """Reads fact files against one model (ontology + reference data)."""

    def __init__(self, model: Model, marking: URIRef = DEFAULT_MARKING, store_names: StoreNames | None = None):
        """``marking``: the marking of a document whose fact file states none; ``store_names``: the store's names
        beyond the reference data (partner entities, other documents'), asked for a name the files do not give."""
        self.model = model
        self.format = load_format(model.ontology)
        self.marking = marking
        self.store_names = store_names
        countable = model.individuals_of(OKG.CountableKind)
        self.aliases = AliasIndex.from_graphs([model.reference])
        for kind in countable:  # equipment categories and personnel kinds are named by their ontology labels
            for label in model.ontology.objects(kind, RDFS.label):
                self.aliases.add(str(label), kind)

    def read(self, path: str | Path) -> Batch:
        """Parse and convert one fact file or entity file (one whose top level is ``collection:``); raises
        FactFileError listing every problem found."""
        path = Path(path)
        root = load_yaml(path)
        r = Reader(self.model, self.aliases, root, path, self.marking, self.store_names)
        if root.is_map and "collection" in root.value:  # an entity file
            if (r.check_keys(root, _ENTITY_FILE_KEYS, "the entity file") and read_collection(r, root.value["collection"])
                    and "entities" in root.value):
                read_entities(r, root.value["entities"])
        elif r.check_keys(root, self.format.spec("top"), "the fact file") and "document" in root.value:
            if "entities" in root.value:  # first: the document's publisher or author may be one of them
                read_entities(r, root.value["entities"])
            self._document(r)
            if r.document is not None:
                self._sources(r)
                self._copy_of(r)
                self._agents(r)
                self._places(r)
                events = self._event_identities(r)
                self._events(r, events)
                for node in r.listed("claims"):
                    self._claim(r, node, assessment=False)
                for node in r.listed("assessments"):
                    self._claim(r, node, assessment=True)
                for node in r.listed("resolutions"):
                    self._claim(r, node, assessment=False, resolution=True)
        if r.problems:
            raise FactFileError(sorted(r.problems, key=lambda p: (p.line or 0, p.column or 0)))
        assert r.document is not None
        return Batch(r.document, r.graph, r.meta, path, r.lines, r.inputs)

    def _text(self, r: Reader, node: Node, name: str) -> str | None:
        """The document's text: a regular UTF-8 file of at most ``MAX_TEXT_BYTES``, named relative to the fact file
        and inside its folder (symbolic links are followed before the check), so that a fact file cannot make the
        reader, its error messages or the quarantine's copy read anything else."""
        folder = r.path.parent.resolve()
        path = (folder / name).resolve()
        if Path(name).is_absolute() or not path.is_relative_to(folder):
            r.fail(node, f"the document text must be a file in the fact file's folder ({folder}) or below it, "
                         f"named relative to it; got {name!r}")
            return None
        try:
            raw = read_regular_file(path, str(path), MAX_TEXT_BYTES, "document text")
            text = raw.decode("utf-8")
        except InputError as exc:
            r.fail(node, f"cannot read the document text: {exc.problems[0].message} ({name})")
            return None
        except UnicodeDecodeError as exc:
            r.fail(node, f"the document text {name} is not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start})")
            return None
        r.inputs[name] = path
        return text

    # --- document ---
    def _publication(self, r: Reader, d: dict[str, Node]) -> tuple[TimeSpan | None, dt.date | None]:
        """When the document was published: the day or the span the page gives (no relative phrase: they resolve
        from it), else, for a page with no date, any day up to the one it was read (``retrieved``)."""
        retrieved = None
        if "retrieved" in d:
            try:
                retrieved = parse_time(d["retrieved"].plain())
            except TimeSpecError as exc:
                r.fail(d["retrieved"], f"bad retrieval date: {exc}")
                return None, None
            if retrieved.precision != "day" or retrieved.earliest != retrieved.latest:
                r.fail(d["retrieved"], "the day the page was read is a day (YYYY-MM-DD)")
                return None, None
        read_on = retrieved.latest if retrieved else None
        if "published" not in d:
            return TimeSpan(None, read_on, "day", f"not dated; retrieved on {read_on.isoformat()}"), read_on
        raw = d["published"].plain()
        if isinstance(raw, dict) and "relative" in raw:
            r.fail(d["published"], "a publication date cannot be relative: relative times in the file resolve from it")
            return None, None
        try:
            published = parse_time(raw)
        except TimeSpecError as exc:
            r.fail(d["published"], f"bad publication date: {exc}")
            return None, None
        if read_on is not None and published.earliest and published.earliest > read_on:
            r.fail(d["retrieved"], f"the page was read on {read_on}, before it was published ({published.earliest})")
            return None, None
        return published, read_on

    def _document(self, r: Reader) -> None:
        node = r.root.value["document"]
        if not r.check_keys(node, self.format.spec("document"), "the document"):
            return
        d = node.value
        if "type" not in d:
            return
        if "published" not in d and "retrieved" not in d:
            r.fail(node, "the document needs 'published' (a day; a month, a year or bounds when the page gives no "
                         "more) or, for a page that gives no date, 'retrieved' (the day it was read)")
            return
        doc_class = r.class_named(d["type"], OKG.Document, "document type")
        published, read_on = self._publication(r, d)
        if published is None:
            return
        # relative times in the file resolve from a publication day; a month or a span leaves them unresolvable
        r.published = published.latest if published.earliest == published.latest else None
        text_digest = None
        url = r.url_value(d["url"]) if "url" in d else None
        if "text" in d and (text_name := r.text_value(d["text"])):
            r.text = self._text(r, d["text"], text_name)
            if r.text is None:
                return
            text_digest = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
        title = r.text_value(d["title"]) if "title" in d else None
        document_id = r.document_id(d["id"]) if "id" in d else None
        if document_id:
            identity = ("id", document_id)
        elif url:
            identity = ("url", url)
        elif text_digest:
            identity = ("text", text_digest)
        else:
            identity = ("title", title, r.published or str(published))
        doc = r.document = (URIRef(f"{r.base}document/{document_id}") if document_id
                            else content_iri(r.base, "document", *identity))
        r.lines[doc] = node.line
        meta = r.meta
        if doc_class:
            meta.add((doc, RDF.type, doc_class))
        if title:
            meta.add((doc, DCTERMS.title, Literal(title)))
        r.add_time(published, meta, URIRef(f"{doc}/published"))
        meta.add((doc, OKG.published, URIRef(f"{doc}/published")))
        if read_on is not None:
            meta.add((doc, OKG.retrieved, Literal(read_on, datatype=XSD.date)))
        if text_digest:
            meta.add((doc, OKG.textDigest, Literal(text_digest)))
        if url:
            meta.add((doc, OKG.url, Literal(url, datatype=XSD.anyURI)))
        if "language" in d and (lang := r.text_value(d["language"])):
            meta.add((doc, OKG.language, Literal(lang, datatype=XSD.language)))
        self._generic_keys(r, "document", d, doc, meta)
        r.record_marking_and_file(doc, d.get("marking"))

    def _sources(self, r: Reader) -> None:
        """Earlier documents this one cites: the links of the attribution chain."""
        for key, node in r.entries("sources"):
            if not r.check_keys(node, self.format.spec("sources"), f"source '{key}'"):
                continue
            s = node.value
            cls = r.class_named(s["type"], OKG.Document, "document type") if "type" in s else None
            publishers = r.entities(s["publisher"], OKG.Agent, "an agent") if "publisher" in s else []
            authors = r.entities(s["author"], OKG.Agent, "an agent") if "author" in s else []
            published = r.time(s["published"], "publication time") if "published" in s else None
            title = r.text_value(s["title"]) if "title" in s else None
            url = r.url_value(s["url"]) if "url" in s else None
            document_id = r.document_id(s["id"]) if "id" in s else None
            iri = (URIRef(f"{r.base}document/{document_id}") if document_id else
                   content_iri(r.base, "document", "url", url) if url else
                   content_iri(r.base, "document", "cited", str(cls), sorted(publishers), sorted(authors),
                               str(published), title))
            r.local["sources"][key] = iri
            r.lines[iri] = node.line
            g = r.graph
            if cls:
                g.add((iri, RDF.type, cls))
            for p in publishers:
                g.add((iri, OKG.publisher, p))
            for a in authors:
                g.add((iri, OKG.author, a))
            if published:
                g.add((iri, OKG.published, published))
            if title:
                g.add((iri, DCTERMS.title, Literal(title)))
            if url:
                g.add((iri, OKG.url, Literal(url, datatype=XSD.anyURI)))

    def _copy_of(self, r: Reader) -> None:
        """``copy-of``: the document this one reposts whole, a key under ``sources:`` (or its IRI)."""
        node = r.root.value["document"].value.get("copy-of")
        if node is None:
            return
        original = r.entity(node, OKG.Document, "a document", ("sources",))
        if original == r.document:
            r.fail(node, "a document cannot be a copy of itself")
        elif original is not None:
            r.meta.add((r.document, OKG.copyOf, original))

    def _agents(self, r: Reader) -> None:
        """Anonymous-but-typed sources, which exist within this document only."""
        for key, node in r.entries("agents"):
            if not r.check_keys(node, self.format.spec("agents"), f"agent '{key}'"):
                continue
            a = node.value
            description = r.text_value(a["description"]) if "description" in a else None
            iri = content_iri(r.base, "agent", r.document, key, description)
            r.local["agents"][key] = iri
            r.lines[iri] = node.line
            r.local_graph.add((iri, RDF.type, OKG.AnonymousSource))
            g = r.graph
            g.add((iri, RDF.type, OKG.AnonymousSource))
            if description:
                g.add((iri, RDFS.label, Literal(description, lang="en")))
            self._generic_keys(r, "agents", a, iri)

    def _places(self, r: Reader) -> None:
        """Areas described relative to a place; the same description in any document is the same node."""
        for key, node in r.entries("places"):
            if not r.check_keys(node, self.format.spec("places"), f"place '{key}'"):
                continue
            p = node.value
            position = r.concept(p["position"], OKG.RelativePositions, "position") if "position" in p else None
            anchor = r.entity(p["of"], OKG.Place, "a place", ("places",)) if "of" in p else None
            if not (position and anchor):
                continue
            iri = content_iri(r.base, "place", str(position), str(anchor))
            r.local["places"][key] = iri
            r.lines.setdefault(iri, node.line)
            r.local_graph.add((iri, RDF.type, OKG.RelativeArea))
            g = r.graph
            g.add((iri, RDF.type, OKG.RelativeArea))
            g.add((iri, OKG.relativePosition, position))
            g.add((iri, OKG.anchor, anchor))
            label = (r.text_value(p["label"]) if "label" in p else
                     f"{self.model.label(position)} {r.label(anchor)}")
            if label:
                g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))

    # --- events ---
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
                    roles[k.name] = r.entities(e[k.name], k.expects, _what(self.model, k), k.look_in)
                elif k.value == FMT.Route and k.name in e:  # in order: the order is part of what it says
                    roles[k.name] = [place for item in e[k.name].items()
                                     if (place := r.entity(item, k.expects, _what(self.model, k), k.look_in))]
            time = r.time(e["time"], "event time") if "time" in e else None
            if cls is None:
                continue
            identity = [str(cls), str(time)] + [[role, list(map(str, v)) if role in routes else sorted(map(str, v))]
                                                 for role, v in sorted(roles.items())]
            event_id = r.document_id(e["id"]) if "id" in e else None  # the analyst says: the same event as elsewhere
            iri = URIRef(f"{r.base}event/{event_id}") if event_id else content_iri(r.base, "event", *identity)
            r.local["events"][key] = iri
            r.lines.setdefault(iri, node.line)
            r.local_graph.add((iri, RDF.type, cls))
            if time:
                r.graph.add((iri, OKG.validTime, time))
            r.graph.add((iri, RDF.type, cls))
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
            if "quantities" in e:
                for q in e["quantities"].items():
                    if quantity := self._quantity(r, q, iri):
                        g.add((iri, OKG.quantity, quantity))
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

    def _quantity(self, r: Reader, node: Node, event: URIRef) -> URIRef | None:
        if not r.check_keys(node, self.format.spec("quantities"), "a quantity"):
            return None
        q = node.value
        what = self.format.key("quantities", "counts").what or "a countable kind"
        counts = r.entity(q["counts"], OKG.CountableKind, what) if "counts" in q else None
        numbers = {k: r.number(q[k], k) for k in ("value", "at-least", "at-most") if k in q}
        if None in numbers.values() or counts is None:
            return None
        lower, upper, value = numbers.get("at-least"), numbers.get("at-most"), numbers.get("value")
        if lower is not None and upper is not None and lower > upper:
            r.fail(q["at-least"], f"lower bound {lower} is above upper bound {upper}")
            return None
        if value is not None and ((lower is not None and value < lower) or (upper is not None and value > upper)):
            r.fail(q["value"], f"value {value} lies outside its bounds")
            return None
        if not numbers and "size" not in q and "capable-of-carrying" not in q:
            r.fail(node, "a quantity needs a number ('value', 'at-least', 'at-most') or a 'size' in words")
            return None
        approximate = q.get("approximate")
        if approximate is not None and not isinstance(approximate.value, bool):
            r.fail(approximate, f"'approximate' must be true or false, got {kind_of(approximate.value)}")
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

    def _generic_keys(self, r: Reader, section: str, values: dict[str, Node], subject: URIRef,
                      graph: Graph | None = None) -> None:
        """Every generic key of ``section`` given in ``values``, read and written as the format says."""
        for key in self.format.of(section):
            if key.generic and key.name in values:
                write_generic(r, self.model, key, values[key.name], subject, graph)

    # --- claims and assessments ---
    def _claim(self, r: Reader, node: Node, assessment: bool, resolution: bool = False) -> None:
        section = "assessments" if assessment else "resolutions" if resolution else "claims"
        what = self.format.what(section)
        if not r.check_keys(node, self.format.spec(section), what):
            return
        c = node.value
        doc = r.document
        claimant = r.entity(c["claimant"], OKG.Agent, "an agent", ("agents",)) if "claimant" in c else None
        if resolution:
            about = [a] if "assessment" in c and (a := self._assessment_iri(r, c["assessment"])) else []
            outcome = r.concept(c["outcome"], OKG.Resolutions, "outcome") if "outcome" in c else None
            if outcome is None:
                return
        else:
            about = r.entities(c["about"], None, "an event or entity",
                               ("events", "places", "agents", "sources")) if "about" in c else []
        claim_time = r.time(c["date"], "claim date") if "date" in c else None
        credibility = r.concept(c["credibility"], OKG.CredibilityScale, "credibility") if "credibility" in c else None
        evidence = [self._evidence(r, e) for e in c["evidence"].items()] if "evidence" in c else []
        if "evidence" in c and not evidence:
            r.fail(c["evidence"], f"{what} needs at least one evidence passage")
        elif "evidence" not in c and r.text is not None:
            r.fail(node, f"{what} needs evidence: the document has a text to quote from (evidence is optional only "
                         f"for documents whose text is not available)")
        if not (claimant and about and claim_time and credibility) or None in evidence:
            return
        spans = sorted((start, end) for start, end, _ in evidence)
        statement_text = r.text_value(c["statement"]) if "statement" in c else None
        identity = spans if spans else [statement_text]  # without evidence, the statement tells claims apart
        iri = content_iri(r.base, "claim", doc, str(claimant), sorted(map(str, about)), identity, assessment)
        r.lines[iri] = node.line
        g = r.graph
        g.add((iri, RDF.type, OKG.Assessment if assessment else OKG.Claim))
        g.add((iri, OKG.claimant, claimant))
        g.add((iri, OKG.reportedIn, doc))
        g.add((iri, OKG.claimTime, claim_time))
        g.add((iri, OKG.credibility, credibility))
        for x in about:
            g.add((iri, OKG.about, x))
        for start, end, quote in evidence:
            ev = URIRef(f"{iri}/evidence/{start}-{end}")
            g.add((iri, OKG.evidence, ev))
            g.add((ev, RDF.type, OKG.Evidence))
            g.add((ev, OKG.quote, Literal(quote)))
            g.add((ev, OKG.startOffset, Literal(start, datatype=XSD.integer)))
            g.add((ev, OKG.endOffset, Literal(end, datatype=XSD.integer)))
            g.add((ev, OKG.inDocument, doc))
        self._generic_keys(r, section, c, iri)
        if resolution:
            g.add((about[0], OKG.resolution, outcome))  # stated in this document's graph: who says so, and when
        if "marking" in c and (marking := r.concept(c["marking"], OKG.TLP, "marking")):
            if (self.model.rank(marking) or 0) < (self.model.rank(r.marking) or 0):
                r.fail(c["marking"], f"a claim's marking may only be stricter than its document's: "
                                     f"{self.model.label(marking)} is less strict than {self.model.label(r.marking)}")
            else:
                g.add((iri, OKG.marking, marking))
        if assessment and "window" in c and (window := r.time(c["window"], "assessment window")):
            g.add((iri, OKG.window, window))

    def _assessment_iri(self, r: Reader, node: Node) -> URIRef | None:
        """The assessment a resolution resolves: the IRI of a claim (as ``kg query assessments_about`` shows it)."""
        value = r.text_value(node)
        if value is None:
            return None
        if not value.startswith(f"{r.base}claim/"):
            r.fail(node, f"an assessment is named by its IRI ({r.base}claim/…), as 'kg query assessments_about' "
                         f"shows it; got '{value}'")
            return None
        if not r.iri_ok(node, value):
            return None
        return URIRef(value)

    def _evidence(self, r: Reader, node: Node) -> tuple[int, int, str] | None:
        if isinstance(node.value, str):
            node = Node({"quote": node}, node.line, node.column, node.path, node.file)
        if not r.check_keys(node, self.format.spec("evidence"), "evidence"):
            return None
        e = node.value
        if "quote" not in e:
            return None
        quote = e["quote"].value
        if not isinstance(quote, str) or not quote:
            r.fail(e["quote"], f"a quote must be text, got {kind_of(quote)}")
            return None
        if "offset" in e:
            start = e["offset"].value
            if isinstance(start, bool) or not isinstance(start, int) or start < 0:
                r.fail(e["offset"], f"an offset is a character position from 0, got {kind_of(start)}")
                return None
            if r.text is None:
                return start, start + len(quote), quote
            source = r.text[start:start + len(quote)]
            if not same_passage(source, quote):
                r.fail(e["offset"], f"the text at offset {start} is not the quote: {source[:60]!r}")
                return None
            return start, start + len(quote), source  # the source's own characters (’ for ')
        if r.text is None:
            r.fail(node, "evidence without an 'offset' needs the document's 'text' to find the quote in")
            return None
        found = find_quote(r.text, quote)
        if found.start is None:
            r.fail(e["quote"], f"quote not found in the document text: {quote[:60]!r}; {found.mismatch(r.text, quote)}")
            return None
        if found.occurrences > 1:
            r.fail(e["quote"], f"quote {quote[:60]!r} occurs more than once in the text; give its 'offset' "
                               f"({found.start} is the first)")
            return None
        return found.start, found.end, r.text[found.start:found.end]  # the source's own characters (’ for ')
