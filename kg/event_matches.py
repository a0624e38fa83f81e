"""Events of a new file that look like events the store already holds (issue: event identity), said as notes by
``kg validate`` and ``kg ingest``, never acted on: two reports of one column's movement are one event only when the
analyst says so, by giving both the same ``id:``.

- **Looks like**: an event of the batch and an event of another document with the same type and the same actor,
  whose times overlap, and different IRIs (content-derived from different details): probably one event reported
  twice; give both the same ``id`` to join them.
- **Times that do not overlap**: an event the batch shares with another document (the same ``id``) whose times
  there and here do not overlap: one of them is wrong, or they are two events. ``contradictions`` cannot see this
  pair of claims, so it is said here.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from kg.batch import Batch
from kg.labels import display_label
from kg.store import Store
from kg.vocab import OKG

__all__ = ["event_notes"]

_SIMILAR = f"""
SELECT DISTINCT ?other ?otherDoc ?label WHERE {{
  GRAPH ?otherDoc {{ ?other <{OKG.actor}> ?actor ; a ?class ; <{OKG.validTime}> ?t }}
  FILTER(?other != ?event && ?otherDoc != ?document)
  OPTIONAL {{ GRAPH ?otherDoc {{ ?t <{OKG.earliest}> ?e }} }}
  OPTIONAL {{ GRAPH ?otherDoc {{ ?t <{OKG.latest}> ?l }} }}
  FILTER(COALESCE(?e, ?l) <= ?end && COALESCE(?l, ?e) >= ?start)
  OPTIONAL {{ GRAPH ?otherDoc {{ ?other <{RDFS.label}> ?label }} }}
}}
"""

_SAME = f"""
SELECT DISTINCT ?otherDoc ?e ?l WHERE {{
  GRAPH ?otherDoc {{ ?event <{OKG.validTime}> ?t }}
  FILTER(?otherDoc != ?document)
  OPTIONAL {{ GRAPH ?otherDoc {{ ?t <{OKG.earliest}> ?e }} }}
  OPTIONAL {{ GRAPH ?otherDoc {{ ?t <{OKG.latest}> ?l }} }}
}}
"""


def _span(batch: Batch, event: URIRef) -> tuple[object, object] | None:
    for time in batch.graph.objects(event, OKG.validTime):
        start = batch.graph.value(time, OKG.earliest) or batch.graph.value(time, OKG.latest)
        end = batch.graph.value(time, OKG.latest) or batch.graph.value(time, OKG.earliest)
        if start is not None:
            return start, end
    return None


def event_notes(store: Store, batch: Batch) -> list[str]:
    """What the analyst should look at about the batch's events, given what the store holds (see the module)."""
    notes = []
    events = {s for s in batch.graph.subjects(RDF.type, None) if (s, OKG.validTime, None) in batch.graph}
    for event in sorted(events):
        span = _span(batch, event)
        if span is None:
            continue
        start, end = span
        name = display_label(event, [batch.graph], (RDFS.label,)) or str(event)
        line = batch.lines.get(event)
        where = f"{batch.source}:{line}: " if line else f"{batch.source}: "
        for (_, _, cls) in batch.graph.triples((event, RDF.type, None)):
            for actor in batch.graph.objects(event, OKG.actor):
                for other, document, label in store.select(_SIMILAR, {
                        "event": event, "document": batch.document, "class": cls, "actor": actor,
                        "start": start, "end": end}).rows:
                    notes.append(f"{where}event '{name}' looks like '{label or other}' <{other}> of <{document}>: "
                                 "the same type and actor, at times that overlap; if they are one event, give both "
                                 "the same 'id:'")
        for document, earliest, latest in store.select(_SAME, {"event": event, "document": batch.document}).rows:
            other_start, other_end = earliest or latest, latest or earliest
            if other_start is not None and (other_start > end or other_end < start):
                notes.append(f"{where}event '{name}' is dated {start} to {end} here and {other_start} to {other_end} "
                             f"in <{document}>: the times do not overlap, so one is wrong or these are two events")
    return list(dict.fromkeys(notes))
