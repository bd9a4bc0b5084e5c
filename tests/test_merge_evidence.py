"""What merging compares of an event: its own words (attribution cut) and the window around its trigger."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from dyad.resolve import merge_text
from dyad.resolve.merge import MergeItem, MergeSettings, evidence_of, score_pair
from dyad.resolve.merge_text import (
    CONTEXT_WEIGHT,
    EVIDENCE_VERSION,
    FOCUS_WORDS,
    MentionText,
    cosine,
    event_evidence,
    evidence_vector,
    lexical_vector,
    mention_evidence,
)
from dyad.store.clusters import SETTINGS_KEY, VECTOR_MODEL, merge_store
from dyad.store.duckdb_store import EventStore

# Offsets as in an article where this sentence starts at character 100.
S = ("Kremlin spokesman Dmitry Peskov said Moscow expected no breakthroughs, although the two sides "
     "might agree to return their ambassadors, who were withdrawn this spring.")
BASE = 100


def _span(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return BASE + i, BASE + i + len(word)


def _mention(trigger: str) -> MentionText:
    start, end = _span(S, trigger)
    return MentionText(S, BASE, start, end)


SOURCE, CUE = _span(S, "Kremlin spokesman Dmitry Peskov"), _span(S, "said")


def test_merge_evidence_cuts_source_and_cue() -> None:
    own, _ = mention_evidence(_mention("agree"), cut=[SOURCE, CUE])
    assert own.startswith("Moscow expected no breakthroughs,")
    assert "Peskov" not in own and "said" not in own.split()


def test_merge_evidence_keeps_actor_words_inside_the_attribution() -> None:
    # "Peskov said he would resign": the source is the event's actor as well
    own, _ = mention_evidence(_mention("agree"), cut=[SOURCE, CUE], keep=[_span(S, "Dmitry Peskov")])
    assert own.startswith("Dmitry Peskov Moscow")


def test_merge_evidence_focus_is_the_trigger_window_plus_participants() -> None:
    own, focus = mention_evidence(_mention("agree"), cut=[SOURCE, CUE], keep=[_span(S, "Moscow")])
    words = own.split()
    i = words.index("agree")
    window = words[i - FOCUS_WORDS:i + FOCUS_WORDS + 1]
    assert focus.split() == ["Moscow", *window]


def test_merge_evidence_window_stops_at_a_dash() -> None:
    text = "GENEVA — Biden and Putin agreed to return ambassadors"
    own, focus = mention_evidence(MentionText(text, 0, text.index("agreed"), text.index("agreed") + 6))
    assert own == text and focus == "Biden and Putin agreed to return ambassadors"


def test_merge_evidence_without_offsets_is_the_sentence() -> None:
    assert mention_evidence(MentionText(S)) == (S, S)
    assert evidence_of({"sentence": S}) == (S, S)
    two = event_evidence([MentionText("First report."), MentionText("Second report.")])
    assert two == ("First report. Second report.", "First report. Second report.")


def test_merge_evidence_vector_weights_context_down() -> None:
    assert evidence_vector(S, S) == lexical_vector(S)
    assert evidence_vector(S, "") == lexical_vector(S)
    v = evidence_vector("talks ambassadors", "ambassadors")
    assert math.isclose(v["talk"] / v["ambassador"], CONTEXT_WEIGHT)
    assert math.isclose(sum(w * w for w in v.values()), 1.0)


def test_merge_evidence_separates_two_events_of_one_sentence() -> None:
    lead = ("Trump and Kim shook hands at a hotel on Sentosa island, and later signed a document in which "
            "Kim committed to work toward complete denuclearization of the Korean Peninsula.")
    meeting = event_evidence([MentionText(lead, 0, lead.index("shook"), lead.index("shook") + 5)])
    pledge = event_evidence([MentionText(lead, 0, lead.index("committed"), lead.index("committed") + 9)])
    other = "Kim Jong Un committed to denuclearization of the Korean Peninsula, state media said."
    assert cosine(evidence_vector(*pledge), lexical_vector(other)) > cosine(evidence_vector(*meeting),
                                                                         lexical_vector(other))


def test_merge_score_pair_reads_the_focus() -> None:
    day = dt.date(2021, 6, 16)
    a = MergeItem(id="a", article_id="x", event_type="CONSULT", published=day, text="talks in Geneva on arms",
                  focus="talks")
    b = MergeItem(id="b", article_id="y", event_type="CONSULT", published=day, text="talks in Vienna on trade",
                  focus="talks")
    wide = MergeItem(id="b", article_id="y", event_type="CONSULT", published=day, text="talks in Vienna on trade")
    s = MergeSettings()
    focused, whole = score_pair(a, b, settings=s), score_pair(a, wide, settings=s)
    assert focused is not None and whole is not None and focused > whole


def test_merge_evidence_version_keys_stored_merges_and_vectors(tmp_path: Path) -> None:
    assert f"evidence={EVIDENCE_VERSION}" in MergeSettings().key()
    assert VECTOR_MODEL.endswith(EVIDENCE_VERSION) and VECTOR_MODEL.startswith(merge_text.MINILM_MODEL)
    store = EventStore(tmp_path / "old.duckdb")
    try:
        # A store merged before the evidence version existed: the next merge is a full one.
        store.run("INSERT INTO event_clusters VALUES ('e1', 'e1')")
        old_key = MergeSettings().key().replace(f";evidence={EVIDENCE_VERSION}", "")
        store.run("INSERT OR REPLACE INTO meta VALUES (?, ?)", [SETTINGS_KEY, old_key])
        assert merge_store(store)["mode"] == "full"
        assert store.run("SELECT value FROM meta WHERE key = ?", [SETTINGS_KEY])[0][0] == MergeSettings().key()
        store.run("INSERT INTO event_clusters VALUES ('e1', 'e1')")
        assert merge_store(store)["mode"] == "incremental"
    finally:
        store.close()


@pytest.mark.parametrize("words", [0, 1, FOCUS_WORDS, 3 * FOCUS_WORDS])
def test_merge_evidence_focus_within_own_words(words: int) -> None:
    text = " ".join([*(f"w{i}" for i in range(words)), "met"])
    start = text.index("met")
    own, focus = mention_evidence(MentionText(text, 0, start, start + 3))
    assert set(focus.split()) <= set(own.split()) and "met" in focus.split()
    assert len(focus.split()) == min(words, FOCUS_WORDS) + 1
