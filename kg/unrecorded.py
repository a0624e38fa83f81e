"""Named graphs the store holds without a record: not one of the project's fixed graphs (``{base}graph/…``: the
ontology, the reference data, the metadata, the shapes, the gazetteer) and not a document the metadata graph records
(ingested with a content digest and a marking). ``kg build --rdf`` loads such graphs as trusted bulk data.

Without a record a graph has no marking, so an export cannot tell which partners may see it, and no document to
validate it as. Both commands leave such graphs out, and both say so (never a silent drop): this is the one place
that decides which graphs those are."""

from __future__ import annotations

from rdflib import URIRef

from kg.config import Settings
from kg.store.base import Store
from kg.vocab import OKG

__all__ = ["recorded_documents", "unrecorded_graphs", "unrecorded_note"]


def recorded_documents(store: Store, settings: Settings) -> list[URIRef]:
    """The documents the metadata graph records (those with a content digest), sorted: what ``kg validate --all``
    revalidates."""
    return [row[0] for row in store.select(
        "SELECT DISTINCT ?doc WHERE { GRAPH ?meta { ?doc ?digest ?value } } ORDER BY ?doc",
        {"meta": URIRef(settings.graph("metadata")), "digest": OKG.contentDigest}).rows]


def unrecorded_graphs(store: Store, settings: Settings) -> list[URIRef]:
    """The store's named graphs without a record, sorted."""
    recorded = set(recorded_documents(store, settings))
    fixed = settings.graph("")
    return sorted(name for name in store.graph_names() if name not in recorded and not str(name).startswith(fixed))


def unrecorded_note(graphs: list[URIRef], what: str, shown: int = 3) -> str | None:
    """The note a command prints for ``graphs`` it ``what`` ('not exported'), or None when there are none."""
    if not graphs:
        return None
    names = ", ".join(str(g) for g in graphs[:shown]) + (f" and {len(graphs) - shown} more" if len(graphs) > shown else "")
    return (f"note: {len(graphs)} graph(s) {what}: they have no metadata record, so no marking (bulk-loaded by kg "
            f"build --rdf): {names}. Ingest them as documents (kg ingest) to mark and validate them.")
