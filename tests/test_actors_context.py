"""Actor context (issue 5 follow-up): datelines, generic groups and officials take the article's
country; named people without a title do not. Texts are made up for the tests."""

from __future__ import annotations

import pytest

from dyad.config import PipelineConfig
from dyad.extract.actors.context import find_dateline_country
from dyad.extract.actors.stage import ActorStage
from dyad.model import Entity
from dyad.resolve.actor_kb import default_kb


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    return ActorStage(PipelineConfig())


@pytest.fixture
def actors(make_doc, stage):
    def run(text: str, published: str = "2021-05-03") -> dict[str, Entity]:
        return {e.text: e for e in stage(make_doc(text, published)).actors}

    return run


@pytest.mark.parametrize(("text", "end", "code"), [
    ("LAGOS, Nigeria — Police fired tear gas.", len("LAGOS, Nigeria"), "NGA"),
    ("MOSCOW — Russia said on Friday.", len("MOSCOW"), "RUS"),
    ("HONG KONG (Reuters) - People marched.", len("HONG KONG"), "HKG"),
    ("Police fired tear gas in Lagos.", 0, None),
    ("YEREVAN, Armenia — Protesters gathered.", len("YEREVAN, Armenia"), "ARM"),  # not Armenia, Colombia
])
def test_actors_context_dateline_country(text: str, end: int, code: str | None) -> None:
    dateline = find_dateline_country(text, default_kb())
    assert (dateline.end, dateline.code) == (end, code)


def test_actors_context_dateline_is_not_an_actor(actors) -> None:
    found = actors("LAGOS, Nigeria — Police fired tear gas at protesters on Monday, witnesses said.")
    assert "LAGOS" not in found and "Nigeria" not in found
    assert (found["Police"].code, found["Police"].sector) == ("NGA", "COP")
    assert (found["protesters"].code, found["protesters"].sector) == ("NGA", "CVL")


def test_actors_context_place_of_the_sentence_beats_the_dateline(actors) -> None:
    found = actors("NAIROBI, Kenya — Kenya's president spoke. "
                   "Thousands of people marched through central Kampala on Friday.")
    assert (found["people"].code, found["people"].sector) == ("UGA", "CVL")


def test_actors_context_direction_of_a_city_places_the_sentence(actors) -> None:
    found = actors("MOSCOW — Russia denounced the strike. The attack on an airfield southeast of Homs "
                   "killed six people.")
    assert (found["six people"].code, found["six people"].sector) == ("SYR", "CVL")


def test_actors_context_titled_people_and_their_short_names(actors) -> None:
    found = actors("ACCRA, Ghana — Ghana's cabinet met on Monday. Finance Minister Kwame Asante said "
                   "the government would cut spending in Ghana. Asante also said lawmakers would vote.")
    assert (found["Finance Minister Kwame Asante"].code, found["Finance Minister Kwame Asante"].sector) \
        == ("GHA", "GOV")
    assert found["Asante"].code == "GHA"
    assert (found["the government"].code, found["lawmakers"].code, found["lawmakers"].sector) \
        == ("GHA", "GHA", "LEG")


def test_actors_context_untitled_people_only_from_the_text(actors) -> None:
    found = actors("LIMA, Peru — Maria Quispe, who sells vegetables, said prices rose. "
                   "Peruvian vendor Rosa Huaman agreed.")
    assert found["Maria Quispe"].code is None  # nothing in the text says she is Peruvian
    assert found["Peruvian vendor Rosa Huaman"].code == "PER"


def test_actors_context_foreign_forces_stay_uncoded(actors) -> None:
    found = actors("KABUL, Afghanistan — Foreign troops left the base. Crowds gathered.")
    assert found["troops"].code is None
    assert (found["Crowds"].code, found["Crowds"].sector) == ("AFG", "CVL")


def test_actors_context_two_country_story_leaves_officials_uncoded(actors) -> None:
    # the dateline says Britain, the mentions say Russia: an unnamed ministry's spokeswoman is
    # not guessed
    found = actors("LONDON — Russia rejected the report. Russia said Moscow would not comply and "
                   "Russian diplomats left. A Foreign Ministry spokeswoman said it was a provocation.")
    assert found["A Foreign Ministry spokeswoman"].code is None


def test_actors_context_the_leaders_refers_back_to_a_group(actors) -> None:
    found = actors("European Union leaders met on Monday. The leaders agreed to new sanctions.")
    assert found["The leaders"].code == "EUR"
    assert found["The leaders"].antecedent == (0, len("European Union leaders"))


def test_actors_context_option_off(make_doc) -> None:
    stage = ActorStage(PipelineConfig(stage_options={"actors": {"context": False}}))
    found = {e.text: e for e in stage(make_doc("LAGOS, Nigeria — Police fired tear gas.", "2021-05-03")).actors}
    assert found["Police"].code is None


