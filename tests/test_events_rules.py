"""Unit tests for the rules event coder: one test per syntactic construction, documents built
by hand (parse from the shared spaCy model, actors set by the test)."""

from __future__ import annotations

import re

import pytest

from dyad.extract.events.rules import RulesCoder
from dyad.model import Document, Entity, Event

ACTORS = {
    "President Trump": ("USA", "Donald Trump"), "Trump": ("USA", "Donald Trump"),
    "Kim Jong Un": ("PRK", "Kim Jong Un"), "Kim": ("PRK", "Kim Jong Un"),
    "North Korea": ("PRK", None), "the United States": ("USA", None), "Washington": ("USA", None),
    "Iran": ("IRN", None), "Israel": ("ISR", None), "Russia": ("RUS", None), "Ukraine": ("UKR", None),
    "China": ("CHN", None), "Japan": ("JPN", None), "Hamas": ("PSE", None), "Ri Yong Ho": ("PRK", "Ri Yong Ho"),
    "Moon Jae-in": ("KOR", "Moon Jae-in"), "France": ("FRA", None), "Germany": ("DEU", None),
    "Turkish police": ("TUR", None), "Kurdish protesters": ("TUR", None), "Syria": ("SYR", None),
    "the rebels": ("SYR", None), "Egypt": ("EGY", None),
}
PAIRS = {"the two leaders": [("USA", "Donald Trump"), ("PRK", "Kim Jong Un")]}


def with_actors(doc: Document) -> Document:
    """Mark every known actor phrase (longest first, no overlaps) like the actors stage would."""
    taken: list[tuple[int, int]] = []
    ents: list[Entity] = []
    for phrase, refs in PAIRS.items():
        for m in re.finditer(re.escape(phrase), doc.text):
            taken.append(m.span())
            ents += [Entity(phrase, m.start(), m.end(), code=c, name=n) for c, n in refs]
    for phrase in sorted(ACTORS, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", doc.text, flags=re.IGNORECASE):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            code, name = ACTORS[phrase]
            ents.append(Entity(m.group(), m.start(), m.end(), code=code, name=name))
    doc.actors = sorted(ents, key=lambda e: e.start)
    return doc


@pytest.fixture
def code(make_doc):
    coder = RulesCoder()

    def run(text: str) -> list[Event]:
        return coder.code(with_actors(make_doc(text)))

    return run


def codes(ents: tuple[Entity, ...]) -> set[str]:
    return {e.code for e in ents if e.code}


def only(events: list[Event], event_type: str) -> Event:
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in events]
    return found[0]


def test_rules_active_voice(code):
    e = only(code("Iran accused Israel of spying on its nuclear scientists."), "ACCUSE")
    assert (e.mode, codes(e.actor), codes(e.recipient)) == ("allege", {"IRN"}, {"ISR"})


def test_rules_passive_voice_swaps_roles(code):
    e = only(code("Israel was accused by Iran of spying."), "ACCUSE")
    assert codes(e.actor) == {"IRN"} and codes(e.recipient) == {"ISR"}


def test_rules_coordination_symmetric_meeting(code):
    e = only(code("Trump and Kim met in Singapore last June."), "CONSULT")
    assert codes(e.actor) == {"USA", "PRK"} and not e.recipient


def test_rules_meeting_with_recipient_becomes_symmetric(code):
    e = only(code("China held talks with Japan on Monday."), "CONSULT")
    assert codes(e.actor) == {"CHN", "JPN"} and not e.recipient
    assert e.trigger.text == "held talks"


def test_rules_apposition_subject(code):
    e = only(code("Kim Jong Un, the North Korean leader, criticized Moon Jae-in."), "ACCUSE")
    assert e.mode == "disapprove" and codes(e.actor) == {"PRK"} and codes(e.recipient) == {"KOR"}


def test_rules_possessive_nominal_event(code):
    e = only(code("Kim's invitation to President Trump came as a surprise."), "AGREE")
    assert codes(e.actor) == {"PRK"} and codes(e.recipient) == {"USA"}


