"""Linked-data exports: nothing from a more restricted document reaches any exported file at any level below RED
(canary strings, every format, data, description and checksums alike); the description counts what the dataset
holds; checksums verify; every format parses back, with rdflib and with pyoxigraph, into what was exported; JSON-LD
uses the local context; files are written atomically; and ``kg export`` keeps its exit codes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from conftest import CANARIES
from kg.config import DEFAULT_BASE, Settings
from kg.errors import StoreError
from kg.export import DescriptionOptions, export_dataset
from kg.export.checksums import CHECKSUMS_FILE, read_checksums
from kg.export.directory import STAGING_MARK
from kg.export.description import DEFAULT_LICENCE, DESCRIPTION_FILE, SD, SPDX
from kg.export.formats import RDF_FORMATS
from kg.export.writer import ONTOLOGY_PAGE
from kg.export.jsonld import CONTEXT_FILE, load_context, to_rdflib
from kg.marking import marking_level, visible_dataset
from kg.model import Model
from kg.store import EmbeddedStore
from kg.terms import from_ox
from kg.vocab import FOAF, OKG, OKG_NS
from helpers import run_kg

LEVELS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
FORMATS = tuple(RDF_FORMATS)
OX_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
              "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {"trig": "trig", "nquads": "nquads", "turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def marked(marked_store_path):
    model = Model.load(DEFAULT_BASE)
    settings = Settings(DEFAULT_BASE, marked_store_path)
    store = EmbeddedStore(marked_store_path, read_only=True)
    datasets = {level: visible_dataset(store, marking_level(level, model), settings, model) for level in LEVELS}
    store.close()
    return datasets, settings, model


@pytest.fixture(scope="module")
def exports(marked, tmp_path_factory):
    """Every level in every RDF format, exported once for this module: (level, format) → directory."""
    datasets, settings, model = marked
    root = tmp_path_factory.mktemp("exports")
    out = {}
    for level, dataset in datasets.items():
        for fmt in FORMATS:
            directory = root / f"{level.replace(':', '-').replace('+', '-')}-{fmt}"
            export_dataset(dataset, directory, fmt, settings, model)
            out[level, fmt] = directory
    return out


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file())


# --- markings: nothing leaks, in any file ---

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("level", LEVELS[:-1])
def test_no_canary_in_any_exported_file_below_red(exports, level, fmt):
    directory = exports[level, fmt]
    names = {p.name for p in _files(directory)}
    assert names == {RDF_FORMATS[fmt].filename, DESCRIPTION_FILE, CHECKSUMS_FILE, ONTOLOGY_PAGE}
    for path in _files(directory):
        text = path.read_text(encoding="utf-8")
        leaked = [c for c in CANARIES if c in text]
        assert not leaked, f"{leaked} leaked into {path.name} at {level}"
    assert "Russian troops left Belarus in March 2023." in (directory / RDF_FORMATS[fmt].filename).read_text(
        encoding="utf-8").replace("\\u", "")  # the CLEAR document's public claim is there


@pytest.mark.parametrize("fmt", FORMATS)
def test_red_exports_carry_the_canaries(exports, fmt):
    text = (exports["TLP:RED", fmt] / RDF_FORMATS[fmt].filename).read_text(encoding="utf-8")
    for canary in ("CANARY-RED-TITLE-7f3a", "CANARY-RED-STATEMENT-7f3a", "CANARY-CLAIM-STATEMENT-5b1e"):
        assert canary in text, canary


# --- the description ---

def _description(directory: Path) -> tuple[Graph, URIRef]:
    graph = Graph().parse(directory / DESCRIPTION_FILE, format="turtle")
    [subject] = graph.subjects(RDF.type, DCAT.Dataset)
    return graph, subject


@pytest.mark.parametrize("level", LEVELS)
def test_the_description_counts_what_the_dataset_holds(marked, exports, level):
    datasets, _, model = marked
    dataset = datasets[level]
    graph, subject = _description(exports[level, "trig"])
    assert graph.value(subject, VOID.triples).toPython() == len(dataset)
    counted = {str(graph.value(s, SD.name)): graph.value(s, VOID.triples).toPython()
               for s in graph.objects(subject, VOID.subset)}
    assert counted == dataset.graph_sizes()
    assert graph.value(subject, OKG.marking) == marking_level(level, model)


def test_the_description_names_licence_publisher_files_and_vocabularies(marked, exports):
    directory = exports["TLP:GREEN", "turtle"]
    graph, subject = _description(directory)
    assert (subject, RDF.type, VOID.Dataset) in graph
    assert graph.value(subject, DCTERMS.license) == URIRef(DEFAULT_LICENCE)
    assert graph.value(subject, DCTERMS.title) and graph.value(subject, DCTERMS.created).datatype == XSD.dateTime
    assert str(graph.value(graph.value(subject, DCTERMS.publisher), FOAF.name)) == "OSINT knowledge graph"
    assert "TLP:GREEN" in str(graph.value(subject, DCTERMS.accessRights))
    vocabularies = set(graph.objects(subject, VOID.vocabulary))
    assert {URIRef(OKG_NS), URIRef(str(RDFS)), URIRef(str(OWL))} <= vocabularies
    [distribution] = graph.objects(subject, DCAT.distribution)
    data = directory / "data.ttl"
    assert graph.value(distribution, DCAT.byteSize).toPython() == data.stat().st_size
    assert str(graph.value(distribution, DCAT.mediaType)).endswith("/text/turtle")
    checksum = graph.value(distribution, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data.read_bytes()).hexdigest()
    assert graph.value(subject, VOID.sparqlEndpoint) is None


def test_endpoint_and_licence_are_configurable(marked, tmp_path):
    datasets, settings, model = marked
    options = DescriptionOptions(licence="https://example.org/licence", endpoint_url="http://127.0.0.1:7878/sparql")
    export_dataset(datasets["TLP:CLEAR"], tmp_path, "nquads", settings, model, options)
    graph, subject = _description(tmp_path)
    assert graph.value(subject, DCTERMS.license) == URIRef("https://example.org/licence")
    assert graph.value(subject, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:7878/sparql")
    assert (None, DCAT.endpointURL, URIRef("http://127.0.0.1:7878/sparql")) in graph


# --- checksums ---

@pytest.mark.parametrize("fmt", FORMATS)
def test_checksums_cover_every_file_and_verify(exports, fmt):
    directory = exports["TLP:AMBER", fmt]
    listed = read_checksums(directory / CHECKSUMS_FILE)
    assert set(listed) == {p.name for p in _files(directory)} - {CHECKSUMS_FILE}
    for name, digest in listed.items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == digest, name
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "-c", CHECKSUMS_FILE], cwd=directory, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


# --- round trips ---

def _expected(dataset) -> dict[str, Graph]:
    """The exported dataset, graph by graph, as rdflib graphs."""
    graphs: dict[str, Graph] = {}
    for quad in dataset.store:
        graphs.setdefault(quad.graph_name.value, Graph()).add(
            (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


def _union(graphs) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union


def _from_rdflib(path: Path, fmt: str) -> dict[str, Graph]:
    if RDF_FORMATS[fmt].keeps_graphs:
        parsed = Dataset().parse(path, format=RDFLIB_FORMATS[fmt])
        return {str(g.identifier): Graph() + g for g in parsed.graphs() if len(g)}
    return {"": Graph().parse(path, format=RDFLIB_FORMATS[fmt])}


def _from_pyoxigraph(path: Path, fmt: str) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=path, format=OX_FORMATS[fmt]):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, Graph()).add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


@pytest.mark.parametrize("parser", [_from_rdflib, _from_pyoxigraph], ids=["rdflib", "pyoxigraph"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_back_into_an_isomorphic_graph(marked, exports, fmt, parser):
    datasets, _, _ = marked
    expected = _expected(datasets["TLP:GREEN"])
    if not RDF_FORMATS[fmt].keeps_graphs:
        expected = {"": _union(expected.values())}
    parsed = parser(exports["TLP:GREEN", fmt] / RDF_FORMATS[fmt].filename, fmt)
    assert set(parsed) == set(expected)
    for name, graph in expected.items():
        assert len(parsed[name]) == len(graph), name
        assert isomorphic(parsed[name], graph), name


# --- JSON-LD and its context ---

def test_jsonld_is_compacted_with_the_embedded_local_context(marked, exports):
    _, settings, _ = marked
    text = (exports["TLP:CLEAR", "jsonld"] / "data.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["@context"] == load_context(settings)  # an object, never a URL to fetch
    assert isinstance(document["@context"], dict)

    def contexts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    yield value
                yield from contexts(value)
        elif isinstance(node, list):
            for item in node:
                yield from contexts(item)

    assert not [c for c in contexts(document) if not isinstance(c, dict)]  # no remote (or any string) context
    def types(node) -> list:
        kinds = node.get("type", [])
        return kinds if isinstance(kinds, list) else [kinds]

    claims = [node for graph in document["@graph"] for node in graph.get("@graph", [])
              if {"Claim", "Assessment"} & set(types(node))]
    assert claims and all("statement" in c and "claimant" in c for c in claims)  # short terms, not full IRIs
    assert all(c["claimant"].startswith("https://") for c in claims)  # IRIs as plain strings
    labelled = [node for graph in document["@graph"] for node in graph.get("@graph", []) if "prefLabel" in node]
    assert any(isinstance(n["prefLabel"], dict) and "en" in n["prefLabel"] for n in labelled)  # language maps


def test_jsonld_handles_values_the_context_does_not_foresee(marked):
    """A literal where the context expects an IRI, another datatype, an untagged label: still round-trips."""
    datasets, settings, _ = marked
    data = to_rdflib(datasets["TLP:CLEAR"])
    odd = data.graph(URIRef(DEFAULT_BASE + "graph/odd"))
    thing = URIRef(DEFAULT_BASE + "thing/odd")
    odd.add((thing, OKG.earliest, Literal("2022", datatype=XSD.gYear)))
    odd.add((thing, OKG.about, Literal("not an IRI")))
    odd.add((thing, URIRef(str(RDFS) + "label"), Literal("no language")))
    odd.add((thing, OKG.value, Literal("1.50", datatype=XSD.decimal)))
    text = data.serialize(format="json-ld", context=load_context(settings), auto_compact=True)
    back = Dataset().parse(data=text, format="json-ld")
    for graph in data.graphs():
        if len(graph):
            assert isomorphic(Graph() + back.graph(graph.identifier), Graph() + graph), graph.identifier


def _expand(value: str, context: dict) -> str:
    prefix, sep, local = value.partition(":")
    if sep and isinstance(context.get(prefix), str) and not local.startswith("//"):
        return context[prefix] + local
    return value


def test_every_context_term_exists_in_the_ontology_with_its_declared_type(model):
    """Drift: a term the context maps must exist in the model, with the value type the ontology declares."""
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert context["@vocab"] == OKG_NS and context["okg"] == OKG_NS and context["kg"] == DEFAULT_BASE
    used = {p for p in (model.ontology + model.reference).predicates()}
    problems = []
    for term, definition in context.items():
        if term.startswith("@") or isinstance(definition, str):
            continue  # keywords, aliases and prefixes
        iri = _expand(definition["@id"], context)
        coercion = definition.get("@type")
        if iri.startswith(OKG_NS):
            try:
                prop = OKG[iri[len(OKG_NS):]]
            except (AttributeError, KeyError):
                problems.append(f"{term}: {iri} is not in the ontology")
                continue
            kinds = set(model.ontology.objects(prop, RDF.type))
            declared = model.ontology.value(prop, RDFS.range)
            if OWL.ObjectProperty in kinds and coercion != "@id":
                problems.append(f"{term}: an object property, needs @type @id")
            if OWL.DatatypeProperty in kinds:
                wanted = None if declared in (None, XSD.string, XSD.integer, XSD.boolean) else str(declared)
                if (_expand(coercion, context) if coercion else None) != wanted:
                    problems.append(f"{term}: range {declared}, context says {coercion}")
            if term != iri[len(OKG_NS):]:
                problems.append(f"{term}: names {iri}")
        elif URIRef(iri) not in used:
            problems.append(f"{term}: {iri} is used nowhere in the ontology or the reference data")
    assert problems == []


# --- atomic writes ---

def _broken(spec):
    """The format's writer, failing halfway through its output."""
    def write(dataset, handle, settings):
        import io

        buffer = io.BytesIO()
        spec.write(dataset, buffer, settings)
        handle.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        handle.flush()
        raise RuntimeError("disk on fire")
    return write


