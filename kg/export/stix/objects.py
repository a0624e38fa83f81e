"""The STIX objects of one bundle while they are made, each with the rank of the marking it is exported under.

This is the one place of the rule that an object never refers to an object with a stricter marking (``refs``), of the
marking an object carries (``marking_refs``: one TLP 2.0 definition), of a relationship's marking (the stricter of its
two ends) and of the final bundle: the five marking definitions, then the objects in a fixed order, refused whole if
anything in it is marked above the level. An id may be planned (``plan``) before its object exists, so that objects
made earlier can refer to it: claims refer to each other, and reports are made last since they list their claims.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timezone

import stix2
from rdflib.term import Node

from kg.config import Settings
from kg.errors import KGError
from kg.export.stix.identifiers import NAMESPACE, SOURCE_NAME, stix_id, tlp_marking_definitions
from kg.export.stix.sources import Source
from kg.model import Model
from kg.visibility import Ranks

__all__ = ["BundleObjects", "created_modified"]

#: The creation time of the knowledge graph's own identity (fixed, so that it is one version in every bundle).
_PRODUCER_CREATED = datetime(2022, 12, 20, tzinfo=timezone.utc)
#: The order of the object types in the bundle (then by id), so that the same store gives the same file.
_TYPE_ORDER = {"marking-definition": 0, "identity": 1, "location": 2, "report": 3, "note": 4, "opinion": 5,
               "relationship": 6}


def created_modified(source: Source) -> dict[str, datetime]:
    """The ``created`` and ``modified`` properties of an object taken from ``source``: its document's record time."""
    return {"created": source.time, "modified": source.time}


class BundleObjects:
    """The objects made so far, by id, and the rank of each made or planned id; starts with the producer identity."""

    def __init__(self, settings: Settings, model: Model):
        self._model = model
        self._base = settings.base
        self._markings = tlp_marking_definitions()
        ranks = Ranks(model)
        self._marking_by_rank = {ranks.of(m): m for m in self._markings}
        self._objects: dict[str, stix2.base._STIXBase] = {}
        self._rank: dict[str, int] = {}
        #: the knowledge graph's own identity, the ``created_by_ref`` of every object
        self.producer = stix_id("identity", settings.base)
        loosest = min(self._marking_by_rank)
        self.add(stix2.Identity(
            id=self.producer, name="OSINT knowledge graph", identity_class="system",
            description=f"The knowledge graph under {settings.base} that produced this bundle.",
            created=_PRODUCER_CREATED, modified=_PRODUCER_CREATED, object_marking_refs=self.marking_refs(loosest),
            external_references=[{"source_name": SOURCE_NAME, "external_id": settings.base}]), loosest)

    def marking_refs(self, rank: int) -> list[str]:
        """The ``object_marking_refs`` of an object exported at ``rank``: its TLP 2.0 marking definition."""
        return [self._markings[self._marking_by_rank[rank]].id]

    def plan(self, identifier: str, rank: int) -> None:
        """Reserve ``identifier`` at ``rank``: ``refs`` may name it before ``add`` makes its object."""
        self._rank[identifier] = rank

    def add(self, obj: stix2.base._STIXBase, rank: int) -> str:
        """Put ``obj`` in the bundle at ``rank`` (filling its plan, if it had one); its id."""
        self._objects[obj.id] = obj
        self._rank[obj.id] = rank
        return obj.id

    def refs(self, ids: Iterable[str | None], rank: int) -> list[str]:
        """The ids among ``ids`` that exist (or are planned) and are not more restricted than ``rank``, sorted."""
        return sorted({i for i in ids if i is not None and i in self._rank and self._rank[i] <= rank})

    def relationship(self, source: Node, kind: str, target: Node, source_ref: str, target_ref: str,
                     description: str | None = None) -> None:
        """Add the relationship ``kind`` from ``source`` to ``target`` (objects ``source_ref``, ``target_ref``, both
        made already), at the stricter of their ranks and created when the later of them was."""
        rank = max(self._rank[source_ref], self._rank[target_ref])
        when = max(self._objects[source_ref].created, self._objects[target_ref].created)
        extra = {"description": description} if description else {}
        self.add(stix2.Relationship(
            id=stix_id("relationship", source, kind, target), relationship_type=kind, source_ref=source_ref,
            target_ref=target_ref, created_by_ref=self.producer, created=when, modified=when,
            object_marking_refs=self.marking_refs(rank), **extra), rank)

    def bundle(self, level_rank: int) -> stix2.Bundle:
        """The bundle of every object made, for a level of rank ``level_rank``; an error if any object is marked
        above it (which cannot happen on a VisibleDataset: never write such a bundle) or was planned and never made."""
        above = sorted(i for i, rank in self._rank.items() if rank > level_rank)
        if above:
            raise KGError(f"STIX export at rank {level_rank} would hold objects marked above it: {above[:3]}")
        unmade = sorted(set(self._rank) - set(self._objects))
        if unmade:
            raise KGError(f"STIX export planned objects it never made: {unmade[:3]}")
        objects = sorted(self._objects.values(), key=lambda o: (_TYPE_ORDER.get(o.type, 9), o.id))
        markings = [definition for _, definition in
                    sorted(self._markings.items(), key=lambda item: self._model.rank(item[0]) or 0)]
        bundle_id = "bundle--" + str(uuid.uuid5(NAMESPACE, " ".join([str(self._base), *sorted(self._objects)])))
        return stix2.Bundle(*markings, *objects, id=bundle_id)
