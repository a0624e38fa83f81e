"""Validation gates the store: ``kg validate`` reports in every format without writing, ``kg ingest`` writes only
conforming batches and quarantines the rest with their report, ``kg quarantine`` manages them. Through the installed
command, in subprocesses, on stores of the tests' own."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from conftest import SEED
from helpers import counting_server
from kg.store import EmbeddedStore
from helpers import run_kg

GATE = Path(__file__).parent / "gate"
ORGANISATION = GATE / "partner-organisation.ttl"
PARTNER_CLAIM = GATE / "partner-claim.ttl"
# the line of "date: 2022-12-18" in the seed (the claim about the Ural trucks)
CLAIM_LINE = next(n for n, line in enumerate(SEED.read_text(encoding="utf-8").splitlines(), start=1)
                  if line.strip() == "date: 2022-12-18")


@pytest.fixture
def late_claim(tmp_path: Path) -> Path:
    """The seed fact file with one claim dated after the article that reports it: well-formed, but a violation."""
    folder = tmp_path / "late"
    folder.mkdir()
    for path in SEED.parent.iterdir():
        shutil.copy(path, folder / path.name)
    fact_file = folder / SEED.name
    lines = fact_file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[CLAIM_LINE - 1].strip() == "date: 2022-12-18"
    lines[CLAIM_LINE - 1] = lines[CLAIM_LINE - 1].replace("2022-12-18", "2023-05-01")
    fact_file.write_text("".join(lines), encoding="utf-8")
    return fact_file


def _state(store: Path) -> tuple[int, set]:
    with EmbeddedStore(store, read_only=True) as s:
        return len(s), s.graph_names()


# --- kg validate ---
def test_validate_reports_the_violation_with_file_line_and_label(late_claim: Path, tmp_path: Path) -> None:
    done = run_kg("validate", late_claim, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"{late_claim}:{CLAIM_LINE - 1}:" in done.stdout  # the claim's own line, just above its date
    assert "after the document reporting it was published" in done.stdout
    assert "1 violation" in done.stdout
    assert "value: 2023-05-01" in done.stdout


def test_validate_output_formats(late_claim: Path, tmp_path: Path) -> None:
    as_json = run_kg("validate", late_claim, "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 1
    [report] = json.loads(as_json.stdout)
    assert (report["conforms"], report["violations"]) == (False, 1)
    violation = next(f for f in report["findings"] if f["severity"] == "Violation")
    assert violation["line"] == CLAIM_LINE - 1 and violation["file"] == str(late_claim)
    assert violation["shape"] == "okgsh:ClaimTimeNotAfterPublicationShape"

    as_turtle = run_kg("validate", late_claim, "--format", "turtle", cwd=tmp_path)
    graph = Graph().parse(data=as_turtle.stdout, format="turtle")
    [node] = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    severities = [graph.value(r, SH.resultSeverity) for r in graph.objects(node, SH.result)]
    assert severities.count(SH.Violation) == 1

    junit = tmp_path / "junit.xml"
    done = run_kg("validate", late_claim, SEED, "--junit", junit, cwd=tmp_path)
    assert done.returncode == 1
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == [str(late_claim)]


def test_warnings_fail_only_when_strict(tmp_path: Path) -> None:
    lenient = run_kg("validate", ORGANISATION, cwd=tmp_path)
    assert lenient.returncode == 0, lenient.stdout
    assert "1 warning" in lenient.stdout  # the monitoring group has no reliability rating yet
    strict = run_kg("validate", ORGANISATION, "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "does not conform" in strict.stdout


def test_validate_uses_the_store_as_context_and_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_kg("ingest", ORGANISATION, "--store", store, cwd=tmp_path).returncode == 0
    before = _state(store)
    # the organisation is in the store: the partner's claim by it now conforms
    done = run_kg("validate", PARTNER_CLAIM, "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert _state(store) == before
    # without that store, the same file does not: its claimant is unknown
    alone = run_kg("validate", PARTNER_CLAIM, "--store", tmp_path / "fresh", cwd=tmp_path)
    assert alone.returncode == 1
    assert "A claim has exactly one claimant, an agent" in alone.stdout
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize("extension,fmt", [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                                           ("jsonld", "json-ld"), ("rdf", "xml")])
def test_every_rdf_format_is_validated_alike(tmp_path: Path, extension: str, fmt: str) -> None:
    data = Graph().parse(PARTNER_CLAIM)
    path = tmp_path / f"claim.{extension}"
    if extension in ("nq", "trig"):
        from rdflib import Dataset

        dataset = Dataset()
        named = dataset.graph(URIRef("https://example.org/partner/graph"))
        for triple in data:
            named.add(triple)
        path.write_text(dataset.serialize(format=fmt), encoding="utf-8")
    else:
        path.write_text(data.serialize(format=fmt), encoding="utf-8")
    done = run_kg("validate", path, "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    [report] = json.loads(done.stdout)
    assert report["violations"] == 2
    assert {f["path"] for f in report["findings"] if f["severity"] == "Violation"} == {"okg:claimant",
                                                                                       "okg:publisher"}
    if extension == "nt":  # line-based formats locate findings on the line of their subject
        assert all(f["line"] for f in report["findings"])


# --- the ingest gate and the quarantine ---
def test_a_batch_that_does_not_conform_is_quarantined_not_written(late_claim: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_kg("ingest", ORGANISATION, "--store", store, cwd=tmp_path).returncode == 0
    before = _state(store)
    done = run_kg("ingest", late_claim, "--store", store, cwd=tmp_path)
    assert done.returncode == 1
    assert "quarantined" in done.stdout and "1 violation" in done.stdout
    assert _state(store) == before  # nothing of it was written

    listed = run_kg("quarantine", "list", "--store", store, cwd=tmp_path)
    assert listed.returncode == 0
    [line] = listed.stdout.splitlines()
    entry_id = line.split()[0]
    assert SEED.name in line and "1 violation" in line
    assert line.split()[1].startswith("20")  # the time it was quarantined

    shown = run_kg("quarantine", "show", entry_id[:12], "--store", store, cwd=tmp_path)
    assert shown.returncode == 0
    assert "after the document reporting it was published" in shown.stdout
    entry = tmp_path / "quarantine" / entry_id
    assert (entry / "input" / SEED.name).read_text(encoding="utf-8") == late_claim.read_text(encoding="utf-8")
    assert (entry / "input" / "000_7abdb280e8ea2e26.txt").exists()  # the text the evidence offsets point into
    assert Graph().parse(entry / "report.ttl", format="turtle")

    again = run_kg("quarantine", "retry", entry_id, "--store", store, cwd=tmp_path)
    assert again.returncode == 1 and "still does not conform" in again.stderr
    assert _state(store) == before
    dropped = run_kg("quarantine", "drop", entry_id, "--store", store, cwd=tmp_path)
    assert dropped.returncode == 0
    assert "empty" in run_kg("quarantine", "list", "--store", store, cwd=tmp_path).stdout


def test_retry_writes_a_batch_once_its_context_is_there(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run_kg("ingest", PARTNER_CLAIM, "--store", store, cwd=tmp_path)
    assert first.returncode == 1
    [line] = run_kg("quarantine", "list", "--store", store, cwd=tmp_path).stdout.splitlines()
    entry_id = line.split()[0]
    assert run_kg("ingest", ORGANISATION, "--store", store, cwd=tmp_path).returncode == 0
    retried = run_kg("quarantine", "retry", entry_id, "--store", store, cwd=tmp_path)
    assert retried.returncode == 0, retried.stderr
    assert "left the quarantine" in retried.stdout
    with EmbeddedStore(store, read_only=True) as s:
        assert s.ask("ASK { GRAPH ?g { <https://w3id.org/osint-kg/id/partner/claim/1> ?p ?o } }")
    assert "empty" in run_kg("quarantine", "list", "--store", store, cwd=tmp_path).stdout


def test_good_batches_are_written_and_bad_ones_quarantined_in_one_run(late_claim: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = run_kg("ingest", ORGANISATION, late_claim, "--store", store, cwd=tmp_path)
    assert done.returncode == 1
    assert "added" in done.stdout and "quarantined" in done.stdout
    with EmbeddedStore(store, read_only=True) as s:
        assert s.ask("ASK { GRAPH ?g { <https://w3id.org/osint-kg/id/org/partner-monitor> ?p ?o } }")
        assert not s.ask("ASK { GRAPH ?g { ?claim <https://w3id.org/osint-kg/ontology#claimant> ?who } }")


def test_a_partner_file_ingested_twice_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_kg("ingest", ORGANISATION, "--store", store, cwd=tmp_path).returncode == 0
    before = _state(store)
    again = run_kg("ingest", ORGANISATION, "--store", store, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("unchanged")
    assert _state(store) == before


def test_a_partner_file_may_not_write_the_projects_own_graphs(tmp_path: Path) -> None:
    trig = tmp_path / "sneaky.trig"
    trig.write_text("<https://w3id.org/osint-kg/id/graph/reference> { <https://example.org/x> "
                    "<http://www.w3.org/2000/01/rdf-schema#label> \"x\" . }\n", encoding="utf-8")
    done = run_kg("ingest", trig, "--store", tmp_path / "store", cwd=tmp_path)
    assert done.returncode == 3
    assert "graph/reference" in done.stderr
    assert not (tmp_path / "store").exists()


def test_validate_all_revalidates_the_store_with_progress(built_store_path: Path, tmp_path: Path) -> None:
    done = run_kg("validate", "--all", "--store", built_store_path, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "in the context of the store, in 1 process(es)" in done.stderr  # the phase, named
    assert "reference data: conforms" in done.stdout
    assert "2022-12-20-hajun-russian-troops-south-belarus.yaml: conforms" in done.stdout


def test_validate_all_in_several_processes_reports_the_same(built_store_path: Path, late_claim: Path,
                                                           tmp_path: Path) -> None:
    """A stored document that no longer conforms (written without the gate) is found alike by one process and by
    two, and the reports come in the same order."""
    from kg.config import DEFAULT_BASE, Settings
    from kg.factfile import FactFileReader
    from kg.ingest import ingest_batch
    from kg.model import Model

    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    settings = Settings(DEFAULT_BASE, store)
    with EmbeddedStore(store) as writable:
        batch = FactFileReader(Model.load(DEFAULT_BASE)).read(late_claim)
        ingest_batch(writable, batch, settings, validate=False)
    one = run_kg("validate", "--all", "--jobs", "1", "--format", "json", "--store", store, cwd=tmp_path)
    two = run_kg("validate", "--all", "--jobs", "2", "--format", "json", "--store", store, cwd=tmp_path)
    assert one.returncode == two.returncode == 1, two.stderr
    assert json.loads(two.stdout) == json.loads(one.stdout)
    failing = [r for r in json.loads(two.stdout) if not r["conforms"]]
    assert [r["document"] for r in failing] == [str(batch.document)] and failing[0]["violations"] >= 1


def test_build_refuses_an_article_that_does_not_conform(late_claim: Path, tmp_path: Path) -> None:
    from kg.build import build
    from kg.config import DEFAULT_BASE, Settings
    from kg.errors import ValidationFailed

    store = tmp_path / "store"
    with pytest.raises(ValidationFailed, match="does not conform"):
        build(Settings(DEFAULT_BASE, store), articles=late_claim.parent)
    assert not store.exists() and not store.with_name("store.building").exists()


# --- hostile and broken input through the command: a clear error, exit 3, nothing written, nothing fetched ---
def _hostile_files(folder: Path, server_url: str) -> dict[str, tuple[Path, str]]:
    """name → (file, what the error message says)."""
    files = {
        "remote JSON-LD context": ("remote.jsonld", json.dumps(
            {"@context": f"{server_url}/context.jsonld", "@id": "https://example.org/x", "name": "x"}),
            "@context"),
        "billion laughs": ("laughs.rdf", (Path(__file__).parent / "hostile" / "billion-laughs.rdf").read_text(),
                           "DOCTYPE"),
        "external entity": ("xxe.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM '
                            f'"{server_url}/secret">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                            "&e;</rdf:RDF>\n", "DOCTYPE"),
        "malformed Turtle": ("broken.ttl", "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n",
                             "broken.ttl:3:"),
        "empty file": ("empty.ttl", "", "no triples"),
        "wrong encoding": ("latin1.ttl", None, "UTF-8"),
    }
    made = {}
    for name, (file_name, text, expected) in files.items():
        path = folder / file_name
        if text is None:
            path.write_bytes('<https://example.org/a> <https://example.org/b> "Lukašenka" .\n'.encode("cp1250"))
        else:
            path.write_text(text, encoding="utf-8")
        made[name] = (path, expected)
    made["missing file"] = (folder / "nowhere.ttl", "no such file")
    return made


def test_hostile_and_broken_files_exit_3_without_side_effects(tmp_path: Path) -> None:
    context = b'{"@context": {"name": "http://schema.org/name"}}'
    with counting_server(context, "application/ld+json") as (server_url, requests):
        cases = _hostile_files(tmp_path, server_url)
        store = tmp_path / "store"
        for name, (path, expected) in cases.items():
            for command in ("validate", "ingest"):
                done = run_kg(command, path, "--store", store, cwd=tmp_path)
                assert done.returncode == 3, (name, command, done.stdout, done.stderr)
                assert expected in done.stderr, (name, done.stderr)
                assert "Traceback" not in done.stderr, name
        assert requests == [], "a file made the command fetch something"
    assert not store.exists(), "a refused input created or wrote the store"
    assert not (tmp_path / "quarantine").exists(), "unreadable input is an error, not a quarantined batch"


def test_a_two_mebibyte_literal_is_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "long.nt"
    path.write_text(f'<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#comment> "{"щ" * 2**20}" .\n',
                    encoding="utf-8")
    done = run_kg("validate", path, "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [report] = json.loads(done.stdout)
    assert report["conforms"] and report["triples"] >= 1
