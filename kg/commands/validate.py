"""``kg validate``: files in the store's context, the whole store, or the model (kg.validation_runs)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import store_option
from kg.config import Settings
from kg.errors import ValidationFailed


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="text: readable report; turtle: the sh:ValidationReport; json: findings as records.")
@click.option("--junit", "junit", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write a JUnit XML report to this file (for CI).")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--all", "whole_store", is_flag=True,
              help="Revalidate every document in the store (graphs without a metadata record are named in a note).")
@click.option("--ontology", is_flag=True, help="Check the ontology and reference data with HermiT.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for --all [default: one per core for large stores, 1 below 100 documents each].")
@store_option
def validate(paths: tuple[Path, ...], fmt: str, junit: Path | None, strict: bool, whole_store: bool, ontology: bool,
             jobs: int | None, store_path: Path | None) -> None:
    """Validate fact files and RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) in the context of
    the current store, without writing anything; or the whole store (--all); or the model (--ontology).

    Exit codes: 0 conforms, 1 violations (or warnings with --strict), 3 unreadable input."""
    from kg.validation_runs import validate_paths, validate_store

    if not (paths or whole_store or ontology):
        raise click.UsageError("give files to validate, --all, or --ontology")
    failed = False
    if ontology:
        from kg.reasoning import check_model

        report = check_model(Settings.from_env().base)
        click.echo(report.summary())
        failed |= not report.ok
    settings = Settings.from_env(store_path)
    reports = []
    if paths:
        reports += validate_paths(paths, settings)
    if whole_store:
        from kg.commands.progress import Progress

        shown = Progress()
        try:
            reports += validate_store(settings, shown.count("documents"), jobs, phase=shown.phase)
        finally:
            shown.done()
        from kg.store import EmbeddedStore
        from kg.unrecorded import unrecorded_graphs, unrecorded_note

        with EmbeddedStore(Path(settings.store_path), read_only=True) as store:
            if note := unrecorded_note(unrecorded_graphs(store, settings), "not validated"):
                click.echo(note, err=True)
    if reports:
        from kg import reports as formats

        text = {"text": lambda: formats.as_text(reports, strict), "json": lambda: formats.as_json(reports, strict),
                "turtle": lambda: formats.as_turtle(reports)}[fmt]()
        click.echo(text, nl=False)
        if junit:
            junit.write_text(formats.as_junit(reports, strict), encoding="utf-8")
        failed |= not all(r.conforms(strict) for r in reports)
    if failed:
        raise ValidationFailed("see the report above")
