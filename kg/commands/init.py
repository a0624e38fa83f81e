"""``kg init``: a workspace of one's own (kg.workspace): kg.toml, articles/, entities/, and with --example the
founding article and the documents it cites."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--example", is_flag=True, help="Also copy the founding article and its sources into articles/.")
def init(directory: Path, example: bool) -> None:
    """Make a workspace in DIRECTORY (default: here): kg.toml (base IRI, default marking, store or SPARQL server),
    articles/ for fact files, entities/ for entity files. Commands run in it or below it use it; elsewhere give
    --workspace DIR or set KG_WORKSPACE. Nothing that exists is overwritten."""
    from kg.config import EXAMPLES_DIR
    from kg.workspace import init_workspace

    examples = sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_file()) if example else None
    workspace, written = init_workspace(directory, examples)
    click.echo(f"workspace {workspace.root}: " + ", ".join(str(p.relative_to(workspace.root)) for p in written))
    click.echo(f"next: cd {directory} && kg build && kg query --list")
