"""The analyst notebook (notebooks/analyst.ipynb) runs end to end on the built store, headless and offline, with the
project's own interpreter, and is committed as a source file: no outputs, no execution counts.

The notebook is executed as a copy in memory; nothing is written back to notebooks/analyst.ipynb."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kg.config import PROJECT_ROOT

NOTEBOOKS = PROJECT_ROOT / "notebooks"
NOTEBOOK = NOTEBOOKS / "analyst.ipynb"
KERNEL = "okg-test-python"  # a kernelspec of our own, so that no user-level "python3" spec can take over
CELL_TIMEOUT = 120

# Prepended to the executed copy: any attempt to reach a host other than this machine fails the run.
OFFLINE = '''
import socket as _socket
_LOCAL = {"127.0.0.1", "::1", "localhost"}
_connect, _connect_ex, _getaddrinfo = _socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo

def _check(address):
    if isinstance(address, tuple) and str(address[0]) not in _LOCAL:
        raise OSError(f"the notebook tried to reach the network: {address!r}")

def _offline_connect(self, address, *args, **kwargs):
    _check(address)
    return _connect(self, address, *args, **kwargs)

def _offline_connect_ex(self, address, *args, **kwargs):
    _check(address)
    return _connect_ex(self, address, *args, **kwargs)

def _offline_getaddrinfo(host, *args, **kwargs):
    _check((host,))
    return _getaddrinfo(host, *args, **kwargs)

_socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo = (
    _offline_connect, _offline_connect_ex, _offline_getaddrinfo)
'''

# Appended to the executed copy: which interpreter ran the kernel.
WHICH_PYTHON = 'import json, sys\nprint(json.dumps({"executable": sys.executable, "prefix": sys.prefix}))'


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def the_cell(nb, marker: str):
    """The one code cell whose source contains ``marker``."""
    found = [cell for cell in code_cells(nb) if marker in cell.source]
    assert len(found) == 1, f"{len(found)} code cells contain {marker!r}"
    return found[0]


def text_of(cell) -> str:
    """Everything a cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
            parts.append(output.data.get("text/html", ""))
    return "\n".join(parts)


def pngs(cell) -> list[str]:
    return [output.data["image/png"] for output in cell.get("outputs", [])
            if output.output_type in ("execute_result", "display_data") and "image/png" in output.data]


@pytest.fixture(scope="module")
def executed(built_store_path, tmp_path_factory):
    """The notebook, run top to bottom on the built store by a kernel on this interpreter (the venv's)."""
    before = NOTEBOOK.read_bytes()
    nb = nbformat.reads(before.decode("utf-8"), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(OFFLINE))
    nb.cells.append(nbformat.v4.new_code_cell(WHICH_PYTHON))

    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "osint-kg test (venv Python)", "language": "python"}), encoding="utf-8")

    with pytest.MonkeyPatch.context() as env:  # the kernel inherits this process's environment
        env.setenv("JUPYTER_PATH", str(jupyter))
        env.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))  # no user profile or startup files
        env.setenv("KG_STORE", str(built_store_path))
        env.setenv("MPLBACKEND", "Agg")
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, startup_timeout=60,
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        try:
            client.execute()
        except CellExecutionError as error:
            pytest.fail(f"the notebook failed:\n{error}")

    assert NOTEBOOK.read_bytes() == before, "executing the notebook changed the committed file"
    return nb


def test_the_committed_notebook_has_no_outputs_and_no_execution_counts():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for index, cell in enumerate(code_cells(nb)):
        assert cell.outputs == [], f"code cell {index} has outputs"
        assert cell.execution_count is None, f"code cell {index} has an execution count"
    assert nb.metadata.kernelspec.name == "python3"


def test_the_notebook_uses_only_the_public_api_and_never_a_server():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(cell.source for cell in code_cells(nb))
    assert "import kg\n" in source
    assert "from kg" not in source and "import kg." not in source  # no private modules
    assert "kg.connect(" not in source  # shown in markdown only: the test runs offline on the embedded store
    assert any("kg.connect(" in cell.source for cell in nb.cells if cell.cell_type == "markdown")


def test_the_notebook_runs_on_the_venv_interpreter(executed):
    seen = json.loads(text_of(executed.cells[-1]).strip())
    assert seen["prefix"] == sys.prefix, seen
    assert Path(seen["executable"]).absolute() == Path(sys.executable).absolute(), seen


def test_no_cell_errs(executed):
    for cell in code_cells(executed):
        assert cell.execution_count is not None
        assert not [output for output in cell.outputs if output.output_type == "error"], cell.source


def test_all_spellings_of_hajun_name_one_entity(executed):
    text = text_of(the_cell(executed, 'spellings = ["Hajun", "Gayun", "Khayun", "Гаюн"]'))
    assert "Belarusian Hajun" in text
    assert "https://w3id.org/osint-kg/id/org/hajun" in text
    for spelling in ("Hajun", "Gayun", "Khayun", "Гаюн"):
        assert spelling in text


def test_the_timeline_is_a_table_and_a_plot(executed):
    assert "movement" in text_of(the_cell(executed, 'g.query("timeline", entity="Belarus")'))
    assert pngs(the_cell(executed, "no_later_than = set(")), "no timeline plot"


