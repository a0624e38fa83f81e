"""The SHACL shapes (ontology/shapes/*.ttl) and kg.shapes.

Fixtures live in tests/shapes/<area>.trig, one TriG file per shapes file, with one named graph per fixture:

    t:<Shape>.bad[-what]   violates the shape: the report must hold a result whose sh:sourceShape is <Shape>
                           (and, for a SPARQL-based shape, whose sh:sourceConstraint is its constraint);
    t:<Shape>.ok[-what]    conforms to the shape: no result from <Shape>;
    t:<area>.ok            a realistic batch that conforms to every shape, with no warnings either; it is the
                           conforming fixture of every shape of the area that finds a focus node in it.

where t: is <https://w3id.org/osint-kg/shapes/test#> and <Shape> is the local name of the shape's okgsh: IRI. Each
fixture is validated as a batch of its own, with the ontology and the reference data as context, against the shapes
of its area (shapes do not depend on each other; the area batches are also validated against all shapes).
"""

from __future__ import annotations

import socket
import time
import warnings
from dataclasses import FrozenInstanceError
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.config import ARTICLES_DIR, DEFAULT_BASE, ONTOLOGY_DIR, SHAPES_DIR
from kg.factfile.convert import FactFileReader
from kg.model import Model
from kg.shapes import SHAPES, ShaclOutcome, batch_nodes, load_shapes, validate
from kg.vocab import OKG, OKG_NS

FIXTURES = Path(__file__).resolve().parent / "shapes"
T = Namespace("https://w3id.org/osint-kg/shapes/test#")
SEED = ARTICLES_DIR / "2022-12-20-hajun-russian-troops-south-belarus.yaml"
IN_SCHEME = SHAPES.InSchemeConstraintComponent
SHAPES_ONTOLOGY = URIRef("https://w3id.org/osint-kg/shapes")
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
AREAS = sorted(p.stem for p in SHAPES_DIR.glob("*.ttl") if p.stem != "common")


# --- what the shapes files declare ---
@cache
def area_shapes(area: str) -> Graph:
    """The shapes of one area, with what every area shares (prefixes, the in-scheme component)."""
    return Graph().parse(SHAPES_DIR / "common.ttl").parse(SHAPES_DIR / f"{area}.ttl")


@cache
def all_shapes() -> Graph:
    return load_shapes()


def shape_iris(graph: Graph) -> set:
    """Every node that is a shape by declaration, by use (sh:property) or by having a path or a target."""
    parameters = set(graph.subjects(RDF.type, SH.Parameter))
    found = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    found |= set(graph.objects(None, SH.property)) | (set(graph.subjects(SH.path, None)) - parameters)
    for target in TARGETS:
        found |= set(graph.subjects(target, None))
    return found


@cache
def shape_area() -> dict[URIRef, str]:
    return {shape: area for area in AREAS for shape in shape_iris(Graph().parse(SHAPES_DIR / f"{area}.ttl"))}


def sparql_constraint(shape: URIRef) -> URIRef | None:
    return all_shapes().value(shape, SH.sparql)


def name(shape: URIRef) -> str:
    return str(shape)[len(str(SHAPES)):]


# --- fixtures ---
_fixture_files: dict[str, str] = {}  # shape (or area) local name → the fixture file it is in


@cache
def fixture_graphs() -> dict[str, dict[str, Graph]]:
    """Fixture graphs by shape (or area) local name, then by kind ('bad', 'bad-two', 'ok', ...)."""
    found: dict[str, dict[str, Graph]] = {}
    for path in sorted(FIXTURES.glob("*.trig")):
        dataset = Dataset()
        with warnings.catch_warnings():  # rdflib's TriG parser uses its own deprecated ConjunctiveGraph API
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(path, format="trig")
        for graph in dataset.graphs():
            if not str(graph.identifier).startswith(str(T)):
                assert len(graph) == 0, f"{path.name}: triples outside a t: named graph"
                continue
            subject, _, kind = str(graph.identifier)[len(str(T)):].rpartition(".")
            assert subject and kind.split("-")[0] in ("ok", "bad"), f"{path.name}: bad fixture name {graph.identifier}"
            copy = Graph()
            for prefix, namespace in dataset.namespaces():
                copy.bind(prefix, namespace)
            copy += graph
            found.setdefault(subject, {})[kind] = copy
            _fixture_files[subject] = path.stem
    return found


