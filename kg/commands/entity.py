"""``kg entity show NAME``: what the graph holds about one entity, by any of its names (kg.api): what it is, its
names with where each comes from (``entity_aliases``), and the claims by it and about it (``entity_mentions``)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import endpoint_options, open_graph, print_results, store_option


@click.group()
def entity() -> None:
    """Look at the entities the graph holds (docs/entities.md says how to add them)."""


@entity.command()
@click.argument("name")
@store_option
@endpoint_options
def show(name: str, store_path: Path | None, endpoint: str | None, update_url: str | None,
         timeout: float) -> None:
    """The entity NAME names (a label or alias in any script, a QID, an IRI; an ambiguous name lists its
    candidates): what it is, every name with its language, graph, source and date, then the claims and assessments
    it made or that are about it or its events, with their documents. As tables; 'kg query entity_aliases' and
    'kg query entity_mentions' give each part as CSV or JSON."""
    with open_graph(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        iri = graph.resolve(name)  # once, so that the three parts are of one entity
        for title, query, parameter in (("entity", "entity_by_alias", "name"), ("names", "entity_aliases", "entity"),
                                        ("claims and assessments", "entity_mentions", "entity")):
            click.echo(f"\n{title}:" if title != "entity" else f"{title}:")
            print_results(graph, graph.results(query, **{parameter: str(iri)}), "table")
