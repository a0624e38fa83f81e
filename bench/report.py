"""The report of a benchmark run: the Markdown section bench/run.py writes into docs/benchmarks.md, one function per
table, and the targets each run is judged by. It reads what was measured (bench/results.py) and measures nothing."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from bench.results import (BEGIN, END, TARGET_BUILD_RATE, TARGET_INGEST_S, TARGET_QUERY_MS, TARGET_RATIO, SizeResult,
                           Timing)

__all__ = ["report", "targets", "write_report", "label"]


def label(size: int) -> str:
    """10k, 100k, 1M: a corpus by its nominal size."""
    for unit, factor in (("M", 1_000_000), ("k", 1_000)):
        if size >= factor:
            return f"{size / factor:g}{unit}"
    return str(size)


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    value = seconds * 1000
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def cell(t: Timing | None, p95: bool = False) -> str:
    """A measurement in a table: median (and p95) in ms, '> N s' for a timeout, 'error' for a failure."""
    if t is None:
        return "—"
    if t.timed_out:
        return f"> {t.timed_out:g} s"
    if t.median is None:
        return "error"
    text = f"{ms(t.median)} / {ms(t.p95)}" if p95 else ms(t.median)
    return text + (" (1 run)" if t.cold else "")


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds else "—"


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB" if value > 0 else "—"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    versions = ", ".join(f"{p} {version(p)}" for p in ("pyoxigraph", "rdflib", "pyshacl"))
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, {versions}")


def report(results: list[SizeResult], args: argparse.Namespace, command: str, loads: tuple, elapsed: float) -> str:
    """The Markdown section for docs/benchmarks.md, between BEGIN and END."""
    out = [BEGIN, "", "## Performance at scale (bench/run.py)", "",
           f"`{command}` on {time.strftime('%Y-%m-%d')}: {machine()}. The whole run took {elapsed / 60:.1f} min; "
           f"load average {loads[0]:.2f} when it started and {loads[1]:.2f} when it ended (the machine is shared: "
           "other processes take CPU, so rates vary by ±20% between runs).", "",
           "Each store holds the synthetic corpus (bench/generate.py), the model (ontology and reference data) and "
           "the seed article, built by `kg build --rdf` in a process of its own.", ""]
    for section in (_build(results), _queries(results, args), _naive_queries(results, args), _ingest(results, args),
                    _validate_all(results, args), _export(results), _remote(results, args)):
        out += section
    out += ["", targets(results, args), "", END]
    return "\n".join(out) + "\n"


def _build(results: list[SizeResult]) -> list[str]:
    """`kg build --rdf`, and rdflib loading the same quads."""
    naive_rows = [r for r in results if r.naive]
    out = ["### Build: `kg build --rdf corpus.nq`", "",
            "| corpus | quads in the file | in the store | generate | build, end to end | triples/s end to end | "
            "bulk load alone | triples/s bulk load | peak memory |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        load = r.build["load_seconds"]
        out.append(f"| {label(r.size)} | {r.corpus_lines:,} | {r.build['quads']:,} | {r.generate_seconds:.1f} s | "
                   f"{r.build_wall:.1f} s "
                   f"| {rate(r.build['quads'], r.build_wall)} | {load:.1f} s | {rate(r.corpus_lines, load)} | "
                   f"{mib(r.build['peak'])} |")
    out += ["", "End to end is the process's wall time: starting Python, loading the model, bulk-loading the corpus "
                "(N-Quads in one part per core, side by side), validating and writing the seed article, counting "
                "the quads and swapping the store in. Peak memory is the build process's maximum resident set."]
    naive_rows = [r for r in results if r.naive]
    if naive_rows:
        out += ["", "The naive stack loads the same quads into an rdflib `Dataset`:", "",
                "| corpus | quads | rdflib parse | triples/s | peak memory | kg build's bulk load, triples/s | "
                "÷ rdflib |", "|---|---:|---:|---:|---:|---:|---:|"]
        for r in naive_rows:
            mine = r.corpus_lines / r.build["load_seconds"]
            theirs = r.naive["quads"] / r.naive["load_seconds"]
            out.append(f"| {label(r.size)} | {r.naive['quads']:,} | {r.naive['load_seconds']:.1f} s | {theirs:,.0f} | "
                       f"{mib(r.naive['peak'])} | {mine:,.0f} | {mine / theirs:.0f}× |")
    return out


def _queries(results: list[SizeResult], args: argparse.Namespace) -> list[str]:
    """The catalog on the embedded store, median / p95 at each size."""
    sizes = [r.size for r in results]
    first, last = results[0], results[-1]
    keys = list(first.embedded)
    out: list[str] = []
    out += ["", "### Catalog queries on the embedded store", "",
            f"Median / p95 in ms over up to {args.repeat} runs after one warm-up (fewer when the runs of a query "
            f"pass {args.budget:g} s), through `KnowledgeGraph.results` (binding, Oxigraph, conversion to rdflib "
            "terms). *examples*: each query's first `# Example:` header line (seed entities; several also match "
            "synthetic data); "
            "*corpus*: synthetic entities. The label index that resolves names is built once per session: "
            + ", ".join(f"{r.resolver_seconds * 1000:,.0f} ms at {r.build['quads']:,} quads" for r in results) + ".",
            "", "| query | " + " | ".join(f"{label(s)}: median / p95" for s in sizes) + " | rows | × from smallest |",
            "|---|" + "---:|" * (len(sizes) + 2)]
    for key in keys:
        cells = []
        for r in results:
            cells.append(cell(r.embedded.get(key), p95=True))
        t0, t1 = first.embedded.get(key), last.embedded.get(key)
        growth = (f"{t1.median / t0.median:.1f}×" if t0 and t1 and t0.median and t1.median else "—")
        before = t0.rows if t0 and t0.rows is not None else "—"
        rows = "—" if t1 is None or t1.rows is None else f"{before} → {t1.rows}"
        out.append(f"| {key.replace('|', ' · ')} | " + " | ".join(cells) + f" | {rows} | {growth} |")
    errors = {key: r.embedded[key].error for r in results for key in keys if key in r.embedded and
              r.embedded[key].error}
    if errors:
        out += [""] + [f"- {key.replace('|', ' · ')}: {error}" for key, error in errors.items()]
    return out


def _naive_queries(results: list[SizeResult], args: argparse.Namespace) -> list[str]:
    """rdflib's SPARQL engine over the same quads, and its ratio to Oxigraph."""
    keys = list(results[0].embedded)
    naive_rows = [r for r in results if r.naive]
    out: list[str] = []
    if naive_rows:
        out += ["", "### The naive stack: rdflib's SPARQL engine over the same quads", "",
                f"Median in ms (runs: up to {args.naive_repeat} within {args.naive_budget:g} s; from "
                f"{label(args.naive_single_from)} one run; each under a {args.naive_timeout:g} s timeout) and "
                "rdflib ÷ Oxigraph, for the *examples* parameters. A query that did not finish shows its timeout, "
                "and the ratio is then a lower bound.", "",
                "| query | " + " | ".join(f"{label(r.size)}: rdflib | ÷ Oxigraph" for r in naive_rows) + " |",
                "|---|" + "---:|---:|" * len(naive_rows)]
        for key in [k for k in keys if k.endswith("|examples")]:
            cells = []
            for r in naive_rows:
                t, e = r.naive["calls"].get(key), r.embedded.get(key)
                if t is None or (t.error and not t.times):
                    cells += ["error" if t else "—", "—"]
                    continue
                mine = e.median if e and e.median else None
                if t.timed_out:
                    cells += [f"> {t.timed_out * 1000:,.0f}", f"> {t.timed_out / mine:,.0f}×" if mine else "—"]
                else:
                    mismatch = " (rows differ)" if e and e.rows != t.rows else ""
                    cells += [ms(t.median) + mismatch, f"{t.median / mine:,.0f}×" if mine else "—"]
            out.append(f"| {key.replace('|', ' · ')} | " + " | ".join(cells) + " |")
        naive_errors = {key: t.error for r in naive_rows for key, t in r.naive["calls"].items() if t.error}
        if naive_errors:
            out += ["", "rdflib failed on:"] + [f"- {key.replace('|', ' · ')}: {error}"
                                               for key, error in naive_errors.items()]
    return out


