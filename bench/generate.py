"""A deterministic synthetic corpus that looks like years of daily reporting, as N-Quads, streamed to a file.

    python bench/generate.py --triples 1000000 -o /tmp/corpus-1m.nq

It has the shape of what fact files produce (see kg/factfile/convert.py), so it conforms to the shapes: one named
graph per document with its claims, assessments, evidence, events, quantities and times; each document's metadata in
the metadata graph; and a graph of synthetic reference entities (a few hundred sources, many places, units, states).
The distributions are skewed as real reporting is: a few prolific sources write most claims (Zipf), most places and
units are mentioned rarely, and the same event is reported again by several documents (one event node, many claims
about it). Everything is derived from ``--seed``; the same arguments give the same bytes.

The model's own graphs (ontology, reference data) are not in the output: ``kg build`` and the benchmarks load them.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import hashlib
import itertools
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.config import DEFAULT_BASE  # noqa: E402
from kg.vocab import OKG  # noqa: E402

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
TITLE = "<http://purl.org/dc/terms/title>"
DAY = "<http://www.w3.org/2006/time#unitDay>"

SOURCE_CLASSES = (OKG.MonitoringGroup, OKG.MediaOutlet, OKG.ThinkTank, OKG.Ministry)
EVENT_KINDS = (OKG.Movement, OKG.Deployment, OKG.Transfer, OKG.JointExercise, OKG.Meeting)
MARKINGS = ((OKG.TLP_CLEAR, 30), (OKG.TLP_GREEN, 30), (OKG.TLP_AMBER, 30), (OKG.TLP_RED, 10))
LIKELIHOODS = (OKG.Remote, OKG.Unlikely, OKG.RealisticPossibility, OKG.Possible, OKG.Likely, OKG.AlmostCertain)
COUNTED = (OKG.Troops, OKG.Aircraft)
START = dt.date(2022, 1, 1)
RECENT_EVENTS = 200  # how many of the latest events a document may report again


def iri(term: object) -> str:
    return f"<{term}>"


def text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Zipf:
    """Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s: a few common, many rare."""

    def __init__(self, n: int, s: float, rng: random.Random):
        weights = [1 / (k + 1) ** s for k in range(n)]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def draw(self) -> int:
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])


class Corpus:
    """The generator; ``quads()`` yields N-Quads lines."""

    def __init__(self, triples: int, seed: int = 7, base: str = DEFAULT_BASE):
        self.base = base
        self.target = triples
        self.rng = random.Random(seed)
        scale = max(1, triples // 10_000)
        self.n_sources = min(400, 40 + 10 * scale)
        self.n_places = min(50_000, 200 * scale)
        self.n_units = min(20_000, 50 * scale)
        self.sources = Zipf(self.n_sources, 1.1, self.rng)
        self.places = Zipf(self.n_places, 0.9, self.rng)
        self.units = Zipf(self.n_units, 0.9, self.rng)
        self.reference_graph = iri(f"{base}graph/bench-reference")
        self.metadata_graph = iri(f"{base}graph/metadata")
        # (event IRI, kind, day) of the latest events: only these are reported again, so the generator's memory stays
        # bounded however many triples it writes (10M and more stream to the file)
        self.events: collections.deque[tuple[str, str, int]] = collections.deque(maxlen=RECENT_EVENTS)
        self.event_count = 0

    # --- reference entities ---
    def source(self, k: int) -> str:
        return iri(f"{self.base}org/bench-source-{k}")

    def place(self, k: int) -> str:
        return iri(f"{self.base}place/bench-place-{k}")

    def unit(self, k: int) -> str:
        return iri(f"{self.base}unit/bench-unit-{k}")

    def reference(self) -> Iterator[str]:
        g = self.reference_graph
        states = [iri(f"{self.base}state/belarus"), iri(f"{self.base}state/russia"), iri(f"{self.base}state/ukraine")]
        forces = [iri(f"{self.base}force/belarus"), iri(f"{self.base}force/russia"), iri(f"{self.base}force/ukraine")]
        reliabilities = [OKG.ReliabilityA, OKG.ReliabilityB, OKG.ReliabilityC, OKG.ReliabilityD, OKG.ReliabilityF]
        for k in range(self.n_sources):
            s = self.source(k)
            yield f"{s} {RDF_TYPE} {iri(SOURCE_CLASSES[k % len(SOURCE_CLASSES)])} {g} ."
            yield f"{s} {PREF} {text(f'Source {k}')}@en {g} ."
            yield f"{s} {ALT} {text(f'S{k}')}@en {g} ."
            yield f"{s} {iri(OKG.sourceReliability)} {iri(reliabilities[k % len(reliabilities)])} {g} ."
        for k in range(self.n_places):
            p = self.place(k)
            yield f"{p} {RDF_TYPE} {iri(OKG.City)} {g} ."
            yield f"{p} {PREF} {text(f'Place {k}')}@en {g} ."
            yield f"{p} {iri(OKG.locatedIn)} {states[k % len(states)]} {g} ."
        for k in range(self.n_units):
            u = self.unit(k)
            yield f"{u} {RDF_TYPE} {iri(OKG.MilitaryUnit)} {g} ."
            yield f"{u} {PREF} {text(f'Unit {k}')}@en {g} ."
            yield f"{u} {iri(OKG.echelon)} {iri(OKG.BrigadeEchelon)} {g} ."
            yield f"{u} {iri(OKG.owningForce)} {forces[k % len(forces)]} {g} ."

    # --- documents ---
    def quads(self) -> Iterator[str]:
        written = 0
        for line in self.reference():
            written += 1
            yield line
        for number in itertools.count():
            for line in self.document(number):
                written += 1
                yield line
            if written >= self.target:
                return

    def timespan(self, node: str, g: str, earliest: dt.date, latest: dt.date, phrase: str | None = None):
        yield f"{node} {RDF_TYPE} {iri(OKG.TimeSpan)} {g} ."
        yield f"{node} {iri(OKG.earliest)} {typed(earliest.isoformat(), 'date')} {g} ."
        yield f"{node} {iri(OKG.latest)} {typed(latest.isoformat(), 'date')} {g} ."
        yield f"{node} {iri(OKG.precision)} {DAY} {g} ."
        if phrase:
            yield f"{node} {iri(OKG.originalPhrase)} {text(phrase)} {g} ."

    def document(self, number: int) -> Iterator[str]:
        rng = self.rng
        base = self.base
        day = min(number // 40, 3000)  # about 40 documents a day
        published = START + dt.timedelta(days=day)
        doc = iri(f"{base}document/bench-{number:08d}")
        g, meta = doc, self.metadata_graph
        publisher = self.source(self.sources.draw())
        marking = rng.choices([m for m, _ in MARKINGS], weights=[w for _, w in MARKINGS])[0]
        digest = hashlib.sha256(f"bench-{number}".encode()).hexdigest()
        # metadata
        yield f"{doc} {RDF_TYPE} {iri(OKG.NewsArticle)} {meta} ."
        yield f"{doc} {TITLE} {text(f'Synthetic report {number}')} {meta} ."
        yield f"{doc} {iri(OKG.publisher)} {publisher} {meta} ."
        yield f"{doc} {iri(OKG.published)} {iri(f'{base}document/bench-{number:08d}/published')} {meta} ."
        yield from self.timespan(iri(f"{base}document/bench-{number:08d}/published"), meta, published, published)
        yield f"{doc} {iri(OKG.marking)} {iri(marking)} {meta} ."
        yield f"{doc} {iri(OKG.language)} {typed('en', 'language')} {meta} ."
        yield f"{doc} {iri(OKG.sourceFile)} {text(f'bench-{number:08d}.yaml')} {meta} ."
        yield f"{doc} {iri(OKG.contentDigest)} {text(digest)} {meta} ."
        yield f"{doc} {iri(OKG.recordedAt)} {typed(f'{published.isoformat()}T12:00:00+00:00', 'dateTime')} {meta} ."
        # the document in its own graph
        yield f"{doc} {RDF_TYPE} {iri(OKG.NewsArticle)} {g} ."
        offset = 0
        for k in range(rng.randint(3, 9)):
            event, kind, event_day = self.event_for(day, rng)
            yield from self.describe_event(event, kind, event_day, g, number, k)
            claim = iri(f"{base}claim/bench-{number:08d}-{k}")
            assessment = rng.random() < 0.2
            claim_day = published - dt.timedelta(days=rng.randint(0, 2))
            claim_day = max(claim_day, START + dt.timedelta(days=event_day))
            claim_day = min(claim_day, published)
            claim_time = iri(f"{base}time/bench-claim-{number:08d}-{k}")
            claimant = self.source(self.sources.draw())
            statement = f"Source report {number}-{k} about {kind.rsplit('#', 1)[-1].lower()} {event[-12:-1]}."
            quote = f"{statement} (quoted)"
            yield f"{claim} {RDF_TYPE} {iri(OKG.Assessment if assessment else OKG.Claim)} {g} ."
            yield f"{claim} {iri(OKG.claimant)} {claimant} {g} ."
            yield f"{claim} {iri(OKG.reportedIn)} {doc} {g} ."
            yield f"{claim} {iri(OKG.claimTime)} {claim_time} {g} ."
            yield from self.timespan(claim_time, g, claim_day, claim_day)
            yield f"{claim} {iri(OKG.about)} {event} {g} ."
            yield f"{claim} {iri(OKG.statement)} {text(statement)} {g} ."
            yield f"{claim} {iri(OKG.credibility)} {iri(OKG[f'Credibility{rng.randint(1, 6)}'])} {g} ."
            evidence = iri(f"{base}claim/bench-{number:08d}-{k}/evidence/{offset}-{offset + len(quote)}")
            yield f"{claim} {iri(OKG.evidence)} {evidence} {g} ."
            yield f"{evidence} {RDF_TYPE} {iri(OKG.Evidence)} {g} ."
            yield f"{evidence} {iri(OKG.quote)} {text(quote)} {g} ."
            yield f"{evidence} {iri(OKG.startOffset)} {typed(offset, 'integer')} {g} ."
            yield f"{evidence} {iri(OKG.endOffset)} {typed(offset + len(quote), 'integer')} {g} ."
            yield f"{evidence} {iri(OKG.inDocument)} {doc} {g} ."
            offset += len(quote) + 1
            if assessment:
                window = iri(f"{base}time/bench-window-{number:08d}-{k}")
                yield f"{claim} {iri(OKG.likelihood)} {iri(rng.choice(LIKELIHOODS))} {g} ."
                yield f"{claim} {iri(OKG.likelihoodPhrase)} {text('could')} {g} ."
                yield f"{claim} {iri(OKG.window)} {window} {g} ."
                yield from self.timespan(window, g, published, published + dt.timedelta(days=rng.randint(7, 120)),
                                         "in the coming weeks")
            else:
                yield f"{claim} {iri(OKG.assertedStatus)} {iri(OKG.Occurred)} {g} ."

    def event_for(self, day: int, rng: random.Random) -> tuple[str, str, int]:
        """A recent event reported again (a third of the time), or a new one."""
        recent = [e for e in self.events if day - e[2] <= 3]
        if recent and rng.random() < 0.35:
            return rng.choice(recent)
        number = self.event_count
        self.event_count += 1
        event = (iri(f"{self.base}event/bench-{number:08d}"), rng.choice(EVENT_KINDS),
                 max(0, day - rng.randint(0, 2)))
        self.events.append(event)
        return event

    def describe_event(self, event: str, kind: str, day: int, g: str, number: int, k: int) -> Iterator[str]:
        """The event as each reporting document describes it (deterministic per event, as a fact file would)."""
        rng = random.Random(event)  # the same description in every document that reports the event
        when = START + dt.timedelta(days=day)
        name = kind.rsplit("#", 1)[-1]
        yield f"{event} {RDF_TYPE} {iri(kind)} {g} ."
        yield f"{event} {RDFS_LABEL} {text(f'{name} {event[-9:-1]}')}@en {g} ."
        time = iri(f"{event[1:-1]}/time")
        yield f"{event} {iri(OKG.validTime)} {time} {g} ."
        yield from self.timespan(time, g, when, when)
        unit = self.unit(self.units.draw())
        other = self.unit(self.units.draw())
        place = self.place(self.places.draw())
        if kind == OKG.Transfer:
            yield f"{event} {iri(OKG.giver)} {iri(f'{self.base}state/russia')} {g} ."
            yield f"{event} {iri(OKG.receiver)} {iri(f'{self.base}state/belarus')} {g} ."
        elif kind == OKG.Meeting:
            yield f"{event} {iri(OKG.participant)} {unit} {g} ."
            yield f"{event} {iri(OKG.participant)} {other} {g} ."
            yield f"{event} {iri(OKG.place)} {place} {g} ."
        elif kind == OKG.JointExercise:
            yield f"{event} {iri(OKG.participant)} {unit} {g} ."
            yield f"{event} {iri(OKG.participant)} {other} {g} ."
            yield f"{event} {iri(OKG.place)} {place} {g} ."
        elif kind == OKG.Movement:
            yield f"{event} {iri(OKG.actor)} {unit} {g} ."
            yield f"{event} {iri(OKG.fromPlace)} {place} {g} ."
            yield f"{event} {iri(OKG.toPlace)} {self.place(self.places.draw())} {g} ."
        else:
            yield f"{event} {iri(OKG.actor)} {unit} {g} ."
            yield f"{event} {iri(OKG.place)} {place} {g} ."
        quantity = iri(f"{event[1:-1]}/quantity")
        low = rng.randint(1, 60) * 10
        yield f"{event} {iri(OKG.quantity)} {quantity} {g} ."
        yield f"{quantity} {RDF_TYPE} {iri(OKG.Quantity)} {g} ."
        yield f"{quantity} {iri(OKG.counts)} {iri(rng.choice(COUNTED))} {g} ."
        yield f"{quantity} {iri(OKG.lowerBound)} {typed(f'{low}.0', 'decimal')} {g} ."
        yield f"{quantity} {iri(OKG.upperBound)} {typed(f'{low * 2}.0', 'decimal')} {g} ."
        yield f"{quantity} {iri(OKG.originalPhrase)} {text(f'between {low} and {low * 2}')} {g} ."


def write(path: Path, triples: int, seed: int = 7) -> Path:
    """Stream the corpus to ``path`` (N-Quads) through a temporary file, so that a file there is always complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        for line in Corpus(triples, seed).quads():
            out.write(line)
            out.write("\n")
    temporary.replace(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about this many quads (default 10,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the N-Quads file to write")
    args = parser.parse_args(argv)
    write(args.output, args.triples, args.seed)


if __name__ == "__main__":
    main()
