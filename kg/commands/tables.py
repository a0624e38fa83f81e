"""Query results for people and for programs: a table that fits the terminal, with labels where the graph has them;
CSV and JSON with every value as the graph holds it (IRIs stay IRIs there).

The table is drawn by rich: columns share the terminal's width and long cells wrap instead of being cut; without a
terminal (a pipe, a file) nothing is wrapped and nothing is styled, nor with NO_COLOR set. A cell holding
an IRI that has a display label (kg.labels: a document's title, an entity's preferred label) shows the label."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping

import click

__all__ = ["print_frame"]

_SHORT = 12  # a column whose every cell is at most this long is never wrapped (when the terminal allows)
_WORD = 16  # words up to this long are kept whole when a column wraps
_GAP = 3  # the padding between two columns (box.SIMPLE_HEAD)


def _widths(headers: list[str], cells: list[list[str]], width: int | None) -> list[int | None]:
    """Each column's width so that the table fits ``width`` (None: no limit, every column as wide as it needs).
    Short columns (dates, numbers, kinds) keep theirs; the others share what is left in proportion to what they
    need, each at least as wide as its longest word (up to _WORD) when that fits, else at least one character."""
    natural = [max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]
    budget = None if width is None else width - _GAP * (len(headers) - 1)
    if budget is None or sum(natural) <= budget:
        return [None] * len(headers)
    short = [size <= _SHORT for size in natural]
    if sum(n for n, keep in zip(natural, short) if keep) + sum(not keep for keep in short) > budget:
        short = [False] * len(headers)  # too narrow even for that: every column wraps
    words = [max([1, min(len(header), _WORD), *(min(len(w), _WORD) for row in cells for w in row[i].split())])
             for i, header in enumerate(headers)]
    least = [n if keep else min(w, n) for n, w, keep in zip(natural, words, short)]
    if sum(least) > budget:
        least = [n if keep else 1 for n, keep in zip(natural, short)]
    spare = max(budget - sum(least), 0)
    wanted = [0 if keep else n - low for n, low, keep in zip(natural, least, short)]
    total = sum(wanted) or 1
    sizes = [low + spare * want // total for low, want in zip(least, wanted)]
    return [max(size, 1) for size in sizes]


def _table(frame, labels: Mapping[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table, box

    terminal = sys.stdout.isatty()
    cells = [[labels.get(value, value) if isinstance(value, str) else str(value) for value in row]
             for row in frame.astype(object).where(frame.notna(), "").itertuples(index=False)]
    headers = [str(column) for column in frame.columns]
    width = Console().width if terminal else None
    styled = terminal and not os.environ.get("NO_COLOR")  # https://no-color.org: no escape codes at all
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if styled else None)
    for header, size in zip(headers, _widths(headers, cells, width)):
        table.add_column(header, overflow="fold", width=size)
    for row in cells:
        table.add_row(*row)
    if terminal:
        Console(highlight=False, markup=False, emoji=False).print(table)
        return
    # without a terminal there is no width to fit: as wide as the table needs, no colour, no trailing blanks
    console = Console(file=io.StringIO(), width=1 << 16, color_system=None, highlight=False, markup=False,
                      emoji=False)
    console.print(table, crop=False)
    click.echo("\n".join(line.rstrip() for line in console.file.getvalue().splitlines()))


def print_frame(frame, fmt: str, limit: int | None = None, labels: Mapping[str, str] | None = None,
                offset: int = 0) -> None:
    """A DataFrame as a table, CSV or JSON on stdout; days print as days; ``labels`` (IRI → label) are shown in the
    table only. With ``limit`` and ``offset``, one page of the rows, and a line on stderr saying which of how many
    (so a cut table is never mistaken for the whole answer)."""
    import pandas as pd

    total = len(frame)
    end = total if limit is None else min(offset + limit, total)
    if offset:
        click.echo(f"(showing rows {offset + 1}–{end} of {total}; --offset/--limit)" if end > offset else
                   f"(no rows after row {offset}: there are {total}; --offset)", err=True)
    elif end < total:
        click.echo(f"(showing {end} of {total} rows; --limit)", err=True)
    frame = frame.iloc[offset:end].copy()
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
        _table(frame, labels or {})
