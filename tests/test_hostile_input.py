"""Hostile fact files and partner files are refused with a located, one-line reason before they cost memory, time or
a secret: alias bombs, deep nesting, document texts outside the fact file's folder (devices, FIFOs, other people's
files), unbounded numbers, IRIs that change a query or spoof another IRI, and partner RDF whose blank nodes nest
without end or name a graph. Each case has a control that must still be read.

Every hostile case here hung, exhausted memory, crashed with a traceback, or was accepted by the code before this
module existed (the security issue's items 8, 9, 11, 13, 14 and 18)."""

from __future__ import annotations

import os
from decimal import Decimal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.context import validation_context
from kg.errors import InputError, KGError
from kg.factfile import FactFileReader
from kg.factfile.yamltree import MAX_ALIAS_NODES, MAX_DEPTH, MAX_FACT_FILE_BYTES
from kg.rdfinput import MAX_BLANK_NODE_DEPTH, read_rdf
from kg.store import EmbeddedStore
from kg.vocab import OKG
from helpers import BASE, TEXT, mutate, problems_of, write_fact_file

KG = Path(sys.executable).parent / "kg"
SECRET = "CANARY-SECRET-7f3a root:x:0:0"


def read(model, path: Path):
    return FactFileReader(model).read(path)


# --- YAML: aliases and depth (item 8, item 12) -------------------------------------------------------------------