def fixtures_of(shape: URIRef, kind: str) -> list[str]:
    """Names of the shape's own fixtures of one kind; conforming fixtures include its area's conforming batch."""
    own = fixture_graphs().get(name(shape), {})
    found = [f"{name(shape)}.{k}" for k in sorted(own) if k.split("-")[0] == kind]
    area = shape_area()[shape]
    if kind == "ok" and "ok" in fixture_graphs().get(area, {}):
        found.append(f"{area}.ok")
    return found


def fixture(key: str) -> Graph:
    subject, _, kind = key.rpartition(".")
    return fixture_graphs()[subject][kind]


@cache
def context_graph() -> Graph:
    """The ontology and the reference data: what every fixture and the seed article refer to."""
    model = Model.load(DEFAULT_BASE)
    return model.ontology + model.reference


@pytest.fixture(scope="module")
def model() -> Model:
    return Model.load(DEFAULT_BASE)


@pytest.fixture(scope="module")
def context() -> Graph:
    return context_graph()


@cache
def check(key: str, area: str) -> ShaclOutcome:
    """A fixture validated with the shapes of one area (shapes do not depend on each other), once per run."""
    return validate(fixture(key), context_graph(), shapes=area_shapes(area))


@cache
def merged(key: str) -> Graph:
    return fixture(key) + context_graph()


def from_shape(outcome: ShaclOutcome, shape: URIRef) -> list:
    return [r for r in outcome.results if r.source_shape == shape]


# --- targets, paths and focus nodes as SPARQL (for non-vacuous fixtures and the Oxigraph comparison) ---
def sparql_path(graph: Graph, path) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(sparql_path(graph, p) for p in Collection(graph, path)) + ")"
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(sparql_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return f"^({sparql_path(graph, inverse)})"
    for modifier, sign in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := graph.value(path, modifier)) is not None:
            return f"({sparql_path(graph, inner)}){sign}"
    raise AssertionError(f"unknown SHACL path {path}")


