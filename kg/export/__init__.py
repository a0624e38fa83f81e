"""Linked-data exports for partners: what one TLP level may see, in standard formats, described and checksummed.

    writer        export_store / export_dataset: data file → dataset.ttl → SHA256SUMS, in that order
    formats       TriG, N-Quads (named graphs kept), Turtle, N-Triples (flattened), JSON-LD; names and media types
    jsonld        compaction with the local context ontology/context.jsonld (embedded, never fetched)
    description   VoID + DCAT 3 description, counts from the visible dataset only
    checksums     SHA256SUMS in sha256sum's format
    atomic        temporary file, fsync, rename: no truncated file under a final name
    command       the ``kg export`` command
    stix          STIX 2.1 bundles (``--format stix``)

The data always comes from ``kg.marking.visible_dataset``: a copy of what the level may see, never a filter.
"""

from kg.export.atomic import atomic_write
from kg.export.description import DEFAULT_LICENCE, DescriptionOptions
from kg.export.formats import FORMAT_NAMES, RDF_FORMATS
from kg.export.writer import ExportReport, export_dataset, export_store

__all__ = ["atomic_write", "DEFAULT_LICENCE", "DescriptionOptions", "FORMAT_NAMES", "RDF_FORMATS", "ExportReport",
           "export_dataset", "export_store"]
