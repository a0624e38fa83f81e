"""Where things live: the model files, the instance IRI base, the store, the workspace's settings.

The model (ontology/, its reference data and shapes, the JSON-LD context), the query catalog (queries/) and the
founding example (data/articles/) have one source, the checkout. An installed wheel carries copies of them as
package data under ``kg/resources/`` (pyproject.toml maps the checkout's folders there); a checkout, and an editable
install of one, reads them where they are. ``RESOURCES`` says which.
"""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass
from pathlib import Path

from kg.workspace import find_workspace

_PACKAGE = Path(str(importlib.resources.files("kg")))
#: The root of the project checkout (the folder above the package; in a wheel, site-packages).
PROJECT_ROOT = _PACKAGE.parent
_PACKAGED = _PACKAGE / "resources"
#: Where the model files and the catalog are read from: the wheel's package data, or the checkout.
RESOURCES = _PACKAGED if (_PACKAGED / "ontology").is_dir() else PROJECT_ROOT
ONTOLOGY_DIR = RESOURCES / "ontology"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
FORMAT_DIR = ONTOLOGY_DIR / "format"
QUERIES_DIR = RESOURCES / "queries"
#: The founding article and the documents it cites: the checkout's fact files, and what ``kg init --example`` copies.
EXAMPLES_DIR = _PACKAGED / "examples" if RESOURCES == _PACKAGED else PROJECT_ROOT / "data" / "articles"
#: The checkout's fact files, which ``kg build`` reads outside any workspace (none in an installed wheel).
ARTICLES_DIR = PROJECT_ROOT / "data" / "articles"
_DEFAULT_ARTICLES = ARTICLES_DIR if ARTICLES_DIR.is_dir() else None

#: Instance IRIs (reference entities, documents, events, claims) are minted under this base.
DEFAULT_BASE = "https://w3id.org/osint-kg/id/"
DEFAULT_STORE = Path(".kg") / "store"


#: What an export's dataset description says when ``kg export`` is not told otherwise.
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "OSINT knowledge graph"


@dataclass(frozen=True)
class Settings:
    """Run-time settings, from arguments, else the environment, else the workspace's ``kg.toml``, else defaults:
    the IRI base, the store, the fact files ``kg build`` reads, the default marking and a SPARQL server."""

    base: str = DEFAULT_BASE
    store_path: Path = DEFAULT_STORE
    #: The folder of fact files ``kg build`` reads (None: there is none).
    articles: Path | None = _DEFAULT_ARTICLES
    #: The folder of entity files ``kg build`` reads before the fact files (None: there is none; the checkout has
    #: none, its entities are the reference data).
    entities: Path | None = None
    #: The countries (ISO 3166-1 codes) whose towns and names ``kg build`` loads from the packaged gazetteer
    #: (kg.gazetteer), and the smallest town's population; none outside a workspace that asks.
    gazetteer: tuple[str, ...] = ()
    gazetteer_population: int = 5000
    #: The marking of documents that state none (a TLP level as ``kg.marking.marking_level`` reads it; None: AMBER).
    marking: str | None = None
    #: A SPARQL server to use instead of the embedded store (from the workspace, when no store was named).
    endpoint: str | None = None
    update_endpoint: str | None = None
    #: The workspace these settings came from (None: outside any).
    workspace: Path | None = None

    @classmethod
    def from_env(cls, store_path: str | os.PathLike | None = None, base: str | None = None) -> "Settings":
        workspace = find_workspace()
        base = base or os.environ.get("KG_BASE") or (workspace and workspace.base) or DEFAULT_BASE
        if not base.endswith(("/", "#")):
            base += "/"
        named = store_path or os.environ.get("KG_STORE")
        if workspace is None:
            return cls(base=base, store_path=Path(named or DEFAULT_STORE))
        remote = not named and workspace.endpoint
        return cls(base=base, store_path=Path(named or workspace.store), articles=workspace.articles,
                   entities=workspace.entities, gazetteer=workspace.gazetteer,
                   gazetteer_population=workspace.gazetteer_population, marking=workspace.marking, endpoint=workspace.endpoint if remote else None,
                   update_endpoint=workspace.update_endpoint if remote else None, workspace=workspace.root)

    @property
    def quarantine_path(self) -> Path:
        """Where batches that failed validation wait (KG_QUARANTINE, or ``quarantine`` beside the store)."""
        configured = os.environ.get("KG_QUARANTINE")
        return Path(configured) if configured else Path(self.store_path).parent / "quarantine"

    @property
    def audit_log_path(self) -> Path:
        """The log of deliberate acts on the store that its data alone would not show (a marking lowered with
        ``--declassify``): JSON lines beside the store, kept across ``kg build``."""
        return Path(self.store_path).with_name(Path(self.store_path).name + ".audit.jsonl")

    def graph(self, name: str) -> str:
        """The IRI of one of the project's fixed named graphs (ontology, reference, metadata)."""
        return f"{self.base}graph/{name}"
