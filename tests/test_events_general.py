"""Rules coder constructions added for generality beyond the showcase: datelines, generic actors
located by place, domestic protests, directed meetings, elaborations merged into their head,
object events as targets, trade bans, future-only retaliation, sport, passive "be met with".
Documents are built by hand: parse from the shared model, actors and places set by the test."""

from __future__ import annotations

import pytest

from dyad.extract.events.setting import generic_sector
from dyad.model import Document, Entity

from .events_helpers import codes, mark, of_type, rules_coder

ACTORS = {
    "Russia": "RUS", "Ukraine": "UKR", "Kyiv": "UKR", "KYIV": "UKR", "Britain": "GBR", "Moscow": "RUS",
    "Kim": "PRK", "Lee Hsien Loong": "SGP", "the United States": "USA", "Syria": "SYR", "Argentina": "ARG",
    "France": "FRA", "the European Union": "EUR", "Tillerson": "USA", "Putin": "RUS", "Sudan": "SDN",
}
GENERIC = ("people", "soldiers", "police officers", "protesters")
PLACES = {"Hong Kong": "HKG", "Khartoum": "SDN", "KHARTOUM": "SDN", "KYIV": "UKR", "Ukraine": "UKR"}


def _prepare(doc: Document) -> Document:
    return mark(doc, ACTORS, generic=GENERIC, places=PLACES)


@pytest.fixture
def code(make_doc):
    return rules_coder(make_doc, _prepare)


def test_dateline_words_are_not_actors(code):
    events = code("KYIV, Ukraine \u2014 Russia fired dozens of missiles at cities across Ukraine on Monday.")
    [assault] = of_type(events, "ASSAULT")
    assert codes(assault.actor) == {"RUS"} and codes(assault.recipient) == {"UKR"}


def test_participle_elaborating_an_attack_is_the_same_event(code):
    events = code("Russia fired dozens of missiles at cities across Ukraine, striking central Kyiv.")
    assert len(of_type(events, "ASSAULT")) == 1


def test_generic_protesters_take_the_place_country_and_target_its_government(code):
    events = code("Hundreds of thousands of people marched through central Hong Kong on Sunday.")
    [protest] = of_type(events, "PROTEST")
    assert codes(protest.actor) == {"HKG"} and protest.actor[0].sector == "CVL"
    assert codes(protest.recipient) == {"HKG"} and protest.recipient[0].sector == "GOV"


def test_generic_soldiers_fall_back_to_the_dateline_country(code):
    events = code("KHARTOUM, Sudan \u2014 Soldiers opened fire on protesters near the army headquarters, "
                  "killing at least three people.")
    [assault] = of_type(events, "ASSAULT")
    assert codes(assault.actor) == {"SDN"} and assault.actor[0].sector == "MIL"


def test_generic_sector_needs_an_unnamed_local_group():
    assert generic_sector(Entity("2,000 police officers", 0, 21)) == "COP"
    assert generic_sector(Entity("foreign troops", 0, 14)) is None
    assert generic_sector(Entity("Kim", 0, 3, code="PRK")) is None
    assert generic_sector(Entity("the convoy", 0, 10)) is None


def test_meeting_with_an_object_keeps_its_direction(code):
    [meeting] = of_type(code("Hours later Kim met Lee Hsien Loong at the Istana."), "CONSULT")
    assert codes(meeting.actor) == {"PRK"} and codes(meeting.recipient) == {"SGP"}


def test_coordinated_subjects_meet_symmetrically(code):
    [meeting] = of_type(code("Kim and Lee Hsien Loong met at the Istana on Sunday."), "CONSULT")
    assert codes(meeting.actor) == {"PRK", "SGP"} and not meeting.recipient


def test_travel_for_talks_is_a_directed_plan(code):
    [plan] = of_type(code("Tillerson is due to travel to Moscow next week for talks."), "AGREE")
    assert codes(plan.actor) == {"USA"} and codes(plan.recipient) == {"RUS"}


def test_criticised_event_gives_the_target(code):
    events = code("Russia denounced the strike by the United States on a Syrian air base.")
    [accuse] = of_type(events, "ACCUSE")
    assert codes(accuse.recipient) == {"USA"}


def test_describing_verb_does_not_perform_the_described_event(code):
    events = code("Russia called the expulsions a hostile action.")
    assert not of_type(events, "SANCTION")


