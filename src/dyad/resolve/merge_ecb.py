"""Cross-document coreference of event MENTIONS (the ECB+ task), for ``dyad eval ecb``.

Mentions arrive with their sentence, head lemma, topic and document. Within a topic, documents
are first grouped by what they report (ECB+ topics pair two different events of one kind, e.g.
two earthquakes): average-link clustering of the documents' lexical vectors. Within a document
group, mentions are clustered average-link on a pair score of head-lemma identity and the
similarity of their sentences. Everything is sorted first, so the labels do not depend on the
order of the input.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from dyad.errors import DyadError, E
from dyad.resolve.merge_text import SparseVector, content_terms, cosine, lexical_vector

_REQUIRED = ("id", "topic", "doc", "sentence", "lemma")

# Reporting verbs and light nouns head many mentions of different events.
_WEAK_LEMMAS = frozenset({"say", "tell", "report", "be", "have", "do", "make", "take", "get", "go",
                          "come", "give", "it", "that", "this", "happen", "occur", "event", "incident"})

# Documents of a topic: average-link on tf-idf cosine (IDF within the topic, so the words every
# report of the topic shares, e.g. "earthquake", weigh nothing and the names, places and figures
# that set one event apart from another of its kind decide).
DOC_THRESHOLD = 0.06
MENTION_THRESHOLD = 0.5


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

    A term in every text gets no weight (it cannot tell the texts apart). Deterministic: the
    vectors depend on the set of texts, not their order.
    """
    terms = [content_terms(t) for t in texts]
    df: Counter[str] = Counter(term for ts in terms for term in ts)
    n = len(texts)
    out = []
    for ts in terms:
        weights = {t: (1.0 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in ts.items() if df[t] < n}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append({t: w / norm for t, w in weights.items()} if norm else {})
    return out


def _doc_groups(docs: list[str], texts: dict[str, str]) -> dict[str, int]:
    vectors = topic_tfidf([texts[d] for d in docs])
    labels = average_link(len(docs), lambda i, j: cosine(vectors[i], vectors[j]), DOC_THRESHOLD)
    return {d: labels[i] for i, d in enumerate(docs)}


def _mention_score(a: dict[str, Any], b: dict[str, Any], va: SparseVector, vb: SparseVector) -> float:
    same_lemma = a["lemma"] == b["lemma"] and a["lemma"] not in _WEAK_LEMMAS
    return 0.6 * same_lemma + 0.4 * cosine(va, vb)


def cluster_mentions(mentions: Sequence[dict[str, Any]]) -> list[int]:
    """A cluster label for each event mention (coreferent mentions share a label)."""
    _check(mentions)
    order = sorted(range(len(mentions)), key=lambda i: str(mentions[i]["id"]))
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
            vectors = [lexical_vector(str(mentions[i]["sentence"])) for i in items]
            local = average_link(
                len(items),
                lambda p, q, items=items, vectors=vectors: _mention_score(  # type: ignore[misc]
                    mentions[items[p]], mentions[items[q]], vectors[p], vectors[q]),
                MENTION_THRESHOLD)
            mapping: dict[int, int] = {}
            for p, lab in enumerate(local):
                if lab not in mapping:
                    mapping[lab] = next_label
                    next_label += 1
                labels[items[p]] = mapping[lab]
    return labels
