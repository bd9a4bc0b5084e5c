"""Actor KB: dated roles, country variants, user overrides, PETRARCH dictionaries, build freshness."""

from __future__ import annotations

import datetime as dt
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.resolve.actor_kb import KB_PATH, ActorKB, Row, flatten, load_overrides, load_petrarch_actors, row_at
from dyad.resolve.actor_petrarch import parse_code, parse_date, split_cameo
from dyad.resolve.actor_records import country_codes

from .conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def first(kb: ActorKB, name: str, day: str | None):
    entries = kb.lookup(name, on=dt.date.fromisoformat(day) if day else None)
    assert entries, f"{name!r} not in the KB"
    return entries[0]


def test_actor_kb_is_large_and_has_all_kinds(kb: ActorKB) -> None:
    kinds = {r.kind for r in kb.records.values()}
    assert len(kb) > 20_000
    assert kinds == {"country", "organization", "person", "group"}


@pytest.mark.parametrize(("name", "day", "code", "sector", "role"), [
    ("Trump", "2018-08-06", "USA", "GOV", "head of state"),
    ("Donald J. Trump", "2018-08-06", "USA", "GOV", "head of state"),
    ("Trump", "2022-06-01", "USA", "PTY", "former head of state"),
    ("Trump", "2025-03-01", "USA", "GOV", "head of state"),
    ("Obama", "2012-01-01", "USA", "GOV", "head of state"),
    ("Obama", "2019-01-01", "USA", "ELI", "former head of state"),
    ("Kim Jong-un", "2018-08-06", "PRK", "GOV", "head of state"),
    ("Pompeo", "2018-08-06", "USA", "GOV", "secretary of state"),
    ("Pompeo", "2017-06-01", "USA", "GOV", "CIA director"),
    ("Ri Yong Ho", "2018-08-06", "PRK", "GOV", "foreign minister"),
    ("Putin", "2010-01-01", "RUS", "GOV", "head of government"),
    ("Stoltenberg", "2018-01-01", "NATO", "IGO", "NATO secretary general"),
    ("Taliban", "2019-01-01", "AFG", "REB", "Taliban"),
    ("Taliban", "2022-01-01", "AFG", "GOV", "Taliban government"),
])
def test_actor_kb_role_on_date(kb: ActorKB, name: str, day: str, code: str, sector: str, role: str) -> None:
    entry = first(kb, name, day)
    assert (entry.code, entry.sector, entry.role) == (code, sector, role)


def test_actor_kb_phoenix_people_keep_their_dated_codes(kb: ActorKB) -> None:
    # Phoenix: Kim Il Sung PRKGOV 1948-1994
    entry = first(kb, "Kim Il Sung", "1980-01-01")
    assert (entry.code, entry.sector) == ("PRK", "GOV")


@pytest.mark.parametrize(("name", "code"), [
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("Pyongyang", "PRK"), ("North Korean", "PRK"),
    ("South Korea", "KOR"), ("Seoul", "KOR"), ("U.S.", "USA"), ("US", "USA"), ("America", "USA"),
    ("Washington", "USA"), ("Britain", "GBR"), ("UK", "GBR"), ("British", "GBR"), ("Dutch", "NLD"),
    ("Iranian", "IRN"), ("Kyiv", "UKR"), ("Kosovo", "XKX"), ("Moscow", "RUS"),
])
def test_actor_kb_country_variants(kb: ActorKB, name: str, code: str) -> None:
    entry = first(kb, name, None)
    assert entry.kind == "country" and entry.code == code


@pytest.mark.parametrize(("name", "code", "sector"), [
    ("UN", "UNO", "IGO"), ("European Union", "EUR", "IGO"), ("NATO", "NATO", "IGO"),
    ("African Union", "AFU", "IGO"), ("ASEAN", "ASEAN", "IGO"), ("IAEA", "IAEA", "IGO"),
    ("WHO", "WHO", "IGO"), ("ICRC", "ICRC", "NGO"), ("Hamas", "PSE", "REB"), ("CNN", None, "MED"),
    ("CNBC", None, "MED"), ("KCNA", "PRK", "MED"),
])
def test_actor_kb_organisations(kb: ActorKB, name: str, code: str | None, sector: str) -> None:
    entry = first(kb, name, "2018-08-06")
    assert (entry.code, entry.sector) == (code, sector)


def test_actor_kb_acronyms_are_marked(kb: ActorKB) -> None:
    assert {"who", "un", "us", "nato"} <= kb.acronyms
    assert "trump" not in kb.acronyms


def test_actor_kb_unknown_name_is_empty(kb: ActorKB) -> None:
    assert kb.lookup("Zzyzx Quux", on=dt.date(2018, 1, 1)) == []


def test_row_at_prefers_covering_then_former_then_default() -> None:
    rows = [Row("USA", "ELI", None, dt.date(1964, 1, 1), dt.date(2001, 1, 20)),
            Row("USA", "GOV", "head of state", dt.date(2001, 1, 20), dt.date(2009, 1, 20))]
    assert row_at(rows, dt.date(2005, 1, 1)) == (rows[1], True)
    assert row_at(rows, dt.date(2012, 1, 1)) == (rows[1], False)
    assert row_at([*rows, Row("USA", "ELI", default=True)], dt.date(2012, 1, 1))[0].sector == "ELI"
    assert row_at(rows, dt.date(1950, 1, 1))[0] == Row("USA", None, None)


