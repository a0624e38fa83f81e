"""The capabilities of a fact file: what an equipment type can carry or launch, and how far or how long, as the
document states it ("carries the Kinzhal", "a range of 2,000 km"), each a node claims name by its local key, so that
a capability has a source, a date and a credibility like any claim. A mixin of FactFileReader
(kg.factfile.convert), read after the events and before the claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import RDFS

from kg.factfile.generic import what_is_expected
from kg.factfile.reading import Reader
from kg.identifiers import content_iri
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.factfile.format import FactFileFormat
    from kg.model import Model

__all__ = ["CapabilitySections"]


class CapabilitySections:
    """The ``capabilities`` section (its measures written as an event's are, EventSections._figures)."""

    format: FactFileFormat
    model: Model

    def _capabilities(self, r: Reader) -> None:
        of_key, carries_key = self.format.key("capabilities", "of"), self.format.key("capabilities", "carries")
        for key, node in r.entries("capabilities"):
            if not r.check_keys(node, self.format.spec("capabilities"), f"capability '{key}'"):
                continue
            c = node.value
            of = r.entity(c["of"], of_key.expects, what_is_expected(self.model, of_key)) if "of" in c else None
            carries = (r.entities(c["carries"], carries_key.expects, what_is_expected(self.model, carries_key))
                       if "carries" in c else [])
            if of is None:
                continue
            measures = [m.plain() for m in c["measures"].items()] if "measures" in c else []
            iri = content_iri(r.base, "capability", str(of), sorted(map(str, carries)), measures)
            r.register("capabilities", key, node, iri, OKG.Capability)
            g = r.graph
            g.add((iri, OKG.capabilityOf, of))
            for load in carries:
                g.add((iri, OKG.carries, load))
            label = r.text_value(c["label"]) if "label" in c else (
                f"{r.label(of)} carries {' and '.join(r.label(x) for x in carries)}" if carries
                else f"A capability of {r.label(of)}")
            g.add((iri, RDFS.label, Literal(label, lang="en")))
            self._figures(r, c, iri)
