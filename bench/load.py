"""Under load: `kg serve` and readers of the live store keep answering while `kg ingest` writes to the same store
(one writer, many readers). Bounded: a fixed number of ingests and of requests, on 127.0.0.1 only.

    python bench/load.py --ingests 40 --clients 4 --requests 100 --write docs/benchmarks.md

A store is built from data/articles; `kg serve` starts on it (TLP:RED, a free loopback port); then, at the same
time, one process ingests synthetic articles one by one (`kg ingest`, a process each) while client threads query:
half of them the HTTP SPARQL endpoint, half the live store itself (opened read-only per request, as `kg query`
does). At the end: no request failed, every synthetic document is in the store exactly once, and ingesting them all
again changes nothing. `kg serve` answers from the snapshot it took at start (docs/serve.md): the live-store
readers are the ones that see the new documents arrive.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers: servers and kg started one way

from kg.api import open as open_graph  # noqa: E402
from helpers import KgServe, run_kg  # noqa: E402

COUNT_DOCUMENTS = ("SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { GRAPH ?meta { ?doc "
                   "<https://w3id.org/osint-kg/ontology#contentDigest> ?digest } }")


@dataclass
class LoadReport:
    ingests: int
    ingest_seconds: list[float] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"endpoint": [], "live store": []})
    errors: list[str] = field(default_factory=list)
    documents_before: int = 0
    documents_after: int = 0
    duplicated: int = 0
    lost: int = 0
    unchanged_on_repeat: bool = False
    seen_growing: bool = False

    def summary(self) -> dict[str, object]:
        def pct(values: list[float], q: float) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

        return {
            "errors": len(self.errors),
            "ingests": self.ingests,
            "ingest_median_s": statistics.median(self.ingest_seconds) if self.ingest_seconds else None,
            **{f"{kind}_{name}_ms": round(pct(values, q), 1)
               for kind, values in self.latencies.items() for name, q in (("p50", 0.5), ("p95", 0.95))},
            "requests": {kind: len(values) for kind, values in self.latencies.items()},
            "lost": self.lost, "duplicated": self.duplicated, "unchanged_on_repeat": self.unchanged_on_repeat,
        }


def synthetic_articles(folder: Path, count: int) -> list[Path]:
    """Small textless fact files, each its own document (by id), all reporting one shared event."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"load-{number:04d}.yaml"
        path.write_text(
            f"document:\n  id: load-test-{number:04d}\n  type: news article\n  title: Load test report {number}\n"
            f"  published: 2023-03-{1 + number % 28:02d}\n  publisher: The Economist\n  marking: TLP:CLEAR\n"
            "events:\n  convoy:\n    id: load-test-convoy\n    type: movement\n    label: A load-test convoy\n"
            "    actor: Russian Armed Forces\n    to: Belarus\n    time: 2023-03-01\n"
            f"claims:\n  - claimant: The Economist\n    date: 2023-03-{1 + number % 28:02d}\n    about: convoy\n"
            f"    status: occurred\n    credibility: 3\n    statement: Report {number} of the convoy.\n"
            "    attribution-note: synthetic load-test article\n", encoding="utf-8")
        paths.append(path)
    return paths


def _count(store: Path) -> int:
    with open_graph(store, read_only=True) as graph:
        return int(graph.store.select(COUNT_DOCUMENTS).rows[0][0])


