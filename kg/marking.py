"""What a sharing level may see (DESIGN.md §6): the dataset a TLP 2.0 level is allowed, built by copying, never by
filtering a query's text. Exports and the HTTP endpoint for a level read only this dataset, so nothing from a more
restricted document can appear in them: not a triple, not a label, not a count.

The dataset for a level holds
- the graphs of the documents marked at or below the level (a document without a marking counts as TLP:RED), less
  the claims marked above it and whatever in the graph only those claims lead to (their evidence, the events and
  quantities only they are about, their unnamed sources);
- those documents' entries in the metadata graph;
- the reference entities those graphs mention, with what they lead to in the reference data (a city's country, a
  force's state), and the reference nodes that point to them (a post, a tenure);
- the ontology and the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.config import Settings
from kg.errors import QueryError
from kg.model import Model
from kg.shapes import load_shapes
from kg.store import Store
from kg.store.terms import graph_quads
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


def _reachable(graph: Graph, roots: set[Node]) -> set[Node]:
    seen = set(roots)
    frontier = list(roots)
    while frontier:
        node = frontier.pop()
        for obj in graph.objects(node, None):
            if not isinstance(obj, Literal) and obj not in seen:
                seen.add(obj)
                frontier.append(obj)
    return seen


def _without_stricter_claims(graph: Graph, document: URIRef, level_rank: int, model: Model) -> tuple[Graph, int]:
    """The document's graph less its claims marked above the level and what only they lead to."""
    withheld = {claim for claim, marking in graph.subject_objects(OKG.marking)
                if claim != document and (model.rank(marking) or 99) > level_rank}
    if not withheld:
        return graph, 0
    tainted = _reachable(graph, withheld)
    kept_roots = ({s for s in graph.subjects() if s not in tainted})
    kept = _reachable(graph, kept_roots)
    pruned = Graph()
    for s, p, o in graph:
        if s in kept:
            pruned.add((s, p, o))
    return pruned, len(withheld)


def _reference_support(reference: Graph, mentioned: set[URIRef], rounds: int = 4) -> Graph:
    included = set(mentioned)
    for _ in range(rounds):  # forward: what the mentioned entities lead to
        grown = included | _iris(o for s in included for o in reference.objects(s, None))
        if grown == included:
            break
        included = grown
    pointing = {s for s, _, o in reference if o in included and s not in included}  # posts, tenures, geometries
    included |= pointing | _iris(o for s in pointing for o in reference.objects(s, None))
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
    its publication time). One pass over the metadata graph, whatever the number of documents."""
    metadata = Graph()
    for s, p, o in stored:
        if owning_document(s, documents) is not None:
            metadata.add((s, p, o))
    return metadata


def visible_dataset(store: Store, level: URIRef, settings: Settings, model: Model) -> VisibleDataset:
    """Copy what ``level`` may see out of ``store`` (see the module docstring)."""
    level_rank = model.rank(level)
    if level_rank is None:
        raise QueryError(f"{level} is not a ranked TLP marking")
    metadata_name = URIRef(settings.graph("metadata"))
    markings = store.select("SELECT ?doc ?marking WHERE { GRAPH ?meta { ?doc ?p ?marking } }",
                            {"meta": metadata_name, "p": OKG.marking}).rows
    marked = {doc: marking for doc, marking in markings}
    stored = store.graph_names()
    documents = sorted(doc for doc, marking in marked.items()
                       if isinstance(marking, URIRef) and (model.rank(marking) or 99) <= level_rank
                       and doc in stored)
    out = ox.Store()
    result = VisibleDataset(level, out, documents)
    mentioned: set[URIRef] = set()
    # documents holding a claim marked above the level are pruned as rdflib graphs; the rest is copied as it is
    with_stricter = {doc for doc, marking in store.select(
        "SELECT DISTINCT ?doc ?marking WHERE { GRAPH ?doc { ?claim ?p ?marking FILTER(?claim != ?doc) } }",
        {"p": OKG.marking}).rows if (model.rank(marking) or 99) > level_rank}
    for document in documents:
        if document in with_stricter:
            graph, withheld = _without_stricter_claims(store.graph(document), document, level_rank, model)
            result.withheld_claims += withheld
            out.extend(graph_quads(graph, document))
            mentioned |= _iris(graph.subjects()) | _iris(graph.objects())
            continue
        quads = list(store.quads(document))
        out.extend(quads)
        mentioned |= {URIRef(term.value) for quad in quads for term in (quad.subject, quad.object)
                      if isinstance(term, ox.NamedNode)}
    metadata = _metadata_of(store.graph(metadata_name), set(documents))
    out.extend(graph_quads(metadata, metadata_name))
    mentioned |= _iris(metadata.objects())
    reference = _reference_support(model.reference, mentioned)
    out.extend(graph_quads(reference, settings.graph("reference")))
    out.extend(graph_quads(model.ontology, settings.graph("ontology")))
    out.extend(graph_quads(load_shapes(), settings.graph(SHAPES_GRAPH)))
    return result
