"""Accuracy floor on 150 hand-checked PLV source/target spans (tests/data/actors/plv_sample_gold.tsv).

The spans are read from ../shared (skipped when absent); the gold codes were labelled by hand.
Floors only rise: raise them when the resolver improves.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dyad.extract.actors import resolve_actor

from .conftest import shared_path

GOLD = Path(__file__).parent / "data" / "actors" / "plv_sample_gold.tsv"
CODE_FLOOR = 0.87
CODE_AND_SECTOR_FLOOR = 0.76


def gold_rows() -> list[dict[str, str]]:
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_actors_plv_gold_fixture_is_well_formed() -> None:
    rows = gold_rows()
    assert len(rows) == 150
    assert len({(r["row"], r["side"]) for r in rows}) == 150
    assert {r["side"] for r in rows} == {"source", "target"}


@pytest.fixture(scope="module")
def scored() -> list[tuple[dict[str, str], str, str, str]]:
    path = shared_path("data", "plv", "train.tsv")
    with path.open(encoding="utf-8") as handle:
        data = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for gold in gold_rows():
        phrase = data[int(gold["row"])][gold["side"]].strip()
        entity = resolve_actor(phrase)
        out.append((gold, phrase, (entity.code if entity else None) or "-",
                    (entity.sector if entity else None) or "-"))
    return out


def test_actors_plv_code_accuracy(scored) -> None:
    right = [g["code"] == code for g, _, code, _ in scored]
    wrong = [(p, g["code"], code) for (g, p, code, _), ok in zip(scored, right, strict=True) if not ok]
    assert sum(right) / len(right) >= CODE_FLOOR, wrong


def test_actors_plv_code_and_sector_accuracy(scored) -> None:
    right = [g["code"] == code and g["sector"] == sector for g, _, code, sector in scored]
    assert sum(right) / len(right) >= CODE_AND_SECTOR_FLOOR
