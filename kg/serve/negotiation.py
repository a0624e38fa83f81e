"""Content negotiation: the best of the offered media types for an Accept header (RFC 9110 q-values, wildcards)."""

from __future__ import annotations

__all__ = ["choose", "ENTITY_FORMATS", "RESULT_TYPES", "GRAPH_TYPES"]

#: Entity documents: media type → file suffix (the first is the default).
ENTITY_FORMATS = {"text/html": ".html", "text/turtle": ".ttl", "application/ld+json": ".jsonld"}
#: Aliases clients send for the same formats.
_ALIASES = {"application/xhtml+xml": "text/html", "application/x-turtle": "text/turtle",
            "application/turtle": "text/turtle", "application/json": "application/sparql-results+json",
            "application/sparql-results+json": "application/sparql-results+json",
            "text/tab-separated-values": "text/tab-separated-values"}
#: SELECT and ASK results (the first is the default).
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
#: CONSTRUCT and DESCRIBE results (the first is the default).
GRAPH_TYPES = ("text/turtle", "application/n-triples")


def _parse(header: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(header.split(",")[:50]):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float, int]], aliases: dict[str, str]) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range that matches ``offer``."""
    best = (-1.0, -1, 0)
    major = offer.split("/")[0]
    for media, q, position in ranges:
        target = aliases.get(media, media)
        if target == offer:
            rank = (q, 3, -position)
        elif media == f"{major}/*":
            rank = (q, 2, -position)
        elif media == "*/*":
            rank = (q, 1, -position)
        else:
            continue
        if rank[1] > best[1] or (rank[1] == best[1] and rank[0] > best[0]):
            best = rank
    return best


def choose(accept: str | None, offers: tuple[str, ...] | list[str], default: str | None = None) -> str | None:
    """The offer the client prefers; ``default`` (the first offer unless given) when the header is missing or
    matches nothing acceptable. Returns None only when the client refuses every offer explicitly (q=0)."""
    default = default or offers[0]
    if not accept or not accept.strip():
        return default
    aliases = dict(_ALIASES)
    if "application/sparql-results+json" not in offers:
        aliases["application/json"] = "application/ld+json"
    ranges = _parse(accept)
    scored = []
    for index, offer in enumerate(offers):
        q, specificity, position = _quality(offer, ranges, aliases)
        if q > 0:
            scored.append((q, specificity, position, -index, offer))
    if not scored:
        return default
    return max(scored)[4]
