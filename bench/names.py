"""Names at scale (issue 13): resolving 10,000 names against 50,000 entities, and ingesting an entity file of 1,000
entities, each in stores whose other contents grow (the synthetic corpus of bench/generate.py, 10k → 1M quads).

    python bench/names.py --sizes 10000 1000000 --write docs/benchmarks.md

The 50,000 entities are an entity collection's graph, bulk-loaded: each a person with an English name, a Cyrillic
alias and a Latin variant. The names asked are a fixed mix: exact names, other case and diacritics, aliases, names
found only by their transliteration (Cyrillic for a Latin label) and names nobody has. Resolution is timed per name
(after the index is built, which is timed on its own, and measured for memory with tracemalloc in a second, untimed
build) and set beside the
floor of a plain dict look-up of the same normalised keys, in the same process. The 1,000-entity file is read
(with the ambiguity check of every name against the store), validated in the context of the store and written,
through the same gate as kg ingest; it is timed at each store size, so the ratio says whether it stays flat.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import RDF, SKOS  # noqa: E402

from bench.generate import Corpus  # noqa: E402
from kg.aliases import normalise, transliterated  # noqa: E402
from kg.config import DEFAULT_BASE, Settings  # noqa: E402
from kg.ingest import ingest_batch, read_batches  # noqa: E402
from kg.model import Model  # noqa: E402
from kg.resolve import EntityResolver  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from kg.vocab import OKG  # noqa: E402

_LATIN = "bdfgklmnprstvz"  # letters whose Cyrillic counterparts anyascii reads back as they were
_VOWELS = "aeiou"
_CYRILLIC = dict(zip("bdfgklmnprstvzaeiou", "бдфгклмнпрствзаеиоу"))


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(_LATIN) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4))).title()
                    for _ in range(2))


def entities(count: int, seed: int = 11) -> tuple[Graph, list[str]]:
    """``count`` people, each named in Latin with a Cyrillic alias (its letter-for-letter transliteration, as
    anyascii reads it back) and a hyphenated variant; and their Latin names."""
    rng, graph, names, seen = random.Random(seed), Graph(), [], set()
    while len(names) < count:
        name = _name(rng)
        if normalise(name) in seen:
            continue
        seen.add(normalise(name))
        iri = URIRef(f"{DEFAULT_BASE}person/bench-{len(names)}")
        graph.add((iri, RDF.type, OKG.Person))
        graph.add((iri, SKOS.prefLabel, Literal(name, lang="en")))
        graph.add((iri, SKOS.altLabel, Literal(name.replace(" ", "-"), lang="en")))
        names.append(name)
    return graph, names


def questions(names: list[str], count: int, seed: int = 5) -> list[str]:
    """The names asked: exact, upper case, hyphenated, Cyrillic (found by transliteration), and unknown."""
    rng = random.Random(seed)
    asked = []
    for i in range(count):
        name = rng.choice(names)
        kind = i % 5
        asked.append(name if kind == 0 else name.upper() if kind == 1 else name.replace(" ", "-") if kind == 2
                     else "".join(_CYRILLIC.get(ch, ch) for ch in name.lower()) if kind == 3 else name + "x")
    return asked


def entity_file(directory: Path, count: int, offset: int) -> Path:
    """An entity file of ``count`` new organisations, with names no other entity has."""
    lines = ["collection:", f"  id: bench-entities-{offset}", "  title: Benchmark entities", "  marking: TLP:CLEAR",
             "entities:"]
    for i in range(count):
        lines += [f"  bench-org-{offset}-{i}:", "    type: monitoring group", f"    name: Bench Watch {offset} {i}",
                  f"    aliases: [BW {offset}-{i}]", "    country: Belarus", "    reliability: C"]
    path = directory / f"entities-{offset}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(size: int, people: Graph, names: list[str], asked: list[str], work: Path, model: Model) -> dict:
    settings = Settings(DEFAULT_BASE, work / f"store-{size}")
    corpus = work / f"corpus-{size}.nq"
    with corpus.open("w", encoding="utf-8") as out:
        for line in Corpus(size).quads():
            out.write(line + "\n")
    store = EmbeddedStore(settings.store_path)
    store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                     (URIRef(settings.graph("reference")), model.reference),
                     (URIRef(f"{DEFAULT_BASE}entities/bench-people"), people)])
    store.load_file(corpus)
    store.flush()
    quads = len(store)
    started = time.perf_counter()
    resolver = EntityResolver(store, settings.graph("reference"))
    index_seconds = time.perf_counter() - started
    transliterated.cache_clear()  # the second build pays for its transliterations as the first did
    tracemalloc.start()  # memory in a second build: tracemalloc slows allocation, so it is not timed
    EntityResolver(store, settings.graph("reference"))
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    floor = {normalise(n): n for n in names}
    rounds = []
    for _ in range(3):  # interleaved with the floor, median of three
        started = time.perf_counter()
        found = sum(1 for name in asked if resolver.candidates(name))
        resolved = time.perf_counter() - started
        started = time.perf_counter()
        hits = sum(1 for name in asked if normalise(name) in floor)
        rounds.append((resolved, time.perf_counter() - started))
    resolved, plain = statistics.median(r for r, _ in rounds), statistics.median(p for _, p in rounds)
    path = entity_file(work, 1000, size)
    started = time.perf_counter()
    [batch] = read_batches([path], model, settings, store)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = ingest_batch(store, batch, settings, on_failure="reject")
    ingest_seconds = time.perf_counter() - started
    assert result.status == "added", result.report and result.report.violations
    store.close()
    return {"size": size, "quads": quads, "index_seconds": index_seconds, "index_mib": index_bytes / 2**20,
            "per_name_us": resolved / len(asked) * 1e6, "floor_us": plain / len(asked) * 1e6, "found": found,
            "floor_hits": hits, "asked": len(asked), "read_seconds": read_seconds, "ingest_seconds": ingest_seconds}


def table(results: list[dict], command: str, entity_count: int) -> str:
    base = results[0]
    lines = [f"`{command}`: {entity_count:,} entities ({2 * entity_count:,} names) in an entity collection, "
             f"{base['asked']:,} names asked (a fifth each:"
             " exact, upper case, hyphenated, Cyrillic found by transliteration, unknown); then one entity file of "
             "1,000 organisations read (every name checked against the store), validated in context and written.", "",
             "| store (quads) | index built | index memory | per name | plain dict floor | ÷ floor | found | "
             "1,000 entities read | validated and written | × the smallest store |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        total, first = r["read_seconds"] + r["ingest_seconds"], base["read_seconds"] + base["ingest_seconds"]
        lines.append(f"| {r['quads']:,} | {r['index_seconds']:.2f} s | {r['index_mib']:.0f} MiB | "
                     f"{r['per_name_us']:.1f} µs | {r['floor_us']:.2f} µs | {r['per_name_us'] / r['floor_us']:.0f}× | "
                     f"{r['found']:,} of {r['asked']:,} | {r['read_seconds']:.2f} s | {r['ingest_seconds']:.2f} s | "
                     f"{total / first:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--write", type=Path, help="Replace this section of a Markdown file (docs/benchmarks.md).")
    args = parser.parse_args(argv)
    model = Model.load(DEFAULT_BASE)
    people, names = entities(args.entities)
    asked = questions(names, args.names)
    with tempfile.TemporaryDirectory() as folder:
        results = [measure(size, people, names, asked, Path(folder), model) for size in args.sizes]
    command = "python bench/names.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = table(results, command.strip(), args.entities)
    print(text)
    if args.write:
        begin, end = "<!-- bench/names.py: begin -->", "<!-- bench/names.py: end -->"
        page = args.write.read_text(encoding="utf-8")
        section = f"{begin}\n\n## Names: resolving and adding entities (bench/names.py)\n\n{text}\n{end}"
        if begin in page:
            page = page[:page.index(begin)] + section + page[page.index(end) + len(end):]
        else:
            page = page.rstrip("\n") + "\n\n" + section + "\n"
        args.write.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
