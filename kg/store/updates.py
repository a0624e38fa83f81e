"""The SPARQL Update text the stores send: a graph's triples as ``INSERT DATA``, a subject's entries, and the one
request of ``Store.replace``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Graph, URIRef

from kg.sparql import sparql_term
from kg.terms import to_ox

__all__ = ["graph_block", "ENTRIES_TEMPLATE", "entries_pattern", "replace_update"]


def graph_block(name: str | URIRef, graph: Graph) -> str:
    """``GRAPH <name> { ... }`` with the graph's triples in N-Triples syntax, for SPARQL Update's INSERT DATA."""
    lines = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph)
    return f"GRAPH {_iri(name)} {{\n{lines}\n}}"


def _iri(name: str | URIRef) -> str:
    """A graph or subject name as SPARQL text: the one term rule (kg.sparql.sparql_term), never pasted."""
    return sparql_term(URIRef(name))


#: The triples a subject's entries in a graph consist of: its own, and those of the IRIs below it
#: (``subject/...``, a document's publication time) that it links to. Found from the subject, never by scanning the
#: graph (filtering every subject of the metadata graph made each write and each revalidated document O(documents)).
ENTRIES_TEMPLATE = "?subject ?p ?o . ?part ?q ?v"


def entries_pattern(graph: str, subject: str) -> str:
    """The WHERE pattern matching ``ENTRIES_TEMPLATE``, for a graph and a subject given as SPARQL terms or
    variables (``<iri>`` or ``?name``)."""
    return (f"GRAPH {graph} {{ {subject} ?p ?o BIND({subject} AS ?subject) OPTIONAL {{ {subject} ?link ?part . "
            f"?part ?q ?v FILTER(STRSTARTS(STR(?part), CONCAT(STR({subject}), \"/\"))) }} }}")


def replace_update(graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]],
                   add: Mapping[URIRef, Graph]) -> str:
    """The SPARQL Update of ``Store.replace``, as one request (one transaction on the embedded store and on servers
    that run a request as one): drop each graph of ``graphs``, delete the triples of ``remove_subjects`` (and of IRIs
    below them, ``subject/...``, that they link to: found from the subject, never by scanning the graph) in their
    graphs, insert ``graphs`` and ``add``. Empty when there is nothing to do."""
    operations = [f"DROP SILENT GRAPH {_iri(name)}" for name in graphs]
    for graph, subjects in remove_subjects.items():
        for subject in subjects:
            operations.append(f"DELETE {{ GRAPH {_iri(graph)} {{ {ENTRIES_TEMPLATE} }} }} "
                              f"WHERE {{ {entries_pattern(_iri(graph), _iri(subject))} }}")
    blocks = [graph_block(name, g) for name, g in [*graphs.items(), *add.items()] if len(g)]
    if blocks:
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(operations)
