"""RDF namespaces. ``OKG`` is a closed namespace built from the ontology files themselves, so a Python name that the
ontology does not define fails loudly (AttributeError) instead of minting a term nobody declared."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, ClosedNamespace

from kg.config import ONTOLOGY_DIR

__all__ = ["OKG", "OKG_NS", "GEO", "ORG", "FOAF", "WD", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD",
           "PREFIXES"]

OKG_NS = "https://w3id.org/osint-kg/ontology#"
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")


def _defined_terms() -> list[str]:
    """Local names of every term the ontology modules define (subjects in the okg namespace)."""
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return sorted({str(s)[len(OKG_NS):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(OKG_NS)})


OKG = ClosedNamespace(OKG_NS, _defined_terms())

#: Prefixes used when serialising and in the query catalog's PREFIX lines.
PREFIXES: dict[str, str] = {
    "okg": OKG_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "time": str(TIME),
    "geo": str(GEO),
    "org": str(ORG),
    "foaf": str(FOAF),
    "wd": str(WD),
}
