"""The query catalog: every .rq file has a header and runs; golden results on the founding article's graph, compared
with typed values; parameters are bound as RDF terms, never pasted into the text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.api import KnowledgeGraph
from kg.catalog import load_catalog
from kg.config import DEFAULT_BASE, Settings
from kg.errors import QueryError
from kg.sparql import bind
from kg.store import EmbeddedStore
from kg.vocab import OKG

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def graph(seed_store, seed_store_path):
    """The founding article's graph: small, fixed data for golden results."""
    return KnowledgeGraph(seed_store, Settings(DEFAULT_BASE, seed_store_path))


def test_every_query_has_title_description_and_typed_parameters():
    assert len(CATALOG) >= 5
    for query in CATALOG.values():
        assert query.title and query.description, query.name
        for p in query.parameters:
            assert p.description, (query.name, p.name)


def test_every_query_runs_with_example_parameters(graph):
    examples = {"name": "Hajun", "source": "Hajun", "topic": "offensive", "state": "Belarus", "munition": "Kinzhal",
                "person": "Putin", "place": "Ukraine", "entity": "Belarus",
                "start": "2022-01-01", "end": "2022-12-31",
                "event": "Russia hands over at least 50 Ural military trucks to Belarus"}
    for query in CATALOG.values():
        params = {p.name: examples[p.name] for p in query.parameters if p.required}
        frame = graph.query(query.name, **params)
        assert len(frame) > 0, query.name


def _dates(*days: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(d) for d in days]


def test_golden_entity_by_alias(graph):
    frame = graph.query("entity_by_alias", name="Khayun")
    assert frame["entity"].tolist() == [DEFAULT_BASE + "org/hajun"]
    assert frame["label"].tolist() == ["Belarusian Hajun"]
    assert frame["types"].tolist() == ["monitoring group"]
    aliases = set(frame["aliases"][0].split(" | "))
    assert {"Hajun", "Gayun", "Khayun", "Гаюн", "Беларускі Гаюн"} <= aliases


def test_golden_claims_by_source(graph):
    frame = graph.query("claims_by_source", source="Hajun")
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert str(frame["credibility"].dtype) == "Int64"
    rows = sorted(zip(frame["date"], frame["kind"], frame["credibility"]))
    assert rows == sorted([
        (pd.Timestamp("2022-12-18"), "claim", 2),
        (pd.Timestamp("2022-12-20"), "claim", 2),
        (pd.Timestamp("2022-12-20"), "assessment", 2),
        (pd.Timestamp("2022-12-20"), "assessment", 3),
    ])
    assert set(frame["claimant"]) == {"Belarusian Hajun"}


def test_golden_claims_by_source_includes_anonymous_officials_of_an_organisation(graph):
    frame = graph.query("claims_by_source", source="US State Department")
    assert frame["claimant"].tolist() == ["a senior State Department official"]
    assert frame["kind"].tolist() == ["assessment"]


def test_golden_equipment_transfers(graph):
    frame = graph.query("equipment_transfers", giver="Russia", receiver="Belarus")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["giverLabel"], row["receiverLabel"], row["equipment"]) == ("Russia", "Belarus", "Ural military truck")
    assert row["lowerBound"] == 50.0 and pd.isna(row["upperBound"]) and pd.isna(row["value"])
    assert (row["claimant"], row["reported"]) == ("Belarusian Hajun", pd.Timestamp("2022-12-18"))
    assert graph.query("equipment_transfers", giver="Belarus").empty


def test_golden_assessments_about_offensives(graph):
    frame = graph.query("assessments_about", topic="offensive")
    rows = sorted(zip(frame["assessor"], frame["likelihood"], frame["likelihoodRank"]))
    assert rows == sorted([
        ("Valerii Zaluzhnyi", "possible", 4),
        ("Valerii Zaluzhnyi", "almost certain", 8),
        ("a senior State Department official", "realistic possibility", 5),
        ("Belarusian Hajun", "remote chance", 1),
    ])
    window = frame[frame["window"] == "in January or early spring"].iloc[0]
    assert (window["windowStart"], window["windowEnd"]) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-04-30"))


