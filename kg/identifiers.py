"""Content-derived identifiers: the same content always gets the same IRI, so ingesting an article twice changes
nothing, and two reports of one event meet at one node."""

from __future__ import annotations

import hashlib
import json

from rdflib import URIRef

__all__ = ["content_iri", "digest"]


def digest(*parts: object, length: int = 20) -> str:
    """A stable hex digest of ``parts`` (order matters; pass sorted collections for sets)."""
    canonical = json.dumps([p if isinstance(p, (list, int, float)) or p is None else str(p) for p in parts],
                           ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:length]


def content_iri(base: str, kind: str, *parts: object) -> URIRef:
    """``{base}{kind}/{digest of parts}``: e.g. an event from its type, participants, places and time."""
    return URIRef(f"{base}{kind}/{digest(*parts)}")
