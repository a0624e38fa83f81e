"""``kg demo``: a few analyst questions about the founding article."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import endpoint_options, open_graph, print_results, store_option

#: (question, catalog query, the columns shown); each query runs with its first example (its header's '# Example:').
_DEMO = [
    ("Who is 'Gayun'? (one of three spellings of the monitoring group in the article)",
     "entity_by_alias", ["label", "types", "aliases"]),
    ("What has Hajun (also written Khayun) reported, and when?",
     "claims_by_source", ["date", "kind", "statement", "credibility", "document"]),
    ("What equipment has Russia handed over to Belarus, how much, and who says so?",
     "equipment_transfers", ["equipment", "lowerBound", "upperBound", "phrase", "claimant", "reported", "document"]),
    ("Who expects an offensive, how likely, and for when?",
     "assessments_about", ["assessor", "date", "likelihood", "likelihoodPhrase", "window", "proposition", "document"]),
]


@click.command()
@store_option
@endpoint_options
def demo(store_path: Path | None, endpoint: str | None, update_url: str | None, timeout: float) -> None:
    """Answer a few analyst questions about the founding article (run 'kg build' first)."""
    with open_graph(store_path, endpoint, update_url, timeout, read_only=True) as graph:
        for question, name, columns in _DEMO:
            params = graph.catalog[name].examples[0]
            click.echo(f"\n== {question}\n   kg query {name} " + " ".join(f"-p {k}={v}" for k, v in params.items()))
            print_results(graph, graph.results(name, **params), "table", columns=columns)
