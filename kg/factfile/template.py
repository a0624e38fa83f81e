"""A commented template of a fact file (``kg new``), written from the fact-file format: every section's required
keys filled with placeholders, its other keys as comments with what they take, and the first line naming the JSON
Schema so that an editor completes and checks the keys. Nothing here lists keys: a key added to the format appears
in the template."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from kg.factfile.format import FMT, FactFileFormat, Key, load_format
from kg.factfile.keytables import allowed_values
from kg.factfile.schema import SCHEMA_PATH
from kg.model import Model

__all__ = ["fact_file_template"]

#: Placeholders for the required keys, by section and key, where the kind of value alone does not give one.
_EXAMPLES = {("document", "type"): "news article", ("document", "title"): "The headline, or what the document is",
             ("events", "type"): "movement", ("claims", "claimant"): "the claimant, by name or agents key",
             ("claims", "about"): "[the-event]", ("claims", "credibility"): "3"}


def _placeholder(key: Key, section: str, published: dt.date) -> str:
    if (section, key.name) in _EXAMPLES:
        return _EXAMPLES[(section, key.name)]
    if key.value in (FMT.Day, FMT.Time):
        return published.isoformat()
    return "…"  # the comment beside it lists what it takes


def _plain(text: str) -> str:
    """Markdown as a comment reads it: no backticks, links as their text."""
    return re.sub(r"\[([^]]+)\]\([^)]*\)", r"\1", text).replace("`", "")


def _comment(model: Model, key: Key) -> str:
    values = allowed_values(model, key)
    listed = f" — one of: {', '.join(name for name, _ in values)}" if values else ""
    return _plain(f"{key.name}: " + (f"[{key.condition}] " if key.condition else "") + key.definition + listed)


def _section(model: Model, fmt: FactFileFormat, section: str, indent: str, published: dt.date,
             first: str = "") -> list[str]:
    """The lines of one entry of ``section``: required keys with placeholders, the others commented out."""
    lines = []
    lead = first
    filled = [key for key in fmt.of(section) if _filled(key)]
    for key in filled:
        lines.append(f"{lead or indent}{key.name}: {_placeholder(key, section, published)}")
        lead = ""
    for key in fmt.of(section):
        if key not in filled:
            lines.append(f"{indent}# {_comment(model, key)}")
    return lines


def _filled(key: Key) -> bool:
    """Whether the template gives the key a placeholder: a required key, or one needed unless another is given
    (``published``, unless ``retrieved``)."""
    return key.required or (key.condition or "").startswith("yes, unless")


def fact_file_template(model: Model, path: Path, published: dt.date, schema: Path = SCHEMA_PATH) -> str:
    """The text of a new fact file at ``path``, published on ``published``."""
    fmt = load_format(model.ontology)
    try:
        schema_ref = os.path.relpath(schema, path.resolve().parent)
    except ValueError:  # another drive: the absolute path
        schema_ref = str(schema)
    lines = [f"# yaml-language-server: $schema={schema_ref}",
             "# A fact file (docs/fact-files.md): fill in the required keys, uncomment what the document says, and",
             "# check it with 'kg validate FILE'. Names are entities of the graph (kg query entity_by_alias) or keys of",
             "# this file's sections.",
             "document:"]
    lines += _section(model, fmt, "document", "  ", published)
    lines += ["", "events:", "  the-event:"]
    lines += _section(model, fmt, "events", "    ", published)
    lines += ["", "claims:"]
    lines += _section(model, fmt, "claims", "    ", published, first="  - ")
    lines += ["", "# assessments: a list like claims, with these keys besides:"]
    lines += [f"#   {_comment(model, k)}" for k in fmt.of("assessments") if "claims" not in k.sections]
    return "\n".join(lines) + "\n"
