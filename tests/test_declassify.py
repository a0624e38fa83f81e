"""Lowering a document's marking is an explicit, logged act: a TLP:CLEAR fact file reusing a TLP:RED document's ``id``
once replaced and declassified it silently. Now it is refused (exit 3, nothing written) unless ``--declassify`` is
given, and then the act is logged in the store's audit log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from kg.config import DEFAULT_BASE, Settings
from kg.marking import marking_level, visible_dataset
from kg.model import Model
from kg.store import EmbeddedStore
from kg.vocab import OKG

KG = Path(sys.executable).parent / "kg"
DOCUMENT = """document:
  type: report
  id: restricted-report-2023-03
  title: {title}
  published: 2023-03-04
  publisher: ISW
  marking: {marking}
"""


def run_kg(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_a_lower_marking_is_refused_unless_declassified_and_then_logged(seed_store_path, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(seed_store_path, store_path)
    red = tmp_path / "red.yaml"
    red.write_text(DOCUMENT.format(title="CANARY-DECLASSIFY-RED a restricted report", marking="TLP:RED"))
    assert run_kg("ingest", red, "--store", store_path, cwd=tmp_path).returncode == 0
    clear = tmp_path / "clear.yaml"
    clear.write_text(DOCUMENT.format(title="A public report", marking="TLP:CLEAR"))
    refused = run_kg("ingest", clear, "--store", store_path, cwd=tmp_path)
    assert refused.returncode == 3, refused.stderr
    assert "would lower the marking" in refused.stderr and "TLP:RED to TLP:CLEAR" in refused.stderr
    assert "--declassify" in refused.stderr
    settings, model = Settings(DEFAULT_BASE, store_path), Model.load(DEFAULT_BASE)
    with EmbeddedStore(store_path, read_only=True) as store:
        metadata = store.graph(URIRef(settings.graph("metadata")))
        document = URIRef(f"{DEFAULT_BASE}document/restricted-report-2023-03")
        assert str(metadata.value(document, DCTERMS.title)).startswith("CANARY-DECLASSIFY-RED")  # still RED
        assert set(metadata.objects(document, OKG.marking)) == {OKG.TLP_RED}
        clear_dump = visible_dataset(store, marking_level("clear", model), settings, model).store
        assert not any("DECLASSIFY" in q.object.value or "public report" in q.object.value for q in clear_dump)
    assert not settings.audit_log_path.exists()
    done = run_kg("ingest", clear, "--declassify", "--store", store_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "declassified" in done.stderr
    [entry] = [json.loads(line) for line in settings.audit_log_path.read_text().splitlines()]
    assert entry["act"] == "declassify" and entry["document"].endswith("restricted-report-2023-03")
    assert entry["from"].endswith("TLP_RED") and entry["to"][0].endswith("TLP_CLEAR")
    with EmbeddedStore(store_path, read_only=True) as store:
        metadata = store.graph(URIRef(settings.graph("metadata")))
        assert set(metadata.objects(document, OKG.marking)) == {OKG.TLP_CLEAR}
    again = run_kg("ingest", red, "--store", store_path, cwd=tmp_path)  # raising a marking needs no flag
    assert again.returncode == 0, again.stderr
