"""How an entity is named to a person, in one place: validation reports, STIX, ``kg serve``'s pages, the ontology
page and the CLI all ask here.

- **Display label**: the values of the first of ``skos:prefLabel``, ``rdfs:label``, ``dcterms:title`` (a document)
  that the node has, looked up graph by graph in the order given; of those, English or untagged ones first, and the
  smallest text among them, so the choice never depends on the order a store returns triples in.
- **Short name**: an IRI as a prefixed name under the project's prefixes (``okg:Claim``), the longest namespace
  winning; any other IRI in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from kg.vocab import PREFIXES

__all__ = ["LABEL_PREDICATES", "display_label", "display_label_ox", "labels_of", "pick_label", "short_name"]

#: The predicates a display label is read from, in order.
LABEL_PREDICATES: tuple[URIRef, ...] = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def _english(language: str | None) -> bool:
    return language is None or language == "en" or language.startswith("en-")


def pick_label(values: Iterable[tuple[str, str | None]]) -> str | None:
    """The label among ``(text, language)`` pairs: English or untagged first, then the smallest text."""
    found = list(values)
    if not found:
        return None
    english = [text for text, language in found if _english(language)]
    return min(english or [text for text, _ in found])


def display_label(node: Node, graphs: Iterable[Graph],
                  predicates: Iterable[URIRef] = LABEL_PREDICATES) -> str | None:
    """The display label of ``node`` in rdflib graphs (see the module docstring); None when it has none."""
    predicates = tuple(predicates)
    for graph in graphs:
        for predicate in predicates:
            label = pick_label((str(v), v.language) for v in graph.objects(node, predicate) if isinstance(v, Literal))
            if label is not None:
                return label
    return None


_OX_PREDICATES = {p: ox.NamedNode(str(p)) for p in LABEL_PREDICATES}


def display_label_ox(store: ox.Store, node: object, predicates: Iterable[URIRef] = LABEL_PREDICATES) -> str | None:
    """The display label of ``node`` in a pyoxigraph store, any graph (see the module docstring)."""
    if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
        return None
    for predicate in predicates:
        term = _OX_PREDICATES.get(predicate) or ox.NamedNode(str(predicate))
        label = pick_label((q.object.value, q.object.language) for q in store.quads_for_pattern(node, term, None, None)
                           if isinstance(q.object, ox.Literal))
        if label is not None:
            return label
    return None


_LABELS_QUERY = """SELECT ?node ?predicate ?label WHERE {{
  VALUES ?node {{ {nodes} }}
  VALUES ?predicate {{ {predicates} }}
  GRAPH ?g {{ ?node ?predicate ?label }}
}}"""
def labels_of(store, iris: Iterable[URIRef]) -> dict[URIRef, str]:
    """The display labels of ``iris`` in any graph of ``store`` (a kg.store.Store, embedded or remote), by IRI;
    an IRI without a label is left out. One query per 500 IRIs, starting from them (docs/writing-queries.md)."""
    from kg.sparql import sparql_term, values_chunks  # each IRI checked and written as exactly one term

    predicates = " ".join(map(sparql_term, LABEL_PREDICATES))
    found: dict[URIRef, dict[URIRef, list[tuple[str, str | None]]]] = {}
    for nodes in values_chunks(i for i in iris if isinstance(i, URIRef)):
        for node, predicate, label in store.select(_LABELS_QUERY.format(nodes=nodes, predicates=predicates)).rows:
            if isinstance(label, Literal):
                found.setdefault(node, {}).setdefault(predicate, []).append((str(label), label.language))
    labels = {}
    for node, by_predicate in found.items():
        for predicate in LABEL_PREDICATES:  # the first predicate the node has, as display_label reads them
            label = pick_label(by_predicate.get(predicate, ()))
            if label is not None:
                labels[node] = label
                break
    return labels


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def short_name(iri: str | URIRef, prefixes: Mapping[str, str] | None = None) -> str:
    """``iri`` as a prefixed name under ``prefixes`` (the project's by default), the longest namespace first; an
    IRI under none of them in full."""
    text = str(iri)
    ordered = _BY_LENGTH if prefixes is None else sorted(prefixes.items(), key=lambda item: -len(item[1]))
    for prefix, namespace in ordered:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text
