"""Linked-data exports for partners: what one TLP level may see, in standard formats, described and checksummed.

    writer        export_store / export_dataset: data file → ontology.html → dataset.ttl → SHA256SUMS
    directory     a fresh hidden directory per run; an earlier export set aside first; only an export is replaced
    formats       TriG, N-Quads (named graphs kept), Turtle, N-Triples (flattened), JSON-LD; names and media types
    jsonld        compaction with the local context ontology/context.jsonld (embedded, never fetched)
    description   VoID + DCAT 3 description, counts from the visible dataset only
    checksums     SHA256SUMS in sha256sum's format
    atomic        temporary file, fsync, rename: no truncated file under a final name
    command       the ``kg export`` command
    stix/         STIX 2.1 bundles (``--format stix``), a package: identifiers and TLP 2.0 markings, the read-only
                  view of the dataset, the objects under construction, one module per object family

The data always comes from ``kg.marking.visible_dataset``: a copy of what the level may see, never a filter.
"""

import importlib

#: Each public name and the module it comes from, imported when first used (``kg export --help`` and the ``kg``
#: command import this package without loading the marking, validation and serialisation code).
_NAMES = {"atomic_write": "atomic", "DEFAULT_LICENCE": "description", "DescriptionOptions": "description",
          "FORMAT_NAMES": "formats", "RDF_FORMATS": "formats", "ExportReport": "writer", "export_dataset": "writer",
          "export_store": "writer"}

__all__ = list(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f"kg.export.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'kg.export' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES))
