"""Read PETRARCH/TABARI-format actor dictionaries (the Phoenix ``*.actors.txt`` files).

The format: an entry line ``NAME_ [CODE]`` (underscores join words, a trailing ``_`` marks an
exact match), ``+SYNONYM`` lines, and indented code lines ``[USAGOV 090120-170120]``. A code may
carry a date restriction: ``A-B`` (from A to B), ``>A`` (from A on) or ``<B`` (until B); dates are
``YYMMDD`` or ``YYYYMMDD``. A code with no date is the default for the other times. ``#`` starts a
comment. CAMEO codes are 3-letter chunks (``PRKGOVDEV``, ``IGOUNOIAE``); :func:`split_cameo`
turns one into dyad's separate ``code`` and ``sector`` fields (we never pack codes into strings).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import DyadError, E

# CAMEO primary roles that dyad keeps as sectors (see dyad.resolve.actor_codes for meanings).
SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
    "LEG", "ELI", "HLH", "REF", "AGR", "LAB", "HRI", "ENV", "DEV", "IGO", "NGO", "UAF", "REL",
})
# CAMEO sector synonyms folded into the sector list above.
SECTOR_ALIASES = {"INS": "REB", "SEP": "REB", "MOD": None, "RAD": None, "IMG": "REB", "NGM": "NGO",
                  "MNC": "BUS", "UIS": None, "INT": None}
# CAMEO regional chunks: part of an organisation code path, never the organisation itself.
REGIONS = frozenset({
    "WST", "AFR", "SEA", "MEA", "LAM", "EAF", "ASA", "SAM", "CAS", "NAF", "WAF", "SAF", "SAS",
    "CRB", "SCN", "NAM", "EEU", "BLK", "BAL", "CAU", "NMR", "MDT", "PGS", "SCA", "CEU", "WEU",
    "ARB", "EUR",
})
# CAMEO organisation chunks renamed to the codes dyad documents.
ORG_CODES = {
    "NAT": "NATO", "EEC": "EUR", "EUR": "EUR", "ASN": "ASEAN", "IAE": "IAEA", "IRC": "ICRC",
    "HCR": "UNHCR", "KID": "UNICEF", "OPC": "OPEC", "AFU": "AFU", "UNO": "UNO", "WHO": "WHO",
    "ARL": "ARL", "WBK": "WBK", "IMF": "IMF", "WTO": "WTO", "ICC": "ICC", "ICJ": "ICJ",
    "WFP": "WFP", "ILO": "ILO", "OAS": "OAS", "OAU": "OAU", "GCC": "GCC", "HRW": "HRW",
    "AMN": "AMN", "MSF": "MSF",
    # the G7/G8 clubs: Phoenix's IGOGOS/IGOGOE, named like dyad's own G20 code
    "GOS": "G7", "GOE": "G8",
}

_CODE_RE = re.compile(r"\[([^\]]*)\]")
_DATE_RE = re.compile(r"^(\d{6}|\d{8})$")


@dataclass(frozen=True, slots=True)
class PetrarchCode:
    """One code of an entry with its optional date restriction (``None`` bounds are open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    default: bool = False  # True: no date given, applies outside the dated ranges


@dataclass(slots=True)
class PetrarchEntry:
    """One dictionary entry: primary name, synonyms and codes, as written in the file."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[PetrarchCode] = field(default_factory=list)
    line: int = 0
    block: str | None = None  # the country block (e.g. "PRK") the entry sits in, if any
    comment: str = ""  # the comment on the entry line (Phoenix marks people "CountryInfo.txt")


def parse_date(text: str) -> dt.date | None:
    """``YYMMDD`` (years up to 30 are 20xx) or ``YYYYMMDD``; ``None`` when malformed."""
    if not _DATE_RE.match(text):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_code(raw: str) -> PetrarchCode | None:
    """Parse the inside of ``[...]``; ``None`` for null codes (``---``) and bad date ranges."""
    parts = raw.split()
    if not parts or parts[0].startswith("---"):
        return None
    code = parts[0].lstrip("~")
    if not code.isalpha():
        return None
    if len(parts) == 1:
        return PetrarchCode(code, default=True)
    restriction = parts[1]
    if restriction.startswith(">"):
        start = parse_date(restriction[1:])
        return PetrarchCode(code, start=start) if start else None
    if restriction.startswith("<"):
        end = parse_date(restriction[1:])
        return PetrarchCode(code, end=end) if end else None
    if "-" in restriction:
        a, b = restriction.split("-", 1)
        start, end = parse_date(a), parse_date(b)
        if start and end:
            return PetrarchCode(code, start=start, end=end)
    return None


def clean_name(raw: str) -> str:
    """``KIM_JONG_UN_`` -> ``KIM JONG UN`` (underscores are spaces; trailing ``_`` dropped)."""
    return " ".join(raw.replace("_", " ").split())


def iter_entries(path: Path) -> Iterator[PetrarchEntry]:
    """Yield the entries of one PETRARCH actor (or agent) dictionary file."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DyadError(E.ACTOR_DICT_UNREADABLE, path=str(path), detail=str(exc)) from exc
    current: PetrarchEntry | None = None
    block: str | None = None
    after_blank = True
    for number, line in enumerate(lines, 1):
        body, _, comment = line.partition("#")
        body = body.rstrip()
        if not body.strip():
            after_blank = after_blank or not line.strip()
            continue
        was_after_blank, after_blank = after_blank, False
        codes = [c for c in (parse_code(m) for m in _CODE_RE.findall(body)) if c]
        words = _CODE_RE.sub(" ", body).strip()
        if body[0] in " \t" and not words:  # an indented code line
            if current is not None:
                current.codes.extend(codes)
            continue
        if words.startswith("+"):
            if current is not None:
                current.aliases.append(clean_name(words[1:]))
                current.codes.extend(codes)
            continue
        name = clean_name(words)
        if not name or name.startswith("!"):
            continue
        if current is not None and not current.codes and not was_after_blank:
            # consecutive name lines before one set of codes name the same actor
            current.aliases.append(name)
            current.codes.extend(codes)
            continue
        if current is not None:
            yield current
        if len(codes) == 1 and codes[0].default and len(codes[0].code) == 3:
            block = codes[0].code  # "NORTH_KOREA_ [PRK]" opens a country block
        current = PetrarchEntry(name=name, codes=codes, line=number, block=block,
                                comment=comment.strip())
    if current is not None:
        yield current


def load_petrarch_entries(path: Path | str) -> list[PetrarchEntry]:
    """All entries of a PETRARCH-format actor dictionary, in file order."""
    return list(iter_entries(Path(path)))


def split_cameo(code: str, *, countries: frozenset[str] | set[str]) -> tuple[str | None, str | None]:
    """Split a CAMEO code into dyad's ``(code, sector)``.

    ``PRKGOVDEV`` -> ``("PRK", "GOV")``; ``IGOWSTNAT`` -> ``("NATO", "IGO")``;
    ``PSEREBHMS`` -> ``("PSE", "REB")``; ``MED`` -> ``(None, "MED")``.
    """
    chunks = [code[i:i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not chunks:
        return None, None
    head = chunks[0]
    if head in ("IGO", "NGO"):
        rest = [c for c in chunks[1:] if c not in SECTORS and c not in SECTOR_ALIASES]
        orgs = [c for c in rest if c not in REGIONS or c in ORG_CODES]
        picked = next((c for c in reversed(orgs) if c in ORG_CODES), None)
        if picked is None and orgs:
            picked = orgs[-1]
        if picked is None:
            picked = next((c for c in rest if c in ORG_CODES), None)
        return (ORG_CODES.get(picked, picked) if picked else None), head
    country: str | None = None
    tail = chunks
    if head in countries or (head not in SECTORS and head not in SECTOR_ALIASES):
        # a region ("EAFREB") is no country: keep the sector, drop the code
        country, tail = (None if head in REGIONS else head), chunks[1:]
    sector: str | None = None
    for chunk in tail:
        mapped = SECTOR_ALIASES.get(chunk, chunk) if chunk in SECTOR_ALIASES else chunk
        if mapped in SECTORS:
            sector = mapped
            break
    return country, sector