def test_the_claims_are_compared(executed):
    offensive = text_of(the_cell(executed, 'g.query("assessments_about", topic="offensive")'))
    assert "Belarusian Hajun" in offensive and "remote chance" in offensive
    pivot = text_of(the_cell(executed, "who_says_what = "))
    assert "Institute for the Study of War" in pivot and "unlikely (3)" in pivot
    hajun = text_of(the_cell(executed, 'g.query("claims_by_source", source="Gayun")'))
    assert "50 Ural military trucks" in hajun


def test_the_network_and_the_map_are_drawn(executed):
    assert pngs(the_cell(executed, "nx.draw_networkx_nodes(")), "no network picture"
    assert "DiGraph with" in text_of(the_cell(executed, "G = nx.DiGraph()"))
    places = text_of(the_cell(executed, "places = g.query(PLACES)"))
    assert "Minsk" in places and "Kyiv" in places
    assert pngs(the_cell(executed, 'ax.set_aspect("equal")')), "no map"


# The section "Reasoning over claims" (attribution, corroboration, contradictions, as_of, ratings, track records), on
# the article and the documents it cites.

def markdown_headings(nb) -> list[str]:
    return [line for cell in nb.cells if cell.cell_type == "markdown" for line in cell.source.splitlines()
            if line.startswith("#")]


def test_the_reasoning_section_comes_before_the_sparql_server_part():
    headings = markdown_headings(nbformat.read(NOTEBOOK, as_version=4))
    reasoning = headings.index("## 7. Reasoning over claims: the article and its sources")
    server = headings.index("## 8. The same notebook against a SPARQL server")
    subsections = [h for h in headings[reasoning:server] if h.startswith("### 7.")]
    assert len(subsections) == 6, subsections


def test_the_attribution_chains_lead_into_the_sources_own_graphs(executed):
    chains = text_of(the_cell(executed, "chains = g.query(CHAINS)"))
    assert "19 claims and assessments in the article; 10 cite a document" in chains
    assert "social-media post, 18 Dec 2022" in chains and "report, 16 Dec 2022" in chains
    cited = text_of(the_cell(executed, "cited_documents = ("))
    for document in ("hajun-telegram-2022-12-18", "hajun-telegram-2022-12-20", "isw-assessment-2022-12-16",
                     "economist-zaluzhnyi-interview-2022-12"):
        assert f"https://w3id.org/osint-kg/id/document/{document}" in cited


def test_two_reports_are_one_independent_source(executed):
    text = text_of(the_cell(executed, 'for event, source, origin, counts in [(TRUCKS, "Belarusian Hajun", HAJUN_18'))
    assert "Russia hands over at least 50 Ural military trucks to Belarus" in text
    assert "Invasion of Ukraine by Russian forces from Belarus" in text
    assert "independentSources" in text and "denyingSources" in text and "Institute for the Study of War" in text
    assert "THE ARTICLE, 20 Dec 2022" in text and "social-media post, 18 Dec 2022" in text


def test_the_contradictions_are_side_by_side(executed):
    table = text_of(the_cell(executed, "side_by_side = pd.concat("))
    assert "200,000 troops" in table
    assert "certainly not sufficient" in table and "not in the near future" in table and "could begin" in table
    assert "A: remote to unlikely" in table and "B: possible or more likely" in table


def test_as_of_replays_the_reporting_and_recorded_by_the_graph(executed):
    counts = text_of(the_cell(executed, "row_counts = pd.DataFrame("))
    assert re.search(r"\(day before the build\)\s+0\s+0\s+0\s+0\s*$", counts, re.M), counts
    everything = re.search(r"^everything((?:\s+\d+){4})\s*$", counts, re.M)
    today = re.search(r"\(today, UTC\)((?:\s+\d+){4})\s*$", counts, re.M)
    assert everything and today and everything.group(1).split() == today.group(1).split(), counts
    assert "0" not in everything.group(1).split(), counts
    # on a store built today, as_of the article's day answers what had been reported then: Hajun's claims are there
    article_day = re.search(r"\(the article's day\)((?:\s+\d+){4})\s*$", counts, re.M)
    before = re.search(r"\(before the article\)((?:\s+\d+){4})\s*$", counts, re.M)
    assert article_day and before, counts
    assert int(article_day.group(1).split()[0]) > int(before.group(1).split()[0]) > 0, counts


def test_ratings_filter_by_reliability_and_credibility(executed):
    text = text_of(the_cell(executed, "hajun_rated = {"))
    assert re.search(r"min_credibility=2, min_reliability='A'\s+0$", text, re.M), text
    at_b = re.search(r"min_credibility=2, min_reliability='B'\s+(\d+)$", text, re.M)
    assert at_b and int(at_b.group(1)) > 0, text
    assert "B — usually reliable" in text_of(the_cell(executed, "reliability = g.query(RELIABILITY)"))


def test_the_track_records_are_a_table_and_a_chart(executed):
    table = text_of(the_cell(executed, "track = pd.concat("))
    assert "confirmed" in table and "undetermined" in table and "analyst note, 31 May 2023" in table
    chart = the_cell(executed, "per_source = (pd.crosstab(")
    assert pngs(chart), "no track-record chart"
    assert "Valerii Zaluzhnyi" in text_of(chart)
