"""Validation cost follows the batch, not the graph: validating one article in the context of stores of growing size
(the synthetic corpus of bench/generate.py), side by side with the naive approach of validating the whole graph.

    python bench/validation.py --sizes 10000 100000 1000000 --naive-up-to 100000 --write docs/benchmarks.md

Each store is built with pyoxigraph's bulk loader from the generated N-Quads plus the model. The article is the seed
fact file; it is read once and validated ``--repeat`` times per store, in rounds that interleave the stores (median
reported). The naive run validates the union of the store and the article with pyshacl in one go.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import URIRef  # noqa: E402

from bench.generate import Corpus  # noqa: E402
from kg import shapes  # noqa: E402
from kg.config import ARTICLES_DIR, DEFAULT_BASE, Settings  # noqa: E402
from kg.factfile import FactFileReader  # noqa: E402
from kg.model import Model  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from kg.validation import validate_batch  # noqa: E402

SEED = ARTICLES_DIR / "2022-12-20-hajun-russian-troops-south-belarus.yaml"


def build_store(directory: Path, triples: int, model: Model, settings: Settings) -> EmbeddedStore:
    corpus = directory / f"corpus-{triples}.nq"
    with corpus.open("w", encoding="utf-8") as out:
        for line in Corpus(triples).quads():
            out.write(line + "\n")
    path = directory / f"store-{triples}"
    store = EmbeddedStore(path)
    store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                     (URIRef(settings.graph("reference")), model.reference)])
    store.load_file(corpus)  # the bulk loader, streaming from the file (as kg build --rdf does)
    store.flush()
    return store


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def naive(store: EmbeddedStore, batch) -> float:
    """The whole store and the article in one rdflib graph, validated by pyshacl in one go."""
    whole = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    started = time.perf_counter()
    shapes.validate(batch.data(), whole)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--naive-up-to", type=int, default=100_000,
                        help="run the whole-graph validation only on stores up to this size (it is slow)")
    parser.add_argument("--write", type=Path, help="append the results as a Markdown section to this file")
    args = parser.parse_args(argv)
    settings = Settings(DEFAULT_BASE, Path("unused"))
    model = Model.load(DEFAULT_BASE)
    batch = FactFileReader(model).read(SEED)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stores = {size: build_store(Path(tmp), size, model, settings) for size in args.sizes}
        for store in stores.values():
            validate_batch(store, batch, model)  # warm caches (shapes parsed, queries prepared)
        # rounds interleave the sizes, so that the process state (heap, caches, other load) is the same for all
        times: dict[int, list[float]] = {size: [] for size in args.sizes}
        for _ in range(args.repeat):
            for size, store in stores.items():
                elapsed, report = timed(lambda: validate_batch(store, batch, model), 1)
                times[size].append(elapsed)
        for size, store in stores.items():
            in_context = statistics.median(times[size])
            whole = naive(store, batch) if size <= args.naive_up_to else None
            rows.append((size, len(store), in_context, whole))
            print(f"{len(store):>10,} quads: in context {in_context * 1000:8.1f} ms"
                  + (f", whole graph {whole:8.2f} s" if whole is not None else ""), flush=True)
        for store in stores.values():
            store.close()
    smallest = rows[0][2]
    lines = ["", "## Validating one article: in context vs. the whole graph",
             "", f"`python bench/validation.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat} "
                 f"--naive-up-to {args.naive_up_to}` on {platform.machine()}, Python {platform.python_version()}, "
                 f"{time.strftime('%Y-%m-%d')}. The article is the seed fact file ({len(batch.data())} triples), "
                 "validated in the context of a store holding the synthetic corpus plus the model.", "",
             "| store (quads) | in context, median | × smallest | whole graph (naive) | naive ÷ in context |",
             "|---:|---:|---:|---:|---:|"]
    for size, quads, in_context, whole in rows:
        naive_cell = f"{whole:.2f} s" if whole is not None else "not run"
        ratio = f"{whole / in_context:,.0f}×" if whole is not None else "—"
        lines.append(f"| {quads:,} | {in_context * 1000:.0f} ms | {in_context / smallest:.2f} | {naive_cell} | "
                     f"{ratio} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with args.write.open("a", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
