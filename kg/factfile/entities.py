"""Entity entries → RDF: the people, organisations, forces, units, places and equipment models a story names that the
graph does not hold yet, with their names in every script, where each alias came from, posts held over time and
their links. One reader for both homes of an entry: an entity file (``collection:`` + ``entities:``, whose graph is an
``okg:EntityCollection`` document) and the ``entities:`` section of a fact file (the entries belong to that
document's graph). The format is documented in docs/entities.md.

An entry's key is its identifier: ``{base}{kind}/{key}`` (``person/andriy-demchenko``), the same in every file, so
re-ingesting changes nothing and two files describing one key describe one entity. ``existing: NAME`` adds aliases,
posts or links to an entity the graph already holds. A name that would make an existing name ambiguous is refused
at its line: names stay unambiguous for fact files and queries."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.aliases import WIKIDATA_ENTITY, WIKIDATA_ENTITY_PREFIXES
from kg.factfile.entity_links import entity_date, link_entry, no_circles
from kg.factfile.reading import DOCUMENT_ID, Reader, kind_of, unknown_key_message
from kg.factfile.yamltree import Node
from kg.identifiers import content_iri
from kg.model import Model, slug
from kg.vocab import OKG

__all__ = ["read_collection", "read_entities", "entry_keys", "entity_kind_names", "ENTITY_KINDS"]

SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")

#: The kinds an entry may have, most specific root first, with the IRI folder of their entities (as the reference
#: data names them: ``state/…``, ``force/…``).
ENTITY_KINDS = ((OKG.State, "state"), (OKG.MilitaryUnit, "unit"), (OKG.MilitaryService, "force"),
                (OKG.ArmedForce, "force"), (OKG.Person, "person"), (OKG.Organisation, "org"), (OKG.Place, "place"),
                (OKG.EquipmentModel, "equipment"), (OKG.EquipmentItem, "item"), (OKG.CountedThing, "thing"))
#: Kinds under the roots that are not named entities of their own.
_NOT_ENTRIES = {OKG.RelativeArea, OKG.Country}

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?")
_SCRIPT = re.compile(r"[A-Z][a-z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")


def entry_keys(r: Reader, entry: _Entry) -> set[str]:
    """The keys ``entry`` accepts (ontology/format/entity-files.ttl): those of every entry and those of its kind
    (a key's fmt:appliesTo), with ``existing`` for an entry that adds to an entity the graph holds, else ``type``."""
    keys = r.format.of("entity")
    return {k.name for k in keys if k.name not in ("type", "existing")
            and (not k.applies_to or any(entry.is_a(r, root) for root in k.applies_to))} \
        | {"existing" if entry.cls is None else "type"}


def read_collection(r: Reader, node: Node) -> bool:
    """An entity file's ``collection:``: the document its entries belong to (``{base}entities/{id}``, else named by
    its title), with its title, marking, description and source, as metadata. False when it cannot be named."""
    if not r.check_keys(node, r.format.spec("collection"), "the collection"):
        return False
    c = node.value
    title = r.text_value(c["title"]) if "title" in c else None
    collection_id = r.document_id(c["id"]) if "id" in c else None
    if title is None or ("id" in c and collection_id is None):
        return False
    doc = r.document = (URIRef(f"{r.base}entities/{collection_id}") if collection_id
                        else content_iri(r.base, "entities", title))
    r.lines[doc] = node.line
    meta = r.meta
    meta.add((doc, RDF.type, OKG.EntityCollection))
    meta.add((doc, DCTERMS.title, Literal(title)))
    if "description" in c and (text := r.text_value(c["description"])):
        meta.add((doc, DCTERMS.description, Literal(text, lang="en")))
    if "source" in c and (url := r.url_value(c["source"])):
        meta.add((doc, OKG.url, Literal(url, datatype=XSD.anyURI)))
    r.record_marking_and_file(doc, c.get("marking"))
    return True


def _root(r: Reader, cls: URIRef) -> tuple[URIRef, str] | None:
    for root, folder in ENTITY_KINDS:
        if cls in r.model.subclasses(root):
            return root, folder
    return None


def entity_kind_names(model: Model) -> dict[str, URIRef]:
    """Entry types by their fact-file names: every class under the kinds' roots that names an entity (the values of
    an entry's ``type``, for the reader, the docs and the JSON Schema)."""
    names: dict[str, URIRef] = {}
    for root, _ in ENTITY_KINDS:
        names.update({name: cls for name, cls in model.class_names(root).items() if cls not in _NOT_ENTRIES})
    return names


class _Entry:
    """One entry between the two passes: its node, IRI, class (None for ``existing``) and what it is."""

    def __init__(self, key: str, node: Node, iri: URIRef, cls: URIRef | None, root: URIRef | None,
                 stored: Graph | None = None):
        self.key, self.node, self.iri, self.cls, self.root = key, node, iri, cls, root
        self.stored = stored if stored is not None else Graph()  # the store's types of an existing entity

    def is_a(self, r: Reader, cls: URIRef) -> bool:
        return r.model.is_a(self.iri, cls, r.local_graph, self.stored)


def read_entities(r: Reader, section: Node) -> None:
    """Read an ``entities:`` mapping into ``r.graph``: identities and names first (so entries may name each other, by
    key or by name, in any order), then their links. Every problem is recorded on ``r`` at its line."""
    if not section.is_map:
        r.fail(section, f"'entities' must map keys to entries, got {kind_of(section.value)}")
        return
    kinds = entity_kind_names(r.model)
    entries = [e for key, node in section.value.items() if (e := _identity(r, key, node, kinds))]
    for entry in entries:
        _names(r, entry)
    for entry in entries:
        link_entry(r, entry)
    no_circles(r, entries)


def _identity(r: Reader, key: str, node: Node, kinds: dict[str, URIRef]) -> _Entry | None:
    if not node.is_map:
        r.fail(node, f"expected a mapping for entity '{key}', got {kind_of(node.value)}")
        return None
    e = node.value
    if "existing" in e:
        iri = r.entity(e["existing"], OKG.Entity, "an entity the graph holds")
        for banned in ("type", "name"):
            if banned in e:
                r.fail(e[banned], f"entity '{key}' adds to an existing entity: its '{banned}' is that entity's")
        if iri is None:
            return None
        known = r.model.types(iri, r.local_graph)
        stored = r.store_names.types([iri]) if not known and r.store_names is not None else Graph()
        root = next((root for root, _ in ENTITY_KINDS if r.model.is_a(iri, root, r.local_graph, stored)), None)
        entry = _Entry(key, node, iri, None, root, stored)
    else:
        if "type" not in e:
            r.fail(node, f"missing key 'type' in entity '{key}' (or 'existing', to add to an entity the graph holds)")
            return None
        cls = kinds.get(slug(e["type"].value)) if isinstance(e["type"].value, str) else None
        if cls is None:
            r.fail(e["type"], f"unknown entity type {e['type'].plain()!r}; expected one of: {', '.join(sorted(kinds))}")
            return None
        if "name" not in e:
            r.fail(node, f"missing key 'name' in entity '{key}'")
        if not DOCUMENT_ID.fullmatch(key):
            r.fail(node, f"an entity's key is its identifier: 3 to 81 lower-case letters, digits and dashes, "
                         f"got '{key}'")
            return None
        root, folder = _root(r, cls)  # type: ignore[misc]  # every kind is under a root
        iri = URIRef(f"{r.base}{folder}/{key}")
        entry = _Entry(key, node, iri, cls, root)
        types = (cls, OKG.Country) if cls == OKG.State else (cls,)
        for t in types:
            r.graph.add((iri, RDF.type, t))
            r.local_graph.add((iri, RDF.type, t))
    allowed = entry_keys(r, entry)
    for k, child in e.items():
        if k not in allowed and not (entry.cls is None and k in ("type", "name")):
            r.fail(child, unknown_key_message(node, k, allowed, f"entity '{key}' ({_what(r, entry)})"))
    r.local["entities"][key] = entry.iri
    r.lines.setdefault(entry.iri, node.line)
    return entry


def _what(r: Reader, entry: _Entry) -> str:
    return r.model.label(entry.cls) if entry.cls else f"adds to {r.label(entry.iri)}"


def _label(r: Reader, node: Node, what: str, keys: set[str]) -> tuple[Literal, Node] | None:
    """A name with its language tag (``be-Latn`` from language ``be`` and script ``Latn``); a name in another script
    than Latin must say its language."""
    value = node.value
    if isinstance(value, str):
        node = Node({"name": node}, node.line, node.column, node.path, node.file)
    if not r.check_keys(node, keys, what) or "name" not in node.value:
        return None
    v = node.value
    text = r.text_value(v["name"])
    if text is None:
        return None
    language = r.text_value(v["language"]) if "language" in v else None
    if language is not None and not _LANGUAGE.fullmatch(language):
        r.fail(v["language"], f"a language is a BCP 47 tag such as 'uk', 'ru', 'be' or 'be-Latn', got '{language}'")
        return None
    if "script" in v:
        script = r.text_value(v["script"])
        if script is None or not _SCRIPT.fullmatch(script):
            r.fail(v["script"], f"a script is an ISO 15924 code such as 'Latn' or 'Cyrl', got {v['script'].plain()!r}")
            return None
        if language is None or "-" in language:
            r.fail(v["script"], "a script goes with a 'language' that has none of its own (language: be, script: Latn)")
            return None
        language = f"{language}-{script}"
    if language is None:
        if any(ord(ch) > 0x24F and ch.isalpha() for ch in text):
            r.fail(v["name"], f"'{text}' is not in the Latin script: give its 'language' (uk, ru, be…)")
            return None
        language = "en"
    return Literal(text, lang=language), node


def _names(r: Reader, entry: _Entry) -> None:
    """The entry's preferred name and aliases (with their sources as SKOS-XL labels), each refused if it already names
    another entity (in the reference data, the store, or this file)."""
    e, g = entry.node.value, r.graph
    fmt = r.format
    if "name" in e and entry.cls is not None and (found := _label(r, e["name"], f"the name of '{entry.key}'",
                                                                    fmt.spec("name"))):
        label, node = found
        g.add((entry.iri, SKOS.prefLabel, label))
        _claim_name(r, entry, str(label), node)
    for item in e["aliases"].items() if "aliases" in e else ():
        if not (found := _label(r, item, f"an alias of '{entry.key}'", fmt.spec("alias"))):
            continue
        label, node = found
        g.add((entry.iri, SKOS.altLabel, label))
        _claim_name(r, entry, str(label), node)
        v = node.value
        source = r.url_value(v["source"]) if "source" in v else None
        date = entity_date(r, v["date"]) if "date" in v else None
        if source or date is not None:
            alias = content_iri(r.base, "alias", entry.iri, str(label), label.language, source, str(date))
            g.add((entry.iri, SKOSXL.altLabel, alias))
            g.add((alias, RDF.type, SKOSXL.Label))
            g.add((alias, SKOSXL.literalForm, label))
            if source:
                g.add((alias, DCTERMS.source, URIRef(source)))
            if date is not None:
                g.add((alias, DCTERMS.date, date))
    if "registration" in e and (registration := r.text_value(e["registration"])):
        g.add((entry.iri, OKG.registration, Literal(registration)))  # it names the item too (zxx: not a language)
        g.add((entry.iri, SKOS.altLabel, Literal(registration, lang="zxx")))
        _claim_name(r, entry, registration, e["registration"])
    if "side-number" in e and (side := r.text_value(e["side-number"])):
        g.add((entry.iri, OKG.sideNumber, Literal(side)))
    if "wikidata" in e and (qid := _qid(r, e["wikidata"])):
        g.add((entry.iri, OKG.qid, Literal(qid)))
        g.add((entry.iri, SKOS.exactMatch, URIRef(WIKIDATA_ENTITY + qid)))
        _claim_name(r, entry, qid, e["wikidata"])
    if "description" in e and (text := r.text_value(e["description"])):
        g.add((entry.iri, OKG.description, Literal(text, lang="en")))


def _claim_name(r: Reader, entry: _Entry, name: str, node: Node) -> None:
    """Refuse ``name`` if the reference data, the store or another entry of this file gives it to another entity
    (matched as every name is: kg.aliases); else record it as this entry's."""
    others = (r.aliases.lookup(name) | r.file_names.lookup(name)
              | (r.store_names.lookup(name) if r.store_names is not None else set()))
    others.discard(entry.iri)
    if others:
        named = ", ".join(r.named(o) for o in sorted(others))
        r.fail(node, f"'{name}' already names {named}: an alias may not make a name ambiguous (to add it to that "
                     f"entity, write an entry with 'existing: {name}')")
        return
    r.file_names.add(name, entry.iri)


def _qid(r: Reader, node: Node) -> str | None:
    value = r.text_value(node)
    if value is None:
        return None
    for prefix in (*WIKIDATA_ENTITY_PREFIXES, "https://www.wikidata.org/wiki/"):  # a page names its item too
        value = value.removeprefix(prefix)
    if not _QID.fullmatch(value):
        r.fail(node, f"a Wikidata id is Q and a number without leading zeros (Q184), got {node.plain()!r}")
        return None
    return value

