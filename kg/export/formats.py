"""The RDF formats of an export: each with its file name, media type, and whether it keeps the named graphs.

TriG and N-Quads keep every named graph (which document said what: provenance); Turtle and N-Triples are the
flattened view, every graph's triples in one graph (a triple in several graphs appears once); JSON-LD keeps the
graphs and is compacted with the local context (see ``kg.export.jsonld``). pyoxigraph serialises the first four
(fast, streaming into the file); statements are sorted so that the same data gives the same file, blank node labels
aside.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from typing import TYPE_CHECKING

from kg.config import Settings
from kg.vocab import PREFIXES

if TYPE_CHECKING:  # the marking code is not needed to name the formats (kg export --help)
    from kg.marking import VisibleDataset


def _write_jsonld(*args, **kwargs) -> None:
    from kg.export.jsonld import write_jsonld

    write_jsonld(*args, **kwargs)

__all__ = ["ExportFormat", "RDF_FORMATS", "STIX_FORMAT", "FORMAT_NAMES"]

Writer = Callable[["VisibleDataset", BinaryIO, Settings], None]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its ``--format`` name, the data file it writes and that file's media type."""

    name: str
    filename: str
    media_type: str
    keeps_graphs: bool
    write: Writer | None  # None: written elsewhere (STIX)


def _key(term: object) -> str:
    return str(term)


def _sorted_quads(dataset: VisibleDataset) -> list[ox.Quad]:
    return sorted(dataset.store, key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate),
                                                _key(q.object)))


def _flattened(dataset: VisibleDataset) -> list[ox.Triple]:
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in dataset.store}
    return sorted(triples, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def _oxigraph_writer(fmt: ox.RdfFormat, flatten: bool) -> Writer:
    def write(dataset: VisibleDataset, handle: BinaryIO, settings: Settings) -> None:
        statements: Iterable[ox.Quad] | Iterable[ox.Triple] = _flattened(dataset) if flatten else _sorted_quads(dataset)
        # no prefix for the instance base: pyoxigraph would escape every '/' in the local names (kg:claim\/…)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(statements, handle, fmt, prefixes=prefixes)
    return write


RDF_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("trig", "data.trig", "application/trig", True, _oxigraph_writer(ox.RdfFormat.TRIG, False)),
    ExportFormat("nquads", "data.nq", "application/n-quads", True, _oxigraph_writer(ox.RdfFormat.N_QUADS, False)),
    ExportFormat("turtle", "data.ttl", "text/turtle", False, _oxigraph_writer(ox.RdfFormat.TURTLE, True)),
    ExportFormat("ntriples", "data.nt", "application/n-triples", False,
                 _oxigraph_writer(ox.RdfFormat.N_TRIPLES, True)),
    ExportFormat("jsonld", "data.jsonld", "application/ld+json", True, _write_jsonld),
)}
#: STIX 2.1 bundles are written by the package ``kg.export.stix``; only the file's name and media type are known here.
STIX_FORMAT = ExportFormat("stix", "data.json", "application/stix+json;version=2.1", False, None)
FORMAT_NAMES: tuple[str, ...] = (*RDF_FORMATS, STIX_FORMAT.name)
