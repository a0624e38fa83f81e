"""Names to entities: every label and alias of a reference entity resolves to its one IRI, whatever the case,
diacritics, dashes or quotes ("Hajun", "Gayun", "Khayun" and "Гаюн" all name one monitoring group); an entity
matched to Wikidata (``skos:exactMatch wd:Q184``) is also named by its QID (``Q184``) and its Wikidata IRI. A name
no label spells is then looked up by its transliteration (anyascii): ``Лукашенко`` finds the entity labelled
"Lukashenko", ``Zelenskiy`` the one labelled ``Зеленський``."""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache
from collections.abc import Iterable

from anyascii import anyascii
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

__all__ = ["normalise", "transliterated", "AliasIndex", "LABEL_PROPERTIES", "WIKIDATA_ENTITY", "WIKIDATA_ENTITY_PREFIXES", "labels_in", "wikidata_names"]

#: Properties whose values name an entity.
LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
#: Wikidata's entity namespace (``skos:exactMatch`` objects under it give QIDs).
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
#: The forms of a Wikidata entity IRI that name its entity (the concept IRI, and the same over https).
WIKIDATA_ENTITY_PREFIXES = (WIKIDATA_ENTITY, "https://www.wikidata.org/entity/")

_PUNCTUATION = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
})


def normalise(name: str) -> str:
    """The comparison key of a name: case-folded, without diacritics, uniform dashes and quotes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(name).translate(_PUNCTUATION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace("-", " - ").split()).replace(" - ", "-")


@lru_cache(maxsize=65536)
def transliterated(name: str) -> str:
    """The comparison key of a name's Latin transliteration (apostrophes for soft signs dropped): ``Мінськ`` → ``minsk``."""
    return normalise(anyascii(str(name)).replace("'", ""))


def wikidata_names(match: str) -> list[str]:
    """The names a Wikidata match gives its entity: the QID and the entity IRI (http and https); none for an IRI
    outside Wikidata's entity namespace."""
    text = str(match)
    for prefix in WIKIDATA_ENTITY_PREFIXES:
        if text.startswith(prefix) and text[len(prefix):]:
            qid = text[len(prefix):]
            return [qid, *(form + qid for form in WIKIDATA_ENTITY_PREFIXES)]
    return []


def labels_in(graphs: Iterable[Graph]) -> Iterable[tuple[str, URIRef]]:
    """(name, entity) for every label or alias an IRI carries in ``graphs``, and the QIDs of its Wikidata match."""
    for graph in graphs:
        for prop in LABEL_PROPERTIES:
            for subject, label in graph.subject_objects(prop):
                if isinstance(subject, URIRef) and isinstance(label, Literal):
                    yield str(label), subject
        for subject, match in graph.subject_objects(SKOS.exactMatch):
            if isinstance(subject, URIRef) and isinstance(match, URIRef):
                for name in wikidata_names(match):
                    yield name, subject


class AliasIndex:
    """A look-up from normalised names to the IRIs they label."""

    def __init__(self) -> None:
        self._index: dict[str, set[URIRef]] = {}
        self._latin: dict[str, set[URIRef]] = {}  # by transliteration, for names no label spells
        self._display: dict[str, str] = {}

    @classmethod
    def from_graphs(cls, graphs: Iterable[Graph], subjects: set[URIRef] | None = None) -> "AliasIndex":
        """Index the labels in ``graphs``; only of ``subjects`` when given."""
        index = cls()
        for label, subject in labels_in(graphs):
            if subjects is None or subject in subjects:
                index.add(label, subject)
        return index

    def add(self, name: str, iri: URIRef) -> None:
        key = normalise(name)
        self._index.setdefault(key, set()).add(iri)
        self._latin.setdefault(transliterated(name), set()).add(iri)
        self._display.setdefault(key, name)

    def lookup(self, name: str) -> set[URIRef]:
        """Every entity ``name`` labels (empty when none; several when the name is ambiguous); when no label spells it,
        every entity a label of which transliterates as it does."""
        return set(self._index.get(normalise(name), ()) or self._latin.get(transliterated(name), ()))

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        """Known names close to ``name``, for 'did you mean' messages."""
        keys = difflib.get_close_matches(normalise(name), list(self._index), n=n, cutoff=0.75)
        return [self._display[k] for k in keys]
