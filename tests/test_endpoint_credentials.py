"""Credentials in an endpoint URL (``http://user:password@host/query``, the only way to give them to ``kg
--endpoint``) are sent as HTTP Basic authentication and never appear in a message, a repr or the URL kept."""

from __future__ import annotations

import base64
import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import StoreError
from kg.store.remote import split_credentials

from helpers import run_kg
from helpers import free_port

SECRET = "s3cr%40t"  # percent-encoded "s3cr@t"


@contextlib.contextmanager
def failing_server() -> Iterator[tuple[str, list[str | None]]]:
    """A loopback server that records each request's Authorization header and answers HTTP 500."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.server.seen.append(self.headers.get("Authorization"))  # type: ignore[attr-defined]
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}", httpd.seen  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("url, expected", [
    ("http://analyst:s3cr%40t@127.0.0.1:7878/query?x=1", ("http://127.0.0.1:7878/query?x=1", ("analyst", "s3cr@t"))),
    ("https://analyst@[::1]:8890/sparql", ("https://[::1]:8890/sparql", ("analyst", ""))),
    ("http://127.0.0.1:7878/query", ("http://127.0.0.1:7878/query", None)),
])
def test_credentials_are_split_from_the_url(url: str, expected: tuple) -> None:
    assert split_credentials(url) == expected


def test_credentials_in_the_url_are_sent_and_never_shown() -> None:
    with failing_server() as (address, seen):
        graph = kg.connect(f"http://analyst:{SECRET}@{address}/query", timeout=5)
        with pytest.raises(StoreError) as raised:
            graph.query("graph_stats")
    assert seen and seen[0] == "Basic " + base64.b64encode(b"analyst:s3cr@t").decode()
    shown = f"{raised.value} {graph.store!r} {graph.store.query_url}"
    assert f"http://{address}/query" in shown
    assert "s3cr" not in shown and "analyst" not in shown


def test_the_cli_never_echoes_credentials(tmp_path: Path) -> None:
    for url in (f"http://analyst:{SECRET}@127.0.0.1:{free_port()}/query", f"ftp://analyst:{SECRET}@127.0.0.1/q",
                f"http://analyst:{SECRET}@127.0.0.1:99999999/query"):
        done = run_kg("query", "graph_stats", "--endpoint", url, cwd=tmp_path, timeout=120)
        assert done.returncode == 4, done.stderr
        assert "s3cr" not in done.stderr and "analyst" not in done.stderr and "Traceback" not in done.stderr
