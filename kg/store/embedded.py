"""The embedded default store: pyoxigraph on disk (RocksDB: ACID, one writer process at a time)."""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError, Problem, QueryError, StoreError
from kg.sparql import bind, refuse_network_access
from kg.store.base import Results, Store
from kg.permissions import private_directory
from kg.store.lock import StoreLock
from kg.store.updates import replace_update
from kg.terms import caching_from_ox, graph_quads

__all__ = ["EmbeddedStore", "BULK_FORMATS", "bulk_format", "has_blank_nodes", "line_boundaries"]

#: File extension (lower case) → the format ``EmbeddedStore.load_file`` reads it as (``kg build --rdf``).
BULK_FORMATS: dict[str, ox.RdfFormat] = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
}
#: Formats with one statement per line, which can be cut at any line boundary and loaded in parts side by side.
_LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
#: Worker threads for a line-based file, at most. Oxigraph's bulk loader works in batches of a million quads, parsing
#: the next while it writes the last: about 1.7 GB per worker at most, however big the file (measured: 3.4 GB for
#: 10M quads with two workers). One part per worker: more, smaller parts cost more CPU (strings written again by
#: each part, more files for RocksDB to compact): 10M quads took 97 s of CPU in 2 parts, 128 s in 8.
MAX_WORKERS = 4
_CHUNK = 2**20
_PARSER_POSITION = re.compile(r"^Parser error [^:]*: ")


def bulk_format(path: str | Path) -> ox.RdfFormat:
    """The format of an RDF file for the bulk loader, from its extension; InputError for any other file."""
    rdf_format = BULK_FORMATS.get(Path(path).suffix.lower())
    if rdf_format is None:
        raise InputError(Problem(str(path), f"cannot bulk-load this file: expected one of "
                                            f"{', '.join(BULK_FORMATS)} (N-Quads, N-Triples, Turtle, TriG)"))
    return rdf_format



#: What pyoxigraph raises when the store cannot be read or written: OSError for I/O, RuntimeError for RocksDB's
#: "Corruption" (a damaged store directory). Both become StoreError (exit 4).
_STORE_FAILURES = (OSError, RuntimeError)

class _Part(io.RawIOBase):
    """A byte range of a file, as the bulk loader reads it: counts the bytes read (for progress) and stops the load
    when ``cancel`` is set."""

    def __init__(self, path: Path, start: int, end: int, cancel: threading.Event):
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed in close())
        self._file.seek(start)
        self._left = end - start
        self._cancel = cancel
        self.read_bytes = 0
        self.cancelled = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._cancel.is_set():
            self.cancelled = True
            raise OSError("the load was cancelled")
        view = memoryview(buffer)[: self._left]
        n = self._file.readinto(view) or 0
        self._left -= n
        self.read_bytes += n
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