def test_actor_kb_csv_override_replaces_roles(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,aliases,kind,code,sector,role,start,end\n"
                    "Mike Pompeo,Pompeo,person,USA,PTY,party activist,2018-01-01,2018-12-31\n"
                    "Jane Roe,Roe,person,CAN,CVL,activist,,\n", encoding="utf-8")
    kb = ActorKB.load([path])
    assert first(kb, "Pompeo", "2018-08-06").sector == "PTY"
    assert first(kb, "Jane Roe", "2018-08-06").code == "CAN"


def test_actor_kb_yaml_override(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  - {name: Acme Militia, kind: group, code: SYR, sector: REB}\n",
                    encoding="utf-8")
    kb = ActorKB.load([path])
    assert (first(kb, "Acme Militia", None).code, first(kb, "acme militia", None).sector) == ("SYR", "REB")


def test_actor_kb_override_errors_are_catalogued(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,colour\nX,blue\n", encoding="utf-8")
    with pytest.raises(DyadError) as info:
        load_overrides(path)
    assert info.value.code == "E303"
    bad_date = tmp_path / "bad_date.csv"
    bad_date.write_text("name,code,start\nX,USA,yesterday\n", encoding="utf-8")
    with pytest.raises(DyadError):
        load_overrides(bad_date)


def test_load_petrarch_actors_reads_dated_codes(tmp_path: Path) -> None:
    path = tmp_path / "mini.actors.txt"
    path.write_text(
        "# a comment\n"
        "FREEDONIA_  [FRD]\n+FREEDONIAN_\n\n"
        "RUFUS_T._FIREFLY_  # CountryInfo.txt\n+FIREFLY_\n"
        "\t[FRDELI 19200101-330101]\n\t[FRDGOV >330101]\n\t[FRDELI]\n"
        "TRENTINO_  [FRDMIL <331231] [---]\n"
        "GROUCHO_MARX_\nPRESIDENT_MARX_\n\t[IGOUNO 19200101-19300101]\n", encoding="utf-8")
    records = {r.name: r for r in load_petrarch_actors(path)}
    assert records["Freedonia"].kind == "country" and records["Freedonia"].aliases == ["Freedonian"]
    firefly = records["Rufus T. Firefly"]
    assert firefly.kind == "person" and firefly.aliases == ["Firefly"]
    assert [(r.sector, r.start, r.end, r.default) for r in firefly.rows] == [
        ("ELI", dt.date(1920, 1, 1), dt.date(1933, 1, 1), False),
        ("GOV", dt.date(1933, 1, 1), None, False), ("ELI", None, None, True)]
    assert records["Trentino"].rows == [Row("FRD", "MIL", None, None, dt.date(1933, 12, 31))]
    assert records["Groucho Marx"].aliases == ["President Marx"]
    kb = ActorKB.load([path])
    assert first(kb, "Firefly", "1940-01-01").sector == "GOV"


@pytest.mark.parametrize(("code", "expected"), [
    ("PRKGOVDEV", ("PRK", "GOV")), ("IGOWSTNAT", ("NATO", "IGO")), ("IGOUNOIAE", ("IAEA", "IGO")),
    ("PSEREBHMS", ("PSE", "REB")), ("MED", (None, "MED")), ("AFGINS", ("AFG", "REB")),
    ("NGOHLHIRC", ("ICRC", "NGO")), ("USA", ("USA", None)),
])
def test_split_cameo(code: str, expected: tuple[str | None, str | None]) -> None:
    assert split_cameo(code, countries=country_codes()) == expected


def test_parse_code_date_restrictions() -> None:
    assert parse_code("USAGOV 090120-170120").start == dt.date(2009, 1, 20)  # type: ignore[union-attr]
    assert parse_code("USAGOV >19990101").start == dt.date(1999, 1, 1)  # type: ignore[union-attr]
    assert parse_code("USAGOV <991231").end == dt.date(1999, 12, 31)  # type: ignore[union-attr]
    assert parse_code("---") is None
    assert parse_code("GBRGOV >201005011") is None  # malformed date: dropped, not guessed


@given(st.dates(min_value=dt.date(1931, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_parse_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.strftime("%Y%m%d")) == day
    assert parse_date(day.strftime("%y%m%d")) == day


@given(st.text(max_size=40))
def test_flatten_is_idempotent_and_plain(text: str) -> None:
    key = flatten(text)
    assert flatten(key) == key and all(c.isalnum() and not c.isupper() for c in key)


def test_actor_kb_build_output_is_current(tmp_path: Path) -> None:
    petrarch = shared_path("data", "petrarch2")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_actor_kb.py"), "--petrarch",
                    str(petrarch), "--write-to", str(tmp_path)], check=True, capture_output=True)
    assert filecmp.cmp(tmp_path / KB_PATH.name, KB_PATH, shallow=False), \
        "actor_kb.json.gz is stale: run python scripts/build_actor_kb.py"
    for name in ("agents.tsv", "cities.tsv"):
        assert filecmp.cmp(tmp_path / name, KB_PATH.parent / name, shallow=False), f"{name} is stale"
