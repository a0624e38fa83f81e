"""The report index: how a relayed report is traced to where it started, at any depth.

A claim names the document it cites (``okg:citesSource``) and a document the one it copies (``okg:copyOf``), but
the report it relays is the cited document's claim *about the same subject by the same claimant*, and that
document may be ingested before, after or never. So ingest writes, for each document, one node per subject and
claimant of its claims (an ``okg:ReportTrace``) into the metadata graph, with an IRI derived from the document,
the subject and the claimant: a citing document names the trace it relays (``okg:relays``) without reading the
cited one, and the link holds whichever comes first. A chain of any depth is then one property path,
``okg:relays*``, ending at a trace that relays nothing: where the report started (the trace of a document that is
not in the graph, or a claim that cites nothing). Its IRI gives its document (``document_of_trace``).

A publisher or author of a document who is not a claimant in it gets a trace per subject that relays the document's
claimants: "Reuters reported" leads to the claimants Reuters named. Only the document's own triples are read, so a
partner's RDF document gets the same index as a fact file; the traces are the document's metadata entries (below
its IRI) and are replaced and removed with it."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, URIRef

from kg.identifiers import digest
from kg.vocab import OKG

__all__ = ["INDEX_PROPERTIES", "TRACE_SEGMENT", "report_index", "trace_iri"]

#: What stands between a document's IRI and the digest in a trace's IRI (queries cut it off to name the document).
TRACE_SEGMENT = "/report/"

#: The properties of the index: derived data of this graph, not a document's content, so an export leaves them out
#: (the receiving graph derives its own at ingest) and a trace never carries a link past what a marking withholds.
INDEX_PROPERTIES = frozenset({OKG.hasReport, OKG.reportedSubject, OKG.reportedBy, OKG.relays})


def trace_iri(document: URIRef, subject: URIRef, claimant: URIRef) -> URIRef:
    """The trace of ``document``'s report of ``subject`` by ``claimant``: the same whoever mints it."""
    return URIRef(f"{document}{TRACE_SEGMENT}{digest(subject, claimant)}")


def report_index(graphs: Mapping[URIRef, Graph], metadata: Graph) -> Graph:
    """The traces of every document graph of a batch (a graph is named by its document's IRI) and their links,
    from the graphs' claims and the metadata's copies, publishers and authors."""
    index = Graph()
    for document, graph in graphs.items():
        copied = [o for o in metadata.objects(document, OKG.copyOf) if isinstance(o, URIRef) and o != document]
        claimants: dict[URIRef, set[URIRef]] = {}
        for claim, subject in graph.subject_objects(OKG.about):
            if not isinstance(subject, URIRef):
                continue
            for claimant in graph.objects(claim, OKG.claimant):
                if not isinstance(claimant, URIRef):
                    continue
                trace = trace_iri(document, subject, claimant)
                claimants.setdefault(subject, set()).add(claimant)
                index.add((document, OKG.hasReport, trace))
                index.add((trace, OKG.reportedSubject, subject))
                index.add((trace, OKG.reportedBy, claimant))
                cited = [o for o in graph.objects(claim, OKG.citesSource) if isinstance(o, URIRef) and o != document]
                for earlier in cited + copied:
                    index.add((trace, OKG.relays, trace_iri(earlier, subject, claimant)))
        outlets = {o for p in (OKG.publisher, OKG.author) for o in metadata.objects(document, p)
                   if isinstance(o, URIRef)}
        for subject, named in claimants.items():
            for outlet in outlets - named:
                alias = trace_iri(document, subject, outlet)
                index.add((document, OKG.hasReport, alias))
                for claimant in named:
                    index.add((alias, OKG.relays, trace_iri(document, subject, claimant)))
    return index
