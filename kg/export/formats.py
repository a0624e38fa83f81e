"""The RDF formats of an export: each with its file name, media type, and whether it keeps the named graphs.

TriG and N-Quads keep every named graph (which document said what: provenance); Turtle and N-Triples are the
flattened view, every graph's triples in one graph (a triple in several graphs appears once); JSON-LD keeps the
graphs and is compacted with the local context (see ``kg.export.jsonld``). pyoxigraph serialises the first four
(fast, streaming into the file); statements are sorted so that the same data gives the same file, blank node labels
aside.

Light at import: naming the formats (``kg export --help``, ``kg --help``) loads neither pyoxigraph, the vocabulary nor
the marking code; each writer imports what it needs when it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from kg.config import Settings

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.marking import VisibleDataset

__all__ = ["ExportFormat", "RDF_FORMATS", "STIX_FORMAT", "FORMAT_NAMES"]


def _write_jsonld(*args, **kwargs) -> None:
    from kg.export.jsonld import write_jsonld

    write_jsonld(*args, **kwargs)

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


def _sorted_quads(dataset: VisibleDataset) -> list["ox.Quad"]:
    return sorted(dataset.store, key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate),
                                                _key(q.object)))


def _flattened(dataset: VisibleDataset) -> list["ox.Triple"]:
    import pyoxigraph as ox

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in dataset.store}
    return sorted(triples, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def _oxigraph_writer(format_name: str, flatten: bool) -> Writer:
    """A writer of pyoxigraph's ``RdfFormat.<format_name>``."""
    def write(dataset: VisibleDataset, handle: BinaryIO, settings: Settings) -> None:
        import pyoxigraph as ox

        from kg.vocab import PREFIXES

        fmt = getattr(ox.RdfFormat, format_name)
        statements: Iterable[ox.Quad] | Iterable[ox.Triple] = _flattened(dataset) if flatten else _sorted_quads(dataset)
        # no prefix for the instance base: pyoxigraph would escape every '/' in the local names (kg:claim\/…)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(statements, handle, fmt, prefixes=prefixes)
    return write


RDF_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("trig", "data.trig", "application/trig", True, _oxigraph_writer("TRIG", False)),
    ExportFormat("nquads", "data.nq", "application/n-quads", True, _oxigraph_writer("N_QUADS", False)),
    ExportFormat("turtle", "data.ttl", "text/turtle", False, _oxigraph_writer("TURTLE", True)),
    ExportFormat("ntriples", "data.nt", "application/n-triples", False,
                 _oxigraph_writer("N_TRIPLES", True)),
    ExportFormat("jsonld", "data.jsonld", "application/ld+json", True, _write_jsonld),
)}
#: STIX 2.1 bundles are written by the package ``kg.export.stix``; only the file's name and media type are known here.
STIX_FORMAT = ExportFormat("stix", "data.json", "application/stix+json;version=2.1", False, None)
FORMAT_NAMES: tuple[str, ...] = (*RDF_FORMATS, STIX_FORMAT.name)
