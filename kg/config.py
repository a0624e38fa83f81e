"""Where things live: the project's model files, the instance IRI base, the default store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The root of the project checkout: ontology/, queries/ and data/ live beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
QUERIES_DIR = PROJECT_ROOT / "queries"
ARTICLES_DIR = PROJECT_ROOT / "data" / "articles"

#: Instance IRIs (reference entities, documents, events, claims) are minted under this base.
DEFAULT_BASE = "https://w3id.org/okg/id/"
DEFAULT_STORE = Path(".kg") / "store"


#: What an export's dataset description says when ``kg export`` is not told otherwise.
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "OSINT knowledge graph"


@dataclass(frozen=True)
class Settings:
    """Run-time settings: the IRI base and the store path, from arguments or the environment."""

    base: str = DEFAULT_BASE
    store_path: Path = DEFAULT_STORE

    @classmethod
    def from_env(cls, store_path: str | os.PathLike | None = None, base: str | None = None) -> "Settings":
        base = base or os.environ.get("KG_BASE") or DEFAULT_BASE
        if not base.endswith(("/", "#")):
            base += "/"
        path = store_path or os.environ.get("KG_STORE") or DEFAULT_STORE
        return cls(base=base, store_path=Path(path))

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