def test_golden_assessments_about_invasions_include_subclass_instances_only(graph):
    frame = graph.query("assessments_about", topic="invasion")
    assert set(frame["assessor"]) == {"Institute for the Study of War", "Sviatlana Tsikhanouskaya"}


def test_golden_graph_stats(graph, model):
    frame = graph.query("graph_stats")
    by_graph = dict(zip(frame["graph"], frame["triples"]))
    assert by_graph[DEFAULT_BASE + "graph/ontology"] == len(model.ontology)
    assert by_graph[DEFAULT_BASE + "graph/reference"] == len(model.reference)
    assert "NewsArticle" in set(frame["kind"])


def test_a_parameter_with_sparql_syntax_is_data(graph):
    hostile = 'x" } } UNION { GRAPH ?g { ?s ?p ?o } } #'
    with pytest.raises(QueryError, match="no entity is named"):
        graph.query("claims_by_source", source=hostile)
    # bound directly as a literal, it is one term: it matches nothing and comments nothing out
    text = CATALOG["claims_by_source"].text
    assert graph.store.select(text, {"source": Literal(hostile)}).rows == []
    assert hostile not in bind(text, {"source": Literal("safe")})
    assert '\\"' in bind(text, {"source": Literal(hostile)})


def test_unknown_query_and_parameters_are_query_errors(graph):
    with pytest.raises(QueryError, match="no query named"):
        graph.query("no_such_query")
    with pytest.raises(QueryError, match="needs parameter 'source'"):
        graph.query("claims_by_source")
    with pytest.raises(QueryError, match="has no parameter"):
        graph.query("graph_stats", colour="red")


def test_ad_hoc_sparql_returns_a_typed_frame(graph):
    frame = graph.query("""SELECT ?date WHERE { GRAPH ?g { ?span <https://w3id.org/okg/ontology#earliest> ?date } }
                           ORDER BY ?date LIMIT 1""")
    assert frame["date"].tolist() == [pd.Timestamp(dt.date(2022, 2, 24))]


def test_entity_parameters_accept_iris(graph):
    by_iri = graph.query("claims_by_source", source=URIRef(DEFAULT_BASE + "org/hajun"))
    by_alias = graph.query("claims_by_source", source="Гаюн")
    assert sorted(by_iri["claim"]) == sorted(by_alias["claim"])


def test_golden_leaders_of(graph):
    frame = graph.query("leaders_of", state="Ukraine")
    rows = sorted(zip(frame["name"], frame["postKind"], frame["start"], frame["end"].astype(object)),
                  key=lambda r: r[0])
    assert rows[0][:3] == ("Valerii Zaluzhnyi", "commander-in-chief", pd.Timestamp("2021-07-27"))
    assert rows[0][3] == pd.Timestamp("2024-02-08")
    assert rows[1][:3] == ("Volodymyr Zelenskyy", "head of state", pd.Timestamp("2019-05-20"))
    assert pd.isna(rows[1][3])
    assert frame["name"].iloc[0] == "Volodymyr Zelenskyy"  # current holders first
    assert graph.query("leaders_of", state="Russia")["name"].tolist() == ["Vladimir Putin"] * 2


def test_golden_equipment_capabilities_follow_the_type_hierarchy(graph):
    for munition in ("Kinzhal", "air-launched ballistic missile", "ballistic missile", "missile"):
        frame = graph.query("equipment_capabilities", munition=munition)
        assert sorted(zip(frame["carrierName"], frame["category"])) == [
            ("MiG-31K", "interceptor aircraft"), ("Tu-22M3", "bomber")], munition
    assert graph.query("equipment_capabilities", munition="truck").empty


def test_golden_meetings_of(graph):
    frame = graph.query("meetings_of", person="Lukashenka")
    assert frame[["participants", "placeName", "reportedBy"]].values.tolist() == [
        ["Vladimir Putin", "Minsk", "the article's unnamed author"]]
    assert frame["date"].tolist() == [pd.Timestamp("2022-12-20")]


