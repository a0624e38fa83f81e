"""Performance at scale: for each corpus size, ``kg build --rdf`` (triples/s, peak memory), ingesting new articles one
by one with validation (articles/s), every catalog query on the embedded store (median and p95) and on rdflib's
SPARQL engine over the same data (the naive stack, with ratios), ``kg validate --all``, and the remote path: the same
corpus built into a real ``oxigraph serve`` through the Graph Store Protocol, and the catalog answering there.

    python bench/run.py                                  # 10k, 100k and 1M triples, results into docs/benchmarks.md
    python bench/run.py --with-10m                       # and 10M (build, queries, ingest; no naive stack, no server)
    python bench/run.py --sizes 2000 --write /tmp/b.md   # a smoke run

The corpus is bench/generate.py's (deterministic). The store holds it plus the model and the seed article, whose
entities the catalog's example parameters (each query's first '# Example:' header line) name; each query also runs
with parameters naming synthetic entities (the "corpus" rows), so that both a fixed and a growing answer are
measured. The build runs as its own process (its peak memory is the process's); rdflib runs in its own process too,
once per query and under a timeout from 1M triples up (it is slow: see the tables). Sections between the markers in
the output file are replaced, the rest of the file is kept (bench/report.py writes them; bench/results.py holds what
was measured).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers: servers and kg started one way

from bench.generate import write as generate  # noqa: E402
from bench.report import report, write_report  # noqa: E402
from bench.results import SizeResult, Timing  # noqa: E402
from kg.api import KnowledgeGraph  # noqa: E402
from kg.catalog import load_catalog  # noqa: E402
from kg.config import ARTICLES_DIR, DEFAULT_BASE, Settings  # noqa: E402
from kg.factfile import FactFileReader  # noqa: E402
from kg.ingest import ingest_batch, ingest_files  # noqa: E402
from kg.model import Model  # noqa: E402
from kg.sparql import bind  # noqa: E402
from kg.store import EmbeddedStore, RemoteStore  # noqa: E402
from helpers import OxigraphServer  # noqa: E402

SEED = ARTICLES_DIR / "2022-12-20-hajun-russian-troops-south-belarus.yaml"


#: Parameters naming synthetic entities of bench/generate.py, for the queries whose examples name only the seed's.
CORPUS_PARAMETERS = {
    "entity_by_alias": {"name": "S3"},
    "claims_by_source": {"source": "Source 10"},
    "assessments_about": {"topic": "Unit 2"},
    "documents_citing": {"entity": "Unit 25"},
    "events_in_period": {"start": "2022-01-10", "end": "2022-01-16"},
    "meetings_of": {"person": "Unit 1"},
    "movements_toward": {"place": "Place 3"},
    "timeline": {"entity": "Unit 7"},
}


# --- measuring ---
def repeat(function, runs: int, budget: float) -> Timing:
    """Run ``function`` (which returns a row count) after one warm-up, ``runs`` times or until ``budget`` seconds
    of runs have passed, whichever comes first (at least once). A warm-up longer than half the budget is the one
    measurement (a cold run: the tables mark it)."""
    timing = Timing()
    try:
        started = time.perf_counter()
        timing.rows = function()
        first = time.perf_counter() - started
        if first > budget / 2:
            timing.times.append(first)
            timing.cold = True
        while len(timing.times) < runs and (not timing.times or sum(timing.times) < budget):
            started = time.perf_counter()
            timing.rows = function()
            timing.times.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 (a benchmark reports a failing query and goes on)
        timing.error = f"{type(exc).__name__}: {exc}"[:200]
    return timing


def run_child(args: list[str]) -> tuple[float, dict]:
    """Run this script as a worker process: its wall time and the JSON it prints last (which includes its own peak
    resident memory)."""
    started = time.perf_counter()
    process = subprocess.run([sys.executable, str(Path(__file__)), *args], capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{args[0]} failed ({process.returncode}): "
                           f"{process.stderr.decode(errors='replace')[-2000:]}")
    return elapsed, json.loads(process.stdout.decode().strip().splitlines()[-1])


def peak_memory() -> int:
    """This process's peak resident memory, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --- the data ---
