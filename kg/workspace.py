"""An analyst's workspace: a folder of their own with fact files, entity files, a store and a ``kg.toml``.

``kg init DIR`` makes one; every command then finds it from the current folder (the nearest ``kg.toml`` in it or
above it), or from ``--workspace DIR`` / ``$KG_WORKSPACE``. Its settings (``kg.toml``) are the defaults of that
workspace's commands; an option or an environment variable (``--store``/``$KG_STORE``, ``$KG_BASE``,
``--endpoint``/``$KG_ENDPOINT``) still wins. Paths in ``kg.toml`` are relative to the workspace. Outside any workspace
the tool's own checkout is used as before (its ``data/articles/``), so the README's commands keep working.

``kg.toml`` is read as strictly as a fact file: an unknown key, a value of the wrong type or a TOML syntax error is
an InputError naming the file (and the line, for syntax errors), never ignored.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, Problem

__all__ = ["Workspace", "WORKSPACE_FILE", "WORKSPACE_ENV", "find_workspace", "load_workspace", "init_workspace"]

WORKSPACE_FILE = "kg.toml"
WORKSPACE_ENV = "KG_WORKSPACE"

#: Key → (what it must be, its default); the template ``kg init`` writes says the same.
_KEYS: dict[str, tuple[type, object]] = {
    "base": (str, None),
    "marking": (str, None),
    "store": (str, ".kg/store"),
    "endpoint": (str, None),
    "update-endpoint": (str, None),
    "articles": (str, "articles"),
    "entities": (str, "entities"),
    "gazetteer": (list, []),
    "gazetteer-population": (int, 5000),
}

_TEMPLATE = """\
# An OSINT knowledge graph workspace (docs/workspaces.md). Paths are relative to this folder.
# Options and environment variables ($KG_STORE, $KG_BASE, $KG_ENDPOINT) override these.

# Instance IRIs are minted under this base (default: the project's own).
# base = "https://osint-kg.example.org/id/"

# The marking of a document whose fact file or RDF says none (TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT,
# TLP:RED; default TLP:AMBER).
# marking = "TLP:AMBER"

# The embedded store, or a SPARQL server instead of it.
store = ".kg/store"
# endpoint = "http://127.0.0.1:7878/query"
# update-endpoint = "http://127.0.0.1:7878/update"

# Fact files (kg build reads every *.yaml here) and entity files.
articles = "articles"
entities = "entities"

# Towns and country names from GeoNames and pycountry that kg build loads, for these countries (ISO codes), of at
# least this many inhabitants (500, 1000, 5000 or 15000): docs/entities.md.
# gazetteer = ["BY", "UA"]
# gazetteer-population = 5000
"""


@dataclass(frozen=True)
class Workspace:
    """A workspace's folder and its settings, paths resolved against the folder."""

    root: Path
    store: Path
    articles: Path
    entities: Path
    base: str | None = None
    marking: str | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    gazetteer: tuple[str, ...] = ()
    gazetteer_population: int = 5000

    @property
    def settings_file(self) -> Path:
        return self.root / WORKSPACE_FILE


def load_workspace(root: str | os.PathLike) -> Workspace:
    """The workspace whose ``kg.toml`` is in ``root``; InputError if it is missing or invalid."""
    root = Path(root).resolve()
    path = root / WORKSPACE_FILE
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no {WORKSPACE_FILE} here: 'kg init {root}' makes a workspace", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the workspace settings: {exc}", file=path) from exc
    except tomllib.TOMLDecodeError as exc:  # its line is in the message only (an attribute from Python 3.14)
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(Problem(str(path), f"not valid TOML: {message}", line=int(at.group(1)) if at else None,
                                 column=int(at.group(2)) if at else None)) from exc
    problems = []
    for key, value in values.items():
        if key not in _KEYS:
            problems.append(Problem(str(path), f"unknown setting; expected one of: {', '.join(_KEYS)}", key=key))
        elif _KEYS[key][0] is list:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(str(path), f"expected a list of strings, got {value!r}", key=key))
        elif _KEYS[key][0] is int:
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(Problem(str(path), f"expected a whole number, got {value!r}", key=key))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(str(path), f"expected a non-empty string, got {value!r}", key=key))
    if not problems and ("gazetteer" in values or "gazetteer-population" in values):
        from kg.gazetteer import check_countries, check_population  # pycountry: read only when the setting is there

        for key, check in (("gazetteer", check_countries), ("gazetteer-population", check_population)):
            try:
                check(values.get(key, _KEYS[key][1]))
            except InputError as exc:
                problems.append(Problem(str(path), exc.problems[0].message, key=key))
    if problems:
        raise InputError(problems)
    setting = {key: values.get(key, default) for key, (_, default) in _KEYS.items()}
    return Workspace(root=root, store=root / setting["store"], articles=root / setting["articles"],
                     entities=root / setting["entities"], base=setting["base"], marking=setting["marking"],
                     endpoint=setting["endpoint"], update_endpoint=setting["update-endpoint"],
                     gazetteer=tuple(setting["gazetteer"]), gazetteer_population=setting["gazetteer-population"])


def find_workspace(start: str | os.PathLike | None = None) -> Workspace | None:
    """The workspace ``$KG_WORKSPACE`` names, else the nearest folder holding a ``kg.toml`` at or above ``start``
    (the current folder), else None. A named workspace that has no ``kg.toml`` is an error, never silently none."""
    named = os.environ.get(WORKSPACE_ENV)
    if named:
        return load_workspace(named)
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / WORKSPACE_FILE).is_file():
            return load_workspace(candidate)
    return None


def init_workspace(root: str | os.PathLike, example_files: list[Path] | None = None) -> tuple[Workspace, list[Path]]:
    """Make a workspace in ``root`` (created if missing): ``kg.toml``, ``articles/``, ``entities/``; with
    ``example_files``, copies of them in ``articles/``. Refuses (InputError) a folder that already has a
    ``kg.toml``, or an example file that would replace one already there: nothing is overwritten. The workspace and
    the files written."""
    root = Path(root).resolve()
    settings = root / WORKSPACE_FILE
    if settings.exists():
        raise InputError(f"{root} is already a workspace; nothing was changed", file=settings)
    articles = root / _KEYS["articles"][1]  # type: ignore[operator]
    clashes = [articles / f.name for f in example_files or () if (articles / f.name).exists()]
    if clashes:
        raise InputError(f"{', '.join(map(str, clashes))} already exist(s); nothing was changed", file=clashes[0])
    try:
        written = []
        for folder in (articles, root / _KEYS["entities"][1]):  # type: ignore[operator]
            folder.mkdir(parents=True, exist_ok=True)
        for source in example_files or ():
            target = articles / source.name
            shutil.copyfile(source, target)
            written.append(target)
        settings.write_text(_TEMPLATE, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot make a workspace in {root}: {exc}", file=root) from exc
    return load_workspace(root), [settings, *written]
