"""CSV cells that a spreadsheet will not run: one rule for every CSV the project writes.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a
formula, so a label or quote from a news page or a partner file could run in an analyst's spreadsheet (CSV
injection). Such a cell is written with a leading ``'``, which spreadsheets show as text and which the OWASP
guidance recommends. A cell that is a plain number (``-3.5``, ``+1e3``) is no formula and stays as it is. The quote
is visible to programs reading the CSV; for exact values use JSON (``kg query --format json``, or
``application/sparql-results+json`` from ``kg serve``)."""

from __future__ import annotations

import re

__all__ = ["safe_cell", "FORMULA_STARTS"]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell that cannot be taken for a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
