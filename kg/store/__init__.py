"""Stores behind one interface: the embedded Oxigraph default and a remote SPARQL server."""

from kg.store.base import Results, Store
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore

__all__ = ["Store", "Results", "EmbeddedStore", "RemoteStore"]
