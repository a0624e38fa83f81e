"""``kg build``: a fresh store from the ontology, the reference data and every fact file, swapped in only when
complete, so that a failed build leaves the previous store in place.

``kg build --rdf FILE_OR_DIR`` also loads RDF corpora (N-Quads, N-Triples, Turtle, TriG) with the store's bulk loader,
streaming from disk. They are trusted bulk data: loaded as they are, not validated batch by batch as fact files and
``kg ingest`` are (``kg validate --all`` revalidates the built store). Named graphs keep their names; a file's
default-graph triples go to the graph ``{base}source/{digest}`` with metadata, as ``kg ingest`` would put them; the
project's own ontology and reference graphs come from ontology/ only."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.config import Settings
from kg.errors import InputError, Problem, StoreError, ValidationFailed
from kg.batch import DEFAULT_MARKING, Batch
from kg.ingest import IngestResult, ingest_batch, read_batches
from kg.rebuild_guard import graphs_lost
from kg.reports import as_text
from kg.model import Model
from kg.store import EmbeddedStore
from kg.store.embedded import BULK_FORMATS, bulk_format
from kg.store.lock import StoreLock
from kg.vocab import OKG

__all__ = ["BuildReport", "build", "fact_files", "rdf_files"]

#: The project's graphs that only the model files write (a corpus may carry its documents' metadata graph).
MODEL_GRAPHS = ("ontology", "reference", "gazetteer")
_TRIPLE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE)


@dataclass(frozen=True)
class BuildReport:
    store_path: Path
    quads: int
    documents: list[IngestResult]
    rdf_files: list[Path] = field(default_factory=list)
    rdf_bytes: int = 0
    seconds: float = 0.0  # the whole build, from reading the inputs to the swap
    load_seconds: float = 0.0  # of which loading the RDF files
    discarded: list[str] = field(default_factory=list)  # documents of the old store dropped (with --discard only)


def fact_files(directory: Path | None) -> list[Path]:
    """The fact files in ``directory`` (none for None); InputError when the folder is missing, since a build from a
    folder that is not there would silently hold no documents."""
    if directory is None:
        return []
    if not Path(directory).is_dir():
        raise InputError(f"the fact-file folder {directory} does not exist", file=directory)
    return sorted(Path(directory).glob("*.yaml")) + sorted(Path(directory).glob("*.yml"))


def rdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """The RDF files to bulk-load: each file given, and every file with a bulk-loadable extension under each
    directory given (sorted). InputError for a missing path, a file of another format or a directory with none."""
    files, problems = [], []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in BULK_FORMATS and p.is_file())
            if not found:
                problems.append(Problem(str(path), f"no RDF file ({', '.join(BULK_FORMATS)}) in this directory"))
            files += found
        elif path.is_file():
            try:
                bulk_format(path)
                files.append(path)
            except InputError as exc:
                problems += exc.problems
        else:
            problems.append(Problem(str(path), "no such file or directory"))
    if problems:
        raise InputError(problems)
    return files


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(2**22):
            digest.update(chunk)
    return digest.hexdigest()


def _load_rdf(store: EmbeddedStore, files: list[Path], settings: Settings, now: dt.datetime,
              progress: Callable[[int, int], None] | None) -> None:
    """Bulk-load the files; a file's default-graph triples go to its source graph, described in the metadata graph
    as kg ingest describes a partner file."""
    total = sum(path.stat().st_size for path in files)
    done = 0
    metadata = Graph()
    for number, path in enumerate(files):
        rdf_format = bulk_format(path)
        # triple formats: every triple lands in the source graph, named by the file's digest up front; quad formats
        # rarely have default-graph triples, so they go to a placeholder graph renamed only if it is used
        digest = _digest(path) if rdf_format in _TRIPLE_FORMATS else None
        target = URIRef(f"{settings.base}source/{digest[:20]}" if digest else
                        f"{settings.base}source/loading-{number}")
        store.load_file(path, rdf_format, to_graph=target,
                        progress=(lambda n, before=done: progress(before + n, total)) if progress else None)
        done += path.stat().st_size
        if store.contains_graph(target):
            if digest is None:
                digest = _digest(path)
                source = URIRef(f"{settings.base}source/{digest[:20]}")
                store.rename_graph(target, source)
                target = source
            for triple in ((target, RDF.type, OKG.Document),
                           (target, DCTERMS.title, Literal(f"RDF delivery {path.name}")),
                           (target, OKG.sourceFile, Literal(path.name)),
                           (target, OKG.marking, DEFAULT_MARKING),
                           (target, OKG.contentDigest, Literal(digest)),
                           (target, OKG.recordedAt, Literal(now.isoformat(), datatype=XSD.dateTime))):
                metadata.add(triple)
    for name in MODEL_GRAPHS:
        if store.contains_graph(URIRef(settings.graph(name))):
            raise InputError(Problem(", ".join(map(str, files)), f"writes to the project's own graph "
                                     f"<{settings.graph(name)}>; the model is loaded from ontology/ only"))
    if len(metadata):
        store.bulk_load([(URIRef(settings.graph("metadata")), metadata)])


def build(settings: Settings, articles: Path | None = None, rdf: Iterable[str | Path] = (),
          progress: Callable[[int, int], None] | None = None,
          phase: Callable[[str], None] | None = None, discard: bool = False) -> BuildReport:
    """Build the store from the model, the RDF files or directories in ``rdf`` (bulk-loaded, not validated), the
    workspace's entity files and the fact files in ``articles`` (default: the settings' folder, the workspace's or the
    checkout's; each validated in the context of everything loaded before it, and naming any entity it holds), in a
    staging directory that replaces the store only when complete; a file that does not read or conform stops it.
    ``progress(bytes_done, bytes_total)`` follows the RDF load; ``phase(text)`` is told each step as it begins.

    A store that holds documents the build would not rebuild (ingested from elsewhere: kg.rebuild_guard) is not
    replaced: StoreError names them and the store stays as it was, unless ``discard``; the report then lists them."""
    started = time.perf_counter()
    phase = phase or (lambda text: None)
    phase("loading the model")
    model = Model.load(settings.base)
    files = rdf_files(rdf)  # every input must be there and read before the old store is touched
    folder = articles if articles is not None else settings.articles
    entity_folder = settings.entities if settings.entities is not None and settings.entities.is_dir() else None
    inputs = _Inputs(fact_files(entity_folder), fact_files(folder), folder)  # every file must be there
    target = settings.store_path
    with StoreLock(target):  # no other writer may have the store open while it is replaced
        return _build_locked(settings, model, target, files, inputs, progress, started, phase, discard)


@dataclass(frozen=True)
class _Inputs:
    """The YAML files a build ingests: entity files first, then fact files, read against the staging store as it
    stands (reference data and RDF loaded), each file naming the entities of those read before it."""

    entity_files: list[Path]
    fact_files: list[Path]
    folder: Path | None

    def ingest(self, store: EmbeddedStore, model: Model, settings: Settings,
               phase: Callable[[str], None]) -> list[IngestResult]:
        phase(f"reading the fact files in {self.folder}" if self.folder is not None else "no fact files to read")
        batches = read_batches(self.entity_files + self.fact_files, model, settings, store)  # all before any write
        if batches:
            phase(f"validating and writing {len(batches)} fact file(s), each in the context of the store")
        return _ingest_all(store, batches, settings)


def _ingest_all(store: EmbeddedStore, batches: list[Batch], settings: Settings) -> list[IngestResult]:
    """Through the gate as kg ingest; a failing file fails the build, and nothing is swapped in."""
    results = []
    for batch in batches:
        result = ingest_batch(store, batch, settings, on_failure="reject")
        if result.status == "rejected":
            raise ValidationFailed(f"{batch.source} does not conform; the store was not rebuilt\n"
                                   + as_text([result.report]), result.report)
        results.append(result)
    return results


def _build_locked(settings: Settings, model: Model, target: Path, files: list[Path], inputs: _Inputs,
                  progress: Callable[[int, int], None] | None, started: float,
                  phase: Callable[[str], None], discard: bool) -> BuildReport:
    staging = target.with_name(target.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    store = EmbeddedStore(staging, lock=False)
    try:
        loading = time.perf_counter()
        if files:
            size = sum(path.stat().st_size for path in files) / 2**20
            phase(f"loading {len(files)} RDF file(s), {size:,.1f} MiB, with the bulk loader")
            _load_rdf(store, files, settings, dt.datetime.now(dt.timezone.utc).replace(microsecond=0), progress)
        loaded = time.perf_counter() - loading
        phase("loading the ontology and the reference data")
        store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                         (URIRef(settings.graph("reference")), model.reference)])
        if settings.gazetteer:
            phase(f"loading the gazetteer: {', '.join(settings.gazetteer)}, towns of at least "
                  f"{settings.gazetteer_population:,} inhabitants (GeoNames, pycountry)")
            from kg.gazetteer import gazetteer_graph

            store.bulk_load([(URIRef(settings.graph("gazetteer")),
                              gazetteer_graph(model, settings.gazetteer, settings.gazetteer_population))])
        results = inputs.ingest(store, model, settings, phase)
        if target.exists():
            from kg.merges import carry_merges

            try:
                with EmbeddedStore(target, read_only=True) as old:
                    if carried := carry_merges(old, store, settings):
                        phase(f"keeping {len(carried)} entity merge(s) of the old store (kg entity merge)")
            except StoreError:
                pass  # an unreadable old store: the guard below says so
        phase("counting the quads and flushing the store to disk")
        quads = len(store)
        store.flush()
        discarded: list[str] = []
        if target.exists():
            phase("checking that the new store holds every document of the old one")
            names = {path.name for path in files} | {Path(result.source).name for result in results}
            try:
                discarded = graphs_lost(target, store.graph_names(), settings, names)
            except StoreError:
                if not discard:
                    raise
                discarded = [f"whatever the unreadable store at {target} held"]
            if discarded and not discard:
                raise StoreError(f"the store at {target} holds {len(discarded)} document(s) this build would not "
                                 "rebuild (ingested from elsewhere), so it was left as it was:\n  "
                                 + "\n  ".join(discarded) + "\nput their files in the fact-file folder or give them "
                                 "with --rdf, or run 'kg build --discard' to drop them")
    except BaseException:
        store.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        store.close()
    phase(f"swapping the new store in at {target}")
    retired = target.with_name(target.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return BuildReport(target, quads, results, files, sum(path.stat().st_size for path in files),
                       time.perf_counter() - started, loaded, discarded)
