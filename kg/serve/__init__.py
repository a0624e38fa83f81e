"""``kg serve``: read-only linked data and a SPARQL 1.1 endpoint over what one TLP level may see (docs/serve.md).

- :mod:`kg.serve.app` — the HTTP server, its routes, and the site built from the visible dataset at start-up;
- :mod:`kg.serve.negotiation` — Accept headers;
- :mod:`kg.serve.describe` — an IRI's description (Turtle, JSON-LD);
- :mod:`kg.serve.html` — the HTML pages;
- :mod:`kg.serve.endpoint` — the SPARQL protocol and its refusals;
- :mod:`kg.serve.pool` and :mod:`kg.serve.worker` — queries in killable worker processes (the time limit);
- :mod:`kg.commands.serve` — the click command.
"""
