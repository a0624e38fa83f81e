"""Building one bundle from a visible dataset, family by family, and writing it to ``data.json`` atomically.

Each step makes one family of objects and returns the ids of what it made, which later steps are given explicitly.
Reports are planned before events and claims, which refer to them, and made last, since they list the claims.
"""

from __future__ import annotations

import json
from pathlib import Path

import stix2

from kg.config import Settings
from kg.export.atomic import atomic_write
from kg.export.stix.claims import add_claims
from kg.export.stix.entities import add_identities, add_locations
from kg.export.stix.events import add_events
from kg.export.stix.objects import BundleObjects
from kg.export.stix.reports import add_reports, plan_reports
from kg.export.stix.view import read_view
from kg.marking import VisibleDataset
from kg.model import Model

__all__ = ["STIX_FILENAME", "build_stix_bundle", "write_stix_bundle"]

#: The bundle's file name in the export directory.
STIX_FILENAME = "data.json"


def build_stix_bundle(dataset: VisibleDataset, settings: Settings, model: Model) -> stix2.Bundle:
    """The STIX 2.1 bundle of what ``dataset`` holds (see the package docstring for the mapping and the markings)."""
    view = read_view(dataset, settings, model)
    objects = BundleObjects(settings, model)
    locations = add_locations(view, objects)
    identities = add_identities(view, objects, locations)
    reports = plan_reports(view, objects, identities)
    events = add_events(view, objects, identities, locations)
    claims_by_report = add_claims(view, objects, identities, events)
    add_reports(objects, reports, claims_by_report)
    return objects.bundle(model.rank(dataset.level) or 0)


def write_stix_bundle(dataset: VisibleDataset, settings: Settings, model: Model, directory: Path) -> Path:
    """Write the bundle of ``dataset`` to ``directory/data.json`` (an existing directory) atomically; the path."""
    bundle = build_stix_bundle(dataset, settings, model)
    text = json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False) + "\n"
    target = Path(directory) / STIX_FILENAME
    with atomic_write(target) as handle:
        handle.write(text.encode("utf-8"))
    return target
