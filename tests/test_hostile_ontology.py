"""The reasoner on a hostile ontology: kg.reasoning.check_graph must neither fetch an owl:imports nor import the
Python module that owlready2's python_module annotation names. Each guard has a control test showing that
owlready2, loading the same file the way check_graph does but without the stripping, does fetch or import — so
the guard tests can fail."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from helpers import counting_server
from kg.reasoning import check_graph

# owlready2 0.51, owlready2/base.py: owlready_python_module; owlready2/namespace.py Ontology.load imports it.
PYTHON_MODULE = URIRef("http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module")
ONTOLOGY = URIRef("http://example.org/hostile")
THING = URIRef("http://example.org/hostile#Thing")


_BODY = (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
         b'xmlns:owl="http://www.w3.org/2002/07/owl#">\n'
         b'<owl:Ontology rdf:about="http://example.org/evil"/>\n</rdf:RDF>\n')


@pytest.fixture
def server():
    """A local HTTP server that counts requests: yields its base URL and the list of paths requested."""
    with counting_server(_BODY, "application/rdf+xml") as (base, requests):
        yield base, requests


def ontology(*extra: tuple) -> Graph:
    graph = Graph()
    graph.add((ONTOLOGY, RDF.type, OWL.Ontology))
    graph.add((THING, RDF.type, OWL.Class))
    for triple in extra:
        graph.add(triple)
    return graph


def load_without_stripping(graph: Graph, tmp_path: Path, pythonpath: Path | None = None) -> None:
    """What check_graph does to load the model, minus kg.reasoning.reasoner_input, in a child process."""
    path = tmp_path / "unstripped.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    code = ("import sys, owlready2\n"
            "world = owlready2.World()\n"
            "try:\n"
            "    world.get_ontology(sys.argv[1]).load(format='ntriples', only_local=True)\n"
            "except Exception as exc:\n"
            "    print('load failed:', type(exc).__name__, exc)\n")
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else None
    subprocess.run([sys.executable, "-c", code, path.as_uri()], cwd=tmp_path, env=env, capture_output=True,
                   text=True, timeout=120)


def payload_module(tmp_path: Path) -> tuple[str, Path, Path]:
    """A module that, once imported, leaves a marker file: its name, the directory it lives in, the marker."""
    name = f"kg_hostile_payload_{uuid.uuid4().hex}"
    directory = tmp_path / "modules"
    directory.mkdir()
    marker = tmp_path / "imported.marker"
    (directory / f"{name}.py").write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('imported')\n",
                                          encoding="utf-8")
    return name, directory, marker


def test_check_graph_does_not_fetch_owl_imports(server):
    base, requests = server
    report = check_graph(ontology((ONTOLOGY, OWL.imports, URIRef(base + "/evil.owl"))))
    assert report.ok, report.summary()
    assert requests == []


def test_control_owlready2_fetches_owl_imports_when_not_stripped(server, tmp_path):
    base, requests = server
    load_without_stripping(ontology((ONTOLOGY, OWL.imports, URIRef(base + "/evil.owl"))), tmp_path)
    assert "/evil.owl" in requests


def test_check_graph_does_not_import_the_python_module_annotation(tmp_path, monkeypatch):
    name, directory, marker = payload_module(tmp_path)
    monkeypatch.syspath_prepend(str(directory))  # importable, should anything try
    report = check_graph(ontology((ONTOLOGY, PYTHON_MODULE, Literal(name))))
    assert report.ok, report.summary()
    assert not marker.exists()
    assert name not in sys.modules


def test_control_owlready2_imports_the_python_module_when_not_stripped(tmp_path):
    name, directory, marker = payload_module(tmp_path)
    load_without_stripping(ontology((ONTOLOGY, PYTHON_MODULE, Literal(name))), tmp_path, pythonpath=directory)
    assert marker.read_text() == "imported"
