"""Shared fixtures: the seed fact file, a store built from the project's data once per session, fresh settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import ARTICLES_DIR, DEFAULT_BASE, Settings
from kg.model import Model
from kg.store import EmbeddedStore

SEED = ARTICLES_DIR / "2022-12-20-hajun-russian-troops-south-belarus.yaml"
SHARED_SEED_TEXT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_7abdb280e8ea2e26.txt"


@pytest.fixture(scope="session")
def model() -> Model:
    return Model.load(DEFAULT_BASE)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a store of this test's own, under tmp_path."""
    return Settings(base=DEFAULT_BASE, store_path=tmp_path / "store")


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by ``kg build`` from the project's ontology, reference data and articles (read-only use)."""
    path = tmp_path_factory.mktemp("built") / "store"
    build(Settings(base=DEFAULT_BASE, store_path=path))
    return path


@pytest.fixture(scope="session")
def seed_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An articles directory holding the seed article only (and the project's article texts), for builds that add
    RDF beside it (read-only use)."""
    directory = tmp_path_factory.mktemp("articles")
    for path in [SEED, *ARTICLES_DIR.glob("*.txt")]:
        (directory / path.name).write_bytes(path.read_bytes())
    return directory


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the founding article alone: the small, fixed data of the catalog's golden tests."""
    articles = tmp_path_factory.mktemp("seed-articles")
    shutil.copy(SEED, articles / SEED.name)
    shutil.copy(SEED.with_name(SHARED_SEED_TEXT.name), articles / SHARED_SEED_TEXT.name)
    path = tmp_path_factory.mktemp("seed") / "store"
    build(Settings(base=DEFAULT_BASE, store_path=path), articles=articles)
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path):
    store = EmbeddedStore(seed_store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def built_store(built_store_path: Path):
    store = EmbeddedStore(built_store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_server():
    """A real SPARQL server (``oxigraph serve``) on 127.0.0.1, empty."""
    from helpers import OxigraphServer

    server = OxigraphServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def loaded_server(oxigraph_server, built_store):
    """The server holding the same graphs as the built store, loaded through the Graph Store Protocol."""
    from kg.store import RemoteStore

    store = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.store_url)
    store.bulk_load((name, built_store.graph(name)) for name in sorted(built_store.graph_names()))
    return oxigraph_server


MARKINGS = Path(__file__).parent / "markings"
#: Strings that appear only in TLP:RED material of tests/markings/ (a RED document, a RED claim in a CLEAR one, RED
#: claims that visible claims of a GREEN document link to).
CANARIES = ("CANARY-RED-", "CANARY-CLAIM-", "CANARY-LINK-")


@pytest.fixture(scope="session")
def marked_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the project's articles plus a TLP:RED document, a CLEAR document with a RED claim and a
    GREEN document whose visible claims link to RED claims, each holding canary strings (tests/markings/)."""
    articles = tmp_path_factory.mktemp("marked-articles")
    for folder in (ARTICLES_DIR, MARKINGS):
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy(path, articles / path.name)
    path = tmp_path_factory.mktemp("marked") / "store"
    build(Settings(base=DEFAULT_BASE, store_path=path), articles=articles)
    return path


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace made by ``kg init --example`` and built once; tests that change it copy it (``copy_workspace``)."""
    from helpers import run_kg

    home = tmp_path_factory.mktemp("workspace-template")
    assert run_kg("init", "--example", home / "work", cwd=home).returncode == 0
    done = run_kg("build", "-q", cwd=home / "work")
    assert done.returncode == 0, done.stderr
    return home / "work"


@pytest.fixture
def copy_workspace(built_workspace: Path, tmp_path: Path):
    """A fresh copy of the built workspace, in this test's folder (a store is a folder: copying it is a backup)."""
    def copy() -> Path:
        target = tmp_path / "work"
        shutil.copytree(built_workspace, target)
        return target
    return copy
