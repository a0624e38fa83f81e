"""The SPARQL worker: a separate process that holds one copy of the visible dataset and answers one query at a time.

pyoxigraph cannot interrupt a running query from Python, so the server runs queries here and kills this process
when a query overruns its time limit (see :mod:`kg.serve.pool`). The script is started as a plain file
(``python worker.py DATASET.nq MAX_MEMORY``) and talks to the server through length-prefixed frames on its standard
input and output:

- the worker sends ``{"ready": true, "quads": N}`` once the dataset is loaded;
- the server sends one request ``{"query", "accept", "max_rows", "default_graphs", "named_graphs"}``;
- the worker answers ``{"status", "type", "message"}`` and then the body (bytes; empty on an error).

The query is parsed here, not in the server (kg.queryfacts: rdflib's parser is slow on large input and not
thread-safe), so parsing runs under the same time limit as evaluation and under the worker's memory cap: once the
dataset is loaded, the worker's address space may grow by at most MAX_MEMORY bytes; a query that needs more ends the
worker, which the server reports as 503 and replaces. From the parse: SERVICE is refused (400), and so is a FROM or
FROM NAMED naming a graph the dataset does not hold; the form (SELECT, ASK, CONSTRUCT, DESCRIBE) chooses the media
types offered for the ``Accept`` header.

A result with more than ``max_rows`` rows (or triples) is an error (413), never a truncated answer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import sys
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.csvcells import safe_cell
from kg.errors import QueryError
from kg.queryfacts import query_facts
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, choose

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_LENGTH = struct.Struct(">I")


def write_frame(stream, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def read_frame(stream) -> bytes | None:
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return payload


class TooManyRows(Exception):
    pass


def _limited(items, max_rows: int) -> list:
    collected = []
    for item in items:
        collected.append(item)
        if len(collected) > max_rows:
            raise TooManyRows
    return collected


# --- SPARQL results formats (written here so that the row limit is checked before anything is serialised) ---

def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def select_body(variables: list[str], rows: list, media_type: str) -> bytes:
    if media_type == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            for v in variables:
                term = row[v]
                if term is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([safe_cell(_csv_term(row[v])) for v in variables])  # kg.csvcells
        return buffer.getvalue().encode("utf-8")
    if media_type == "text/tab-separated-values":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def ask_body(value: bool, media_type: str) -> bytes:
    if media_type == "application/sparql-results+xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode("utf-8")
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def graph_body(triples: list, media_type: str) -> bytes:
    rdf_format = ox.RdfFormat.N_TRIPLES if media_type == "application/n-triples" else ox.RdfFormat.TURTLE
    return ox.serialize(triples, format=rdf_format) or b""


def _checked(store: ox.Store, graphs: set[str], request: dict) -> tuple[dict, str | None]:
    """The query's refusal (an error header) or its media type, from its parsed algebra."""
    try:
        facts = query_facts(request["query"])
    except QueryError as exc:
        return {"status": 400, "message": str(exc)}, None
    if facts.services:
        return {"status": 400, "message": "SERVICE is refused: queries never reach the network"}, None
    if any(g not in graphs for g in facts.dataset):
        return {"status": 400, "message": "the query names a graph outside this endpoint's dataset"}, None
    offers = RESULT_TYPES if facts.form == "SELECT" else RESULT_TYPES[:2] if facts.form == "ASK" else GRAPH_TYPES
    media_type = choose(request.get("accept"), offers)
    if media_type is None:
        return {"status": 406, "message": f"this query's results are offered as {', '.join(offers)}"}, None
    return {}, media_type


def answer(store: ox.Store, request: dict, graphs: set[str] | None = None) -> tuple[dict, bytes]:
    refusal, media_type = _checked(store, graphs if graphs is not None else
                                   {g.value for g in store.named_graphs()}, request)
    if media_type is None:
        return refusal, b""
    kwargs = {"use_default_graph_as_union": True}
    if request.get("default_graphs"):
        kwargs = {"default_graph": [ox.NamedNode(g) for g in request["default_graphs"]]}
    if request.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    max_rows = int(request["max_rows"])
    try:
        result = store.query(request["query"], **kwargs)
        if isinstance(result, ox.QueryBoolean):
            body = ask_body(bool(result), media_type)
        elif isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            body = select_body(variables, _limited(result, max_rows), media_type)
        else:
            body = graph_body(_limited(result, max_rows), media_type)
    except SyntaxError as exc:
        message = " ".join(str(exc).split())
        if len(message) > 160:
            message = message[:160] + "…"
        return {"status": 400, "message": f"the query is not valid SPARQL 1.1: {message}"}, b""
    except TooManyRows:
        return {"status": 413, "message": f"the result has more than {max_rows} rows; "
                                          "narrow the query or add a LIMIT"}, b""
    except MemoryError:
        return {"status": 503, "message": "the query needed more memory than this endpoint allows a query",
                "fatal": True}, b""
    except Exception:  # evaluation errors: never reflected to the client
        return {"status": 500, "message": "the query could not be evaluated"}, b""
    return {"status": 200, "type": media_type}, body


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the server process dies, even in the middle of a query."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux: /proc/self/status)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _cap_memory(headroom: int) -> None:
    """Let the address space grow by at most ``headroom`` bytes from now on (RLIMIT_AS); an allocation beyond it
    fails, and the worker ends (the server answers 503 and starts another)."""
    import resource

    limit = _address_space() + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    _die_with_parent()
    # Frames go to a private copy of stdout; anything printed by mistake goes to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    store = ox.Store()
    with open(sys.argv[1], "rb") as dataset:
        store.bulk_load(dataset, format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    query_facts("ASK {}")  # the parser's grammar is built before the cap is set
    _cap_memory(int(sys.argv[2]))
    write_frame(out, json.dumps({"ready": True, "quads": len(store)}).encode("utf-8"))
    while True:
        frame = read_frame(source)
        if frame is None:
            return
        header, body = answer(store, json.loads(frame), graphs)
        write_frame(out, json.dumps(header).encode("utf-8"))
        write_frame(out, body)
        if header.get("fatal"):  # after a failed allocation the process is not to be trusted: the pool starts another
            return


if __name__ == "__main__":
    main()
