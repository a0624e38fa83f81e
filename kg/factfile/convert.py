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
from kg.factfile.capabilities import CapabilitySections
from kg.factfile.claims import ClaimSections
from kg.factfile.entities import read_collection, read_entities
from kg.factfile.estimates import EstimateSections
from kg.factfile.events import EventSections
from kg.factfile.format import load_format
from kg.factfile.generic import write_generic
from kg.factfile.reading import MAX_DECIMAL_PLACES, MAX_NUMBER_DIGITS, Reader
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


# The keys each section accepts come from the format's data (ontology/format/, kg.factfile.format); an entity file
# (docs/entities.md) is a collection's description and its entries (section 'entity-file').
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


class FactFileReader(EventSections, EstimateSections, CapabilitySections, ClaimSections):
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
        r = Reader(self.model, self.aliases, root, path, self.marking, self.store_names, self.format)
        if root.is_map and "collection" in root.value:  # an entity file
            if (r.check_keys(root, self.format.spec("entity-file"), "the entity file") and read_collection(r, root.value["collection"])
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
                self._estimates(r)
                self._capabilities(r)
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
            r.register("agents", key, node, iri, OKG.AnonymousSource)
            g = r.graph
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
            r.register("places", key, node, iri, OKG.RelativeArea)
            g = r.graph
            g.add((iri, OKG.relativePosition, position))
            g.add((iri, OKG.anchor, anchor))
            label = (r.text_value(p["label"]) if "label" in p else
                     f"{self.model.label(position)} {r.label(anchor)}")
            if label:
                g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))

    def _generic_keys(self, r: Reader, section: str, values: dict[str, Node], subject: URIRef,
                      graph: Graph | None = None) -> None:
        """Every generic key of ``section`` given in ``values``, read and written as the format says."""
        for key in self.format.of(section):
            if key.generic and key.name in values:
                write_generic(r, self.model, key, values[key.name], subject, graph)