def _alias_bomb(levels: int) -> str:
    lines = ["x-bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_before_the_tree_is_built(model, tmp_path: Path) -> None:
    """Nine levels of nine aliases expand to about 490 million nodes from 574 bytes; refused from the counts."""
    path = write_fact_file(tmp_path, _alias_bomb(9) + BASE)
    (problem,) = problems_of(model, path)
    assert "aliases" in problem.message and f"{MAX_ALIAS_NODES:,}" in problem.message


def test_a_few_aliases_are_still_read(model, tmp_path: Path) -> None:
    """Control: an anchor used twice (the actor of two events) is an ordinary YAML convenience."""
    text = mutate("    actor: Russian Armed Forces\n", "    actor: &army Russian Armed Forces\n")
    text = mutate("    receiver: Belarus\n", "    receiver: Belarus\n    participants: [*army]\n", text)
    batch = read(model, write_fact_file(tmp_path, text))
    events = set(batch.graph.subjects(OKG.participant, None)) | set(batch.graph.subjects(OKG.actor, None))
    assert len(events) == 2


def test_deep_nesting_is_refused_at_its_line(model, tmp_path: Path) -> None:
    path = write_fact_file(tmp_path, BASE + "x-deep: " + "[" * 20_000 + "]" * 20_000 + "\n")
    (problem,) = problems_of(model, path)
    assert f"more than {MAX_DEPTH} levels" in problem.message
    assert problem.line == BASE.count("\n") + 1


def test_oversized_fact_file_is_refused_from_its_size(model, tmp_path: Path) -> None:
    path = write_fact_file(tmp_path, mutate("title: Russian troops move south",
                                            "title: " + "A" * (MAX_FACT_FILE_BYTES + 10)))
    (problem,) = problems_of(model, path)
    assert f"over the limit of {MAX_FACT_FILE_BYTES:,} bytes" in problem.message


# --- the document text (item 9) ----------------------------------------------------------------------------------

def _with_text(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    return write_fact_file(folder, mutate("text: article.txt", f"text: '{name}'"))


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file beside the fact files' folder that a fact file must not be able to read."""
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\nRussian troops moved south.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/dev/zero", "../secret.txt", "SECRET_ABSOLUTE", "link-to-secret.txt"])
def test_text_outside_the_fact_files_folder_is_refused(model, tmp_path: Path, secret: Path, name: str) -> None:
    path = _with_text(tmp_path, "placeholder")
    if name == "SECRET_ABSOLUTE":
        name = str(secret)
    if name == "link-to-secret.txt":
        (path.parent / name).symlink_to(secret)
    path.write_text(mutate("text: article.txt", f"text: '{name}'"), encoding="utf-8")
    problems = problems_of(model, path)
    assert any(p.key == "document.text" and "fact file's folder" in p.message for p in problems), problems
    assert not any(SECRET.split()[0] in str(p) for p in problems), "the error shows the secret file's content"


def test_fifo_and_device_texts_are_refused_without_blocking(model, tmp_path: Path) -> None:
    path = _with_text(tmp_path, "pipe")
    os.mkfifo(path.parent / "pipe")  # opening it to read would wait for a writer forever
    problems = problems_of(model, path)
    assert any(p.key == "document.text" and "not a regular file" in p.message for p in problems), problems


def test_oversized_text_is_refused_from_its_size(model, tmp_path: Path) -> None:
    from kg.factfile.convert import MAX_TEXT_BYTES

    path = _with_text(tmp_path, "huge.txt")
    with (path.parent / "huge.txt").open("wb") as stream:
        stream.truncate(MAX_TEXT_BYTES + 1)  # sparse: nothing is written
    problems = problems_of(model, path)
    assert any("over the limit" in p.message for p in problems), problems


def test_text_in_a_subfolder_is_read(model, tmp_path: Path) -> None:
    """Control: a text named relative to the fact file, below its folder."""
    path = _with_text(tmp_path, "texts/article.txt")
    (path.parent / "texts").mkdir()
    (path.parent / "texts" / "article.txt").write_text(TEXT, encoding="utf-8")
    assert read(model, path).inputs["texts/article.txt"] == (path.parent / "texts" / "article.txt").resolve()


# --- numbers (item 11) -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["'1e999999999'", "'1e-999999999'", "1e15", "0.0000001"])
def test_unbounded_numbers_are_refused(model, tmp_path: Path, value: str) -> None:
    path = write_fact_file(tmp_path, mutate("at-least: 50", f"at-least: {value}"))
    problems = problems_of(model, path)
    assert any(p.key == "events.t1.quantities[0].at-least" and "below 10^15" in p.message for p in problems)


@pytest.mark.parametrize("value, expected", [("61_000_000_000", "61000000000"), ("0.5000000000", "0.5"),
                                             ("999999999999999", "999999999999999")])
def test_large_and_precise_numbers_within_bounds_are_read(model, tmp_path: Path, value: str, expected: str) -> None:
    text = mutate("        at-most: 60\n", "").replace("at-least: 50", f"at-least: {value}")
    batch = read(model, write_fact_file(tmp_path, text))
    (found,) = batch.graph.objects(None, OKG.lowerBound)
    assert Decimal(str(found)) == Decimal(expected)


# --- IRIs (item 13) ----------------------------------------------------------------------------------------------

HOSTILE_IRIS = {
    "query syntax": "http://example.org/x>}}#",
    "spaces": "http://example.org/x> } } #",
    "right-to-left override": "http://example.org/\u202eevil",
    "zero-width space": "https://w3id.org/osint-kg/id/\u200bbelarus",
}


@pytest.mark.parametrize("iri", HOSTILE_IRIS.values(), ids=HOSTILE_IRIS.keys())
@pytest.mark.parametrize("where", ["actor", "about", "url"])
def test_hostile_iris_in_fact_files_are_refused(model, tmp_path: Path, iri: str, where: str) -> None:
    old, key = {"actor": ("actor: Russian Armed Forces", "events.e1.actor"),
                "about": ("about: [e1, t1]", "claims[0].about"),
                "url": ("marking: TLP:GREEN", "document.url")}[where]
    new = f"url: '{iri}'\n  marking: TLP:GREEN" if where == "url" else f"{old.split(':')[0]}: '{iri}'"
    problems = problems_of(model, write_fact_file(tmp_path, mutate(old, new)))
    problem = next(p for p in problems if p.key == key)
    assert "spoofing" in problem.message or "IRI" in problem.message, problem


def test_validation_context_binds_iris_instead_of_pasting_them(model, tmp_path: Path) -> None:
    """An IRI that would close the context query's VALUES block is refused as one term; the control runs."""
    store = EmbeddedStore(tmp_path / "store")
    try:
        data = Graph()
        data.add((URIRef("https://w3id.org/osint-kg/id/ok"), RDFS.label, Literal("ok")))
        assert len(validation_context(store, data, model.ontology)) >= len(model.ontology)
        data.add((URIRef("urn:x:a> ?p ?o } } GRAPH ?g { ?s ?p ?o } #"), RDFS.label, Literal("hostile")))
        with pytest.raises(KGError, match="cannot use"):
            validation_context(store, data, model.ontology)
    finally:
        store.close()


# --- partner RDF (items 13, 14, 18) ------------------------------------------------------------------------------

def _nested(depth: int) -> str:
    return "<urn:x:root> <urn:x:p> " + "[ <urn:x:p> " * depth + "<urn:x:leaf>" + " ]" * depth + " .\n"


def test_deeply_nested_blank_nodes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.ttl"
    path.write_text(_nested(100_000), encoding="utf-8")
    with pytest.raises(InputError, match=f"more than {MAX_BLANK_NODE_DEPTH} levels"):
        read_rdf(path)


def test_blank_node_cycles_are_read_and_end_a_chain(tmp_path: Path) -> None:
    """A cycle is legal RDF and writers label its nodes instead of nesting them, so it is not "too deep"; a deep
    chain leading into a cycle still is."""
    path = tmp_path / "cycle.nt"
    path.write_text("_:a <urn:x:p> _:b .\n_:b <urn:x:p> _:a .\n<urn:x:s> <urn:x:p> _:a .\n", encoding="utf-8")
    assert read_rdf(path).triples == 3
    chain = "".join(f"_:n{i} <urn:x:p> _:n{i + 1} .\n" for i in range(MAX_BLANK_NODE_DEPTH + 1))
    path.write_text(chain + f"_:n{MAX_BLANK_NODE_DEPTH + 1} <urn:x:p> _:n0 .\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"more than {MAX_BLANK_NODE_DEPTH} levels"):
        read_rdf(path)


def test_nested_blank_nodes_and_lists_within_bounds_are_read(tmp_path: Path) -> None:
    path = tmp_path / "fine.ttl"
    items = " ".join(f"<urn:x:i{i}>" for i in range(MAX_BLANK_NODE_DEPTH - 2))
    path.write_text(_nested(20) + f"<urn:x:s> <urn:x:list> ( {items} ) .\n", encoding="utf-8")
    assert read_rdf(path).triples == 1 + 20 + 2 * (MAX_BLANK_NODE_DEPTH - 2) + 1


def test_graphs_named_by_blank_nodes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank-graph.trig"
    path.write_text("_:g { <urn:x:s> <urn:x:p> 'kept?' }\n<urn:x:g> { <urn:x:s> <urn:x:p> 'kept' }\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="blank node"):
        read_rdf(path)


def test_spoofed_iris_in_partner_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "spoof.ttl"
    path.write_text("<https://w3id.org/osint-kg/id/\u200bbelarus> <http://www.w3.org/2000/01/rdf-schema#label> "
                    "'Belarus' .\n", encoding="utf-8")
    with pytest.raises(InputError, match="U\\+200B"):
        read_rdf(path)


# --- the command line: one line, the documented exit code (item 12) ----------------------------------------------

@pytest.mark.parametrize("case", ["alias bomb", "deep", "fifo", "number"])
def test_cli_refuses_hostile_fact_files_with_exit_3_and_no_traceback(tmp_path: Path, case: str) -> None:
    text = {"alias bomb": _alias_bomb(9) + BASE,
            "deep": BASE + "x: " + "[" * 5000 + "]" * 5000 + "\n",
            "fifo": mutate("text: article.txt", "text: pipe"),
            "number": mutate("at-least: 50", "at-least: '1e999999999'")}[case]
    path = write_fact_file(tmp_path, text)
    if case == "fifo":
        os.mkfifo(tmp_path / "pipe")
    result = subprocess.run([str(KG), "validate", "--store", str(tmp_path / "store"), str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and str(path) in result.stderr


def test_the_bounds_are_stated_in_the_docs_as_the_code_has_them() -> None:
    """docs/validation.md states each input bound; a changed constant must change the page."""
    from kg.config import PROJECT_ROOT as ROOT
    from kg.factfile.convert import MAX_DECIMAL_PLACES, MAX_NUMBER_DIGITS, MAX_TEXT_BYTES

    page = " ".join((ROOT / "docs" / "validation.md").read_text(encoding="utf-8").split())
    stated = [f"A fact file is at most {MAX_FACT_FILE_BYTES // 2**20} MiB",
              f"nests at most {MAX_DEPTH} levels", f"expand to at most {MAX_ALIAS_NODES:,} nodes",
              f"of at most {MAX_TEXT_BYTES // 2**20} MiB", f"below 10^{MAX_NUMBER_DIGITS}",
              f"at most {MAX_DECIMAL_PLACES} decimal places", f"blank nodes nest at most {MAX_BLANK_NODE_DEPTH} levels"]
    assert [s for s in stated if s not in page] == []
