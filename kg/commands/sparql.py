"""``kg sparql``: any SPARQL query, as text, from a file or from standard input, on the embedded store or on a SPARQL
server: rows as a table, CSV or JSON; ASK as true/false; CONSTRUCT and DESCRIBE as Turtle or N-Triples."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.common import endpoint_options, limit_option, open_graph, print_results, store_option
from kg.errors import InputError

_ROW_FORMATS = ("table", "csv", "json")
_GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt11", "jsonld": "json-ld"}


def _query_text(text: str | None, file: Path | None) -> str:
    if text is not None and file is not None:
        raise click.UsageError("give the query as text or with --file, not both")
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the query: {exc}", file=file) from exc
    if text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise click.UsageError("give a query: kg sparql 'SELECT …', kg sparql --file FILE.rq, or pipe one in")
        return sys.stdin.read()
    return text


@click.command()
@click.argument("text", required=False, metavar="[QUERY|-]")
@click.option("--file", "-f", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query here.")
@click.option("--format", "fmt", type=click.Choice([*_ROW_FORMATS, *_GRAPH_FORMATS]), default=None,
              help="SELECT: table (default), csv or json; CONSTRUCT/DESCRIBE: turtle (default), ntriples or jsonld.")
@limit_option
@store_option
@endpoint_options
def sparql(text: str | None, file: Path | None, fmt: str | None, limit: int | None, offset: int,
           store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float) -> None:
    """Run one SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) given as QUERY, with --file, or on standard input
    ('-' or a pipe). Queries only: updates are refused, and so is SERVICE (nothing reaches the network); write
    GRAPH or FROM to name graphs, since servers differ on what the default graph holds."""
    query = _query_text(text, file)
    from kg.queryfacts import refuse_services

    refuse_services(query)  # a bad query fails before any store is opened (KnowledgeGraph.sparql checks it too)
    with open_graph(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        answer = graph.sparql(query)
        if not isinstance(answer, bool) and not hasattr(answer, "serialize"):  # rows, with labels from the graph
            if fmt not in (None, *_ROW_FORMATS):
                raise click.UsageError("a SELECT query gives rows: --format table, csv or json")
            print_results(graph, answer, fmt or "table", limit, offset=offset)
            return
    if isinstance(answer, bool):
        if fmt not in (None, "table", "json"):
            raise click.UsageError(f"an ASK query answers true or false; --format {fmt} does not apply")
        click.echo(('{"boolean": %s}' % str(answer).lower()) if fmt == "json" else str(answer).lower())
    else:
        if fmt not in (None, *_GRAPH_FORMATS):
            raise click.UsageError("a CONSTRUCT or DESCRIBE query gives RDF: --format turtle, ntriples or jsonld")
        click.echo(answer.serialize(format=_GRAPH_FORMATS[fmt or "turtle"]), nl=False)
