"""The library's one exception tree. The library raises; only the CLI turns these into messages and exit codes.

    KGError
    ├── InputError          unreadable or invalid input (a fact file, an RDF file)       → exit 3
    │   └── FactFileError   a fact file breaks the format: file, line, key, what was expected
    ├── ValidationFailed    input is well-formed but does not conform to the model        → exit 1
    ├── ModelError          the ontology or reference data itself is broken
    ├── QueryError          an unknown catalog query or a bad parameter                    → exit 2
    └── StoreError          the store or a remote endpoint cannot be opened or written     → exit 4
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KGError",
    "InputError",
    "FactFileError",
    "Problem",
    "ValidationFailed",
    "ModelError",
    "QueryError",
    "StoreError",
]


class KGError(Exception):
    """Base of every error the library raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class InputError(KGError):
    """Input that cannot be read or is not valid for its format. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path | None = None):
        if isinstance(problems, str):
            problems = [Problem(str(file) if file else "<input>", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FactFileError(InputError):
    """A fact file breaks the documented format (docs/fact-files.md)."""


class ValidationFailed(KGError):
    """Well-formed input that does not conform to the shapes or the ontology."""

    def __init__(self, message: str, report: object | None = None):
        self.report = report
        super().__init__(message)


class ModelError(KGError):
    """The ontology or the reference data is broken; names the broken thing."""


class QueryError(KGError):
    """An unknown query, or a parameter the query does not take or cannot bind."""


class StoreError(KGError):
    """The store or an endpoint cannot be opened, read or written."""
