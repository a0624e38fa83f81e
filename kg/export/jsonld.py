"""JSON-LD for web developers: the dataset compacted with the project's own context (``ontology/context.jsonld``).

The context maps the ontology's properties to short terms (``claimant``, ``statement``, ``prefLabel``) with their
value types (IRIs, dates, decimals) and labels to language maps, so a claim reads as plain JSON. It is embedded in
every file as an object, never referenced by URL: a reader needs no network, and nothing is ever fetched (DESIGN.md
§6). Named graphs are kept (each document's graph as an ``@graph`` with its ``id``), as in TriG.

pyoxigraph 0.5 writes JSON-LD but cannot compact it with a context, so rdflib's serialiser does this one.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from rdflib import Dataset, URIRef

from kg.config import ONTOLOGY_DIR, Settings
from kg.errors import StoreError
from kg.marking import VisibleDataset
from kg.terms import from_ox

__all__ = ["CONTEXT_FILE", "BASE_PREFIX", "load_context", "write_jsonld"]

CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
#: The context's prefix for instance IRIs; set to the configured base when a file is written.
BASE_PREFIX = "kg"


def load_context(settings: Settings | None = None) -> dict[str, Any]:
    """The local context (the object under ``@context``), its id prefix set to ``settings.base``."""
    context = dict(json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"])
    if settings is not None:
        context[BASE_PREFIX] = settings.base
    return context


def to_rdflib(dataset: VisibleDataset) -> Dataset:
    """The visible dataset as an rdflib Dataset, graph by graph."""
    out = Dataset()
    graphs: dict[str, Any] = {}
    for quad in dataset.store:
        name = quad.graph_name.value
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = out.graph(URIRef(name))
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return out


def write_jsonld(dataset: VisibleDataset, handle: BinaryIO, settings: Settings) -> None:
    """Write ``dataset`` as compacted JSON-LD with the embedded local context. rdflib's writer recurses once per
    level of nested blank nodes; input is bounded (kg.rdfinput.MAX_BLANK_NODE_DEPTH), and a store filled before
    that bound gets an error that names a flat format instead of a crash."""
    try:
        data = to_rdflib(dataset).serialize(format="json-ld", context=load_context(settings), auto_compact=True,
                                            indent=2, sort_keys=True, encoding="utf-8")
    except RecursionError:
        raise StoreError("cannot write JSON-LD: blank nodes in the store are nested too deep for it; export as "
                         "TriG or N-Quads, which do not nest them") from None
    handle.write(data)
