"""The ``kg`` command. The only place where errors become messages and exit codes:

    0  success                     3  unreadable or invalid input (nothing was written)
    1  validation failed           4  store or endpoint error
    2  usage error (bad option, unknown query, bad parameter)
    5  internal error (a bug: one line, the traceback with KG_DEBUG=1)
  130  interrupted (Ctrl-C)

The commands live in ``kg/commands/``, one module each, and call the library (``kg.api`` and the modules behind it);
a command's module is imported only when it runs or when ``kg --help`` lists it, and each imports the library inside
the command, so ``kg --help`` loads neither pandas nor the stores.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from kg.errors import InputError, KGError, ModelError, QueryError, StoreError, ValidationFailed

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INPUT, EXIT_STORE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5, 130

#: Set (to anything but empty or 0) to see the traceback of an internal error.
DEBUG_ENV = "KG_DEBUG"

#: Command name → the module of kg/commands/ that defines it (as a function of the same name).
COMMANDS = {"build": "build", "ingest": "ingest", "quarantine": "quarantine", "query": "query",
            "validate": "validate", "demo": "demo", "export": "export", "serve": "serve", "init": "init",
            "sparql": "sparql", "entity": "entity", "new": "new"}


class _Commands(click.Group):
    """The group of kg/commands/: each command imported when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return getattr(importlib.import_module(f"kg.commands.{COMMANDS[name]}"), name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osint-kg")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The workspace to use (a folder with kg.toml) [default: $KG_WORKSPACE, else the nearest kg.toml "
                   "in the current folder or above].")
def cli(workspace: Path | None) -> None:
    """A provenance-rich knowledge graph for geopolitical and military OSINT."""
    if workspace is not None:  # one place for every command, and for the processes they start (kg serve's workers)
        from kg.workspace import WORKSPACE_ENV

        os.environ[WORKSPACE_ENV] = str(workspace.resolve())


#: Library errors → exit code and message prefix; the first matching class wins.
_ERRORS: list[tuple[type[KGError], int, str]] = [
    (ValidationFailed, EXIT_INVALID, "validation failed: "),
    (QueryError, EXIT_USAGE, "error: "),
    (InputError, EXIT_INPUT, "invalid input, nothing was written:\n"),
    (StoreError, EXIT_STORE, "store error: "),
    (ModelError, EXIT_INPUT, "model error: "),
    (KGError, EXIT_INPUT, "error: "),
]


def _notes(exc: BaseException) -> None:
    """What the library added to an error on its way up (``add_note``: where it put things aside, say)."""
    for note in getattr(exc, "__notes__", ()):
        click.echo(f"note: {note}", err=True)


def main() -> None:
    """Entry point: run the CLI, mapping library errors to documented exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except KGError as exc:
        code, prefix = next((code, prefix) for kind, code, prefix in _ERRORS if isinstance(exc, kind))
        click.echo(f"{prefix}{exc}", err=True)
        _notes(exc)
        sys.exit(code)
    except KeyboardInterrupt as exc:
        click.echo("interrupted", err=True)
        _notes(exc)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug, or a failure no library code anticipated: one line, not a traceback
        if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
            raise
        summary = " ".join(str(exc).split())[:300] or "(no message)"
        click.echo(f"internal error: {type(exc).__name__}: {summary} (a bug in kg: {DEBUG_ENV}=1 shows the "
                   f"traceback; please report it)", err=True)
        _notes(exc)
        sys.exit(EXIT_INTERNAL)