def test_golden_movements_toward(graph):
    for place in ("Belarus", "Ukraine", "Belarus–Ukraine border"):
        frame = graph.query("movements_toward", place=place)
        assert set(frame["forceName"]) == {"Armed Forces of the Russian Federation"}, place
        assert set(frame["claimantName"]) == {"Belarusian Hajun"}
        assert set(frame["size"]) == {"small"}
    assert graph.query("movements_toward", place="Kyiv").empty


def test_golden_events_in_period(graph):
    frame = graph.query("events_in_period", start="2022-12-01", end="2022-12-31")
    assert pd.api.types.is_datetime64_any_dtype(frame["from"])
    assert list(zip(frame["type"], frame["from"], frame["to"])) == [
        ("transfer", *_dates("2022-12-18", "2022-12-18")),
        ("meeting", *_dates("2022-12-20", "2022-12-20")),
        ("deployment", *_dates("2022-12-20", "2022-12-20")),  # the aircraft
        ("deployment", *_dates("2022-12-20", "2022-12-20")),  # the build-up
        ("movement", *_dates("2022-12-20", "2022-12-20")),
    ]  # same-day events in IRI order, which is derived from ids or content and so stable
    by_label = frame.set_index("label")
    transfer = by_label.loc["Russia hands over at least 50 Ural military trucks to Belarus"]
    assert set(transfer["actors"].split(", ")) == {"Belarus", "Russia"}
    assert transfer["quantities"] == "at least 50 Ural military trucks"
    assert by_label.loc["Putin meets Lukashenko in Minsk", "places"] == "Minsk"
    movement = frame[frame["type"] == "movement"].iloc[0]
    assert set(movement["places"].split(", ")) == {
        "northern part of Belarus", "central part of Belarus", "southern part of Belarus",
        "near Belarus–Ukraine border"}
    aircraft = by_label.loc["Russia deploys additional military aircraft in Belarus, including Kinzhal carriers"]
    assert set(aircraft["quantities"].split(" | ")) == {
        "additional military aircraft", "including those capable of carrying Kinzhal ballistic missiles"}
    assert pd.isna(by_label.loc["Russia ramps up its military deployment in Belarus", "quantities"])


def test_golden_events_in_period_bounds_and_place(graph):
    # February 2022: the invasion (24th) and the failed attempt on Kyiv ("in February", known to the month)
    february = graph.query("events_in_period", start="2022-02-01", end="2022-02-28")
    assert february["type"].tolist() == ["invasion", "offensive"]
    assert graph.query("events_in_period", start="2022-02-26", end="2022-03-31")["type"].tolist() == ["offensive"]
    assert graph.query("events_in_period", start="2022-02-01", end="2022-02-28", place="Kyiv")["type"].tolist() == [
        "offensive"]
    # a period ending the day before an event excludes it
    assert graph.query("events_in_period", start="2022-12-19", end="2022-12-19").empty
    assert graph.query("events_in_period", start="2022-12-18", end="2022-12-18")["type"].tolist() == ["transfer"]
    # in Belarus: the meeting in Minsk (inside Belarus), the deployment (in Belarus), the movement (to its south)
    in_belarus = graph.query("events_in_period", start="2022-12-01", end="2022-12-31", place="Belarus")
    assert sorted(in_belarus["type"]) == ["deployment", "deployment", "meeting", "movement"]
    # toward Ukraine: only the movement toward the border; nothing happened in Kyiv
    in_ukraine = graph.query("events_in_period", start="2022-12-01", end="2022-12-31", place="Ukraine")
    assert in_ukraine["type"].tolist() == ["movement"]
    assert graph.query("events_in_period", start="2022-12-01", end="2022-12-31", place="Kyiv").empty


