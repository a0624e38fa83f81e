"""The notebook and script API: ``kg.open()`` gives a KnowledgeGraph on the embedded store, ``kg.connect(url)`` one on
a SPARQL server; ``g.query(name, **params)`` runs a catalog query (or ad-hoc SPARQL) and returns a DataFrame. The
same catalog and code run on both; a KnowledgeGraph may be used from several threads at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd
from rdflib import Graph

from kg.catalog import CatalogQuery, load_catalog
from kg.config import Settings
from kg.errors import QueryError
from kg.batch import Batch
from kg.frames import to_frame
from kg.ingest import IngestResult, ingest_files
from kg.resolve import EntityResolver
from kg.queryfacts import refuse_services
from kg.store import EmbeddedStore, RemoteStore, Results, Store
from kg.store.remote import DEFAULT_TIMEOUT

__all__ = ["KnowledgeGraph", "open", "connect"]


class KnowledgeGraph:
    """A store plus the query catalog. Entity parameters accept IRIs, labels and aliases."""

    def __init__(self, store: Store, settings: Settings):
        self.store = store
        self.settings = settings
        self.catalog: dict[str, CatalogQuery] = load_catalog()
        self._resolver: EntityResolver | None = None
        self._lock = threading.Lock()

    def resolve(self, name: str):
        """The IRI of the entity ``name`` labels (any label or alias, any case or diacritics)."""
        with self._lock:  # built once, by whichever thread needs it first
            if self._resolver is None:
                self._resolver = EntityResolver(self.store, self.settings.graph("reference"))
            resolver = self._resolver
        return resolver(name)

    def results(self, name_or_sparql: str | CatalogQuery, **params: object) -> Results:
        """Run a catalog query by name, a query read from a .rq file (``kg.catalog.parse_query_file``), or SPARQL
        text, with parameters bound as RDF terms. A query from outside the catalog is read on its parsed algebra
        first (kg.queryfacts): one that would call a service is refused."""
        if isinstance(name_or_sparql, CatalogQuery):
            query = name_or_sparql
            if self.catalog.get(query.name) != query:
                refuse_services(query.text)
            return self.store.select(query.text, query.bindings(params, self.resolve))
        if name_or_sparql in self.catalog:
            query = self.catalog[name_or_sparql]
            return self.store.select(query.text, query.bindings(params, self.resolve))
        if not any(ch.isspace() for ch in name_or_sparql.strip()):
            raise QueryError(f"no query named '{name_or_sparql}' in the catalog; "
                             f"known: {', '.join(sorted(self.catalog))}")
        if refuse_services(name_or_sparql).form != "SELECT":  # text from outside: checked on its parsed algebra
            raise QueryError("ad-hoc queries for tables must be SELECT queries")
        return self.store.select(name_or_sparql, {k: v for k, v in params.items()})  # type: ignore[arg-type]

    def sparql(self, text: str) -> Results | bool | Graph:
        """Any SPARQL query text: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT and DESCRIBE. Read on
        its parsed algebra first (kg.queryfacts): one that would call a service, or an update, is refused."""
        form = refuse_services(text).form
        if form == "SELECT":
            return self.store.select(text)
        if form == "ASK":
            return self.store.ask(text)
        return self.store.construct(text)

    def query(self, name_or_sparql: str | CatalogQuery, **params: object) -> pd.DataFrame:
        """Like :meth:`results`, as a DataFrame with typed columns."""
        return to_frame(self.results(name_or_sparql, **params))

    def ingest(self, *paths: str | os.PathLike | Batch, strict: bool = False,
               declassify: bool = False) -> list[IngestResult]:
        """Validate and write fact files or RDF files (or batches read from them); batches that do not conform are
        quarantined, not written. One that would lower its document's marking is refused unless ``declassify``."""
        results = ingest_files(self.store, paths, self.settings, strict=strict, declassify=declassify)
        self._forget_names()  # new labels and aliases
        return results

    def merge(self, keep: str, other: str, note: str | None = None) -> IngestResult:
        """Record that the entity ``other`` names is the one ``keep`` names (kg.merges): its names and claims count
        for ``keep`` from now on; :meth:`unmerge` undoes it. Names are read as they are, merges not followed."""
        from kg.merges import merge

        keep_iri, other_iri = self._own_names(keep, other)
        result = merge(self.store, self.settings, keep_iri, other_iri, note)
        self._forget_names()
        return result

    def unmerge(self, other: str):
        """Undo the merge of the entity ``other`` names (by a name of its own, or its IRI)."""
        from kg.merges import unmerge

        found = unmerge(self.store, self.settings, *self._own_names(other))
        self._forget_names()
        return found

    def _own_names(self, *names: str) -> list:
        """The entities ``names`` name themselves, merges not followed (a merged entity still has its own names)."""
        resolver = EntityResolver(self.store, self.settings.graph("reference"), follow_merges=False)
        return [resolver(name) for name in names]

    def _forget_names(self) -> None:
        """The store's names changed (new labels, a merge): the resolver is built again when next asked."""
        with self._lock:
            self._resolver = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(store_path: str | os.PathLike | None = None, read_only: bool = False) -> KnowledgeGraph:  # noqa: A001
    """The knowledge graph in the embedded store at ``store_path`` (default as the CLI: KG_STORE or .kg/store)."""
    settings = Settings.from_env(store_path)
    return KnowledgeGraph(EmbeddedStore(Path(settings.store_path), read_only=read_only), settings)


def connect(query_url: str, update_url: str | None = None, store_url: str | None = None, *,
            timeout: float = DEFAULT_TIMEOUT, user: str | None = None, password: str | None = None,
            base: str | None = None) -> KnowledgeGraph:
    """The knowledge graph on a SPARQL 1.1 server. ``query_url`` is enough to ask questions; ``update_url`` (SPARQL
    Update) is needed to ingest and ``store_url`` (Graph Store Protocol) to load whole graphs. Every request fails
    with StoreError after ``timeout`` seconds instead of hanging."""
    settings = Settings.from_env(base=base)
    store = RemoteStore(query_url, update_url, store_url, timeout=timeout, user=user, password=password)
    return KnowledgeGraph(store, settings)