def test_rules_nominal_between_two_leaders(code):
    e = only(code("The exchange of letters between the two leaders was a positive sign."), "CONSULT")
    assert e.mode == "phone" and codes(e.actor) == {"USA", "PRK"}


def test_rules_light_verb_sanctions_against(code):
    e = only(code("The United States imposed sanctions against North Korea."), "SANCTION")
    assert codes(e.actor) == {"USA"} and codes(e.recipient) == {"PRK"} and e.mode == "discontinue"


def test_rules_relative_clause_acceptance(code):
    events = code("Trump extended an invitation to Kim, which Kim accepted.")
    invitation = next(e for e in events if e.trigger.text.endswith("invitation"))
    accepted = next(e for e in events if e.trigger.text == "accepted")
    assert invitation.event_type == "AGREE" and codes(invitation.actor) == {"USA"}
    assert codes(invitation.recipient) == {"PRK"}
    assert accepted.event_type == "AGREE" and codes(accepted.actor) == {"PRK"}
    assert codes(accepted.recipient) == {"USA"}


def test_rules_accepting_someones_invitation(code):
    e = next(x for x in code("Trump accepted Kim's invitation to visit Pyongyang.") if x.trigger.text == "accepted")
    assert codes(e.actor) == {"USA"} and codes(e.recipient) == {"PRK"}


def test_rules_control_verb_agreed_to_meet(code):
    events = code("Russia agreed to meet Ukraine next week.")
    e = only(events, "AGREE")
    assert e.cameo == "036" and codes(e.actor) | codes(e.recipient) == {"RUS", "UKR"}
    assert not [x for x in events if x.event_type == "CONSULT"]  # the governed "meet" is part of AGREE


@pytest.mark.parametrize(("text", "expected"), [
    ("Trump and Kim will meet next month.", "AGREE"),
    ("Trump and Kim met last month.", "CONSULT"),
    ("There may be a second summit between Trump and Kim.", "AGREE"),
    ("The first summit between Trump and Kim was held in Singapore.", "CONSULT"),
])
def test_rules_future_meetings_are_agree(code, expected, text):
    assert [e.event_type for e in code(text)] == [expected]


def test_rules_phrasal_verb(code):
    e = only(code("Israel called off the talks with Hamas."), "REJECT")
    assert e.mode == "meet" and codes(e.actor) == {"ISR"}


def test_rules_negated_trigger_is_kept_for_the_status_stage(code):
    e = only(code("Iran did not attack Israel."), "ASSAULT")
    assert codes(e.actor) == {"IRN"} and codes(e.recipient) == {"ISR"}


def test_rules_reason_links_thanks_to_release(code):
    events = code("Trump thanked Kim for releasing the prisoners.")
    support = only(events, "SUPPORT")
    release = only(events, "RETREAT")
    assert codes(support.actor) == {"USA"} and codes(support.recipient) == {"PRK"}
    assert release.mode == "release" and codes(release.actor) == {"PRK"}


def test_rules_evaluative_description_is_criticism(code):
    e = only(code("Ri Yong Ho referred to the sanctions against North Korea as alarming."), "ACCUSE")
    assert e.mode == "disapprove" and codes(e.actor) == {"PRK"}


def test_rules_event_without_actor_is_dropped(code, make_doc):
    assert code("The attack was condemned in the strongest terms.") == []
    doc = with_actors(make_doc("The attack was condemned in the strongest terms."))
    assert RulesCoder(keep_actorless=True).code(doc)


