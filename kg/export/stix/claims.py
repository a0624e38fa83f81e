"""Claims: a note for each claim, an opinion for each assessment with a likelihood.

An analyst's judgement that an event is likely or unlikely is what STIX 2.1 calls an Opinion (an assessment of the
correctness of other objects on a five-step agree/disagree scale); every other claim is a note. ``confidence`` comes
from the claim's Admiralty information credibility on the STIX 2.1 appendix scale. The package docstring gives the
mapping; ``add_claims`` also says which claims each report holds, for ``kg.export.stix.reports.add_reports``.
"""

from __future__ import annotations

import stix2
from rdflib import URIRef
from rdflib.term import Node
from stix2.confidence.scales import admiralty_credibility_to_value

from kg.export.stix.identifiers import stix_id
from kg.export.stix.objects import BundleObjects, created_modified
from kg.export.stix.view import DatasetView, sentence
from kg.vocab import OKG

__all__ = ["add_claims"]

#: STIX 2.1 appendix names of the Admiralty information-credibility values, by rank.
_ADMIRALTY = {1: "1 - Confirmed by other sources", 2: "2 - Probably True", 3: "3 - Possibly True",
              4: "4 - Doubtful", 5: "5 - Improbable", 6: "6 - Truth cannot be judged"}
#: Opinion values by likelihood rank (remote 1 … almost certain 8).
_OPINION = {1: "strongly-disagree", 2: "strongly-disagree", 3: "disagree", 4: "neutral", 5: "neutral", 6: "agree",
            7: "strongly-agree", 8: "strongly-agree"}
#: The properties of a claim written as lines of its note or opinion, with their names.
_CLAIM_LINES = ((OKG.claimTime, "Claimed"), (OKG.assertedStatus, "Status"), (OKG.likelihood, "Likelihood"),
                (OKG.likelihoodPhrase, "Likelihood phrase"), (OKG.window, "Window"),
                (OKG.credibility, "Credibility (Admiralty)"), (OKG.resolution, "Resolution"),
                (OKG.attributionNote, "Attribution note"))


def _rank_of(view: DatasetView, concept: Node | None) -> int | None:
    return view.model.rank(concept) if isinstance(concept, URIRef) else None


def _is_opinion(view: DatasetView, claim: Node) -> bool:
    return OKG.Assessment in view.types(claim) and \
        _rank_of(view, view.content.value(claim, OKG.likelihood)) in _OPINION


def _credibility(view: DatasetView, claim: Node) -> int | None:
    rank = _rank_of(view, view.content.value(claim, OKG.credibility))
    if rank in _ADMIRALTY and rank != 6:
        return admiralty_credibility_to_value(_ADMIRALTY[rank])
    return None


def _text_lines(view: DatasetView, claim: Node, claimant_name: str, document: Node | None, about: list[Node],
                basis: list[Node], cites: list[Node]) -> list[str]:
    """The text of a claim, a line each: claimant, report, its properties, what it is about, rests on and cites, and
    the quoted evidence in the order of the text."""
    value = view.content.value
    lines = [sentence(f"Claimant: {claimant_name}")]
    if document is not None:
        lines.append(sentence(f"Reported in: {view.label(document)}"))
    for prop, name in _CLAIM_LINES:
        for v in sorted(view.content.objects(claim, prop)):
            lines.append(sentence(f"{name}: {view.label(v)}"))
    lines += [sentence(f"About: {view.label(e)}") for e in about]
    lines += [sentence(f"Basis: {view.label(e)}") for e in basis]
    lines += [sentence(f"Cites: {view.label(d)}") for d in cites]
    quotes = sorted((int(value(e, OKG.startOffset) or 0), str(value(e, OKG.quote)))
                    for e in view.content.objects(claim, OKG.evidence) if value(e, OKG.quote) is not None)
    lines += [f"Quote: “{quote}”" for _, quote in quotes]
    return lines


def add_claims(view: DatasetView, objects: BundleObjects, identities: dict[Node, str],
               events: dict[Node, str]) -> dict[str, list[str]]:
    """A note or opinion for every described claim, referring to its report (planned already), its claimant's
    identity and the ``events`` it is about; by report id, what each report holds (the claims' ids, claimants and
    events, to be filtered by the report's marking)."""
    described = view.sources.described
    claims = sorted(n for n in described if OKG.Claim in view.types(n))
    claim_ids: dict[Node, str] = {}
    for claim in claims:  # planned first: a claim may be about another claim (a resolution)
        claim_ids[claim] = stix_id("opinion" if _is_opinion(view, claim) else "note", claim)
        objects.plan(claim_ids[claim], described[claim].rank)
    report_members: dict[str, list[str]] = {}
    for claim in claims:
        source = described[claim]
        value = view.content.value
        document = value(claim, OKG.reportedIn)
        report = stix_id("report", document) if document is not None else None
        claimant = value(claim, OKG.claimant)
        claimant_name = view.label(claimant) if claimant is not None else "unknown source"
        statement = str(value(claim, OKG.statement) or f"Claim by {claimant_name}")
        # sorted: the graph hands them back in an order that changes with Python's hash seed, the bundle must not
        about = sorted(view.content.objects(claim, OKG.about))
        basis = sorted(view.content.objects(claim, OKG.basis))
        cites = sorted(view.content.objects(claim, OKG.citesSource))
        lines = _text_lines(view, claim, claimant_name, document, about, basis, cites)
        common = dict(authors=[claimant_name], created_by_ref=objects.producer, **created_modified(source),
                      object_marking_refs=objects.marking_refs(source.rank),
                      external_references=view.external(claim))
        confidence = _credibility(view, claim)
        if confidence is not None:
            common["confidence"] = confidence
        likelihood = _rank_of(view, value(claim, OKG.likelihood))
        about_ids = [events.get(e, claim_ids.get(e)) for e in about]
        if _is_opinion(view, claim):
            refs = objects.refs(about_ids, source.rank) or objects.refs([report], source.rank) or [objects.producer]
            identifier = objects.add(stix2.Opinion(
                id=claim_ids[claim], opinion=_OPINION[likelihood],
                explanation=f"{statement}\n" + "\n".join(lines), object_refs=refs, **common), source.rank)
        else:
            refs = objects.refs([report, identities.get(claimant), *about_ids,
                                 *(events.get(e) for e in basis),
                                 *(stix_id("report", d) for d in cites)], source.rank) or [objects.producer]
            identifier = objects.add(stix2.Note(
                id=claim_ids[claim], abstract=statement, content="\n".join(lines), object_refs=refs,
                **common), source.rank)
        if report is not None:
            members = [identifier, identities.get(claimant), *about_ids]
            report_members.setdefault(report, []).extend(m for m in members if m)
    return report_members