#: What a Turtle export writes, sorted.
_TURTLE_EXPORT = sorted([CHECKSUMS_FILE, DESCRIPTION_FILE, "data.ttl", ONTOLOGY_PAGE])


def _contents(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def _hidden_beside(directory: Path) -> list[str]:
    return [p.name for p in directory.parent.iterdir() if p.name.startswith(f".{directory.name}")]


def _set_aside(directory: Path) -> list[Path]:
    return sorted(directory.parent.glob(f".{directory.name}.kg-previous-*/{directory.name}"))


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
def test_a_failing_export_never_leaves_the_earlier_export_standing(marked, tmp_path, monkeypatch, fmt):
    """A RED export over a GREEN one fails halfway: the target is gone rather than holding the GREEN export (or any
    mix); the GREEN export is whole where the error says it was set aside; the next export removes it."""
    datasets, settings, model = marked
    spec = RDF_FORMATS[fmt]
    out = tmp_path / "out"
    export_dataset(datasets["TLP:GREEN"], out, fmt, settings, model)
    before = _contents(out)
    monkeypatch.setitem(RDF_FORMATS, fmt, dataclasses.replace(spec, write=_broken(spec)))
    with pytest.raises(RuntimeError, match="disk on fire") as failed:
        export_dataset(datasets["TLP:RED"], out, fmt, settings, model)
    assert not out.exists()
    [aside] = _set_aside(out)
    assert _contents(aside) == before  # every file of the GREEN export, byte for byte, and nothing else
    assert any(str(aside) in note for note in failed.value.__notes__)
    assert [p.name for p in tmp_path.iterdir() if STAGING_MARK in p.name] == []  # the half-written one went
    monkeypatch.setitem(RDF_FORMATS, fmt, spec)
    report = export_dataset(datasets["TLP:GREEN"], out, fmt, settings, model)
    assert _contents(out)[spec.filename] == before[spec.filename]  # (the description names the time of the run)
    assert _set_aside(out) == [] and report.removed == [aside.parent]
    fresh = tmp_path / "fresh"
    monkeypatch.setitem(RDF_FORMATS, fmt, dataclasses.replace(spec, write=_broken(spec)))
    with pytest.raises(RuntimeError):
        export_dataset(datasets["TLP:AMBER"], fresh, fmt, settings, model)
    assert not fresh.exists() and _hidden_beside(fresh) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RuntimeError):
        export_dataset(datasets["TLP:AMBER"], empty, fmt, settings, model)
    assert empty.is_dir() and list(empty.iterdir()) == []  # an empty folder of the user's stays


