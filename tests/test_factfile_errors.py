"""Bad fact files are rejected with precise errors (file, line, key, the offending value, what was expected), and a
rejected ``kg ingest`` leaves the store exactly as it was, even for the good files given with the bad one.

Each bad file is a small valid base document (written to tmp_path with its own text file) with one mutation. The
expected line is derived from the mutated YAML text, never hard-coded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.errors import Problem
from kg.factfile import FactFileReader
from kg.model import Model
from kg.store import EmbeddedStore
from kg.vocab import OKG

from helpers import BASE, OFFSET, TWICE, line_of, mutate, problems_of, run_kg, write_fact_file

def problem_at(problems: list[Problem], key: str | None) -> Problem:
    matching = [p for p in problems if p.key == key]
    assert matching, f"no problem with key {key!r}; got:\n" + "\n".join(map(str, problems))
    return matching[0]


def test_base_document_is_valid(model: Model, tmp_path: Path) -> None:
    """The base every case mutates must itself be valid, or the cases would prove nothing."""
    batch = FactFileReader(model).read(write_fact_file(tmp_path, BASE, "good.yaml"))
    assert len(set(batch.graph.subjects(None, OKG.Claim))) == 1


@dataclass(frozen=True)
class Case:
    old: str                  # text of the base document to replace (exactly once); "" appends ``new`` at the end
    new: str                  # its replacement
    line_text: str            # the stripped text of the line the problem must be reported on (after the mutation)
    key: str | None           # the expected key path
    value: str | None         # the offending value, which the message must quote
    expected: tuple[str, ...]  # what the message must say was expected (fragments, case-insensitive)


CASES = {
    "unknown top-level key": Case(
        "", "colour: blue\n", "colour: blue", "colour", "colour", ("expected one of", "document", "events")),
    "unknown key in an event": Case(
        "    to: south-belarus\n", "    to: south-belarus\n    speed: fast\n", "speed: fast", "events.e1.speed",
        "speed", ("expected one of", "actor", "quantities")),
    "misspelled key, near miss": Case(
        "    credibility: 2\n", "    credibilty: 2\n", "credibilty: 2", "claims[0].credibilty", "credibilty",
        ("did you mean 'credibility'", "expected one of")),
    "misspelled key in a time": Case(
        "time: {latest: 2022-12-18}", "time: {lastest: 2022-12-18}", "time: {lastest: 2022-12-18}",
        "events.t1.time.lastest", "lastest", ("did you mean 'latest'",)),
    "comma inside a {...} mapping": Case(
        "date: {relative: yesterday}", "date: {relative: yesterday, phrase: the day before, so to speak}",
        "date: {relative: yesterday, phrase: the day before, so to speak}", "claims[0].date.so to speak",
        "so to speak", ("a comma ends a value", "'phrase'", "in quotes")),
    "unknown entity name, near miss": Case(
        "giver: Russia", "giver: Rusia", "giver: Rusia", "events.t1.giver", "Rusia",
        ("did you mean", "'Russia'")),
    "unknown counted thing, near miss": Case(
        "      - counts: Ural military truck\n", "      - counts: tnet\n", "- counts: tnet",
        "events.t1.quantities[0].counts", "tnet", ("counted thing", "did you mean", "'tent'")),
    "name of the wrong kind (person as from:)": Case(
        "from: Belarus", "from: Vladimir Putin", "from: Vladimir Putin", "events.e1.from", "Vladimir Putin",
        ("a place",)),
    "bad date, quoted": Case(
        "time: 2022-12-19", 'time: "2022-13-45"', 'time: "2022-13-45"', "events.e1.time", "2022-13-45",
        ("month",)),
    "bad date, unquoted": Case(
        "time: 2022-12-19", "time: 2022-13-45", "time: 2022-13-45", "events.e1.time", "2022-13-45", ("month",)),
    "unresolvable relative date": Case(
        "date: {relative: yesterday}", "date: {relative: the other day}", "date: {relative: the other day}",
        "claims[0].date", "the other day", ("last week", "yesterday")),
    "quantity not a number": Case(
        "at-least: 50", "at-least: fifty", "at-least: fifty", "events.t1.quantities[0].at-least", "fifty",
        ("number",)),
    "at-least above at-most": Case(
        "at-least: 50", "at-least: 70", "at-least: 70", "events.t1.quantities[0].at-least", "70",
        ("upper bound 60",)),
    "transfer giver equals receiver": Case(
        "receiver: Belarus", "receiver: Russia", "receiver: Russia", "events.t1.receiver", "Russia",
        ("differ from its giver",)),
    "quote not found in the text": Case(
        '- "Russian troops moved south."', '- "Russian troops flew north."', '- "Russian troops flew north."',
        "claims[0].evidence[0]", "Russian troops flew north.",
        ("not found in the document text", "matches the text at offset 0 for 15 characters", "'f' where the text has 'm'")),
    "quote occurs twice without offset": Case(
        f"        offset: {OFFSET}\n", "", f'- quote: "{TWICE}"', "claims[0].evidence[1].quote", TWICE,
        ("more than once", "offset", str(OFFSET))),
    "wrong offset": Case(
        f"offset: {OFFSET}", f"offset: {OFFSET + 1}", f"offset: {OFFSET + 1}", "claims[0].evidence[1].offset",
        str(OFFSET + 1), ("not the quote",)),
    "unknown credibility": Case(
        "credibility: 2", "credibility: 7", "credibility: 7", "claims[0].credibility", "7",
        ("expected one of", "1, 2, 3, 4, 5, 6")),
    "unknown marking": Case(
        "marking: TLP:GREEN", "marking: TLP:PURPLE", "marking: TLP:PURPLE", "document.marking", "TLP:PURPLE",
        ("expected one of", "tlp:amber")),
    "claim marking less strict than document": Case(
        "marking: TLP:AMBER", "marking: TLP:CLEAR", "marking: TLP:CLEAR", "claims[0].marking", "TLP:CLEAR",
        ("stricter", "TLP:GREEN")),
    "duplicate key": Case(
        "    actor: Russian Armed Forces\n", "    actor: Russian Armed Forces\n    actor: Russia\n",
        "actor: Russia", "events.e1.actor", "actor", ("duplicate", "first at line {first_actor}")),
    "missing required key (claim without claimant)": Case(
        "  - claimant: Hajun\n    date:", "  - date:", "- date: {relative: yesterday}", "claims[0]", "claimant",
        ("missing",)),
    "invalid YAML syntax": Case(
        "title: Russian troops move south", "title: Russian troops: move south",
        "title: Russian troops: move south", None, None, ("invalid YAML",)),
}


def case_text(case: Case) -> str:
    return BASE + case.new if not case.old else mutate(case.old, case.new)


@pytest.mark.parametrize("name", CASES)
def test_bad_fact_file_is_rejected_precisely(model: Model, tmp_path: Path, name: str) -> None:
    case = CASES[name]
    text = case_text(case)
    path = write_fact_file(tmp_path, text)
    problems = problems_of(model, path)
    problem = problem_at(problems, case.key)
    assert problem.line == line_of(text, case.line_text), str(problem)
    message = problem.message.lower()
    fragments = [f.format(first_actor=line_of(text, "actor: Russian Armed Forces")) for f in case.expected]
    for fragment in fragments:
        assert fragment.lower() in message, f"expected {fragment!r} in: {problem}"
    if case.value is not None:
        assert case.value.lower() in message, f"the message should quote {case.value!r}: {problem}"


def test_yaml_syntax_error_reports_line_and_column(model: Model, tmp_path: Path) -> None:
    case = CASES["invalid YAML syntax"]
    text = case_text(case)
    problems = problems_of(model, write_fact_file(tmp_path, text))
    assert len(problems) == 1
    line = line_of(text, case.line_text)
    second_colon = text.splitlines()[line - 1].index(": move")
    assert (problems[0].line, problems[0].column) == (line, second_colon + 1), str(problems[0])


# --- files that cannot be read as YAML at all ---

def _empty(path: Path) -> int | None:
    path.write_text("", encoding="utf-8")
    return None


def _blank(path: Path) -> int | None:
    path.write_text("\n   \n# only a comment\n", encoding="utf-8")
    return None


def _missing(path: Path) -> int | None:
    return None


def _not_utf8(path: Path) -> int | None:
    head = BASE.encode("utf-8").split(b"\n")[:2]
    path.write_bytes(b"\n".join(head) + b"\n  title: \xff\xfe bad bytes\n")
    return len(head) + 1


UNREADABLE = [
    pytest.param(_empty, ("empty",), id="empty file"),
    pytest.param(_blank, ("empty",), id="blank file (spaces and a comment)"),
    pytest.param(_missing, ("no such file",), id="file does not exist"),
    pytest.param(_not_utf8, ("utf-8", "0xff"), id="not UTF-8"),
]


@pytest.mark.parametrize("write, expected", UNREADABLE)
def test_unreadable_fact_file_is_rejected(model: Model, tmp_path: Path, write, expected) -> None:
    path = tmp_path / "bad.yaml"
    line = write(path)
    problems = problems_of(model, path)
    assert len(problems) == 1
    assert problems[0].line == line, str(problems[0])
    for fragment in expected:
        assert fragment.lower() in problems[0].message.lower(), str(problems[0])


def test_several_problems_are_reported_at_once(model: Model, tmp_path: Path) -> None:
    text = mutate("credibility: 2", "credibility: 7", mutate("giver: Russia", "giver: Rusia")) + "colour: blue\n"
    problems = problems_of(model, write_fact_file(tmp_path, text))
    expected = {"events.t1.giver": "giver: Rusia", "claims[0].credibility": "credibility: 7",
                "colour": "colour: blue"}
    for key, line_text in expected.items():
        assert problem_at(problems, key).line == line_of(text, line_text)
    assert len({problem_at(problems, key).line for key in expected}) == 3
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines), "problems are reported sorted by line"


@pytest.mark.parametrize("name, entity", [
    ("GAYUN", "org/hajun"),
    ("zaluzhnyi", "person/valerii-zaluzhnyi"),
    ("Tsikhanouskaya", "person/sviatlana-tsikhanouskaya"),
    ("Zelensky", "person/volodymyr-zelenskyy"),
    ("Tsikhanoŭskaya", "person/sviatlana-tsikhanouskaya"),  # diacritic not in any label
    ("ZELÉNSKY", "person/volodymyr-zelenskyy"),
])
def test_names_resolve_case_and_diacritic_insensitively(model: Model, tmp_path: Path, name: str, entity: str) -> None:
    path = write_fact_file(tmp_path, mutate("claimant: Hajun", f"claimant: {name}"), "good.yaml")
    batch = FactFileReader(model).read(path)
    assert set(batch.graph.objects(None, OKG.claimant)) == {URIRef(model.base + entity)}


@pytest.mark.parametrize("old, new, key", [
    ("  text: article.txt\n", "  text: article.txt\n  url: [https://example.org/a]\n", "document.url"),
    ("  text: article.txt\n", "  text: article.txt\n  url: {href: https://example.org/a}\n", "document.url"),
], ids=["document url as a list", "document url as a mapping"])
def test_url_must_be_text(model: Model, tmp_path: Path, old: str, new: str, key: str) -> None:
    text = mutate(old, new)
    problem = problem_at(problems_of(model, write_fact_file(tmp_path, text)), key)
    assert problem.line == line_of(text, new.splitlines()[-1].strip())


# --- a rejected ingest leaves the store unchanged ---

def snapshot(store_path: Path) -> frozenset[tuple]:
    store = EmbeddedStore(store_path, read_only=True)
    try:
        rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert len(rows) == len(store)  # every quad is in a named graph
        return frozenset(rows)
    finally:
        store.close()


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli-store")
    done = run_kg("build", "--store", home / "store", cwd=home)
    assert done.returncode == 0, done.stderr
    return home / "store"


REJECTED = {
    "unknown entity": lambda: mutate("giver: Russia", "giver: Rusia"),
    "YAML syntax error": lambda: case_text(CASES["invalid YAML syntax"]),
    "quote not found": lambda: case_text(CASES["quote not found in the text"]),
}


@pytest.mark.parametrize("bad_text", REJECTED.values(), ids=REJECTED.keys())
def test_rejected_ingest_leaves_store_unchanged(model: Model, cli_store: Path, tmp_path: Path, bad_text) -> None:
    good = write_fact_file(tmp_path, BASE, "good.yaml")
    good_document = FactFileReader(model).read(good).document
    text = bad_text()
    bad = write_fact_file(tmp_path, text, "bad.yaml")
    expected = problems_of(model, bad)[0]
    before = snapshot(cli_store)
    assert good_document not in {g for g, *_ in before}, "the good file must be new, or the test proves nothing"

    done = run_kg("ingest", good, bad, "--store", cli_store, cwd=tmp_path)

    assert done.returncode == 3, done.stdout + done.stderr
    assert f"{bad}:{expected.line}" in done.stderr
    assert str(good) not in done.stderr
    assert snapshot(cli_store) == before


def test_unreadable_file_in_ingest_leaves_store_unchanged(cli_store: Path, tmp_path: Path) -> None:
    good = write_fact_file(tmp_path, BASE, "good.yaml")
    bad = tmp_path / "latin1.yaml"
    line = _not_utf8(bad)
    missing = tmp_path / "missing.yaml"
    before = snapshot(cli_store)

    done = run_kg("ingest", good, bad, missing, "--store", cli_store, cwd=tmp_path)

    assert done.returncode == 3, done.stdout + done.stderr
    assert f"{bad}:{line}" in done.stderr and str(missing) in done.stderr
    assert snapshot(cli_store) == before


def test_good_file_alone_is_ingested(cli_store: Path, tmp_path: Path) -> None:
    """Control for the tests above: the good file does change a store when it is ingested on its own."""
    store = tmp_path / "store"
    good = write_fact_file(tmp_path, BASE, "good.yaml")
    done = run_kg("ingest", good, "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "added" in done.stdout
    assert snapshot(store)


def test_a_quote_typed_with_straight_quotes_matches_typographic_ones_and_keeps_the_source(model: Model,
                                                                                          tmp_path: Path) -> None:
    """The founding article writes "Russia’s" with a typographic apostrophe; an analyst types "Russia's". The quote
    is found (the characters are read as one, each one for one, so the offsets stay the source's), and the evidence
    keeps the source's characters. Negative control: a quote that differs in a letter is still refused."""
    from kg.config import ARTICLES_DIR

    seed_text = ARTICLES_DIR / "000_7abdb280e8ea2e26.txt"
    text, SEED_TEXT_NAME = seed_text.read_text(encoding="utf-8"), seed_text.name
    typed = "have real doubts about Russia's ability to do this"
    assert typed not in text and typed.replace("'", "\u2019") in text
    yaml_text = BASE.replace("text: article.txt", f"text: {SEED_TEXT_NAME}").replace(
        '      - "Russian troops moved south."\n      - quote: "Ural trucks"\n        offset: ' + str(OFFSET) + "\n",
        f'      - "{typed}"\n')
    (tmp_path / SEED_TEXT_NAME).write_text(text, encoding="utf-8")
    path = tmp_path / "typed.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    batch = FactFileReader(model).read(path)
    quotes = {str(q) for q in batch.graph.objects(None, OKG.quote)}
    assert typed.replace("'", "\u2019") in quotes and typed not in quotes
    path.write_text(yaml_text.replace("real doubts", "real doubt"), encoding="utf-8")
    problem = problem_at(problems_of(model, path), "claims[0].evidence[0]")
    assert "not found in the document text" in problem.message
    assert "for 15 characters" in problem.message and "the quote has ' ' where the text has 's'" in problem.message


@pytest.mark.parametrize("phrase, published, day", [
    ("on Monday", "2023-01-09", "2023-01-09"),     # a Monday article: that Monday, not a week earlier
    ("Monday", "2023-01-11", "2023-01-09"),        # a Wednesday article: the Monday before
    ("last Monday", "2023-01-09", "2023-01-02"),   # "last" on the day itself: the week before
    ("last Monday", "2023-01-11", "2023-01-09"),
])
def test_a_weekday_resolves_as_news_reports_use_it(phrase: str, published: str, day: str) -> None:
    import datetime as dt

    from kg.factfile.timespec import resolve_relative

    span = resolve_relative(phrase, dt.date.fromisoformat(published))
    assert (span.earliest.isoformat(), span.latest.isoformat(), span.precision) == (day, day, "day")


def test_a_page_dated_only_by_a_span_or_not_at_all_keeps_what_it_gives(model: Model, tmp_path: Path) -> None:
    """Publication dates with precision (issue 15). The Kyiv Independent's page on Kovalchuk (December 2022) gives no
    date; what it reports puts it in 15-31 December: the publication time is that span. A page with no date at all
    and read on 5 January 2023 was published by then. Negative controls: a relative time in a file without a
    publication day cannot be resolved; a file with neither date is refused; a page read before it was published is
    an error."""
    from kg.factfile.timespec import PRECISIONS  # noqa: F401  (the precision vocabulary the spans use)

    def publication(text: str):
        path = tmp_path / "dated.yaml"
        path.write_text(text, encoding="utf-8")
        batch = FactFileReader(model).read(path)
        span = batch.metadata.value(batch.document, OKG.published)
        return (str(batch.metadata.value(span, OKG.earliest)), str(batch.metadata.value(span, OKG.latest)),
                batch.metadata.value(batch.document, OKG.retrieved))

    head = "document:\n  type: news article\n  title: Another Ukrainian top general says Russia might attack\n"
    assert publication(head + "  published: {earliest: 2022-12-15, latest: 2022-12-31}\n")[:2] == \
        ("2022-12-15", "2022-12-31")
    assert publication(head + '  published: "2022-12"\n')[:2] == ("2022-12-01", "2022-12-31")
    earliest, latest, retrieved = publication(head + "  retrieved: 2023-01-05\n")
    assert (earliest, latest, str(retrieved)) == ("None", "2023-01-05", "2023-01-05")
    for text, key, fragment in [
        (head + '  published: "2022-12"\nclaims:\n  - {claimant: Hajun, date: {relative: yesterday}, about: Belarus,'
                ' credibility: 3}\n', "claims[0].date", "publication"),
        (head, "document", "'retrieved'"),
        (head + "  published: 2022-12-20\n  retrieved: 2022-12-19\n", "document.retrieved", "before it was published"),
    ]:
        path = write_fact_file(tmp_path, text, "undated.yaml")
        problem = problem_at(problems_of(model, path), key)
        assert fragment in problem.message, problem
