"""HTML pages of the server: the layout every page shares (with links to the index, the ontology documentation and
the SPARQL endpoint), entity pages, the index, the SPARQL form and the one 404 page. Every value is escaped."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF

from kg.labels import short_name
from kg.serve.describe import Description, label_of, types_of
from kg.vocab import OKG_NS

__all__ = ["Linker", "page", "entity_page", "index_page", "sparql_page", "NOT_FOUND_PAGE"]

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d232a;background:#fafbfc}
header{background:#1f3b57;color:#fff;padding:.6em 1.5em;display:flex;gap:1.5em;align-items:baseline}
header a{color:#fff;text-decoration:none;font-weight:600}header .level{margin-left:auto;font-size:.9em;
background:#fff;color:#1f3b57;border-radius:3px;padding:.1em .5em}
main{padding:1em 1.5em;max-width:75em}h1{margin:.3em 0 .1em}.iri{font-family:monospace;color:#555;word-break:break-all}
table{border-collapse:collapse;width:100%;margin-top:1em;background:#fff}
th,td{border:1px solid #d8dee4;padding:.35em .6em;text-align:left;vertical-align:top}th{background:#eef2f6}
.types a{display:inline-block;background:#e3ecf5;border-radius:3px;padding:.05em .45em;margin-right:.3em}
.lit{color:#0b5e2a}.meta{color:#777;font-size:.85em}.graphs a{font-size:.85em}.formats{margin-top:.6em}
textarea{width:100%;font-family:monospace}footer{color:#777;font-size:.85em;padding:1em 1.5em}
"""


class Linker:
    """Where an IRI points on this server: entities under the base to their page, ontology terms to the ontology
    documentation, others to themselves (http and https only)."""

    def __init__(self, base: str, entity_prefix: str):
        self.base = base
        self.entity_prefix = entity_prefix

    def href(self, iri: str) -> str | None:
        if iri.startswith(self.base):
            return self.entity_prefix + iri[len(self.base):]
        if iri.startswith(OKG_NS):
            return "/ontology#" + quote(iri[len(OKG_NS):])
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def short(self, iri: str) -> str:
        return short_name(iri)

    def link(self, iri: str, text: str | None = None) -> str:
        href = self.href(iri)
        shown = escape(text if text is not None else self.short(iri))
        if href is None:
            return f'<span title="{escape(iri)}">{shown}</span>'
        external = "" if href.startswith("/") else ' rel="nofollow noopener noreferrer"'
        return f'<a href="{escape(href)}" title="{escape(iri)}"{external}>{shown}</a>'


