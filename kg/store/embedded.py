"""The embedded default store: pyoxigraph on disk (RocksDB: ACID, one writer process at a time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.sparql import bind, refuse_network_access
from kg.store.base import Results, Store
from kg.store.terms import from_ox, graph_block, graph_quads

__all__ = ["EmbeddedStore"]


class EmbeddedStore(Store):
    """A pyoxigraph store in a directory (created when missing), or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run 'kg build' first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            hint = " (is another kg process writing to it?)" if "lock" in str(exc).lower() else ""
            raise StoreError(f"cannot open the store at {self.path}: {exc}{hint}") from exc

    # --- queries ---
    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        refuse_network_access(query)
        try:
            return self._store.query(bind(query, bindings or {}))
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> Results:
        solutions = self._run(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [tuple(from_ox(solution[v]) for v in variables) for solution in solutions]
        return Results(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    # --- writes ---
    def replace(self, graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]] = {},
                add: Mapping[URIRef, Graph] = {}) -> None:
        operations = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
        for graph, subjects in remove_subjects.items():
            for subject in subjects:
                operations.append(
                    f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o "
                    f"FILTER(?s = <{subject}> || STRSTARTS(STR(?s), \"{subject}/\")) }} }}")
        blocks = [graph_block(name, g) for name, g in [*graphs.items(), *add.items()] if len(g)]
        if blocks:
            operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        try:
            self._store.update(" ;\n".join(operations))  # one update request is one transaction
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def bulk_load(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Load whole graphs with the bulk loader (not transactional: for building a fresh store)."""
        try:
            self._store.bulk_extend(q for name, g in graphs for q in graph_quads(g, name))
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def graph_names(self) -> set[URIRef]:
        return {URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self._store = None  # pyoxigraph releases its files and lock when the object is dropped

