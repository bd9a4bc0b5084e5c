"""Cross-document coreference of event MENTIONS (the ECB+ task), for ``dyad eval ecb``.

Mentions arrive with their sentence, head lemma, topic and document. Within a topic, documents
are first grouped by what they report (ECB+ topics pair two different events of one kind, e.g.
two earthquakes): average-link clustering of the documents' lexical vectors. Within a document
group, mentions are clustered average-link on a pair score of their trigger lemmas (identity,
MiniLM or stem similarity, WordNet links) plus a bonus for a shared argument, with two mentions of
one sentence kept apart (see ``_mention_score``). Everything is sorted first, so the labels do not
depend on the order of the input.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from dyad.errors import DyadError, E
from dyad.resolve.merge_text import (
    SparseVector,
    content_terms,
    cosine,
    dense_cosine,
    embed,
    lexical_vector,
    normalised,
    resolve_backend,
)
from dyad.resolve.wordnet import CAUSE, DERIVATION, HYPERNYM, SYNONYM, load_wordnet

_REQUIRED = ("id", "topic", "doc", "sentence", "lemma")

# Reporting verbs and light nouns head many mentions of different events.
_WEAK_LEMMAS = frozenset({"say", "tell", "report", "be", "have", "do", "make", "take", "get", "go",
                          "come", "give", "it", "that", "this", "happen", "occur", "event", "incident"})

# Documents of a topic: average-link on tf-idf cosine (IDF within the topic, so the words every
# report of the topic shares, e.g. "earthquake", weigh nothing and the names, places and figures
# that set one event apart from another of its kind decide).
DOC_THRESHOLD = 0.06
# Mentions: the same lemma merges (score >= 1); different lemmas need a trigger similarity of
# 0.7 ("kill"/"die" is 0.74 with MiniLM), or 0.5 with a shared argument.
MENTION_THRESHOLD = 0.7
ARGUMENT_BONUS = 0.2
# A WordNet link between two different lemmas (dyad.resolve.wordnet) counts like a weaker match
# of the same lemma: a synonym or a derivationally related form ("die"/"death") is 0.8 (merges on
# its own), a direct hypernym ("murder" -> "kill") 0.5 (merges only with a shared argument), a
# verb's cause or entailment ("kill" -> "die") 0.7; only
# the first sense of each word is looked at, as the rarer senses link nearly everything
# ("fire"/"sack"). Tuned on the ECB+ training topics (0.7 for hypernyms, or 2-3 senses, did worse).
WORDNET_WEIGHTS = {SYNONYM: 0.8, DERIVATION: 0.8, HYPERNYM: 0.5, CAUSE: 0.7}
WORDNET_SENSES = 1


def average_link(n: int, similarity: Callable[[int, int], float], threshold: float) -> list[int]:
    """Average-link agglomerative clustering of items 0..n-1; returns a label (smallest member) each.

    Repeatedly merges the two clusters with the highest mean pairwise similarity while it is at
    least ``threshold`` (a heap with lazy invalidation); ties go to the smallest cluster ids, so the
    result is fixed for a fixed item order.
    """
    size = {i: 1 for i in range(n)}
    total: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for i in range(n):
        for j in range(i + 1, n):
            s = similarity(i, j)
            if s > 0:
                total[i][j] = total[j][i] = s
    heap = [(-s, i, j) for i in range(n) for j, s in total[i].items() if j > i and s >= threshold]
    heapq.heapify(heap)
    members = {i: [i] for i in range(n)}
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in size or b not in size or abs(-neg - total[a].get(b, 0.0) / (size[a] * size[b])) > 1e-12:
            continue  # stale entry
        members[a].extend(members.pop(b))
        size[a] += size.pop(b)
        for c, s in total.pop(b).items():
            total[c].pop(b, None)
            if c != a:
                total[a][c] = total[a].get(c, 0.0) + s
                total[c][a] = total[a][c]
        total[a].pop(b, None)
        for c, s in total[a].items():
            mean = s / (size[a] * size[c])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    labels = [0] * n
    for a, items in members.items():
        for m in items:
            labels[m] = a
    return labels


def _check(mentions: Sequence[dict[str, Any]]) -> None:
    for i, m in enumerate(mentions):
        missing = [k for k in _REQUIRED if k not in m]
        if missing:
            raise DyadError(E.MERGE_BAD_MENTION, index=i, fields=", ".join(missing))


def topic_tfidf(texts: Sequence[str]) -> list[SparseVector]:
    """L2-normalised tf-idf vectors of texts, IDF counted over these texts only.

    IDF is log((n + 1) / df): a term in every one of many texts weighs almost nothing (it cannot
    tell them apart), yet two texts alone still share their common words. Deterministic: the
    vectors depend on the set of texts, not their order.
    """
    terms = [content_terms(t) for t in texts]
    df: Counter[str] = Counter(term for ts in terms for term in ts)
    n = len(texts)
    out = []
    for ts in terms:
        out.append(normalised({t: (1.0 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in ts.items()}))
    return out


def _doc_groups(docs: list[str], texts: dict[str, str]) -> dict[str, int]:
    vectors = topic_tfidf([texts[d] for d in docs])
    labels = average_link(len(docs), lambda i, j: cosine(vectors[i], vectors[j]), DOC_THRESHOLD)
    return {d: labels[i] for i, d in enumerate(docs)}


def _trigger_similarity(lemmas: list[str], similarity: str, *, wordnet: bool = True) -> Callable[[str, str], float]:
    """Similarity of two different trigger lemmas: MiniLM cosine of the words ("kill"/"murder",
    "quake"/"earthquake"), or, lexically, the cosine of their stems (1 for "shoot"/"shooting");
    raised to ``WORDNET_WEIGHTS`` of the link when WordNet links the two (when it is installed)."""
    base: Callable[[str, str], float]
    if resolve_backend(similarity) == "minilm":
        vectors = dict(zip(lemmas, embed(lemmas, batch_size=256), strict=True))
        base = lambda a, b: dense_cosine(vectors[a], vectors[b])  # noqa: E731
    else:
        stems = {lemma: lexical_vector(lemma) for lemma in lemmas}
        base = lambda a, b: cosine(stems[a], stems[b])  # noqa: E731
    wn = load_wordnet() if wordnet else None
    if wn is None:
        return base

    def score(a: str, b: str) -> float:
        kind = wn.link(a, b, senses=WORDNET_SENSES)
        return max(base(a, b), WORDNET_WEIGHTS.get(kind, 0.0) if kind else 0.0)

    return score


def _mention_score(a: dict[str, Any], b: dict[str, Any], trigger: Callable[[str, str], float]) -> float:
    """Pair score of two mentions of one document group (merged when the average reaches
    ``MENTION_THRESHOLD``).

    - Two mentions of one sentence are two events ("the quake killed 5 and injured 20"): 0.
    - Reporting verbs and light lemmas ("say", "make") head mentions of many different events:
      only the same lemma with a shared argument ("Reid's publicist said" twice) counts.
    - Otherwise the trigger similarity (1 for the same lemma), plus ``ARGUMENT_BONUS`` when the
      two share an argument (a subject, object or oblique head: "killed the designer" /
      "the murder of the designer").
    """
    if a["doc"] == b["doc"] and a.get("sentence_index", a["sentence"]) == b.get("sentence_index", b["sentence"]):
        return 0.0
    la, lb = str(a["lemma"]), str(b["lemma"])
    shared = bool(set(a.get("arguments") or ()) & set(b.get("arguments") or ()))
    if la in _WEAK_LEMMAS or lb in _WEAK_LEMMAS:
        return 1.0 if la == lb and shared else 0.0
    return (1.0 if la == lb else trigger(la, lb)) + ARGUMENT_BONUS * shared


def cluster_mentions(mentions: Sequence[dict[str, Any]], *, similarity: str = "auto",
                     wordnet: bool = True) -> list[int]:
    """A cluster label for each event mention (coreferent mentions share a label).

    ``similarity`` compares different trigger lemmas: ``minilm`` (the ``[ml]`` extra),
    ``lexical`` (shared stems only) or ``auto`` (MiniLM when installed). An optional
    ``arguments`` list per mention (head lemmas of its subject, object and obliques) and an
    optional ``document`` (the whole text of its document, for grouping documents) sharpen the
    result. ``wordnet`` links different lemmas through WordNet when it is installed
    (``dyad.resolve.wordnet``); without it the clustering is that of MiniLM or stems alone.
    """
    _check(mentions)
    order = sorted(range(len(mentions)), key=lambda i: str(mentions[i]["id"]))
    trigger = _trigger_similarity(sorted({str(m["lemma"]) for m in mentions}), similarity, wordnet=wordnet)
    labels = [0] * len(mentions)
    by_topic: dict[Any, list[int]] = defaultdict(list)
    for i in order:
        by_topic[mentions[i]["topic"]].append(i)
    next_label = 0
    for topic in sorted(by_topic, key=str):
        members = by_topic[topic]
        doc_text: dict[str, list[str]] = defaultdict(list)
        seen_sentences: set[tuple[str, Any]] = set()
        for i in members:
            m = mentions[i]
            key = (str(m["doc"]), m.get("sentence_index", m["sentence"]))
            if key not in seen_sentences:
                seen_sentences.add(key)
                doc_text[str(m["doc"])].append(str(m["sentence"]))
        docs = sorted(doc_text)
        # the whole document when given (``document``), else the sentences of its mentions
        full = {str(mentions[i]["doc"]): str(mentions[i]["document"]) for i in members
                if mentions[i].get("document")}
        groups = _doc_groups(docs, {d: full.get(d) or " ".join(t) for d, t in doc_text.items()})
        by_group: dict[int, list[int]] = defaultdict(list)
        for i in members:
            by_group[groups[str(mentions[i]["doc"])]].append(i)
        for group in sorted(by_group):
            items = by_group[group]
            local = average_link(
                len(items),
                lambda p, q, items=items: _mention_score(  # type: ignore[misc]
                    mentions[items[p]], mentions[items[q]], trigger),
                MENTION_THRESHOLD)
            mapping: dict[int, int] = {}
            for p, lab in enumerate(local):
                if lab not in mapping:
                    mapping[lab] = next_label
                    next_label += 1
                labels[items[p]] = mapping[lab]
    return labels
