"""The read-only view of a visible dataset that every STIX object is made from, and the ways of reading it.

``read_view`` reads the ``kg.marking.VisibleDataset`` once into rdflib graphs (metadata, reference data, the union of
the visible document graphs) and the source of every node (``kg.export.stix.sources``); nothing changes them
afterwards, so the object families (locations, identities, reports, events, claims) can read them in any order. The
helpers here only read: types with their superclasses, labels, time spans and quantities as text, external references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.config import Settings
from kg.export.stix.identifiers import SOURCE_NAME
from kg.export.stix.sources import Source, Sources, read_sources
from kg.labels import LABEL_PREDICATES, display_label
from kg.marking import SHAPES_GRAPH, VisibleDataset
from kg.model import Model
from kg.terms import from_ox
from kg.visibility import Ranks
from kg.vocab import OKG, RDF, SKOS, WD

__all__ = ["DatasetView", "read_view", "published_day", "sentence"]

#: The record time of a document with neither a record time nor a publication day.
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, eq=False)
class DatasetView:
    """What the level may see, as graphs, with where each node's marking comes from (made by ``read_view``)."""

    model: Model
    metadata: Graph
    reference: Graph
    #: the union of the visible document graphs
    content: Graph
    #: the visible documents that have metadata, in the dataset's order
    documents: tuple[URIRef, ...]
    sources: Sources
    #: labels found so far (a cache: the graphs never change)
    _labels: dict[Node, str] = field(default_factory=dict, init=False, repr=False)

    def types(self, node: Node) -> set[URIRef]:
        """The classes of ``node`` in any graph, with all their superclasses."""
        asserted = set(self.reference.objects(node, RDF.type)) | set(self.content.objects(node, RDF.type)) \
            | set(self.metadata.objects(node, RDF.type))
        return {sup for cls in asserted if isinstance(cls, URIRef) for sup in self.model.superclasses(cls)}

    def label(self, node: Node) -> str:
        """The display label of ``node`` (``kg.labels``), else its text: a time span's dates, a quantity's phrase."""
        try:
            return self._labels[node]
        except KeyError:
            self._labels[node] = label = self._find_label(node)
            return label

    def _find_label(self, node: Node) -> str:
        label = display_label(node, (self.reference, self.content, self.metadata, self.model.ontology),
                              (*LABEL_PREDICATES, OKG.statement))
        if label is not None:
            return label
        if isinstance(node, Literal):
            return str(node)
        if (node, RDF.type, OKG.TimeSpan) in self.content:
            return self._time_text(node)
        if (node, RDF.type, OKG.Quantity) in self.content:
            return self._quantity_text(node)
        if (node, RDF.type, OKG.Measure) in self.content:
            return self._measure_text(node)
        text = str(node)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def class_label(self, node: Node) -> str:
        """The labels of the classes asserted for ``node``, sorted and joined ("entity" when there are none)."""
        asserted = [c for g in (self.content, self.metadata, self.reference) for c in g.objects(node, RDF.type)]
        return ", ".join(sorted({self.label(c) for c in asserted})) or "entity"

    def _time_text(self, span: Node) -> str:
        earliest, latest = (self.content.value(span, p) for p in (OKG.earliest, OKG.latest))
        when = str(earliest) if earliest == latest else f"{earliest or '…'} – {latest or '…'}"
        return self._phrased(when, span)

    def _quantity_text(self, quantity: Node) -> str:
        """The thing counted with its number or bounds, and the document's wording: "troops at most 1500000
        (“somewhere up to 1.5 million people”)"; a size in words where there is no number."""
        value = self.content.value
        counts = value(quantity, OKG.counts)
        text = " ".join(x for x in (self.label(counts) if counts is not None else "", self._amount(quantity),
                                    str(value(quantity, OKG.qualitativeSize) or "")) if x)
        return self._phrased(text, quantity)

    def _amount(self, figure: Node) -> str:
        """A quantity's or a measure's number ("about 160") or bounds ("at least 25 to at most 40"), as reported."""
        value = self.content.value
        low, high, exact = (value(figure, p) for p in (OKG.lowerBound, OKG.upperBound, OKG.value))
        if exact is not None:
            return f"{'about ' if value(figure, OKG.approximate) == Literal(True) else ''}{exact}"
        return " to ".join(x for x in (f"at least {low}" if low is not None else "",
                                       f"at most {high}" if high is not None else "") if x)

    def _measure_text(self, measure: Node) -> str:
        """What is measured, its number or bounds in the unit reported (UCUM code), the place a distance is measured
        from, and the document's wording: "distance about 160 km from Belarus–Ukraine border (“located about …”)"."""
        value = self.content.value
        unit = value(measure, OKG.unit)
        code = str(self.model.ontology.value(unit, SKOS.notation) or "") if unit is not None else ""
        amount = self._amount(measure)
        kind = value(measure, OKG.measures)
        origin = value(measure, OKG.measuredFrom)
        text = " ".join(x for x in (self.label(kind) if kind is not None else "", amount, code,
                                    f"from {self.label(origin)}" if origin is not None else "") if x)
        return self._phrased(text, measure)

    def _phrased(self, text: str, node: Node) -> str:
        """``text`` followed by the document's own wording of ``node`` in quotes, when it has one (the wording alone
        when there is no text)."""
        phrase = self.content.value(node, OKG.originalPhrase)
        if not phrase:
            return text
        return f"{text} (“{phrase}”)" if text else f"“{phrase}”"

    def external(self, iri: Node) -> list[dict]:
        """The external references of the object made from ``iri``: the IRI itself and its Wikidata QIDs."""
        references = [{"source_name": SOURCE_NAME, "external_id": str(iri)}]
        for match in sorted(self.reference.objects(iri, SKOS.exactMatch)):
            if str(match).startswith(str(WD)):  # an external id, not a url: a url SHOULD come with a hash
                references.append({"source_name": "wikidata", "external_id": str(match)[len(str(WD)):]})
        return references