def articles_directory(directory: Path) -> Path:
    """A directory holding the seed article (and its text) and a five-document relay chain (``relay_chain``): the
    fact files of the benchmark's builds."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, directory / SEED.name)
    for text in ARTICLES_DIR.glob("*.txt"):
        shutil.copy(text, directory / text.name)
    relay_chain(directory)
    return directory


#: The event of the relay chain every benchmark build holds (issue 14's measure: corroboration of an event with a
#: five-document relay chain, and contradictions for one event).
RELAY_CHAIN_EVENT = "bench-relay-chain"
RELAY_CHAIN_PUBLISHERS = ("Hajun", "The Economist", "ISW", "US State Department", "The Economist")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def relay_chain(directory: Path) -> list[Path]:
    """Five fact files that relay one report, each citing the one before (a monitoring group's post, then four
    outlets), about one event: tracing the last one to the first crosses five documents."""
    paths = []
    for k, publisher in enumerate(RELAY_CHAIN_PUBLISHERS):
        cites = (f"sources:\n  earlier: {{id: bench-relay-{k - 1}, type: news article, "
                 f"publisher: {RELAY_CHAIN_PUBLISHERS[k - 1]}}}\n" if k else "")
        text = (f"document:\n  id: bench-relay-{k}\n  type: {'social-media post' if k == 0 else 'news article'}\n"
                f"  title: Relay {k} of a convoy report\n  published: 2022-12-{21 + k}\n  publisher: {publisher}\n"
                f"  marking: TLP:CLEAR\n{cites}"
                f"events:\n  convoy:\n    id: {RELAY_CHAIN_EVENT}\n    type: movement\n"
                f"    label: A convoy relayed five times\n    actor: Russian Armed Forces\n    to: Belarus\n"
                f"    time: 2022-12-21\n"
                f"claims:\n  - claimant: Hajun\n    date: 2022-12-{21 + k}\n    about: convoy\n    status: occurred\n"
                f"    credibility: 2\n{'    cites: earlier' + chr(10) if k else ''}"
                f"    statement: A convoy moved to Belarus.\n    attribution-note: a benchmark fixture\n")
        path = directory / f"bench-relay-{k}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def article_variations(directory: Path, count: int, tag: str) -> list[Path]:
    """New fact files: the seed article under new document identifiers (new documents, same kind of content)."""
    directory.mkdir(parents=True, exist_ok=True)
    for text in ARTICLES_DIR.glob("*.txt"):
        shutil.copy(text, directory / text.name)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for k in range(count):
        varied, found = re.subn(r"^document:[ \t]*\n", f"document:\n  id: bench-{tag}-{k}\n", seed, count=1,
                                flags=re.MULTILINE)
        if not found:
            raise RuntimeError(f"{SEED} has no top-level 'document:' line to add an id to")
        path = directory / f"bench-{tag}-{k}.yaml"
        path.write_text(varied, encoding="utf-8")
        paths.append(path)
    return paths


def calls(only: list[str] | None = None) -> list[tuple[str, str, dict[str, str]]]:
    """(query, which parameters, parameters) for every catalog query (or those named in ``only``): the examples,
    and synthetic entities."""
    result = []
    for query in load_catalog().values():
        if only and query.name not in only:
            continue
        if query.examples:  # the first '# Example:' of the query's header
            result.append((query.name, "examples", dict(query.examples[0])))
        if query.name in CORPUS_PARAMETERS:
            result.append((query.name, "corpus", CORPUS_PARAMETERS[query.name]))
        if query.name in ("corroboration", "contradictions"):
            result.append((query.name, "relay chain", {"event": f"{DEFAULT_BASE}event/{RELAY_CHAIN_EVENT}"}))
    return result


def remote_store(server: OxigraphServer, timeout: float = 600) -> RemoteStore:
    """The store behind ``oxigraph serve``, through the SPARQL Protocol and the Graph Store Protocol."""
    return RemoteStore(server.query_url, server.update_url, server.store_url, timeout=timeout)


# --- the workers (child processes) ---
def build_worker(store: str, articles: str, corpus: str) -> None:
    from kg.build import build

    report = build(Settings(DEFAULT_BASE, Path(store)), articles=Path(articles), rdf=[corpus])
    print(json.dumps({"seconds": report.seconds, "load_seconds": report.load_seconds, "quads": report.quads,
                      "documents": len(report.documents), "rdf_bytes": report.rdf_bytes, "peak": peak_memory()}))


def query_worker(store: str, calls_file: str, runs: int, budget: float) -> None:
    """The catalog on the embedded store (read-only), one JSON line per call as soon as it is measured, so that the
    parent can stop a query that takes too long (Oxigraph cannot interrupt one) and go on with the next."""
    settings = Settings(DEFAULT_BASE, Path(store))
    graph = KnowledgeGraph(EmbeddedStore(settings.store_path, read_only=True), settings)
    begun = time.perf_counter()
    graph.resolve("Belarus")  # the label index, built once per session
    print(json.dumps({"resolver": time.perf_counter() - begun}), flush=True)
    for key, name, params in json.loads(Path(calls_file).read_text()):
        query, text = graph.catalog[name], None
        try:
            text = bind(query.text, query.bindings(params, graph.resolve))
        except Exception as exc:  # noqa: BLE001 (a synthetic name missing at a small size)
            timing = Timing(error=f"{type(exc).__name__}: {exc}"[:200])
        else:
            timing = repeat(lambda: len(graph.results(name, **params)), runs, budget)
        print(json.dumps({"key": key, "text": text, "timing": timing.as_json()}), flush=True)


def measure_queries(store: Path, todo: list[tuple[str, str, dict]], work: Path, args: argparse.Namespace
                    ) -> tuple[float, dict[str, Timing], dict[str, str]]:
    """Run the query worker; a call that takes longer than --query-timeout is stopped (the worker is killed and
    started again for the calls after it) and reported as timed out."""
    import queue
    import threading

    resolver, timings, texts = 0.0, {}, {}
    remaining = list(todo)
    while remaining:
        calls_file = work / "calls.json"
        calls_file.write_text(json.dumps(remaining))
        with (work / "query-worker.log").open("ab") as log_file:
            process = subprocess.Popen([sys.executable, str(Path(__file__)), "--query-worker", str(store),
                                        str(calls_file), str(args.repeat), str(args.budget)],
                                       stdout=subprocess.PIPE, stderr=log_file, text=True, cwd=ROOT)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: ([lines.put(line) for line in process.stdout], lines.put(None)),
                         daemon=True).start()
        started = False  # the worker's start (imports, the label index) is not any query's time
        try:
            while remaining:
                try:
                    line = lines.get(timeout=args.query_timeout + (0 if started else 300))
                    started = True
                except queue.Empty:
                    timings[remaining.pop(0)[0]] = Timing(timed_out=args.query_timeout)
                    break
                if line is None:  # the worker died: count it against the call it was running
                    timings[remaining.pop(0)[0]] = Timing(error=f"the query worker exited ({process.wait()})")
                    break
                data = json.loads(line)
                if "resolver" in data:
                    resolver = data["resolver"]
                    continue
                timings[data["key"]] = Timing.from_json(data["timing"])
                if data["text"]:
                    texts[data["key"]] = data["text"]
                remaining.pop(0)
        finally:
            process.kill()
            process.wait()
    return resolver, timings, texts


class _Timeout(Exception):
    pass


def naive_worker(dump: str, calls_file: str, timeout: float, runs: int, budget: float,
                 shacl_timeout: float = 0.0) -> None:
    """rdflib: the dump in a Dataset, each query run with rdflib's SPARQL engine (one run under ``timeout``); then,
    when ``shacl_timeout`` is set, pyshacl over the whole store at once (the naive ``kg validate --all``)."""
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    loaded = time.perf_counter() - started
    quads = sum(1 for _ in dataset.quads((None, None, None, None)))

    def alarm(*_):
        raise _Timeout()

    signal.signal(signal.SIGALRM, alarm)
    results = {}
    for key, text in json.loads(Path(calls_file).read_text()).items():
        timing = Timing()
        try:
            while len(timing.times) < runs and (not timing.times or sum(timing.times) < budget):
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    begun = time.perf_counter()
                    timing.rows = len(list(dataset.query(text)))
                    timing.times.append(time.perf_counter() - begun)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except _Timeout:
            timing.timed_out = timeout
        except Exception as exc:  # noqa: BLE001
            timing.error = f"{type(exc).__name__}: {exc}"[:200]
        results[key] = timing.as_json()
    shacl = whole_graph_shacl(dataset, shacl_timeout) if shacl_timeout else None
    print(json.dumps({"load_seconds": loaded, "quads": quads, "calls": results, "shacl": shacl,
                      "peak": peak_memory()}))


def whole_graph_shacl(dataset, timeout: float) -> dict:
    """pyshacl over the union of every graph with the project's shapes, no inference (as kg.shapes runs it)."""
    import pyshacl
    from rdflib import Graph

    from kg.shapes import load_shapes

    union = Graph()
    union.addN((s, p, o, union) for s, p, o, _ in dataset.quads((None, None, None, None)))
    shapes = load_shapes()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    begun = time.perf_counter()
    try:
        conforms, _, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", advanced=False,
                                          do_owl_imports=False, allow_warnings=True)
    except _Timeout:
        return {"timed_out": timeout}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"seconds": time.perf_counter() - begun, "conforms": bool(conforms)}


