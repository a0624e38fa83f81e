"""What a sharing level may see: the dataset for a TLP level holds nothing from more restricted documents or claims
(canary strings prove it), and everything the level is allowed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from conftest import CANARIES
from kg.config import DEFAULT_BASE, Settings
from kg.errors import QueryError
from kg.marking import marking_level, visible_dataset
from kg.model import Model
from kg.store import EmbeddedStore
from kg.vocab import OKG

LEVELS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


@pytest.fixture(scope="module")
def marked(marked_store_path):
    store = EmbeddedStore(marked_store_path, read_only=True)
    yield store, Settings(DEFAULT_BASE, marked_store_path), Model.load(DEFAULT_BASE)
    store.close()


def _dump(dataset) -> str:
    return dataset.store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")


@pytest.mark.parametrize("level", LEVELS[:-1])
def test_no_canary_below_red(marked, level):
    store, settings, model = marked
    dataset = visible_dataset(store, marking_level(level, model), settings, model)
    text = _dump(dataset)
    assert not [c for c in CANARIES if c in text], f"a canary leaked at {level}"
    assert "Russian troops left Belarus in March 2023." in text  # the CLEAR document's public claim is there
    assert dataset.withheld_claims == (1 if level == "TLP:CLEAR" else 3)  # the GREEN document withholds two
    assert len(dataset.documents) >= 7


def test_red_sees_everything(marked):
    store, settings, model = marked
    dataset = visible_dataset(store, marking_level("red", model), settings, model)
    text = _dump(dataset)
    for canary in ("CANARY-RED-TITLE-7f3a", "CANARY-RED-AGENT-7f3a", "CANARY-RED-EVENT-7f3a",
                   "CANARY-RED-QUANTITY-7f3a", "CANARY-RED-STATEMENT-7f3a", "CANARY-RED-SOURCE-7f3a",
                   "CANARY-CLAIM-STATEMENT-5b1e", "CANARY-CLAIM-EVENT-5b1e", "CANARY-CLAIM-TEXT-5b1e"):
        assert canary in text, canary
    assert dataset.withheld_claims == 0


def test_a_restricted_document_is_absent_down_to_its_metadata(marked):
    store, settings, model = marked
    red_docs = {row[0] for row in store.select(
        "SELECT ?doc WHERE { GRAPH ?g { ?doc ?p ?m } }", {"p": OKG.marking, "m": OKG.TLP_RED}).rows}
    red_docs = {d for d in red_docs if d in store.graph_names()}
    assert len(red_docs) == 1
    [red] = red_docs
    dataset = visible_dataset(store, marking_level("amber+strict", model), settings, model)
    assert ox.NamedNode(str(red)) not in set(dataset.store.named_graphs())
    assert not list(dataset.store.quads_for_pattern(ox.NamedNode(str(red)), None, None))
    assert not list(dataset.store.quads_for_pattern(None, None, ox.NamedNode(str(red))))
    assert str(red) not in dataset.graph_sizes()


LINKS = URIRef(f"{DEFAULT_BASE}document/green-links-note-2023-04")
RED_CLAIMS = [URIRef(f"{DEFAULT_BASE}claim/{key}") for key in (
    "13588ef0b3ad704a9514",  # green-links.yaml's RED claim
    "27aaf0620706399c325d",  # green-links.yaml's RED assessment
    "5332b78ed010a0f20ef7",  # red-report.yaml's claim
    "5ca3c6a4ce6175649469")]  # clear-report.yaml's RED claim


def _links_to(store, node: URIRef) -> set[tuple[str, str]]:
    """(subject, predicate) of every quad of green-links.yaml's graph that has ``node`` as subject or object."""
    pattern = ox.NamedNode(str(node))
    graph = ox.NamedNode(str(LINKS))
    return ({(q.subject.value, q.predicate.value) for q in store.quads_for_pattern(None, None, pattern, graph)}
            | {(q.subject.value, q.predicate.value) for q in store.quads_for_pattern(pattern, None, None, graph)})


def test_links_to_withheld_claims_are_dropped_with_them(marked):
    """A visible assessment whose basis is a RED claim (of its own document, of a RED document, of a CLEAR one), a
    visible claim about a RED claim, a visible resolution of a RED assessment: each stays, its link to the RED claim
    goes (tests/markings/green-links.yaml)."""
    store, settings, model = marked
    red = visible_dataset(store, marking_level("red", model), settings, model).store
    assert all(_links_to(red, claim) for claim in RED_CLAIMS)  # at RED, every link is there
    for level in ("green", "amber", "amber+strict"):
        dataset = visible_dataset(store, marking_level(level, model), settings, model)
        assert LINKS in dataset.documents
        text = _dump(dataset)
        assert not [c for c in CANARIES if c in text], f"a canary leaked at {level}"
        for claim in RED_CLAIMS:
            assert not _links_to(dataset.store, claim), (level, claim)
            assert not list(dataset.store.quads_for_pattern(None, None, ox.NamedNode(str(claim)))), (level, claim)
        for kept in ("The training near Brest is likely a sign of preparation.",  # the assessment, basis cut
                     "The note discusses a restricted report.",  # the claim about a RED claim
                     "The restricted judgement was not borne out."):  # the resolution of a RED assessment
            assert kept in text, (level, kept)
        training = [q for q in dataset.store.quads_for_pattern(None, ox.NamedNode(str(OKG.basis)), None)
                    if q.graph_name == ox.NamedNode(str(LINKS))]
        assert len(training) == 1  # the basis that is visible stays


def test_the_strictest_of_two_markings_wins(marked_store_path, tmp_path):
    """A document marked twice in the metadata graph (CLEAR and RED) is RED: no level below sees it."""
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(marked_store_path, copy)
    store = EmbeddedStore(copy)
    settings, model = Settings(DEFAULT_BASE, copy), Model.load(DEFAULT_BASE)
    metadata = ox.NamedNode(settings.graph("metadata"))
    red_doc = next(q.subject for q in store._store.quads_for_pattern(
        None, ox.NamedNode(str(OKG.marking)), ox.NamedNode(str(OKG.TLP_RED)), metadata))
    store._store.add(ox.Quad(red_doc, ox.NamedNode(str(OKG.marking)), ox.NamedNode(str(OKG.TLP_CLEAR)), metadata))
    try:
        for level in LEVELS[:-1]:
            dataset = visible_dataset(store, marking_level(level, model), settings, model)
            assert URIRef(red_doc.value) not in dataset.documents
            assert not [c for c in CANARIES if c in _dump(dataset)], level
    finally:
        store.close()


def test_levels_see_more_as_they_rise(marked):
    store, settings, model = marked
    sizes = [len(visible_dataset(store, marking_level(level, model), settings, model)) for level in LEVELS]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_marking_names(marked):
    _, _, model = marked
    assert marking_level("tlp:green", model) == OKG.TLP_GREEN
    assert marking_level("Amber+Strict", model) == OKG.TLP_AMBER_STRICT
    with pytest.raises(QueryError, match="not a TLP 2.0 marking"):
        marking_level("white", model)
