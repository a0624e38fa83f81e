"""The claims, assessments and resolutions of a fact file: who says what about what, when and how credibly, the
passages of the text it rests on (found through typographic punctuation, kg.factfile.quotes), and, for a resolution,
how an earlier assessment turned out. A mixin of FactFileReader (kg.factfile.convert)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.factfile.quotes import find_quote, same_passage
from kg.factfile.reading import Reader, kind_of
from kg.factfile.yamltree import Node
from kg.identifiers import content_iri
from kg.vocab import OKG

if TYPE_CHECKING:
    from kg.factfile.format import FactFileFormat
    from kg.model import Model

__all__ = ["ClaimSections"]


class ClaimSections:
    """The ``claims``, ``assessments`` and ``resolutions`` sections."""

    format: FactFileFormat
    model: Model

    def _claim(self, r: Reader, node: Node, assessment: bool, resolution: bool = False) -> None:
        section = "assessments" if assessment else "resolutions" if resolution else "claims"
        what = self.format.what(section)
        if not r.check_keys(node, self.format.spec(section), what):
            return
        c = node.value
        doc = r.document
        claimant = r.entity(c["claimant"], OKG.Agent, "an agent", ("agents",)) if "claimant" in c else None
        if resolution:
            about = [a] if "assessment" in c and (a := self._assessment_iri(r, c["assessment"])) else []
            outcome = r.concept(c["outcome"], OKG.Resolutions, "outcome") if "outcome" in c else None
            if outcome is None:
                return
        else:
            about = r.entities(c["about"], None, "an event or entity",
                               self.format.key(section, "about").look_in) if "about" in c else []
        claim_time = r.time(c["date"], "claim date") if "date" in c else None
        credibility = r.concept(c["credibility"], OKG.CredibilityScale, "credibility") if "credibility" in c else None
        evidence = [self._evidence(r, e) for e in c["evidence"].items()] if "evidence" in c else []
        if "evidence" in c and not evidence:
            r.fail(c["evidence"], f"{what} needs at least one evidence passage")
        elif "evidence" not in c and r.text is not None:
            r.fail(node, f"{what} needs evidence: the document has a text to quote from (evidence is optional only "
                         f"for documents whose text is not available)")
        if not (claimant and about and claim_time and credibility) or None in evidence:
            return
        spans = sorted((start, end) for start, end, _ in evidence)
        statement_text = r.text_value(c["statement"]) if "statement" in c else None
        identity = spans if spans else [statement_text]  # without evidence, the statement tells claims apart
        iri = content_iri(r.base, "claim", doc, str(claimant), sorted(map(str, about)), identity, assessment)
        r.lines[iri] = node.line
        g = r.graph
        g.add((iri, RDF.type, OKG.Assessment if assessment else OKG.Claim))
        g.add((iri, OKG.claimant, claimant))
        g.add((iri, OKG.reportedIn, doc))
        g.add((iri, OKG.claimTime, claim_time))
        g.add((iri, OKG.credibility, credibility))
        for x in about:
            g.add((iri, OKG.about, x))
        for start, end, quote in evidence:
            ev = URIRef(f"{iri}/evidence/{start}-{end}")
            g.add((iri, OKG.evidence, ev))
            g.add((ev, RDF.type, OKG.Evidence))
            g.add((ev, OKG.quote, Literal(quote)))
            g.add((ev, OKG.startOffset, Literal(start, datatype=XSD.integer)))
            g.add((ev, OKG.endOffset, Literal(end, datatype=XSD.integer)))
            g.add((ev, OKG.inDocument, doc))
        self._generic_keys(r, section, c, iri)
        if resolution:
            g.add((about[0], OKG.resolution, outcome))  # stated in this document's graph: who says so, and when
        if "marking" in c and (marking := r.concept(c["marking"], OKG.TLP, "marking")):
            if (self.model.rank(marking) or 0) < (self.model.rank(r.marking) or 0):
                r.fail(c["marking"], f"a claim's marking may only be stricter than its document's: "
                                     f"{self.model.label(marking)} is less strict than {self.model.label(r.marking)}")
            else:
                g.add((iri, OKG.marking, marking))
        if assessment and "window" in c and (window := r.time(c["window"], "assessment window")):
            g.add((iri, OKG.window, window))

    def _assessment_iri(self, r: Reader, node: Node) -> URIRef | None:
        """The assessment a resolution resolves: the IRI of a claim (as ``kg query assessments_about`` shows it)."""
        value = r.text_value(node)
        if value is None:
            return None
        if not value.startswith(f"{r.base}claim/"):
            r.fail(node, f"an assessment is named by its IRI ({r.base}claim/…), as 'kg query assessments_about' "
                         f"shows it; got '{value}'")
            return None
        if not r.iri_ok(node, value):
            return None
        return URIRef(value)

    def _evidence(self, r: Reader, node: Node) -> tuple[int, int, str] | None:
        if isinstance(node.value, str):
            node = Node({"quote": node}, node.line, node.column, node.path, node.file)
        if not r.check_keys(node, self.format.spec("evidence"), "evidence"):
            return None
        e = node.value
        if "quote" not in e:
            return None
        quote = e["quote"].value
        if not isinstance(quote, str) or not quote:
            r.fail(e["quote"], f"a quote must be text, got {kind_of(quote)}")
            return None
        if "offset" in e:
            start = e["offset"].value
            if isinstance(start, bool) or not isinstance(start, int) or start < 0:
                r.fail(e["offset"], f"an offset is a character position from 0, got {kind_of(start)}")
                return None
            if r.text is None:
                return start, start + len(quote), quote
            source = r.text[start:start + len(quote)]
            if not same_passage(source, quote):
                r.fail(e["offset"], f"the text at offset {start} is not the quote: {source[:60]!r}")
                return None
            return start, start + len(quote), source  # the source's own characters (’ for ')
        if r.text is None:
            r.fail(node, "evidence without an 'offset' needs the document's 'text' to find the quote in")
            return None
        found = find_quote(r.text, quote)
        if found.start is None:
            r.fail(e["quote"], f"quote not found in the document text: {quote[:60]!r}; {found.mismatch(r.text, quote)}")
            return None
        if found.occurrences > 1:
            r.fail(e["quote"], f"quote {quote[:60]!r} occurs more than once in the text; give its 'offset' "
                               f"({found.start} is the first)")
            return None
        return found.start, found.end, r.text[found.start:found.end]  # the source's own characters (’ for ')
