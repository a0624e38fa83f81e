"""Entity names to IRIs against what a store knows: every label and alias in any of its graphs.

Names are resolved in two tiers. The curated entities come first: the reference data (``{base}graph/reference``),
the packaged gazetteer's towns (``{base}graph/gazetteer``, kg.gazetteer) and the entity files analysts ingest (``{base}entities/…``, kg.factfile.entities, which refuses a name that is
already taken); a name they give resolves to its entity, whatever other graphs say. Labels from other graphs (partner
deliveries, documents) are used only for names the reference data does not give. So a partner file that labels a
new organisation "Hajun" cannot make ``-p source=Hajun`` ambiguous for everyone; its entity is reached by its IRI,
and ``kg ingest`` says so when it writes the file (``shadowed_names``). A QID (``Q184``) or a Wikidata entity IRI
names the entity matched to it (``skos:exactMatch``), by the same two tiers."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kg.aliases import AliasIndex, labels_in, wikidata_names
from kg.errors import QueryError
from kg.store import Store
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.model import Model

__all__ = ["EntityResolver", "StoreNames", "shadowed_names", "reference_names", "merged_into", "MERGES_QUERY"]

_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?label ?g WHERE {
  GRAPH ?g { ?entity skos:prefLabel|skos:altLabel|rdfs:label ?label }
  FILTER(isIRI(?entity) && isLiteral(?label))
}
"""


