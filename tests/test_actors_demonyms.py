"""Nationality words as actors: demonym adjectives, nationalities of people the KB does not know,
coordinated demonyms sharing a head noun, and the IGO clubs (G7, G8, G20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dyad.config import PipelineConfig
from dyad.extract.actors.stage import ActorStage
from dyad.model import Entity
from dyad.resolve.actor_kb import default_kb, flatten
from dyad.resolve.actor_petrarch import split_cameo


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    return ActorStage(PipelineConfig())


@pytest.fixture
def actors(make_doc, stage):
    def run(text: str, published: str = "2022-06-01") -> dict[str, list[Entity]]:
        out: dict[str, list[Entity]] = {}
        for e in stage(make_doc(text, published)).actors:
            out.setdefault(e.text, []).append(e)
        return out

    return run


def fields(e: Entity) -> tuple[str | None, str | None, str]:
    return e.code, e.sector, e.kind


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("European Union leaders agreed to ban most imports of Russian oil.", "Russian", ("RUS", None, "country")),
    ("Russia denounced the American missile strike on a Syrian air base.", "American", ("USA", None, "country")),
    ("Russia denounced the American missile strike on a Syrian air base.", "Syrian", ("SYR", None, "country")),
    ("The United States fired missiles at a Syrian government air base.", "a Syrian government", ("SYR", "GOV", "group")),
    ("Russian troops crossed the border.", "Russian troops", ("RUS", "MIL", "group")),
    ("Syrian state television described the attack as an aggression.", "Syrian state television",
     ("SYR", "MED", "organization")),
])
def test_actors_demonym_gives_the_country(actors, text: str, span: str, expected: tuple) -> None:
    found = actors(text)
    assert span in found, sorted(found)
    assert fields(found[span][0]) == expected


def test_actors_demonym_span_leaves_the_article_to_the_noun(actors) -> None:
    found = actors("Russia denounced the American missile strike.")
    assert "American" in found and "the American" not in found


def test_actors_premodifier_nationality_of_an_unknown_person(actors) -> None:
    found = actors("Russia released the American basketball star Brittney Griner on Thursday.")
    person = next(e for text, es in found.items() if "Griner" in text for e in es)
    assert (person.code, person.kind) == ("USA", "person")
    found = actors("The U.S. freed the French journalist Marie Dubois and Russian businessman Ivan Petrov.")
    assert fields(found["the French journalist Marie Dubois"][0]) == ("FRA", "MED", "person")
    assert fields(found["Russian businessman Ivan Petrov"][0]) == ("RUS", "BUS", "person")


def test_actors_appositive_nationality_of_an_unknown_person(actors) -> None:
    found = actors("Karen Miller, an American basketball star, and Li Wei, a champion from China, won.")
    assert found["Karen Miller"][0].code == "USA" and found["Li Wei"][0].code == "CHN"
    found = actors("Viktor Bout, the Russian arms dealer, was freed.")
    assert fields(found["Viktor Bout"][0]) == ("RUS", "CRM", "person")


def test_actors_country_inside_a_clause_is_no_nationality(actors) -> None:
    # "released by the United States" says who freed him, not where he is from
    found = actors("Viktor Bout, the arms dealer released by the United States in return, arrived.")
    assert found["Viktor Bout"][0].code is None and found["the arms dealer"][0].code is None


def test_actors_role_apposition_takes_the_known_person_country(actors) -> None:
    found = actors("Sergei Lavrov, the diplomat who led the talks, arrived in Geneva.", "2019-01-10")
    assert found["Sergei Lavrov"][0].code == "RUS"
    assert found["the diplomat"][0].code == "RUS"


def test_actors_coordinated_demonyms_share_the_head(actors) -> None:
    found = actors("Putin said the Armenian and Azerbaijani sides would stop at their positions.")
    assert [(e.code, e.kind) for e in found["the Armenian"]] == [("ARM", "group")]
    assert [(e.code, e.kind) for e in found["Azerbaijani sides"]] == [("AZE", "group")]
    found = actors("In Moscow, Russian and Turkish defence officials signed a memorandum.")
    assert (found["Russian"][0].code, found["Russian"][0].sector) == ("RUS", found["Turkish defence officials"][0].sector)


@pytest.mark.parametrize(("text", "span"), [
    ("Group of Seven leaders promised to help Ukraine.", "Group of Seven leaders"),
    ("Leaders of the Group of Seven promised to help Ukraine.", "Leaders of the Group of Seven"),
    ("The G7 condemned the attacks.", "The G7"),
])
def test_actors_g7_is_an_igo(actors, text: str, span: str) -> None:
    found = actors(text)
    assert (found[span][0].code, found[span][0].sector) == ("G7", "IGO")


def test_actor_kb_igo_clubs_follow_the_phoenix_codes() -> None:
    # Phoenix codes the G7 IGOGOS and the G8 IGOGOE; dyad names them like its G20 code
    assert split_cameo("IGOGOS", countries=set()) == ("G7", "IGO")
    assert split_cameo("IGOGOE", countries=set()) == ("G8", "IGO")
    kb = default_kb()
    for name, code in (("Group of Eight", "G8"), ("G20", "G20"), ("Group of Seven", "G7")):
        codes = {kb.records[i].rows[0].code for i in kb.ids_for(flatten(name))}
        assert codes == {code}, (name, codes)


DEMONYMS = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "actors" / "demonyms.tsv"


def _demonym_rows() -> list[list[str]]:
    return [line.split("\t") for line in DEMONYMS.read_text(encoding="utf-8").splitlines()[1:]]


def test_actors_demonym_table_is_current(tmp_path: Path) -> None:
    pytest.importorskip("countryinfo")
    out = tmp_path / "demonyms.tsv"
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_demonyms.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == DEMONYMS.read_text(encoding="utf-8"), \
        "demonyms.tsv is stale: run python scripts/build_demonyms.py and scripts/build_actor_kb.py"


def test_actors_every_demonym_names_its_country_in_the_kb() -> None:
    kb = default_kb()
    rows = _demonym_rows()
    assert len(rows) > 300
    wrong = []
    for word, code, _source in rows:
        codes = {kb.records[i].rows[0].code for i in kb.ids_for(flatten(word))
                 if kb.records[i].kind == "country"}
        if code not in codes:
            wrong.append((word, code, sorted(c for c in codes if c)))
    assert not wrong, wrong[:20]


@pytest.mark.parametrize(("text", "span", "code"), [
    ("Estonian troops joined the exercise.", "Estonian troops", "EST"),
    ("Salvadoran police detained the suspects.", "Salvadoran police", "SLV"),
    ("The Uzbek government denied the report.", "The Uzbek government", "UZB"),
    ("Montenegrin officials rejected the claim.", "Montenegrin officials", "MNE"),
])
def test_actors_less_common_demonyms(actors, text: str, span: str, code: str) -> None:
    found = actors(text)
    assert span in found, sorted(found)
    assert found[span][0].code == code


def test_actors_of_phrase_person_owns_the_role(actors) -> None:
    found = actors("The United States fired missiles at the forces of President Bashar al-Assad.", "2017-04-07")
    assert fields(found["the forces of President Bashar al-Assad"][0]) == ("SYR", "MIL", "group")
    found = actors("A spokesman for Putin denied it.", "2017-04-07")
    assert found["A spokesman for Putin"][0].code == "RUS"


def test_actors_role_word_in_a_compound_adjective_is_no_actor(actors) -> None:
    found = actors("The aircraft dropped chemical weapons on the rebel-held town of Khan Sheikhoun.", "2017-04-07")
    assert not any("rebel" in text for text in found)


@pytest.mark.parametrize(("code", "expected"), [
    ("G7", "IGO"), ("G20", "IGO"), ("NATO", "IGO"), ("UNO", "UNO"), ("EUR", "EUR"), ("UNHCR", "UNO"),
    ("HRW", "NGO"), ("ISIS", "IMG"), ("USA", "USA"), (None, None),
])
def test_plover_code_of_dyad_codes(code: str | None, expected: str | None) -> None:
    from dyad.resolve.actor_codes import plover_code

    assert plover_code(code) == expected


def test_actors_demonym_naming_a_language_is_no_actor(actors) -> None:
    found = actors("The court cancelled restrictions on the use of the Russian language.")
    assert not any("Russian" in text for text in found)
