"""The state and value readers shared by fact files and entity files: one located YAML tree being read, the
problems found so far (each with file, line and key), and the rules for texts, IRIs, identifiers, concepts,
classes, times, names and numbers. A section reader (kg.factfile.convert, kg.factfile.entities) asks it for values
and adds triples to its graphs."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.aliases import AliasIndex
from kg.batch import DEFAULT_MARKING
from kg.errors import Problem
from kg.factfile.format import FactFileFormat, load_format
from kg.factfile.timespec import PRECISIONS, TIME_KEYS, TimeSpan, TimeSpecError, parse_time
from kg.factfile.yamltree import Node
from kg.identifiers import content_iri
from kg.iris import iri_problem
from kg.model import Model, slug
from kg.vocab import OKG

if TYPE_CHECKING:  # the store's names are handed in; reading fact files does not need the store code
    from kg.resolve import StoreNames

__all__ = ["Reader", "kind_of", "unknown_key_message", "DOCUMENT_ID", "MAX_NUMBER_DIGITS", "MAX_DECIMAL_PLACES"]

#: Quantities are below 10^15 (a quadrillion) with at most six decimal places: enough for troops, airframes,
#: kilometres and budgets, and small enough that no number costs memory to write out.
MAX_NUMBER_DIGITS = 15
MAX_DECIMAL_PLACES = 6
#: A document's own identifier, for documents cited before they are ingested (a source's ``id`` names the document
#: whose fact file carries the same ``id``).
DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")


class Reader:
    """State for reading one file: problems found so far, local names, the graphs being built."""

    def __init__(self, model: Model, aliases: AliasIndex, root: Node, path: Path, marking: URIRef = DEFAULT_MARKING,
                 store_names: StoreNames | None = None, fmt: FactFileFormat | None = None):
        self.model = model
        self.format = fmt or load_format(model.ontology)  # the keys each section accepts (kg.factfile.format)
        self.aliases = aliases
        self.root = root
        self.path = path
        self.base = model.base
        self.problems: list[Problem] = []
        self.graph = Graph()
        self.meta = Graph()
        self.lines: dict[URIRef, int] = {}
        self.local: dict[str, dict[str, URIRef]] = {"sources": {}, "agents": {}, "places": {}, "events": {},
                                                  "estimates": {}, "capabilities": {}, "entities": {}}
        self.file_names = AliasIndex()  # the names this file's entity entries give (kg.factfile.entities)
        self.local_graph = Graph()  # types of local nodes, for type checks
        self.document: URIRef | None = None
        self.published: dt.date | None = None
        self.text: str | None = None
        self.inputs: dict[str, Path] = {path.name: path.resolve()}
        self.marking: URIRef = marking
        self.store_names = store_names  # the second tier of names: what the store gives beyond the files on disk

    # --- problems ---
    def fail(self, node: Node, message: str) -> None:
        self.problems.append(node.problem(message))

    def check_keys(self, node: Node, spec: set[str], what: str) -> bool:
        """Unknown or missing keys of a mapping; False when ``node`` is not a mapping at all."""
        if not node.is_map:
            self.fail(node, f"expected a mapping for {what}, got {kind_of(node.value)}")
            return False
        required = {k.rstrip("!") for k in spec if k.endswith("!")}
        allowed = {k.rstrip("!") for k in spec}
        for key, child in node.value.items():
            if key not in allowed:
                self.fail(child, unknown_key_message(node, key, allowed, what))
        for key in sorted(required - set(node.value)):
            self.fail(node, f"missing key '{key}' in {what}")
        return True

    def record_marking_and_file(self, document: URIRef, marking: Node | None) -> None:
        """The document's marking (the one the file gives, else the default) and the file it was read from, in its
        metadata: for fact files and entity files alike."""
        if marking is not None:
            self.marking = self.concept(marking, OKG.TLP, "marking") or self.marking
        self.meta.add((document, OKG.marking, self.marking))
        self.meta.add((document, OKG.sourceFile, Literal(self.path.name)))

    def label(self, node: URIRef) -> str:
        """The display label of ``node``: from this file, the model, else the store (a name the store gives)."""
        label = self.model.label(node, self.graph, self.local_graph)
        if label == str(node) and self.store_names is not None and isinstance(node, URIRef):
            label = self.store_names.label(node) or label
        return label

    def named(self, node: URIRef) -> str:
        """``node`` for a message: its label and IRI (the IRI alone when it has no label)."""
        label = self.label(node)
        return label if label == str(node) else f"{label} <{node}>"

    # --- values ---
    def text_value(self, node: Node) -> str | None:
        if isinstance(node.value, str) and node.value.strip():
            return node.value.strip()
        self.fail(node, f"expected text, got {kind_of(node.value)}")
        return None

    def iri_ok(self, node: Node, value: str, what: str = "IRI", schemes: tuple[str, ...] = ()) -> bool:
        """Whether ``value`` passes the one IRI rule (kg.iris); records the problem at ``node`` when not."""
        if problem := iri_problem(value, schemes=schemes):
            self.fail(node, f"the {what} {value!r} {problem}")
            return False
        return True

    def url_value(self, node: Node) -> str | None:
        """A web address (http or https)."""
        value = self.text_value(node)
        if value is not None and not self.iri_ok(node, value, "URL", ("http", "https")):
            return None
        return value

    def document_id(self, node: Node) -> str | None:
        """An analyst-chosen identifier (of a document or an event), the same in every fact file that names it."""
        value = self.text_value(node)
        if value is not None and not DOCUMENT_ID.fullmatch(value):
            self.fail(node, f"an id is 3 to 81 lower-case letters, digits and dashes, got '{value}'")
            return None
        return value

    def concept(self, node: Node, scheme: URIRef, what: str) -> URIRef | None:
        choices = self.model.concepts(scheme)
        value = node.value
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            found = choices.get(slug(str(value)))
            if found is not None:
                return found
        self.fail(node, f"unknown {what} {node.plain()!r}; expected one of: {', '.join(sorted(choices))}")
        return None

    def class_named(self, node: Node, root: URIRef, what: str) -> URIRef | None:
        names = self.model.class_names(root)
        if isinstance(node.value, str) and slug(node.value) in names:
            return names[slug(node.value)]
        self.fail(node, f"unknown {what} {node.plain()!r}; expected one of: {', '.join(sorted(names))}")
        return None

    def time(self, node: Node, kind: str, iri: URIRef | None = None) -> URIRef | None:
        if node.is_map and not set(node.value) <= TIME_KEYS:  # said at the key, with what it may have meant
            self.check_keys(node, set(TIME_KEYS), kind)
            return None
        raw = node.plain()
        try:
            span = parse_time(raw, self.published)
        except TimeSpecError as exc:
            self.fail(node, f"bad {kind}: {exc}")
            return None
        return self.add_time(span, self.graph, iri)

    def add_time(self, span: TimeSpan, graph: Graph, iri: URIRef | None = None) -> URIRef:
        iri = iri or content_iri(self.base, "time", span.earliest, span.latest, span.precision, span.phrase)
        graph.add((iri, RDF.type, OKG.TimeSpan))
        if span.earliest:
            graph.add((iri, OKG.earliest, Literal(span.earliest, datatype=XSD.date)))
        if span.latest:
            graph.add((iri, OKG.latest, Literal(span.latest, datatype=XSD.date)))
        graph.add((iri, OKG.precision, PRECISIONS[span.precision]))
        if span.phrase:
            graph.add((iri, OKG.originalPhrase, Literal(span.phrase)))
        return iri

    def entity(self, node: Node, expected: URIRef | None, what: str, sections: tuple[str, ...] = ()) -> URIRef | None:
        """Resolve a name: a key of one of this file's ``sections`` first, then any label or alias. The entity must
        belong to class ``expected`` (any class when None)."""
        if not isinstance(node.value, str) or not node.value.strip():
            self.fail(node, f"expected the name of {what}, got {kind_of(node.value)}")
            return None
        name = node.value.strip()
        for section in (*sections, "entities"):  # a key of this file's entity entries is a name everywhere
            if name in self.local[section]:
                return self.local[section][name]
        if name.startswith(("http://", "https://")):
            if not self.iri_ok(node, name):
                return None
            candidates = {URIRef(name)}
        else:
            candidates = self.file_names.lookup(name) or self.aliases.lookup(name)
            if not candidates and self.store_names is not None:
                candidates = self.store_names.lookup(name)
            elif candidates and self.store_names is not None:  # a reference entity merged into another (kg.merges)
                candidates = self.store_names.canonical(candidates)
        if not candidates:
            hint = self.aliases.suggestions(name) or (self.store_names.suggestions(name) if self.store_names else [])
            local = f" or a key under {' / '.join(repr(s + ':') for s in sections)}" if sections else ""
            guess = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
            self.fail(node, f"unknown name '{name}': expected {what}, by a name or alias of the reference data or "
                            f"the store{local}{guess}")
            return None
        unknown = [c for c in candidates if not self.model.types(c, self.local_graph)]
        stored = self.store_names.types(unknown) if unknown and self.store_names is not None else Graph()
        fitting = {c for c in candidates
                   if expected is None or self.model.is_a(c, expected, self.local_graph, stored)}
        if len(fitting) == 1:
            return fitting.pop()
        if not fitting:
            found = ", ".join(sorted(self.named(c) for c in candidates))
            self.fail(node, f"'{name}' names {found}, which is not {what}")
        else:
            self.fail(node, f"'{name}' is ambiguous: it names {', '.join(sorted(map(str, fitting)))}; use the IRI")
        return None

    def entities(self, node: Node, expected: URIRef | None, what: str, sections: tuple[str, ...] = ()) -> list[URIRef]:
        found = [self.entity(item, expected, what, sections) for item in node.items()]
        return [iri for iri in found if iri is not None]

    def number(self, node: Node, what: str, signed: bool = False) -> Decimal | None:
        """A decimal within the project's bounds; not below zero unless ``signed`` (coordinates)."""
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(node, f"{what} must be a number, got {kind_of(value)}")
            return None
        try:
            number = Decimal(str(value).replace("_", ""))
        except InvalidOperation:
            self.fail(node, f"{what} must be a number, got {value!r} (keep the wording in 'phrase')")
            return None
        if not number.is_finite() or (number < 0 and not signed):
            self.fail(node, f"{what} must be a finite number{'' if signed else ' not below zero'}, got {value!r}")
            return None
        # from the digits and exponent only: 1e999999999 is cheap to hold, not to write out in full
        digits, exponent = number.as_tuple()[1:]
        places = -exponent - (len(digits) - len("".join(map(str, digits)).rstrip("0"))) if number else 0
        if number and (number.adjusted() >= MAX_NUMBER_DIGITS or places > MAX_DECIMAL_PLACES):
            self.fail(node, f"{what} must be below 10^{MAX_NUMBER_DIGITS} with at most {MAX_DECIMAL_PLACES} decimal "
                            f"places, got {value!r}")
            return None
        return number

    def register(self, section: str, key: str, node: Node, iri: URIRef, cls: URIRef) -> None:
        """A local entry of ``section`` under ``key``: later keys of the file name it by that key, problems about it
        point at the line it was written on (the first, when two entries are one node), and it is of ``cls`` in the
        document's graph and in the file's local types."""
        self.local[section][key] = iri
        self.lines.setdefault(iri, node.line)
        self.local_graph.add((iri, RDF.type, cls))
        self.graph.add((iri, RDF.type, cls))

    def entries(self, section: str) -> list[tuple[str, Node]]:
        node = self.root.value.get(section)
        if node is None:
            return []
        if not node.is_map:
            self.fail(node, f"'{section}' must map names to entries, got {kind_of(node.value)}")
            return []
        return list(node.value.items())

    def listed(self, section: str) -> list[Node]:
        node = self.root.value.get(section)
        if node is None:
            return []
        if not node.is_list:
            self.fail(node, f"'{section}' must be a list of entries, got {kind_of(node.value)}")
            return []
        return node.value


def kind_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def unknown_key_message(mapping: Node, key: str, allowed: set[str] | frozenset[str], what: str) -> str:
    """Why ``key`` of ``mapping`` is not one of ``allowed``: a comma inside a ``{…}`` mapping that cut the value
    before it in two (``{phrase: at the end of February, maybe later}`` makes 'maybe later' a key with no value),
    else the key with the allowed ones close to it (a misspelling) and all of them."""
    keys = list(mapping.value)
    before = keys[keys.index(key) - 1] if keys.index(key) else None
    close = difflib.get_close_matches(key, sorted(allowed), n=2, cutoff=0.6)
    if mapping.flow and mapping.value[key].value is None and before is not None and not close:
        return (f"'{key}' reads as a key of its own in {what}: in a {{…}} mapping a comma ends a value, so the value "
                f"of '{before}' stopped at the comma before '{key}'; put that value in quotes "
                f"({before}: \"…, {key}\")")
    guess = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown key '{key}' in {what}{guess}; expected one of: {', '.join(sorted(allowed))}"
