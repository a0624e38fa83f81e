"""``kg ingest``: fact files and partner RDF through the gate into the store (kg.ingest)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import endpoint_options, open_graph, store_option
from kg.config import Settings
from kg.errors import ValidationFailed


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Quarantine batches with warnings too.")
@click.option("--declassify", is_flag=True,
              help="Allow a file to lower its document's marking (logged in STORE.audit.jsonl); without it, refused.")
@store_option
@endpoint_options
def ingest(files: tuple[Path, ...], strict: bool, declassify: bool, store_path: Path | None, endpoint: str | None,
           update_url: str | None, timeout: float) -> None:
    """Validate fact files or RDF files and add them to the store, each document in one transaction.

    Every file is read before anything is written (an unreadable one stops the run: exit 3). A batch that does not
    conform is not written but quarantined with its report ('kg quarantine list'); the run then exits with 1.
    Re-ingesting an unchanged file changes nothing."""
    if endpoint and not update_url:
        raise click.UsageError("writing to a server needs --update-endpoint (or $KG_UPDATE_ENDPOINT)")
    from kg.ingest import read_batches
    from kg.model import Model

    settings = Settings.from_env(store_path)
    model = Model.load(settings.base)
    if endpoint or settings.endpoint or Path(settings.store_path).exists():  # names the store gives count too
        with open_graph(store_path, endpoint, None, timeout, read_only=True) as reading:
            batches = read_batches(files, model, settings, reading.store)  # all read before anything is written
    else:
        batches = read_batches(files, model, settings)
    with open_graph(store_path, endpoint, update_url, timeout, read_only=False) as graph:
        results = graph.ingest(*batches, strict=strict, declassify=declassify)
    for result in results:
        if result.declassified_from is not None:
            click.echo(f"declassified {result.document} (was {result.declassified_from}); logged in "
                       f"{settings.audit_log_path}", err=True)
        if result.quarantine is not None:
            click.echo(f"quarantined {result.source}: {result.quarantine.violations} violation(s), "
                       f"{result.quarantine.warnings} warning(s) → kg quarantine show {result.quarantine.id}")
        else:
            click.echo(f"{result.status:9} {result.source} → {result.document} ({result.triples} triples)")
        for note in result.notes:
            click.echo(f"note: {result.source}: {note}", err=True)
    quarantined = [r for r in results if r.quarantine is not None]
    if quarantined:
        from kg.reports import as_text

        click.echo(as_text([r.report for r in quarantined if r.report], strict), err=True, nl=False)
        raise ValidationFailed(f"{len(quarantined)} of {len(results)} batch(es) quarantined, nothing of them "
                               "was written")
