"""STIX 2.1 for what is not an event but is claimed like one: standing estimates and capabilities become notes of
their own that the claims about them refer to, and measures are written out with their numbers, unit and origin.
On real stories (tests/golden/data): the Kinzhal's range of "some 2,000 kilometers" on a carrier page, Volfovich's
"up to 1.5 million" reserve, the tent camp "about 160 kilometers north of the Ukrainian border"."""

from __future__ import annotations

import json

import pytest
from stix2validator import ValidationOptions, validate_file

from golden_manifest import GOLDEN
from kg.build import build
from kg.config import DEFAULT_BASE, Settings
from kg.export.stix import write_stix_bundle
from kg.marking import marking_level, visible_dataset
from kg.store import EmbeddedStore
from test_stix import STRICT, _no_network  # noqa: F401 (the validator must never fetch a schema)


@pytest.fixture(scope="module", params=["kinzhal-carrier", "belarus-reserve", "tent-camps"])
def story_bundle(request, model, tmp_path_factory):
    """A story built as kg build builds a workspace and exported at TLP:RED: (story, path, bundle)."""
    story = GOLDEN / "data" / request.param
    folder = tmp_path_factory.mktemp(f"stix-{request.param}")
    settings = Settings(DEFAULT_BASE, folder / "store", articles=story / "articles", entities=story / "entities")
    build(settings)
    with EmbeddedStore(settings.store_path, read_only=True) as store:
        dataset = visible_dataset(store, marking_level("TLP:RED", model), settings, model)
        path = write_stix_bundle(dataset, settings, model, folder)
    return request.param, path, json.loads(path.read_text(encoding="utf-8"))


def _notes(bundle: dict) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == "note"]


def _note_of(bundle: dict, iri_part: str) -> dict:
    [note] = [n for n in _notes(bundle) if any(iri_part in r.get("external_id", "")
                                               for r in n.get("external_references", []))]
    return note


def test_the_bundles_pass_the_strict_validator(story_bundle):
    _, path, _ = story_bundle
    results = validate_file(str(path), ValidationOptions(**STRICT))
    assert results.is_valid, [m for r in results.object_results for m in [*(r.errors or []), *(r.warnings or [])]]


def test_estimates_and_capabilities_are_notes_their_claims_refer_to(story_bundle):
    story, _, bundle = story_bundle
    subjects = {"kinzhal-carrier": ["capability/"], "belarus-reserve": ["estimate/belarus-personnel-outside",
                                                                        "estimate/belarus-professional-army"],
                "tent-camps": ["event/"]}[story]
    claims = [n for n in _notes(bundle) if any("/claim/" in r.get("external_id", "")
                                               for r in n.get("external_references", []))]
    for part in subjects:
        notes = [n for n in _notes(bundle) if any(part in r.get("external_id", "")
                                                  for r in n.get("external_references", []))]
        assert notes, part
        for note in notes:  # each is the subject of a claim's note: the claim refers to it
            assert any(note["id"] in claim["object_refs"] for claim in claims), (part, note["abstract"])


def test_a_measure_is_written_with_its_number_unit_and_origin(story_bundle):
    story, _, bundle = story_bundle
    contents = "\n".join(n["content"] for n in _notes(bundle))
    if story == "kinzhal-carrier":
        assert "measure: range about 2000 km (“an operational range of some 2,000 kilometers (1,200 miles)”)" in contents
        assert "carries: Kh-47M2 Kinzhal." in contents
    elif story == "tent-camps":
        assert "distance about 160 km from Belarus–Ukraine border" in contents
    else:  # the reserve has a count, no measure: its phrase, not a node's IRI
        note = _note_of(bundle, "estimate/belarus-personnel-outside")
        assert "estimate of: Belarus." in note["content"]
        assert "quantity: troops at most 1500000 (“somewhere up to 1.5 million people”)" in note["content"]
    assert "/measure" not in contents and "#measure" not in contents  # no bare node names
