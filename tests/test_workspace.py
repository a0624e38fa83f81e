"""An analyst's workspace (kg.workspace): ``kg init`` makes one, every command finds it from the folder it runs in (or
--workspace / $KG_WORKSPACE), its kg.toml sets base, marking, store and fact files, and a bad kg.toml is an error
naming the file and the key, never ignored."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import KG, clean_env, run_kg
from kg.config import EXAMPLES_DIR
from kg.store import EmbeddedStore
from kg.vocab import OKG

SEED_NAME = "2022-12-20-hajun-russian-troops-south-belarus.yaml"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A workspace made by ``kg init --example`` and built."""
    home = tmp_path_factory.mktemp("analyst")
    done = run_kg("init", "--example", "work", cwd=home)
    assert done.returncode == 0, done.stderr
    done = run_kg("build", cwd=home / "work")
    assert done.returncode == 0, done.stderr
    return home / "work"


def test_init_writes_the_settings_the_folders_and_the_example(workspace: Path):
    assert sorted(p.name for p in workspace.iterdir()) == [".kg", "articles", "entities", "kg.toml"]
    assert sorted(p.name for p in (workspace / "articles").iterdir()) == sorted(p.name for p in EXAMPLES_DIR.iterdir())
    assert (workspace / "articles" / SEED_NAME).read_bytes() == (EXAMPLES_DIR / SEED_NAME).read_bytes()


def test_the_build_reads_the_workspace_and_writes_its_store(workspace: Path):
    store = EmbeddedStore(workspace / ".kg" / "store", read_only=True)
    documents = store.select("SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d ?p ?m } }", {"p": OKG.marking}).rows
    store.close()
    yaml_files = [p for p in (workspace / "articles").iterdir() if p.suffix == ".yaml"]
    assert len(documents) == len(yaml_files) == 6


def test_commands_find_the_workspace_from_below_and_from_anywhere_when_named(workspace: Path, tmp_path: Path):
    below = run_kg("query", "claims_by_source", "-p", "source=Gayun", "--format", "csv", cwd=workspace / "entities")
    assert below.returncode == 0, below.stderr
    assert "Hajun" in below.stdout
    named = run_kg("--workspace", workspace, "query", "claims_by_source", "-p", "source=Gayun", "--format", "csv",
                   cwd=tmp_path)
    assert named.stdout == below.stdout
    env = clean_env(KG_WORKSPACE=str(workspace))
    by_env = subprocess.run([str(KG), "query", "claims_by_source", "-p", "source=Gayun", "--format", "csv"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert by_env.stdout == below.stdout
    outside = run_kg("query", "claims_by_source", "-p", "source=Gayun", cwd=tmp_path)
    assert outside.returncode == 4 and "no store" in outside.stderr  # outside the workspace, its store is not used


def test_init_never_overwrites(workspace: Path, tmp_path: Path):
    before = (workspace / "kg.toml").read_bytes()
    again = run_kg("init", workspace, cwd=tmp_path)
    assert again.returncode == 3 and "already a workspace" in again.stderr
    assert (workspace / "kg.toml").read_bytes() == before
    mine = tmp_path / "mine"
    (mine / "articles").mkdir(parents=True)
    (mine / "articles" / SEED_NAME).write_text("my own edit\n")
    clash = run_kg("init", "--example", mine, cwd=tmp_path)
    assert clash.returncode == 3 and SEED_NAME in clash.stderr
    assert (mine / "articles" / SEED_NAME).read_text() == "my own edit\n" and not (mine / "kg.toml").exists()


def test_settings_from_kg_toml_and_what_overrides_them(tmp_path: Path):
    work = tmp_path / "work"
    assert run_kg("init", work, cwd=tmp_path).returncode == 0
    (work / "kg.toml").write_text('base = "https://osint.example.org/id/"\nmarking = "TLP:GREEN"\n'
                                  'store = "stores/main"\narticles = "facts"\n', encoding="utf-8")
    (work / "facts").mkdir()
    for name in (SEED_NAME, "000_7abdb280e8ea2e26.txt"):
        (work / "facts" / name).write_bytes((EXAMPLES_DIR / name).read_bytes())
    unmarked = (work / "facts" / SEED_NAME).read_text(encoding="utf-8")
    assert "  marking:" in unmarked
    (work / "facts" / SEED_NAME).write_text("".join(line for line in unmarked.splitlines(keepends=True)
                                                    if not line.startswith("  marking:")), encoding="utf-8")
    done = run_kg("build", cwd=work)
    assert done.returncode == 0, done.stderr
    store = EmbeddedStore(work / "stores" / "main", read_only=True)
    rows = store.select("SELECT ?d ?m WHERE { GRAPH ?g { ?d ?p ?m } }", {"p": OKG.marking}).rows
    store.close()
    assert len(rows) == 1 and str(rows[0][0]).startswith("https://osint.example.org/id/")
    assert rows[0][1] == OKG.TLP_GREEN  # the workspace's default marking, for a fact file that states none
    elsewhere = tmp_path / "other-store"
    override = subprocess.run([str(KG), "build", "--store", str(elsewhere)], capture_output=True, text=True, cwd=work,
                              env=clean_env(KG_BASE="https://override.example.org/id/"), timeout=300)
    assert override.returncode == 0, override.stderr
    store = EmbeddedStore(elsewhere, read_only=True)
    documents = [d for d, in store.select("SELECT ?d WHERE { GRAPH ?g { ?d ?p ?m } }", {"p": OKG.marking}).rows]
    store.close()
    assert [str(d).split("/id/")[0] for d in documents] == ["https://override.example.org"]


@pytest.mark.parametrize("text, expected", [
    ('stor = ".kg/store"\n', "kg.toml: stor: unknown setting"),
    ("store = 3\n", "kg.toml: store: expected a non-empty string"),
    ('store = ".kg/store\n', "kg.toml:1:19: not valid TOML"),
])
def test_a_bad_kg_toml_is_an_error_naming_file_and_key(tmp_path: Path, text: str, expected: str):
    (tmp_path / "kg.toml").write_text(text, encoding="utf-8")
    done = run_kg("query", "graph_stats", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert expected in done.stderr


def test_a_missing_fact_file_folder_is_an_error_not_an_empty_build(tmp_path: Path):
    assert run_kg("init", tmp_path / "w", cwd=tmp_path).returncode == 0
    os.rmdir(tmp_path / "w" / "articles")
    done = run_kg("build", cwd=tmp_path / "w")
    assert done.returncode == 3 and "fact-file folder" in done.stderr
    assert not (tmp_path / "w" / ".kg" / "store").exists()
