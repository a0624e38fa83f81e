"""Two entities that turn out to be one (``kg entity merge KEEP OTHER``), kept reversible (``kg entity unmerge``).

A merge is a document of its own, an ``okg:EntityMerge``: its named graph says ``OTHER okg:mergedInto KEEP`` and its
metadata says who may see it (the workspace's marking) and when it was recorded. Nothing else is rewritten: every
name and claim stays in the graph it came from, so undoing the merge is removing that document. Names follow the
merge (kg.resolve maps OTHER's names to KEEP), and so do the queries that count or list by entity
(``claims_by_source``, ``corroboration``, ``entity_mentions``, ``entity_aliases``).

Refused, with nothing written: an entity merged with itself, two entities of disjoint types (a person and a
place), a merge into an entity that is itself merged (merge into the one it was merged into), an entity merged a
second time, and an unmerge of an entity that is not merged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.batch import DEFAULT_MARKING, Batch
from kg.config import Settings
from kg.errors import InputError, Problem
from kg.explain import disjoint_pairs
from kg.identifiers import content_iri
from kg.ingest import IngestResult, ingest_batch
from kg.marking import marking_level
from kg.model import Model
from kg.resolve import MERGES_QUERY
from kg.store import Store
from kg.vocab import OKG

__all__ = ["Merge", "merge", "merges_of", "unmerge", "carry_merges"]

_TYPES = "SELECT DISTINCT ?type WHERE { GRAPH ?g { ?entity a ?type } }"


@dataclass(frozen=True)
class Merge:
    other: URIRef
    keep: URIRef
    document: URIRef


def merges_of(store: Store) -> dict[URIRef, Merge]:
    """Every merge in the store, by the entity merged away."""
    return {other: Merge(other, keep, document) for other, keep, document in store.select(MERGES_QUERY).rows}


def _disjoint(model: Model, store: Store, a: URIRef, b: URIRef) -> tuple[URIRef, URIRef] | None:
    """A pair of disjoint classes, one a type of ``a`` and one of ``b`` (with their superclasses), or None."""
    def types(entity: URIRef) -> set[URIRef]:
        found = {t for (t,) in store.select(_TYPES, {"entity": entity}).rows} | model.types(entity)
        return {s for t in found for s in model.superclasses(t)} | found

    pairs = disjoint_pairs(model.ontology)
    for x in types(a):
        for y in types(b):
            if frozenset((x, y)) in pairs:
                return x, y
    return None


def merge(store: Store, settings: Settings, keep: URIRef, other: URIRef, note: str | None = None) -> IngestResult:
    """Record that ``other`` is ``keep``: a merge document, validated and written through the gate as any."""
    model = Model.load(settings.base)
    problem = None
    existing = merges_of(store)
    if keep == other:
        problem = f"cannot merge {model.label(keep)} <{keep}> with itself"
    elif other in existing:
        problem = (f"<{other}> is already merged into <{existing[other].keep}> ({existing[other].document}); "
                   "unmerge it first")
    elif keep in existing:
        problem = (f"<{keep}> is itself merged into <{existing[keep].keep}>: merge into that one")
    elif any(m.keep == other for m in existing.values()):
        problem = f"<{other}> has entities merged into it: merge them into <{keep}> one by one, or merge the other way"
    elif pair := _disjoint(model, store, keep, other):
        problem = (f"cannot merge <{other}> into <{keep}>: their types {model.label(pair[1])} and "
                   f"{model.label(pair[0])} are disjoint")
    if problem:
        raise InputError(Problem("kg entity merge", problem))
    document = content_iri(settings.base, "merge", str(other), str(keep))
    graph, metadata = Graph(), Graph()
    graph.add((other, OKG.mergedInto, keep))
    marking = marking_level(settings.marking, model) if settings.marking else DEFAULT_MARKING
    metadata.add((document, RDF.type, OKG.EntityMerge))
    metadata.add((document, DCTERMS.title, Literal(f"{_named(store, other)} merged into {_named(store, keep)}")))
    if note:
        metadata.add((document, DCTERMS.description, Literal(note, lang="en")))
    metadata.add((document, OKG.marking, marking))
    metadata.add((document, OKG.sourceFile, Literal("kg entity merge")))
    batch = Batch(document, graph, metadata, Path("kg entity merge"))
    return ingest_batch(store, batch, settings, on_failure="reject")


def unmerge(store: Store, settings: Settings, other: URIRef) -> Merge:
    """Undo the merge of ``other``: its merge document removed in one transaction (graph and metadata)."""
    found = merges_of(store).get(other)
    if found is None:
        raise InputError(Problem("kg entity unmerge", f"<{other}> is not merged into another entity"))
    store.replace({found.document: Graph()}, remove_subjects={URIRef(settings.graph("metadata")): [found.document]})
    return found


def _named(store: Store, entity: URIRef) -> str:
    from kg.labels import labels_of

    return labels_of(store, [entity]).get(entity, str(entity))


def carry_merges(old: Store, new: Store, settings: Settings) -> list[URIRef]:
    """Copy the merge documents of ``old`` (graph and metadata) into ``new``: ``kg build`` rebuilds the store from
    files, and a merge was made by a command, not a file; the analyst's finding is kept. The documents copied."""
    metadata = URIRef(settings.graph("metadata"))
    carried = []
    for found in merges_of(old).values():
        entries = old.construct("CONSTRUCT { ?doc ?p ?o } WHERE { GRAPH ?meta { ?doc ?p ?o } }",
                                {"meta": metadata, "doc": found.document})
        new.replace({found.document: old.graph(found.document)}, add={metadata: entries})
        carried.append(found.document)
    return carried
