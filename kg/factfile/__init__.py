"""Fact files and entity files: the human-written YAML formats for what a source document says
(docs/fact-files.md) and for the entities it names (docs/entities.md)."""

from kg.factfile.convert import FactFileReader, is_entity_file

__all__ = ["FactFileReader", "is_entity_file"]
