"""The fixed identifiers of a STIX bundle: the deterministic ids minted here and the official TLP 2.0 markings.

Ids are ``{type}--{uuid5(NAMESPACE, IRI)}`` so that re-exports of the same store keep them; the five TLP 2.0 marking
definitions are the OASIS ones (the ``stix2`` library ships only TLP 1.0), so a partner's tools recognise them.
"""

from __future__ import annotations

import uuid

import stix2
from rdflib import URIRef
from rdflib.term import Node

from kg.vocab import OKG

__all__ = ["NAMESPACE", "TLP2_EXTENSION", "SOURCE_NAME", "stix_id", "tlp_marking_definitions"]

#: The namespace of every uuid5 identifier minted here (fixed: changing it changes every exported id).
NAMESPACE = uuid.UUID("8f0e6b0c-3d5a-5b9e-9c1e-6f4b2a7d1c30")
#: The OASIS TLP 2.0 extension definition (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
#: The ``source_name`` of the external reference that carries an object's IRI in the graph.
SOURCE_NAME = "osint-kg"

_TLP2_CREATED = "2022-10-01T00:00:00.000Z"
#: The official TLP 2.0 marking definitions: (value of ``tlp_2_0``, id), by the ontology's marking.
_TLP2 = {
    OKG.TLP_CLEAR: ("clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    OKG.TLP_GREEN: ("green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    OKG.TLP_AMBER: ("amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    OKG.TLP_AMBER_STRICT: ("amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    OKG.TLP_RED: ("red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"),
}


def stix_id(kind: str, *parts: str | Node) -> str:
    """The deterministic STIX id of the object of type ``kind`` made from an IRI (or several, for relationships)."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, ' '.join(str(p) for p in parts))}"


def tlp_marking_definitions() -> dict[URIRef, stix2.MarkingDefinition]:
    """The five official TLP 2.0 marking definitions, by the ontology's marking."""
    return {marking: stix2.MarkingDefinition(
        id=identifier, created=_TLP2_CREATED, name=f"TLP:{value.upper()}",
        extensions={TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": value}})
        for marking, (value, identifier) in _TLP2.items()}