_WIKIDATA = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?match ?g WHERE {
  GRAPH ?g { ?entity skos:exactMatch ?match }
  FILTER(isIRI(?entity) && (STRSTARTS(STR(?match), "http://www.wikidata.org/entity/")
                            || STRSTARTS(STR(?match), "https://www.wikidata.org/entity/")))
}
"""


#: Every merge (kg.merges): the entity merged away, the one it was merged into, and the merge document's graph.
MERGES_QUERY = f"""SELECT ?other ?keep ?merge WHERE {{ GRAPH ?merge {{ ?other <{OKG.mergedInto}> ?keep }} }}"""


def merged_into(store: Store) -> dict[URIRef, URIRef]:
    """Every entity merged into another (kg.merges), by the entity merged away."""
    return {URIRef(other): URIRef(keep) for other, keep, _ in store.select_text(MERGES_QUERY)}


class EntityResolver:
    """Resolves names case-, diacritic- and dash-insensitively (then by transliteration), curated names first; built
    once from the store's labels. ``reference_graph`` is the reference data's graph (``Settings.graph("reference")``);
    entity collections are the graphs under ``{base}entities/`` of the same base."""

    def __init__(self, store: Store, reference_graph: str | URIRef, follow_merges: bool = True):
        """``follow_merges``: a name of an entity merged into another names that one (kg.merges); off only to name
        the merged entity itself (``kg entity unmerge``)."""
        self._reference, self._others = AliasIndex(), AliasIndex()
        self._store = store
        self._merged = merged_into(store) if follow_merges else {}
        reference_graph = str(reference_graph)
        base = reference_graph.removesuffix("graph/reference")
        curated, collections = {reference_graph, base + "graph/gazetteer"}, base + "entities/"

        def tier(graph: str) -> AliasIndex:
            return self._reference if graph in curated or graph.startswith(collections) else self._others

        for entity, label, graph in store.select_text(_LABELS):  # as text: 2-3x faster than as rdflib terms
            tier(graph).add(label, URIRef(entity))
        for entity, match, graph in store.select_text(_WIKIDATA):  # a QID names its entity as a label does
            for name in wikidata_names(match):
                tier(graph).add(name, URIRef(entity))

    def candidates(self, name: str) -> set[URIRef]:
        """The entities ``name`` resolves to: the reference data's if it gives the name, else any graph's; an entity
        merged into another stands for that one."""
        found = self._reference.lookup(name) or self._others.lookup(name)
        return {self._merged.get(entity, entity) for entity in found}

    def suggestions(self, name: str) -> list[str]:
        """Known names close to ``name`` (reference names first), for 'did you mean' messages."""
        return list(dict.fromkeys(self._reference.suggestions(name) + self._others.suggestions(name)))[:3]

    def __call__(self, name: str) -> URIRef:
        if name.startswith(("http://", "https://")) and not wikidata_names(name):  # an IRI names itself (or what
            # it was merged into); a Wikidata IRI names its match, as a QID does
            return self._merged.get(URIRef(name), URIRef(name))
        found = self.candidates(name)
        if len(found) == 1:
            return found.pop()
        if not found:
            hint = self.suggestions(name)
            raise QueryError(f"no entity is named '{name}'"
                             + (f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""))
        from kg.labels import labels_of

        labels = labels_of(self._store, found)
        listed = ", ".join(f"{labels[c]} <{c}>" if c in labels else f"<{c}>" for c in sorted(found))
        raise QueryError(f"'{name}' names several entities: {listed}; give the IRI")


_TYPES = """SELECT DISTINCT ?entity ?type WHERE {
  VALUES ?entity { %s }
  GRAPH ?g { ?entity a ?type }
}"""


class StoreNames:
    """What a store names beyond the files on disk, for fact files: the entities its graphs label (partner
    deliveries, other documents) and their types, and the entities of the entity files read in the same run but not
    written yet (``pending``: ``kg ingest entities.yaml story.yaml`` reads both before writing either). The store is
    read the first time it is asked (most fact files name only reference entities, and reading every label of a
    large store costs about a second at 1M quads); ``store`` may be None (nothing is stored yet)."""

    def __init__(self, store: Store | None, reference_graph: str | URIRef):
        self._store, self._reference_graph = store, reference_graph
        self._resolver: EntityResolver | None = None
        self._pending, self._pending_names = Graph(), AliasIndex()
        self._merges: dict[URIRef, URIRef] | None = None

    def canonical(self, entities: set[URIRef]) -> set[URIRef]:
        """``entities`` with each one merged into another replaced by that one (read once, a cheap query)."""
        if self._merges is None:
            self._merges = merged_into(self._store) if self._store is not None else {}
        return {self._merges.get(entity, entity) for entity in entities}

    def add_pending(self, graph: Graph) -> None:
        """Names and types of an entity file read in this run, for the files read after it."""
        for triple in graph:
            self._pending.add(triple)
        for label, subject in labels_in([graph]):
            self._pending_names.add(label, subject)

    def _names(self) -> EntityResolver | None:
        if self._resolver is None and self._store is not None:
            self._resolver = EntityResolver(self._store, self._reference_graph)
        return self._resolver

    def lookup(self, name: str) -> set[URIRef]:
        """The entities ``name`` resolves to: in the entity files read so far, else in the store (reference data
        first, as for queries)."""
        found = self._pending_names.lookup(name)
        names = self._names()
        return found or (names.candidates(name) if names is not None else set())

    def suggestions(self, name: str) -> list[str]:
        names = self._names()
        return self._pending_names.suggestions(name) + (names.suggestions(name) if names is not None else [])

    def label(self, entity: URIRef) -> str | None:
        """The display label the pending files or the store give ``entity`` (kg.labels), None when none does."""
        from kg.labels import display_label, labels_of

        pending = display_label(entity, (self._pending,))
        if pending or self._store is None:
            return pending or None
        return labels_of(self._store, [entity]).get(entity)

    def types(self, entities: Iterable[URIRef]) -> Graph:
        """The ``rdf:type`` triples the pending files and the store hold for ``entities`` (in any graph)."""
        from rdflib.namespace import RDF

        from kg.sparql import values_chunks

        entities = list(entities)
        graph = Graph()
        for entity in entities:
            for kind in self._pending.objects(entity, RDF.type):
                graph.add((entity, RDF.type, kind))
        for chunk in values_chunks(entities) if self._store is not None else ():
            for entity, kind in self._store.select(_TYPES % chunk).rows:
                graph.add((entity, RDF.type, kind))
        return graph


@functools.cache
def reference_names(model: "Model") -> AliasIndex:
    """The names the model's reference data gives (one index per loaded model; do not add to it)."""
    return AliasIndex.from_graphs([model.reference])


def shadowed_names(graphs: Iterable[Graph], reference: AliasIndex) -> list[tuple[str, URIRef, set[URIRef]]]:
    """The labels in ``graphs`` that the reference data already gives to other entities: (label, the entity it
    labels here, the reference entities that keep the name). By those names, queries find the reference entities."""
    found: dict[tuple[str, URIRef], set[URIRef]] = {}
    for label, subject in labels_in(graphs):
        keepers = reference.lookup(label)
        if keepers and subject not in keepers:
            found.setdefault((label, subject), set()).update(keepers)
    return [(label, subject, others) for (label, subject), others in sorted(found.items())]
