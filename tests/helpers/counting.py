"""A loopback HTTP server that answers every request with one fixed body and records the path: what tests use to
prove that something did NOT reach the network (a count of 0 means something only if the counter can count, so
the server answers one probe request before it is handed over)."""

from __future__ import annotations

import contextlib
import http.server
import threading
import urllib.request
from collections.abc import Iterator


@contextlib.contextmanager
def counting_server(body: bytes, content_type: str) -> Iterator[tuple[str, list[str]]]:
    """Yields the server's base URL and the list of paths it has been asked for (empty after the probe)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.server.requests.append(self.path)  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        opener.open(base + "/probe", timeout=5).read()
        assert httpd.requests == ["/probe"]  # type: ignore[attr-defined]
        httpd.requests.clear()  # type: ignore[attr-defined]
        yield base, httpd.requests  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
