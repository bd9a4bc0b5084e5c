"""The WordNet reader (dyad.resolve.wordnet): a tiny hand-built database in the wndb(5) format,
the installed WordNet 3.0 (skipped when wordnet-base is absent), and the fallback without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyad.resolve import wordnet as wnmod
from dyad.resolve.merge_ecb import cluster_mentions
from dyad.resolve.wordnet import CAUSE, DERIVATION, HYPERNYM, SYNONYM, WordNet, load_wordnet

INSTALLED = load_wordnet(Path("/usr/share/wordnet"))
needs_wordnet = pytest.mark.skipif(INSTALLED is None, reason="WordNet 3.0 (Debian wordnet-base) is not installed "
                                   "in /usr/share/wordnet")


def _write_data(path: Path, records: list[tuple[str, str]]) -> dict[str, int]:
    """Write synset lines (key, line with '{OFF}' and '{key}' placeholders) at their byte offsets;
    returns key -> offset. Offsets are 8 digits, so each line's length is known before filling
    (a placeholder of another file is filled later, also with 8 digits)."""
    header = "  1 test header line\n"
    offsets: dict[str, int] = {}
    at = len(header)
    for key, line in records:
        offsets[key] = at
        at += len(re.sub(r"\{\w+\}", "0" * 8, line)) + 1
    text = header
    for key, line in records:
        filled = line.replace("{OFF}", f"{offsets[key]:08d}")
        for other in offsets:
            filled = filled.replace("{" + other + "}", f"{offsets[other]:08d}")
        text += filled + "\n"
    path.write_text(text, encoding="utf-8")
    return offsets


def _tiny(tmp: Path) -> Path:
    # nouns: death (act sense, lexfile 04 -> an event noun), stone (lexfile 27 substance)
    nouns = _write_data(tmp / "data.noun", [
        ("death", "{OFF} 04 n 02 death 0 decease 0 001 + {die} v 0101 | the act of dying"),
        ("stone", "{OFF} 27 n 01 stone 0 000 | a lump of rock"),
    ])
    # placeholders for verbs point into the noun file only where needed; build verbs after
    verbs = _write_data(tmp / "data.verb", [
        ("kill", "{OFF} 35 v 01 kill 0 000 | cause to die"),
        ("murder", "{OFF} 35 v 02 murder 0 slay 0 001 @ {kill} v 0000 | kill intentionally"),
        ("die", "{OFF} 30 v 01 die 0 000 | stop living"),
    ])
    # fix the derivation pointer of death -> die now that verb offsets are known
    text = (tmp / "data.noun").read_text(encoding="utf-8").replace("{die}", f"{verbs['die']:08d}")
    (tmp / "data.noun").write_text(text, encoding="utf-8")
    (tmp / "index.noun").write_text(
        "  1 licence\n"
        f"death n 1 1 + 1 0 {nouns['death']:08d}  \n"
        f"decease n 1 0 1 0 {nouns['death']:08d}  \n"
        f"stone n 1 0 1 0 {nouns['stone']:08d}  \n", encoding="utf-8")
    (tmp / "index.verb").write_text(
        f"die v 1 0 1 0 {verbs['die']:08d}  \n"
        f"kill v 1 0 1 0 {verbs['kill']:08d}  \n"
        f"murder v 1 1 @ 1 0 {verbs['murder']:08d}  \n"
        f"slay v 1 1 @ 1 0 {verbs['murder']:08d}  \n", encoding="utf-8")
    (tmp / "verb.exc").write_text("slew slay\nslain slay\n", encoding="utf-8")
    (tmp / "noun.exc").write_text("", encoding="utf-8")
    return tmp


def test_tiny_database_is_read_by_offset(tmp_path: Path) -> None:
    wn = WordNet(_tiny(tmp_path))
    (offset,) = wn.senses("death", "n")
    synset = wn.synset("n", offset)
    assert synset.words == ("death", "decease") and synset.lexfile == 4
    assert synset.pointers[0].symbol == "+" and (synset.pointers[0].source, synset.pointers[0].target) == (1, 1)
    assert wn.base_forms("deaths", "n") == ("death",)  # regular suffix rule
    assert wn.base_forms("slew", "v") == ("slay",)  # exception list
    assert wn.base_forms("stones", "v") == ()


def test_tiny_database_links_and_event_nouns(tmp_path: Path) -> None:
    wn = WordNet(_tiny(tmp_path))
    assert wn.link("death", "die") == DERIVATION
    assert wn.link("die", "death") == DERIVATION  # either way round
    assert wn.link("death", "decease") == SYNONYM
    assert wn.link("murder", "kill") == HYPERNYM and wn.link("slew", "kill") == HYPERNYM
    assert wn.link("stone", "kill") is None
    assert wn.is_event_noun("deaths") is True
    assert wn.is_event_noun("stone") is False
    assert wn.is_event_noun("rehab") is None  # unknown to this WordNet


def test_absent_wordnet_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(wnmod.ENV_VAR, str(tmp_path / "nowhere"))
    assert wnmod.wordnet_path() == tmp_path / "nowhere"
    assert load_wordnet() is None

    def m(i: int, doc: str, lemma: str) -> dict[str, object]:
        return {"id": f"{doc}#{i}", "topic": 1, "doc": doc, "sentence": "The designer died in Miami Beach", "sentence_index": i,
                "span": [0, 1], "text": lemma, "lemma": lemma}

    mentions = [m(1, "d1", "death"), m(2, "d1", "die"), m(3, "d2", "death")]
    labels = cluster_mentions(mentions, similarity="lexical")
    assert labels == cluster_mentions(mentions, similarity="lexical", wordnet=False)
    assert labels[0] == labels[2] and labels[0] != labels[1]  # stems alone do not join death/die


def test_env_var_points_at_another_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(wnmod.ENV_VAR, str(_tiny(tmp_path)))
    wn = load_wordnet()
    assert wn is not None and wn.link("death", "die") == DERIVATION


@needs_wordnet
def test_wordnet30_links() -> None:
    assert INSTALLED is not None
    assert INSTALLED.link("death", "die") == DERIVATION
    assert INSTALLED.link("explode", "explosion") == DERIVATION
    assert INSTALLED.link("murder", "kill") == HYPERNYM
    assert INSTALLED.link("quake", "earthquake") == SYNONYM
    assert INSTALLED.link("fire", "sack", senses=1) is None  # only a rare sense of "fire"
    assert INSTALLED.base_forms("died", "v") == ("die",)
    assert INSTALLED.base_forms("mice", "n") == ("mouse",)


@needs_wordnet
def test_wordnet30_event_nouns() -> None:
    assert INSTALLED is not None
    for noun in ("victory", "heist", "arson", "attack", "earthquake"):
        assert INSTALLED.is_event_noun(noun), noun
    for noun in ("station", "police", "morning", "stone"):
        assert not INSTALLED.is_event_noun(noun), noun


@needs_wordnet
def test_wordnet_joins_death_and_die_in_clustering() -> None:
    def m(i: int, doc: str, lemma: str) -> dict[str, object]:
        return {"id": f"{doc}#{i}", "topic": 1, "doc": doc, "sentence": "The designer died in Miami Beach", "sentence_index": i,
                "span": [0, 1], "text": lemma, "lemma": lemma}

    mentions = [m(1, "d1", "death"), m(2, "d2", "die"), m(3, "d2", "stone")]
    with_wn = cluster_mentions(mentions, similarity="lexical")
    without = cluster_mentions(mentions, similarity="lexical", wordnet=False)
    assert with_wn[0] == with_wn[1] != with_wn[2]
    assert without[0] != without[1]
    assert cluster_mentions(list(reversed(mentions)), similarity="lexical") == list(reversed(with_wn))


@needs_wordnet
def test_wordnet30_cause_link() -> None:
    assert INSTALLED is not None
    assert INSTALLED.link("kill", "die", senses=1) == CAUSE
