"""``kg new``: a commented fact-file template (kg.factfile.template), written from the fact-file format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The document's publication day (default: today).")
def new(path: Path, published: dt.datetime | None) -> None:
    """Write a new fact file at PATH: the required keys with placeholders, every other key as a comment saying what
    it takes, and a first line naming the JSON Schema so that an editor completes and checks the keys. An existing
    file is never overwritten."""
    from kg.config import DEFAULT_BASE
    from kg.errors import InputError, Problem
    from kg.factfile.template import fact_file_template
    from kg.model import Model

    if path.exists():
        raise InputError(Problem(str(path), "exists already; kg new writes a new file only"))
    day = published.date() if published else dt.date.today()
    text = fact_file_template(Model.load(DEFAULT_BASE), path, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never over a file made meanwhile
        handle.write(text)
    click.echo(f"wrote {path}: fill it in, then kg validate {path}")
