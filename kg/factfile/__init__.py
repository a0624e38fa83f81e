"""Fact files: the human-written YAML format for what a source document says (docs/fact-files.md)."""

from kg.factfile.convert import FactFileReader

__all__ = ["FactFileReader"]
