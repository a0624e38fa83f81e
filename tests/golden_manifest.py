"""The golden query tests as data, the W3C SPARQL test-suite way: ``tests/golden/manifest.ttl`` lists each case as an
``mf:QueryEvaluationTest`` whose action names a catalog query (``qt:query``), its parameters (``kgt:parameters``, the
syntax of a query header's ``# Example:`` line) and its data (``kgt:seed``: the founding article's graph; or
``qt:data``: a TriG file loaded beside the ontology and the reference data, or a story's folder of YAML files,
``entities/`` and ``articles/``, built as ``kg build`` builds a workspace), and whose result is a SPARQL 1.1 JSON
results file (``.srj``). A new query needs its ``.rq``, a manifest entry and an ``.srj``: no Python.

Results are compared as terms (lexical form, datatype, language): rows as a multiset, or as a sequence where the
case says ``kgt:ordered true``; a GROUP_CONCAT list column as the set of its items, since SPARQL leaves their order
open. Used by tests/test_golden.py on the embedded store and on a real SPARQL server."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

from kg.catalog import CatalogQuery
from kg.store.base import Results
from kg.store.remote import json_term

GOLDEN = Path(__file__).parent / "golden"
MANIFEST = GOLDEN / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
KGT = Namespace("https://w3id.org/osint-kg/tests#")
SEED = "seed"

__all__ = ["Case", "load_manifest", "read_srj", "comparable", "golden_case_with_rows", "MANIFEST", "GOLDEN", "SEED"]


@dataclass(frozen=True)
class Case:
    """One golden test: run ``query`` with ``parameters`` on ``data`` (SEED or a TriG file) and expect ``result``."""

    id: str
    name: str
    query: str
    parameters: str
    data: str | Path
    result: Path
    ordered: bool


def load_manifest(path: Path = MANIFEST) -> list[Case]:
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    (manifest,) = graph.subjects(RDF.type, MF.Manifest)
    cases = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        query = Path(str(graph.value(action, QT.query)).removeprefix("file://")).stem
        data = graph.value(action, QT.data)
        if data is None and graph.value(action, KGT.data) != KGT.seed:
            raise ValueError(f"{path}: {entry} names neither qt:data nor kgt:data kgt:seed")
        result = graph.value(entry, MF.result)
        cases.append(Case(str(entry).rsplit("#", 1)[-1], str(graph.value(entry, MF.name)), query,
                          str(graph.value(action, KGT.parameters) or ""),
                          SEED if data is None else Path(str(data).removeprefix("file://")),
                          Path(str(result).removeprefix("file://")), bool(graph.value(entry, KGT.ordered))))
    return cases


def golden_case_with_rows(query: CatalogQuery, example: dict[str, str]) -> Case | None:
    """The golden case that runs ``query`` with exactly the parameters of ``example`` (a '# Example:' line) and
    expects rows: an example the founding article cannot answer is checked there (on the embedded store and on a
    SPARQL server, tests/test_golden.py)."""
    for case in load_manifest():
        if case.query == query.name and query.parse_example(case.parameters) == example and read_srj(case.result).rows:
            return case
    return None


def read_srj(path: Path) -> Results:
    """A SPARQL 1.1 JSON results file as Results (rdflib terms; None where unbound)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    variables = list(document["head"]["vars"])
    rows = [tuple(json_term(b.get(v)) for v in variables) for b in document["results"]["bindings"]]
    return Results(variables, rows)


def _value(term, separator: str | None):
    if term is None:
        return None
    text = str(term)
    if separator is not None:
        text = tuple(sorted(text.split(separator)))
    datatype = getattr(term, "datatype", None)
    datatype = "" if datatype in (None, XSD.string) else str(datatype)
    return type(term).__name__, text, datatype, getattr(term, "language", None)


def comparable(results: Results, query: CatalogQuery, ordered: bool):
    """The results as a value that is equal for equal answers: a list of rows, or a multiset when order is open."""
    lists = query.list_columns
    rows = [tuple(_value(term, lists.get(var)) for var, term in zip(results.variables, row)) for row in results.rows]
    return (tuple(results.variables), rows if ordered else Counter(rows))
