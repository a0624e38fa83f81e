"""The small valid fact file that fact-file and hostile-input tests mutate, one change at a time: its text, the
YAML, and how to write and read a mutation of it (the expected line of an error is derived from the mutated text,
never hard-coded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import FactFileError, Problem
from kg.factfile import FactFileReader
from kg.model import Model

__all__ = ["TEXT", "TWICE", "OFFSET", "BASE", "line_of", "mutate", "write_fact_file", "problems_of"]

TEXT = ("Russian troops moved south. Hajun said that Russia handed over at least 50 Ural trucks. "
        "Ural trucks were seen near Gomel.\n")
TWICE = "Ural trucks"  # occurs twice in TEXT: evidence needs an offset
OFFSET = TEXT.index(TWICE)
assert TEXT.count(TWICE) == 2

BASE = f"""\
document:
  type: news article
  title: Russian troops move south
  published: 2022-12-20
  marking: TLP:GREEN
  text: article.txt

places:
  south-belarus: {{position: south, of: Belarus}}

events:
  e1:
    type: movement
    actor: Russian Armed Forces
    from: Belarus
    to: south-belarus
    time: 2022-12-19
  t1:
    type: transfer
    giver: Russia
    receiver: Belarus
    time: {{latest: 2022-12-18}}
    quantities:
      - counts: Ural military truck
        at-least: 50
        at-most: 60
        phrase: at least 50 Ural trucks

claims:
  - claimant: Hajun
    date: {{relative: yesterday}}
    about: [e1, t1]
    status: occurred
    credibility: 2
    marking: TLP:AMBER
    evidence:
      - "Russian troops moved south."
      - quote: "{TWICE}"
        offset: {OFFSET}
"""


def line_of(yaml_text: str, line_text: str) -> int:
    """The 1-based number of the one line whose stripped text is ``line_text``."""
    found = [i for i, line in enumerate(yaml_text.splitlines(), 1) if line.strip() == line_text]
    assert len(found) == 1, f"{line_text!r} is on lines {found}, expected exactly one"
    return found[0]


def mutate(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the base document"
    return text.replace(old, new)


def write_fact_file(directory: Path, yaml_text: str, name: str = "bad.yaml") -> Path:
    (directory / "article.txt").write_text(TEXT, encoding="utf-8")
    path = directory / name
    path.write_text(yaml_text, encoding="utf-8")
    return path


def problems_of(model: Model, path: Path) -> list[Problem]:
    with pytest.raises(FactFileError) as caught:
        FactFileReader(model).read(path)
    problems = caught.value.problems
    assert problems, "a FactFileError must carry at least one problem"
    assert all(p.file == str(path) for p in problems), problems
    return problems
