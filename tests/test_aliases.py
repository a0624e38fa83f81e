"""Every spelling of an entity resolves to its one IRI: in fact files, in query parameters, and in the store."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.aliases import normalise
from kg.config import DEFAULT_BASE
from kg.factfile import FactFileReader
from kg.resolve import EntityResolver

SPELLINGS = {
    "org/hajun": ["Hajun", "Gayun", "Khayun", "Belarusian Hajun", "Гаюн", "Беларускі Гаюн", "Белорусский Гаюн", "hajun",
                  "GAYUN"],
    "person/valerii-zaluzhnyi": ["Zaluzhny", "Zaluzhnyi", "Valery Zaluzhny", "Валерій Залужний"],
    "person/volodymyr-zelenskyy": ["Zelenskyy", "Zelensky", "Volodymyr Zelenskyy", "Володимир Зеленський"],
    "person/sviatlana-tsikhanouskaya": ["Tikhanovska", "Tsikhanouskaya", "Svitlana Tikhanovska",
                                       "Svetlana Tikhanovskaya", "Святлана Ціханоўская"],
    "person/alexander-lukashenko": ["Lukashenko", "Lukashenka", "Аляксандр Лукашэнка"],
    "org/isw": ["ISW", "Institute for the Study of War", "institute for the study of war"],
    "place/kyiv": ["Kyiv", "Kiev", "Київ"],
    "place/border-belarus-ukraine": ["Belarus–Ukraine border", "Belarus-Ukraine border", "border with Ukraine"],
    "equipment/kh-47m2-kinzhal": ["Kinzhal", "Kh-47M2", "Кинжал"],
}
CASES = [(iri, name) for iri, names in SPELLINGS.items() for name in names]


@pytest.mark.parametrize("iri,name", CASES, ids=[f"{i}:{n}" for i, n in CASES])
def test_fact_file_names_resolve_to_one_entity(model, iri, name):
    assert FactFileReader(model).aliases.lookup(name) == {URIRef(DEFAULT_BASE + iri)}


@pytest.mark.parametrize("iri,name", CASES, ids=[f"{i}:{n}" for i, n in CASES])
def test_store_names_resolve_to_one_entity(built_store, iri, name):
    assert EntityResolver(built_store, DEFAULT_BASE + "graph/reference")(name) == URIRef(DEFAULT_BASE + iri)


def test_normalisation_ignores_case_diacritics_dashes_and_spacing():
    assert normalise("  Belarus–Ukraine   BORDER ") == normalise("belarus-ukraine border")
    assert normalise("Tsikhanoŭskaja") == normalise("tsikhanouskaja")
    assert normalise("Hajun") != normalise("Gayun")  # spellings are aliases, not fuzzy matches
