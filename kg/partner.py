"""Partners' RDF files as batches: what ``kg validate`` checks and ``kg ingest`` writes, like a fact file.

A file's default-graph triples go to a named graph derived from the file's bytes (``{base}source/{digest}``), so the
same delivery ingested twice changes nothing; named graphs in TriG, N-Quads or JSON-LD keep their names, except the
project's own graphs (ontology, reference, metadata), which a partner file may not write. The source graph gets the
restrictive default marking until an analyst marks it otherwise.

A partner file writes only graphs it owns (``check_graph_ownership``, at the ingest gate): its own source graph, and
named graphs that are new to the store or that an earlier delivery of a file of the same name created (the metadata
graph records each named graph's delivery: ``graph dcterms:isPartOf source``). Never a document's graph — a fact
file's, another delivery's source graph — and never a named graph another delivery created."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.config import Settings
from kg.errors import InputError, Problem
from kg.batch import DEFAULT_MARKING, Batch
from kg.rdfinput import RDF_FORMATS, read_rdf
from kg.store import Store
from kg.vocab import OKG

__all__ = ["read_partner_file", "is_rdf_file", "RESERVED_GRAPHS", "check_graph_ownership"]

#: The project's own graphs, which only ``kg build`` and the fact-file reader write.
RESERVED_GRAPHS = ("ontology", "reference", "gazetteer", "metadata")

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


def read_partner_file(path: str | Path, settings: Settings, marking: URIRef = DEFAULT_MARKING) -> Batch:
    """Read one RDF file as a batch marked ``marking`` (a delivery states no marking of its own); raises InputError
    if it is unreadable or writes a reserved graph."""
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
    metadata.add((document, OKG.marking, marking))
    for name in named:
        metadata.add((name, DCTERMS.isPartOf, document))  # which delivery created it: who may write it again
    return Batch(document, source_graph, metadata, path, _subject_lines(path), {path.name: path.resolve()},
                 named=named, digest=digest)


def check_graph_ownership(store: Store, batch: Batch, settings: Settings) -> None:
    """InputError unless every named graph of a partner batch is one it may write (see the module docstring)."""
    if not batch.named:
        return
    metadata = URIRef(settings.graph("metadata"))
    source_file = batch.metadata.value(batch.document, OKG.sourceFile)
    problems = []
    for name in sorted(batch.named):
        entries = store.select("SELECT ?p ?o ?file WHERE { GRAPH ?meta { ?g ?p ?o "
                               "OPTIONAL { ?o ?source ?file } } }",
                               {"meta": metadata, "g": name, "source": OKG.sourceFile}).rows
        if any(p in (RDF.type, OKG.marking) for p, _, _ in entries):
            problems.append(f"writes the graph <{name}>, which is a document's graph; a partner file writes only "
                            f"its own graphs")
            continue
        owners = {str(file) for p, _, file in entries if p == DCTERMS.isPartOf and file is not None}
        if owners and str(source_file) not in owners:
            problems.append(f"writes the graph <{name}>, which a delivery of {', '.join(sorted(owners))} created; "
                            f"a partner file writes only the graphs it created")
        elif not owners and store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": name}):
            problems.append(f"writes the graph <{name}>, which the store already holds and no partner delivery "
                            f"created; a partner file writes only new graphs or graphs it created")
    if problems:
        raise InputError([Problem(str(batch.source), message) for message in problems])
