"""Batches into the store: each document's triples replace its named graph, and its metadata its entries in the
metadata graph, in one transaction. Content-derived IRIs and a content digest make re-ingesting a no-op.

The gate: a batch is validated in the context of the store (kg.validation) before it is written; one that does
not conform is not written but quarantined with its report (kg.quarantine). Fact files and partners' RDF files
take the same path."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.errors import FactFileError, InputError, Problem
from kg.batch import DEFAULT_MARKING, Batch
from kg.event_matches import event_notes
from kg.factfile import FactFileReader, is_entity_file
from kg.marking import marking_level
from kg.model import Model
from kg.partner import check_graph_ownership, is_rdf_file, read_partner_file
from kg.quarantine import Quarantine, QuarantineEntry
from kg.relays import report_index
from kg.reports import as_text, as_turtle
from kg.resolve import StoreNames, reference_names, shadowed_names
from kg.store import Store
from kg.validation import ValidationReport, validate_batch
from kg.visibility import Ranks
from kg.vocab import OKG

__all__ = ["IngestResult", "content_digest", "ingest_batch", "read_batches", "ingest_files"]


@dataclass(frozen=True)
class IngestResult:
    document: URIRef
    source: Path
    status: str  # "added", "updated", "unchanged", "quarantined" or "rejected" (not written, nor quarantined)
    triples: int
    report: ValidationReport | None = None  # None when the batch was unchanged (nothing to validate)
    quarantine: QuarantineEntry | None = None
    declassified_from: URIRef | None = None  # the stricter marking the document had, when --declassify lowered it
    notes: tuple[str, ...] = ()  # what the user should know about what was written (kg.resolve.shadowed_names)


def _name_notes(batch: Batch, model: Model) -> tuple[str, ...]:
    """A note for each label of the batch that the reference data gives to another entity."""
    return tuple(f"'{label}' labels {entity}, but the reference data gives that name to "
                 f"{', '.join(sorted(keepers))}: by that name queries find "
                 f"{'it' if len(keepers) == 1 else 'those'}; name {entity} by its IRI"
                 for label, entity, keepers in shadowed_names(batch.graphs.values(), reference_names(model)))


def content_digest(batch: Batch) -> str:
    """SHA-256 over the batch's sorted N-Triples (fact files mint no blank nodes, so this is canonical), unless the
    reader fixed one."""
    if batch.digest:
        return batch.digest
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for graph in (batch.graph, batch.metadata) for s, p, o in graph)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _lowered_marking(store: Store, batch: Batch, metadata_graph: URIRef, ranks: Ranks) -> URIRef | None:
    """The document's stored marking when the batch would lower it (by the strictest-wins rule), else None."""
    stored = [m for (m,) in store.select("SELECT ?marking WHERE { GRAPH ?meta { ?doc ?p ?marking } }",
                                         {"meta": metadata_graph, "doc": batch.document, "p": OKG.marking}).rows]
    if not stored:
        return None
    before = ranks.combined(stored)
    if ranks.combined(batch.metadata.objects(batch.document, OKG.marking)) < before:
        return ranks.marking_of.get(before)
    return None


