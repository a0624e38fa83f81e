"""Fact files: the human-written YAML format for what a source document says (docs/fact-files.md)."""

from kg.factfile.convert import DEFAULT_MARKING, Batch, FactFileReader

__all__ = ["Batch", "FactFileReader", "DEFAULT_MARKING"]
