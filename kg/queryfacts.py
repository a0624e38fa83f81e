"""What a SPARQL query someone else wrote would do, read from its parsed algebra, never from its text: its form, the
services it would call (``SERVICE``) and the graphs its dataset clause names (``FROM``, ``FROM NAMED``).

Every query text that comes from outside the package — ``kg query FILE.rq``, a query string given to the Python API,
a request to ``kg serve``'s endpoint — is read here before it runs: a query that calls a service is refused (queries
never reach the network), and so is one that cannot be parsed (it is not checked, so it does not run). An update
(``LOAD`` among them) is not a query and does not parse as one.

The parser is rdflib's: SPARQL 1.1 as the Recommendation writes it, ``\\u`` escapes expanded first as both rdflib and
Oxigraph do. It is not thread-safe, so one lock serialises it; parses are cached by text. It is slow on large input
(0.1–0.4 s for a catalog query, seconds for a long one), which is why ``kg serve`` parses in its worker processes,
under their time and memory limits, and never in the server. A query too long or too deeply nested for the parser's
recursion is refused with a message saying so, not run unchecked.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import QueryError

__all__ = ["QueryFacts", "query_facts", "refuse_services"]

_PARSER = threading.Lock()
#: Python frames the parser may use: about 20 per triple pattern (a 1,500-pattern query parses, in 6 s).
_RECURSION = 40_000
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class QueryFacts:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    services: tuple[str, ...]  # the IRI (or variable) of every SERVICE clause
    default_graphs: tuple[str, ...]  # FROM
    named_graphs: tuple[str, ...]  # FROM NAMED

    @property
    def dataset(self) -> tuple[str, ...]:
        return self.default_graphs + self.named_graphs


def _nodes(node: object) -> Iterator[object]:
    """Every node of an algebra tree (CompValues, lists, dicts), iteratively: trees can be deep."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


@functools.lru_cache(maxsize=256)
def query_facts(text: str) -> QueryFacts:
    """Parse ``text`` as a SPARQL 1.1 query; QueryError when it is not one (or too large to parse)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    with _PARSER:
        depth = sys.getrecursionlimit()
        sys.setrecursionlimit(max(depth, _RECURSION))  # pyparsing recurses once per triple pattern
        try:
            query = translateQuery(parseQuery(text))
        except RecursionError:
            raise QueryError("the query is too long or too deeply nested to be checked before it runs; "
                             "split it into smaller queries") from None
        except ParseException as exc:
            raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())[:200]}") from None
        except Exception as exc:  # rdflib's translation rejects some malformed queries with other errors
            raise QueryError(f"invalid SPARQL: {' '.join(str(exc).split())[:200]}") from None
        finally:
            sys.setrecursionlimit(depth)
    algebra = query.algebra
    form = _FORMS.get(getattr(algebra, "name", ""))
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    services = tuple(str(node.get("term")) for node in _nodes(algebra)
                     if getattr(node, "name", None) == "ServiceGraphPattern")
    default, named = [], []
    for clause in algebra.get("datasetClause") or []:
        if dict.get(clause, "default") is not None:  # CompValue.get answers the key itself when it is missing
            default.append(str(dict.get(clause, "default")))
        elif dict.get(clause, "named") is not None:
            named.append(str(dict.get(clause, "named")))
    return QueryFacts(form, services, tuple(default), tuple(named))


def refuse_services(text: str) -> QueryFacts:
    """The facts of a query from outside the package, or QueryError if it would call a service (or is no query)."""
    facts = query_facts(text)
    if facts.services:
        raise QueryError("SERVICE is refused: queries never reach the network")
    return facts