def _log_declassification(settings: Settings, batch: Batch, before: URIRef, now: dt.datetime) -> None:
    after = sorted(str(m) for m in batch.metadata.objects(batch.document, OKG.marking))
    entry = {"time": now.isoformat(), "act": "declassify", "document": str(batch.document), "from": str(before),
             "to": after, "source": str(batch.source), "user": getpass.getuser()}
    with open(settings.audit_log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")
        log.flush()
        os.fsync(log.fileno())


def ingest_batch(store: Store, batch: Batch, settings: Settings, now: dt.datetime | None = None, *,
                 validate: bool = True, quarantine: Quarantine | None = None, strict: bool = False,
                 declassify: bool = False, on_failure: str = "quarantine") -> IngestResult:
    """The gate, the one place where a batch is validated and then written or held back: validate it in the context
    of the store and write it atomically, or, when it does not conform (with ``strict``, warnings count too),
    quarantine it (``on_failure="quarantine"``: ``kg ingest``) or hand its report back unwritten (``"reject"``:
    ``kg build``, ``kg quarantine retry``, which say what follows). Returns whether it was added, updated, already
    there unchanged, quarantined or rejected; ``validate=False`` is for trusted bulk data only (benchmarks).

    A batch that would lower its document's marking (a TLP:CLEAR file reusing a RED document's ``id``) is refused
    unless ``declassify`` is given: then it is written and the act is logged (``Settings.audit_log_path``)."""
    metadata_graph = URIRef(settings.graph("metadata"))
    digest = content_digest(batch)
    existing = store.select(
        f"SELECT ?digest WHERE {{ GRAPH ?meta {{ ?doc <{OKG.contentDigest}> ?digest }} }}",
        {"meta": metadata_graph, "doc": batch.document},
    )
    if any(str(row[0]) == digest for row in existing.rows):
        return IngestResult(batch.document, batch.source, "unchanged", 0)
    check_graph_ownership(store, batch, settings)  # a partner file writes only graphs it owns: nothing is written
    model = Model.load(settings.base)
    ranks = Ranks(model)
    lowered = _lowered_marking(store, batch, metadata_graph, ranks)
    if lowered is not None and not declassify:
        after = ranks.marking_of[ranks.combined(batch.metadata.objects(batch.document, OKG.marking))]
        raise InputError(Problem(str(batch.source), f"would lower the marking of {batch.document} from "
                                                    f"{ranks.notation[lowered]} to {ranks.notation[after]}; a "
                                                    f"marking is lowered on purpose only, with --declassify"))
    report = None
    if validate:
        report = validate_batch(store, batch, model)
        if not report.conforms(strict):
            if on_failure == "reject":
                return IngestResult(batch.document, batch.source, "rejected", 0, report)
            entry = (quarantine or Quarantine(settings.quarantine_path)).add(
                batch.source, batch.inputs, as_text([report], strict), as_turtle([report]), report.violations,
                report.warnings, str(batch.document), now)
            return IngestResult(batch.document, batch.source, "quarantined", 0, report, entry)
    metadata = Graph()
    for triple in batch.metadata:
        metadata.add(triple)
    for triple in report_index(batch.graphs, batch.metadata):  # derived from the content: the digest covers it
        metadata.add(triple)
    recorded = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    metadata.add((batch.document, OKG.contentDigest, Literal(digest)))
    metadata.add((batch.document, OKG.recordedAt, Literal(recorded.isoformat(), datatype=XSD.dateTime)))
    if lowered is not None:
        _log_declassification(settings, batch, lowered, recorded)  # logged before it is done: never undocumented
    notes = _name_notes(batch, model) + tuple(event_notes(store, batch))  # before the write: what was there
    store.replace(batch.graphs, remove_subjects={metadata_graph: [batch.document, *sorted(batch.named)]},
                  add={metadata_graph: metadata})
    return IngestResult(batch.document, batch.source, "updated" if existing.rows else "added",
                        sum(map(len, batch.graphs.values())) + len(metadata), report, declassified_from=lowered,
                        notes=notes)


def read_batches(paths: Iterable[str | Path], model: Model, settings: Settings | None = None,
                 store: Store | None = None) -> list[Batch]:
    """Read every input (fact files and entity files, and RDF files by their extension) before anything is written:
    one unreadable file stops the whole run, listing every problem in every file. Entity files are read first, and
    each file may name the entities of the files read before it (``kg ingest entities.yaml story.yaml``); with
    ``store``, also what it holds beyond the reference data (a partner's entities, another document's). The batches
    come in that order, so that each is validated in the context of those before it."""
    settings = settings or Settings.from_env(base=model.base)
    marking = marking_level(settings.marking, model) if settings.marking else DEFAULT_MARKING  # the workspace's
    names = StoreNames(store, settings.graph("reference"))
    reader = FactFileReader(model, marking, names)
    batches, problems, fact_file_problems_only = [], [], True
    paths = [Path(p) for p in paths]
    for path in sorted(paths, key=lambda p: not is_entity_file(p)):  # a stable sort: the order given, entities first
        try:
            if is_rdf_file(path):
                batches.append(read_partner_file(path, settings, marking))
            else:
                batches.append(reader.read(path))
                names.add_pending(batches[-1].graph)
        except InputError as exc:
            problems.extend(exc.problems)
            fact_file_problems_only &= isinstance(exc, FactFileError)
    if problems:
        raise (FactFileError if fact_file_problems_only else InputError)(problems)
    return batches


def ingest_files(store: Store, paths: Iterable[str | Path | Batch], settings: Settings, *, validate: bool = True,
                 strict: bool = False, declassify: bool = False) -> list[IngestResult]:
    """Read every input (paths, or batches already read), then validate and write (or quarantine) each batch in
    turn."""
    model = Model.load(settings.base)
    quarantine = Quarantine(settings.quarantine_path)
    items = list(paths)
    batches = [i for i in items if isinstance(i, Batch)] + read_batches(
        [i for i in items if not isinstance(i, Batch)], model, settings, store)
    return [ingest_batch(store, batch, settings, validate=validate, quarantine=quarantine, strict=strict,
                         declassify=declassify) for batch in batches]
