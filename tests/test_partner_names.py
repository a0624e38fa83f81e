"""Names from a partner never make an existing name ambiguous (the reference data's names come first), and
``kg ingest`` says when a delivered label is a name the reference data already gives to another entity. The
partner file is the attack of the security issue: a new organisation labelled "Hajun"."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kg.config import DEFAULT_BASE

from helpers import run_kg

HAJUN = DEFAULT_BASE + "org/hajun"
PARTNER = """@prefix okg: <https://w3id.org/osint-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://partner.example.org/org/{slug}> a okg:Organisation ; skos:prefLabel "{label}"@en ; skos:altLabel "{alias}"@en .
"""


@pytest.fixture
def store(built_store_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy)
    return copy


def deliver(store: Path, tmp_path: Path, slug: str, label: str, alias: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / f"{slug}.ttl"
    path.write_text(PARTNER.format(slug=slug, label=label, alias=alias), encoding="utf-8")
    done = run_kg("ingest", path, "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def resolved(store: Path, tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    return run_kg("query", "claims_by_source", "-p", f"source={name}", "--format", "csv", "--store", store, cwd=tmp_path)


def test_a_partner_label_does_not_make_a_reference_name_ambiguous(store: Path, tmp_path: Path) -> None:
    before = resolved(store, tmp_path, "Hajun")
    assert before.returncode == 0 and before.stdout.count("\n") > 1, before.stderr
    done = deliver(store, tmp_path, "hajun-desk", "Hajun", "Hajun partner desk")
    assert ("note: " in done.stderr and "'Hajun' labels https://partner.example.org/org/hajun-desk" in done.stderr
            and HAJUN in done.stderr and "by its IRI" in done.stderr)
    after = resolved(store, tmp_path, "hajun")  # any case, as before
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout
    # the partner's own name still resolves (to its entity, which made no claims)
    own = resolved(store, tmp_path, "Hajun partner desk")
    assert own.returncode == 0 and own.stdout.count("\n") <= 1, own.stderr


def test_names_only_partners_give_are_still_ambiguous_when_two_entities_share_them(store: Path,
                                                                                    tmp_path: Path) -> None:
    """The negative control: the rule ranks the reference data first; it does not pick among partners' entities."""
    first = deliver(store, tmp_path, "desk-a", "Border Watch Desk", "Border Watch")
    second = deliver(store, tmp_path, "desk-b", "Border Watch Office", "Border Watch")
    assert "note:" not in first.stderr + second.stderr
    done = resolved(store, tmp_path, "Border Watch")
    assert done.returncode == 2 and "names several entities" in done.stderr
    assert "desk-a" in done.stderr and "desk-b" in done.stderr
