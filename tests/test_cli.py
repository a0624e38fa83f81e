"""The ``kg`` command's contract, through the installed script in subprocesses: commands and help, the demo, the
query catalog and its output formats, parameters, and the documented exit codes (0 ok, 1 validation failed,
2 usage, 3 invalid input, 4 store error)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.build import fact_files
from kg.catalog import load_catalog
from kg.commands.demo import _DEMO
from kg.config import ARTICLES_DIR, QUERIES_DIR

from conftest import SEED
from helpers import run_kg

COMMANDS = ("build", "ingest", "query", "validate", "demo")
CATALOG = sorted(QUERIES_DIR.glob("*.rq"))


def header(path: Path, field: str) -> list[str]:
    """The values of one header field (``# Title:``, ``# Parameter:``) of a query file."""
    return [m[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if (m := re.match(rf"#\s*{field}:\s*(.*)", line))]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def store(home: Path) -> Path:
    """A store built once for this module with ``kg build``; the tests below only read it."""
    path = home / "store"
    done = run_kg("build", "--store", path, cwd=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"built {path}:") and f"{len(fact_files(ARTICLES_DIR))} document(s)" in done.stdout
    return path


# --- commands and help ---

def test_help_lists_every_command(home: Path) -> None:
    done = run_kg("--help", cwd=home)
    assert done.returncode == 0, done.stderr
    listed = re.findall(r"^\s{2}(\w+)\s", done.stdout.split("Commands:", 1)[1], flags=re.M)
    assert set(COMMANDS) <= set(listed), done.stdout


def test_help_loads_none_of_the_heavy_libraries(home: Path) -> None:
    """``kg --help`` names every command without importing what only running one needs (its cost is measured in
    the time to start the interpreter, not in the libraries; issue: 1.2 s of CPU when it loaded them)."""
    script = ("import sys; from kg.cli import cli; cli.main(['--help'], standalone_mode=False); "
              "print(sorted(m for m in ('pandas', 'pyshacl', 'pyoxigraph', 'rdflib', 'owlready2', 'stix2', 'rich', "
              "'importlib.metadata') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=home, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help(home: Path, command: str) -> None:
    done = run_kg(command, "--help", cwd=home)
    assert done.returncode == 0, done.stderr
    assert f"Usage: kg {command}" in done.stdout


# --- the demo ---

def test_demo_answers_the_four_questions(store: Path, home: Path) -> None:
    done = run_kg("demo", "--store", store, cwd=home)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert len(_DEMO) == 4 and out.count("\n== ") == 4
    for question, name, _columns in _DEMO:
        assert f"== {question}" in out
        assert f"kg query {name} " in out
    for answer in ("Belarusian Hajun", "Ural military truck", "at least 50"):
        assert answer in out
    assert "(no rows)" not in out


# --- the query catalog ---

def test_query_list_shows_every_catalog_file(home: Path) -> None:
    assert CATALOG, "queries/ holds no .rq files"
    done = run_kg("query", "--list", cwd=home)
    assert done.returncode == 0, done.stderr
    listed = {line.split(None, 1)[0]: line.split(None, 1)[1].strip() for line in done.stdout.splitlines() if line}
    assert listed == {path.stem: header(path, "Title")[0] for path in CATALOG}


@pytest.mark.parametrize("path", CATALOG, ids=[p.stem for p in CATALOG])
def test_query_show_prints_parameters(home: Path, path: Path) -> None:
    done = run_kg("query", path.stem, "--show", cwd=home)  # no store needed
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{path.stem}: {header(path, 'Title')[0]}")
    for spec in header(path, "Parameter"):
        name, kind = re.match(r"(\w+)\s+\((\w+)", spec).groups()
        assert re.search(rf"^\s+{name} \({kind}, (required|optional|default: [^)]*)\)", done.stdout, flags=re.M), \
            f"parameter {name} missing from:\n{done.stdout}"


@pytest.fixture(scope="module")
def gayun_json(store: Path, home: Path) -> list[dict]:
    done = run_kg("query", "claims_by_source", "-p", "source=Gayun", "--format", "json", "--store", store, cwd=home)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_query_json(gayun_json: list[dict]) -> None:
    assert gayun_json
    assert {row["claimant"] for row in gayun_json} == {"Belarusian Hajun"}
    assert any(str(row["date"]).startswith("2022-12-18") for row in gayun_json)


def test_query_csv_has_the_rows_of_json(store: Path, home: Path, gayun_json: list[dict]) -> None:
    done = run_kg("query", "claims_by_source", "-p", "source=Gayun", "--format", "csv", "--store", store, cwd=home)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == len(gayun_json)
    assert list(rows[0]) == list(gayun_json[0])
    assert {row["claimant"] for row in rows} == {"Belarusian Hajun"}
    assert "2022-12-18" in {row["date"] for row in rows}


def test_query_table(store: Path, home: Path) -> None:
    done = run_kg("query", "equipment_transfers", "-p", "giver=Russia", "--store", store, cwd=home)
    assert done.returncode == 0, done.stderr
    assert "Ural military truck" in done.stdout and "at least 50 Ural military trucks" in done.stdout


def test_query_file(store: Path, home: Path, tmp_path: Path) -> None:
    """A .rq file outside the catalog runs, with its header's parameters bound."""
    path = tmp_path / "claims_of.rq"
    path.write_text(
        "# Title: Number of claims by a claimant\n"
        "# Description: How many claims (not assessments) one claimant made.\n"
        "# Parameter: who (entity, required) The claimant, by IRI, label or alias.\n"
        "PREFIX okg: <https://w3id.org/osint-kg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?claim) AS ?claims) WHERE { GRAPH ?d { ?claim a okg:Claim ; okg:claimant ?who } }\n",
        encoding="utf-8")
    expected = 0
    for fact_file in fact_files(ARTICLES_DIR):  # every article the store was built from
        facts = yaml.safe_load(fact_file.read_text(encoding="utf-8"))
        expected += sum(claim["claimant"] == "Hajun" for claim in facts.get("claims", []))
    assert expected > 1

    done = run_kg("query", path, "-p", "who=Khayun", "--format", "json", "--store", store, cwd=home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"claims": expected}]

    shown = run_kg("query", path, "--show", cwd=home)
    assert shown.returncode == 0, shown.stderr
    assert "Number of claims by a claimant" in shown.stdout and "who (entity, required)" in shown.stdout


# --- usage errors: exit 2 ---

@pytest.mark.parametrize("args, message", [
    (("query", "no_such_query"), "no_such_query"),
    (("query", "claims_by_source"), "source"),
    (("query", "claims_by_source", "-p", "source"), "NAME=VALUE"),
    (("query", "claims_by_source", "-p", "=Gayun"), "NAME=VALUE"),
    (("query", "claims_by_source", "-p", "source=Gayun", "-p", "colour=blue"), "colour"),
    (("query",), "--list"),
    (("query", "graph_stats", "--format", "xml"), "xml"),
    (("validate",), "--ontology"),
    (("frobnicate",), "frobnicate"),
], ids=["unknown query", "missing required parameter", "param without =", "param without name",
        "unknown parameter", "no query name", "unknown format", "validate without --ontology", "unknown command"])
def test_usage_errors_exit_2(store: Path, home: Path, args: tuple[str, ...], message: str) -> None:
    done = run_kg(*args, "--store", store, cwd=home) if args[0] == "query" else run_kg(*args, cwd=home)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name, suggestion", [("Gayunn", "Gayun"), ("Rusia", "Russia")])
def test_unknown_entity_parameter_suggests_a_name(store: Path, home: Path, name: str, suggestion: str) -> None:
    done = run_kg("query", "equipment_transfers", "-p", f"giver={name}", "--store", store, cwd=home)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"'{name}'" in done.stderr
    assert "did you mean" in done.stderr and f"'{suggestion}'" in done.stderr


# --- input and store errors: exit 3 and 4 ---

def test_query_file_that_does_not_exist_exits_3(store: Path, home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.rq"
    done = run_kg("query", missing, "--store", store, cwd=home)
    assert done.returncode == 3, done.stdout + done.stderr
    assert str(missing) in done.stderr


def test_query_without_store_exits_4(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    done = run_kg("query", "graph_stats", "--store", missing, cwd=tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert str(missing) in done.stderr and "kg build" in done.stderr
    assert not missing.exists(), "a read-only query must not create a store"


# --- ingest ---

def test_ingest_twice_is_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run_kg("ingest", SEED, "--store", store, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split()[0] == "added"
    second = run_kg("ingest", SEED, "--store", store, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split()[0] == "unchanged"
    assert "(0 triples)" in second.stdout


def test_ingest_needs_a_file(tmp_path: Path) -> None:
    done = run_kg("ingest", "--store", tmp_path / "store", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr


# --- validate ---

def test_validate_ontology(home: Path) -> None:
    done = run_kg("validate", "--ontology", cwd=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "consistent" in done.stdout


def test_query_on_a_sparql_server_prints_what_the_embedded_store_prints(store: Path, home: Path,
                                                                        loaded_server) -> None:
    args = ("query", "timeline", "-p", "entity=Belarus", "--format", "csv")
    here = run_kg(*args, "--store", store, cwd=home)
    there = run_kg(*args, "--endpoint", loaded_server.query_url, cwd=home)
    assert here.returncode == there.returncode == 0, there.stderr
    lists = load_catalog()["timeline"].list_columns  # servers order a GROUP_CONCAT's items as they like

    def rows(text: str) -> list[tuple]:
        return sorted(tuple(tuple(sorted(value.split(lists[column]))) if column in lists else value
                            for column, value in row.items()) for row in csv.DictReader(io.StringIO(text)))

    assert rows(there.stdout) == rows(here.stdout)
    assert len(there.stdout.splitlines()) > 5


def test_an_unreachable_endpoint_exits_4(home: Path) -> None:
    from helpers import free_port

    done = run_kg("query", "graph_stats", "--endpoint", f"http://127.0.0.1:{free_port()}/query", cwd=home)
    assert done.returncode == 4
    assert "cannot reach the SPARQL endpoint" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_silent_endpoint_times_out_with_exit_4(home: Path) -> None:
    import socket

    with socket.socket() as listener:  # accepts connections (the kernel's backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        done = run_kg("query", "graph_stats", "--endpoint", url, "--timeout", "1", cwd=home)
    assert done.returncode == 4
    assert "did not answer within 1 s" in done.stderr


def test_ingest_to_a_server_needs_the_update_endpoint(home: Path, loaded_server) -> None:
    done = run_kg("ingest", SEED, "--endpoint", loaded_server.query_url, cwd=home)
    assert done.returncode == 2
    assert "--update-endpoint" in done.stderr