def _ingest(results: list[SizeResult], args: argparse.Namespace) -> list[str]:
    """New articles ingested one by one, with validation."""
    out: list[str] = []
    out += ["", "### Ingesting new articles one by one, with validation", "",
            f"{args.articles} new fact files (the seed article under new document identifiers: 536 triples each), each "
            "read, validated in the context of the store (kg.validation) and written in one transaction "
            "(`kg.ingest.ingest_files`, as `kg ingest` does).", "",
            "| corpus | store (quads) | median per article | slowest | articles/s | outcome |",
            "|---|---:|---:|---:|---:|---|"]
    for r in results:
        statuses = ", ".join(f"{r.ingest_statuses.count(s)} {s}" for s in sorted(set(r.ingest_statuses)))
        out.append(f"| {label(r.size)} | {r.build['quads']:,} | {ms(statistics.median(r.ingest))} ms | "
                   f"{ms(max(r.ingest))} ms | "
                   f"{len(r.ingest) / sum(r.ingest):.2f} | {statuses} |")
    return out


def _validate_all(results: list[SizeResult], args: argparse.Namespace) -> list[str]:
    """`kg validate --all`, and whole-graph pyshacl beside it."""
    out: list[str] = []
    out += ["", "### `kg validate --all`", "",
            f"Every document revalidated in the context of the rest (`kg.validation_runs.validate_store`), for at most "
            f"{args.validate_budget:g} s per store; past that, the total is extrapolated from the documents done.", "",
            "The naive stack validates the whole store at once: pyshacl over the union of its graphs with the same "
            "shapes (no inference), in the rdflib process of the naive queries.", "",
            "| corpus | documents | validated | time | documents/s | whole store (estimated) | "
            "whole-graph pyshacl | ÷ whole store |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        v = r.validate
        per = v["done"] / v["seconds"] if v["seconds"] and v["done"] else 0
        estimate = v["seconds"] if v["complete"] else (v["total"] / per if per else None)
        whole = f"{v['seconds']:.0f} s" if v["complete"] else (f"~{estimate:,.0f} s" if per else "—")
        state = f"{v['done']:,}" + ("" if v["complete"] else " (stopped)")
        if v["complete"]:
            state += f", {v['failing']} failing"
        shacl = (r.naive or {}).get("shacl") or {}
        if "seconds" in shacl:
            naive_cells = f"{shacl['seconds']:.1f} s | {shacl['seconds'] / estimate:.2f}" if estimate else \
                f"{shacl['seconds']:.1f} s | —"
        elif "timed_out" in shacl:
            naive_cells = f"> {shacl['timed_out']:.0f} s | —"
        else:
            naive_cells = "not run | —"
        out.append(f"| {label(r.size)} | {v['total'] - 1:,} + reference data | {state} | {v['seconds']:.1f} s "
                   f"| {per:.1f} | {whole} | {naive_cells} |")
    return out


def _export(results: list[SizeResult]) -> list[str]:
    """`kg export` in every format."""
    out: list[str] = []
    formats = list(dict.fromkeys(f for r in results for f in r.export))
    if formats:
        out += ["", "### `kg export --marking TLP:RED`, every format", "",
                "Each format in a process of its own, end to end as the command runs: copying what the level may see "
                "out of the store, writing the data file, the dataset description (VoID, DCAT), the ontology page and "
                "the checksums. Triples/s counts the triples exported (the whole store at TLP:RED, with the shapes).",
                "", "| format | " + " | ".join(f"{label(r.size)}: time | triples/s" for r in results) + " |",
                "|---|" + "---:|---:|" * len(results)]
        for fmt in formats:
            cells = []
            for r in results:
                e = r.export.get(fmt, {})
                if "seconds" in e:
                    cells += [f"{e['seconds']:.1f} s", rate(e["triples"], e["seconds"])]
                elif "timed_out" in e:
                    cells += [f"> {e['timed_out']:.0f} s", "—"]
                else:
                    cells += ["error" if e else "not run", "—"]
            out.append(f"| {fmt} | " + " | ".join(cells) + " |")
    return out


def _remote(results: list[SizeResult], args: argparse.Namespace) -> list[str]:
    """The remote path: loading through the Graph Store Protocol, and the catalog answering there."""
    keys = list(results[0].embedded)
    out: list[str] = []
    remote_rows = [r for r in results if r.remote]
    if remote_rows:
        out += ["", "### The remote path: `oxigraph serve` (data on disk) through the Graph Store Protocol", "",
                "`RemoteStore.load_file` streams the N-Quads in chunks of whole lines (32 MiB, two requests at a "
                "time) to the graph store. *Standard*: each request one transaction on the server. *Bulk*: "
                "Oxigraph's `no_transaction` parameter (its bulk loader; not atomic, Oxigraph only).", "",
                "| corpus | embedded bulk load, triples/s | GSP standard | triples/s | ÷ embedded | "
                "GSP bulk | triples/s | ÷ embedded |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in remote_rows:
            embedded = r.corpus_lines / r.build["load_seconds"]
            g, b = r.remote["gsp"], r.remote["bulk"]
            out.append(f"| {label(r.size)} | {embedded:,.0f} | {g:.1f} s | {rate(r.corpus_lines, g)} | "
                       f"{r.corpus_lines / g / embedded:.2f} | {b:.1f} s | {rate(r.corpus_lines, b)} | "
                       f"{r.corpus_lines / b / embedded:.2f} |")
        out += ["", "The catalog answering remotely (SPARQL Protocol through SPARQLWrapper; median ms over up to "
                    f"{args.remote_repeat} runs; ratio to the embedded median):", "",
                "| query | " + " | ".join(f"{label(r.size)}: remote | ÷ embedded" for r in remote_rows) + " |",
                "|---|" + "---:|---:|" * len(remote_rows)]
        for key in keys:
            cells = []
            for r in remote_rows:
                t, e = r.remote_queries.get(key), r.embedded.get(key)
                if t is None:
                    cells += ["not run", "—"]
                elif t.median is None:
                    cells += ["error", "—"]
                else:
                    mismatch = " (rows differ)" if e and e.rows != t.rows else ""
                    cells += [ms(t.median) + mismatch, f"{t.median / e.median:.1f}" if e and e.median else "—"]
            out.append(f"| {key.replace('|', ' · ')} | " + " | ".join(cells) + " |")
    return out


def targets(results: list[SizeResult], args: argparse.Namespace) -> str:
    first, last = results[0], results[-1]
    lines = [f"### Targets at {label(last.size)} ({last.corpus_lines:,} quads), and growth from {label(first.size)}",
             ""]
    slow = [(k, t.median) for k, t in last.embedded.items() if t.median and t.median * 1000 >= TARGET_QUERY_MS]
    failed = [k for k, t in last.embedded.items() if t.median is None]
    lines.append(f"- Every catalog query's median under {TARGET_QUERY_MS} ms: "
                 + ("**met**" if not slow and not failed else "**missed** by "
                    + ", ".join(f"{k.replace('|', ' · ')} ({ms(m)} ms)" for k, m in slow)
                    + (f"; not measured (timed out or failed): {', '.join(k.replace('|', ' · ') for k in failed)}"
                       if failed else "")))
    if last.naive:
        ratios = []
        for key, t in last.naive["calls"].items():
            e = last.embedded.get(key)
            if e and e.median and (t.times or t.timed_out):
                ratios.append((key, (t.timed_out or statistics.median(t.times)) / e.median, bool(t.timed_out)))
        low = [(k, r) for k, r, bound in ratios if r < TARGET_RATIO and not bound]
        unknown = [(k, r) for k, r, bound in ratios if r < TARGET_RATIO and bound]
        finished = [r for _, r, bound in ratios if not bound]
        verdict = "**met**" if not low and not unknown else "**missed**" if low else "**not shown**"
        lines.append(f"- At least {TARGET_RATIO}× faster than rdflib on every query: {verdict}"
                     + (" by " + ", ".join(f"{k.replace('|', ' · ')} ({r:.0f}×)" for k, r in low) if low else "")
                     + (f"; lowest finished ratio {min(finished):,.0f}×" if finished else "")
                     + ("; where rdflib hit its timeout the ratio is only a lower bound, under "
                        f"{TARGET_RATIO}× for " + ", ".join(f"{k.replace('|', ' · ')} (> {r:.1f}×)"
                                                            for k, r in unknown) if unknown else ""))
    else:
        lines.append("- Ratio to rdflib: not measured at this size (see --naive-up-to).")
    worst = max(last.ingest)
    lines.append(f"- One article ingested with validation under {TARGET_INGEST_S:g} s: "
                 + ("**met**" if worst < TARGET_INGEST_S else "**missed**")
                 + f" (median {ms(statistics.median(last.ingest))} ms, slowest {ms(worst)} ms)")
    load_rate = last.corpus_lines / last.build["load_seconds"]
    end_rate = last.build["quads"] / last.build_wall
    lines.append(f"- Build at {TARGET_BUILD_RATE:,} triples/s end to end: "
                 + ("**met**" if end_rate >= TARGET_BUILD_RATE else "**missed**")
                 + f" ({end_rate:,.0f} end to end, {load_rate:,.0f} for the bulk load alone)")
    if last.remote:
        ratio = last.corpus_lines / last.remote["gsp"] / load_rate
        bulk = last.corpus_lines / last.remote["bulk"] / load_rate
        lines.append(f"- Remote build at no less than half the embedded bulk rate: standard GSP {ratio:.2f}× "
                     f"({'met' if ratio >= 0.5 else 'missed'}), with Oxigraph's bulk loader {bulk:.2f}× "
                     f"({'met' if bulk >= 0.5 else 'missed'})")
    if len(results) > 1:
        scale = last.corpus_lines / first.corpus_lines
        lines += ["", f"Growth of each cost from {label(first.size)} to {label(last.size)} "
                      f"({first.corpus_lines:,} → {last.corpus_lines:,} quads, ×{scale:,.0f}):", "",
                  f"| cost | {label(first.size)} | {label(last.size)} | growth |", "|---|---:|---:|---:|"]

        def row(name, a, b, unit="ms"):
            lines.append(f"| {name} | {ms(a)} {unit} | {ms(b)} {unit} | {b / a:.1f}× |" if a and b else
                         f"| {name} | — | — | — |")

        row("build, end to end", first.build_wall, last.build_wall)
        row("bulk load, per million triples", first.build["load_seconds"] / first.corpus_lines * 1e6,
            last.build["load_seconds"] / last.corpus_lines * 1e6)
        row("ingest one article (median)", statistics.median(first.ingest), statistics.median(last.ingest))
        row("validate --all, per document", first.validate["seconds"] / max(first.validate["done"], 1),
            last.validate["seconds"] / max(last.validate["done"], 1))
        row("label index (once per session)", first.resolver_seconds, last.resolver_seconds)
        for key in first.embedded:
            a, b = first.embedded[key].median, last.embedded.get(key, Timing()).median
            row(f"query {key.replace('|', ' · ')}", a, b)
    return "\n".join(lines)


def write_report(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text.rstrip("\n") + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.write_text(new if new.endswith("\n") else new + "\n", encoding="utf-8")