_KILLED_EXPORT = """
import os, signal, dataclasses
from kg.config import DEFAULT_BASE, Settings
from kg.errors import StoreError
from kg.export import export_store
from kg.export.formats import RDF_FORMATS
from kg.store import EmbeddedStore

spec = RDF_FORMATS["ntriples"]
def write(dataset, handle, settings):
    spec.write(dataset, handle, settings)
    handle.flush()
    os.kill(os.getpid(), signal.SIGKILL)
RDF_FORMATS["ntriples"] = dataclasses.replace(spec, write=write)
settings = Settings(DEFAULT_BASE, {store!r})
export_store(EmbeddedStore(settings.store_path, read_only=True), "red", {out!r}, "ntriples", settings)
"""


def test_a_killed_export_never_leaves_the_earlier_export_standing(marked, marked_store_path, tmp_path):
    """SIGKILL while a RED export writes its data over a GREEN one: the target is gone, never a partial file, never
    the GREEN export standing for the RED one asked for; the next export removes what the killed one left."""
    datasets, settings, model = marked
    out = tmp_path / "out"
    script = _KILLED_EXPORT.format(store=str(marked_store_path), out=str(out))

    def killed() -> None:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert done.returncode == -9, done.stderr

    killed()
    assert not out.exists()
    assert len(_hidden_beside(out)) == 1  # the killed run's half-written directory, hidden
    export_dataset(datasets["TLP:GREEN"], out, "ntriples", settings, model)
    assert _hidden_beside(out) == []
    before = _contents(out)
    killed()
    assert not out.exists()
    [aside] = _set_aside(out)
    assert _contents(aside) == before
    report = export_dataset(datasets["TLP:GREEN"], out, "turtle", settings, model)
    assert _hidden_beside(out) == [] and len(report.removed) == 2  # the set-aside export and the half-written one
    assert sorted(_contents(out)) == _TURTLE_EXPORT


