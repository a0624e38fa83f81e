"""Every failure ends in its documented exit code with a one-line message, never a traceback: a damaged store (4),
a statement too long for the parser (3), a JSON-LD export of blank nodes nested past what the writer can recurse
(4), and anything no library code anticipated (5, the traceback only with KG_DEBUG=1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import StoreError
from kg.export.jsonld import write_jsonld
from kg.marking import VisibleDataset
from kg.vocab import OKG

from conftest import SEED
from helpers import clean_env, run_kg



def assert_one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("exit")
    done = run_kg("ingest", SEED, "--store", home / "store", cwd=home)
    assert done.returncode == 0, done.stderr
    return home / "store"


@pytest.mark.parametrize("damage", ["current", "tables"])
def test_a_damaged_store_exits_4_with_one_line(built: Path, tmp_path: Path, damage: str) -> None:
    store = tmp_path / "store"
    shutil.copytree(built, store)
    if damage == "current":
        (store / "CURRENT").write_text("garbage\n")
    else:
        for table in store.glob("*.sst"):
            table.write_bytes(os.urandom(200))
    done = run_kg("query", "graph_stats", "--store", store, cwd=tmp_path)
    message = assert_one_line(done, 4)
    assert message.startswith(f"store error: cannot open the store at {store}") and "damaged" in message
    assert message.count("\n") == 1


def test_a_statement_too_long_for_the_parser_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    partner = tmp_path / "long.nt"
    partner.write_text('<urn:x:s> <http://www.w3.org/2000/01/rdf-schema#label> "' + "a" * 20_000_000 + '" .\n')
    done = run_kg("ingest", partner, "--store", tmp_path / "store", cwd=tmp_path)
    message = assert_one_line(done, 3)
    assert f"{partner}: cannot parse the file: one statement is too long to read" in message
    assert not (tmp_path / "store").exists()


def test_json_ld_of_too_deep_blank_nodes_is_a_store_error_not_a_crash() -> None:
    store, graph = ox.Store(), ox.NamedNode("urn:x:g")
    nodes = [ox.BlankNode() for _ in range(5_000)]  # deeper than the interpreter's recursion limit
    store.add(ox.Quad(ox.NamedNode("urn:x:root"), ox.NamedNode("urn:x:p"), nodes[0], graph))
    for outer, inner in zip(nodes, nodes[1:]):
        store.add(ox.Quad(outer, ox.NamedNode("urn:x:p"), inner, graph))
    dataset = VisibleDataset(OKG.TLP_CLEAR, store)
    with pytest.raises(StoreError, match="nested too deep .* TriG or N-Quads"):
        write_jsonld(dataset, open(os.devnull, "wb"), Settings())


_FAULT = """
import sys
import kg.catalog
from kg.cli import main
def broken(*args, **kwargs):
    raise ZeroDivisionError("an unforeseen fault\\nover two lines")
kg.catalog.load_catalog = broken
sys.argv = ["kg", "query", "graph_stats", "--store", sys.argv[1]]
main()
"""


@pytest.mark.parametrize("debug", ["", "1"])
def test_an_unforeseen_fault_exits_5_with_one_line_or_the_traceback_when_asked(built: Path, tmp_path: Path,
                                                                               debug: str) -> None:
    done = subprocess.run([sys.executable, "-c", _FAULT, str(built)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300, env=clean_env(KG_DEBUG=debug))
    if debug:
        assert done.returncode == 1 and "Traceback" in done.stderr and "ZeroDivisionError" in done.stderr
        return
    message = assert_one_line(done, 5)
    assert message == ("internal error: ZeroDivisionError: an unforeseen fault over two lines (a bug in kg: "
                       "KG_DEBUG=1 shows the traceback; please report it)\n")
