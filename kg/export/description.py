"""The dataset description written beside each export (``dataset.ttl``): VoID and DCAT 3 in Turtle.

It tells a partner what they received: title, licence, publisher, creation time, the marking level (``okg:marking``
and a plain-language note), the triples in each named graph (one ``void:subset`` per graph) and in total, the
vocabularies used, each data file as a ``dcat:Distribution`` (media type, size, SPDX SHA-256 checksum), and the
SPARQL endpoint if there is one, and the source and licence of packaged third-party data it holds (the gazetteer's
GeoNames towns and pycountry names). Every number comes from the VisibleDataset, never from the store, so a restricted
document cannot show even as a count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID, XSD

from kg.config import Settings
from kg.export.atomic import atomic_write
from kg.export.checksums import sha256_file
from kg.gazetteer import LICENCES
from kg.marking import VisibleDataset
from kg.model import Model
from kg.vocab import FOAF, OKG, PREFIXES

__all__ = ["DESCRIPTION_FILE", "DEFAULT_LICENCE", "DEFAULT_PUBLISHER", "DescriptionOptions", "Distribution",
           "describe", "write_description", "dataset_iri", "level_notation", "vocabularies", "SPDX", "SD"]

DESCRIPTION_FILE = "dataset.ttl"
#: Creative Commons Attribution 4.0 International.
from kg.config import DEFAULT_LICENCE, DEFAULT_PUBLISHER  # noqa: E402  (defaults of kg export's options too)
SPDX = Namespace("http://spdx.org/rdf/terms#")
#: SPARQL 1.1 Service Description: ``sd:name`` names the graph a ``void:subset`` counts.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class DescriptionOptions:
    """What the data cannot say about itself: title, licence, publisher, endpoint, creation time."""

    title: str | None = None  # default: "OSINT knowledge graph, TLP:GREEN export"
    licence: str = DEFAULT_LICENCE
    publisher: str = DEFAULT_PUBLISHER
    endpoint_url: str | None = None
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))


@dataclass(frozen=True)
class Distribution:
    """A data file of the export and its media type."""

    path: Path
    media_type: str


def level_notation(level: URIRef, model: Model) -> str:
    """``TLP:GREEN`` for the marking concept."""
    return str(model.ontology.value(level, SKOS.notation) or level)


def dataset_iri(level: URIRef, settings: Settings, model: Model) -> URIRef:
    """The IRI naming the export of one level, e.g. ``{base}dataset/tlp-amber-strict``."""
    slug = re.sub(r"[^a-z0-9]+", "-", level_notation(level, model).lower()).strip("-")
    return URIRef(f"{settings.base}dataset/{slug}")


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def vocabularies(dataset: VisibleDataset) -> list[str]:
    """Namespaces of the properties and classes the dataset uses."""
    rdf_type = str(RDF.type)
    used: set[str] = set()
    for quad in dataset.store:
        predicate = quad.predicate.value
        used.add(_namespace(predicate))
        if predicate == rdf_type and hasattr(quad.object, "value") and not hasattr(quad.object, "datatype"):
            used.add(_namespace(quad.object.value))
    return sorted(ns for ns in used if ns)


def describe(dataset: VisibleDataset, settings: Settings, model: Model, distributions: Sequence[Distribution],
             options: DescriptionOptions) -> Graph:
    """The VoID + DCAT description of ``dataset`` and its files."""
    g = Graph()
    for prefix, namespace in {**PREFIXES, "void": str(VOID), "dcat": str(DCAT), "spdx": str(SPDX),
                              "sd": str(SD)}.items():
        g.bind(prefix, namespace)
    notation = level_notation(dataset.level, model)
    subject = dataset_iri(dataset.level, settings, model)
    g.add((subject, RDF.type, DCAT.Dataset))
    g.add((subject, RDF.type, VOID.Dataset))
    g.add((subject, DCTERMS.title, Literal(options.title or f"OSINT knowledge graph, {notation} export", lang="en")))
    g.add((subject, DCTERMS.description, Literal(
        "Documents, claims, assessments, events and quantities about geopolitical and military open sources, "
        "with the reference entities they mention, the ontology and the SHACL shapes.", lang="en")))
    g.add((subject, DCTERMS.license, URIRef(options.licence)))
    publisher = BNode()
    g.add((subject, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(options.publisher)))
    g.add((subject, DCTERMS.created, Literal(options.created.isoformat(), datatype=XSD.dateTime)))
    g.add((subject, DCTERMS.issued, Literal(options.created.isoformat(), datatype=XSD.dateTime)))
    g.add((subject, OKG.marking, dataset.level))
    definition = model.ontology.value(dataset.level, SKOS.definition)
    note = (f"Shared at {notation}: this export holds only the documents and claims marked {notation} or less "
            f"restrictive, what they support (events, quantities, reference entities), the ontology and the shapes; "
            f"nothing from a more restricted document. {notation}: {definition or ''}").strip()
    g.add((subject, DCTERMS.accessRights, Literal(note, lang="en")))

    sizes = dataset.graph_sizes()
    g.add((subject, VOID.triples, Literal(sum(sizes.values()))))
    for name, count in sorted(sizes.items()):
        subset = BNode()
        g.add((subject, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, SD.NamedGraph))
        if name:
            g.add((subset, SD.name, URIRef(name)))
        g.add((subset, VOID.triples, Literal(count)))
        if name == settings.graph("gazetteer"):  # packaged third-party data: where it comes from, under what licence
            for title, (page, licence) in LICENCES.items():
                source = URIRef(page)
                for node in (subject, subset):
                    g.add((node, DCTERMS.source, source))
                g.add((source, RDF.type, DCAT.Dataset))
                g.add((source, DCTERMS.title, Literal(title)))
                g.add((source, DCTERMS.license, URIRef(licence)))
    for namespace in vocabularies(dataset):
        g.add((subject, VOID.vocabulary, URIRef(namespace)))

    for item in distributions:
        node = URIRef(f"{subject}/{item.path.name}")
        g.add((subject, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(item.path.name)))
        g.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + item.media_type.split(";")[0])))
        g.add((node, DCTERMS.format, Literal(item.media_type)))
        g.add((node, DCAT.byteSize, Literal(item.path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        g.add((node, DCTERMS.license, URIRef(options.licence)))
        checksum = BNode()
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(sha256_file(item.path), datatype=XSD.hexBinary)))
        if item.media_type.startswith(("application/stix", "application/json")):
            continue
        g.add((subject, VOID.dataDump, node))

    if options.endpoint_url:
        endpoint = URIRef(options.endpoint_url)
        g.add((subject, VOID.sparqlEndpoint, endpoint))
        service = URIRef(f"{subject}/sparql")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCAT.endpointURL, endpoint))
        g.add((service, DCAT.servesDataset, subject))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        access = URIRef(f"{subject}/sparql-access")
        g.add((subject, DCAT.distribution, access))
        g.add((access, RDF.type, DCAT.Distribution))
        g.add((access, DCAT.accessURL, endpoint))
        g.add((access, DCAT.accessService, service))
    return g


def write_description(dataset: VisibleDataset, settings: Settings, model: Model,
                      distributions: Sequence[Distribution], options: DescriptionOptions, directory: Path) -> Path:
    """Write ``dataset.ttl`` into ``directory`` (atomically)."""
    target = Path(directory) / DESCRIPTION_FILE
    graph = describe(dataset, settings, model, distributions, options)
    with atomic_write(target) as handle:
        handle.write(graph.serialize(format="turtle", encoding="utf-8"))
    return target