def test_rules_event_record_shape(code, make_doc):
    doc = with_actors(make_doc("Russia launched an attack on Ukraine."))
    e = only(RulesCoder().code(doc), "ASSAULT")
    assert e.id == Event.make_id(doc.article.id, "ASSAULT", e.trigger.start, e.trigger.end)
    assert doc.text[e.trigger.start:e.trigger.end] == e.trigger.text
    assert e.sentence.text == doc.text.strip() or e.sentence.text in doc.text
    assert e.coder.name == "rules" and e.cameo and 0 < e.confidence < 1
    assert Event.from_dict(e.to_dict()) == e


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia agreed to a ceasefire proposal from Ukraine.", "AGREE"),
    ("France consulted Germany on the crisis.", "CONSULT"),
    ("France praised Germany for its leadership.", "SUPPORT"),
    ("Egypt apologized to Israel for the incident.", "CONCEDE"),
    ("Japan extradited the suspect to China.", "COOPERATE"),
    ("Japan donated medical supplies to China.", "AID"),
    ("Russia withdrew its troops from Ukraine.", "RETREAT"),
    ("Iran demanded that Israel release the prisoners.", "REQUEST"),
    ("China condemned the visit by Japan.", "ACCUSE"),
    ("Hamas rejected the proposal from Israel.", "REJECT"),
    ("North Korea threatened the United States with nuclear war.", "THREATEN"),
    ("Kurdish protesters rallied against Turkish police in Istanbul.", "PROTEST"),
    ("The United States imposed an embargo on Iran.", "SANCTION"),
    ("Russia deployed troops to the border with Ukraine.", "MOBILIZE"),
    ("Turkish police arrested Kurdish protesters.", "COERCE"),
    ("Syria shelled the rebels near Aleppo.", "ASSAULT"),
])
def test_rules_all_sixteen_types(code, text, expected):
    assert expected in [e.event_type for e in code(text)]


def test_rules_definite_meeting_refers_back_and_sets_the_actors(code):
    events = code("The first meeting between Trump and Kim was a success, as agreed upon at the first meeting.")
    agreed = only(events, "AGREE")
    assert codes(agreed.actor) == {"USA", "PRK"}


def test_rules_definite_meeting_keeps_ordinals_apart(make_doc):
    doc = with_actors(make_doc("Trump and Kim will hold a second summit. The summit will be in Hanoi. "
                               "The first summit was in June."))
    events = RulesCoder().code(doc)
    assert [e.event_type for e in events] == ["AGREE", "AGREE"]  # "the summit" is the second one
    assert not [e for e in events if e.trigger.start > doc.text.index("The first")]


def test_rules_ordering_an_arrest_is_the_arrest(code):
    e = only(code("Iran ordered the arrest of the Israel spies."), "COERCE")
    assert e.mode == "arrest" and codes(e.actor) == {"IRN"}


def test_rules_peacekeeping_deployment_is_aid(code):
    e = only(code("Japan deployed peacekeepers to help China."), "AID")
    assert codes(e.actor) == {"JPN"}


def test_rules_possible_coercion_is_a_threat(code):
    e = only(code("China may impose a blockade on Japan."), "THREATEN")
    assert codes(e.actor) == {"CHN"} and codes(e.recipient) == {"JPN"}
    assert [e.event_type for e in code("China will impose a blockade on Japan.")] == ["COERCE"]


def test_rules_adjective_trigger(code):
    e = only(code("Japan is deeply concerned about China."), "ACCUSE")
    assert e.mode == "disapprove" and codes(e.recipient) == {"CHN"}


def test_rules_reported_criticism(code):
    e = only(code("Russia said the deployment by Japan was a destructive step."), "ACCUSE")
    assert codes(e.actor) == {"RUS"} and codes(e.recipient) == {"JPN"}


def test_rules_host_is_the_recipient(code):
    e = only(code("China hosted the Japan delegation in Beijing."), "CONSULT")
    assert codes(e.actor) == {"JPN"} and codes(e.recipient) == {"CHN"}


def test_rules_troops_sent_to_a_place_have_no_recipient(code):
    e = only(code("Russia moved troops to Syria."), "MOBILIZE")
    assert codes(e.actor) == {"RUS"} and not codes(e.recipient)
