"""Progress names its phases (kg/commands/progress.py): kg build and kg validate --all say on stderr what they are
doing as each step begins, in the order the steps run; --quiet says nothing; on a terminal a counted phase draws a
bar with its count."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import KG, clean_env, run_kg

PHASE = re.compile(r"^\[\s*[\d.]+ s\] (.+)$", re.M)


def _phases(stderr: str) -> list[str]:
    return PHASE.findall(stderr)


def test_build_names_each_phase_in_order(tmp_path: Path):
    corpus = tmp_path / "corpus.nq"
    corpus.write_text("<urn:x:a> <urn:x:b> \"c\" <urn:x:g> .\n", encoding="utf-8")
    done = run_kg("build", "--rdf", corpus, "--store", tmp_path / "store", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    phases = _phases(done.stderr)
    # the fact files are read once the RDF and the reference data are in, so that they may name what those hold
    expected = ["loading the model", "loading 1 RDF file(s)", "loading the ontology and the reference data",
                "reading the fact files", "validating and writing",
                "counting the quads", "swapping the new store in"]
    found = [next((i for i, text in enumerate(phases) if text.startswith(start)), None) for start in expected]
    assert None not in found and found == sorted(found), phases
    quiet = run_kg("build", "--quiet", "--rdf", corpus, "--store", tmp_path / "store", cwd=tmp_path)
    assert quiet.returncode == 0 and _phases(quiet.stderr) == []


def test_validate_all_names_its_phases(built_store_path: Path, tmp_path: Path):
    done = run_kg("validate", "--all", "--store", built_store_path, cwd=tmp_path)
    phases = _phases(done.stderr)
    assert [p.split(" ")[0] for p in phases] == ["loading", "validating", "validating"], phases
    assert re.match(r"validating \d+ document\(s\) in the context of the store, in \d+ process\(es\)", phases[1])
    assert phases[2] == "validating the reference data"


@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux 'script' gives the command a terminal")
def test_on_a_terminal_a_counted_phase_draws_its_count(built_store_path: Path, tmp_path: Path):
    command = f"{KG} validate --all --store {built_store_path} > /dev/null"
    drawn = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, cwd=tmp_path,
                           env=clean_env(COLUMNS="120", TERM="xterm"), timeout=300)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.stdout)
    counts = [tuple(map(int, m)) for m in re.findall(r"(\d+)/(\d+) documents", text)]
    assert counts, text[-500:]
    total = counts[0][1]
    assert {t for _, t in counts} == {total} and max(d for d, _ in counts) >= total - 1
