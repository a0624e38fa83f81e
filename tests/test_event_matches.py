"""Event identity (kg.event_matches): a second report of one event, written without the first one's ``id``, is
pointed out by ``kg validate`` and ``kg ingest`` as a note, never joined silently; two reports that share an ``id``
but give times that do not overlap are pointed out too. On real reporting: Ukrinform's and news360's reports of the
38th brigade's column of 13 December 2022 (tests/golden/data/brest-brigade)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run_kg

STORY = Path(__file__).parent / "golden" / "data" / "brest-brigade"
NEWS360 = STORY / "articles" / "news360-2022-12-15.yaml"


def _workspace(copy_workspace) -> Path:
    work = copy_workspace()
    entities = shutil.copy(STORY / "entities" / "brest-brigade.yaml", work / "entities")
    first = shutil.copy(STORY / "articles" / "ukrinform-2022-12-13.yaml", work / "articles")
    done = run_kg("ingest", entities, first, cwd=work)
    assert done.returncode == 0, done.stderr
    return work


def test_a_second_report_of_one_event_is_pointed_out(copy_workspace):
    work = _workspace(copy_workspace)
    checked = run_kg("validate", NEWS360, cwd=work)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # a note does not fail the file
    assert "news360-2022-12-15.yaml:14: event 'Movement by 38th Separate Guards Air Assault Brigade" in checked.stdout
    assert "looks like 'Movement by 38th Separate Guards Air Assault Brigade towards Maloryta'" in checked.stdout
    ingested = run_kg("ingest", NEWS360, cwd=work)
    assert ingested.returncode == 0 and "looks like" in ingested.stdout + ingested.stderr


def test_another_actor_on_the_same_day_is_not_the_same_event(copy_workspace, tmp_path: Path):
    work = _workspace(copy_workspace)
    other = tmp_path / "other.yaml"
    other.write_text(NEWS360.read_text(encoding="utf-8").replace("actor: 38th Guards Air Assault Brigade",
                                                                 "actor: Russian Armed Forces"), encoding="utf-8")
    checked = run_kg("validate", other, cwd=work)
    assert checked.returncode == 0 and "looks like" not in checked.stdout, checked.stdout


def test_one_event_given_times_that_do_not_overlap_is_pointed_out(copy_workspace, tmp_path: Path):
    work = _workspace(copy_workspace)
    first = tmp_path / "first.yaml"
    first.write_text(NEWS360.read_text(encoding="utf-8").replace("    type: movement\n",
                                                                 "    id: column-from-brest\n    type: movement\n"),
                     encoding="utf-8")
    assert run_kg("ingest", first, cwd=work).returncode == 0
    later = tmp_path / "later.yaml"
    later.write_text(first.read_text(encoding="utf-8").replace("    time: 2022-12-13", "    time: 2022-11-02")
                     .replace("title: Belarus orders", "title: A later report, Belarus orders")
                     .replace("news360.es/brasil/2022/12/15/", "news360.es/brasil/2022/12/16/"), encoding="utf-8")
    checked = run_kg("validate", later, cwd=work)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "is dated 2022-11-02 to 2022-11-02 here and 2022-12-13 to 2022-12-13" in checked.stdout
    assert "the times do not overlap" in checked.stdout
