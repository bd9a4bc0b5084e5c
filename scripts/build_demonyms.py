"""Derive dyad's nationality-word table (demonym -> ISO 3166-1 alpha-3) for the actor KB.

    python scripts/build_demonyms.py [--out src/dyad/data/actors/demonyms.tsv]

Inputs (facts only): the ``demonym`` of every country in the ``countryinfo`` package, and dyad's
own ``countries_extra.yaml`` (curated demonyms, which always win). Rules, so that the table is
reproducible and general rather than hand-picked:

- a value listing several words ("Antiguan,Barbudan", "Serbian/Montenegrin", "Kittian and
  Nevisian") gives each single word;
- only current ISO 3166-1 codes (pycountry); a "demonym" that is the country's own name
  ("Djibouti") is left to the names;
- a demonym several territories share ("French", "Chinese", "Channel Islander") names the
  country dyad's own table gives it, else the most populous of them;
- a one-word demonym also gets its plural for people ("Estonians"), except for words that are
  their own plural ("Chinese", "Swiss", "Welsh").

Output: a TSV ``demonym<TAB>code<TAB>source`` sorted by demonym, read by
``scripts/build_actor_kb.py``. ``tests/test_actors_demonyms.py`` re-runs this script and checks
that the committed file is current.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "dyad" / "data" / "actors" / "demonyms.tsv"
EXTRA = ROOT / "src" / "dyad" / "data" / "actors" / "countries_extra.yaml"
# endings of demonyms that are their own plural ("the Chinese", "the Swiss")
OWN_PLURAL = ("ese", "ss", "ch", "sh", "x", "s", "z", "ic", "sy", "i-kiribati", "motswana", "mosotho")


def plural(word: str) -> str | None:
    """"Estonian" -> "Estonians"; None for multi-word demonyms and words that are their own plural."""
    if " " in word or word.lower().endswith(OWN_PLURAL):
        return None
    return word + "s"


def split_values(value: str) -> list[str]:
    """"Antiguan,Barbudan" -> both words; "Kittian and Nevisian" -> both; a multi-word name with
    "and" in it ("Heard and McDonald Islander") names one place and is dropped."""
    out: list[str] = []
    for part in re.split(r"[,/]", value):
        part = " ".join(part.split())
        if not part:
            continue
        if " and " in part:
            pieces = part.split(" and ")
            if all(" " not in p for p in pieces):
                out += pieces
            continue
        out.append(part)
    return out


def curated() -> dict[str, str]:
    """dyad's own demonyms (countries_extra.yaml) -> code."""
    table = yaml.safe_load(EXTRA.read_text(encoding="utf-8")) or {}
    return {d: code for code, row in table.items() for d in row.get("demonyms", [])}


def source_rows() -> list[tuple[str, str, int]]:
    """(demonym, ISO3, population) from countryinfo, one row per word."""
    import pycountry
    from countryinfo import all_countries

    current = {c.alpha_3 for c in pycountry.countries}  # no former states ("SCG")
    rows: list[tuple[str, str, int]] = []
    for country in all_countries():
        try:
            value, code, people, name = country.demonym(), country.iso(3), country.population(), country.name()
        except (KeyError, AttributeError, TypeError, ValueError):
            continue
        if not value or str(code) not in current:
            continue
        rows += [(word, str(code), int(people or 0)) for word in split_values(str(value))
                 if word.lower() != str(name).lower()]  # "Djibouti": a name, not a demonym
    return rows


def build() -> list[tuple[str, str, str]]:
    """The table: (demonym, code, source) with source ``dyad`` or ``countryinfo``."""
    own = curated()
    best: dict[str, tuple[int, str]] = {}
    for word, code, people in source_rows():
        if word not in best or people > best[word][0]:
            best[word] = (people, code)
    table: dict[str, tuple[str, str]] = {d: (code, "dyad") for d, code in own.items()}
    for word, (_, code) in best.items():
        table.setdefault(word, (code, "countryinfo"))
    for word, (code, source) in list(table.items()):
        many = plural(word)
        if source == "countryinfo" and many is not None:
            table.setdefault(many, (code, source))
    return sorted(((d, c, s) for d, (c, s) in table.items()), key=lambda r: (r[0].lower(), r[0]))


def write(rows: list[tuple[str, str, str]], out: Path) -> None:
    lines = ["demonym\tcode\tsource"] + ["\t".join(r) for r in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build()
    write(rows, args.out)
    print(f"{len(rows)} demonyms -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