class EmbeddedStore(Store):
    """A pyoxigraph store in a directory (created when missing), or in memory when ``path`` is None.

    A writer holds the store's lock (kg.store.lock) until it is closed; ``lock=False`` is for a caller that holds it
    already (``kg build`` writing its staging store)."""

    def __init__(self, path: str | Path | None, read_only: bool = False, *, lock: bool = True):
        self.path = Path(path) if path is not None else None
        self._lock = StoreLock(self.path).acquire() if self.path is not None and not read_only and lock else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run 'kg build' first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                private_directory(self.path)  # every document at every marking: 0700 (kg.permissions)
                self._store = ox.Store(str(self.path))
        except _STORE_FAILURES as exc:
            if self._lock is not None:
                self._lock.release()
            hint = (" (is another kg process writing to it?)" if "lock" in str(exc).lower() else
                    " (the store is damaged: restore it from a backup, or from an export with 'kg ingest')"
                    if "corrupt" in str(exc).lower() else "")
            raise StoreError(f"cannot open the store at {self.path}: {exc}{hint}") from exc

    # --- queries ---
    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        refuse_network_access(query)
        try:
            return self._store.query(bind(query, bindings or {}))
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except _STORE_FAILURES as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def _solutions(self, query: str, bindings: Mapping[str, Node] | None) -> ox.QuerySolutions:
        solutions = self._run(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return solutions

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> Results:
        solutions = self._solutions(query, bindings)
        variables = [v.value for v in solutions.variables]
        term = caching_from_ox()
        rows = [tuple(term(solution[v]) for v in variables) for solution in solutions]
        return Results(variables, rows)

    def select_text(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[tuple[str | None, ...]]:
        solutions = self._solutions(query, bindings)
        variables = solutions.variables
        return [tuple(None if (value := solution[v]) is None else value.value for v in variables)
                for solution in solutions]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph, term = Graph(), caching_from_ox()
        for triple in result:
            graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
        return graph

    # --- writes ---
    def replace(self, graphs: Mapping[URIRef, Graph], remove_subjects: Mapping[URIRef, Sequence[URIRef]] = {},
                add: Mapping[URIRef, Graph] = {}) -> None:
        update = replace_update(graphs, remove_subjects, add)
        if not update:
            return
        try:
            self._store.update(update)  # one update request is one transaction
        except _STORE_FAILURES as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def bulk_load(self, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
        """Load whole graphs with the bulk loader (not transactional: for building a fresh store)."""
        try:
            self._store.bulk_extend(q for name, g in graphs for q in graph_quads(g, name))
        except _STORE_FAILURES as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def load_file(self, path: str | Path, rdf_format: ox.RdfFormat | None = None, *, to_graph: URIRef | None = None,
                  workers: int | None = None, progress: Callable[[int], None] | None = None) -> None:
        """Load an RDF file with the bulk loader, streaming from disk (never the whole file in memory; not
        transactional: for building a fresh store). Named graphs keep their names; triples of the file's default
        graph go to ``to_graph`` when given. N-Quads and N-Triples without blank nodes are cut at line boundaries
        into one part per worker thread (default: one per core, at most MAX_WORKERS), loaded side by side; other
        files load in one piece, since blank node labels are scoped to one load. ``progress`` is called from this
        thread, a few times a second, with the number of bytes read so far. Raises InputError (with the line) for a
        broken file and StoreError if the store cannot be written; what was loaded before the error stays."""
        path = Path(path)
        rdf_format = rdf_format or bulk_format(path)
        try:
            size = path.stat().st_size
        except _STORE_FAILURES as exc:
            raise InputError(Problem(str(path), f"cannot read the file: {exc.strerror or exc}")) from None
        workers = max(1, workers or min(os.cpu_count() or 1, MAX_WORKERS))
        bounds = [0, size]
        if rdf_format in _LINE_FORMATS and workers > 1 and not has_blank_nodes(path):
            bounds = line_boundaries(path, size, workers)
        cancel = threading.Event()
        parts = [_Part(path, start, end, cancel) for start, end in zip(bounds, bounds[1:])]
        graph = ox.NamedNode(str(to_graph)) if to_graph is not None else None

        def load(part: _Part) -> None:
            with io.BufferedReader(part, _CHUNK) as reader:
                self._store.bulk_load(reader, rdf_format, to_graph=graph)

        try:
            with ThreadPoolExecutor(min(workers, len(parts)), thread_name_prefix="kg-load") as pool:
                futures = {pool.submit(load, part): (part, start) for part, start in zip(parts, bounds)}
                try:
                    pending = set(futures)
                    while pending:
                        done, pending = wait(pending, timeout=0.25, return_when=FIRST_EXCEPTION)
                        if progress:
                            progress(sum(part.read_bytes for part in parts))
                        if any(f.exception() for f in done):
                            break
                finally:
                    cancel.set()  # the other parts stop at their next read: on an error, and on Ctrl-C
            errors = [(start, f.exception()) for f, (part, start) in futures.items()
                      if f.exception() is not None and not part.cancelled]
            if errors:
                start, error = min(errors, key=lambda item: item[0])
                raise _load_error(path, start, error) from None
            if progress:
                progress(size)
        finally:
            for part in parts:
                part.close()

    def dump_file(self, path: str | Path, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Write every quad to a file (N-Quads or TriG), streaming."""
        try:
            self._store.dump(str(path), rdf_format)
        except _STORE_FAILURES as exc:
            raise StoreError(f"cannot dump the store to {path}: {exc}") from exc

    def quads(self, name: URIRef) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))

    def graph_names(self) -> set[URIRef]:
        return {URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}

    def contains_graph(self, name: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(name)))

    def rename_graph(self, old: URIRef, new: URIRef) -> None:
        """Move the triples of graph ``old`` into graph ``new`` (added to what is there), in one transaction."""
        try:
            self._store.update(f"ADD <{old}> TO <{new}> ; DROP GRAPH <{old}>")
        except _STORE_FAILURES as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self._store = None  # pyoxigraph releases its files and lock when the object is dropped
        if self._lock is not None:
            self._lock.release()



def has_blank_nodes(path: Path) -> bool:
    """Whether ``_:`` occurs anywhere in the file (a blank node label, or text that merely looks like one)."""
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(16 * _CHUNK):
            if b"_:" in tail + chunk[:1] or b"_:" in chunk:
                return True
            tail = chunk[-1:]
    return False


def line_boundaries(path: Path, size: int, parts: int) -> list[int]:
    """Offsets that cut the file into about ``parts`` pieces, each starting at the beginning of a line."""
    bounds = [0]
    with path.open("rb") as handle:
        for k in range(1, parts):
            handle.seek(max(size * k // parts - 1, bounds[-1]))
            handle.readline()
            offset = handle.tell()
            if bounds[-1] < offset < size:
                bounds.append(offset)
    return bounds + [size]


def _lines_before(path: Path, offset: int) -> int:
    count = 0
    with path.open("rb") as handle:
        while offset > 0 and (chunk := handle.read(min(16 * _CHUNK, offset))):
            count += chunk.count(b"\n")
            offset -= len(chunk)
    return count


def _load_error(path: Path, start: int, error: BaseException) -> Exception:
    """The error of a failed part, with line numbers counted from the start of the file."""
    if isinstance(error, SyntaxError):
        line = error.lineno + _lines_before(path, start) if error.lineno is not None else None
        message = _PARSER_POSITION.sub("", error.msg or str(error))
        return InputError(Problem(str(path), message, line, error.offset))
    if isinstance(error, (ValueError, UnicodeDecodeError)):
        return InputError(Problem(str(path), f"cannot load the file: {error}"))
    if isinstance(error, OSError):
        return StoreError(f"cannot load {path} into the store: {error}")
    return error if isinstance(error, Exception) else RuntimeError(str(error))
