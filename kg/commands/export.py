"""The ``kg export`` command: thin, the work is in ``kg.export.writer``; library errors reach ``kg.cli.main``, which
maps them to exit codes (a bad level: QueryError, 2; a store that cannot be read or a directory that cannot be
written: StoreError, 4)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.config import DEFAULT_LICENCE, DEFAULT_PUBLISHER
from kg.export.formats import FORMAT_NAMES

__all__ = ["export"]


@click.command()
@click.option("--marking", "marking", required=True, metavar="LEVEL",
              help="The partner's TLP 2.0 level: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED "
                   "(case-insensitive, 'TLP:' optional).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES, case_sensitive=False), default="trig",
              show_default=True, help="trig/nquads keep the named graphs; turtle/ntriples flatten them; jsonld uses "
                                      "the local context; stix writes a STIX 2.1 bundle.")
@click.option("--output", "-o", "directory", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write into: created if missing; an earlier export there is replaced whole; a "
                   "directory holding anything else is refused.")
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE", default=None,
              help="Store directory [default: $KG_STORE or .kg/store].")
@click.option("--endpoint-url", metavar="URL", default=None,
              help="A SPARQL endpoint serving this level, named in the dataset description.")
@click.option("--licence", "--license", "licence", metavar="IRI", default=DEFAULT_LICENCE, show_default=True,
              help="The licence IRI in the dataset description.")
@click.option("--publisher", metavar="NAME", default=DEFAULT_PUBLISHER, show_default=True,
              help="The publisher named in the dataset description.")
@click.option("--title", metavar="TEXT", default=None, help="The dataset's title [default: names the level].")
def export(marking: str, fmt: str, directory: Path, store_path: Path | None, endpoint_url: str | None, licence: str,
           publisher: str, title: str | None) -> None:
    """Export what a TLP level may see, for partners: the data file (data.trig, data.nq, data.ttl, data.nt,
    data.jsonld or data.json), dataset.ttl (VoID + DCAT: licence, marking, triples per graph, checksums) and
    SHA256SUMS, written into a fresh directory that takes DIR's place once every file is complete (an earlier export
    there is set aside first, so a failed run never leaves it standing).

    Nothing from a document or claim marked above LEVEL is in any of them, not even a count. Graphs without a metadata
    record (bulk-loaded by kg build --rdf) have no marking and are left out, with a note naming them."""
    from kg.api import open as open_graph
    from kg.config import Settings
    from kg.export.description import DescriptionOptions
    from kg.export.directory import check_target
    from kg.export.writer import export_dataset
    from kg.marking import marking_level, visible_dataset
    from kg.model import Model
    from kg.unrecorded import unrecorded_graphs, unrecorded_note

    settings = Settings.from_env(store_path)
    model = Model.load(settings.base)
    level = marking_level(marking, model)  # a bad level fails before the store is opened,
    check_target(directory)  # and so does a directory holding what no export wrote
    options = DescriptionOptions(title=title, licence=licence, publisher=publisher, endpoint_url=endpoint_url)
    with open_graph(store_path, read_only=True) as graph:
        dataset = visible_dataset(graph.store, level, settings, model)
        unrecorded = unrecorded_graphs(graph.store, settings)
    report = export_dataset(dataset, directory, fmt.lower(), settings, model, options)
    for path in report.removed:
        click.echo(f"note: removed {path}, left beside {report.directory} by an interrupted export", err=True)
    if note := unrecorded_note(unrecorded, "not exported"):
        click.echo(note, err=True)
    click.echo(f"exported {report.documents} document(s), {report.quads} triples in {report.graphs} graph(s) "
               f"to {report.directory}: " + ", ".join(p.name for p in report.files))
