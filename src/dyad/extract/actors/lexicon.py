"""Role nouns and titles: what a head word says about an actor ("minister" -> GOV).

Two data files: dyad's own ``roles.yaml`` (titles with normalised roles and a leader flag) and
``agents.tsv``, generated from the Phoenix agents dictionary (role nouns with a CAMEO sector).
Our file wins where both have a phrase. Phrases are matched on lower-cased words, the last one
lemmatised, so plurals ("officials") match too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dyad.resolve.actor_codes import SECTORS

DATA = Path(__file__).resolve().parents[2] / "data" / "actors"
# Phoenix agents also list activities ("business", "airline"); keep nouns that name people.
NOT_PEOPLE = frozenset({"airliner", "tanker", "freighter", "humvee", "bomber", "oiler",
                        "settlement", "cruiser", "destroyer", "carrier", "transporter", "reactor"})
_PERSON_NOUN = re.compile(r"(?:er|or|ist|ian|man|men|person|ant|ent|ee|ier|ary|ic|ite|cian)$")


@dataclass(frozen=True, slots=True)
class RoleInfo:
    """What a role phrase tells: sector, normalised role, kind, and whether it names a leader."""

    phrase: str
    sector: str | None
    role: str
    kind: str = "person"  # person | group | organization | country
    leader: bool = False
    curated: bool = False  # from dyad's roles.yaml (not the generated Phoenix agent list)


class RoleLexicon:
    """Role phrases keyed by their words (tuple of lower-case strings)."""

    def __init__(self, entries: dict[tuple[str, ...], RoleInfo]) -> None:
        self.entries = entries
        self.max_words = max((len(k) for k in entries), default=1)
        self.first_words = frozenset(k[0] for k in entries)

    def get(self, words: tuple[str, ...]) -> RoleInfo | None:
        return self.entries.get(words)

    @classmethod
    def load(cls, data: Path = DATA) -> RoleLexicon:
        entries: dict[tuple[str, ...], RoleInfo] = {}
        agents = data / "agents.tsv"
        if agents.exists():
            for line in agents.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                phrase, sector = line.split("\t")
                if sector in SECTORS and _PERSON_NOUN.search(phrase) and phrase not in NOT_PEOPLE:
                    entries[tuple(phrase.split())] = RoleInfo(phrase, sector, phrase)
        table = yaml.safe_load((data / "roles.yaml").read_text(encoding="utf-8")) or {}
        for phrase, info in table.items():
            words = tuple(str(phrase).lower().split())
            entries[words] = RoleInfo(str(phrase), info.get("sector"), info.get("role") or str(phrase),
                                      info.get("kind", "person"), bool(info.get("leader", False)),
                                      curated=True)
        return cls(entries)


@lru_cache(maxsize=1)
def default_roles() -> RoleLexicon:
    """The bundled role lexicon, loaded once."""
    return RoleLexicon.load()


@lru_cache(maxsize=1)
def default_cities() -> dict[str, str]:
    """Flat city name -> ISO3 for large cities (``cities.tsv``, generated from GeoNames data)."""
    from dyad.resolve.actor_kb import flatten

    path = DATA / "cities.tsv"
    out: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, code = line.split("\t")
                out[flatten(name)] = code
    return out
