"""Standard terms on the instances of an export: what the ontology's alignment axioms say, written out.

The ontology aligns its terms with PROV-O, W3C ORG, OWL-Time, GeoSPARQL, FOAF and SKOS by ``rdfs:subClassOf`` and
``rdfs:subPropertyOf`` (an ``okg:Document`` is a ``prov:Entity``; ``okg:claimant`` is a ``prov:wasAttributedTo``).
A partner's store without a reasoner sees only the asserted ``okg:`` terms, so a query in the standard vocabularies
finds nothing. An export therefore carries, beside every instance triple, the triples the alignment implies in those
vocabularies: each ``rdf:type`` of a standard superclass, and each statement again with its standard
superproperties, in the same named graph (so the provenance of the statement stays that of its document).

Only terms outside the project's own namespace are added (the ``okg:`` hierarchy is the partner's to reason over,
from the ontology in the export), and only on instance graphs: the ontology and the shapes graphs are the model.
The axioms are read from the ontology, never listed here: a new alignment axiom is exported with no code change.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS

from kg.config import Settings
from kg.marking import SHAPES_GRAPH, VisibleDataset
from kg.model import Model
from kg.sparql import sparql_term
from kg.vocab import OKG_NS

__all__ = ["standard_superclasses", "standard_superproperties", "add_standard_terms"]


def _standard(term: URIRef) -> bool:
    return isinstance(term, URIRef) and not str(term).startswith(OKG_NS)


def standard_superclasses(model: Model) -> dict[URIRef, set[URIRef]]:
    """Each ontology class → the classes of other vocabularies above it (transitively)."""
    classes = {c for c in model.ontology.subjects(RDFS.subClassOf, None) if isinstance(c, URIRef)}
    found = {c: {s for s in model.superclasses(c) if s != c and _standard(s)} for c in classes
             if str(c).startswith(OKG_NS)}
    return {c: sups for c, sups in found.items() if sups}


def standard_superproperties(model: Model) -> dict[URIRef, set[URIRef]]:
    """Each ontology property → the properties of other vocabularies above it (transitively)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in model.ontology.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    found: dict[URIRef, set[URIRef]] = {}
    for prop in direct:
        if not str(prop).startswith(OKG_NS):
            continue
        seen, todo = set(), list(direct[prop])
        while todo:  # a cycle in the property hierarchy ends the walk instead of looping
            sup = todo.pop()
            if sup not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        standard = {s for s in seen if _standard(s)}
        if standard:
            found[prop] = standard
    return found


#: Types, then statements: each ``(okg term, standard term)`` pair in VALUES, starting from the pairs
#: (docs/writing-queries.md), in every graph but the model's.
_TYPES = """INSERT {{ GRAPH ?g {{ ?s a ?standard }} }}
WHERE {{
  VALUES (?class ?standard) {{ {pairs} }}
  GRAPH ?g {{ ?s a ?class }}
  FILTER(?g NOT IN ({model_graphs}))
}}"""
_STATEMENTS = """INSERT {{ GRAPH ?g {{ ?s ?standard ?o }} }}
WHERE {{
  VALUES (?property ?standard) {{ {pairs} }}
  GRAPH ?g {{ ?s ?property ?o }}
  FILTER(?g NOT IN ({model_graphs}))
}}"""


def _pairs(mapping: dict[URIRef, set[URIRef]]) -> str:
    return " ".join(f"({sparql_term(term)} {sparql_term(standard)})" for term, standards in sorted(mapping.items())
                    for standard in sorted(standards))


def add_standard_terms(dataset: VisibleDataset, model: Model, settings: Settings) -> int:
    """Add to ``dataset`` (an export's own copy) the standard-vocabulary triples its instances imply; how many
    quads were added. Running it again adds nothing."""
    before = len(dataset.store)
    model_graphs = ", ".join(sparql_term(URIRef(settings.graph(name))) for name in ("ontology", SHAPES_GRAPH))
    for template, mapping in ((_TYPES, standard_superclasses(model)), (_STATEMENTS, standard_superproperties(model))):
        if mapping:
            dataset.store.update(template.format(pairs=_pairs(mapping), model_graphs=model_graphs))
    return len(dataset.store) - before
