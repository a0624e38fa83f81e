"""What several commands share: the --store and --endpoint options, opening the graph they name, printing a table.
Light at import (click and the configuration only): the library is imported when a command runs."""

from __future__ import annotations

from pathlib import Path

import click

from kg.config import Settings

__all__ = ["store_option", "endpoint_options", "limit_option", "open_graph", "print_frame"]

store_option = click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE",
                             default=None, help="Store directory [default: $KG_STORE or .kg/store].")


limit_option = click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
                            help="Print at most N rows (and say how many there were).")


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



def print_frame(frame, fmt: str, limit: int | None = None) -> None:
    """A DataFrame as a table, CSV or JSON on stdout; days print as days; with ``limit``, the first rows only, and a
    line on stderr saying how many there were (so a cut table is never mistaken for the whole answer)."""
    import pandas as pd

    if limit is not None and len(frame) > limit:
        click.echo(f"(showing {limit} of {len(frame)} rows; --limit)", err=True)
        frame = frame.head(limit)
    frame = frame.copy()
    for column in frame.columns:  # days print as days in every format
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series) and series.dt.tz is None \
                and (series.dropna() == series.dropna().dt.normalize()).all():
            frame[column] = series.dt.strftime("%Y-%m-%d").astype("string")
    if fmt == "csv":  # no cell a spreadsheet would run (kg.csvcells)
        from kg.csvcells import safe_cell

        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_datetime64_any_dtype(
                    frame[column]):
                frame[column] = frame[column].map(lambda v: safe_cell(v) if isinstance(v, str) else v)
        # RFC 4180 line ends: csv then quotes a cell holding a carriage return instead of letting it split the row
        click.echo(frame.to_csv(index=False, lineterminator="\r\n"), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
    elif frame.empty:
        click.echo("(no rows)")
    else:
        shown = frame.astype(object).where(frame.notna(), "")
        click.echo(shown.to_string(index=False, max_colwidth=70))


