"""The ``kg serve`` command."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

__all__ = ["serve"]


@click.command()
@click.option("--marking", "level", default="TLP:CLEAR", show_default=True, metavar="LEVEL",
              help="The TLP 2.0 level partners may see (TLP:CLEAR, GREEN, AMBER, AMBER+STRICT, RED).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--query-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a SPARQL query may run; then it is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most result rows (or triples) a query may return; more is answered 413.")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="SPARQL worker processes (each holds a copy of the visible dataset).")
@click.option("--max-memory", type=click.IntRange(min=64), default=1024, show_default=True, metavar="MIB",
              help="Memory (MiB) a SPARQL worker may take for one query beyond its dataset; more is answered 503.")
@click.option("--quiet", "-q", is_flag=True, help="No request log on stderr.")
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE", default=None,
              help="Store directory [default: $KG_STORE or .kg/store].")
def serve(level: str, host: str, port: int, query_timeout: float, max_rows: int, workers: int, max_memory: int,
          quiet: bool, store_path: Path | None) -> None:
    """Serve what LEVEL may see as read-only linked data, with a SPARQL endpoint and the ontology's documentation.

    Every IRI under the base dereferences (303 to an HTML page, Turtle or JSON-LD, by the Accept header); /sparql
    answers SPARQL 1.1 queries on the level's dataset only; /ontology documents the model. The store is read once
    at start-up and closed. See docs/serve.md."""
    from kg.serve.app import ServeOptions, build_site, make_server

    options = ServeOptions(level=level, query_timeout=query_timeout, max_rows=max_rows, workers=workers,
                           max_memory=max_memory * 2**20)
    site = build_site(store_path, options)
    try:
        server = make_server(site, host, port, quiet=quiet)
    except OSError as exc:
        site.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"serving {site.level} ({site.triples} statements, {len(site.documents)} documents) at "
               f"http://{bound_host}:{bound_port}/ — Ctrl-C stops", err=True)
    sys.stderr.flush()

    def stop(signum, frame):  # SIGTERM as Ctrl-C: close the workers and remove the dataset copy
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        site.close()
