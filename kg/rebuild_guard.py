"""What a rebuild would lose: the graphs the store holds that the new store would not, by the documents they belong
to. ``kg build`` replaces the store with one made from the fact files and RDF files it is given; a document ingested
from anywhere else (a fact file outside the folder, a partner delivery) would silently disappear with the old store.
So before the swap the two stores are compared graph by graph, and a graph that would go is reported with its
document (title, source file), unless the build itself supersedes it: a document whose source file is one of the
build's own inputs was re-read from that file (edited since, it has a new identity; the old one goes by design).
The model's own graphs are rebuilt from the ontology and never count."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from kg.config import Settings
from kg.errors import StoreError
from kg.marking import SHAPES_GRAPH
from kg.partner import RESERVED_GRAPHS
from kg.sparql import values_chunks
from kg.store import EmbeddedStore
from kg.vocab import OKG

__all__ = ["graphs_lost"]

_OWNERS = """SELECT ?graph ?own_title ?own_file ?owner_title ?owner_file WHERE {
  VALUES ?graph { %s }
  GRAPH ?meta {
    OPTIONAL { ?graph ?source ?own_file }
    OPTIONAL { ?graph ?titled ?own_title }
    OPTIONAL { ?graph ?part ?owner . ?owner ?source ?owner_file . OPTIONAL { ?owner ?titled ?owner_title } }
  }
}"""


def graphs_lost(old_path: Path, new_graphs: Iterable[URIRef], settings: Settings,
                inputs: Iterable[str]) -> list[str]:
    """One line per document of the store at ``old_path`` whose graphs are not among ``new_graphs`` and whose
    source file is not one of ``inputs`` (file names): 'title (source file; its graphs)'. The project's own graphs
    (every build makes them afresh) never count. StoreError when the old store cannot be read, since then nothing
    can be promised about it."""
    try:
        old = EmbeddedStore(old_path, read_only=True)
    except StoreError as exc:
        raise StoreError(f"{exc}; cannot tell what a rebuild would lose ('kg build --discard' replaces it anyway)") \
            from exc
    try:
        own = {URIRef(settings.graph(name)) for name in (*RESERVED_GRAPHS, SHAPES_GRAPH)}
        missing = sorted(set(old.graph_names()) - set(new_graphs) - own)
        if not missing:
            return []
        owners: dict[URIRef, tuple[str, str]] = {}
        for chunk in values_chunks(missing):
            for graph, own_title, own_file, owner_title, owner_file in old.select(_OWNERS % chunk, {
                    "meta": URIRef(settings.graph("metadata")), "source": OKG.sourceFile,
                    "part": DCTERMS.isPartOf, "titled": DCTERMS.title}).rows:
                title, file = own_title or owner_title, own_file or owner_file  # a document's graph, or a delivery's
                owners[graph] = (str(title) if title is not None else "untitled", str(file))
    finally:
        old.close()
    names = set(inputs)
    by_document: dict[tuple[str, str], list[URIRef]] = {}  # a delivery's named graphs are one line
    for graph in missing:
        title, file = owners.get(graph, ("a graph with no document record", "no source file"))
        if file not in names:
            by_document.setdefault((title, file), []).append(graph)
    return [f"{title} ({file}; {', '.join(f'<{g}>' for g in graphs)})"
            for (title, file), graphs in by_document.items()]
