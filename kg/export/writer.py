"""Writing one export: the data file in the chosen format, the ontology page, the dataset description, then the
checksums of those files, all into a fresh directory that takes the target's name when every file is complete
(``kg.export.directory``): a failing or killed export never leaves an earlier (perhaps stricter) export under the
target's name, and a target holding anything but an earlier export is refused before anything is written. RDF
formats carry the standard-vocabulary triples the ontology's alignment implies (``kg.export.alignment``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.export.atomic import atomic_write
from kg.export.checksums import write_checksums
from kg.export.description import DescriptionOptions, Distribution, write_description
from kg.export.directory import check_target, export_directory
from kg.export.formats import FORMAT_NAMES, RDF_FORMATS, STIX_FORMAT
from kg.marking import VisibleDataset, marking_level, visible_dataset
from kg.model import Model
from kg.ontodoc import ontology_html
from kg.store import Store

__all__ = ["ExportReport", "export_dataset", "export_store", "ONTOLOGY_PAGE"]

#: The ontology's documentation page shipped beside the data (kg.ontodoc; also served by kg serve at /ontology).
ONTOLOGY_PAGE = "ontology.html"


@dataclass
class ExportReport:
    """What an export wrote: the files (data, description, checksums), and how much."""

    directory: Path
    format: str
    level: URIRef
    files: list[Path] = field(default_factory=list)
    #: What interrupted earlier runs into the same directory had left beside it, removed by this one.
    removed: list[Path] = field(default_factory=list)
    quads: int = 0
    graphs: int = 0
    documents: int = 0
    seconds: float = 0.0


def _write_data(dataset: VisibleDataset, fmt: str, settings: Settings, model: Model, directory: Path) -> Distribution:
    if fmt == STIX_FORMAT.name:
        from kg.export.stix import write_stix_bundle  # the stix package's job; imported only for this format

        return Distribution(Path(write_stix_bundle(dataset, settings, model, directory)), STIX_FORMAT.media_type)
    spec = RDF_FORMATS[fmt]
    target = directory / spec.filename
    with atomic_write(target) as handle:
        spec.write(dataset, handle, settings)  # type: ignore[misc]
    return Distribution(target, spec.media_type)


def export_dataset(dataset: VisibleDataset, directory: str | Path, fmt: str, settings: Settings, model: Model,
                   options: DescriptionOptions | None = None) -> ExportReport:
    """Write ``dataset`` into ``directory`` as ``fmt`` (one of FORMAT_NAMES), with ``ontology.html``,
    ``dataset.ttl`` and ``SHA256SUMS``: a new directory, or one holding an earlier export, which is set aside first
    and removed once the new one stands in its place."""
    if fmt not in FORMAT_NAMES:
        raise QueryError(f"unknown export format '{fmt}'; one of: {', '.join(FORMAT_NAMES)}")
    started = time.perf_counter()
    directory = Path(directory)
    options = options or DescriptionOptions()
    if fmt != STIX_FORMAT.name:  # RDF for partners' stores: the standard terms the alignment implies, written out
        from kg.export.alignment import add_standard_terms

        add_standard_terms(dataset, model, settings)
    try:
        with export_directory(directory) as place:
            staging = place.staging
            data = _write_data(dataset, fmt, settings, model, staging)
            documentation = staging / ONTOLOGY_PAGE
            with atomic_write(documentation) as handle:  # the model's documentation travels with the data
                handle.write(ontology_html(model).encode("utf-8"))
            description = write_description(dataset, settings, model, [data], options, staging)
            written = [data.path, documentation, description]
            written.append(write_checksums(staging, written))
    except OSError as exc:
        raise StoreError(f"cannot write the export into {directory}: {exc}") from exc
    sizes = dataset.graph_sizes()
    return ExportReport(directory, fmt, dataset.level, [directory / path.name for path in written], place.removed,
                        sum(sizes.values()), len(sizes), len(dataset.documents), time.perf_counter() - started)


def export_store(store: Store, level: str, directory: str | Path, fmt: str, settings: Settings,
                 model: Model | None = None, options: DescriptionOptions | None = None) -> ExportReport:
    """Export what the marking ``level`` (``TLP:GREEN``, ``amber+strict``…) may see of ``store``."""
    started = time.perf_counter()
    model = model or Model.load(settings.base)
    if fmt not in FORMAT_NAMES:
        raise QueryError(f"unknown export format '{fmt}'; one of: {', '.join(FORMAT_NAMES)}")
    check_target(directory)  # before the store is read
    dataset = visible_dataset(store, marking_level(level, model), settings, model)
    report = export_dataset(dataset, directory, fmt, settings, model, options)
    report.seconds = time.perf_counter() - started
    return report
