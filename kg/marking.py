"""What a sharing level may see (DESIGN.md §6): the dataset a TLP 2.0 level is allowed, built by copying, never by
filtering a query's text. Exports and the HTTP endpoint for a level read only this dataset, so nothing from a more
restricted document can appear in them: not a triple, not a label, not a count.

The dataset for a level holds
- the graphs of the documents marked at or below the level, less the claims marked above it, whatever in the graph
  only those claims lead to (their evidence, the events and quantities only they are about, their unnamed sources)
  and every link to them; and less the links to nodes that only what the level may not see describes (a claim of a
  RED document). The rule — strictest marking wins, no marking counts as RED — lives in ``kg.visibility``;
- those documents' entries in the metadata graph;
- the reference entities those graphs mention, with what they lead to in the reference data (a city's country, a
  force's state), and the reference nodes that point to them (a post, a tenure); the same of the gazetteer's
  towns (kg.gazetteer), when the store has one;
- the ontology and the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.config import Settings
from kg.errors import QueryError
from kg.model import Model
from kg.relays import INDEX_PROPERTIES
from kg.shapes import load_shapes
from kg.store import Store
from kg.sparql import sparql_term
from kg.terms import graph_quads
from kg.visibility import Ranks, node_ranks, visible_triples
from kg.vocab import OKG

__all__ = ["VisibleDataset", "marking_level", "visible_dataset", "SHAPES_GRAPH"]

#: The name of the shapes graph in exports (beside ``graph/ontology`` and ``graph/reference``).
SHAPES_GRAPH = "shapes"


def marking_level(text: str, model: Model) -> URIRef:
    """The TLP marking named by ``text``: ``TLP:GREEN``, ``green``, ``amber+strict`` (case-insensitive)."""
    wanted = text.strip().upper()
    if not wanted.startswith("TLP:"):
        wanted = "TLP:" + wanted
    for concept in model.individuals_of(OKG.TLPMarking):
        for notation in model.ontology.objects(concept, SKOS.notation):
            if str(notation).upper() == wanted:
                return concept
    known = sorted(str(n) for c in model.individuals_of(OKG.TLPMarking) for n in model.ontology.objects(c, SKOS.notation))
    raise QueryError(f"'{text}' is not a TLP 2.0 marking; one of: {', '.join(known)}")


@dataclass
class VisibleDataset:
    """The quads a level may see, in an in-memory Oxigraph store, with what went in."""

    level: URIRef
    store: ox.Store
    documents: list[URIRef] = field(default_factory=list)
    withheld_claims: int = 0  # claims marked above the level in visible documents (never reported to partners)

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph (of this dataset only)."""
        sizes: dict[str, int] = {}
        for quad in self.store:
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            sizes[name] = sizes.get(name, 0) + 1
        return sizes

    def __len__(self) -> int:
        return len(self.store)


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}


def _pruned(graph: Graph, document: URIRef, document_rank: int, level_rank: int, ranks: Ranks) -> tuple[Graph, int]:
    """The document's graph as ``level_rank`` may see it (kg.visibility), and how many marked nodes it withholds."""
    node_rank = node_ranks(graph, document, document_rank, ranks)
    pruned = Graph()
    for triple in visible_triples(graph, node_rank, level_rank):
        pruned.add(triple)
    withheld = {node for node in graph.subjects(OKG.marking) if node != document and node_rank[node] > level_rank}
    return pruned, len(withheld)


def _reference_support(reference: Graph, mentioned: set[URIRef], rounds: int = 4, pointing: bool = True) -> Graph:
    """What of ``reference`` the visible graphs need: the entities they mention, what those lead to, and (with
    ``pointing``) the nodes that point to them (a post, a tenure). Not for the gazetteer, where every town points to
    its country."""
    included = set(mentioned)
    for _ in range(rounds):  # forward: what the mentioned entities lead to
        grown = included | _iris(o for s in included for o in reference.objects(s, None))
        if grown == included:
            break
        included = grown
    if pointing:
        pointers = {s for s, _, o in reference if o in included and s not in included}  # posts, tenures, geometries
        included |= pointers | _iris(o for s in pointers for o in reference.objects(s, None))
    support = Graph()
    for s, p, o in reference:
        if s in included:
            support.add((s, p, o))
    return support


def owning_document(subject: Node, documents: set[URIRef]) -> URIRef | None:
    """The document of ``documents`` that a metadata subject describes: the document itself, or the document an IRI
    is below (``document/published``); None for others. Looked up, so that a pass over the metadata costs the same
    whatever the number of documents."""
    if subject in documents:
        return subject  # type: ignore[return-value]
    iri = str(subject)
    for cut in range(len(iri) - 1, 0, -1):
        if iri[cut] == "/" and (owner := URIRef(iri[:cut])) in documents:
            return owner
    return None


