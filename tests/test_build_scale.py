"""``kg build --rdf``: RDF corpora bulk-loaded into the staging store, streaming and in parts side by side; the swap
stays atomic when a file is broken; the progress bar goes to stderr unless --quiet. And the remote path: a file
streamed to a real ``oxigraph serve`` through the Graph Store Protocol."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from bench.generate import write as generate
from kg.build import build, rdf_files
from kg.config import DEFAULT_BASE, Settings
from kg.errors import InputError
from kg.store import EmbeddedStore, RemoteStore
from kg.vocab import OKG

from helpers import run_kg
from conftest import SEED



def quads(path: Path, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> set[ox.Quad]:
    """The quads of a file as stored: loaded by Oxigraph's ordinary (transactional, in-memory) loader, which
    writes typed literals in their canonical form (as the bulk loader does: "+00:00" becomes "Z")."""
    store = ox.Store()
    store.load(path=str(path), format=rdf_format)
    return set(store)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("corpus") / "corpus.nq", 3_000)


def test_kg_build_rdf_loads_the_corpus_with_a_progress_bar(corpus, built_store, tmp_path):
    store_path = tmp_path / "store"
    done = run_kg("build", "--rdf", corpus, "--store", store_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"built {store_path}:") and "1 RDF file(s)" in done.stdout
    assert "loading 1 RDF file(s)" in done.stderr  # the phase, named (the bar is drawn on a terminal only)
    expected = quads(corpus)
    with EmbeddedStore(store_path, read_only=True) as store:
        store.dump_file(tmp_path / "dump.nq")
        # everything the plain build holds (model, articles), plus every quad of the corpus
        assert len(store) == len(built_store) + len(expected)
        assert store.graph_names() == built_store.graph_names() | {URIRef(q.graph_name.value) for q in expected}
    assert expected <= quads(tmp_path / "dump.nq")


def test_quiet_turns_the_progress_bar_off(corpus, tmp_path):
    done = run_kg("build", "--quiet", "--rdf", corpus, "--store", tmp_path / "store", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_broken_rdf_file_leaves_the_old_store_in_place(corpus, tmp_path):
    store_path = tmp_path / "store"
    assert run_kg("build", "--quiet", "--store", store_path, cwd=tmp_path).returncode == 0
    with EmbeddedStore(store_path, read_only=True) as store:
        before = (len(store), store.graph_names())
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(lines[:2000]) + '<https://example.org/s> <https://example.org/p> "open\n'
                      + "".join(lines[2000:]), encoding="utf-8")
    done = run_kg("build", "--quiet", "--rdf", corpus, "--rdf", broken, "--store", store_path, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert f"{broken}:2001:" in done.stderr  # the line, counted from the start of the file whatever part failed
    with EmbeddedStore(store_path, read_only=True) as store:
        assert (len(store), store.graph_names()) == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store"))
    assert left == ["store", "store.lock"]  # no staging store left; the writer's lock file stays


def test_loading_in_parts_gives_the_same_store_as_one_load(corpus, tmp_path):
    one, parts = EmbeddedStore(None), EmbeddedStore(None)
    one.load_file(corpus, workers=1)
    seen: list[int] = []
    parts.load_file(corpus, workers=3, progress=seen.append)
    assert len(parts) == len(one) == len(quads(corpus))
    one.dump_file(tmp_path / "one.nq")
    parts.dump_file(tmp_path / "parts.nq")
    assert quads(tmp_path / "parts.nq") == quads(tmp_path / "one.nq") == quads(corpus)
    assert seen and seen[-1] == corpus.stat().st_size and seen == sorted(seen)


def test_blank_nodes_keep_their_identity_within_a_file(tmp_path):
    """Blank node labels are scoped to one load, so a file with blank nodes is loaded in one piece."""
    path = tmp_path / "bnodes.nq"
    g = "<https://example.org/g>"
    path.write_text("".join(f"_:b{k % 3} <https://example.org/p> \"{k}\" {g} .\n" for k in range(3000)),
                    encoding="utf-8")
    store = EmbeddedStore(None)
    store.load_file(path, workers=4)
    subjects = {row[0] for row in store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }").rows}
    assert len(store) == 3000 and len(subjects) == 3


def test_default_graph_triples_go_to_a_source_graph_with_metadata(seed_only, tmp_path):
    deliveries = tmp_path / "deliveries"
    deliveries.mkdir()
    turtle = deliveries / "partner.ttl"
    turtle.write_text("@prefix ex: <https://example.org/> .\nex:unit ex:seenAt ex:place ; ex:size [ ex:value 3 ] .\n",
                      encoding="utf-8")
    nquads = deliveries / "mixed.nq"
    nquads.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
                      "<https://example.org/a> <https://example.org/p> <https://example.org/c> "
                      "<https://example.org/named> .\n", encoding="utf-8")
    (deliveries / "notes.txt").write_text("not RDF", encoding="utf-8")
    assert rdf_files([deliveries]) == [nquads, turtle]
    settings = Settings(DEFAULT_BASE, tmp_path / "store")
    report = build(settings, articles=seed_only, rdf=[deliveries])
    assert report.rdf_files == [nquads, turtle] and len(report.documents) == 1
    with EmbeddedStore(settings.store_path, read_only=True) as store:
        metadata = store.graph(URIRef(settings.graph("metadata")))
        for path, triples in ((turtle, 3), (nquads, 1)):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            source = URIRef(f"{DEFAULT_BASE}source/{digest[:20]}")  # where kg ingest would put the same file
            assert len(store.graph(source)) == triples, path
            assert (source, OKG.contentDigest, Literal(digest)) in metadata
            assert (source, OKG.marking, None) in metadata
        assert len(store.graph(URIRef("https://example.org/named"))) == 1
        assert not any("loading" in str(name) for name in store.graph_names())


def test_corpora_may_not_write_the_model_graphs(seed_only, tmp_path):
    settings = Settings(DEFAULT_BASE, tmp_path / "store")
    build(settings, articles=seed_only)
    sneaky = tmp_path / "sneaky.nq"
    sneaky.write_text(f"<{OKG.Claim}> <https://example.org/p> \"x\" <{settings.graph('ontology')}> .\n",
                      encoding="utf-8")
    with pytest.raises(InputError, match="the project's own graph"):
        build(settings, articles=seed_only, rdf=[sneaky])
    for missing in ([tmp_path / "nowhere.nq"], [SEED], [tmp_path / "store"]):
        with pytest.raises(InputError):
            rdf_files(missing)
    with EmbeddedStore(settings.store_path, read_only=True) as store:
        assert URIRef("https://example.org/p") not in {p for _, p, _ in store.graph(URIRef(settings.graph("ontology")))}


@pytest.fixture(scope="module")
def server():
    from helpers import OxigraphServer

    server = OxigraphServer()
    yield server
    server.stop()


def test_a_corpus_streams_to_a_server_in_chunks(server, corpus, tmp_path):
    store = RemoteStore(server.query_url, server.update_url, server.store_url, timeout=30)
    sent: list[int] = []
    store.load_file(corpus, chunk_bytes=64 * 1024, workers=2, progress=sent.append)  # a dozen requests
    assert len(sent) > 5 and sent[-1] == corpus.stat().st_size
    assert len(store) == len(quads(corpus))
    triples = tmp_path / "triples.nt"
    triples.write_text("<https://example.org/s> <https://example.org/p> _:x .\n"
                       "_:x <https://example.org/p> \"o\" .\n", encoding="utf-8")
    store.load_file(triples, to_graph=URIRef("https://example.org/delivery"), bulk=True)
    graph = store.graph(URIRef("https://example.org/delivery"))
    assert len(graph) == 2 and len(set(graph.subjects()) | set(graph.objects())) == 3  # one blank node, shared
