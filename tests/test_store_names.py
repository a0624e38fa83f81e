"""Fact files name what the store holds (kg.resolve.StoreNames): an organisation delivered by a partner file can be
a fact file's claimant as soon as the delivery is ingested, without a rebuild or an edit of ontology/; its type comes
from the store, so a wrong kind is still refused; the reference data keeps its names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import URIRef

from helpers import mutate, run_kg, write_fact_file
from kg.store import EmbeddedStore
from kg.vocab import OKG

PARTNER_ORG = "https://partner.example.org/org/polissya-watch"
DELIVERY = f"""@prefix okg: <https://w3id.org/osint-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{PARTNER_ORG}> a okg:MonitoringGroup ; skos:prefLabel "Polissya Watch"@en ; skos:altLabel "Полесье Вотч"@ru .
"""


def test_a_partner_entity_can_be_named_in_a_fact_file_once_ingested(copy_workspace, tmp_path: Path):
    work = copy_workspace()
    story = tmp_path / "story"
    story.mkdir()
    fact_file = write_fact_file(story, mutate("  - claimant: Hajun", "  - claimant: Полесье Вотч"), "polissya.yaml")
    before = run_kg("validate", fact_file, cwd=work)
    assert before.returncode == 3 and "unknown name 'Полесье Вотч'" in before.stderr  # not known yet: file:line
    (tmp_path / "delivery.ttl").write_text(DELIVERY, encoding="utf-8")
    assert run_kg("ingest", tmp_path / "delivery.ttl", cwd=work).returncode == 0
    done = run_kg("ingest", fact_file, cwd=work)
    assert done.returncode == 0, done.stderr
    with EmbeddedStore(work / ".kg" / "store", read_only=True) as store:
        claimants = {c for c, in store.select("SELECT ?c WHERE { GRAPH ?g { ?claim ?p ?c } }",
                                              {"p": OKG.claimant}).rows}
    assert URIRef(PARTNER_ORG) in claimants
    by_name = run_kg("query", "claims_by_source", "-p", "source=Polissya Watch", "--format", "csv", cwd=work)
    rows = list(csv.DictReader(io.StringIO(by_name.stdout)))
    assert by_name.returncode == 0 and [row["claimant"] for row in rows] == ["Polissya Watch"]


def test_a_store_entity_of_the_wrong_kind_is_refused(copy_workspace, tmp_path: Path):
    work = copy_workspace()
    (tmp_path / "delivery.ttl").write_text(DELIVERY, encoding="utf-8")
    assert run_kg("ingest", tmp_path / "delivery.ttl", cwd=work).returncode == 0
    story = tmp_path / "story"
    story.mkdir()
    fact_file = write_fact_file(story, mutate("    to: south-belarus", "    to: Polissya Watch"), "wrong.yaml")
    done = run_kg("validate", fact_file, cwd=work)
    expected = f"wrong.yaml:16:9: events.e1.to: 'Polissya Watch' names Polissya Watch <{PARTNER_ORG}>, which is not a place"
    assert done.returncode == 3 and expected in done.stderr
