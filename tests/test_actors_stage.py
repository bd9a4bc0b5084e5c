"""Actor stage on hand-built documents: spans, codes, sectors, roles, coreference."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.config import PipelineConfig
from dyad.errors import DyadError
from dyad.extract.actors import resolve_actor
from dyad.extract.actors.stage import ActorStage
from dyad.model import Entity
from dyad.registry import stages


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    return ActorStage(PipelineConfig())


@pytest.fixture
def actors(make_doc, stage):
    def run(text: str, published: str = "2018-08-06") -> list[Entity]:
        return stage(make_doc(text, published)).actors

    return run


def by_text(entities: list[Entity]) -> dict[str, list[Entity]]:
    out: dict[str, list[Entity]] = {}
    for e in entities:
        out.setdefault(e.text, []).append(e)
    return out


def test_actors_stage_is_registered() -> None:
    assert "actors" in stages.names()
    assert stages.get("actors")(PipelineConfig()).name == "actors"


def test_actors_full_noun_phrases_with_titles(actors) -> None:
    text = "North Korean Foreign Minister Ri Yong Ho met U.S. Secretary of State Mike Pompeo."
    found = by_text(actors(text))
    ri = found["North Korean Foreign Minister Ri Yong Ho"][0]
    assert (ri.code, ri.sector, ri.name, ri.role, ri.kind) == ("PRK", "GOV", "Ri Yong Ho", "foreign minister", "person")
    pompeo = found["U.S. Secretary of State Mike Pompeo"][0]
    assert (pompeo.code, pompeo.sector, pompeo.role) == ("USA", "GOV", "secretary of state")
    assert text[pompeo.start:pompeo.end] == pompeo.text


def test_actors_unknown_person_gets_country_and_sector_from_title(actors) -> None:
    found = by_text(actors("Freedonian Defence Minister Rufus Firefly threatened Sylvania."))
    assert "Freedonian Defence Minister Rufus Firefly" in found or "Defence Minister Rufus Firefly" in found
    person = next(e for e in actors("Iranian Defence Minister Amir Qasemzadeh spoke.") if e.kind == "person")
    assert (person.code, person.sector, person.role) == ("IRN", "GOV", "defence minister")


def test_actors_compound_actors_stay_separate(actors) -> None:
    entities = actors("President Trump and North Korean leader Kim Jong Un met in Singapore.")
    names = [e.name for e in entities if e.kind == "person"]
    assert names == ["Donald Trump", "Kim Jong Un"]


@pytest.mark.parametrize(("text", "phrase", "code", "sector"), [
    ("Police fired tear gas at protesters on Sunday.", "Police", None, "COP"),
    ("Police fired tear gas at protesters on Sunday.", "protesters", None, "CVL"),
    ("A U.S. official said the talks would go on.", "A U.S. official", "USA", "GOV"),
    ("Officials said the talks would go on.", "Officials", None, "GOV"),
    ("Reuters reported that officials from North Korea met.", "officials from North Korea", "PRK", "GOV"),
    ("Reuters reported that officials from North Korea met.", "Reuters", None, "MED"),
    ("CNN reported Monday that the army moved.", "the army", None, "MIL"),
    ("The UN and NATO urged calm.", "The UN", "UNO", "IGO"),
    ("The UN and NATO urged calm.", "NATO", "NATO", "IGO"),
    ("Hamas fired rockets as the Taliban met the EU.", "Hamas", "PSE", "REB"),
    ("Hamas fired rockets as the Taliban met the EU.", "the Taliban", "AFG", "REB"),
    ("Hamas fired rockets as the Taliban met the EU.", "the EU", "EUR", "IGO"),
    ("Washington warned Pyongyang and Seoul.", "Washington", "USA", "GOV"),
    ("Washington warned Pyongyang and Seoul.", "Seoul", "KOR", "GOV"),
    ("U.S. troops left and Chinese diplomats arrived.", "U.S. troops", "USA", "MIL"),
    ("U.S. troops left and Chinese diplomats arrived.", "Chinese diplomats", "CHN", "GOV"),
    ("The opposition leader blamed the rebels.", "The opposition leader", None, "OPP"),
    ("The opposition leader blamed the rebels.", "the rebels", None, "REB"),
    ("The WHO and the IAEA sent teams.", "The WHO", "WHO", "IGO"),
    ("Russia's foreign minister Sergei Lavrov spoke.", "Russia's foreign minister Sergei Lavrov", "RUS", "GOV"),
])
def test_actors_codes_and_sectors(actors, text: str, phrase: str, code: str | None, sector: str) -> None:
    found = by_text(actors(text))
    assert phrase in found, sorted(found)
    assert (found[phrase][0].code, found[phrase][0].sector) == (code, sector)


def test_actors_demonym_adjective_is_its_country_without_sector(actors) -> None:
    # "North Korean nuclear facilities": the demonym says whose (PRK) but names no body, so no
    # sector; "the Korean War" is a name of its own, not an actor
    found = by_text(actors("North Korean nuclear facilities were shown; the Korean War never ended."))
    assert [(e.code, e.sector, e.kind) for e in found["North Korean"]] == [("PRK", None, "country")]
    assert not any("War" in t for t in found)


def test_actors_locative_country_has_no_sector(actors) -> None:
    found = by_text(actors("Protesters gathered in Ukraine while Russia massed troops."))
    assert found["Ukraine"][0].sector is None and found["Russia"][0].sector == "GOV"


def test_actors_dated_roles_follow_the_article_date(actors) -> None:
    then = by_text(actors("Trump criticised the plan.", "2018-08-06"))["Trump"][0]
    later = by_text(actors("Trump criticised the plan.", "2022-06-01"))["Trump"][0]
    assert (then.sector, then.role) == ("GOV", "head of state")
    assert (later.code, later.sector, later.role) == ("USA", "PTY", "former head of state")


def test_actors_short_names_and_titles_refer_back(actors) -> None:
    text = ("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan. "
            "Putin said the president of Turkey was a friend. Erdogan agreed, and the Russian leader smiled.")
    entities = actors(text)
    putin_full = entities[0]
    later = [e for e in entities if e.text == "Putin"]
    assert later and later[0].antecedent == (putin_full.start, putin_full.end)
    assert later[0].name == "Vladimir Putin" and later[0].code == "RUS"


def test_actors_definite_role_noun_finds_the_titled_person(actors) -> None:
    text = ("Iranian Foreign Minister Mohammad Javad Zarif met officials in Vienna. "
            "The minister said talks would continue.")
    minister = by_text(actors(text))["The minister"][0]
    assert (minister.name, minister.code, minister.role) == ("Mohammad Javad Zarif", "IRN", "foreign minister")
    assert minister.antecedent == (0, len("Iranian Foreign Minister Mohammad Javad Zarif"))


def test_actors_the_official_refers_to_the_unnamed_official(actors) -> None:
    text = "A Pakistani official said talks were planned. The official added that no date was set."
    found = by_text(actors(text))
    assert found["The official"][0].code == "PAK"
    assert found["The official"][0].antecedent == (0, len("A Pakistani official"))


def test_actors_two_leaders_yield_one_entity_each(actors) -> None:
    text = ("German Chancellor Angela Merkel hosted French President Emmanuel Macron. "
            "The two leaders discussed trade.")
    leaders = by_text(actors(text, "2019-05-01"))["The two leaders"]
    assert sorted(e.name for e in leaders) == ["Angela Merkel", "Emmanuel Macron"]
    assert {e.code for e in leaders} == {"DEU", "FRA"}
    assert len({(e.start, e.end) for e in leaders}) == 1


def test_actors_two_nations_are_the_two_main_countries(actors) -> None:
    text = "Japan protested to China about the islands. Both countries sent ships; Japan then recalled its envoy."
    found = by_text(actors(text))
    assert sorted(e.code for e in found["Both countries"]) == ["CHN", "JPN"]


def test_actors_pronoun_takes_the_governing_subject(actors) -> None:
    text = "Indian Prime Minister Narendra Modi met Japanese officials, and said he would return in May."
    he = by_text(actors(text, "2019-01-01"))["he"][0]
    assert he.name == "Narendra Modi" and he.antecedent == (0, len("Indian Prime Minister Narendra Modi"))


def test_actors_unknown_actors_are_kept(actors) -> None:
    found = by_text(actors("Zorbal Quintex, a local farmer, said gunmen attacked the village."))
    assert any(e.kind == "person" and e.code is None for e in found.get("Zorbal Quintex", []))
    assert "gunmen" in found


def test_actors_spans_match_the_text(actors) -> None:
    text = "The Kremlin said on Tuesday that Ukrainian forces had shelled Donetsk, Kyiv denied it."
    for e in actors(text):
        assert text[e.start:e.end] == e.text


def test_actors_stage_rejects_unknown_options() -> None:
    with pytest.raises(DyadError) as info:
        ActorStage(PipelineConfig(stage_options={"actors": {"colour": "red"}}))
    assert info.value.code == "E304"


def test_actors_stage_needs_a_parse(stage) -> None:
    from dyad.model import Article, Document

    with pytest.raises(DyadError):
        stage(Document(article=Article.create("Trump spoke.", published="2018-08-06")))


def test_actors_stage_loads_user_files(make_doc, tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,aliases,kind,code,sector,role\nZorbal Quintex,Quintex,person,FRA,REB,rebel chief\n",
                    encoding="utf-8")
    stage = ActorStage(PipelineConfig(stage_options={"actors": {"extra": [str(path)]}}))
    found = by_text(stage(make_doc("Zorbal Quintex said nothing.")).actors)
    assert (found["Zorbal Quintex"][0].code, found["Zorbal Quintex"][0].sector) == ("FRA", "REB")


@pytest.mark.parametrize(("phrase", "code", "sector", "name"), [
    ("a U.S. official", "USA", "GOV", None),
    ("Pompeo", "USA", "GOV", "Mike Pompeo"),
    ("the Kremlin", "RUS", "GOV", "Kremlin"),
    ("CNN", None, "MED", "CNN"),
    ("North Korean Foreign Minister Ri Yong Ho", "PRK", "GOV", "Ri Yong Ho"),
    ("South Korean officials", "KOR", "GOV", None),
    ("protesters", None, "CVL", None),
])
def test_resolve_actor_phrases(phrase: str, code: str | None, sector: str, name: str | None) -> None:
    entity = resolve_actor(phrase, on=dt.date(2018, 8, 6))
    assert entity is not None
    assert (entity.code, entity.sector, entity.name) == (code, sector, name)
    assert phrase[entity.start:entity.end] == entity.text


def test_resolve_actor_no_actor() -> None:
    assert resolve_actor("the weather was fine", on=dt.date(2018, 8, 6)) is None
    assert resolve_actor("   ") is None


FRAGMENTS = ["President Trump", "the minister", "North Korean officials", "Kim", "he", "police",
             "the two leaders", "CNN", "said", "met", "and", "in Seoul", "U.S.", "an official with",
             "knowledge", "the Taliban", "'s", ",", ".", "Pompeo", "former", "Foreign Minister"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14))
def test_actors_spans_always_match_the_text(actors, words: list[str]) -> None:
    text = " ".join(words)
    for e in actors(text):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.kind in ("person", "group", "organization", "country", "unknown")
        if e.antecedent is not None:
            assert e.antecedent[0] < e.antecedent[1] <= len(text)
