"""The one rule for IRIs that come from input (fact files' names and URLs, partners' RDF): an absolute IRI by
RFC 3987, as pyoxigraph checks it (no spaces, no ``<>"{}|^`\\``, no control characters), and free of the invisible
characters that make one IRI look like another: bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E,
U+200F, U+061C) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF). Those are refused as spoofing, not
cleaned: an IRI that displays as a known entity's but is not is an attack on the analyst reading it."""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = ["iri_problem", "SPOOFING"]

#: Characters that change how an IRI displays without showing themselves.
SPOOFING = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]")


def iri_problem(value: str, *, schemes: tuple[str, ...] = ()) -> str | None:
    """Why ``value`` is not an acceptable IRI, or None. ``schemes`` (lower case, without ``:``), when given, are the
    only schemes accepted."""
    found = SPOOFING.search(value)
    if found:
        return (f"contains the invisible character U+{ord(found.group()):04X} at position {found.start()}, which "
                f"can make an IRI look like another (refused as spoofing)")
    if any(ch.isspace() for ch in value):
        return "contains white space, which an IRI cannot"
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return f"is not a valid absolute IRI ({exc})"
    if schemes and value.split(":", 1)[0].lower() not in schemes:
        return f"must start with {' or '.join(s + ':' for s in schemes)}"
    return None