# --- one size ---
def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_size(size: int, work: Path, args: argparse.Namespace, model: Model) -> SizeResult:
    result = SizeResult(size)
    settings = Settings(DEFAULT_BASE, work / f"store-{size}" / "store")
    corpus = work / f"corpus-{size}.nq"
    started = time.perf_counter()
    generate(corpus, size)
    result.generate_seconds = time.perf_counter() - started
    with corpus.open("rb") as handle:
        result.corpus_lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(2**22), b""))
    log(f"{size:,}: corpus of {result.corpus_lines:,} quads in {result.generate_seconds:.1f} s; building")

    # build, in a process of its own (end to end as the command runs, and its own peak memory)
    articles = articles_directory(work / "articles")
    result.build_wall, result.build = run_child(["--build-worker", str(settings.store_path), str(articles),
                                                 str(corpus)])
    log(f"{size:,}: built {result.build['quads']:,} quads in {result.build_wall:.1f} s "
        f"(load {result.build['load_seconds']:.1f} s); queries")

    # the same quads for rdflib, before anything is ingested
    dump = work / f"naive-{size}.nq"
    if size <= args.naive_up_to:
        with EmbeddedStore(settings.store_path, read_only=True) as store:
            store.dump_file(dump)

    # the catalog on the embedded store, in a process that can be stopped
    todo = [(f"{name}|{which}", name, params) for name, which, params in calls(args.queries)]
    result.resolver_seconds, result.embedded, texts = measure_queries(settings.store_path, todo, work, args)
    texts = {key: text for key, text in texts.items() if key.endswith("|examples")}  # rdflib runs these only
    log(f"{size:,}: queries done; ingesting {args.articles} articles")

    # new articles, one by one, each validated in the context of the store, then written
    store = EmbeddedStore(settings.store_path)
    for path in article_variations(work / f"ingest-{size}", args.articles, f"ingest-{size}"):
        begun = time.perf_counter()
        [outcome] = ingest_files(store, [path], settings)
        result.ingest.append(time.perf_counter() - begun)
        result.ingest_statuses.append(outcome.status)
    store.close()
    log(f"{size:,}: ingested ({', '.join(sorted(set(result.ingest_statuses)))}); kg validate --all")

    # kg validate --all, for at most --validate-budget seconds (then extrapolated)
    result.validate = validate_all(settings, args.validate_budget)
    log(f"{size:,}: validated {result.validate['done']} of {result.validate['total']} in "
        f"{result.validate['seconds']:.1f} s")

    # kg export, every format, as partners get it (the whole store: TLP:RED)
    result.export = export_all(settings, work / f"export-{size}", args.export_timeout)
    timings = (f"{fmt}: {e['seconds']:.1f} s" if "seconds" in e else f"{fmt}: {e}" for fmt, e in result.export.items())
    log(f"{size:,}: exported ({', '.join(timings)})")

    # the naive stack: rdflib over the same quads
    if size <= args.naive_up_to:
        result.naive = naive(dump, work, size, texts, args)
    if size <= args.remote_up_to:
        slow = {key for key, t in result.embedded.items() if t.median is None}  # as slow there: not run
        result.remote, result.remote_queries = remote(corpus, model, settings, work, size, args, slow)
    shutil.rmtree(work / f"store-{size}", ignore_errors=True)
    if not args.keep:
        corpus.unlink(missing_ok=True)
    return result


