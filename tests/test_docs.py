"""Documentation that can drift is tested: the fact-file example in docs/ reads cleanly, every CLI command appears
in the README, ARCHITECTURE.md names modules that exist, and the package exports what it says it does."""

from __future__ import annotations

import re
from types import ModuleType

import kg
from kg.cli import cli
from kg.config import PROJECT_ROOT
from kg.factfile import FactFileReader

DOCS = PROJECT_ROOT / "docs"


def test_the_fact_file_example_in_the_docs_reads_without_problems(model, tmp_path):
    page = (DOCS / "fact-files.md").read_text(encoding="utf-8")
    text = re.search(r"```text\n(.*?)```", page, re.S).group(1)
    fact_file = re.search(r"```yaml\n(.*?)```", page, re.S).group(1)
    text_name = re.search(r"text: (\S+\.txt)", fact_file).group(1)
    (tmp_path / text_name).write_text(text, encoding="utf-8")
    (tmp_path / "example.yaml").write_text(fact_file, encoding="utf-8")
    batch = FactFileReader(model).read(tmp_path / "example.yaml")
    assert len(batch.graph) > 20


def test_every_command_is_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    names = cli.list_commands(None)  # the commands are loaded when asked for
    assert len(names) >= 8
    for name in names:
        assert cli.get_command(None, name) is not None, name
        if name != "demo":
            assert f"kg {name}" in readme, name


def test_architecture_names_modules_that_exist():
    text = (PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in re.findall(r"`(kg/[\w/]+\.py|kg/[\w]+/)`", text):
        assert (PROJECT_ROOT / path).exists(), path


def test_public_api_is_explicit():
    public = {name for name in dir(kg) if not name.startswith("_") and not isinstance(getattr(kg, name), ModuleType)}
    assert set(kg.__all__) == public
    for name in kg.__all__:
        assert getattr(kg, name).__doc__, name


def test_the_entity_file_example_in_the_docs_reads_with_its_story(model, tmp_path):
    """docs/entities.md's entity file and the fact file that names its entities read in one run, as kg ingest
    reads them (the entity file first), and the page's key tables are the format's, from which the reader takes the
    keys it accepts (tests/test_factfile_format.py)."""
    from kg.factfile.keytables import render_tables
    from kg.ingest import read_batches

    page = (DOCS / "entities.md").read_text(encoding="utf-8")
    entity_file, fact_file = re.findall(r"```yaml\n(.*?)```", page, re.S)
    (tmp_path / "story.yaml").write_text(fact_file, encoding="utf-8")
    (tmp_path / "entities.yaml").write_text(entity_file, encoding="utf-8")
    batches = read_batches([tmp_path / "story.yaml", tmp_path / "entities.yaml"], model)
    assert [b.source.name for b in batches] == ["entities.yaml", "story.yaml"] and len(batches[0].graph) > 20
    assert render_tables(page, model) == page, "run: python -m kg.factfile.keytables docs/entities.md"
    assert page.count("<!-- keys: ") == 4
