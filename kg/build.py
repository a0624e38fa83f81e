"""``kg build``: a fresh store from the ontology, the reference data and every fact file, swapped in only when
complete, so that a failed build leaves the previous store in place."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.config import ARTICLES_DIR, Settings
from kg.errors import ValidationFailed
from kg.ingest import IngestResult, ingest_batch, read_batches
from kg.reports import as_text
from kg.validation import validate_batch
from kg.model import Model
from kg.store import EmbeddedStore

__all__ = ["BuildReport", "build", "fact_files"]


@dataclass(frozen=True)
class BuildReport:
    store_path: Path
    quads: int
    documents: list[IngestResult]


def fact_files(directory: Path = ARTICLES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


def build(settings: Settings, articles: Path = ARTICLES_DIR) -> BuildReport:
    model = Model.load(settings.base)
    batches = read_batches(fact_files(articles), model, settings)  # every file must read before the old store is touched
    target = settings.store_path
    staging = target.with_name(target.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    store = EmbeddedStore(staging)
    try:
        store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                         (URIRef(settings.graph("reference")), model.reference)])
        results = []
        for batch in batches:  # validated as kg ingest does; a failing article fails the build, nothing is swapped
            report = validate_batch(store, batch, model)
            if not report.conforms():
                raise ValidationFailed(f"{batch.source} does not conform; the store was not rebuilt\n"
                                       + as_text([report]), report)
            results.append(ingest_batch(store, batch, settings, validate=False))
        quads = len(store)
        store.flush()
    except BaseException:
        store.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        store.close()
    retired = target.with_name(target.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return BuildReport(target, quads, results)
