"""Every fact the founding article states can be found by SPARQL in the built store (issue 2, point 4).

One row per fact: an ASK query over the named graphs. Each names the claimant, the event and its roles, and the
dates that the text gives or implies (relative dates resolved from the publication date, 2022-12-20)."""

from __future__ import annotations

import pytest

from kg.config import DEFAULT_BASE
from kg.vocab import PREFIXES

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + f"\nPREFIX id: <{DEFAULT_BASE}>\n"


def entity(path: str) -> str:
    return f"<{DEFAULT_BASE}{path}>"


HAJUN, RUSSIA, BELARUS, UKRAINE = entity("org/hajun"), entity("state/russia"), entity("state/belarus"), entity("state/ukraine")
RU_FORCES, BY_FORCES = entity("force/russia"), entity("force/belarus")

FACTS = {
    "movement from northern/central Belarus to the south near the border, Hajun, Dec 20": f"""
        ASK {{ GRAPH ?d {{
          ?c a okg:Claim ; okg:claimant {HAJUN} ; okg:about ?e ; okg:assertedStatus okg:Ongoing ;
             okg:claimTime/okg:latest "2022-12-20"^^xsd:date ; okg:credibility ?cred ; okg:evidence/okg:quote ?q ;
             okg:citesSource ?post .
          ?post a okg:SocialMediaPost ; okg:publisher {HAJUN} .
          ?e a okg:Movement ; okg:actor {RU_FORCES} ;
             okg:fromPlace ?north , ?centre ; okg:toPlace ?south , ?nearBorder .
          ?north okg:relativePosition okg:NorthernPart ; okg:anchor {BELARUS} .
          ?centre okg:relativePosition okg:CentralPart ; okg:anchor {BELARUS} .
          ?south okg:relativePosition okg:SouthernPart ; okg:anchor {BELARUS} .
          ?nearBorder okg:relativePosition okg:Near ; okg:anchor {entity("place/border-belarus-ukraine")} .
        }} }}""",
    "Hajun: numbers small, not sufficient for an offensive": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {HAJUN} ; okg:about ?offensive ; okg:likelihood okg:Remote ;
             okg:basis ?movement .
          ?offensive a okg:Offensive .
          ?movement a okg:Movement ; okg:quantity ?q .
          ?q okg:counts okg:Troops ; okg:qualitativeSize "small" .
        }} }}""",
    "Hajun suggests joint exercises of Russian and Belarusian forces near the border": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {HAJUN} ; okg:about ?ex ; okg:likelihood okg:Possible .
          ?ex a okg:JointExercise ; okg:participant {RU_FORCES} , {BY_FORCES} ; okg:place ?near .
          ?near okg:relativePosition okg:Near .
          ?movement a okg:Movement ; okg:purpose ?ex .
        }} }}""",
    "Putin met Lukashenko in Minsk": f"""
        ASK {{ GRAPH ?d {{
          ?c a okg:Claim ; okg:about ?m ; okg:assertedStatus okg:Occurred .
          ?m a okg:Meeting ; okg:participant {entity("person/vladimir-putin")} , {entity("person/alexander-lukashenko")} ;
             okg:place {entity("place/minsk")} .
        }} }}""",
    "transfer of at least 50 Ural military trucks, Hajun, Dec 18": f"""
        ASK {{ GRAPH ?d {{
          ?c a okg:Claim ; okg:claimant {HAJUN} ; okg:about ?t ; okg:claimTime/okg:latest "2022-12-18"^^xsd:date ;
             okg:citesSource/okg:published/okg:latest "2022-12-18"^^xsd:date .
          ?t a okg:Transfer ; okg:giver {RUSSIA} ; okg:receiver {BELARUS} ; okg:quantity ?q .
          ?q okg:counts {entity("equipment/ural-military-truck")} ; okg:lowerBound 50.0 ;
             okg:originalPhrase "at least 50 Ural military trucks" .
          FILTER NOT EXISTS {{ ?q okg:upperBound ?any }}
        }} }}""",
    "deployment of aircraft capable of carrying Kinzhal missiles": f"""
        ASK {{
          GRAPH ?d {{
            ?c a okg:Claim ; okg:about ?dep .
            ?dep a okg:Deployment ; okg:actor {RUSSIA} ; okg:place {BELARUS} ; okg:quantity ?q .
            ?q okg:counts okg:Aircraft ; okg:capableOfCarrying {entity("equipment/kh-47m2-kinzhal")} .
          }}
          GRAPH ?ref {{ ?aircraft okg:canCarry {entity("equipment/kh-47m2-kinzhal")} ; okg:broaderType ?cat . }}
          GRAPH ?ont {{ ?cat okg:broaderType* okg:Aircraft }}
        }}""",
    "Zelenskyy: protecting the borders with Belarus remains a priority": f"""
        ASK {{ GRAPH ?d {{
          ?c okg:claimant {entity("person/volodymyr-zelenskyy")} ; okg:about ?e ; okg:assertedStatus okg:Ongoing .
          ?e a okg:BorderProtection ; okg:actor {UKRAINE} ; okg:place {entity("place/border-belarus-ukraine")} .
        }} }}""",
    "Belarus was the launch pad of the February 24 invasion": f"""
        ASK {{ GRAPH ?d {{
          ?c okg:about ?e ; okg:assertedStatus okg:Occurred .
          ?e a okg:Invasion ; okg:fromPlace {BELARUS} ; okg:target {UKRAINE} ;
             okg:validTime/okg:earliest "2022-02-24"^^xsd:date .
        }} }}""",
    "Belarusian troops have not entered Ukraine": f"""
        ASK {{ GRAPH ?d {{
          ?c a okg:Claim ; okg:about ?e ; okg:assertedStatus okg:NotOccurred .
          ?e a okg:Invasion ; okg:actor {BY_FORCES} ; okg:target {UKRAINE} .
        }} }}""",
    "a senior State Department official on conflicting opinions in Russia": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant ?official ; okg:about ?e ; okg:evidence ?ev1 , ?ev2 .
          ?official a okg:AnonymousSource ; okg:affiliation {entity("org/us-department-of-state")} ;
                    rdfs:label "a senior State Department official"@en .
          ?e a okg:Offensive ; okg:actor {RUSSIA} .
          FILTER(?ev1 != ?ev2)
        }} }}""",
    "ISW: Russian forces could set conditions for an attack from Belarus (Friday, Dec 16)": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {entity("org/isw")} ; okg:about ?prep ; okg:likelihood okg:Possible ;
             okg:claimTime/okg:latest "2022-12-16"^^xsd:date ; okg:citesSource ?report .
          ?report a okg:Report ; okg:publisher {entity("org/isw")} .
          ?prep a okg:Preparation ; okg:preparesFor ?inv .
          ?inv a okg:Invasion ; okg:fromPlace {BELARUS} .
        }} }}""",
    "ISW: no invasion from Belarus in the near future": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {entity("org/isw")} ; okg:about ?inv ; okg:likelihood okg:Unlikely ;
             okg:window/okg:originalPhrase "the near future" .
          ?inv a okg:Invasion ; okg:fromPlace {BELARUS} ; okg:target {UKRAINE} .
        }} }}""",
    "Zaluzhny to The Economist last week: Russia prepares 200,000 troops": f"""
        ASK {{ GRAPH ?d {{
          ?c okg:claimant {entity("person/valerii-zaluzhnyi")} ; okg:about ?prep ; okg:citesSource ?interview ;
             okg:claimTime ?t .
          ?t okg:earliest "2022-12-12"^^xsd:date ; okg:latest "2022-12-18"^^xsd:date ; okg:precision time:unitWeek .
          ?interview a okg:Interview ; okg:publisher {entity("org/the-economist")} .
          ?prep a okg:Preparation ; okg:quantity ?q ; okg:preparesFor ?offensive .
          ?q okg:counts okg:Troops ; okg:value 200000.0 .
          ?offensive a okg:Offensive .
        }} }}""",
    "Zaluzhny: offensive in the east, south or from Belarus, January or early spring": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {entity("person/valerii-zaluzhnyi")} ; okg:about ?e ;
             okg:likelihood okg:Possible ; okg:window ?w .
          ?w okg:earliest "2023-01-01"^^xsd:date ; okg:latest "2023-04-30"^^xsd:date ; okg:precision okg:unitSeason .
          ?e a okg:Offensive ; okg:candidatePlace {BELARUS} , ?east , ?south .
          ?east okg:relativePosition okg:EasternPart ; okg:anchor {UKRAINE} .
          ?south okg:relativePosition okg:SouthernPart ; okg:anchor {UKRAINE} .
        }} }}""",
    "another attempt on Kyiv expected, after the failure in February": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:about ?again ; okg:likelihood okg:AlmostCertain .
          ?again a okg:Offensive ; okg:toPlace {entity("place/kyiv")} .
          ?c a okg:Claim ; okg:about ?before ; okg:assertedStatus okg:Occurred .
          ?before a okg:Offensive ; okg:toPlace {entity("place/kyiv")} ; okg:outcome okg:Failed .
          FILTER(?again != ?before)
        }} }}""",
    "Tikhanovska: risks of Belarus sending troops may increase in the coming weeks": f"""
        ASK {{ GRAPH ?d {{
          ?a a okg:Assessment ; okg:claimant {entity("person/sviatlana-tsikhanouskaya")} ; okg:about ?e ;
             okg:window/okg:latest "2023-01-17"^^xsd:date .
          ?e okg:actor {BY_FORCES} .
        }} }}""",
    "the article: published 2022-12-20 in Kyiv, TLP:CLEAR, in its own named graph": f"""
        ASK {{
          GRAPH ?meta {{ ?doc a okg:NewsArticle ; okg:published/okg:latest "2022-12-20"^^xsd:date ;
                              okg:dateline {entity("place/kyiv")} ; okg:marking okg:TLP_CLEAR ; okg:recordedAt ?rec . }}
          GRAPH ?doc {{ ?claim okg:reportedIn ?doc }}
        }}""",
}


@pytest.mark.parametrize("question", list(FACTS), ids=list(FACTS))
def test_fact_is_in_the_graph(built_store, question):
    assert built_store.ask(_PREFIXES + FACTS[question]), question


def test_fact_queries_can_fail(built_store):
    """The table would catch a missing fact: the same shape of query with a wrong value finds nothing."""
    wrong = FACTS["transfer of at least 50 Ural military trucks, Hajun, Dec 18"].replace("50.0", "60.0")
    assert not built_store.ask(_PREFIXES + wrong)


def test_every_claim_has_claimant_document_date_evidence_credibility(built_store):
    missing = built_store.select(_PREFIXES + """
        SELECT ?claim WHERE { GRAPH ?d { ?claim a ?k . VALUES ?k { okg:Claim okg:Assessment }
          FILTER NOT EXISTS { ?claim okg:claimant ?c ; okg:reportedIn ?doc ; okg:claimTime ?t ; okg:credibility ?cr } } }""")
    assert missing.rows == []
    # evidence quotes are required wherever the document's text is there to quote from
    unquoted = built_store.select(_PREFIXES + """
        SELECT ?claim WHERE { GRAPH ?d { ?claim okg:reportedIn ?doc FILTER NOT EXISTS { ?claim okg:evidence ?e } }
                              GRAPH ?meta { ?doc okg:textDigest ?digest } }""")
    assert unquoted.rows == []
    textless = built_store.select(_PREFIXES + """
        SELECT ?claim WHERE { GRAPH ?d { ?claim okg:reportedIn ?doc ; okg:attributionNote ?why
                                         FILTER NOT EXISTS { ?claim okg:evidence ?e } } }""")
    assert len(textless) >= 8  # the original sources whose texts were not available say so
    count = built_store.select(_PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?c okg:reportedIn ?doc } }")
    assert int(count.rows[0][0]) >= 19
