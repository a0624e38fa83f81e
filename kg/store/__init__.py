"""Stores behind one interface: the embedded Oxigraph default and (later) a remote SPARQL server."""

from kg.store.base import Results, Store
from kg.store.embedded import EmbeddedStore

__all__ = ["Store", "Results", "EmbeddedStore"]