def _metadata_of(stored: Graph, documents: set[URIRef]) -> Graph:
    """The metadata entries of ``documents``: those about each document and about IRIs below it (``document/...``,
    its publication time), without the report index (kg.relays: derived here, derived again by the receiver). One
    pass over the metadata graph, whatever the number of documents."""
    metadata = Graph()
    for s, p, o in stored:
        if p not in INDEX_PROPERTIES and owning_document(s, documents) is not None:
            metadata.add((s, p, o))
    return metadata


def _document_ranks(store: Store, metadata_name: URIRef, ranks: Ranks) -> dict[URIRef, int]:
    """Each stored document's rank: the strictest of its markings in the metadata graph (kg.visibility)."""
    markings: dict[URIRef, list[Node]] = {}
    for doc, marking in store.select("SELECT ?doc ?marking WHERE { GRAPH ?meta { ?doc ?p ?marking } }",
                                     {"meta": metadata_name, "p": OKG.marking}).rows:
        markings.setdefault(doc, []).append(marking)
    return {doc: ranks.combined(found) for doc, found in markings.items()}


def _links_out_of_sight(store: Store, out: ox.Store, documents: list[URIRef], settings: Settings) -> set[ox.NamedNode]:
    """Nodes that visible document graphs link to but that only what is out of sight describes (a claim of a RED
    document, a claim another document withholds, a RED document's metadata): their links are dropped with them.
    A node the model describes (reference data, ontology), the metadata of a visible document, or nothing at all
    (a plain IRI) stays."""
    graphs = " ".join(sparql_term(d) for d in documents)
    if not graphs:
        return set()
    dangling = [row["o"] for row in out.query(
        "SELECT DISTINCT ?o WHERE { VALUES ?g { " + graphs + " } GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o)) "
        "FILTER NOT EXISTS { GRAPH ?h { ?o ?q ?x } } }")]
    model_graphs = {URIRef(settings.graph(name)) for name in ("reference", "gazetteer", "ontology")}
    metadata = URIRef(settings.graph("metadata"))
    visible = set(documents)
    describing: dict[URIRef, set[URIRef]] = {}
    for start in range(0, len(dangling), 500):
        chunk = " ".join(str(node) for node in dangling[start:start + 500])
        for node, graph in store.select(
                "SELECT DISTINCT ?o ?g WHERE { VALUES ?o { " + chunk + " } GRAPH ?g { ?o ?q ?x } }").rows:
            describing.setdefault(node, set()).add(graph)
    out_of_sight = set()
    for node in dangling:
        graphs_of = describing.get(URIRef(node.value), set())
        if not graphs_of or graphs_of & model_graphs:
            continue
        if metadata in graphs_of and owning_document(URIRef(node.value), visible) is not None:
            continue
        out_of_sight.add(node)
    return out_of_sight


def visible_dataset(store: Store, level: URIRef, settings: Settings, model: Model) -> VisibleDataset:
    """Copy what ``level`` may see out of ``store`` (see the module docstring)."""
    ranks = Ranks(model)
    if level not in ranks.by_marking:
        raise QueryError(f"{level} is not a ranked TLP marking")
    level_rank = ranks.of(level)
    metadata_name = URIRef(settings.graph("metadata"))
    document_rank = _document_ranks(store, metadata_name, ranks)
    stored = store.graph_names()
    documents = sorted(doc for doc, rank in document_rank.items() if rank <= level_rank and doc in stored)
    out = ox.Store()
    result = VisibleDataset(level, out, documents)
    mentioned: set[URIRef] = set()
    # documents holding a marked node (a claim marked on its own) are pruned as rdflib graphs; the rest is copied as
    # it is
    with_marked_nodes = {doc for (doc,) in store.select(
        "SELECT DISTINCT ?doc WHERE { GRAPH ?doc { ?node ?p ?marking FILTER(?node != ?doc) } }",
        {"p": OKG.marking}).rows}
    for document in documents:
        if document in with_marked_nodes:
            graph, withheld = _pruned(store.graph(document), document, document_rank[document], level_rank, ranks)
            result.withheld_claims += withheld
            out.extend(graph_quads(graph, document))
            continue
        out.extend(store.quads(document))
    for node in _links_out_of_sight(store, out, documents, settings):
        for quad in list(out.quads_for_pattern(None, None, node)):
            out.remove(quad)
    for quad in out:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                mentioned.add(URIRef(term.value))
    metadata = _metadata_of(store.graph(metadata_name), set(documents))
    out.extend(graph_quads(metadata, metadata_name))
    mentioned |= _iris(metadata.objects())
    reference = _reference_support(model.reference, mentioned)
    out.extend(graph_quads(reference, settings.graph("reference")))
    gazetteer = URIRef(settings.graph("gazetteer"))
    if gazetteer in stored:  # the packaged towns and names kg build loaded, as far as the visible graphs need them
        out.extend(graph_quads(_reference_support(store.graph(gazetteer), mentioned, pointing=False), gazetteer))
    out.extend(graph_quads(model.ontology, settings.graph("ontology")))
    out.extend(graph_quads(load_shapes(), settings.graph(SHAPES_GRAPH)))
    return result
