"""The quarantine: batches that failed validation, kept with their report so that nothing is silently dropped.

Each entry is a directory ``{id}/`` holding ``input/`` (copies of the files the batch was read from, under the names
the fact file uses, so that it can be retried as it was), ``report.ttl`` (the sh:ValidationReport), ``report.txt``
(the readable report) and ``entry.json`` (source, time, counts). An entry is written to a hidden directory and renamed
into place, so a crash never leaves half an entry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.permissions import private_directory
from kg.errors import InputError, StoreError

__all__ = ["Quarantine", "QuarantineEntry"]


@dataclass(frozen=True)
class QuarantineEntry:
    id: str
    source: str  # the path the batch was read from
    main: str  # the name of the main input file in input/
    quarantined_at: str  # ISO 8601, UTC
    violations: int
    warnings: int
    document: str | None
    directory: Path
    retried_at: str | None = None

    @property
    def input(self) -> Path:
        return self.directory / "input" / self.main

    @property
    def report_text(self) -> str:
        return (self.directory / "report.txt").read_text(encoding="utf-8")

    @property
    def report_turtle(self) -> str:
        return (self.directory / "report.ttl").read_text(encoding="utf-8")


class Quarantine:
    """The quarantine directory (created on first use)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def add(self, source: Path, inputs: dict[str, Path], report_text: str, report_turtle: str, violations: int,
            warnings: int, document: str | None = None, now: dt.datetime | None = None) -> QuarantineEntry:
        """Keep a copy of ``inputs`` (name → file) with the report; returns the new entry."""
        now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
        digest = hashlib.sha256()
        for name in sorted(inputs):
            digest.update(name.encode() + b"\0" + inputs[name].read_bytes())
        entry_id = f"{now.strftime('%Y%m%dT%H%M%SZ')}-{digest.hexdigest()[:10]}"
        final = self.directory / entry_id
        staging = self.directory / f".{entry_id}.tmp"
        try:
            if final.exists():  # the same input quarantined in the same second: one entry is enough
                shutil.rmtree(final)
            shutil.rmtree(staging, ignore_errors=True)
            private_directory(self.directory)  # copies of refused inputs, at any marking: 0700 (kg.permissions)
            (staging / "input").mkdir(parents=True)
            for name, path in inputs.items():
                target = (staging / "input" / name).resolve()
                if not target.is_relative_to((staging / "input").resolve()):
                    target = staging / "input" / Path(name).name  # names like ../x.txt stay inside the entry
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            (staging / "report.txt").write_text(report_text, encoding="utf-8")
            (staging / "report.ttl").write_text(report_turtle, encoding="utf-8")
            record = {"id": entry_id, "source": str(source), "main": Path(source).name,
                      "quarantined_at": now.isoformat(), "violations": violations, "warnings": warnings,
                      "document": document}
            (staging / "entry.json").write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
            staging.rename(final)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"cannot write to the quarantine {self.directory}: {exc}") from exc
        return self.get(entry_id)

    def update(self, entry_id: str, report_text: str, report_turtle: str, violations: int, warnings: int,
               now: dt.datetime | None = None) -> QuarantineEntry:
        """Replace an entry's report after a failed retry (its input stays as it was)."""
        entry = self.get(entry_id)
        now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
        record = {**self.as_dict(entry), "violations": violations, "warnings": warnings,
                  "retried_at": now.isoformat()}
        record.pop("directory")
        try:
            for name, text in (("report.txt", report_text), ("report.ttl", report_turtle),
                               ("entry.json", json.dumps(record, indent=2, ensure_ascii=False))):
                temporary = entry.directory / f".{name}.tmp"
                temporary.write_text(text, encoding="utf-8")
                temporary.replace(entry.directory / name)
        except OSError as exc:
            raise StoreError(f"cannot write to the quarantine {self.directory}: {exc}") from exc
        return self.get(entry.id)

    def entries(self) -> list[QuarantineEntry]:
        """Every entry, oldest first."""
        if not self.directory.is_dir():
            return []
        found = [self._load(d) for d in sorted(self.directory.iterdir())
                 if d.is_dir() and not d.name.startswith(".") and (d / "entry.json").is_file()]
        return sorted(found, key=lambda e: (e.quarantined_at, e.id))

    def get(self, entry_id: str) -> QuarantineEntry:
        """The entry ``entry_id``, or the only one whose id starts with it."""
        matches = [e for e in self.entries() if e.id == entry_id] or \
                  [e for e in self.entries() if entry_id and e.id.startswith(entry_id)]
        if len(matches) != 1:
            known = ", ".join(e.id for e in self.entries()) or "none"
            what = "several" if matches else "no"
            raise InputError(f"{what} quarantined batch{'es' if matches else ''} match '{entry_id}' "
                             f"(entries: {known})", file=str(self.directory))
        return matches[0]

    def drop(self, entry_id: str) -> QuarantineEntry:
        entry = self.get(entry_id)
        shutil.rmtree(entry.directory)
        return entry

    @staticmethod
    def _load(directory: Path) -> QuarantineEntry:
        record = json.loads((directory / "entry.json").read_text(encoding="utf-8"))
        return QuarantineEntry(directory=directory, **record)

    @staticmethod
    def as_dict(entry: QuarantineEntry) -> dict:
        record = asdict(entry)
        record["directory"] = str(entry.directory)
        return record
