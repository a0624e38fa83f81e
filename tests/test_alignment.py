"""Standard terms in exports (kg/export/alignment.py): a partner's store without a reasoner, loaded with an export,
answers a query written in PROV-O, ORG and GeoSPARQL terms only; the expected answer is worked out from the okg:
statements and the ontology's axioms, and the same query on the store itself (no materialisation) finds nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import DEFAULT_BASE, Settings
from kg.export import export_dataset
from kg.export.alignment import add_standard_terms, standard_superclasses, standard_superproperties
from kg.marking import marking_level, visible_dataset
from kg.model import Model
from kg.store import EmbeddedStore
from kg.vocab import OKG, PROV

#: A partner's question in standard vocabularies only: what is attributed to which agent.
PARTNER_QUERY = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?thing ?agent WHERE {
  GRAPH ?g { ?thing prov:wasAttributedTo ?agent }
  GRAPH ?h { ?agent a prov:Agent }
}"""
#: The same answer from the project's own terms and the ontology (claimant and author are prov:wasAttributedTo;
#: every okg:Agent class is below prov:Agent).
OWN_TERMS = """SELECT DISTINCT ?thing ?agent WHERE {{
  GRAPH ?g {{ ?thing ?attributed ?agent }}
  GRAPH ?h {{ ?agent a ?class }}
  VALUES ?attributed {{ <{claimant}> <{author}> }}
  VALUES ?class {{ {agents} }}
}}"""


def _pairs(store, query: str) -> set[tuple[str, str]]:
    return {(str(row["thing"].value), str(row["agent"].value)) for row in store.query(query)}


@pytest.fixture(scope="module")
def setting(built_store_path: Path):
    return Settings(DEFAULT_BASE, built_store_path), Model.load(DEFAULT_BASE)


def test_the_alignment_is_read_from_the_ontology(setting):
    _, model = setting
    classes, properties = standard_superclasses(model), standard_superproperties(model)
    assert PROV.Agent in classes[OKG.Person] and PROV.Entity in classes[OKG.NewsArticle]
    assert properties[OKG.claimant] == {PROV.wasAttributedTo}
    assert all(not str(s).startswith(str(OKG)) for sups in (*classes.values(), *properties.values()) for s in sups)


def test_a_partner_store_without_a_reasoner_answers_in_standard_terms(setting, tmp_path: Path):
    settings, model = setting
    store = EmbeddedStore(settings.store_path, read_only=True)
    dataset = visible_dataset(store, marking_level("TLP:RED", model), settings, model)
    store.close()
    agents = " ".join(f"<{c}>" for c in sorted(model.subclasses(OKG.Agent)))
    own = _pairs(dataset.store, OWN_TERMS.format(claimant=OKG.claimant, author=OKG.author, agents=agents))
    assert own, "the store attributes claims to agents"
    assert _pairs(dataset.store, PARTNER_QUERY) == set()  # the negative control: nothing without the standard terms

    export_dataset(dataset, tmp_path / "out", "trig", settings, model)
    partner = ox.Store()
    partner.load(path=str(tmp_path / "out" / "data.trig"), format=ox.RdfFormat.TRIG)
    assert _pairs(partner, PARTNER_QUERY) == own


def test_standard_terms_only_add_and_never_touch_the_model_graphs(setting):
    settings, model = setting
    store = EmbeddedStore(settings.store_path, read_only=True)
    dataset = visible_dataset(store, marking_level("TLP:CLEAR", model), settings, model)
    store.close()
    before = set(dataset.store)
    added = add_standard_terms(dataset, model, settings)
    after = set(dataset.store)
    assert added == len(after - before) > 0 and before <= after
    model_graphs = {ox.NamedNode(settings.graph("ontology")), ox.NamedNode(settings.graph("shapes"))}
    assert not {q for q in after - before if q.graph_name in model_graphs}
    assert all(not q.predicate.value.startswith(str(OKG)) and not (
        q.predicate.value.endswith("#type") and q.object.value.startswith(str(OKG))) for q in after - before)
    assert add_standard_terms(dataset, model, settings) == 0  # a second run adds nothing
