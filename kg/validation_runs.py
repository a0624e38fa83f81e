"""Validation runs: files checked against the current store (``kg validate PATH...``) and every document of the
store checked again (``kg validate --all``), one batch at a time so that memory and time follow the batch."""

from __future__ import annotations

import dataclasses

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import Graph, URIRef

from kg.config import Settings
from kg.batch import Batch
from kg.event_matches import event_notes
from kg.ingest import read_batches
from kg.model import Model
from kg.store import EmbeddedStore, Store
from kg.store.updates import ENTRIES_TEMPLATE, entries_pattern
from kg.unrecorded import recorded_documents
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
    with context_store(settings, model) as store:
        batches = read_batches(paths, model, settings, store)  # names the store gives count, as at ingest
        reports, written = [], Graph()  # what the earlier files will have written, each file's graphs added once
        for number, batch in enumerate(batches):  # each in the context the earlier files would give it once written
            earlier = written
            if any(other.document == batch.document for other in batches[:number]):  # (rare) a file of the same
                earlier = Graph()  # document is replaced by this one, as ingest would replace it: not its context
                for other in batches[:number]:
                    if other.document != batch.document:
                        for graph in other.graphs.values():
                            earlier += graph
            report = validate_batch(store, batch, model, earlier if len(earlier) else None)
            for graph in batch.graphs.values():
                written += graph
            reports.append(dataclasses.replace(report, notes=tuple(event_notes(store, batch))))
        return reports


def _validate_stored(store: Store, document: URIRef, metadata_graph: URIRef, model: Model) -> ValidationReport:
    """A stored document checked as if it were ingested again: its graph and metadata, the rest as context."""
    metadata = store.construct(f"CONSTRUCT {{ {ENTRIES_TEMPLATE} }} WHERE {{ {entries_pattern('?meta', '?doc')} }}",
                               {"meta": metadata_graph, "doc": document})
    source = next((str(o) for o in metadata.objects(document, OKG.sourceFile)), f"<{document}>")
    batch = Batch(document, store.graph(document), metadata, Path(source))
    return validate_graph(store, batch.data(), model, source, replaced_graphs=[document],
                          replaced_subjects=[document], document=str(document))


#: Documents per worker process below which ``validate_store`` stays in one process (starting one costs ~2 s).
DOCUMENTS_PER_PROCESS = 100
_worker: tuple[Store, URIRef, Model] | None = None


def _start_worker(settings: Settings) -> None:
    global _worker
    _worker = (EmbeddedStore(Path(settings.store_path), read_only=True), URIRef(settings.graph("metadata")),
               Model.load(settings.base))


def _validate_in_worker(document: URIRef) -> ValidationReport:
    assert _worker is not None, "the worker was not started"
    store, metadata_graph, model = _worker
    return _validate_stored(store, document, metadata_graph, model)


def _processes(jobs: int | None, documents: int) -> int:
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(os.cpu_count() or 1, documents // DOCUMENTS_PER_PROCESS))


def validate_store(settings: Settings, progress: Callable[[int, int], None] | None = None,
                   jobs: int | None = None, phase: Callable[[str], None] | None = None) -> list[ValidationReport]:
    """Every ingested document (its graph and metadata, in the context of the rest), then the reference data.

    Documents are independent of each other, so ``jobs`` processes validate them side by side, each on its own
    read-only view of the store (default: one per core, for stores of at least 100 documents per process).
    ``progress(done, total)`` counts documents; ``phase(text)`` is told each step as it begins."""
    phase = phase or (lambda text: None)
    phase("loading the model and the shapes")
    model = Model.load(settings.base)
    metadata_graph = URIRef(settings.graph("metadata"))
    with EmbeddedStore(Path(settings.store_path), read_only=True) as store:
        documents = recorded_documents(store, settings)
        total = len(documents) + 1
        reports: list[ValidationReport] = []
        processes = _processes(jobs, len(documents))
        phase(f"validating {len(documents)} document(s) in the context of the store, in {processes} process(es)"
              + (" (starting them takes a few seconds)" if processes > 1 else ""))
        if progress:
            progress(0, total)
        if processes == 1:
            outcomes: Iterable[ValidationReport] = (
                _validate_stored(store, document, metadata_graph, model) for document in documents)
            pool = None
        else:  # spawned, not forked: the parent holds an open store
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(settings,))
            outcomes = pool.map(_validate_in_worker, documents, chunksize=8)
        try:
            for done, report in enumerate(outcomes, start=1):
                reports.append(report)
                if progress:
                    progress(done, total)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        phase("validating the reference data")
        reference = URIRef(settings.graph("reference"))
        reports.append(validate_graph(store, store.graph(reference), model, "reference data",
                                      replaced_graphs=[reference]))
        gazetteer = URIRef(settings.graph("gazetteer"))
        if store.contains_graph(gazetteer):  # the packaged towns kg build loaded (kg.gazetteer)
            phase("validating the gazetteer")
            reports.append(validate_graph(store, store.graph(gazetteer), model, "gazetteer",
                                          replaced_graphs=[gazetteer]))
        if progress:
            progress(total, total)
        return reports