def test_golden_timeline(graph):
    frame = graph.query("timeline", entity="Belarus")
    assert frame["from"].is_monotonic_increasing
    events = frame[~frame["kind"].isin(["claim", "assessment"])]
    assert list(zip(events["kind"], events["from"], events["roles"].str.split(", ").map(set))) == [
        ("invasion", pd.Timestamp("2022-02-24"), {"from"}),
        ("transfer", pd.Timestamp("2022-12-18"), {"receiver"}),
        ("deployment", pd.Timestamp("2022-12-20"), {"place"}),  # the aircraft
        ("deployment", pd.Timestamp("2022-12-20"), {"place"}),  # the build-up
        ("movement", pd.Timestamp("2022-12-20"), {"from", "to"}),  # from the north, to the south of Belarus
        ("offensive", pd.Timestamp("2023-01-01"), {"possible place"}),  # "even from Belarus", January or spring
    ]
    claims = frame[frame["kind"].isin(["claim", "assessment"])]
    assert len(claims) == 9
    assert set(claims["roles"]) == {"subject (from)", "subject (place)", "subject (receiver)",
                                    "subject (possible place)", "subject (from), subject (to)"}
    # Hajun's claim about the movement reaches Belarus through the areas "northern/southern part of Belarus"
    movement_claim = claims[claims["description"].str.startswith("Russia is moving troops")]
    assert set(movement_claim["roles"].iloc[0].split(", ")) == {"subject (from)", "subject (to)"}
    assert set(frame["precision"]) == {"day", "week", "season"}
    assert set(frame["document"]) == {DEFAULT_BASE + "document/050e71fd75b32e893bd2"}


def test_golden_timeline_of_a_claimant(graph):
    frame = graph.query("timeline", entity="Gayun")
    assert list(zip(frame["from"], frame["kind"])) == [
        (pd.Timestamp("2022-12-18"), "claim"),
        (pd.Timestamp("2022-12-20"), "assessment"),
        (pd.Timestamp("2022-12-20"), "assessment"),
        (pd.Timestamp("2022-12-20"), "claim"),
    ]
    assert set(frame["roles"]) == {"claimant"}


def test_golden_documents_citing(graph):
    frame = graph.query("documents_citing", entity="Zaluzhny")
    assert set(frame["document"]) == {DEFAULT_BASE + "document/050e71fd75b32e893bd2"}
    assert (frame["published"] == pd.Timestamp("2022-12-20")).all()
    assert set(frame["marking"]) == {"TLP:CLEAR"}
    assert sorted(zip(frame["kind"], frame["how"])) == [
        ("assessment", "claimant"), ("assessment", "claimant"), ("claim", "claimant")]
    # Kinzhal is only what some of the deployed aircraft can carry: the claim about that deployment mentions it
    kinzhal = graph.query("documents_citing", entity="Kinzhal")
    assert set(kinzhal["how"]) == {"about an event involving it"}
    assert kinzhal["statement"].tolist() == [
        "Russia has deployed additional military aircraft in Belarus, including aircraft capable of carrying Kinzhal "
        "ballistic missiles."]
    assert graph.query("documents_citing", entity="Tu-22M3").empty


def test_golden_timeline_of_a_time_without_precision(tmp_path, model):
    """A time span without a precision has no precision label: the label look-up is keyed on the precision found,
    never on an unbound one (which would join every label in the store, one row each)."""
    from rdflib.namespace import XSD  # not at module level: pytest probes module globals and XSD warns on that

    base, settings = DEFAULT_BASE, Settings(DEFAULT_BASE, tmp_path / "store")
    event, time, entity = URIRef(base + "event/no-precision"), URIRef(base + "time/no-precision"), URIRef(
        base + "state/belarus")
    document = Graph()
    document.add((event, RDF.type, OKG.Meeting))
    document.add((event, RDFS.label, Literal("A meeting dated without a precision", lang="en")))
    document.add((event, OKG.participant, entity))
    document.add((event, OKG.validTime, time))
    document.add((time, OKG.earliest, Literal("2022-12-01", datatype=XSD.date)))
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                         (URIRef(settings.graph("reference")), model.reference),
                         (URIRef(base + "document/no-precision"), document)])
        frame = KnowledgeGraph(store, settings).query("timeline", entity=entity)
        assert len(frame) == 1
        row = frame.iloc[0]
        assert (row["kind"], row["from"], row["to"], row["roles"]) == (
            "meeting", pd.Timestamp("2022-12-01"), pd.Timestamp("2022-12-01"), "participant")
        assert pd.isna(row["precision"])
    finally:
        store.close()
