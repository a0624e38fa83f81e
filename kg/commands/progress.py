"""Progress that says what is happening: each phase of a long command named on its own line of stderr (parsing,
loading, validating, writing, swapping …), and within a counted phase a bar with an honest rate and ETA on a terminal.

Honest means measured on work done, not on time since start: the rate of a phase is counted from its first unit
of work, so a phase that starts slowly (worker processes starting, a file being opened) shows no ETA until it has
one to show, instead of hours. Phase lines go to stderr even without a terminal (logs keep them); bars only on one.
``--quiet`` turns both off."""

from __future__ import annotations

import sys
import time

import click

__all__ = ["Progress"]


class Progress:
    """``phase(text)`` names the next phase; ``count(unit)`` gives the callback ``(done, total)`` of a counted one."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self._bar = None
        self._started = time.perf_counter()
        self._phases = 0

    def phase(self, text: str) -> None:
        self._stop_bar()
        self._phases += 1
        if not self.quiet:
            click.echo(f"[{time.perf_counter() - self._started:6.1f} s] {text}", err=True)

    def count(self, unit: str, scale: float = 1.0):
        """A ``(done, total)`` callback drawing a bar of ``unit`` (``scale`` divides the numbers: 2**20 for MiB)."""
        state: dict[str, float] = {}

        def update(done: int, total: int) -> None:
            if self.quiet or not sys.stderr.isatty() or state.setdefault("phase", self._phases) != self._phases:
                return  # no terminal, or the counted phase is over: a bar belongs to the phase it began in
            from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            if self._bar is None:
                self._bar = Bar(TextColumn("  {task.completed:,.0f}/{task.total:,.0f} " + unit), BarColumn(),
                                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True,
                                console=_stderr_console())
                self._bar.start()
                state["task"] = self._bar.add_task("", total=total / scale, rate="")
            now = time.perf_counter()
            if done and "first" not in state:  # the rate is measured from the first unit of work done
                state["first"], state["first_done"] = now, done
            elapsed = now - state.get("first", now)
            rate = (done - state.get("first_done", 0)) / scale / elapsed if elapsed > 0.5 else None
            self._bar.update(int(state["task"]), completed=done / scale, total=total / scale,
                             rate=f"{rate:,.1f} {unit}/s" if rate else "")

        return update

    def done(self) -> None:
        self._stop_bar()

    def _stop_bar(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