def run_load(workdir: Path, ingests: int, clients: int, requests: int) -> LoadReport:
    store = workdir / "store"
    done = run_kg("build", "--store", store, cwd=workdir)
    if done.returncode:
        raise RuntimeError(f"kg build failed: {done.stderr}")
    articles = synthetic_articles(workdir / "articles", ingests)
    report = LoadReport(ingests, documents_before=_count(store))
    server = KgServe(store, workdir / "serve.log", "--marking", "TLP:RED")
    endpoint = server.sparql_url
    try:
        lock = threading.Lock()
        counts_seen: list[int] = []

        def writer() -> None:
            for path in articles:
                started = time.perf_counter()
                result = run_kg("ingest", path, "--store", store, cwd=workdir)
                with lock:
                    report.ingest_seconds.append(time.perf_counter() - started)
                    if result.returncode != 0:
                        report.errors.append(f"ingest {path.name}: exit {result.returncode}: {result.stderr[:300]}")

        def endpoint_client() -> None:
            query = urllib.parse.urlencode({"query": COUNT_DOCUMENTS}).encode()
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    request = urllib.request.Request(endpoint, data=query, headers={
                        "Accept": "application/sparql-results+json",
                        "Content-Type": "application/x-www-form-urlencoded"})
                    with urllib.request.urlopen(request, timeout=30) as response:
                        json.loads(response.read())["results"]["bindings"][0]["n"]["value"]
                    with lock:
                        report.latencies["endpoint"].append(time.perf_counter() - started)
                except Exception as exc:  # every failure is counted, none is allowed
                    with lock:
                        report.errors.append(f"endpoint: {exc!r}")

        def store_reader() -> None:
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    n = _count(store)
                    with lock:
                        report.latencies["live store"].append(time.perf_counter() - started)
                        counts_seen.append(n)
                except Exception as exc:
                    with lock:
                        report.errors.append(f"live store: {exc!r}")

        threads = [threading.Thread(target=writer)]
        threads += [threading.Thread(target=endpoint_client if i % 2 == 0 else store_reader) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.seen_growing = len(set(counts_seen)) > 1
    finally:
        server.stop()
    with open_graph(store, read_only=True) as graph:
        rows = graph.store.select(
            "SELECT ?doc (COUNT(?digest) AS ?n) WHERE { GRAPH ?meta { ?doc "
            "<https://w3id.org/osint-kg/ontology#contentDigest> ?digest } } GROUP BY ?doc").rows
        ids = {str(doc).rsplit("/", 1)[-1]: int(n) for doc, n in rows}
        graphs = {str(g) for g in graph.store.graph_names()}
    wanted = [f"load-test-{i:04d}" for i in range(ingests)]
    report.lost = sum(1 for w in wanted if w not in ids or not any(g.endswith("/" + w) for g in graphs))
    report.duplicated = sum(1 for w in wanted if ids.get(w, 0) > 1)
    report.documents_after = _count(store)
    again = run_kg("ingest", *articles, "--store", store, cwd=workdir)
    report.unchanged_on_repeat = again.returncode == 0 and all(
        line.startswith("unchanged") for line in again.stdout.splitlines() if line.strip())
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ingests", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=100, help="requests per client")
    parser.add_argument("--write", type=Path, help="append the results as a Markdown section to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        report = run_load(Path(tmp), args.ingests, args.clients, args.requests)
    summary = report.summary()
    print(json.dumps(summary, indent=2))
    if args.write:
        lines = ["", "## Under load: serving and reading while ingesting", "",
                 f"`python bench/load.py --ingests {args.ingests} --clients {args.clients} --requests {args.requests}`"
                 f" on {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}: one "
                 f"`kg ingest` process after another ({args.ingests} synthetic articles) while {args.clients} clients "
                 f"send {args.requests} requests each, half to `kg serve`'s SPARQL endpoint, half to the live store "
                 "opened read-only.", "",
                 "| readers | requests | p50 | p95 |", "|---|---:|---:|---:|"]
        for kind in report.latencies:
            lines.append(f"| {kind} | {summary['requests'][kind]} | {summary[f'{kind}_p50_ms']} ms | "
                         f"{summary[f'{kind}_p95_ms']} ms |")
        lines += ["", f"Errors: {summary['errors']}. Documents lost: {summary['lost']}, duplicated: "
                      f"{summary['duplicated']}; ingesting all {args.ingests} again changed nothing: "
                      f"{summary['unchanged_on_repeat']}. Median `kg ingest` (a process each, validation included): "
                      f"{summary['ingest_median_s']:.2f} s. The live-store readers saw the document count grow "
                      f"during the run: {report.seen_growing}. `kg serve` answers from the snapshot it took at start.",
                  ""]
        with args.write.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines))
    if report.errors or report.lost or report.duplicated or not report.unchanged_on_repeat:
        print("\n".join(report.errors[:20]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
