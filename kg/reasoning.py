"""OWL 2 reasoning over the model with HermiT (through owlready2): is the ontology plus reference data consistent,
and is every class satisfiable? Runs on a fresh owlready2 World each time (no global state), on a local copy of
the model in which nothing can be fetched or executed."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.errors import ModelError
from kg.explain import explain_inconsistency, explain_unsatisfiable
from kg.model import Model

__all__ = ["ReasoningReport", "check_model", "check_graph", "reasoner_input"]

# owlready2 imports a Python module named by this annotation when it loads an ontology: never let it through.
_OWLREADY_NS = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"
# namespaces of the datatypes in the OWL 2 datatype map (xsd:, rdf:PlainLiteral and friends, owl:real/rational)
_OWL2_DATATYPES = (str(XSD), str(RDF), str(OWL))


@dataclass(frozen=True)
class ReasoningReport:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    detail: str = ""
    #: the asserted axioms behind the findings (kg.explain), one line each
    explanations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        why = "".join(f"\n  because {line}" for line in self.explanations)
        if not self.consistent:
            return f"INCONSISTENT: the ontology and reference data contradict each other.\n{self.detail}{why}".rstrip()
        if self.unsatisfiable:
            return "unsatisfiable classes (no individual can belong to them):\n" + "\n".join(
                f"  {c}" for c in self.unsatisfiable) + why
        return "consistent; every class is satisfiable"


def reasoner_input(graph: Graph) -> Graph:
    """A copy of ``graph`` that HermiT can read and that cannot reach out: no owl:imports (the modules are all
    loaded already), no owlready2 Python-module annotations, and xsd:date (outside the OWL 2 datatype map, which
    HermiT rejects) mapped to xsd:dateTime at midnight UTC, which keeps its ordering and type checks; literals of
    other datatypes outside that map (geo:wktLiteral) become plain strings."""
    out = Graph()
    for s, p, o in graph:
        if p == OWL.imports or str(p).startswith(_OWLREADY_NS):
            continue
        if o == XSD.date:
            o = XSD.dateTime
        elif isinstance(o, Literal) and o.datatype == XSD.date:
            o = Literal(f"{o}T00:00:00Z", datatype=XSD.dateTime)
        elif isinstance(o, Literal) and o.datatype is not None and not str(o.datatype).startswith(_OWL2_DATATYPES):
            o = Literal(str(o))  # e.g. geo:wktLiteral: HermiT knows only the OWL 2 datatype map
        elif p == RDF.type and o == RDFS.Datatype and not str(s).startswith(_OWL2_DATATYPES):
            continue
        out.add((s, p, o))
    return out


def check_graph(graph: Graph, timeout: float = 300) -> ReasoningReport:
    import owlready2

    with tempfile.TemporaryDirectory(prefix="kg-reasoner-") as tmp:
        path = Path(tmp) / "model.nt"
        reasoner_input(graph).serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load(format="ntriples", only_local=True)
        except Exception as exc:  # owlready2 raises assorted errors on malformed input
            raise ModelError(f"the reasoner cannot load the model: {exc}") from exc
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            explanations = explain_inconsistency(graph)
            detail = "HermiT found no model satisfying all axioms." + (
                "" if explanations else " No individual has disjoint types and no functional data property has two "
                "values: look at property ranges and restrictions on the classes of recently edited individuals.")
            return ReasoningReport(False, detail=detail, explanations=explanations)
        except owlready2.OwlReadyJavaError as exc:
            raise ModelError(f"the reasoner failed: {str(exc)[:2000]}") from exc
        except (OSError, subprocess.SubprocessError) as exc:
            raise ModelError(f"cannot run the reasoner (Java 11+ is required): {exc}") from exc
        nothing = owlready2.Nothing
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not nothing)
        explanations = [f"{line} (for {c})" for c in unsatisfiable for line in explain_unsatisfiable(graph, URIRef(c))]
        return ReasoningReport(True, unsatisfiable, explanations=explanations)


def check_model(base: str) -> ReasoningReport:
    model = Model.load(base)
    return check_graph(model.ontology + model.reference)
