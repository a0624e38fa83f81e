"""Small facts about SPARQL text the project needs without a full parser: which keywords a query uses (so that the
embedded engine can refuse SERVICE, which would reach the network) and its query form."""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.terms import to_ox

__all__ = ["keywords", "refuse_network_access", "query_form", "bind", "sparql_term", "values_chunks", "VALUES_CHUNK"]

#: Terms per VALUES block: keeps every request small enough for any SPARQL server.
VALUES_CHUNK = 500

# Strings, IRIs and comments hide keywords; they are removed before looking for keywords.
_HIDDEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_escapes(text: str) -> str:
    """The query with its ``\\u`` and ``\\U`` codepoint escapes expanded, as SPARQL parsers do before anything else
    (``<urn:x:\\u0041#>`` is the IRI ``<urn:x:A#>``: read unexpanded, its ``#`` would start a comment)."""
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()
    return _ESCAPE.sub(char, text)


def _mask(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out, keeping every other character at its position (codepoint
    escapes are expanded first, so positions are those of the expanded text when it has any)."""
    return _HIDDEN.sub(lambda m: " " * len(m.group()), expand_escapes(text))


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of a query outside strings, IRIs and comments (prefixed names count by their parts)."""
    stripped = _mask(text)
    words = set()
    for match in _WORD.finditer(stripped):
        start = match.start()
        if start and stripped[start - 1] in "?$:":  # variables and local names are not keywords
            continue
        if match.end() < len(stripped) and stripped[match.end()] == ":":  # a prefix
            continue
        words.add(match.group().upper())
    return words


def refuse_network_access(text: str) -> None:
    """Raise QueryError for queries that would make the engine fetch remote data (SERVICE, LOAD).

    A cheap second line for every query the stores run, the package's own included; a query text from outside the
    package is first read on its parsed algebra (kg.queryfacts), which is the check that counts."""
    used = keywords(text) & {"SERVICE", "LOAD"}
    if used:
        raise QueryError(f"{' and '.join(sorted(used))} is refused: queries never reach the network")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them that appears in the query."""
    stripped = _mask(text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", stripped, re.IGNORECASE)
    if not match:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).upper()


def bind(text: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables to RDF terms with a VALUES block at the start of the query's WHERE group, and of the WHERE
    group of every subquery (a subquery does not see its enclosing query's bindings: SPARQL evaluates it first).

    The terms are serialised by the RDF library (escaped N-Triples syntax), so a value is always one term and never
    SPARQL syntax; FILTERs of the group see the bound values. The same text works on every SPARQL 1.1 server."""
    if not bindings:
        return text
    masked = _mask(text)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.IGNORECASE)
    if not form:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    start = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        where = re.compile(r"\bWHERE\b", re.IGNORECASE).search(masked, start)
        if not where:
            raise QueryError("a CONSTRUCT query needs a WHERE clause to bind parameters in")
        start = where.end()
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("the query has no WHERE group to bind parameters in")
    braces = {brace}
    for subquery in re.finditer(r"\bSELECT\b", masked[brace:], re.IGNORECASE):
        inner = masked.find("{", brace + subquery.end())
        if inner > 0:
            braces.add(inner)
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid parameter name {name!r}")
    names = list(bindings)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    for position in sorted(braces, reverse=True):
        text = text[: position + 1] + values + text[position + 1:]
    return text


def sparql_term(term: Node) -> str:
    """An IRI or literal as SPARQL text, serialised (and for an IRI, checked) by pyoxigraph, so that it is always
    exactly one term: an IRI holding ``>`` or a space is refused, never pasted."""
    if isinstance(term, (URIRef, Literal)):
        try:
            return str(to_ox(term))
        except ValueError as exc:
            raise QueryError(f"cannot use {str(term)!r} in a query: {exc}") from None
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def values_chunks(terms: Iterable[Node], size: int = VALUES_CHUNK) -> Iterator[str]:
    """``terms`` (sorted, each once) as the contents of VALUES blocks of at most ``size`` terms, each term written
    by ``sparql_term``: for queries that start from many IRIs (docs/writing-queries.md)."""
    ordered = sorted(set(terms))
    for start in range(0, len(ordered), size):
        yield " ".join(map(sparql_term, ordered[start:start + size]))
