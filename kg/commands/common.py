"""What several commands share: the --store and --endpoint options, opening the graph they name, printing results.
Light at import (click and the configuration only): the library is imported when a command runs."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.tables import print_frame
from kg.config import Settings

__all__ = ["store_option", "endpoint_options", "limit_option", "open_graph", "print_results", "print_frame"]

store_option = click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE",
                             default=None, help="Store directory [default: $KG_STORE or .kg/store].")


def limit_option(command):
    """--limit and --offset: one page of the rows (and a line on stderr saying which, of how many)."""
    command = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
                           help="Skip the first N rows (with --limit: pages).")(command)
    return click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
                        help="Print at most N rows (and say how many there were).")(command)


def endpoint_options(command):
    """--endpoint and friends: run on a SPARQL server instead of the embedded store."""
    command = click.option("--timeout", type=click.FloatRange(min=0.1), envvar="KG_TIMEOUT", default=30.0,
                           show_default=True, help="Seconds a request to the endpoint may take.")(command)
    command = click.option("--update-endpoint", "update_url", metavar="URL", envvar="KG_UPDATE_ENDPOINT",
                           help="The server's SPARQL Update endpoint (needed to write).")(command)
    return click.option("--endpoint", "endpoint", metavar="URL", envvar="KG_ENDPOINT",
                        help="A SPARQL server's query endpoint [default: $KG_ENDPOINT; none: the embedded "
                             "store].")(command)


def open_graph(store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float,
               read_only: bool):
    """The KnowledgeGraph of the embedded store at ``store_path``, or of the SPARQL server at ``endpoint`` (given,
    or the workspace's when no store was named)."""
    from kg.api import connect
    from kg.api import open as open_embedded

    if not endpoint:
        settings = Settings.from_env(store_path)
        endpoint, update_url = settings.endpoint, update_url or settings.update_endpoint
    if endpoint:
        return connect(endpoint, update_url, timeout=timeout)
    return open_embedded(store_path, read_only=read_only)


def print_results(graph, results, fmt: str, limit: int | None = None, columns: list[str] | None = None,
                  offset: int = 0) -> None:
    """Rows of a query on ``graph`` (a KnowledgeGraph) as ``fmt`` (only ``columns``, when given); in a table, IRIs
    are shown by their labels, and an IRI without one as a short name (``:claim/…`` under the instance base)."""
    from rdflib import URIRef

    from kg.frames import to_frame
    from kg.labels import labels_of, short_name
    from kg.vocab import PREFIXES

    frame = to_frame(results)
    if columns is not None:
        frame = frame[columns]
    labels = {}
    if fmt == "table":
        kept = [results.variables.index(c) for c in frame.columns]
        shown = results.rows[offset:None if limit is None else offset + limit]
        iris = {row[i] for row in shown for i in kept if isinstance(row[i], URIRef)}
        named = labels_of(graph.store, iris)
        prefixes = {**PREFIXES, "": graph.settings.base}
        labels = {str(iri): named.get(iri) or short_name(iri, prefixes) for iri in iris}
    print_frame(frame, fmt, limit, labels, offset)