def page(title: str, body: str, level: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{STYLE}</style></head>
<body><header><a href="/">OSINT knowledge graph</a><a href="/ontology">Ontology</a><a href="/sparql">SPARQL</a>
<span class="level">{escape(level)}</span></header>
<main>{body}</main>
<footer>Read-only linked data restricted to {escape(level)}.</footer></body></html>
""".encode("utf-8")


def _value(store: ox.Store, linker: Linker, term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return linker.link(term.value, label_of(store, term) or None)
    if isinstance(term, ox.BlankNode):
        return f'<span class="meta">[blank node _:{escape(term.value)}]</span>'
    if isinstance(term, ox.Literal):
        suffix = ""
        if term.language:
            suffix = f' <span class="meta">@{escape(term.language)}</span>'
        elif not term.datatype.value.endswith("#string"):
            suffix = f' <span class="meta">{escape(linker.short(term.datatype.value))}</span>'
        return f'<span class="lit">{escape(term.value)}</span>{suffix}'
    return escape(str(term))


def _graph_link(store: ox.Store, linker: Linker, name: str, base: str) -> str:
    if not name:
        return '<span class="meta">default graph</span>'
    if name.startswith(base + "graph/"):
        return f'<span class="meta">{escape(name[len(base):])}</span>'
    title = None
    for quad in store.quads_for_pattern(ox.NamedNode(name), ox.NamedNode(str(DCTERMS.title)), None, None):
        title = quad.object.value
        break
    return linker.link(name, title or label_of(store, ox.NamedNode(name)) or None)


def entity_page(store: ox.Store, linker: Linker, description: Description, level: str, path: str) -> bytes:
    iri = description.iri
    types = types_of(description)
    label = label_of(store, ox.NamedNode(iri))
    if not label:  # claims, events, times: the type's label and the IRI's last segment
        kind = label_of(store, types[0]) if types else None
        label = f"{kind or 'entity'} {iri.rstrip('/').rsplit('/', 1)[-1]}"
    type_links = " ".join(linker.link(t.value, label_of(store, t) or None) for t in types)
    rows = []
    rdf_type = ox.NamedNode(str(RDF.type))
    by_predicate: dict[ox.NamedNode, list[tuple[object, list[str]]]] = {}
    for (predicate, obj), graphs in description.statements.items():
        if predicate != rdf_type:
            by_predicate.setdefault(predicate, []).append((obj, graphs))
    for predicate in sorted(by_predicate, key=lambda p: (label_of(store, p) or linker.short(p.value)).lower()):
        for obj, graphs in sorted(by_predicate[predicate], key=lambda item: str(item[0])):
            sources = ", ".join(_graph_link(store, linker, g, linker.base) for g in graphs)
            rows.append(f"<tr><td>{linker.link(predicate.value, label_of(store, predicate) or None)}</td>"
                        f"<td>{_value(store, linker, obj)}</td><td class=\"graphs\">{sources}</td></tr>")
    blank = ""
    if description.blank:
        items = "".join(f"<tr><td>{_value(store, linker, t.subject)}</td><td>{linker.link(t.predicate.value)}</td>"
                        f"<td>{_value(store, linker, t.object)}</td></tr>" for t in description.blank)
        blank = f"<h2>Blank nodes</h2><table><tr><th>node</th><th>property</th><th>value</th></tr>{items}</table>"
    body = (f"<h1>{escape(label)}</h1><div class=\"iri\">{escape(iri)}</div>"
            f"<p class=\"types\">{type_links}</p>"
            f"<table><tr><th>property</th><th>value</th><th>stated in</th></tr>{''.join(rows)}</table>{blank}"
            f"<p class=\"formats\">Also as <a href=\"{escape(path)}.ttl\">Turtle</a> and "
            f"<a href=\"{escape(path)}.jsonld\">JSON-LD</a>.</p>")
    return page(label, body, level)


def index_page(store: ox.Store, linker: Linker, documents: list[str], level: str, triples: int) -> bytes:
    items = "".join(f"<li>{_graph_link(store, linker, d, linker.base)}</li>" for d in documents)
    body = (f"<h1>OSINT knowledge graph</h1><p>The linked data a partner at <b>{escape(level)}</b> may see: "
            f"{len(documents)} documents, {triples} statements (with the reference entities they mention, the "
            "ontology and the shapes). Every IRI under the base dereferences; ask anything at "
            "<a href=\"/sparql\">/sparql</a>; the model is documented at <a href=\"/ontology\">/ontology</a>.</p>"
            f"<h2>Documents</h2><ul>{items}</ul>")
    return page("OSINT knowledge graph", body, level)


def sparql_page(level: str) -> bytes:
    body = ("<h1>SPARQL endpoint</h1><p>SPARQL 1.1 Protocol: <code>GET /sparql?query=…</code> or <code>POST</code>. "
            "Read-only; the default graph is the union of the visible graphs.</p>"
            "<form method=\"post\" action=\"/sparql\"><textarea name=\"query\" rows=\"12\">"
            "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?triples)"
            "</textarea><p><button type=\"submit\">Run</button></p></form>")
    return page("SPARQL endpoint", body, level)


#: The one answer for every IRI the level may not see or that does not exist: identical bytes, no reflection.
NOT_FOUND_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>Nothing is known here. <a href="/">Start page</a> &middot;
<a href="/ontology">Ontology</a> &middot; <a href="/sparql">SPARQL</a></p></body></html>
"""
