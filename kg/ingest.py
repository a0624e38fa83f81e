"""Batches into the store: each document's triples replace its named graph, and its metadata its entries in the
metadata graph, in one transaction. Content-derived IRIs and a content digest make re-ingesting a no-op."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.errors import FactFileError, InputError
from kg.factfile import Batch, FactFileReader
from kg.model import Model
from kg.store import Store
from kg.vocab import OKG

__all__ = ["IngestResult", "content_digest", "ingest_batch", "read_batches", "ingest_files"]


@dataclass(frozen=True)
class IngestResult:
    document: URIRef
    source: Path
    status: str  # "added", "updated" or "unchanged"
    triples: int


def content_digest(batch: Batch) -> str:
    """SHA-256 over the batch's sorted N-Triples (no blank nodes are minted, so this is canonical)."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for graph in (batch.graph, batch.metadata) for s, p, o in graph)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def ingest_batch(store: Store, batch: Batch, settings: Settings, now: dt.datetime | None = None) -> IngestResult:
    """Write one document atomically; returns whether it was added, updated or already there unchanged."""
    metadata_graph = URIRef(settings.graph("metadata"))
    digest = content_digest(batch)
    existing = store.select(
        f"SELECT ?digest WHERE {{ GRAPH ?meta {{ ?doc <{OKG.contentDigest}> ?digest }} }}",
        {"meta": metadata_graph, "doc": batch.document},
    )
    if any(str(row[0]) == digest for row in existing.rows):
        return IngestResult(batch.document, batch.source, "unchanged", 0)
    metadata = Graph()
    for triple in batch.metadata:
        metadata.add(triple)
    recorded = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    metadata.add((batch.document, OKG.contentDigest, Literal(digest)))
    metadata.add((batch.document, OKG.recordedAt, Literal(recorded.isoformat(), datatype=XSD.dateTime)))
    store.replace({batch.document: batch.graph}, remove_subjects={metadata_graph: [batch.document]},
                  add={metadata_graph: metadata})
    return IngestResult(batch.document, batch.source, "updated" if existing.rows else "added",
                        len(batch.graph) + len(metadata))


def read_batches(paths: Iterable[str | Path], model: Model) -> list[Batch]:
    """Read every fact file before anything is written: one bad file stops the whole run, listing all problems."""
    reader = FactFileReader(model)
    batches, problems = [], []
    for path in paths:
        try:
            batches.append(reader.read(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise FactFileError(problems)
    return batches


def ingest_files(store: Store, paths: Iterable[str | Path], settings: Settings) -> list[IngestResult]:
    model = Model.load(settings.base)
    return [ingest_batch(store, batch, settings) for batch in read_batches(paths, model)]