@pytest.mark.parametrize(("text", "phrase", "code", "sector"), [
    ("A spokesman for the Korean People's Army's Strategic Force said so.",
     "A spokesman for the Korean People's Army's Strategic Force", "PRK", "MIL"),
    ("The Ghanaian Bar Association called for a strike.", "The Ghanaian Bar Association", "GHA", None),
    ("About 2,000 Russian peacekeepers will be deployed.", "Russian peacekeepers", "RUS", "MIL"),
])
def test_actors_context_names_inside_phrases(actors, text: str, phrase: str, code: str,
                                             sector: str | None) -> None:
    found = actors(text)
    assert (found[phrase].code, found[phrase].sector) == (code, sector)


def test_actors_context_places_and_states_of_emergency_are_not_actors(actors) -> None:
    found = actors("Crowds gathered in Victoria Park as the government declared a state of emergency.")
    assert "Victoria" not in found
    assert not [t for t in found if "state of emergency" in t]


def test_actors_context_group_pronouns(make_doc, stage) -> None:
    text = ("North Korea said on Wednesday that it was examining a plan. European Union leaders met "
            "on Monday. The president urged them to act. The weather said it all.")
    found = stage(make_doc(text, "2021-05-03")).actors
    its = [e for e in found if e.text == "it"]
    # the state's "it" refers back; the weather's "it" is no actor
    assert [(e.start, e.code, e.kind) for e in its] == [(text.index("it was"), "PRK", "country")]
    assert [e.code for e in found if e.text == "them"] == ["EUR"]


def test_actors_context_names_of_things_are_not_actors(actors) -> None:
    found = actors("Armenia must hand back the Lachin corridor. Police closed the Kerch bridge.")
    assert not [t for t in found if "Lachin" in t or "Kerch" in t]


def test_actors_context_apposition_office_takes_the_article_country(actors) -> None:
    found = actors("BERLIN — Germany's parties agreed. Germany will vote. Karl Bremer, the leader of "
                   "the Free Democrats, agreed. Bremer said so.")
    assert (found["Karl Bremer"].code, found["Karl Bremer"].sector) == ("DEU", "PTY")
    assert found["Bremer"].code == "DEU"


def test_actors_context_apposition_after_context(actors) -> None:
    found = actors("LAGOS, Nigeria — Protesters marched in Lagos. Michael Adeyemi, the movement's "
                   "organiser, urged the government to act. Adeyemi said they would return.")
    assert (found["Michael Adeyemi"].code, found["Michael Adeyemi"].sector) == ("NGA", "CVL")
    assert found["Adeyemi"].code == "NGA"


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Karen Miller, an American basketball star, was detained in February.", "Karen Miller", "USA"),
    ("Karen Miller, 32, a two-time Olympic champion from the United States, was freed.", "Karen Miller", "USA"),
    ("Russian arms dealer Viktor Petrenko was released.", "Russian arms dealer Viktor Petrenko", "RUS"),
    ("Joe Smith, the coach, was freed.", "Joe Smith", None),
])
def test_actors_context_nationality_of_private_people(actors, text: str, name: str, code: str | None) -> None:
    assert actors(text)[name].code == code


def test_actors_context_territories_and_cities_are_places(actors) -> None:
    found = actors("The Gaza Strip has been under blockade. EU leaders met in Brussels.")
    assert (found["The Gaza Strip"].code, found["The Gaza Strip"].sector) == ("PSE", None)
    assert (found["Brussels"].code, found["Brussels"].sector) == ("BEL", None)


def test_actors_context_surnames_and_owned_bodies(actors) -> None:
    found = actors("SINGAPORE — North Korean leader Kim Jong Un arrived. Ambassador Sung Kim will hold "
                   "talks. Kim met the prime minister. Kim's government said no. The Legislative Council "
                   "will vote.")
    assert (found["Kim"].code, found["Kim"].name) == ("PRK", "Kim Jong Un")  # the known figure
    assert (found["Kim's government"].code, found["Kim's government"].sector) == ("PRK", "GOV")
    assert found["The Legislative Council"].sector == "LEG"


def test_actors_context_dateline_standing_for_an_organisation(actors) -> None:
    found = actors("BRUSSELS — European Union leaders met. The European Union and EU ministers agreed. "
                   "Officials said the deal would hold.")
    assert found["Officials"].code == "EUR"


def test_actors_context_role_before_name(actors) -> None:
    found = actors("YEREVAN, Armenia — Protesters beat the speaker, Ararat Mirzoyan, according to his office.")
    assert (found["Ararat Mirzoyan"].code, found["Ararat Mirzoyan"].sector) == ("ARM", "LEG")


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("The American was sentenced to nine years.", "The American", ("USA", "CVL", "person")),
    ("Two Britons were detained.", "Two Britons", ("GBR", "CVL", "group")),
    ("The Americans agreed to talks.", "The Americans", ("USA", "GOV", "country")),  # may be the state
])
def test_actors_context_nationality_nouns_name_people(actors, text: str, phrase: str,
                                                     expected: tuple[str, str, str]) -> None:
    e = actors(text)[phrase]
    assert (e.code, e.sector, e.kind) == expected