def test_an_export_never_replaces_what_it_did_not_write(marked, tmp_path):
    """A directory holding a user's own files, a subdirectory, or an earlier export edited since is refused before
    anything is written, naming what is there; nothing in it changes."""
    datasets, settings, model = marked
    own = tmp_path / "own"
    own.mkdir()
    (own / "data.json").write_text('{"mine": true}\n')
    (own / "notes.txt").write_text("my notes\n")
    with pytest.raises(StoreError, match=r"data\.json, notes\.txt"):
        export_dataset(datasets["TLP:GREEN"], own, "stix", settings, model)
    assert _contents(own) == {"data.json": b'{"mine": true}\n', "notes.txt": b"my notes\n"}

    out = tmp_path / "out"
    export_dataset(datasets["TLP:GREEN"], out, "turtle", settings, model)
    (out / "data.ttl").write_text("# edited by hand\n", encoding="utf-8")
    before = _contents(out)
    with pytest.raises(StoreError, match=r"data\.ttl \(changed since it was exported\)"):
        export_dataset(datasets["TLP:GREEN"], out, "turtle", settings, model)
    assert _contents(out) == before

    extra = tmp_path / "extra"
    export_dataset(datasets["TLP:GREEN"], extra, "turtle", settings, model)
    (extra / "attachments").mkdir()
    with pytest.raises(StoreError, match="attachments"):
        export_dataset(datasets["TLP:GREEN"], extra, "turtle", settings, model)
    assert (extra / "attachments").is_dir()

    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        export_dataset(datasets["TLP:GREEN"], a_file, "turtle", settings, model)
    assert _hidden_beside(own) == _hidden_beside(out) == _hidden_beside(a_file) == []


