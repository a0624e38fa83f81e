"""The model as loaded: the ontology (the one hand-edited source) and the reference entities, with the look-ups
that readers of fact files and writers of reports need (class hierarchy, concept schemes, labels)."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.labels import LABEL_PREDICATES, display_label
from kg.config import ONTOLOGY_DIR, REFERENCE_DIR
from kg.errors import ModelError
from kg.vocab import OKG, OKG_NS

__all__ = ["Model", "load_ontology_graph", "load_reference_graph", "parse_turtle_directory", "slug"]


def parse_turtle_directory(directory: Path, what: str, base: str | None = None) -> Graph:
    """Every Turtle file of ``directory`` (``*.ttl``, in name order) parsed into one new graph, relative IRIs against
    ``base``; a file that does not parse is a ModelError naming it and ``what`` it holds. The model, the shapes and
    the fact-file format are all read this way."""
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        try:
            graph.parse(path, format="turtle", publicID=base)
        except Exception as exc:  # rdflib raises many unrelated types for syntax errors
            raise ModelError(f"{path}: cannot parse the {what}: {exc}") from exc
    return graph


def load_ontology_graph(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Every ontology module in ``directory`` (owl:imports are satisfied by these files; nothing is fetched)."""
    return parse_turtle_directory(directory, "model file")


def load_reference_graph(base: str, directory: Path = REFERENCE_DIR) -> Graph:
    """The reference entities, their relative IRIs resolved against ``base``."""
    return parse_turtle_directory(directory, "model file", base=base)


def slug(text: str) -> str:
    """The kebab-case name a fact file uses for a class or concept label ('joint exercise' → 'joint-exercise')."""
    return "-".join(str(text).lower().replace("-", " ").split())


class Model:
    """Ontology and reference data for one IRI base, loaded once per process (see :meth:`load`)."""

    def __init__(self, ontology: Graph, reference: Graph, base: str):
        self.ontology = ontology
        self.reference = reference
        self.base = base
        self._superclasses = self._superclass_closure()

    @classmethod
    @functools.cache
    def load(cls, base: str) -> "Model":
        return cls(load_ontology_graph(), load_reference_graph(base), base)

    # --- classes ---
    def _superclass_closure(self) -> dict[URIRef, frozenset[URIRef]]:
        direct: dict[URIRef, set[URIRef]] = {}
        for sub, sup in self.ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                direct.setdefault(sub, set()).add(sup)
        closure: dict[URIRef, frozenset[URIRef]] = {}

        def walk(cls: URIRef, seen: frozenset[URIRef]) -> frozenset[URIRef]:
            if cls in closure:
                return closure[cls]
            result = {cls}
            for sup in direct.get(cls, ()):
                if sup in seen:
                    raise ModelError(f"class hierarchy has a cycle through {sup}")
                result |= walk(sup, seen | {cls})
            closure[cls] = frozenset(result)
            return closure[cls]

        for cls in list(direct):
            walk(cls, frozenset())
        return closure

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """``cls`` and every class above it."""
        return self._superclasses.get(cls, frozenset({cls}))

    def subclasses(self, root: URIRef) -> set[URIRef]:
        """``root`` and every class the ontology puts below it."""
        return {c for c, sups in self._superclasses.items() if root in sups} | {root}

    def types(self, node: URIRef, *extra: Graph) -> set[URIRef]:
        """Every class ``node`` belongs to (asserted in the model or in ``extra`` graphs, plus superclasses)."""
        asserted = set(self.reference.objects(node, RDF.type)) | set(self.ontology.objects(node, RDF.type))
        for graph in extra:
            asserted |= set(graph.objects(node, RDF.type))
        result: set[URIRef] = set()
        for cls in asserted:
            result |= self.superclasses(cls)
        return result

    def is_a(self, node: URIRef, cls: URIRef, *extra: Graph) -> bool:
        return cls in self.types(node, *extra)

    def class_names(self, root: URIRef) -> dict[str, URIRef]:
        """Fact-file names of ``root`` and its subclasses, from their labels ('news-article' → okg:NewsArticle)."""
        return {slug(self.label(c)): c for c in self.subclasses(root) if str(c).startswith(OKG_NS)}

    # --- concepts ---
    def concepts(self, scheme: URIRef) -> dict[str, URIRef]:
        """The concepts of a scheme by their notation, as a slug ('tlp:amber' → okg:TLP_AMBER)."""
        found = {slug(n): c for c in self.ontology.subjects(SKOS.inScheme, scheme)
                 for n in self.ontology.objects(c, SKOS.notation)}
        if not found:
            raise ModelError(f"concept scheme {scheme} has no concepts with a skos:notation")
        return found

    def rank(self, concept: URIRef) -> int | None:
        value = self.ontology.value(concept, OKG.rank)
        return int(value) if value is not None else None

    # --- labels ---
    def label(self, node: URIRef, *extra: Graph) -> str:
        """The display label of a node (kg.labels) in the reference data, the ontology, then ``extra``; its IRI when
        it has none."""
        return display_label(node, (self.reference, self.ontology, *extra), LABEL_PREDICATES[:2]) or str(node)

    def individuals_of(self, cls: URIRef) -> set[URIRef]:
        """Named individuals of ``cls`` or its subclasses, in the ontology and the reference data."""
        classes = self.subclasses(cls)
        found = set()
        for graph in (self.ontology, self.reference):
            for c in classes:
                found |= {s for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
        return found
