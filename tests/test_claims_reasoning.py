"""Reasoning over claims: attribution chains and independent corroboration, contradictions side by side, what was
believed when (as_of), ratings as filters, and assessments' track records. On the project's articles (the seed, the
original sources it cites, the analyst's note) and on small cases built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from conftest import SEED
from kg.api import KnowledgeGraph
from kg.config import ARTICLES_DIR, DEFAULT_BASE, Settings
from kg.ingest import ingest_batch, read_batches
from kg.model import Model
from kg.store import EmbeddedStore

TRUCKS = "Russia hands over at least 50 Ural military trucks to Belarus"
INVASION = "Invasion of Ukraine by Russian forces from Belarus"


@pytest.fixture(scope="module")
def graph(built_store, built_store_path) -> KnowledgeGraph:
    return KnowledgeGraph(built_store, Settings(DEFAULT_BASE, built_store_path))


def _article(folder: Path, name: str, doc_id: str, publisher: str, published: str, claims: list[dict],
             cites: dict | None = None, quantity: dict | None = None, doc_type: str = "news article") -> Path:
    """A small fact file without text (so claims need no evidence) about one shared event, by its id."""
    lines = [f"document:\n  id: {doc_id}\n  type: {doc_type}\n  title: {name}\n  published: {published}\n"
             f"  publisher: {publisher}\n  marking: TLP:CLEAR\n"]
    if cites:
        lines.append("sources:\n" + "".join(f"  {key}:\n    id: {value['id']}\n    type: {value['type']}\n"
                                            f"    publisher: {value['publisher']}\n" for key, value in cites.items()))
    event = ("events:\n  convoy:\n    id: test-convoy-2023-03\n    type: movement\n    label: A test convoy\n"
             "    actor: Russian Armed Forces\n    to: Belarus\n    time: 2023-03-01\n")
    if quantity:
        event += "    quantities:\n      - counts: troops\n" + "".join(f"        {k}: {v}\n" for k, v in quantity.items())
    lines.append(event)
    lines.append("claims:\n" + "".join(
        f"  - claimant: {c['claimant']}\n    date: {published}\n    about: convoy\n    status: occurred\n"
        f"    credibility: 2\n    statement: {c['statement']}\n    attribution-note: a test case\n"
        + (f"    cites: {c['cites']}\n" if "cites" in c else "") for c in claims))
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _store(tmp_path: Path, files: list[Path], recorded: list[str] | None = None) -> KnowledgeGraph:
    """A store holding the model and ``files``, each recorded at the given time (ISO), validated as kg ingest does."""
    settings = Settings(DEFAULT_BASE, tmp_path / "store")
    store = EmbeddedStore(settings.store_path)
    model = Model.load(DEFAULT_BASE)
    from rdflib import URIRef

    store.bulk_load([(URIRef(settings.graph("ontology")), model.ontology),
                     (URIRef(settings.graph("reference")), model.reference)])
    for index, batch in enumerate(read_batches(files, model, settings)):
        now = dt.datetime.fromisoformat(recorded[index]) if recorded else None
        result = ingest_batch(store, batch, settings, now)
        assert result.status == "added", (batch.source, result.report and result.report.findings)
    return KnowledgeGraph(store, settings)


ORIGINAL = {"id": "test-original-post", "type": "social-media post", "publisher": "Hajun"}


def test_repeats_of_one_original_are_one_source(tmp_path: Path) -> None:
    files = [_article(tmp_path, "original", "test-original-post", "Hajun", "2023-03-02",
                      [{"claimant": "Hajun", "statement": "A convoy moved to Belarus."}], doc_type="social-media post")]
    for outlet in ("The Economist", "ISW", "US State Department"):
        files.append(_article(tmp_path, f"repeat by {outlet}", f"test-repeat-{len(files)}", outlet, "2023-03-03",
                              [{"claimant": "Hajun", "statement": "Hajun says a convoy moved.", "cites": "post"}],
                              cites={"post": ORIGINAL}))
    graph = _store(tmp_path, files)
    frame = graph.query("corroboration", event="A test convoy")
    assert len(frame) == 4, "the original and its three repeats"
    assert set(frame["origin"]) == {DEFAULT_BASE + "document/test-original-post"}
    assert set(frame["originSource"]) == {"Belarusian Hajun"}
    assert frame["independentSources"].tolist() == [1] * 4


def test_two_independent_originals_are_two_sources(tmp_path: Path) -> None:
    files = [
        _article(tmp_path, "hajun post", "test-post-a", "Hajun", "2023-03-02",
                 [{"claimant": "Hajun", "statement": "A convoy moved to Belarus."}], doc_type="social-media post"),
        _article(tmp_path, "isw report", "test-report-b", "ISW", "2023-03-02",
                 [{"claimant": "ISW", "statement": "A convoy moved to Belarus, we observed."}], doc_type="report"),
        _article(tmp_path, "outlet repeating hajun", "test-repeat-c", "The Economist", "2023-03-04",
                 [{"claimant": "Hajun", "statement": "Hajun says a convoy moved.", "cites": "post"}],
                 cites={"post": {"id": "test-post-a", "type": "social-media post", "publisher": "Hajun"}}),
    ]
    graph = _store(tmp_path, files)
    frame = graph.query("corroboration", event="A test convoy")
    assert len(frame) == 3
    assert set(frame["independentSources"]) == {2}
    assert set(frame["originSource"]) == {"Belarusian Hajun", "Institute for the Study of War"}


def test_numbers_that_cannot_both_be_true_are_set_side_by_side(tmp_path: Path) -> None:
    files = [
        _article(tmp_path, "at least fifty", "test-count-a", "Hajun", "2023-03-02",
                 [{"claimant": "Hajun", "statement": "At least 50 soldiers."}], quantity={"at-least": 50},
                 doc_type="social-media post"),
        _article(tmp_path, "about twenty", "test-count-b", "ISW", "2023-03-03",
                 [{"claimant": "ISW", "statement": "About 20 soldiers."}], quantity={"value": 20, "approximate": "true"},
                 doc_type="report"),
        _article(tmp_path, "at most eighty", "test-count-c", "The Economist", "2023-03-03",
                 [{"claimant": "The Economist", "statement": "At most 80 soldiers."}], quantity={"at-most": 80}),
    ]
    graph = _store(tmp_path, files)
    frame = graph.query("contradictions", event="A test convoy")
    assert frame["kind"].tolist() == ["numbers"]  # 50+ against about 20; "at most 80" agrees with both
    row = frame.iloc[0]
    assert {row["claimantA"], row["claimantB"]} == {"Belarusian Hajun", "Institute for the Study of War"}
    assert row["aboutA"] == row["aboutB"] == "A test convoy"


def test_approximate_numbers_have_a_tolerance_and_a_pair_is_one_row(tmp_path: Path) -> None:
    """'About 90' is 76.5 to 103.5 (±15 %): it agrees with 103 and conflicts with 110; the exact 103 and 110
    conflict; each pair is one row, with its reason."""
    files = [
        _article(tmp_path, "about ninety", "test-tol-a", "Hajun", "2023-03-02",
                 [{"claimant": "Hajun", "statement": "About 90 soldiers."}], quantity={"value": 90, "approximate": "true"},
                 doc_type="social-media post"),
        _article(tmp_path, "one hundred and three", "test-tol-b", "ISW", "2023-03-03",
                 [{"claimant": "ISW", "statement": "103 soldiers."}], quantity={"value": 103}, doc_type="report"),
        _article(tmp_path, "one hundred and ten", "test-tol-c", "The Economist", "2023-03-03",
                 [{"claimant": "The Economist", "statement": "110 soldiers."}], quantity={"value": 110}),
    ]
    frame = _store(tmp_path, files).query("contradictions", event="A test convoy")
    pairs = {frozenset((row["claimantA"], row["claimantB"])) for _, row in frame.iterrows()}
    assert pairs == {frozenset(("Belarusian Hajun", "The Economist")),  # not Hajun and ISW: within the tolerance
                     frozenset(("Institute for the Study of War", "The Economist"))}
    assert len(frame) == 2 and all("do not overlap" in reason for reason in frame["reason"])


def test_the_seed_articles_judgements_that_disagree(graph: KnowledgeGraph) -> None:
    frame = graph.query("contradictions")
    judgements = frame[frame["kind"] == "judgements"]
    pairs = sorted(zip(judgements["claimantA"], judgements["positionA"], judgements["claimantB"],
                       judgements["positionB"]))
    assert pairs == [
        ("Belarusian Hajun", "remote chance (certainly not sufficient)",
         "Valerii Zaluzhnyi", "possible (could begin); based on 200,000 troops"),
        ("Institute for the Study of War", "unlikely (not in the near future)",
         "Valerii Zaluzhnyi", "possible (could begin); based on 200,000 troops"),
    ]
    # the originals stand in for the article's repetitions of them
    assert set(judgements["docA"]) == {DEFAULT_BASE + "document/hajun-telegram-2022-12-20",
                                       DEFAULT_BASE + "document/isw-assessment-2022-12-16"}
    assert set(judgements["docB"]) == {DEFAULT_BASE + "document/economist-zaluzhnyi-interview-2022-12"}


def test_the_seed_articles_report_and_its_original_are_one_source(graph: KnowledgeGraph) -> None:
    frame = graph.query("corroboration", event=TRUCKS)
    assert set(frame["document"]) == {DEFAULT_BASE + "document/050e71fd75b32e893bd2",
                                      DEFAULT_BASE + "document/hajun-telegram-2022-12-18"}
    assert set(frame["origin"]) == {DEFAULT_BASE + "document/hajun-telegram-2022-12-18"}
    assert set(frame["independentSources"]) == {1}


def test_as_of_follows_report_time_and_recorded_by_record_time(tmp_path: Path) -> None:
    """Record times as they would have been: the Dec 18 post that evening, the article on Dec 20, the note (published
    31 May 2023) the next morning. as_of asks what had been reported by a day, recorded_by what the graph held."""
    folder = tmp_path / "articles"
    folder.mkdir()
    names = ["2022-12-18-hajun-telegram-ural-trucks.yaml", SEED.name, "2023-05-31-analyst-note-offensive-from-belarus.yaml"]
    for name in names + ["000_7abdb280e8ea2e26.txt", "2023-05-31-analyst-note-offensive-from-belarus.txt"]:
        (folder / name).write_bytes((ARTICLES_DIR / name).read_bytes())
    graph = _store(tmp_path, [folder / n for n in names],
                   ["2022-12-18T21:00:00+00:00", "2022-12-20T18:00:00+00:00", "2023-06-01T09:00:00+00:00"])

    def hajun_claims(**when: str) -> list[str]:
        return sorted(graph.query("claims_by_source", source="Hajun", **when)["document"].unique())

    assert hajun_claims(as_of="2022-12-17") == []
    assert hajun_claims(as_of="2022-12-19") == [DEFAULT_BASE + "document/hajun-telegram-2022-12-18"]
    assert len(hajun_claims(as_of="2022-12-20")) == 2
    assert hajun_claims(recorded_by="2022-12-19") == [DEFAULT_BASE + "document/hajun-telegram-2022-12-18"]
    assert len(graph.query("corroboration", event=TRUCKS, as_of="2022-12-19")) == 1
    assert len(graph.query("corroboration", event=TRUCKS, as_of="2022-12-21")) == 2
    invasion = lambda frame: frame[frame["proposition"] == INVASION].iloc[0]  # noqa: E731
    track = lambda **when: invasion(graph.query("assessment_track_record", source="ISW", **when))["outcome"]  # noqa: E731
    # the analyst's resolution was published on 31 May 2023 and recorded the next morning
    assert track(as_of="2023-05-30") == "open" and track(as_of="2023-05-31") == "confirmed"
    assert track(recorded_by="2023-05-31") == "open" and track(recorded_by="2023-06-01") == "confirmed"
    # both: reported by the first day and held by the second
    assert track(as_of="2023-05-31", recorded_by="2023-05-31") == "open"
    # without either: everything
    assert len(graph.query("claims_by_source", source="Hajun")) > len(graph.query("claims_by_source", source="Hajun",
                                                                                  as_of="2022-12-19"))


def test_as_of_replays_the_past_on_an_archive_ingested_today(graph: KnowledgeGraph) -> None:
    """A store built today (every record time today) still answers what had been reported by a past day; what it
    held by then is nothing."""
    reported = graph.query("claims_by_source", source="Hajun", as_of="2022-12-19")
    assert set(reported["document"]) == {DEFAULT_BASE + "document/hajun-telegram-2022-12-18"}
    assert graph.query("claims_by_source", source="Hajun", recorded_by="2022-12-19").empty
    assert not graph.query("assessment_track_record", source="ISW", as_of="2023-06-30").empty  # the README's example


def test_ratings_filter_claims(graph: KnowledgeGraph) -> None:
    everything = graph.query("claims_by_source", source="Hajun")
    assert set(everything["credibility"]) == {2, 3}
    assert set(graph.query("claims_by_source", source="Hajun", min_credibility=2)["credibility"]) == {2}
    # Hajun is rated B: "at least B" keeps its claims, "at least A" does not
    assert len(graph.query("claims_by_source", source="Hajun", min_reliability="b")) == len(everything)
    assert graph.query("claims_by_source", source="Hajun", min_reliability="A").empty
    # an unnamed official counts with their organisation, which has no rating: left out by any floor
    assert not graph.query("assessments_about", topic="offensive").empty
    officials = graph.query("assessments_about", topic="offensive", min_reliability="F")
    assert "a senior State Department official" not in set(officials["assessor"])
    assert "Belarusian Hajun" in set(officials["assessor"])
    assert graph.query("corroboration", event=TRUCKS, min_credibility=1).empty


def test_track_records_after_the_winter(graph: KnowledgeGraph) -> None:
    isw = graph.query("assessment_track_record", source="ISW")
    assert sorted(zip(isw["proposition"], isw["likelihood"], isw["outcome"], isw["reports"])) == [
        (INVASION, "unlikely", "confirmed", 2),
        ("Russian forces set conditions for an attack on Ukraine from Belarus", "possible", "undetermined", 2),
    ]
    assert set(isw["shareConfirmed"]) == {1.0}
    zaluzhnyi = graph.query("assessment_track_record", source="Zaluzhny")
    assert sorted(zip(zaluzhnyi["outcome"], zaluzhnyi["undetermined"], zaluzhnyi["open"])) == [
        ("open", 1, 1), ("undetermined", 1, 1)]
    assert zaluzhnyi["shareConfirmed"].isna().all(), "nothing decided: no share"
    hajun = graph.query("assessment_track_record", source="Hajun")
    assert dict(zip(hajun["outcome"], hajun["likelihood"])) == {"confirmed": "remote chance", "open": "possible"}
    assert pd.api.types.is_float_dtype(hajun["shareConfirmed"])


def test_a_cited_document_without_a_claim_about_the_event_is_still_the_origin(graph: KnowledgeGraph) -> None:
    """The interview is in the graph but has no claim about a new attempt on Kyiv (the article attributes that
    expectation to Zaluzhnyi only by context): the trace still ends in the interview, and the source is the claimant
    the article names, Zaluzhnyi — not the interview's publisher, The Economist, which only printed his words.
    (A cited document's claims about other events must not derail the trace.)"""
    frame = graph.query("corroboration", event="A new Russian attempt to conquer Kyiv")
    assert frame["origin"].tolist() == [DEFAULT_BASE + "document/economist-zaluzhnyi-interview-2022-12"]
    assert frame["originSource"].tolist() == ["Valerii Zaluzhnyi"]


def test_an_outlet_relaying_two_sources_from_one_cited_document_relays_two(tmp_path: Path) -> None:
    """Issue 14 #1, deflation: one outlet relays a ministry and a monitoring group, both from one cited document that
    has no fact file (a broadcast). Two sources, not the broadcast's publisher once."""
    broadcast = {"broadcast": {"id": "test-broadcast", "type": "interview", "publisher": "The Economist"}}
    files = [_article(tmp_path, "outlet relaying both", "test-relay-both", "The Economist", "2023-03-02",
                      [{"claimant": "Hajun", "statement": "A convoy moved to Belarus.", "cites": "broadcast"},
                       {"claimant": "US State Department", "statement": "A convoy moved, officials say.", "cites": "broadcast"}],
                      cites=broadcast)]
    frame = _store(tmp_path, files).query("corroboration", event="A test convoy")
    assert set(frame["originSource"]) == {"Belarusian Hajun", "United States Department of State"}
    assert set(frame["independentSources"]) == {2}


GROUPING_STORY = Path(__file__).parent / "golden" / "data" / "belarus-mod-grouping"
GROUPING = DEFAULT_BASE + "event/ukrainian-grouping-near-belarus-2023-02"
TELEGRAM_POST = DEFAULT_BASE + "document/belarus-mod-telegram-2023-02-21"


def _grouping_story(tmp_path: Path, edit=None, extra: dict[str, str] | None = None) -> list[Path]:
    """The Belarusian grouping story of February 2023 (tests/golden), copied so that a test may change a file
    (``edit(name, text) -> text``) or add some (``extra``: name → text)."""
    files = []
    for folder in ("entities", "articles"):
        for path in sorted((GROUPING_STORY / folder).glob("*.yaml")):
            target = tmp_path / path.name
            text = path.read_text(encoding="utf-8")
            target.write_text(edit(path.name, text) if edit else text, encoding="utf-8")
            files.append(target)
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    return files


def test_a_citation_cycle_is_reported_and_counted_at_its_claimant(tmp_path: Path) -> None:
    """Issue 14 #3, constructed from the real story: the ministry's post is made to cite Al Mayadeen's article, which
    cites the post, so every chain through the post comes back to it. The query ends, the rows whose chain loops say
    so (note), their origin stays at their own document (no report there relays nothing), and the count is still one
    source. Republic World's chain (to the Guardian) does not pass through the loop: no note."""
    def edit(name: str, text: str) -> str:
        if name == "2023-02-21-almayadeen.yaml":
            return text.replace("document:\n", "document:\n  id: almayadeen-grouping-2023-02-21\n", 1)
        if name == "2023-02-21-belarus-mod-telegram.yaml":
            return (text.replace("events:\n", "sources:\n  almayadeen: {id: almayadeen-grouping-2023-02-21, type: news "
                                              "article, publisher: Al Mayadeen English}\n\nevents:\n", 1)
                    .replace("    credibility: 4\n", "    credibility: 4\n    cites: almayadeen\n", 1))
        return text
    frame = _store(tmp_path, _grouping_story(tmp_path, edit)).query("corroboration", event=GROUPING)
    assert len(frame) == 7
    looped = frame[frame["note"] == "citation cycle"]
    assert len(looped) == 6, frame[["document", "origin", "note"]]
    assert (looped["origin"] == looped["document"]).all()
    assert frame[frame["note"].isna()]["origin"].str.startswith(DEFAULT_BASE + "document/").all()
    assert set(frame["independentSources"]) == {1} and set(frame["originSource"]) == {"Ministry of Defence of Belarus"}


def test_a_claim_naming_an_outlet_leads_to_the_claimants_it_named(tmp_path: Path) -> None:
    """A claim whose claimant is the cited document's publisher ("Reuters reported ...") starts where the claims of
    Reuters' article start: the ministry's post, with the ministry as source, when Reuters' article is in the graph.
    Negative control: with the claimant named as Reuters and the wire's article not in the graph, Reuters is the
    source (the claimant the claim names) — one source more."""
    relay = ("document:\n  id: test-outlet-citing-reuters\n  type: news article\n  title: An outlet citing Reuters\n"
             "  published: 2023-02-22\n  publisher: The Jerusalem Post\n  marking: TLP:CLEAR\n"
             "sources:\n  wire: {id: reuters-belarus-grouping-2023-02-21, type: news article, publisher: Reuters}\n"
             "events:\n  grouping:\n    id: ukrainian-grouping-near-belarus-2023-02\n    type: deployment\n"
             "    label: A significant grouping of the Ukrainian army concentrated near the Belarusian border "
             "(February 2023)\n    actor: Armed Forces of Ukraine\n    place: Belarus–Ukraine border\n"
             "    time: {latest: 2023-02-21, phrase: at present}\n"
             "claims:\n  - claimant: Reuters\n    date: 2023-02-22\n    about: grouping\n    status: occurred\n"
             "    credibility: 4\n    cites: wire\n    statement: Reuters reported a Ukrainian grouping near the border.\n"
             "    attribution-note: a test case\n")
    frame = _store(tmp_path / "with", _grouping_story(_mkdir(tmp_path / "with"), extra={"relay.yaml": relay})
                   ).query("corroboration", event=GROUPING)
    row = frame[frame["document"] == DEFAULT_BASE + "document/test-outlet-citing-reuters"]
    assert row["origin"].tolist() == [TELEGRAM_POST]
    assert row["originSource"].tolist() == ["Ministry of Defence of Belarus"]
    assert set(frame["independentSources"]) == {1}
    without = _grouping_story(_mkdir(tmp_path / "without"), extra={"relay.yaml": relay})
    without = [p for p in without if p.name != "2023-02-21-reuters.yaml"]
    frame = _store(tmp_path / "without", without).query("corroboration", event=GROUPING)
    row = frame[frame["document"] == DEFAULT_BASE + "document/test-outlet-citing-reuters"]
    assert row["originSource"].tolist() == ["Reuters"]
    assert set(frame["independentSources"]) == {2}


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_documents_report_traces_are_replaced_and_removed_with_it(tmp_path: Path) -> None:
    """The report index is the document's metadata: a new version of the Jerusalem Post's item that no longer cites
    the wire relays nothing, and removing the document (as kg entity unmerge removes one) removes its traces."""
    files = _grouping_story(tmp_path)
    graph = _store(tmp_path, files)
    jpost = next(p for p in files if p.name == "2023-02-21-jpost.yaml")
    count = ("PREFIX okg: <https://w3id.org/osint-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?m { "
             "?doc okg:hasReport ?trace . ?trace ?p ?o } }")

    def traces(doc) -> tuple[int, int]:
        relays = graph.store.select(count.replace("?p ?o", "okg:relays ?o"), {"doc": doc}).rows[0][0]
        return int(graph.store.select(count, {"doc": doc}).rows[0][0]), int(relays)

    batch = read_batches([jpost], Model.load(DEFAULT_BASE), graph.settings, graph.store)[0]
    # the ministry's report (subject, claimant, relay of the wire's report) and the publisher's (relaying the ministry's)
    assert traces(batch.document) == (4, 2)
    jpost.write_text(jpost.read_text(encoding="utf-8").replace("    cites: reuters-wire\n", ""), encoding="utf-8")
    changed = read_batches([jpost], Model.load(DEFAULT_BASE), graph.settings, graph.store)[0]
    assert ingest_batch(graph.store, changed, graph.settings).status == "updated"
    assert traces(changed.document) == (3, 1), "the wire's report is no longer relayed"
    from rdflib import Graph, URIRef
    graph.store.replace({changed.document: Graph()},  # what removing a document does (kg entity unmerge)
                        remove_subjects={URIRef(graph.settings.graph("metadata")): [changed.document]})
    assert traces(changed.document) == (0, 0)


def test_the_benchmarks_relay_chain_is_traced_five_documents_back(tmp_path: Path) -> None:
    """bench/run.py measures corroboration over its relay chain: the chain must be what it says, the last of five
    documents traced to the first, one source."""
    from bench.run import RELAY_CHAIN_EVENT, relay_chain

    frame = _store(tmp_path, relay_chain(tmp_path)).query("corroboration",
                                                          event=f"{DEFAULT_BASE}event/{RELAY_CHAIN_EVENT}")
    assert len(frame) == 5
    assert set(frame["origin"]) == {DEFAULT_BASE + "document/bench-relay-0"}
    assert set(frame["independentSources"]) == {1}


CHERNIHIV_STORY = Path(__file__).parent / "golden" / "data" / "chernihiv-entry"
ENTRY = DEFAULT_BASE + "event/belarusian-troops-enter-chernihiv-2022-03-01"


def test_a_judgement_whose_window_misses_the_event_is_no_contradiction(tmp_path: Path) -> None:
    """The unnamed U.S. official's "as early as Monday" (28 February) judged the entry of 1 March likely, against two
    denials: two pairs of kind status (tests/golden: contradictions-disputed-entry). Constructed from the real story:
    with the window moved past the event (from 5 March), the judgement no longer meets the denials, and the
    Parliament's reports still do."""
    files = []
    for folder in ("entities", "articles"):
        for path in sorted((CHERNIHIV_STORY / folder).glob("*.yaml")):
            text = path.read_text(encoding="utf-8").replace("window: {earliest: 2022-02-28",
                                                            "window: {earliest: 2022-03-05")
            (tmp_path / path.name).write_text(text, encoding="utf-8")
            files.append(tmp_path / path.name)
    frame = _store(tmp_path, files).query("contradictions", event=ENTRY)
    assert set(frame["kind"]) == {"status"}
    assert len(frame) == 4, frame[["claimantA", "claimantB"]]
    assert "judged likely" not in set(frame["positionA"])
