"""Direction of a time expression (past / future / unknown) from its clause.

Bare weekdays, months and seasons ("on Monday", "in September") point backwards in a past-tense
clause and forwards in a future one. Two sources of evidence:

* :func:`text_direction`: cue words near the expression in the raw sentence (no parse needed);
* :func:`parse_direction`: the tense of the verb that governs the expression in the spaCy parse.
"""

from __future__ import annotations

import re
from typing import Any

FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won['’]t|['’]ll|going to|gonna|plans? to|planned|planning|scheduled|"
    r"expects? to|expected to|set to|due to|aims? to|intends? to|is to|are to|to be held|"
    r"upcoming|would|could|should|might|may|hopes? to|wants? to|promised to|next)\b",
    re.IGNORECASE,
)
_IRREGULAR_PAST = (
    "was|were|had|did|said|told|met|went|took|made|held|gave|began|came|saw|spoke|wrote|sent|"
    "left|won|lost|rose|fell|led|sought|brought|thought|bought|paid|sold|struck|found|got|"
    "kept|knew|meant|ran|shot|stood|threw|understood|withdrew|broke|chose|drove|flew|fought|"
    "forbade|froze|grew|hung|hid|laid|lay|oversaw|overtook|rode|rang|sank|shook|"
    "slid|spent|stole|swore|swept|swam|taught|tore|wore|wove|ago|last|earlier|"
    "yesterday|previously|recently|already"
)
PAST_CUE = re.compile(rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{2,}}[^e\W]ed|[a-z]{{2,}}ied|[a-z]{{3,}}ed)\b")
# -ed words that are not past verbs
_NOT_PAST = frozenset({"need", "speed", "seed", "feed", "breed", "proceed", "succeed", "exceed",
                       "indeed", "shed", "bed", "red", "hundred", "embed", "weed", "steed", "deed",
                       "greed", "creed", "bleed", "freed"})
_CLAUSE_BREAK = re.compile(r"[.;!?:](?=\s|$)|\n|\bbut\b|\bwhile\b|\bwhereas\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:be|being)\s+$", re.IGNORECASE)


def text_direction(sentence: str, start: int, end: int, *, window: int = 90) -> str | None:
    """Past/future reading of the expression at ``sentence[start:end]`` from the nearest cue word.

    Looks at most ``window`` characters either side, without crossing a clause break; the cue
    nearest to the expression wins. None when there is no cue.
    """
    lo = max(0, start - window)
    hi = min(len(sentence), end + window)
    left = sentence[lo:start]
    right = sentence[end:hi]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        lo += breaks[-1].end()
        left = sentence[lo:start]
    brk = _CLAUSE_BREAK.search(right)
    if brk:
        right = right[: brk.start()]
    best: tuple[int, str] | None = None
    for part, offset, is_left in ((left, lo, True), (right, end, False)):
        for pattern, label in ((FUTURE_CUE, "future"), (PAST_CUE, "past")):
            for m in pattern.finditer(part):
                if label == "past" and (m.group(0).lower() in _NOT_PAST
                                        or _PASSIVE_BEFORE.search(part, 0, m.start())):
                    continue  # "will be signed": a participle, the tense is on the modal
                pos = offset + (m.end() if is_left else m.start())
                dist = start - pos if is_left else pos - end
                if best is None or dist < best[0]:
                    best = (dist, label)
    return best[1] if best else None


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo", "would", "could", "might", "may", "going"})
_PLAN_VERBS = frozenset({"plan", "expect", "schedule", "intend", "aim", "hope", "want", "promise",
                         "set", "due", "prepare", "agree", "propose", "seek", "vow", "pledge"})


def token_tense(verb: Any) -> str | None:
    """Past/future/None for a spaCy verb token from its tag and auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX:
        return "future"
    if "to" in lowers and verb.head.i != verb.i and verb.head.lemma_.lower() in _PLAN_VERBS:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and lowers & {"has", "have", "'ve", "’ve"}:
        return "past"  # present perfect: the event lies before the report
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future"  # "is meeting on Monday": a scheduled event
    return None


def parse_direction(doc: Any, start: int, end: int) -> str | None:
    """Direction from the verb that governs the characters ``[start, end)`` in a spaCy ``Doc``.

    Climbs from the expression's root through nouns and prepositions to the first verb outside
    the expression; None when that verb is in the present tense or there is none.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and not span.start <= token.i < span.end:
            return token_tense(token)
        if token.head.i == token.i:
            break
        token = token.head
    return None
