"""Partners' RDF files as batches: what ``kg validate`` checks and ``kg ingest`` writes, like a fact file.

A file's default-graph triples go to a named graph derived from the file's bytes (``{base}source/{digest}``), so the
same delivery ingested twice changes nothing; named graphs in TriG, N-Quads or JSON-LD keep their names, except the
project's own graphs (ontology, reference, metadata), which a partner file may not write. The source graph gets the
restrictive default marking until an analyst marks it otherwise."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.config import Settings
from kg.errors import InputError, Problem
from kg.factfile import Batch
from kg.factfile.convert import DEFAULT_MARKING
from kg.rdfinput import RDF_FORMATS, read_rdf
from kg.vocab import OKG

__all__ = ["read_partner_file", "is_rdf_file", "RESERVED_GRAPHS"]

#: The project's own graphs, which only ``kg build`` and the fact-file reader write.
RESERVED_GRAPHS = ("ontology", "reference", "metadata")

_SUBJECT = re.compile(r"^\s*<([^>]*)>")


def is_rdf_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in RDF_FORMATS


def _subject_lines(path: Path) -> dict[URIRef, int]:
    """For line-based formats (N-Triples, N-Quads): the first line each subject IRI appears on."""
    lines: dict[URIRef, int] = {}
    if path.suffix.lower() not in (".nt", ".nq"):
        return lines
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if match := _SUBJECT.match(line):
                lines.setdefault(URIRef(match.group(1)), number)
    return lines


def read_partner_file(path: str | Path, settings: Settings) -> Batch:
    """Read one RDF file as a batch; raises InputError if it is unreadable or writes a reserved graph."""
    path = Path(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        digest = None
    document = URIRef(f"{settings.base}source/{(digest or '0' * 20)[:20]}")
    rdf = read_rdf(path, default_graph=document)  # raises for unreadable input before the digest matters
    reserved = {URIRef(settings.graph(name)) for name in RESERVED_GRAPHS}
    named: dict[URIRef, Graph] = {}
    source_graph = Graph()
    problems = []
    for graph in rdf.dataset.graphs():
        if not len(graph):
            continue
        name = graph.identifier
        if name in reserved:
            problems.append(Problem(str(path), f"writes to the project's own graph <{name}>; partner data goes to "
                                               f"its own graphs"))
        elif name == document:
            source_graph = graph
        elif isinstance(name, URIRef):
            named[name] = graph
    if problems:
        raise InputError(problems)
    metadata = Graph()
    metadata.add((document, RDF.type, OKG.Document))
    metadata.add((document, DCTERMS.title, Literal(f"RDF delivery {path.name}")))
    metadata.add((document, OKG.sourceFile, Literal(path.name)))
    metadata.add((document, OKG.marking, DEFAULT_MARKING))
    return Batch(document, source_graph, metadata, path, _subject_lines(path), {path.name: path.resolve()},
                 named=named, digest=digest)