def path_iris(graph: Graph, path) -> set[URIRef]:
    """The properties a SHACL path goes through."""
    if isinstance(path, URIRef):
        return {path}
    if (path, RDF.first, None) in graph:
        return set().union(*(path_iris(graph, p) for p in Collection(graph, path)))
    found: set[URIRef] = set()
    for key in (SH.alternativePath, SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        if (inner := graph.value(path, key)) is not None:
            found |= path_iris(graph, inner)
    return found


def target_pattern(graph: Graph, shape: URIRef) -> str:
    """A SPARQL pattern binding ?this to the shape's focus nodes: its own targets and those of the node shapes
    that use it as a property shape."""
    owners = [shape, *graph.subjects(SH.property, shape)]
    patterns = []
    for owner in owners:
        patterns += [f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> ." for c in graph.objects(owner, SH.targetClass)]
        patterns += [f"?this <{p}> ?_object ." for p in graph.objects(owner, SH.targetSubjectsOf)]
        patterns += [f"?_subject <{p}> ?this ." for p in graph.objects(owner, SH.targetObjectsOf)]
        patterns += [f"VALUES ?this {{ <{n}> }}" for n in graph.objects(owner, SH.targetNode)]
    assert patterns, f"{shape} has no target"
    return " UNION ".join("{ " + p + " }" for p in patterns)


def focus_with_values(key: str, shape: URIRef) -> set:
    """Focus nodes of the shape in the fixture; for a property shape, only those with a value on its path."""
    graph = all_shapes()
    query = f"SELECT DISTINCT ?this WHERE {{ {target_pattern(graph, shape)} "
    if (path := graph.value(shape, SH.path)) is not None:
        query += f"?this {sparql_path(graph, path)} ?_value . "
    return {row[0] for row in merged(key).query(query + "}")} & batch_nodes(fixture(key), context_graph())


def prefixes() -> str:
    graph = all_shapes()
    return "".join(f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>\n"
                   for d in graph.objects(SHAPES_ONTOLOGY, SH.declare))


# --- the shape inventory ---
SHAPE_LIST = sorted(shape_iris(all_shapes()))
SPARQL_SHAPES = [s for s in SHAPE_LIST if all_shapes().value(s, SH.sparql) is not None]
IN_SCHEME_SHAPES = [s for s in SHAPE_LIST if (s, SHAPES.scheme, None) in all_shapes()]


def test_shapes_follow_the_conventions():
    graph = all_shapes()
    problems = []
    for shape in SHAPE_LIST:
        label = name(shape) if isinstance(shape, URIRef) else str(shape)
        if not (isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES))):
            problems.append(f"{label}: not a named okgsh: IRI")
            continue
        kinds = set(graph.objects(shape, RDF.type)) & {SH.NodeShape, SH.PropertyShape}
        path_count = len(list(graph.objects(shape, SH.path)))
        if kinds != ({SH.PropertyShape} if path_count else {SH.NodeShape}) or path_count > 1:
            problems.append(f"{label}: declare exactly one of sh:NodeShape or sh:PropertyShape (with one sh:path)")
        if set(graph.objects(shape, SH.severity)) not in ({SH.Violation}, {SH.Warning}):
            problems.append(f"{label}: needs one sh:severity, sh:Violation or sh:Warning")
        if not any(isinstance(m, Literal) and m.language == "en" for m in graph.objects(shape, SH.message)):
            problems.append(f"{label}: needs an English sh:message")
        targeted = any((shape, t, None) in graph for t in TARGETS)
        if (targeted or not path_count) and not (graph.value(shape, RDFS.label) and graph.value(shape, RDFS.comment)):
            problems.append(f"{label}: a node shape or targeted shape needs rdfs:label and rdfs:comment")
        if not targeted and (None, SH.property, shape) not in graph:
            problems.append(f"{label}: neither targeted nor used by a node shape")
        if not path_count and not (set(graph.predicates(shape)) - {SH.property, SH.severity, SH.message, RDF.type,
                                                                       RDFS.label, RDFS.comment, *TARGETS}):
            problems.append(f"{label}: a node shape without a constraint of its own can never be a result's source")
    for constraint in graph.objects(None, SH.sparql):
        if not (isinstance(constraint, URIRef) and graph.value(constraint, SH.message)
                and graph.value(constraint, SH.select) and graph.value(constraint, SH.prefixes)):
            problems.append(f"{constraint}: a SPARQL constraint is a named IRI with sh:message, sh:select, sh:prefixes")
    assert problems == []


def test_shapes_are_valid_shacl():
    """pyshacl checks the shapes graph against the SHACL-for-SHACL shapes (it raises if they do not conform)."""
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=all_shapes(), meta_shacl=True)
    assert conforms, text


def test_allowed_values_come_from_the_ontology():
    """No hard-coded value lists: allowed concepts are read from the ontology's skos:inScheme."""
    graph = all_shapes()
    assert not list(graph.subject_objects(SH["in"]))
    schemes = set(graph.objects(None, SHAPES.scheme))
    assert {OKG.TLP, OKG.CredibilityScale, OKG.ReliabilityScale, OKG.Echelons, OKG.EventStatuses,
            OKG.LikelihoodScale} <= schemes
    ontology = Model.load(DEFAULT_BASE).ontology
    for scheme in schemes:
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, scheme


def test_every_shape_has_a_conforming_and_a_violating_fixture():
    missing = []
    for shape in SHAPE_LIST:
        if not fixtures_of(shape, "bad"):
            missing.append(f"{name(shape)}: no t:{name(shape)}.bad")
        if not fixtures_of(shape, "ok"):
            missing.append(f"{name(shape)}: no conforming fixture")
    assert missing == []
    known = {name(s) for s in SHAPE_LIST} | set(AREAS)
    assert sorted(set(fixture_graphs()) - known) == [], "fixtures for shapes that do not exist"
    areas = {name(s): a for s, a in shape_area().items()} | {a: a for a in AREAS}
    assert sorted(f"{k} is in {f}.trig, not {areas[k]}.trig" for k, f in _fixture_files.items() if areas[k] != f) == []
    assert sorted(a for a in AREAS if "ok" not in fixture_graphs().get(a, {})) == [], "an area without t:<area>.ok"


