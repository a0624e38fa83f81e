"""The ontology: consistent and satisfiable under HermiT, every term documented, modules local, and the Python
vocabulary read from it (no drift possible, no hand-typed term IRIs elsewhere)."""

from __future__ import annotations

import ast
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.config import ONTOLOGY_DIR, PROJECT_ROOT
from kg.reasoning import check_graph, check_model
from kg.vocab import OKG, OKG_NS


def test_hermit_finds_the_model_consistent_and_satisfiable(model):
    report = check_model(model.base)
    assert report.consistent, report.summary()
    assert report.unsatisfiable == [], report.summary()


def test_hermit_detects_an_inconsistency(model):
    """The check can fail: a person who is also a city contradicts the disjointness axioms."""
    broken = model.ontology + model.reference
    putin = URIRef(model.base + "person/vladimir-putin")
    broken.add((putin, RDF.type, OKG.City))
    report = check_graph(broken)
    assert not report.consistent
    # the explanation names the individual and the disjoint classes it falls under
    assert any("person/vladimir-putin" in line and "okg:Person" in line and "okg:City" in line
               for line in report.explanations), report.summary()
    assert "because" in report.summary()


def test_hermit_detects_an_unsatisfiable_class(model):
    broken = model.ontology + Graph()
    broken.add((OKG.Troops, RDF.type, OWL.NamedIndividual))
    odd = URIRef(OKG_NS + "PersonPlace")
    broken.add((odd, RDF.type, OWL.Class))
    broken.add((odd, RDFS.subClassOf, OKG.Person))
    broken.add((odd, RDFS.subClassOf, OKG.Place))
    report = check_graph(broken)
    assert str(odd) in report.unsatisfiable
    assert any("okg:PersonPlace" in line and "declared disjoint" in line for line in report.explanations), \
        report.summary()


def test_every_term_has_a_label_and_a_definition(model):
    undocumented = sorted(
        str(term) for term in set(model.ontology.subjects())
        if isinstance(term, URIRef) and str(term).startswith(OKG_NS)
        and not (model.ontology.value(term, RDFS.label) and model.ontology.value(term, SKOS.definition)))
    assert undocumented == []


def test_every_module_has_a_version_iri_and_imports_resolve_locally():
    declared, imported = set(), set()
    for path in ONTOLOGY_DIR.glob("*.ttl"):
        graph = Graph().parse(path)
        ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
        assert len(ontologies) == 1, path
        assert graph.value(ontologies[0], OWL.versionIRI), path
        declared.add(ontologies[0])
        imported |= set(graph.objects(None, OWL.imports))
    assert imported and imported <= declared


def test_the_model_covers_the_required_areas():
    for name in ["State", "Person", "Post", "Tenure", "MonitoringGroup", "ThinkTank", "Ministry", "MediaOutlet",
                 "ArmedForce", "MilitaryService", "AnonymousSource", "MilitaryUnit", "Echelon", "PersonnelKind",
                 "EquipmentType", "EquipmentModel", "canCarry", "Country", "Region", "City", "Airfield", "Border",
                 "RelativeArea", "Movement", "Transfer", "Deployment", "Meeting", "JointExercise", "Invasion",
                 "Offensive", "NewsArticle", "Interview", "Report", "SocialMediaPost", "Claim", "Assessment",
                 "Evidence", "Quantity", "TimeSpan", "TLPMarking", "HeadOfState", "CommanderInChief", "Spokesperson"]:
        assert OKG[name]  # the closed namespace raises for a term the ontology lacks


def test_vocabulary_is_closed():
    with pytest.raises(AttributeError):
        OKG.NotATerm  # noqa: B018


def _code_strings(path):
    """String constants of a module, docstrings excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_python_code_never_spells_ontology_terms_as_strings():
    """Terms come from kg.vocab.OKG; only vocab.py names the namespace, and no 'okg:Term' strings hide in code."""
    offenders = []
    for path in (PROJECT_ROOT / "kg").rglob("*.py"):
        for text in _code_strings(path):
            if path.name != "vocab.py" and OKG_NS in text:
                offenders.append(f"{path}: spells the ontology namespace")
            offenders += [f"{path}: {m.group()}" for m in re.finditer(r"okg:[A-Za-z]+", text)]
    assert offenders == []


def test_every_okg_term_used_in_queries_exists():
    """The query catalog uses only terms the ontology defines."""
    unknown = set()
    for path in (PROJECT_ROOT / "queries").glob("*.rq"):
        for name in re.findall(r"\bokg:([A-Za-z_]+)", path.read_text(encoding="utf-8")):
            try:
                OKG[name]
            except (AttributeError, KeyError):
                unknown.add(f"{path.name}: okg:{name}")
    assert unknown == set()


def test_reference_entities_have_one_preferred_label_and_valid_qids(model):
    ref = model.reference
    for entity in {s for s in ref.subjects(RDF.type, None) if isinstance(s, URIRef)}:
        if (entity, SKOS.prefLabel, None) in ref:
            english = [l for l in ref.objects(entity, SKOS.prefLabel) if isinstance(l, Literal) and l.language == "en"]
            assert len(english) == 1, entity
    for entity, qid in ref.subject_objects(OKG.qid):
        assert re.fullmatch(r"Q[1-9]\d*", str(qid)), entity
        assert (entity, SKOS.exactMatch, URIRef(f"http://www.wikidata.org/entity/{qid}")) in ref
