"""``kg quarantine``: the batches that failed validation (kg.quarantine)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import store_option
from kg.config import Settings
from kg.errors import ValidationFailed


@click.group()
def quarantine() -> None:
    """Batches that failed validation: list, show, retry or drop them."""


def _quarantine(store_path: Path | None):
    from kg.quarantine import Quarantine

    return Quarantine(Settings.from_env(store_path).quarantine_path)


@quarantine.command("list")
@store_option
def quarantine_list(store_path: Path | None) -> None:
    """Each quarantined batch: id, time, violations, warnings, source file."""
    entries = _quarantine(store_path).entries()
    if not entries:
        click.echo("the quarantine is empty")
    for e in entries:
        click.echo(f"{e.id}  {e.quarantined_at}  {e.violations:3} violation(s) {e.warnings:3} warning(s)  "
                   f"{Path(e.source).name}  ({e.source})")


@quarantine.command("show")
@click.argument("entry_id")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", show_default=True)
@store_option
def quarantine_show(entry_id: str, fmt: str, store_path: Path | None) -> None:
    """The report of one quarantined batch (an id or a unique prefix of one)."""
    entry = _quarantine(store_path).get(entry_id)
    if fmt == "turtle":
        click.echo(entry.report_turtle, nl=False)
        return
    click.echo(f"{entry.id}: {entry.source}, quarantined {entry.quarantined_at}\ninput kept at {entry.input}\n")
    click.echo(entry.report_text, nl=False)


@quarantine.command("retry")
@click.argument("entry_id")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@store_option
def quarantine_retry(entry_id: str, strict: bool, store_path: Path | None) -> None:
    """Validate a quarantined batch again (after the store or the model changed) and write it if it now conforms;
    it leaves the quarantine only then. To fix the data itself, edit the source file and ingest it again."""
    from kg.ingest import ingest_batch, read_batches
    from kg.model import Model
    from kg.reports import as_text, as_turtle

    box = _quarantine(store_path)
    entry = box.get(entry_id)
    settings = Settings.from_env(store_path)
    model = Model.load(settings.base)
    from kg.api import open as open_embedded

    with open_embedded(store_path) as graph:
        [batch] = read_batches([entry.input], model, settings, graph.store)  # the store's names count, as at ingest
        result = ingest_batch(graph.store, batch, settings, strict=strict, on_failure="reject")
        if result.status == "rejected":
            report = result.report
            box.update(entry.id, as_text([report], strict), as_turtle([report]), report.violations, report.warnings)
            click.echo(as_text([report], strict), err=True, nl=False)
            raise ValidationFailed(f"{entry.source} still does not conform; it stays quarantined as {entry.id}")
    box.drop(entry.id)
    click.echo(f"{result.status:9} {entry.source} → {result.document} ({result.triples} triples); "
               f"{entry.id} left the quarantine")


@quarantine.command("drop")
@click.argument("entry_id")
@store_option
def quarantine_drop(entry_id: str, store_path: Path | None) -> None:
    """Delete a quarantined batch and its report for good."""
    entry = _quarantine(store_path).drop(entry_id)
    click.echo(f"dropped {entry.id} ({entry.source})")
