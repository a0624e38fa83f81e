"""Validation runs: files checked against the current store (``kg validate PATH...``) and every document of the
store checked again (``kg validate --all``), one batch at a time so that memory and time follow the batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import URIRef

from kg.config import Settings
from kg.factfile import Batch
from kg.ingest import read_batches
from kg.model import Model
from kg.store import EmbeddedStore, Store
from kg.validation import ValidationReport, validate_batch, validate_graph
from kg.vocab import OKG

__all__ = ["validate_paths", "validate_store", "context_store"]


def context_store(settings: Settings, model: Model) -> Store:
    """The store to validate against: the current one, read-only; or, before the first build, an in-memory store
    holding the model, so that a file can be checked on a fresh checkout."""
    path = Path(settings.store_path)
    if path.exists():
        return EmbeddedStore(path, read_only=True)
    store = EmbeddedStore(None)
    store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                     (URIRef(settings.graph("reference")), model.reference)])
    return store


def validate_paths(paths: Iterable[str | Path], settings: Settings) -> list[ValidationReport]:
    """Read every file (InputError if any is unreadable), then validate each in the store's context."""
    model = Model.load(settings.base)
    batches = read_batches(paths, model, settings)
    with context_store(settings, model) as store:
        return [validate_batch(store, batch, model) for batch in batches]


def _validate_stored(store: Store, document: URIRef, metadata_graph: URIRef, model: Model) -> ValidationReport:
    """A stored document checked as if it were ingested again: its graph and metadata, the rest as context."""
    # the document's entries and the nodes below it that they link to (its publication time), looked up from the
    # document: filtering every subject of the metadata graph made the whole run quadratic in the documents
    metadata = store.construct(
        "CONSTRUCT { ?doc ?p ?o . ?part ?q ?v } WHERE { GRAPH ?meta { ?doc ?p ?o "
        "OPTIONAL { ?doc ?link ?part . ?part ?q ?v FILTER(STRSTARTS(STR(?part), CONCAT(STR(?doc), \"/\"))) } } }",
        {"meta": metadata_graph, "doc": document})
    source = next((str(o) for o in metadata.objects(document, OKG.sourceFile)), f"<{document}>")
    batch = Batch(document, store.graph(document), metadata, Path(source))
    return validate_graph(store, batch.data(), model, source, replaced_graphs=[document],
                          replaced_subjects=[document], document=str(document))


def validate_store(settings: Settings, progress: Callable[[int, int], None] | None = None) -> list[ValidationReport]:
    """Every ingested document (its graph and metadata, in the context of the rest), then the reference data."""
    model = Model.load(settings.base)
    metadata_graph = URIRef(settings.graph("metadata"))
    with EmbeddedStore(Path(settings.store_path), read_only=True) as store:
        documents = [row[0] for row in store.select(
            "SELECT DISTINCT ?doc WHERE { GRAPH ?meta { ?doc ?digest ?value } } ORDER BY ?doc",
            {"meta": metadata_graph, "digest": OKG.contentDigest}).rows]
        total = len(documents) + 1
        reports = []
        for done, document in enumerate(documents, start=1):
            reports.append(_validate_stored(store, document, metadata_graph, model))
            if progress:
                progress(done, total)
        reference = URIRef(settings.graph("reference"))
        reports.append(validate_graph(store, store.graph(reference), model, "reference data",
                                      replaced_graphs=[reference]))
        if progress:
            progress(total, total)
        return reports
