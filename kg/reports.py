"""Validation reports for people and tools: readable text (the default), JSON, the SHACL report graph as Turtle, and
JUnit XML for CI systems."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict

from rdflib import Graph

from kg.validation import ValidationReport

__all__ = ["as_text", "as_json", "as_turtle", "as_junit"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def as_text(reports: Sequence[ValidationReport], strict: bool = False) -> str:
    lines = []
    for report in reports:
        verdict = "conforms" if report.conforms(strict) else "does not conform"
        lines.append(f"{report.source}: {verdict} — {_plural(report.violations, 'violation')}, "
                     f"{_plural(report.warnings, 'warning')} ({_plural(report.triples, 'triple')})")
        for f in report.findings:
            name = f"{f.focus_label} <{f.focus}>" if f.focus_label else f"<{f.focus}>"
            where = f"{f.where}: " if f.line else ""
            lines.append(f"  {f.severity:9} {where}{name}")
            detail = "    " + (f"{f.path}: " if f.path else "") + f.message
            if f.value is not None:
                detail += f" (value: {f.value})"
            lines.append(detail)
        for note in report.notes:
            lines.append(f"  Note      {note}")
    total_v = sum(r.violations for r in reports)
    total_w = sum(r.warnings for r in reports)
    lines.append(f"{_plural(len(reports), 'input')}: {_plural(total_v, 'violation')}, {_plural(total_w, 'warning')}")
    return "\n".join(lines) + "\n"


def as_json(reports: Sequence[ValidationReport], strict: bool = False) -> str:
    return json.dumps([{
        "source": r.source,
        "document": r.document,
        "conforms": r.conforms(strict),
        "triples": r.triples,
        "violations": r.violations,
        "warnings": r.warnings,
        "findings": [asdict(f) for f in r.findings],
        "notes": list(r.notes),
    } for r in reports], indent=2, ensure_ascii=False) + "\n"


def as_turtle(reports: Sequence[ValidationReport]) -> str:
    """The sh:ValidationReport graphs of every input, merged (each input's report keeps its own report node)."""
    merged = Graph()
    merged.bind("sh", "http://www.w3.org/ns/shacl#")
    for report in reports:
        for triple in report.report:
            merged.add(triple)
    return merged.serialize(format="turtle")


def as_junit(reports: Sequence[ValidationReport], strict: bool = False) -> str:
    """One test suite, one test case per input; violations (and warnings when strict) are failures."""
    suite = ET.Element("testsuite", name="kg validate", tests=str(len(reports)),
                       failures=str(sum(not r.conforms(strict) for r in reports)), errors="0")
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="kg.validate", name=report.source)
        if not report.conforms(strict):
            failing = [f for f in report.findings if strict or f.severity == "Violation"]
            failure = ET.SubElement(case, "failure", type="ShaclViolation",
                                    message=f"{_plural(len(failing), 'finding')}")
            failure.text = "\n".join(f"{f.severity} {f.where} <{f.focus}> {f.path or ''}: {f.message}"
                                     for f in failing)
        warnings = [f for f in report.findings if f.severity != "Violation"]
        if warnings and not strict:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.severity} {f.where} <{f.focus}> {f.path or ''}: {f.message}" for f in warnings)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
