"""A bounded load test on 127.0.0.1: `kg serve` and readers of the live store keep answering while `kg ingest`
writes one article after another to the same store; no request fails, no document is lost or duplicated
(bench/load.py; its full run's figures are in docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path

from bench.load import run_load


def test_serving_and_reading_while_ingesting(tmp_path: Path) -> None:
    report = run_load(tmp_path, ingests=3, clients=2, requests=8)
    assert report.errors == []
    assert len(report.latencies["endpoint"]) == 8 and len(report.latencies["live store"]) == 8
    assert (report.lost, report.duplicated) == (0, 0)
    assert report.documents_after == report.documents_before + 3
    assert report.unchanged_on_repeat