def read_view(dataset: VisibleDataset, settings: Settings, model: Model) -> DatasetView:
    """Read ``dataset`` (without the ontology and shapes graphs, which hold no exported object) into a view."""
    skipped = {settings.graph("ontology"), settings.graph(SHAPES_GRAPH)}
    graphs: dict[URIRef, Graph] = {}
    rows = dataset.store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    for row in rows:
        name = from_ox(row["g"])
        if str(name) in skipped:
            continue
        graphs.setdefault(name, Graph()).add((from_ox(row["s"]), from_ox(row["p"]), from_ox(row["o"])))
    metadata = graphs.pop(URIRef(settings.graph("metadata")), Graph())
    reference = graphs.pop(URIRef(settings.graph("reference")), Graph())
    documents = tuple(d for d in dataset.documents if (d, OKG.marking, None) in metadata)
    document_graphs = {d: graphs.get(d, Graph()) for d in documents}
    content = Graph()
    for graph in document_graphs.values():
        for triple in graph:
            content.add(triple)
    ranks = Ranks(model)
    document_sources = {d: Source(ranks.combined(metadata.objects(d, OKG.marking)), _recorded(metadata, d))
                        for d in documents}
    sources = read_sources(document_graphs, document_sources, metadata, reference, ranks)
    return DatasetView(model=model, metadata=metadata, reference=reference, content=content, documents=documents,
                       sources=sources)


def _recorded(metadata: Graph, document: URIRef) -> datetime:
    """When ``document`` was recorded (UTC), else the start of its publication day, else the epoch."""
    value = metadata.value(document, OKG.recordedAt)
    if isinstance(value, Literal) and isinstance(value.toPython(), datetime):
        moment = value.toPython()
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    day = published_day(metadata.value(document, OKG.published), metadata)
    return datetime.combine(day, datetime.min.time(), timezone.utc) if day else _EPOCH


def published_day(span: Node | None, graph: Graph) -> date | None:
    """The last day of the time span ``span`` in ``graph`` (its earliest when it has no latest), or None."""
    if span is None:
        return None
    for prop in (OKG.latest, OKG.earliest):
        value = graph.value(span, prop)
        if isinstance(value, Literal) and isinstance(value.toPython(), date):
            return value.toPython()
    return None


def sentence(text: str) -> str:
    """``text`` stripped, ending with a full stop unless it already ends a sentence or a quotation."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…", "”", "\"")) else f"{text}."