@pytest.mark.parametrize("shape", SHAPE_LIST, ids=name)
def test_violating_fixture_is_reported_by_its_shape(shape):
    constraint = sparql_constraint(shape)
    severity = all_shapes().value(shape, SH.severity)
    for key in fixtures_of(shape, "bad"):
        results = from_shape(check(key, shape_area()[shape]), shape)
        assert results, f"{key}: no result from {name(shape)}"
        assert all(r.severity == severity and r.message for r in results), key
        if constraint is not None:
            assert any(r.source_constraint == constraint for r in results), key


@pytest.mark.parametrize("shape", SHAPE_LIST, ids=name)
def test_conforming_fixture_has_no_result_from_its_shape(shape):
    exercised = False
    for key in fixtures_of(shape, "ok"):
        focus = focus_with_values(key, shape)
        if key.split(".")[0] in AREAS and not focus:
            continue  # the area's batch does not exercise this shape; the shape has its own conforming fixture
        assert focus, f"{key} has no focus node (with a value) for {name(shape)}: the fixture is vacuous"
        exercised = True
        assert from_shape(check(key, shape_area()[shape]), shape) == [], key
    assert exercised, f"no conforming fixture exercises {name(shape)}"


@pytest.mark.parametrize("area", AREAS)
def test_area_batch_conforms_to_every_shape(area, context):
    outcome = validate(fixture(f"{area}.ok"), context)
    assert outcome.conforms
    assert [str(r) for r in outcome.results] == []