def test_an_empty_directory_or_a_link_to_one_keeps_its_place_and_mode(marked, tmp_path):
    datasets, settings, model = marked
    real = tmp_path / "real"
    real.mkdir(mode=0o750)
    real.chmod(0o750)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    export_dataset(datasets["TLP:GREEN"], link, "turtle", settings, model)
    assert link.is_symlink() and link.resolve() == real
    assert sorted(p.name for p in real.iterdir()) == _TURTLE_EXPORT
    assert real.stat().st_mode & 0o777 == 0o750
    export_dataset(datasets["TLP:CLEAR"], link, "trig", settings, model)
    assert real.stat().st_mode & 0o777 == 0o750 and (real / "data.trig").exists()


def test_rerunning_replaces_the_export(marked, tmp_path):
    datasets, settings, model = marked
    export_dataset(datasets["TLP:RED"], tmp_path, "trig", settings, model)
    export_dataset(datasets["TLP:GREEN"], tmp_path, "turtle", settings, model)
    assert sorted(p.name for p in tmp_path.iterdir()) == [CHECKSUMS_FILE, "data.ttl", DESCRIPTION_FILE, ONTOLOGY_PAGE]
    for path in tmp_path.iterdir():
        assert not [c for c in CANARIES if c in path.read_text(encoding="utf-8")], path.name
    assert set(read_checksums(tmp_path / CHECKSUMS_FILE)) == {"data.ttl", DESCRIPTION_FILE, ONTOLOGY_PAGE}


# --- the command ---

def test_kg_export_writes_the_files(marked_store_path, tmp_path):
    done = run_kg("export", "--marking", "Amber+Strict", "--format", "JSONLD", "-o", tmp_path / "out",
                  "--store", marked_store_path, "--endpoint-url", "http://127.0.0.1:7878/sparql", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [CHECKSUMS_FILE, "data.jsonld", DESCRIPTION_FILE, ONTOLOGY_PAGE]
    assert "data.jsonld" in done.stdout
    for path in (tmp_path / "out").iterdir():
        assert not [c for c in CANARIES if c in path.read_text(encoding="utf-8")], path.name


def test_kg_export_exit_codes(marked_store_path, tmp_path):
    done = run_kg("export", "--marking", "TLP:WHITE", "--format", "trig", "-o", tmp_path / "out",
                  "--store", marked_store_path, cwd=tmp_path)
    assert done.returncode == 2 and "not a TLP 2.0 marking" in done.stderr
    assert not (tmp_path / "out").exists()
    done = run_kg("export", "--marking", "green", "--format", "rdfxml", "-o", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2
    done = run_kg("export", "--marking", "green", "-o", tmp_path / "out", "--store", tmp_path / "none", cwd=tmp_path)
    assert done.returncode == 4 and "no store" in done.stderr
    own = tmp_path / "own"
    own.mkdir()
    (own / "data.json").write_text("{}")
    done = run_kg("export", "--marking", "green", "--format", "stix", "-o", own, "--store", marked_store_path,
                  cwd=tmp_path)
    assert done.returncode == 4 and "data.json" in done.stderr and "choose a new directory" in done.stderr
    assert [p.name for p in own.iterdir()] == ["data.json"] and (own / "data.json").read_text() == "{}"


def test_the_ontology_documentation_travels_with_the_export(marked, tmp_path):
    datasets, settings, model = marked
    export_dataset(datasets["TLP:CLEAR"], tmp_path, "turtle", settings, model)
    page = (tmp_path / ONTOLOGY_PAGE).read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Claim" in page and "claimant" in page
    assert ONTOLOGY_PAGE in read_checksums(tmp_path / CHECKSUMS_FILE)


def test_kg_export_says_what_it_removed_of_an_interrupted_run(marked_store_path, tmp_path):
    out = tmp_path / "out"
    left = tmp_path / ".out.kg-export-abc123"
    left.mkdir()
    (left / "data.nt").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    done = run_kg("export", "--marking", "clear", "--format", "ntriples", "-o", out, "--store", marked_store_path,
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"note: removed {left}" in done.stderr and not left.exists()
