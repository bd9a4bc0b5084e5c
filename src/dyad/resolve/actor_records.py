"""Turn PETRARCH dictionary entries into KB actor records.

Used by ``scripts/build_actor_kb.py`` for the bundled KB and by users who load their own
PETRARCH-format dictionaries (``ActorKB.load(extra=["my.actors.txt"])``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from dyad.resolve.actor_kb import ActorRecord, Row, flatten
from dyad.resolve.actor_petrarch import PetrarchEntry, load_petrarch_entries, split_cameo

# CAMEO country codes that differ from ISO 3166-1 alpha-3 (historical states keep their own).
CAMEO_TO_ISO = {"TMP": "TLS", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "SRP": "SRB", "FRN": "FRA"}

# Words that make an entry an organisation or a group rather than a person.
ORG_WORDS = frozenset("""
ministry ministries department agency council committee commission party army forces force
navy court parliament assembly congress senate government administration office bureau union
front movement organization organisation association federation league brigade brigades
battalion regiment group guard guards police service services bank fund institute university
church company corporation network house embassy mission coalition alliance cabinet
authority authorities board foundation society center centre press agency tribunal unit
state states islamic republic national liberation people peoples revolutionary democratic
islamist jihad mujahideen mujahedeen militia militias rebels insurgents forces brigade emirate
caliphate army's organisation organization's workers students media news times post
""".split())


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO alpha-3 codes plus the CAMEO-only country codes found in Phoenix."""
    import pycountry

    return frozenset({c.alpha_3 for c in pycountry.countries} | set(CAMEO_TO_ISO)
                     | {"XKX", "USR", "SUN", "DDR", "YUG", "SCG", "CSK", "KNT"})


def display_name(raw: str) -> str:
    """``KIM JONG UN`` -> ``Kim Jong Un``; keeps dotted initials and acronyms readable."""
    words = []
    for word in raw.split():
        if len(word) <= 3 and "." in word:
            words.append(word.upper())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(words)


def guess_kind(entry: PetrarchEntry, rows: list[Row]) -> str:
    """person / organization / group from the comment, the words and the codes."""
    words = set(re.split(r"[\s\-]+", entry.name.lower()))
    if words & ORG_WORDS or entry.name.upper().startswith("THE "):
        return "organization"
    if "CountryInfo" in entry.comment:
        return "person"
    sectors = {r.sector for r in rows}
    if sectors & {"IGO", "NGO", "MED", "BUS"} and len(entry.name.split()) == 1:
        return "organization"
    if any(not r.default for r in rows) and 2 <= len(entry.name.split()) <= 5:
        return "person"
    if sectors & {"REB", "OPP", "PTY"}:
        return "group"
    return "organization"


def entry_rows(entry: PetrarchEntry, *, countries: frozenset[str],
               open_end: dt.date | None = None) -> list[Row]:
    """The dated rows of an entry; open-ended ranges stop at ``open_end`` when given."""
    rows: list[Row] = []
    for code in entry.codes:
        country, sector = split_cameo(code.code, countries=countries)
        if country is None and sector is None:
            continue
        country = CAMEO_TO_ISO.get(country, country) if country else None
        if (country is None and sector not in ("IGO", "NGO", "MED", "BUS") and entry.block
                and entry.block in countries):
            country = CAMEO_TO_ISO.get(entry.block, entry.block)
        end = code.end
        if end is None and code.start is not None and open_end is not None:
            end = max(open_end, code.start)
        row = Row(country, sector, None, code.start, end, code.default)
        if row not in rows:
            rows.append(row)
    return rows


def petrarch_record(entry: PetrarchEntry, *, countries: frozenset[str],
                    open_end: dt.date | None = None, source: str = "") -> ActorRecord | None:
    """One actor record from one dictionary entry (``None`` when the entry has no usable code)."""
    rows = entry_rows(entry, countries=countries, open_end=open_end)
    if not rows:
        return None
    kind = guess_kind(entry, rows)
    prefix = {"person": "P", "organization": "O", "group": "G"}[kind]
    key = flatten(entry.name)
    if not key:
        return None
    return ActorRecord(id=f"{prefix}:{key}", kind=kind, name=display_name(entry.name),
                       aliases=[display_name(a) for a in entry.aliases if flatten(a)],
                       rows=rows, source=source)


def is_country_block(entry: PetrarchEntry) -> bool:
    """``NORTH_KOREA_ [PRK]``: a country's own entry (its synonyms are names of the country)."""
    return (len(entry.codes) == 1 and entry.codes[0].default and len(entry.codes[0].code) == 3
            and entry.block == entry.codes[0].code)


def load_petrarch_actors(path: Path | str, *, open_end: dt.date | None = None) -> list[ActorRecord]:
    """Read a PETRARCH-format actor dictionary into KB records (countries included).

    ``open_end`` caps open-ended ranges such as ``[USAGOV >090120]`` (the bundled KB caps
    Phoenix ranges at the end of 2014, the year the dictionaries stop).
    """
    countries = country_codes()
    path = Path(path)
    records: list[ActorRecord] = []
    for entry in load_petrarch_entries(path):
        if is_country_block(entry):
            code = CAMEO_TO_ISO.get(entry.codes[0].code, entry.codes[0].code)
            records.append(ActorRecord(id=f"C:{code}", kind="country", name=display_name(entry.name),
                                       aliases=[display_name(a) for a in entry.aliases],
                                       rows=[Row(code, None)], source=path.name))
            continue
        record = petrarch_record(entry, countries=countries, open_end=open_end, source=path.name)
        if record is not None:
            records.append(record)
    return records
