"""Real servers on 127.0.0.1, started one way for the tests and the benchmarks: ``oxigraph serve`` (PyPI package
``oxigraph``, installed by the test extra; in memory, or on disk with ``location``) and ``kg serve``, each on a free
port, waited for until it answers, and stopped (terminated, killed after 10 s)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .commands import KG, clean_env

__all__ = ["free_port", "oxigraph_command", "stop_process", "wait_until_serving", "OxigraphServer", "KgServe"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_command() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the 'oxigraph' server command is missing: run 'make install' (the test extra has it)")
    return found


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a server the tests started, and kill it if it does not stop within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_serving(process: subprocess.Popen, url: str, seconds: float, name: str,
                       output: Callable[[], str]) -> None:
    """Wait until ``url`` answers; stop the process and fail, with its ``output``, if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {output()}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    stop_process(process)
    raise RuntimeError(f"{name} did not start on {url} within {seconds} s")


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1, in memory or with its data in ``location``; ``union_default_graph`` switches
    the other default-graph semantics on."""

    def __init__(self, union_default_graph: bool = False, location: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [oxigraph_command(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            args += ["--location", str(location)]
        if union_default_graph:
            args.append("--union-default-graph")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_serving(self.process, self.query_url + "?query=ASK%7B%7D", 30, "oxigraph serve",
                           lambda: self.process.stderr.read().decode(errors="replace"))

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def stop(self) -> None:
        stop_process(self.process)


class KgServe:
    """``kg serve --store STORE`` on 127.0.0.1, as a user runs it (no KG_* settings), with ``extra`` options; its
    standard error goes to ``log`` (shown if it fails to start)."""

    def __init__(self, store: Path, log: Path, *extra: str, seconds: float = 60):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as errors:
            self.process = subprocess.Popen([str(KG), "serve", "--store", str(store), "--port", str(self.port),
                                             *extra], stdout=subprocess.DEVNULL, stderr=errors, env=clean_env())
        wait_until_serving(self.process, self.url + "/", seconds, "kg serve", lambda: log.read_text(errors="replace"))

    @property
    def sparql_url(self) -> str:
        return self.url + "/sparql"

    def stop(self) -> None:
        stop_process(self.process)