class _Budget(Exception):
    pass


def validate_all(settings: Settings, budget: float) -> dict:
    from kg.validation_runs import validate_store

    state = {"done": 0, "total": 0}
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        if time.perf_counter() - started > budget and done < total:
            raise _Budget()

    reports = None
    try:
        reports = validate_store(settings, progress)
    except _Budget:
        pass
    elapsed = time.perf_counter() - started
    return {"done": state["done"], "total": state["total"], "seconds": elapsed, "complete": reports is not None,
            "failing": sum(1 for r in reports if not r.conforms()) if reports is not None else None}


def export_all(settings: Settings, directory: Path, timeout: float) -> dict[str, dict]:
    """``kg export --marking TLP:RED`` in every format, each a process of its own (end to end, as the command runs:
    the visible dataset, the data file, the dataset description, the ontology page, the checksums)."""
    from kg.export.formats import FORMAT_NAMES

    measured: dict[str, dict] = {}
    command = Path(sys.executable).parent / "kg"
    for fmt in FORMAT_NAMES:
        shutil.rmtree(directory, ignore_errors=True)
        started = time.perf_counter()
        try:
            done = subprocess.run([str(command), "export", "--marking", "TLP:RED", "--format", fmt, "-o",
                                   str(directory), "--store", str(settings.store_path)],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            measured[fmt] = {"timed_out": timeout}
            continue
        seconds = time.perf_counter() - started
        found = re.search(r"([\d,]+) triples", done.stdout)
        if done.returncode or not found:
            measured[fmt] = {"error": (done.stderr or done.stdout).strip()[-200:]}
            continue
        data = next(p for p in directory.iterdir() if p.name.startswith("data."))
        measured[fmt] = {"seconds": seconds, "triples": int(found.group(1).replace(",", "")),
                         "bytes": data.stat().st_size}
    shutil.rmtree(directory, ignore_errors=True)
    return measured


def naive(dump: Path, work: Path, size: int, texts: dict[str, str], args: argparse.Namespace) -> dict:
    """rdflib over the same quads: the built store's dump parsed into a Dataset, in a process of its own."""
    log(f"{size:,}: the naive stack (rdflib)")
    calls_file = work / f"naive-{size}.json"
    calls_file.write_text(json.dumps(texts))
    slow = size >= args.naive_single_from
    shacl = args.naive_shacl_timeout if size <= args.naive_shacl_up_to else 0.0
    wall, data = run_child(["--naive-worker", str(dump), str(calls_file), str(args.naive_timeout),
                            str(1 if slow else args.naive_repeat), str(args.naive_budget), str(shacl)])
    dump.unlink(missing_ok=True)
    data["calls"] = {k: Timing.from_json(v) for k, v in data["calls"].items()}
    data.update(wall=wall, single=slow)
    return data


def remote(corpus: Path, model: Model, settings: Settings, work: Path, size: int, args: argparse.Namespace,
           skip: set[str]) -> tuple[dict, dict[str, Timing]]:
    """The corpus into oxigraph serve through the Graph Store Protocol: standard (one transaction per request), and
    with Oxigraph's bulk loader (no_transaction); then the model and the seed article, and the catalog remotely."""
    from rdflib import URIRef

    log(f"{size:,}: the remote path (oxigraph serve)")
    measured = {}
    for mode, bulk in (("gsp", False), ("bulk", True)):
        location = work / f"server-{mode}-{size}"
        shutil.rmtree(location, ignore_errors=True)
        server = OxigraphServer(location=location)
        try:
            store = remote_store(server)
            started = time.perf_counter()
            store.load_file(corpus, bulk=bulk)
            measured[mode] = time.perf_counter() - started
            if mode != "bulk":
                continue
            store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                             (URIRef(settings.graph("reference")), model.reference)])
            ingest_batch(store, FactFileReader(model).read(SEED), settings, validate=False)
            for path in relay_chain(_mkdir(work / f"relay-chain-{size}")):  # as the embedded builds hold it
                ingest_batch(store, FactFileReader(model).read(path), settings, validate=False)
            measured["quads"] = len(store)
            graph = KnowledgeGraph(remote_store(server, args.query_timeout), settings)
            queries = {}
            for name, which, params in calls(args.queries):
                if f"{name}|{which}" in skip:
                    continue
                queries[f"{name}|{which}"] = repeat(lambda: len(graph.results(name, **params)), args.remote_repeat,
                                                    args.budget)
        finally:
            server.stop()
            shutil.rmtree(location, ignore_errors=True)
    return measured, queries


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--build-worker"]:
        return build_worker(*argv[1:])
    if argv[:1] == ["--query-worker"]:
        store, calls_file, runs, budget = argv[1:]
        return query_worker(store, calls_file, int(runs), float(budget))
    if argv[:1] == ["--naive-worker"]:
        dump, calls_file, timeout, runs, budget, shacl = argv[1:]
        return naive_worker(dump, calls_file, float(timeout), int(runs), float(budget), float(shacl))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--with-10m", action="store_true", help="also 10,000,000 triples (several minutes)")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these catalog queries (default: all)")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query on the embedded store")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds of runs per query, at most")
    parser.add_argument("--query-timeout", type=float, default=60.0,
                        help="seconds one catalog query (all its runs) may take on the embedded store")
    parser.add_argument("--articles", type=int, default=10, help="new articles to ingest per size")
    parser.add_argument("--validate-budget", type=float, default=45.0, help="seconds of kg validate --all per size")
    parser.add_argument("--export-timeout", type=float, default=600.0, help="seconds one kg export may take")
    parser.add_argument("--naive-up-to", type=int, default=1_000_000, help="run rdflib up to this size")
    parser.add_argument("--naive-single-from", type=int, default=100_000,
                        help="from this size, one rdflib run per query under --naive-timeout")
    parser.add_argument("--naive-timeout", type=float, default=15.0, help="seconds an rdflib query may take")
    parser.add_argument("--naive-shacl-up-to", type=int, default=1_000_000,
                        help="run whole-graph pyshacl (the naive validate --all) up to this size")
    parser.add_argument("--naive-shacl-timeout", type=float, default=600.0,
                        help="seconds whole-graph pyshacl may take")
    parser.add_argument("--naive-repeat", type=int, default=5)
    parser.add_argument("--naive-budget", type=float, default=5.0)
    parser.add_argument("--remote-up-to", type=int, default=1_000_000, help="run the remote path up to this size")
    parser.add_argument("--remote-repeat", type=int, default=10)
    parser.add_argument("--workdir", type=Path, help="where corpora and stores go (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--write", type=Path, default=ROOT / "docs" / "benchmarks.md",
                        help="the Markdown file whose bench/run.py section is replaced (default docs/benchmarks.md)")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([10_000_000] if args.with_10m else [])))
    command = "python bench/run.py" + (" " + " ".join(argv) if argv else "")
    loads = [os.getloadavg()[0]]
    started = time.perf_counter()
    model = Model.load(DEFAULT_BASE)
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)  # a folder named for the run may not exist yet
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        results = [run_size(size, Path(tmp), args, model) for size in sizes]
    loads.append(os.getloadavg()[0])
    text = report(results, args, command, tuple(loads), time.perf_counter() - started)
    print(text)
    if args.write:
        write_report(args.write, text)


if __name__ == "__main__":
    main()
