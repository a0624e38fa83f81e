"""``kg build``: a fresh store from the model, the fact files and RDF corpora (kg.build)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import store_option
from kg.config import Settings


@click.command()
@click.option("--rdf", "rdf", multiple=True, type=click.Path(path_type=Path), metavar="FILE_OR_DIR",
              help="Also bulk-load this RDF corpus (.nq, .nt, .ttl, .trig; a directory: every such file in it). "
                   "Repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No progress (phase lines and bar on stderr).")
@click.option("--discard", is_flag=True,
              help="Replace the store even if it holds documents this build would not rebuild (ingested from "
                   "elsewhere); they are listed. Without it such a store is left as it was (exit 4).")
@store_option
def build(rdf: tuple[Path, ...], quiet: bool, discard: bool, store_path: Path | None) -> None:
    """Rebuild the store from ontology/, the reference data and data/articles/, and any --rdf corpora.

    The new store is built beside the old one and swapped in only when complete: a failed build (a broken RDF file:
    exit 3; a fact file that does not conform: exit 1) leaves the old store as it was. So does a build that would
    lose documents the old store holds and this build does not rebuild (ingested from outside the fact-file folder):
    exit 4, naming them; --discard drops them.

    Each phase is named on stderr as it begins (reading, loading, validating, counting, swapping); --rdf files are
    trusted bulk data, loaded with the store's bulk loader streaming from disk (on a terminal, a bar with rate and
    ETA; --quiet turns progress off). They are NOT validated batch by batch as fact files and 'kg
    ingest' are: run 'kg validate --all' afterwards to revalidate the whole store. Their named graphs keep their
    names; default-graph triples go to a source graph, as 'kg ingest' puts them."""
    from kg.build import build as build_store
    from kg.commands.progress import Progress

    shown = Progress(quiet)
    try:
        report = build_store(Settings.from_env(store_path), rdf=rdf, progress=shown.count("MiB", 2**20),
                             phase=shown.phase, discard=discard)
    finally:
        shown.done()
    for line in report.discarded:
        click.echo(f"discarded: {line}", err=True)
    click.echo(f"built {report.store_path}: {report.quads} quads, {len(report.documents)} document(s)"
               + (f", {len(report.rdf_files)} RDF file(s) ({report.rdf_bytes / 2**20:,.1f} MiB) in "
                  f"{report.seconds:.1f} s, {report.quads / max(report.seconds, 1e-3):,.0f} quads/s"
                  if report.rdf_files else ""))
