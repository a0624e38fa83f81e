"""The synthetic corpus of bench/generate.py is deterministic, looks like real reporting (skewed sources, events
reported more than once) and conforms to the shapes, so benchmarks measure the real thing."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from bench.generate import Corpus
from kg import shapes
from kg.vocab import OKG


@pytest.fixture(scope="module")
def corpus_lines() -> list[str]:
    return list(Corpus(10_000).quads())


@pytest.fixture(scope="module")
def corpus(corpus_lines) -> Dataset:
    dataset = Dataset()
    dataset.parse(data="\n".join(corpus_lines) + "\n", format="nquads")
    return dataset


def test_the_corpus_is_deterministic_and_sized(corpus_lines):
    again = list(Corpus(10_000).quads())
    digest = lambda lines: hashlib.sha256("\n".join(lines).encode()).hexdigest()  # noqa: E731
    assert digest(again) == digest(corpus_lines)
    assert digest(list(Corpus(10_000, seed=8).quads())) != digest(corpus_lines)
    assert 10_000 <= len(corpus_lines) < 10_600


def test_the_corpus_is_skewed_like_real_reporting(corpus):
    union = Graph()
    for s, p, o, _ in corpus.quads((None, None, None, None)):
        union.add((s, p, o))
    by_source = Counter(union.objects(None, OKG.claimant))
    counts = sorted(by_source.values(), reverse=True)
    assert counts[0] >= 5 * counts[len(counts) // 2], "a few prolific sources write most claims"
    reports_per_event = Counter(union.objects(None, OKG.about))
    assert max(reports_per_event.values()) >= 3, "some events are reported by several documents"
    documents = {g for _, _, _, g in corpus.quads((None, OKG.reportedIn, None, None))}
    assert len(documents) > 20


def test_the_corpus_conforms_to_the_shapes(corpus, model):
    data = Graph()
    for s, p, o, _ in corpus.quads((None, None, None, None)):
        data.add((s, p, o))
    context = Graph()
    for triple in (*model.ontology, *model.reference):
        context.add(triple)
    outcome = shapes.validate(data, context)
    assert outcome.conforms, "\n".join(str(r) for r in outcome.violations[:10])
    assert len(set(data.subjects(RDF.type, OKG.Claim))) > 50  # it validated something
