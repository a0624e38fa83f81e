"""The ontology's documentation as one self-contained HTML page, generated from the ontology itself (the role pyLODE
plays elsewhere; pyLODE 3.6 needs Python 3.12). For every term of the project's namespace: its label, IRI,
definition and comments, and — for classes — super- and subclasses and the properties whose domain or range it is;
for properties their domain, range, super-properties and inverse; for named individuals (concept schemes such as the
TLP markings) their types and notation. Served by ``kg serve`` at ``/ontology`` and shipped with exports."""

from __future__ import annotations

from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.labels import LABEL_PREDICATES, display_label, short_name
from kg.model import Model
from kg.vocab import OKG_NS

__all__ = ["ontology_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d232a;background:#fafbfc}
nav{background:#1f3b57;padding:.6em 1.5em}nav a{color:#fff;text-decoration:none;font-weight:600;margin-right:1.5em}
main{padding:1em 1.5em;max-width:70em}.term{background:#fff;border:1px solid #d8dee4;border-radius:4px;
padding:.6em 1em;margin:.8em 0}.term h3{margin:.1em 0}.iri{font-family:monospace;color:#555;font-size:.9em;
word-break:break-all}dl{display:grid;grid-template-columns:10em 1fr;gap:.2em 1em;margin:.5em 0}dt{color:#555}
dd{margin:0}.toc a{margin-right:.6em;display:inline-block}.kind{font-size:.75em;color:#fff;background:#5b7a99;
border-radius:3px;padding:.05em .4em;vertical-align:middle}
"""

_KINDS = [
    ("classes", "Classes", (OWL.Class, RDFS.Class)),
    ("object-properties", "Object properties", (OWL.ObjectProperty,)),
    ("datatype-properties", "Datatype properties", (OWL.DatatypeProperty,)),
    ("annotation-properties", "Annotation properties", (OWL.AnnotationProperty,)),
    ("properties", "Other properties", (RDF.Property,)),
    ("individuals", "Named individuals and concepts", (OWL.NamedIndividual, SKOS.Concept, SKOS.ConceptScheme)),
]


def _local(term: URIRef) -> str:
    return str(term)[len(OKG_NS):]


def _text(graph: Graph, term: URIRef, predicate: URIRef) -> list[str]:
    values = [o for o in graph.objects(term, predicate) if isinstance(o, Literal)]
    english = [v for v in values if v.language in (None, "en")]
    return sorted(str(v) for v in (english or values))


def _label(graph: Graph, term: URIRef) -> str:
    return display_label(term, (graph,), LABEL_PREDICATES[:2]) or short_name(term)


_short = short_name


def _ref(graph: Graph, node: object) -> str:
    """A link to a term of this page, a named external term, or a readable class expression."""
    if isinstance(node, URIRef):
        if str(node).startswith(OKG_NS):
            return f'<a href="#{escape(_local(node))}" title="{escape(str(node))}">{escape(_label(graph, node))}</a>'
        text = str(node)
        if text.startswith(("http://", "https://")):
            return f'<a href="{escape(text)}" rel="nofollow noopener">{escape(_short(node))}</a>'
        return escape(text)
    if isinstance(node, BNode):
        for operator, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = graph.value(node, operator)
            if members is not None:
                return "(" + word.join(_ref(graph, m) for m in Collection(graph, members)) + ")"
        restricted = graph.value(node, OWL.onProperty)
        if restricted is not None:
            for kind, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
                value = graph.value(node, kind)
                if value is not None:
                    return f"{_ref(graph, restricted)} {word} {_ref(graph, value)}"
            return f"a restriction on {_ref(graph, restricted)}"
        return "an anonymous class"
    if isinstance(node, Literal):
        return escape(str(node))
    return escape(str(node))


def _row(name: str, values: list[str]) -> str:
    return f"<dt>{escape(name)}</dt><dd>{', '.join(values)}</dd>" if values else ""


def _term_html(graph: Graph, term: URIRef, kind_title: str, model: Model) -> str:
    rows = []
    rows.append(_row("Definition", [escape(t) for t in _text(graph, term, SKOS.definition)]))
    rows.append(_row("Comment", [escape(t) for t in _text(graph, term, RDFS.comment)]))
    rows.append(_row("Scope note", [escape(t) for t in _text(graph, term, SKOS.scopeNote)]))
    rows.append(_row("Example", [escape(t) for t in _text(graph, term, SKOS.example)]))
    rows.append(_row("Superclasses", sorted(_ref(graph, o) for o in graph.objects(term, RDFS.subClassOf))))
    subclasses = [s for s in graph.subjects(RDFS.subClassOf, term) if isinstance(s, URIRef)]
    rows.append(_row("Subclasses", sorted(_ref(graph, s) for s in subclasses)))
    rows.append(_row("Equivalent to", sorted(_ref(graph, o) for o in graph.objects(term, OWL.equivalentClass))))
    rows.append(_row("Disjoint with", sorted(_ref(graph, o) for o in graph.objects(term, OWL.disjointWith))))
    rows.append(_row("In the domain of", sorted(_ref(graph, s) for s in graph.subjects(RDFS.domain, term))))
    rows.append(_row("In the range of", sorted(_ref(graph, s) for s in graph.subjects(RDFS.range, term))))
    rows.append(_row("Domain", sorted(_ref(graph, o) for o in graph.objects(term, RDFS.domain))))
    rows.append(_row("Range", sorted(_ref(graph, o) for o in graph.objects(term, RDFS.range))))
    rows.append(_row("Super-properties", sorted(_ref(graph, o) for o in graph.objects(term, RDFS.subPropertyOf))))
    rows.append(_row("Sub-properties", sorted(_ref(graph, s) for s in graph.subjects(RDFS.subPropertyOf, term)
                                              if isinstance(s, URIRef))))
    rows.append(_row("Inverse of", sorted(_ref(graph, o) for o in graph.objects(term, OWL.inverseOf))))
    characteristics = [_short(t) for t in graph.objects(term, RDF.type)
                       if t in (OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
                                OWL.InverseFunctionalProperty)]
    rows.append(_row("Characteristics", [escape(c) for c in sorted(characteristics)]))
    if kind_title.startswith("Named"):
        types = [o for o in graph.objects(term, RDF.type) if o not in (OWL.NamedIndividual,)]
        rows.append(_row("Type", sorted(_ref(graph, t) for t in types)))
        rows.append(_row("Notation", [escape(str(n)) for n in graph.objects(term, SKOS.notation)]))
        rows.append(_row("In scheme", sorted(_ref(graph, s) for s in graph.objects(term, SKOS.inScheme))))
    rows.append(_row("Equivalent terms", sorted(_ref(graph, o) for o in graph.objects(term, SKOS.exactMatch))))
    local = _local(term)
    return (f'<section class="term" id="{escape(local)}"><h3>{escape(_label(graph, term))} '
            f'<span class="kind">{escape(kind_title)}</span></h3><div class="iri">{escape(str(term))}</div>'
            f"<dl>{''.join(rows)}</dl></section>")


def ontology_html(model: Model, *, site_links: bool = False) -> str:
    """The documentation page of ``model.ontology`` (a complete HTML document, no external resources).
    ``site_links`` adds the navigation of ``kg serve`` (start page, SPARQL); a shipped file goes without it."""
    graph = model.ontology
    placed: set[URIRef] = set()
    sections, toc = [], []
    for anchor, title, kinds in _KINDS:
        terms = sorted({s for kind in kinds for s in graph.subjects(RDF.type, kind)
                        if isinstance(s, URIRef) and str(s).startswith(OKG_NS)} - placed,
                       key=lambda t: _label(graph, t).lower())
        if not terms:
            continue
        placed |= set(terms)
        toc.append(f'<p class="toc"><b><a href="#{anchor}">{escape(title)}</a></b> '
                   + " ".join(f'<a href="#{escape(_local(t))}">{escape(_label(graph, t))}</a>' for t in terms)
                   + "</p>")
        sections.append(f'<h2 id="{anchor}">{escape(title)} ({len(terms)})</h2>'
                        + "".join(_term_html(graph, t, title, model) for t in terms))
    modules = []
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology), key=str):
        name = (_text(graph, ontology, DCTERMS.title) or _text(graph, ontology, RDFS.label) or [str(ontology)])[0]
        description = (_text(graph, ontology, DCTERMS.description) or _text(graph, ontology, RDFS.comment) or [""])[0]
        version = graph.value(ontology, OWL.versionIRI)
        modules.append(f"<li><b>{escape(name)}</b> <span class=\"iri\">{escape(str(ontology))}</span>"
                       f"{' — version ' + escape(str(version)) if version else ''}"
                       f"{'<br>' + escape(description) if description else ''}</li>")
    title = "OSINT knowledge graph ontology"
    nav = ('<nav><a href="/">Home</a><a href="/ontology">Ontology</a><a href="/sparql">SPARQL</a></nav>'
           if site_links else '<nav><a href="#classes">Classes</a><a href="#object-properties">Properties</a></nav>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_STYLE}</style></head>
<body>{nav}<main>
<h1>{escape(title)}</h1><p>Namespace <span class="iri">{escape(OKG_NS)}</span> · {len(placed)} terms,
generated from the ontology files.</p>
<h2>Modules</h2><ul>{''.join(modules)}</ul>
<h2>Contents</h2>{''.join(toc)}
{''.join(sections)}
</main></body></html>
"""
