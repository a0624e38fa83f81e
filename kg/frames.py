"""Query results as pandas DataFrames with typed columns: dates as datetimes, numbers as numbers, booleans as
booleans, IRIs and labels as strings."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from rdflib import Literal
from rdflib.namespace import XSD

from kg.store import Results

__all__ = ["to_frame"]

_INTEGER = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger,
            XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong}
_FLOAT = {XSD.decimal, XSD.double, XSD.float}
_TEMPORAL = {XSD.date, XSD.dateTime}


def _column(values: list) -> pd.Series:
    present = [v for v in values if v is not None]
    datatypes = {v.datatype if isinstance(v, Literal) else None for v in present}
    if present and datatypes <= _INTEGER:
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if present and datatypes <= _INTEGER | _FLOAT:
        return pd.Series([None if v is None else float(Decimal(str(v))) for v in values], dtype="Float64")
    if present and datatypes <= _TEMPORAL:
        return pd.Series(pd.to_datetime([None if v is None else str(v) for v in values], utc=XSD.dateTime in datatypes))
    if present and datatypes == {XSD.boolean}:
        return pd.Series([None if v is None else bool(v.toPython()) for v in values], dtype="boolean")
    return pd.Series([None if v is None else str(v) for v in values], dtype="string")


def to_frame(results: Results) -> pd.DataFrame:
    columns = list(zip(*results.rows)) if results.rows else [[] for _ in results.variables]
    return pd.DataFrame({name: _column(list(col)) for name, col in zip(results.variables, columns)},
                        columns=results.variables)
