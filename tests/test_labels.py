"""One label rule and one short-name rule (kg/labels.py), whatever asks: validation reports, STIX, kg serve, the
ontology page and the model agree on the name of a node with several labels in several languages."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.labels import display_label, display_label_ox, pick_label, short_name
from kg.terms import graph_quads
from kg.vocab import OKG_NS

NODE = URIRef("https://example.org/hajun")


def _graph() -> Graph:
    graph = Graph()
    graph.add((NODE, RDFS.label, Literal("an rdfs label")))
    graph.add((NODE, SKOS.prefLabel, Literal("Гаюн", lang="be")))
    graph.add((NODE, SKOS.prefLabel, Literal("Hajun", lang="en")))
    graph.add((NODE, SKOS.prefLabel, Literal("Belarusian Hajun", lang="en-GB")))
    graph.add((NODE, DCTERMS.title, Literal("a title")))
    return graph


def test_the_first_predicate_with_values_english_first_smallest_text():
    assert display_label(NODE, [_graph()]) == "Belarusian Hajun"
    assert pick_label([("Гаюн", "be"), ("Zed", None), ("Alpha", "fr")]) == "Zed"
    assert pick_label([("Гаюн", "be"), ("Alpha", "fr")]) == "Alpha"
    assert pick_label([]) is None
    assert display_label(NODE, [_graph()], [DCTERMS.title]) == "a title"
    assert display_label(URIRef("https://example.org/none"), [_graph()]) is None


def test_the_rdflib_and_the_oxigraph_readings_agree():
    store = ox.Store()
    store.extend(graph_quads(_graph(), "https://example.org/g"))
    assert display_label_ox(store, ox.NamedNode(str(NODE))) == display_label(NODE, [_graph()])
    assert display_label_ox(store, ox.Literal("x")) is None


def test_short_names_take_the_longest_namespace():
    assert short_name(OKG_NS + "Claim") == "okg:Claim"
    assert short_name("http://www.w3.org/2004/02/skos/core#prefLabel") == "skos:prefLabel"
    assert short_name("https://example.org/x") == "https://example.org/x"
    assert short_name("https://a.org/ns/b/c", {"a": "https://a.org/", "ab": "https://a.org/ns/b/"}) == "ab:c"
