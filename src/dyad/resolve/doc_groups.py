"""Documents of one topic grouped by the event they report (ECB+ topics pair two events of one kind,
e.g. two earthquakes): average-link clustering of within-topic tf-idf vectors of the whole texts,
then small leftover clusters attached to their most similar large group."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from dyad.resolve.agglomerative import average_link
from dyad.resolve.merge_text import SparseVector, content_terms, cosine, normalised

# Documents of a topic: average-link on tf-idf cosine (IDF within the topic, so the words every
# report of the topic shares, e.g. "earthquake", weigh nothing and the names, places and figures
# that set one event apart from another of its kind decide).
DOC_THRESHOLD = 0.06
# A cluster of fewer documents than this is not taken for a separate event when a larger group
# exists: a short or off-angle report shares few weighted terms with anything, and left alone its
# mentions could corefer with nothing (joining a group only lets them; mention clustering decides).
MIN_GROUP = 3


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


def attach_small(similarity: list[list[float]], labels: list[int], min_size: int) -> list[int]:
    """Labels with every cluster of fewer than ``min_size`` items moved into the large cluster
    (``min_size`` or more) of highest average similarity to it; unchanged when no cluster is large
    or the small one shares nothing with any large one. Large clusters are not changed.
    """
    clusters: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        clusters.setdefault(label, []).append(i)
    large = sorted(label for label, items in clusters.items() if len(items) >= min_size)
    out = list(labels)
    for items in clusters.values():
        if len(items) >= min_size:
            continue
        best, best_score = None, 0.0
        for target in large:
            members = clusters[target]
            score = sum(similarity[i][j] for i in items for j in members) / (len(items) * len(members))
            if score > best_score:  # ties: the smaller label (``large`` is sorted)
                best, best_score = target, score
        if best is not None:
            for i in items:
                out[i] = best
    return out


def doc_groups(docs: list[str], texts: dict[str, str], *, threshold: float = DOC_THRESHOLD,
               min_group: int = MIN_GROUP) -> dict[str, int]:
    """Document -> group id: the documents of one topic grouped by the event they report.

    Average-link over within-topic tf-idf cosine stops at ``threshold``; clusters smaller than
    ``min_group`` then join their most similar larger group (:func:`attach_small`). The result
    does not depend on the order of ``docs`` (they are sorted first).
    """
    order = sorted(docs)
    vectors = topic_tfidf([texts[d] for d in order])
    n = len(order)
    similarity = [[cosine(vectors[i], vectors[j]) if i != j else 1.0 for j in range(n)] for i in range(n)]
    labels = average_link(n, lambda i, j: similarity[i][j], threshold)
    labels = attach_small(similarity, labels, min_group)
    return {d: labels[i] for i, d in enumerate(order)}
