"""``kg entity``: what the graph holds about one entity (``show``: what it is, its names with where each comes from,
the claims by it and about it), and the finding that two entities are one (``merge``, undone by ``unmerge``:
kg.merges), through kg.api."""

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


@entity.command()
@click.argument("keep")
@click.argument("other")
@click.option("--note", metavar="TEXT", default=None, help="Why the two are one (kept with the merge).")
@store_option
@endpoint_options
def merge(keep: str, other: str, note: str | None, store_path: Path | None, endpoint: str | None,
          update_url: str | None, timeout: float) -> None:
    """Record that OTHER is KEEP: OTHER's names name KEEP, and its claims count for KEEP (one source, not two).
    Nothing is rewritten; 'kg entity unmerge OTHER' undoes it. Refused for entities of disjoint types."""
    with open_graph(store_path, endpoint, update_url, timeout, read_only=False) as graph:
        result = graph.merge(keep, other, note)
        if result.status == "rejected":
            from kg.errors import ValidationFailed
            from kg.reports import as_text

            raise ValidationFailed("the merge does not conform; nothing was written\n" + as_text([result.report]),
                                   result.report)
        click.echo(f"{'merged' if result.status != 'unchanged' else 'already merged'}: {other} → {keep} "
                   f"({result.document})")


@entity.command()
@click.argument("other")
@store_option
@endpoint_options
def unmerge(other: str, store_path: Path | None, endpoint: str | None, update_url: str | None,
            timeout: float) -> None:
    """Undo the merge of OTHER (named by a name of its own, or its IRI): its names and claims are its own again."""
    with open_graph(store_path, endpoint, update_url, timeout, read_only=False) as graph:
        found = graph.unmerge(other)
        click.echo(f"unmerged: <{found.other}> is no longer <{found.keep}> (removed {found.document})")
