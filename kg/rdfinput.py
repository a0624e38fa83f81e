"""Reading RDF files from partners, who may send anything: broken, huge, mis-encoded or hostile files.

Every file is checked before a parser sees it, and every failure is an ``InputError`` naming the file and, when
known, the line and column (1-based, counted in characters):

- the file must exist, be a regular file, have a known extension (``RDF_FORMATS``) and be at most ``max_bytes``
  long (``KG_MAX_INPUT_BYTES``, 64 MiB by default), which is checked from its size before anything is read;
- it must be UTF-8 (a UTF-8 byte-order mark is dropped);
- RDF/XML must not declare a DOCTYPE or ENTITY (entity expansion bombs, external entities), must be well-formed
  and must nest elements at most ``MAX_XML_DEPTH`` deep;
- JSON-LD must be valid JSON and every ``@context`` must be inline: a context that names another document is
  refused, and nothing is ever fetched;
- it must hold at least one triple.

Parsing is pyoxigraph's (fast and linear; rdflib's parsers are quadratic on long literals) and the terms are
converted to rdflib. Relative IRIs are refused (no base IRI is set; note that pyoxigraph's JSON-LD parser silently
drops nodes whose ``@id`` is relative).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError, Problem
from kg.inputfiles import read_regular_file
from kg.iris import SPOOFING, iri_problem
from kg.terms import from_ox

__all__ = ["RDF_FORMATS", "MAX_INPUT_ENV", "DEFAULT_MAX_INPUT_BYTES", "MAX_XML_DEPTH", "RdfInput", "read_rdf",
           "max_input_bytes", "MAX_BLANK_NODE_DEPTH"]

#: File extension (lower case) → the format it is parsed as.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

#: The environment variable that sets the default size limit, in bytes.
MAX_INPUT_ENV = "KG_MAX_INPUT_BYTES"
DEFAULT_MAX_INPUT_BYTES = 64 * 2**20

#: pyoxigraph's RDF/XML parser is quadratic in element depth (20,000 levels take 2 s, 200,000 several minutes);
#: real RDF/XML nests a few levels.
MAX_XML_DEPTH = 1000
#: How deep blank nodes may nest (an RDF list of 64 items is 64 deep; a description a few).
MAX_BLANK_NODE_DEPTH = 256

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Any markup declaration that could define or pull in entities. XML is case-sensitive and allows no space after
# "<!", but the check is lenient on purpose: whatever looks like one is refused.
_XML_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PARSER_POSITION = re.compile(r"^Parser error [^:]*: ")


@dataclass(frozen=True)
class RdfInput:
    """What ``read_rdf`` read: the statements as an rdflib Dataset, and how many distinct triples it holds (all
    graphs together, the default graph included)."""

    path: Path
    format: ox.RdfFormat
    dataset: Dataset
    triples: int


def read_rdf(path: str | os.PathLike, *, default_graph: URIRef | None = None,
             max_bytes: int | None = None) -> RdfInput:
    """Read one RDF file, in the format its extension names, into an rdflib Dataset.

    Triples in the file's default graph go to the named graph ``default_graph`` when given, else to the Dataset's
    default graph; named graphs (TriG, N-Quads, JSON-LD ``@graph`` with an ``@id``) keep their names. Blank nodes
    become rdflib BNodes with fresh identifiers, so blank nodes of two files never meet. Raises ``InputError``
    for anything unreadable or refused (see the module docstring); no other error escapes.
    """
    path = Path(path)
    name = str(path)
    rdf_format = _format_of(path, name)
    limit = max_input_bytes(file=name) if max_bytes is None else max_bytes
    data = _read_bytes(path, name, limit)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    _check_utf8(data, name)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _check_xml(data, name)
    elif rdf_format == ox.RdfFormat.JSON_LD:
        _check_json_ld(data, name)
    dataset = _parse(data, rdf_format, name, default_graph)
    _check_blank_node_depth(dataset, name)
    triples = sum(len(graph) for graph in dataset.graphs())
    if triples == 0:
        raise InputError(Problem(name, "no triples: the file holds no RDF statements"))
    return RdfInput(path, rdf_format, dataset, triples)


def max_input_bytes(*, file: str = MAX_INPUT_ENV) -> int:
    """The size limit for one input file: ``KG_MAX_INPUT_BYTES`` if set, else 64 MiB. ``file`` names the input
    in the error raised for a value that is not a number."""
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise InputError(Problem(file, f"{MAX_INPUT_ENV} must be a whole number of bytes, not {raw!r}"))
    return value


def _format_of(path: Path, name: str) -> ox.RdfFormat:
    suffix = path.suffix.lower()
    if suffix in RDF_FORMATS:
        return RDF_FORMATS[suffix]
    accepted = ", ".join(RDF_FORMATS)
    what = f"unknown RDF file extension {suffix!r}" if suffix else "no file extension"
    raise InputError(Problem(name, f"{what}; accepted extensions: {accepted}"))


def _read_bytes(path: Path, name: str, limit: int) -> bytes:
    """The file's bytes (a regular file at most ``limit`` long, checked before anything is read)."""
    data = read_regular_file(path, name, limit, "RDF file", too_big=lambda size: _too_big(name, size, limit))
    if not data:
        raise InputError(Problem(name, "no triples: the file is empty"))
    return data


