"""bench/run.py cannot rot: a tiny run of every part of it (build, queries, ingest, validate --all, rdflib, the remote
path) writes its tables into a file of its own, never docs/, and replaces its own section on a second run."""

from __future__ import annotations

import re

from bench import report, run
from kg.config import PROJECT_ROOT

from kg.catalog import load_catalog


def test_the_benchmark_runs_each_querys_first_header_example():
    examples = {name: params for name, which, params in run.calls() if which == "examples"}
    catalog = load_catalog()
    assert examples == {name: query.examples[0] for name, query in catalog.items()}


def test_a_tiny_benchmark_run_writes_its_tables(tmp_path, capsys):
    docs = (PROJECT_ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\n## Kept\n\nearlier results\n", encoding="utf-8")
    run.main(["--sizes", "2000", "--queries", "entity_by_alias", "claims_by_source", "--repeat", "2",
              "--budget", "0.5", "--articles", "1", "--validate-budget", "2", "--naive-timeout", "5",
              "--naive-repeat", "1", "--remote-repeat", "1", "--workdir", str(tmp_path), "--write", str(output)])
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Kept\n\nearlier results\n")
    for heading in ("### Build", "### Catalog queries on the embedded store", "### The naive stack",
                    "### Ingesting new articles", "### `kg validate --all`", "### `kg export",
                    "### The remote path", "### Targets"):
        assert heading in text, heading
    assert "| entity_by_alias · examples |" in text and "| claims_by_source · corpus |" in text
    assert "| 2k |" in text and "1 added" in text and "error" not in text
    assert all(f"| {fmt} | " in text for fmt in ("trig", "nquads", "turtle", "ntriples", "jsonld", "stix"))
    validate_all = text.split("### `kg validate --all`")[1].split("###")[0]
    assert re.search(r"\| 2k \| .* \| [\d.]+ s \| [\d.]+ \|\n", validate_all), validate_all  # whole-graph pyshacl ran
    # a second run replaces its section, the rest of the file stays
    report.write_report(output, f"{report.BEGIN}\nagain\n{report.END}\n")
    assert output.read_text(encoding="utf-8") == "# Benchmarks\n\n## Kept\n\nearlier results\n\n" \
        f"{report.BEGIN}\nagain\n{report.END}\n"
    assert (PROJECT_ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8") == docs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["benchmarks.md"]  # its work directory cleaned up