# --- SHACL-SPARQL means the same on a real store ---
def oxigraph_focus_nodes(select: str, shape: URIRef, key: str) -> set[str]:
    """Run a constraint's SELECT on an in-memory Oxigraph store holding the fixture and its context. $this is not
    pre-bound: the query is joined with the shape's targets instead, as a store would run it for a whole graph."""
    store = ox.Store()
    store.load(merged(key).serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    query = (prefixes() + f"SELECT DISTINCT ?this WHERE {{ {{ {target_pattern(all_shapes(), shape)} }} "
             f"{{ {select} }} }}")
    ours = {str(n) for n in batch_nodes(fixture(key), context_graph()) if isinstance(n, URIRef)}
    return {row["this"].value for row in store.query(query) if isinstance(row["this"], ox.NamedNode)} & ours


def constraint_select(shape: URIRef) -> tuple[str, object]:
    """The SELECT a shape runs, with its parameters substituted as pyshacl substitutes them, and a test telling
    which results of the shape it produces."""
    graph = all_shapes()
    if (constraint := graph.value(shape, SH.sparql)) is not None:
        return str(graph.value(constraint, SH.select)), lambda r: r.source_constraint == constraint
    validator = graph.value(IN_SCHEME, SH.propertyValidator)
    select = str(graph.value(validator, SH.select))
    select = select.replace("$PATH", sparql_path(graph, graph.value(shape, SH.path)))
    select = select.replace("$scheme", f"<{graph.value(shape, SHAPES.scheme)}>")
    return select, lambda r: r.constraint_component == IN_SCHEME


@pytest.mark.parametrize("shape", SPARQL_SHAPES + IN_SCHEME_SHAPES, ids=name)
def test_sparql_constraint_finds_the_same_focus_nodes_on_oxigraph(shape):
    select, produced_by = constraint_select(shape)
    found_in_bad = False
    for key in fixtures_of(shape, "bad") + fixtures_of(shape, "ok"):
        outcome = check(key, shape_area()[shape])
        by_pyshacl = {str(r.focus_node) for r in from_shape(outcome, shape) if produced_by(r)}
        by_oxigraph = oxigraph_focus_nodes(select, shape, key)
        assert by_pyshacl == by_oxigraph, key
        found_in_bad |= ".bad" in key and bool(by_oxigraph)
    assert found_in_bad, f"no violating fixture of {name(shape)} is found by its SELECT"


def test_ill_typed_and_mismatched_literals_do_not_fool_the_sparql_constraints(context):
    """rdflib orders "2022-13-45"^^xsd:date, "abc"^^xsd:decimal and dates against strings where SPARQL says type
    error; the guarded constraints find nothing in those fixtures, and the datatype shapes report the literals."""
    for shape, kind in ((SHAPES.TimeSpanOrderShape, "ok-ill-typed"), (SHAPES.TimeSpanOrderShape, "ok-string"),
                        (SHAPES.QuantityBoundsOrderShape, "ok-ill-typed")):
        outcome = validate(fixture(f"{name(shape)}.{kind}"), context)
        assert not outcome.conforms and from_shape(outcome, shape) == []
        assert {r.constraint_component for r in outcome.violations} >= {SH.DatatypeConstraintComponent}


# --- the seed article and the reference data ---
def test_seed_article_conforms(model, context, capsys):
    batch = FactFileReader(model).read(SEED)
    data = batch.graph + batch.metadata
    validate(data, context)  # warm the caches: parsed shapes and prepared SPARQL
    started = time.perf_counter()
    outcome = validate(data, context)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nseed article: {len(data)} triples validated in {elapsed:.2f} s; {len(outcome.warnings)} warning(s)")
        for result in outcome.warnings:
            print(f"  {result}")
    assert outcome.conforms and outcome.violations == []
    # No warning: the "ramping up" deployment and the aircraft deployment, once merged into one event node with two
    # labels (the Event-label-unique warning), are kept apart by event ids in the fact file.
    assert outcome.warnings == []
    assert elapsed < 5


def test_reference_data_conforms(model):
    outcome = validate(model.reference, model.ontology)
    assert outcome.conforms
    assert [str(r) for r in outcome.results] == []


def test_every_ontology_term_the_data_uses_has_a_shape(model):
    """Drift: each okg: class and property declared in ontology/*.ttl that the seed article or the reference data
    uses is the sh:targetClass (classes) or on the sh:path (properties) of some shape."""
    batch = FactFileReader(model).read(SEED)
    data = batch.graph + batch.metadata + model.reference
    declared = {term for term in model.ontology.subjects(RDF.type, None)
                if isinstance(term, URIRef) and str(term).startswith(OKG_NS)}
    classes = set(data.objects(None, RDF.type)) & declared
    properties = set(data.predicates()) & declared
    graph = all_shapes()
    targeted = set(graph.objects(None, SH.targetClass))
    on_paths = set().union(*(path_iris(graph, path) for path in graph.objects(None, SH.path)))
    assert sorted(classes - targeted) == []
    assert sorted(properties - on_paths) == []
    assert classes and properties


# --- kg.shapes: context, focus-node filter, inference, report ---
def test_class_targets_and_sh_class_follow_subclasses_without_inference(context):
    """Hajun is an okg:MonitoringGroup, four subclass steps below okg:Agent: no inference is needed to accept it as
    a claimant. With RDFS inference, okg:claimant's rdfs:range would make Kyiv an agent too."""
    batch = fixture("Claim-claimant.bad")
    outcome = validate(batch, context)
    assert [r.value for r in from_shape(outcome, SHAPES["Claim-claimant"])] == [URIRef(DEFAULT_BASE + "place/kyiv")]
    everything = batch + context
    everything.remove((None, OWL.imports, None))
    _, report, _ = pyshacl.validate(everything, shacl_graph=area_shapes("provenance"), inference="rdfs", inplace=True)
    assert (None, SH.sourceShape, SHAPES["Claim-claimant"]) not in report  # what "rdfs" would miss


def test_only_results_about_the_batch_are_reported(context):
    """A broken node in the context is not the new batch's fault; once the batch says something about it, it is."""
    broken = fixture("Claim-claimant.bad")
    claim = next(broken.subjects(RDF.type, OKG.Claim))
    unrelated = Graph()
    unrelated.add((URIRef(DEFAULT_BASE + "test/other"), RDFS.label, Literal("unrelated")))
    assert validate(unrelated, context + broken).results == []
    touching = Graph()
    touching.add((claim, OKG.statement, Literal("Russia moves troops.")))
    assert {r.source_shape for r in validate(touching, context + broken).results} >= {SHAPES["Claim-claimant"]}


def test_blank_node_focus_nodes_are_reported(context):
    from rdflib.namespace import XSD  # not at module level: pytest probes module globals and XSD warns on that
    data = Graph()
    quantity = BNode()
    data.add((quantity, RDF.type, OKG.Quantity))
    data.add((quantity, OKG.counts, OKG.Troops))
    data.add((quantity, OKG.value, Literal("-3", datatype=XSD.decimal)))
    outcome = validate(data, context)
    assert {r.source_shape for r in outcome.violations} >= {SHAPES.QuantityShape, SHAPES["Quantity-value"]}
    assert {r.focus_node for r in outcome.results} == {quantity}


def test_outcome_and_report(context):
    outcome = validate(fixture("TimeSpanOrderShape.bad"), context)
    with pytest.raises(FrozenInstanceError):
        outcome.conforms = True  # type: ignore[misc]
    assert not outcome.conforms and outcome.violations
    report = outcome.report
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(root, SH.conforms) == Literal(False)
    assert len(list(report.objects(root, SH.result))) == len(outcome.results)
    result = next(r for r in outcome.results if r.source_shape == SHAPES.TimeSpanOrderShape)
    assert result.source_constraint == SHAPES.TimeSpanOrder and "before the earliest day" in result.message
    warnings_only = validate(fixture("TimeSpan-precision-present.bad"), context)
    assert warnings_only.conforms and warnings_only.warnings and not warnings_only.violations
    assert warnings_only.report.value(next(warnings_only.report.subjects(RDF.type, SH.ValidationReport)),
                                      SH.conforms) == Literal(True)


def test_ill_typed_literals_are_reported_not_raised(context):
    from rdflib.namespace import XSD
    data = Graph()
    span, quantity = URIRef(DEFAULT_BASE + "test/span"), URIRef(DEFAULT_BASE + "test/quantity")
    data.add((span, RDF.type, OKG.TimeSpan))
    data.add((span, OKG.earliest, Literal("2022-13-45", datatype=XSD.date)))
    data.add((span, OKG.latest, Literal("2022-02-30", datatype=XSD.date)))
    data.add((quantity, RDF.type, OKG.Quantity))
    data.add((quantity, OKG.counts, OKG.Troops))
    data.add((quantity, OKG.lowerBound, Literal("abc", datatype=XSD.decimal)))
    data.add((quantity, OKG.upperBound, Literal("5", datatype=XSD.decimal)))
    outcome = validate(data, context)
    assert {(r.focus_node, r.path) for r in outcome.violations
            if r.constraint_component == SH.DatatypeConstraintComponent} == {
        (span, OKG.earliest), (span, OKG.latest), (quantity, OKG.lowerBound)}


def test_validation_never_touches_the_network(context, monkeypatch):
    """owl:imports are removed before pyshacl sees the graphs, and nothing is fetched."""
    def refuse(*args, **kwargs):
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    data = Graph()
    data.add((URIRef(DEFAULT_BASE + "test/ontology"), OWL.imports, URIRef("http://example.invalid/ontology.ttl")))
    shapes = load_shapes()
    shapes.add((SHAPES_ONTOLOGY, OWL.imports, URIRef("http://example.invalid/shapes.ttl")))
    assert validate(data, context, shapes=shapes).conforms
    assert (None, OWL.imports, None) not in load_shapes()


def test_load_shapes_reads_every_shapes_file():
    graph = load_shapes()
    for path in SHAPES_DIR.glob("*.ttl"):
        own = Graph().parse(path)
        assert {t for t in own if not any(isinstance(n, BNode) for n in t)} <= set(graph), path
    assert set(shape_area()) == set(SHAPE_LIST)
    assert SHAPES_DIR.parent == ONTOLOGY_DIR