def test_trade_ban_is_a_sanction(code):
    events = code("The European Union agreed to ban most imports of oil from Russia.")
    [sanction] = of_type(events, "SANCTION")
    assert sanction.mode == "discontinue" and codes(sanction.recipient) == {"RUS"}


def test_suspended_contacts_name_the_party_in_the_object(code):
    [sanction] = of_type(code("Britain will suspend all high-level contacts with Moscow."), "SANCTION")
    assert codes(sanction.recipient) == {"RUS"}


def test_retaliation_is_a_threat_only_in_the_future(code):
    assert of_type(code("Russia would respond to any further attacks."), "THREATEN")
    assert not of_type(code("Russia responded to questions on Monday."), "THREATEN")


def test_warning_does_not_make_the_speaker_its_own_recipient(code):
    events = code("Putin warned that Russia would retaliate harshly against Ukraine.")
    [threat] = of_type(events, "THREATEN")
    assert "RUS" not in codes(threat.recipient)


def test_passive_met_with_is_no_meeting(code):
    events = code("Russia said any attack by Ukraine would be met with overwhelming force.")
    assert not of_type(events, "CONSULT") and not of_type(events, "AGREE")


def test_sport_is_not_violence(code):
    events = code("Argentina won the World Cup on Sunday, beating France 4-2 in a penalty shootout.")
    assert not of_type(events, "ASSAULT")


def test_calling_a_general_strike_is_a_protest(code):
    events = code("Protesters in Khartoum called for a general strike.")
    [protest] = of_type(events, "PROTEST")
    assert protest.mode == "strike" and not of_type(events, "REQUEST")


def test_call_with_an_object_is_no_demand(code):
    events = code("Putin announced the deal, calling it painful for Russia.")
    assert not of_type(events, "REQUEST")


def test_paused_aid_measured_in_money(code):
    events = code("The United States paused $700 million in emergency economic assistance to Sudan.")
    [sanction] = of_type(events, "SANCTION")
    assert codes(sanction.recipient) == {"SDN"}


def test_reported_finding_of_blame_is_an_allegation(code):
    [accuse] = of_type(code("Britain concluded that Russia was responsible for the poisoning."), "ACCUSE")
    assert accuse.mode == "allege" and codes(accuse.actor) == {"GBR"} and codes(accuse.recipient) == {"RUS"}
    [accuse] = of_type(code("France said that Syria bore sole responsibility for the attack."), "ACCUSE")
    assert codes(accuse.actor) == {"FRA"} and codes(accuse.recipient) == {"SYR"}


def test_subject_constrained_triggers(code):
    [protest] = of_type(code("Thousands of protesters gathered in central Khartoum on Monday."), "PROTEST")
    assert codes(protest.actor) == {"SDN"}
    assert not of_type(code("Ministers from Russia and Ukraine gathered in Moscow."), "PROTEST")


def test_lexicon_subject_pattern_is_parsed():
    from dyad.extract.events.lexicon import parse_trigger_lines

    [entry] = list(parse_trigger_lines(["sail @frigate | verb | MOBILIZE:weapons | military | 150 |"]))
    assert (entry.lemma, entry.subject, entry.specificity) == ("sail", "frigate", 1)


def test_mobilization_inside_an_attack_is_not_coded_apart(code):
    events = code("Russia fired dozens of missiles at cities across Ukraine. Russia had launched more than 80 missiles.")
    assert of_type(events, "ASSAULT") and not of_type(events, "MOBILIZE")


def test_participant_of_an_event_noun_in_a_participation_phrase(code):
    events = code("Kim, appearing in a video call with Putin, said the deal was good.")
    [call] = of_type(events, "CONSULT")
    assert codes(call.actor) | codes(call.recipient) == {"PRK", "RUS"}


def test_reaction_is_directed_at_the_counterpart_of_the_latest_dyadic_event(code):
    events = code("Britain will expel 23 diplomats from Russia. Russia would retaliate soon.")
    [threat] = of_type(events, "THREATEN")
    assert codes(threat.recipient) == {"GBR"}


def test_reaction_without_an_earlier_dyad_keeps_no_recipient(code):
    [threat] = of_type(code("Russia would retaliate soon."), "THREATEN")
    assert not threat.recipient


def test_conjoined_complements_share_the_frame(code):
    events = code("Russia urged Ukraine to withdraw the bill and step down.")
    assert [e.event_type for e in events] == ["REQUEST"]
