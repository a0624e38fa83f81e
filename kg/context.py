"""The context a new batch is validated in (DESIGN.md §5): the ontology, plus what the store already says about the
nodes the batch mentions. Its size follows the batch, not the graph, so validating one article costs the same in a
store of 10k triples as in one of 1M.

- A node the batch describes (a subject) brings every triple the store holds about it, outside the graphs the batch
  replaces, so that a rule over several properties (a transfer has a giver and a receiver) sees all of them.
- Every node the batch mentions, and every node those triples point to, brings its types, superclasses, concept
  scheme and labels, so that value-class rules and readable reports work.

Every IRI goes into the queries through ``kg.sparql.sparql_term``, serialised and checked as one term: an IRI
holding ``> } } #`` cannot change a query's structure.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.sparql import sparql_term, values_chunks
from kg.store import Store

__all__ = ["validation_context", "DESCRIBING_PREDICATES"]

#: What the store contributes about a node the batch only points to.
DESCRIBING_PREDICATES = (RDF.type, RDFS.subClassOf, RDFS.label, SKOS.prefLabel, SKOS.inScheme, OWL.sameAs)

def _iris(nodes: Iterable[object]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}


def _exclusion(replaced: set[URIRef]) -> str:
    return f"FILTER(?g NOT IN ({', '.join(sparql_term(g) for g in sorted(replaced))}))" if replaced else ""


def _triples_of(store: Store, nodes: set[URIRef], replaced: set[URIRef], into: Graph,
                predicates: tuple[URIRef, ...] = ()) -> None:
    """The store's triples whose subject is one of ``nodes`` (only ``predicates``, when given), outside ``replaced``.
    The predicates are a FILTER, not a second VALUES block: Oxigraph joined two VALUES blocks into a scan (120 ms at
    100k quads, 4 ms with the FILTER; bench/validation.py)."""
    only = f"FILTER(?p IN ({', '.join(sparql_term(p) for p in predicates)}))" if predicates else ""
    for values in values_chunks(nodes):
        query = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                 f"{only} {_exclusion(replaced)} }}")
        for s, p, o in store.select(query).rows:
            into.add((s, p, o))


def _from_reference(reference: Graph, nodes: set[URIRef], into: Graph) -> None:
    for node in nodes:
        for triple in reference.triples((node, None, None)):
            into.add(triple)


def validation_context(store: Store, data: Graph, ontology: Graph, replaced_graphs: Iterable[URIRef] = (),
                       replaced_subjects: Iterable[URIRef] = (), reference: Graph | None = None) -> Graph:
    """The ontology plus the store's triples about what ``data`` mentions, leaving out ``replaced_graphs`` and the
    descriptions of ``replaced_subjects`` (and of IRIs below them, ``subject/...``): what the batch will replace is
    not context. The project's ``reference`` data, when given, describes the entities it knows even in a store that
    does not hold it (a fresh store, a server loaded with documents only)."""
    replaced = set(replaced_graphs)
    prefixes = tuple(str(s) for s in replaced_subjects)
    context = Graph()
    for triple in ontology:
        context.add(triple)
    subjects = {s for s in _iris(data.subjects())
                if not any(s == p or s.startswith(p + "/") for p in prefixes)}
    _triples_of(store, subjects, replaced, context)
    mentioned = _iris(data.objects()) | subjects | _iris(context.objects())
    mentioned -= _iris(ontology.subjects())  # the ontology is there in full
    _triples_of(store, mentioned, replaced, context, DESCRIBING_PREDICATES)
    if reference is not None:
        _from_reference(reference, mentioned, context)
    # superclasses of the types found (reference models under ontology categories), one more round
    classes = _iris(o for p in (RDF.type, RDFS.subClassOf) for o in context.objects(None, p)) - _iris(ontology.subjects())
    _triples_of(store, classes - mentioned, replaced, context, DESCRIBING_PREDICATES)
    if reference is not None:
        _from_reference(reference, classes - mentioned, context)
    return context
