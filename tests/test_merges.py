"""Two entities that turn out to be one (kg.merges, ``kg entity merge`` / ``unmerge``), on real reporting: the
border guard's spokesperson quoted by Espreso (16 Sep 2024) and by UNN (2025), both saying there are no Russian units
in Belarus; an analyst who read the first in a Russian-language source entered him as "Andrei Demchenko", a person
of his own. Worked out by hand: before the merge two sources deny the event, after it one (the same man), after
the unmerge two again; his names keep the graphs they came from; a rebuild keeps the merge; bad merges write
nothing."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from helpers import run_kg
from kg.store import EmbeddedStore

STORY = Path(__file__).parent / "golden" / "data" / "border-guard"
EVENT = "https://w3id.org/osint-kg/id/event/russian-units-in-belarus-2024-09"

ESPRESO = """\
# Espreso, 16 September 2024: the border guard spokesperson says no Russian units are in Belarus now. Entered from
# a Russian-language retelling, the speaker as a new person "Andrei Demchenko" (the duplicate the test merges).
document:
  type: news article
  title: Russian troops are not in Belarus, but Ukraine must be ready for any scenario
  published: 2024-09-16
  publisher: espreso
  marking: TLP:CLEAR
  url: https://global.espreso.tv/russia-ukraine-war-russian-troops-are-not-on-belarusian-territory-but-ukraine-must-be-prepared-for-any-scenario-sbgs
entities:
  espreso:
    type: media outlet
    name: Espreso TV
    country: Ukraine
  andrei-demchenko:
    type: person
    name: Andrei Demchenko
    aliases: [{name: Андрей Демченко, language: ru}]
events:
  units:
    id: russian-units-in-belarus-2024-09
    type: deployment
    label: Russian units in Belarus (September 2024)
    actor: Armed Forces of the Russian Federation
    place: Belarus
    time: 2024-09
claims:
  - claimant: Andrei Demchenko
    date: 2024-09-16
    about: [units]
    status: not occurred
    credibility: 2
    statement: There are no Russian units in Belarus now; they were withdrawn to the front.
"""

UNN = """\
# UNN (English, 2025): the same spokesperson, named as the entity file names him, says there are currently no
# Russian units in Belarus.
document:
  type: news article
  title: No unusual situations, but tension remains - what is happening on the border with Belarus
  published: 2025-01-10
  publisher: UNN
  marking: TLP:CLEAR
  url: https://unn.ua/en/amp/no-unusual-situations-but-tension-remains-what-is-happening-on-the-border-with-belarus
events:
  units:
    id: russian-units-in-belarus-2024-09
    type: deployment
    label: Russian units in Belarus (September 2024)
    actor: Armed Forces of the Russian Federation
    place: Belarus
    time: 2024-09
claims:
  - claimant: Andriy Demchenko
    date: 2025-01-10
    about: [units]
    status: not occurred
    credibility: 2
    statement: There are currently no Russian units in Belarus.
"""


def _csv(done) -> list[dict[str, str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def _denying(work: Path) -> set[str]:
    rows = _csv(run_kg("query", "corroboration", "-p", f"event={EVENT}", "--format", "csv", cwd=work))
    assert len(rows) == 2  # the two claims, whatever the count
    return {r["denyingSources"] for r in rows}


def test_a_duplicate_person_merged_counts_once_and_unmerged_twice(copy_workspace):
    work = copy_workspace()
    shutil.copy(STORY / "entities" / "border-guard.yaml", work / "entities")
    (work / "articles" / "espreso-2024-09-16.yaml").write_text(ESPRESO, encoding="utf-8")
    (work / "articles" / "unn-2025-01-10.yaml").write_text(UNN, encoding="utf-8")
    done = run_kg("ingest", work / "entities" / "border-guard.yaml", work / "articles" / "espreso-2024-09-16.yaml",
                  work / "articles" / "unn-2025-01-10.yaml", cwd=work)
    assert done.returncode == 0, done.stderr
    assert _denying(work) == {"2"}  # two people, as far as the graph knows
    merged = run_kg("entity", "merge", "Andrii Demchenko", "Andrei Demchenko", "--note", "the same spokesperson",
                    cwd=work)
    assert merged.returncode == 0 and "merged: Andrei Demchenko → Andrii Demchenko" in merged.stdout, merged.stderr
    assert _denying(work) == {"1"}  # one man, one source
    claims = _csv(run_kg("query", "claims_by_source", "-p", "source=Андрей Демченко", "--format", "csv", cwd=work))
    assert {r["claimant"] for r in claims} >= {"Andrii Demchenko", "Andrei Demchenko"} and len(claims) == 2
    shown = run_kg("entity", "show", "Andrii Demchenko", cwd=work)
    assert shown.returncode == 0 and "Андрей Демченко" in shown.stdout and "Andrei Demchenko" in shown.stdout
    rebuilt = run_kg("build", cwd=work)  # the merge was a command, not a file: the build keeps it
    assert rebuilt.returncode == 0 and "keeping 1 entity merge(s)" in rebuilt.stderr, rebuilt.stderr
    assert _denying(work) == {"1"}
    again = run_kg("entity", "merge", "Andrii Demchenko", "Andrei Demchenko", cwd=work)
    assert again.returncode == 3 and "already merged" in again.stderr
    undone = run_kg("entity", "unmerge", "Andrei Demchenko", cwd=work)
    assert undone.returncode == 0, undone.stderr
    assert _denying(work) == {"2"}
    assert run_kg("entity", "unmerge", "Andrei Demchenko", cwd=work).returncode == 3  # not merged any more


def test_a_merge_of_disjoint_kinds_is_refused_and_writes_nothing(copy_workspace):
    work = copy_workspace()
    with EmbeddedStore(work / ".kg" / "store", read_only=True) as store:
        before = len(store)
    done = run_kg("entity", "merge", "Belarusian Hajun", "Minsk", cwd=work)
    assert done.returncode == 3 and "are disjoint" in done.stderr, done.stderr
    itself = run_kg("entity", "merge", "Hajun", "Gayun", cwd=work)
    assert itself.returncode == 3 and "with itself" in itself.stderr
    with EmbeddedStore(work / ".kg" / "store", read_only=True) as store:
        assert len(store) == before
