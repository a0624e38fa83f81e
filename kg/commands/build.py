"""``kg build``: a fresh store from the model, the fact files and RDF corpora (kg.build)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.common import store_option
from kg.config import Settings


@click.command()
@click.option("--rdf", "rdf", multiple=True, type=click.Path(path_type=Path), metavar="FILE_OR_DIR",
              help="Also bulk-load this RDF corpus (.nq, .nt, .ttl, .trig; a directory: every such file in it). "
                   "Repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@store_option
def build(rdf: tuple[Path, ...], quiet: bool, store_path: Path | None) -> None:
    """Rebuild the store from ontology/, the reference data and data/articles/, and any --rdf corpora.

    The new store is built beside the old one and swapped in only when complete: a failed build (a broken RDF file:
    exit 3; a fact file that does not conform: exit 1) leaves the old store as it was.

    --rdf files are trusted bulk data, loaded with the store's bulk loader streaming from disk (a progress bar with
    rate and ETA on stderr; --quiet turns it off). They are NOT validated batch by batch as fact files and 'kg
    ingest' are: run 'kg validate --all' afterwards to revalidate the whole store. Their named graphs keep their
    names; default-graph triples go to a source graph, as 'kg ingest' puts them."""
    import contextlib
    import time

    with contextlib.ExitStack() as stack:
        progress = None
        if rdf and not quiet:
            bar = stack.enter_context(click.progressbar(length=1, label="loading RDF", file=sys.stderr,
                                                        show_eta=True, show_percent=True,
                                                        item_show_func=lambda rate: rate))
            started = time.perf_counter()

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                rate = done / max(time.perf_counter() - started, 1e-3) / 2**20
                bar.update(done - bar.pos, f"{rate:,.1f} MiB/s")

        from kg.build import build as build_store

        report = build_store(Settings.from_env(store_path), rdf=rdf, progress=progress)
    click.echo(f"built {report.store_path}: {report.quads} quads, {len(report.documents)} document(s)"
               + (f", {len(report.rdf_files)} RDF file(s) ({report.rdf_bytes / 2**20:,.1f} MiB) in "
                  f"{report.seconds:.1f} s, {report.quads / max(report.seconds, 1e-3):,.0f} quads/s"
                  if report.rdf_files else ""))
