"""A provenance-rich knowledge graph for geopolitical and military open-source intelligence.

    import kg
    g = kg.open()                                   # the embedded store (KG_STORE or .kg/store)
    g.query("claims_by_source", source="Hajun")     # a pandas DataFrame
    r = kg.connect("http://127.0.0.1:7878/query")   # the same catalog on a SPARQL server
"""

from kg.errors import (FactFileError, InputError, KGError, ModelError, Problem, QueryError, StoreError,
                       ValidationFailed)

__all__ = ["open", "connect", "KnowledgeGraph", "KGError", "InputError", "FactFileError", "Problem", "ValidationFailed",
           "ModelError", "QueryError", "StoreError"]

def __getattr__(name: str):
    """``kg.open``, ``kg.connect`` and ``kg.KnowledgeGraph``, imported when first used: importing ``kg`` (or any of
    its modules, as the ``kg`` command and the SPARQL workers do) does not load pandas and the stores."""
    if name in ("open", "connect", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    if name == "__version__":  # read from the installed metadata when asked (importlib.metadata is slow to load)
        from importlib import metadata

        try:
            return metadata.version("osint-kg")
        except metadata.PackageNotFoundError:  # running from a checkout that was not installed
            return "0+unknown"
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"open", "connect", "KnowledgeGraph", "__version__"})
