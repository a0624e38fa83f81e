"""What several test modules share: running the installed ``kg`` command the way a user would, without the
developer's KG_* settings leaking in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["KG", "clean_env", "run_kg"]

#: The installed ``kg`` script of the interpreter running the tests.
KG = Path(sys.executable).parent / "kg"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without KG_* settings, plus ``extra``."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("KG_")}, **extra}


def run_kg(*args: str | Path, cwd: Path, text: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``kg`` in ``cwd`` (so that the default store .kg/store is never the project's) without KG_* settings;
    ``text=False`` keeps the output as bytes (a carriage return stays one)."""
    return subprocess.run([str(KG), *map(str, args)], capture_output=True, text=text, cwd=cwd, env=clean_env(),
                          timeout=timeout)
