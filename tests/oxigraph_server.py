"""A real SPARQL server for the tests: the ``oxigraph serve`` command (PyPI package ``oxigraph``, installed by the
test extra) on 127.0.0.1, on a free port, in memory, stopped when the test session ends."""

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


def free_port() -> int:
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
    """``oxigraph serve`` on 127.0.0.1; ``union_default_graph`` switches the other default-graph semantics on."""

    def __init__(self, union_default_graph: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [oxigraph_command(), "serve", "--bind", f"127.0.0.1:{self.port}"]
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
