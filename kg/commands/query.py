"""``kg query``: a catalog query or a .rq file, as a table, CSV or JSON (kg.api)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import endpoint_options, limit_option, open_graph, print_results, store_option
from kg.errors import InputError, QueryError


@click.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the query catalog.")
@click.option("--show", is_flag=True, help="Describe the query and its parameters instead of running it.")
@limit_option
@store_option
@endpoint_options
def query(name: str | None, params: tuple[str, ...], fmt: str, list_queries: bool, show: bool, limit: int | None,
          offset: int, store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float) -> None:
    """Run a catalog query by NAME, or a SELECT query in a .rq file (the catalog's header is optional there: its
    '# Parameter:' lines make -p work), and print the results (on the embedded store, or on a SPARQL server with
    --endpoint). 'kg sparql' runs any query form."""
    from kg.catalog import load_catalog

    catalog = load_catalog()
    if list_queries:
        width = max(map(len, catalog))
        for query_name, q in catalog.items():
            click.echo(f"{query_name:{width}}  {q.title}")
        return
    if not name:
        raise click.UsageError("give a query NAME or FILE.rq, or --list")
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param expects NAME=VALUE, got '{item}'")
        values[key] = value
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise InputError(f"query file {name} does not exist", file=name)
        from kg.catalog import parse_query_file

        entry = parse_query_file(path, require_header=False)
    elif name in catalog:
        entry = catalog[name]
    else:
        raise QueryError(f"no query named '{name}'; 'kg query --list' shows the catalog")
    if show:
        click.echo(f"{entry.name}: {entry.title}\n\n{entry.description}\n")
        for p in entry.parameters:
            flag = "required" if p.required else (f"default: {p.default}" if p.default else "optional")
            click.echo(f"  {p.name} ({p.type}, {flag})  {p.description}")
        return
    with open_graph(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        print_results(graph, graph.results(entry, **values), fmt, limit, offset=offset)
