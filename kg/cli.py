"""The ``kg`` command. The only place where errors become messages and exit codes:

    0  success                     3  unreadable or invalid input (nothing was written)
    1  validation failed           4  store or endpoint error
    2  usage error (bad option, unknown query, bad parameter)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from kg.api import KnowledgeGraph, connect
from kg.api import open as open_graph
from kg.build import build as build_store
from kg.catalog import parse_query_file
from kg.config import Settings
from kg.errors import InputError, KGError, ModelError, QueryError, StoreError, ValidationFailed

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INPUT, EXIT_STORE = 0, 1, 2, 3, 4

_store_option = click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE",
                             default=None, help="Store directory [default: $KG_STORE or .kg/store].")


def _endpoint_options(command):
    """--endpoint and friends: run on a SPARQL server instead of the embedded store."""
    command = click.option("--timeout", type=click.FloatRange(min=0.1), envvar="KG_TIMEOUT", default=30.0,
                           show_default=True, help="Seconds a request to the endpoint may take.")(command)
    command = click.option("--update-endpoint", "update_url", metavar="URL", envvar="KG_UPDATE_ENDPOINT",
                           help="The server's SPARQL Update endpoint (needed to write).")(command)
    return click.option("--endpoint", "endpoint", metavar="URL", envvar="KG_ENDPOINT",
                        help="A SPARQL server's query endpoint [default: $KG_ENDPOINT; none: the embedded "
                             "store].")(command)


def _open(store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float,
          read_only: bool) -> KnowledgeGraph:
    if endpoint:
        return connect(endpoint, update_url, timeout=timeout)
    return open_graph(store_path, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osint-kg")
def cli() -> None:
    """A provenance-rich knowledge graph for geopolitical and military OSINT."""


@cli.command()
@click.option("--rdf", "rdf", multiple=True, type=click.Path(path_type=Path), metavar="FILE_OR_DIR",
              help="Also bulk-load this RDF corpus (.nq, .nt, .ttl, .trig; a directory: every such file in it). "
                   "Repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_store_option
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

        report = build_store(Settings.from_env(store_path), rdf=rdf, progress=progress)
    click.echo(f"built {report.store_path}: {report.quads} quads, {len(report.documents)} document(s)"
               + (f", {len(report.rdf_files)} RDF file(s) ({report.rdf_bytes / 2**20:,.1f} MiB) in "
                  f"{report.seconds:.1f} s, {report.quads / max(report.seconds, 1e-3):,.0f} quads/s"
                  if report.rdf_files else ""))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Quarantine batches with warnings too.")
@click.option("--declassify", is_flag=True,
              help="Allow a file to lower its document's marking (logged in STORE.audit.jsonl); without it, refused.")
@_store_option
@_endpoint_options
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
    batches = read_batches(files, Model.load(settings.base), settings)  # all readable before the store is opened
    with _open(store_path, endpoint, update_url, timeout, read_only=False) as graph:
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
    quarantined = [r for r in results if r.quarantine is not None]
    if quarantined:
        from kg.reports import as_text

        click.echo(as_text([r.report for r in quarantined if r.report], strict), err=True, nl=False)
        raise ValidationFailed(f"{len(quarantined)} of {len(results)} batch(es) quarantined, nothing of them "
                               "was written")


@cli.group()
def quarantine() -> None:
    """Batches that failed validation: list, show, retry or drop them."""


def _quarantine(store_path: Path | None):
    from kg.quarantine import Quarantine

    return Quarantine(Settings.from_env(store_path).quarantine_path)


@quarantine.command("list")
@_store_option
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
@_store_option
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
@_store_option
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
    [batch] = read_batches([entry.input], model, settings)
    with open_graph(store_path) as graph:
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
@_store_option
def quarantine_drop(entry_id: str, store_path: Path | None) -> None:
    """Delete a quarantined batch and its report for good."""
    entry = _quarantine(store_path).drop(entry_id)
    click.echo(f"dropped {entry.id} ({entry.source})")


def _print_frame(frame: pd.DataFrame, fmt: str) -> None:
    frame = frame.copy()
    for column in frame.columns:  # days print as days in every format
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series) and series.dt.tz is None \
                and (series.dropna() == series.dropna().dt.normalize()).all():
            frame[column] = series.dt.strftime("%Y-%m-%d").astype("string")
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
    elif frame.empty:
        click.echo("(no rows)")
    else:
        shown = frame.astype(object).where(frame.notna(), "")
        click.echo(shown.to_string(index=False, max_colwidth=70))


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the query catalog.")
@click.option("--show", is_flag=True, help="Describe the query and its parameters instead of running it.")
@_store_option
@_endpoint_options
def query(name: str | None, params: tuple[str, ...], fmt: str, list_queries: bool, show: bool,
          store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float) -> None:
    """Run a catalog query by NAME, or a .rq file, and print the results (on the embedded store, or on a SPARQL
    server with --endpoint)."""
    from kg.catalog import load_catalog

    catalog = load_catalog()
    if list_queries:
        width = max(map(len, catalog))
        for query_name, q in catalog.items():
            click.echo(f"{query_name:{width}}  {q.title}")
        return
    if not name:
        raise click.UsageError("give a query NAME or FILE.rq, or --list")
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param expects NAME=VALUE, got '{item}'")
        values[key] = value
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise InputError(f"query file {name} does not exist", file=name)
        entry = parse_query_file(path)
        from kg.queryfacts import refuse_services

        refuse_services(entry.text)  # a file from outside the package: checked on its parsed algebra
    elif name in catalog:
        entry = catalog[name]
    else:
        raise QueryError(f"no query named '{name}'; 'kg query --list' shows the catalog")
    if show:
        click.echo(f"{entry.name}: {entry.title}\n\n{entry.description}\n")
        for p in entry.parameters:
            flag = "required" if p.required else (f"default: {p.default}" if p.default else "optional")
            click.echo(f"  {p.name} ({p.type}, {flag})  {p.description}")
        return
    with _open(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        results = graph.store.select(entry.text, entry.bindings(values, graph.resolve))
        from kg.frames import to_frame

        _print_frame(to_frame(results), fmt)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="text: readable report; turtle: the sh:ValidationReport; json: findings as records.")
@click.option("--junit", "junit", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write a JUnit XML report to this file (for CI).")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--all", "whole_store", is_flag=True, help="Revalidate every document in the store.")
@click.option("--ontology", is_flag=True, help="Check the ontology and reference data with HermiT.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for --all [default: one per core for large stores, 1 below 100 documents each].")
@_store_option
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
        with click.progressbar(length=1, label="validating the store", file=sys.stderr,
                               show_pos=True, show_eta=True) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            reports += validate_store(settings, progress, jobs)
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


_DEMO = [
    ("Who is 'Gayun'? (one of three spellings of the monitoring group in the article)",
     "entity_by_alias", {"name": "Gayun"}, ["label", "types", "aliases"]),
    ("What has Hajun (also written Khayun) reported, and when?",
     "claims_by_source", {"source": "Khayun"}, ["date", "kind", "statement", "credibility", "document"]),
    ("What equipment has Russia handed over to Belarus, how much, and who says so?",
     "equipment_transfers", {"giver": "Russia", "receiver": "Belarus"},
     ["equipment", "lowerBound", "upperBound", "phrase", "claimant", "reported", "document"]),
    ("Who expects an offensive, how likely, and for when?",
     "assessments_about", {"topic": "offensive"},
     ["assessor", "date", "likelihood", "likelihoodPhrase", "window", "proposition", "document"]),
]


@cli.command()
@_store_option
@_endpoint_options
def demo(store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float) -> None:
    """Answer a few analyst questions about the founding article (run 'kg build' first)."""
    with _open(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        for question, name, params, columns in _DEMO:
            click.echo(f"\n== {question}\n   kg query {name} " + " ".join(f"-p {k}={v}" for k, v in params.items()))
            _print_frame(graph.query(name, **params)[columns], "table")


#: Library errors → exit code and message prefix; the first matching class wins.
_ERRORS: list[tuple[type[KGError], int, str]] = [
    (ValidationFailed, EXIT_INVALID, "validation failed: "),
    (QueryError, EXIT_USAGE, "error: "),
    (InputError, EXIT_INPUT, "invalid input, nothing was written:\n"),
    (StoreError, EXIT_STORE, "store error: "),
    (ModelError, EXIT_INPUT, "model error: "),
    (KGError, EXIT_INPUT, "error: "),
]


def main() -> None:
    """Entry point: run the CLI, mapping library errors to documented exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except KGError as exc:
        code, prefix = next((code, prefix) for kind, code, prefix in _ERRORS if isinstance(exc, kind))
        click.echo(f"{prefix}{exc}", err=True)
        sys.exit(code)


from kg.export.command import export  # noqa: E402
cli.add_command(export)
from kg.serve.command import serve  # noqa: E402
cli.add_command(serve)
