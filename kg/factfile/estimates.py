"""The standing estimates of a fact file: figures about an entity that are not events (a state's mobilisable
reserve, a force's size on a date), each with its quantities and measures and the time it holds for; claims name
them by their local key, as they name events. A mixin of FactFileReader (kg.factfile.convert), read after the
events and before the claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.factfile.generic import what_is_expected
from kg.factfile.reading import Reader
from kg.identifiers import content_iri
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.factfile.format import FactFileFormat
    from kg.model import Model

__all__ = ["EstimateSections"]


class EstimateSections:
    """The ``estimates`` section (its figures written as an event's are, EventSections._figures)."""

    format: FactFileFormat
    model: Model

    def _estimates(self, r: Reader) -> None:
        of_key = self.format.key("estimates", "of")
        for key, node in r.entries("estimates"):
            if not r.check_keys(node, self.format.spec("estimates"), f"estimate '{key}'"):
                continue
            e = node.value
            subject = (r.entity(e["of"], of_key.expects, what_is_expected(self.model, of_key), of_key.look_in)
                       if "of" in e else None)
            time = r.time(e["time"], "estimate time") if "time" in e else None
            label = r.text_value(e["label"]) if "label" in e else None
            estimate_id = r.document_id(e["id"]) if "id" in e else None
            if subject is None:
                continue
            counted = sorted(str(q.value.get("counts").value) for q in e["quantities"].items()
                             if q.is_map and q.value.get("counts") is not None) if "quantities" in e else []
            iri = (URIRef(f"{r.base}estimate/{estimate_id}") if estimate_id else
                   content_iri(r.base, "estimate", str(subject), str(time), label, counted))
            r.register("estimates", key, node, iri, OKG.Estimate)
            g = r.graph
            g.add((iri, OKG.estimateOf, subject))
            if time:
                g.add((iri, OKG.validTime, time))
            g.add((iri, RDFS.label, Literal(label or f"Estimate of {r.label(subject)}", lang="en")))
            self._figures(r, e, iri)
