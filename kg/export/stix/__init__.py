"""STIX 2.1 bundles for threat-intelligence partners (``kg export --format stix``), built with the ``stix2`` library.

The bundle is made from a ``kg.marking.VisibleDataset`` only: what the level may see, never a filter over the store.

Mapping (docs/stix.md has the table and the reasons):

- **identity** for every agent a visible document mentions (claimants, publishers, authors, affiliations, event
  participants): ``identity_class`` ``individual`` for persons, ``organization`` for organisations and states (states
  and government bodies with the sector ``government-national``, armed forces ``defense``), ``group`` for monitoring
  groups and political movements (informal collections of people), ``unknown`` for the unnamed sources of a document
  ("a senior State Department official"). Aliases, description and the Admiralty source reliability go into the
  description (STIX identities have no aliases property). One more identity, the knowledge graph itself (``system``),
  is the ``created_by_ref`` of every object: it made the STIX objects; the claimants made the claims.
- **location** for every place with a WKT point (cities, states, borders), with ``latitude``/``longitude``;
  **relationship** ``located-at`` from an identity to the location of its country (a state to its own territory, an
  organisation or person to its country), ``related-to`` from an unnamed source to the organisation it belongs to.
- **report** for each document (name = title, published = the last day of its publication time span); its
  ``object_refs`` are the notes and opinions of the claims reported in it, the events they are about, its publisher
  and author. Documents known only because a claim cites them become reports too when they have a date and a
  publisher or author.
- **note** for each claim (``okg:Claim``): ``abstract`` = the statement, ``content`` = the quoted evidence, claimant,
  status, claim time, credibility and citation, ``authors`` = the claimant's name, ``object_refs`` = the report it was
  reported in, the claimant's identity, the event it is about and the report it cites.
- **opinion** for each assessment with a likelihood (``okg:Assessment``). STIX 2.1 defines an Opinion as an
  assessment of the correctness of the information in other STIX objects by someone other than their producer, on a
  five-step agree/disagree scale: an analyst's judgement that an event (the proposition, a note) is likely or unlikely
  is exactly that, where a Note would carry no value at all and a Relationship cannot hold a judgement. ``opinion``
  comes from the likelihood's rank on the eight-step scale (remote, highly unlikely → strongly-disagree; unlikely →
  disagree; possible, realistic possibility → neutral; likely → agree; highly likely, almost certain →
  strongly-agree); ``explanation`` keeps the statement, the exact likelihood phrase, window, basis and evidence;
  ``object_refs`` is the event note alone (the opinion is *about* it; the report lists the opinion instead).
  Assessments without a likelihood are notes.
- **events** (movements, transfers, offensives …) are **notes**, one per event node, shared by every claim about it
  so corroboration stays visible: ``abstract`` = the event's label, ``content`` = its type, participants with roles,
  places, time and quantities, ``object_refs`` = the participants' identities and the places' locations. STIX 2.1
  has no event object: ``observed-data`` must reference cyber observables (SCOs) and ``incident`` is a stub for
  security incidents, so neither fits a troop movement reported in the press. **Standing estimates** and
  **capabilities** are notes the same way (``tool`` and ``infrastructure`` are cyber resources): a claim about one
  refers to its note. Quantities and measures are lines of the note's content: what is counted or measured, the
  number or bounds as reported, the unit's UCUM code, the place a distance is measured from, the original phrase.
- ``confidence`` on notes and opinions comes from the claim's Admiralty information credibility through the STIX 2.1
  appendix scale (``stix2.confidence.scales``: 1 → 90, 2 → 70, 3 → 50, 4 → 30, 5 → 10, 6 → absent).
- ``external_references`` carry each object's IRI in the graph (``source_name`` ``osint-kg``) and Wikidata QIDs.
- No custom objects, properties or extensions beyond the TLP 2.0 marking extension.

Markings: every object except the marking definitions carries exactly one ``object_marking_refs`` entry, one of the
five official TLP 2.0 marking definitions (the stix2 library ships only TLP 1.0 constants, so they are built here with
the ids, names, creation time and extension of the OASIS TLP 2.0 extension definition, and all five are in every
bundle). The marking of an object is that of its source:

- a report: its document's marking; a claim: its own marking when stricter than its document's, else the document's;
- anything a document graph describes (events, unnamed sources, cited documents): the marking under which that graph
  holds it (its document's, or the stricter claim's when only that claim leads to it), the most restrictive over the
  graphs that describe it, since its content is their union;
- reference entities (identities, locations): the least restrictive marking under which a visible graph mentions
  them, spread along the reference data (an organisation's country), since their content is public reference data;
- a relationship: the stricter of its two ends.

An object never refers to an object with a stricter marking (a TLP:CLEAR report does not list the id of a TLP:RED
claim in it; the claim's note refers to the report instead), so a partner who passes on an object under its own
marking passes on nothing more restricted, not even an id.

Identifiers are deterministic: ``{type}--{uuid5(NAMESPACE, IRI)}`` (relationships: of source IRI, type and target IRI),
so re-exports of the same store give the same ids, and ``created``/``modified`` come from the record time of the
documents an object was taken from, so they are stable too. The file is written atomically (``kg.export.atomic``).

Modules (one concept each; ``bundle.build_stix_bundle`` calls them in order, passing the ids each made):

    identifiers   ``stix_id`` (uuid5 in ``NAMESPACE``) and the five TLP 2.0 marking definitions
    sources       where each node's marking and time come from (documents, described, mentioned, reference data)
    view          the read-only view of the visible dataset: graphs, sources, types, labels, external references
    objects       the objects under construction: refs no stricter than the referrer, relationships, final order
    entities      locations, identities and their relationships
    reports       reports, planned first and made last (they list the claims)
    events        events, standing estimates and capabilities as notes
    claims        claims as notes and assessments with a likelihood as opinions
    bundle        ``build_stix_bundle`` and ``write_stix_bundle``
"""

from __future__ import annotations

from kg.export.stix.bundle import STIX_FILENAME, build_stix_bundle, write_stix_bundle
from kg.export.stix.identifiers import NAMESPACE, TLP2_EXTENSION, stix_id, tlp_marking_definitions

__all__ = ["write_stix_bundle", "build_stix_bundle", "stix_id", "tlp_marking_definitions", "STIX_FILENAME",
           "NAMESPACE", "TLP2_EXTENSION"]
