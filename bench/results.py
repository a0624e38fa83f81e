"""What one benchmark run measured, shared by the runner (bench/run.py) and the report writer (bench/report.py):
one query's timings, everything measured at one corpus size, the markers of the report's section and the targets it
is judged by."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

__all__ = ["Timing", "SizeResult", "BEGIN", "END", "TARGET_QUERY_MS", "TARGET_RATIO", "TARGET_INGEST_S",
           "TARGET_BUILD_RATE"]

#: The markers around the section bench/run.py writes into docs/benchmarks.md (the rest of the file is kept).
BEGIN, END = "<!-- bench/run.py: begin -->", "<!-- bench/run.py: end -->"
#: A catalog query's median, the ratio to rdflib, one ingest, the build rate end to end.
TARGET_QUERY_MS, TARGET_RATIO, TARGET_INGEST_S, TARGET_BUILD_RATE = 50, 20, 1.0, 300_000


@dataclass
class Timing:
    """One query's runs: their times, the rows of the last, or why there are none."""

    times: list[float] = field(default_factory=list)
    rows: int | None = None
    timed_out: float | None = None  # the timeout, when the one run did not finish in it
    error: str | None = None
    cold: bool = False  # one run only, without a warm-up (it was slow)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def as_json(self) -> dict:
        return {"times": self.times, "rows": self.rows, "timed_out": self.timed_out, "error": self.error,
                "cold": self.cold}

    @classmethod
    def from_json(cls, data: dict) -> "Timing":
        return cls(data["times"], data["rows"], data["timed_out"], data["error"], data.get("cold", False))


@dataclass
class SizeResult:
    """Everything measured at one corpus size."""

    size: int
    corpus_lines: int = 0
    generate_seconds: float = 0.0
    build: dict = field(default_factory=dict)
    build_wall: float = 0.0
    resolver_seconds: float = 0.0
    embedded: dict[str, Timing] = field(default_factory=dict)
    rows: dict[str, int | None] = field(default_factory=dict)
    ingest: list[float] = field(default_factory=list)
    ingest_statuses: list[str] = field(default_factory=list)
    validate: dict = field(default_factory=dict)
    naive: dict = field(default_factory=dict)
    remote: dict = field(default_factory=dict)
    remote_queries: dict[str, Timing] = field(default_factory=dict)
    export: dict[str, dict] = field(default_factory=dict)