def _too_big(name: str, size: int, limit: int) -> str:
    return (f"the file is {size:,} bytes, over the limit of {limit:,} bytes; split it into smaller files (an "
            f"N-Triples or N-Quads dump splits at any line break, e.g. `split -l 1000000 dump.nt part-`) and "
            f"load them one by one, or raise the limit with {MAX_INPUT_ENV}")


def _check_utf8(data: bytes, name: str) -> None:
    """Refuse bytes that are not UTF-8, at the line and column of the first bad byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        if data.startswith(_UTF16_BOMS):
            message = "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
        else:
            message = f"not UTF-8: byte 0x{data[exc.start]:02X} (at byte offset {exc.start}) is invalid; save " \
                      f"the file as UTF-8"
        raise InputError(Problem(name, message, line, column)) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in UTF-8 ``data`` valid up to that offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


class _Refused(Exception):
    """Raised inside an expat handler to stop the scan; carries the reason."""


def _check_xml(data: bytes, name: str) -> None:
    """Refuse DOCTYPE/ENTITY declarations before any XML parser runs (pyoxigraph expands internal entities: a
    1 kB "billion laughs" file makes it allocate gigabytes and abort the process) and NUL bytes (UTF-16 without a
    byte-order mark would hide a declaration from that check), then scan the document with
    expat for well-formedness (with a position, which pyoxigraph's RDF/XML errors lack) and nesting depth."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(Problem(name, "a NUL byte, which XML never allows (is the file UTF-16 without a "
                                       "byte-order mark? save it as UTF-8)", *_position(data, nul)))
    match = _XML_DECLARATION.search(data)
    if match:
        line, column = _position(data, match.start())
        raise InputError(Problem(name, "RDF/XML with a DOCTYPE or ENTITY declaration is refused (entities can "
                                       "expand without bound or read other files); remove the declaration",
                                 line, column))
    parser = expat.ParserCreate(encoding="UTF-8")
    depth = 0

    def start(tag: str, attributes: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _Refused(f"elements nest more than {MAX_XML_DEPTH} deep")

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    def declaration(*args: object) -> None:
        raise _Refused("RDF/XML with a DOCTYPE or ENTITY declaration is refused")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InputError(Problem(name, str(exc), parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)) from None
    except expat.ExpatError as exc:
        raise InputError(Problem(name, f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno,
                                 exc.offset + 1)) from None


def _check_json_ld(data: bytes, name: str) -> None:
    """Refuse invalid JSON (with its position) and any ``@context`` that refers to another document."""
    text = data.decode("utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(name, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)) from None
    except RecursionError:
        raise InputError(Problem(name, "JSON nested too deeply")) from None
    for reference in _remote_contexts(document):
        line, column = _locate(text, reference)
        raise InputError(Problem(
            name, f"the JSON-LD @context refers to another document ({reference}), which is never fetched; put "
                  f"the context inline as a JSON object", line, column))


def _remote_contexts(document: object) -> Iterator[str]:
    """Every remote context reference anywhere in a JSON-LD document: a string ``@context`` (alone or in an
    array, at any depth, in term definitions too) and a context's ``@import``. Conservative: an ``@context``
    key inside a JSON literal counts too."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@context" in node:
                yield from _context_references(node["@context"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _context_references(context: object) -> Iterator[str]:
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict) and "@import" in item:
            yield str(item["@import"])


def _locate(text: str, reference: str) -> tuple[int | None, int | None]:
    """Best-effort position of a context reference: its first occurrence as a JSON string after the first
    ``@context`` key."""
    index = text.find(json.dumps(reference, ensure_ascii=False), max(text.find('"@context"'), 0))
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _parse(data: bytes, rdf_format: ox.RdfFormat, name: str, default_graph: URIRef | None) -> Dataset:
    dataset = Dataset()
    try:
        dataset.addN(_quads(data, rdf_format, name, dataset, default_graph))
    except SyntaxError as exc:
        message = _PARSER_POSITION.sub("", exc.msg or str(exc))
        raise InputError(Problem(name, message, exc.lineno, exc.offset)) from None
    except MemoryError as exc:  # pyoxigraph's parser holds one token at most 16 MiB long
        raise InputError(Problem(name, f"cannot parse the file: one statement is too long to read ({exc}); a "
                                       f"literal of that size belongs in a file of its own, not in RDF")) from None
    except (ValueError, OSError) as exc:
        raise InputError(Problem(name, f"cannot parse the file: {exc}")) from None
    return dataset


def _quads(data: bytes, rdf_format: ox.RdfFormat, name: str, dataset: Dataset,
           default_graph: URIRef | None) -> Iterator[tuple[Node, Node, Node, Graph]]:
    """The file's statements as rdflib quads, each with the Dataset graph it belongs in."""
    graphs: dict[object, Graph] = {}
    for quad in ox.parse(data, rdf_format, rename_blank_nodes=True):
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise InputError(Problem(name, "RDF 1.2 triple terms (quoted triples) are not supported"))
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and SPOOFING.search(term.value):
                raise InputError(Problem(name, f"the IRI {term.value!r} {iri_problem(term.value)}"))
        graph = graphs.get(quad.graph_name)
        if graph is None:
            if isinstance(quad.graph_name, ox.BlankNode):
                raise InputError(Problem(name, "a graph is named by a blank node; name every graph by an IRI (its "
                                               "statements would otherwise have no graph to be kept in)"))
            graph = graphs[quad.graph_name] = _graph(dataset, quad.graph_name, default_graph)
        yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), graph


def _check_blank_node_depth(dataset: Dataset, name: str) -> None:
    """Refuse blank nodes nested more than ``MAX_BLANK_NODE_DEPTH`` deep (a blank node whose value is a blank node
    whose value is …): every writer that nests them (JSON-LD, Turtle's ``[ ]``) recurses once per level. Longest
    chains are found without recursion, each blank node once; a cycle ends a chain (writers label the nodes of a
    cycle rather than nest them)."""
    too_deep = InputError(Problem(name, f"blank nodes are nested more than {MAX_BLANK_NODE_DEPTH} levels deep; "
                                        f"give deep structures IRIs"))
    for graph in dataset.graphs():
        inner: dict[BNode, list[BNode]] = {}
        for s, _, o in graph:
            if isinstance(s, BNode) and isinstance(o, BNode):
                inner.setdefault(s, []).append(o)
        depth: dict[BNode, int] = {}
        for start in inner:
            if start in depth:  # reached from an earlier start: its depth is known
                continue
            stack, on_path = [(start, iter(inner[start]))], {start}
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    on_path.discard(node)
                    depth[node] = 1 + max((depth.get(c, 0) for c in inner.get(node, ())), default=0)
                    if depth[node] > MAX_BLANK_NODE_DEPTH:
                        raise too_deep
                elif child in on_path:  # a cycle: writers label such nodes instead of nesting them
                    continue
                elif child not in depth and child in inner:
                    stack.append((child, iter(inner[child])))
                    on_path.add(child)
                    if len(stack) > MAX_BLANK_NODE_DEPTH:
                        raise too_deep


def _graph(dataset: Dataset, graph_name: object, default_graph: URIRef | None) -> Graph:
    if isinstance(graph_name, ox.DefaultGraph):
        return dataset.default_graph if default_graph is None else dataset.graph(default_graph)
    return dataset.graph(from_ox(graph_name))
