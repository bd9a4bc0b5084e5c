"""Documents of one topic grouped by the event they report (ECB+ topics pair two events of one kind,
e.g. two earthquakes): average-link clustering of within-topic tf-idf vectors of the whole texts."""

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


def doc_groups(docs: list[str], texts: dict[str, str]) -> dict[str, int]:
    vectors = topic_tfidf([texts[d] for d in docs])
    labels = average_link(len(docs), lambda i, j: cosine(vectors[i], vectors[j]), DOC_THRESHOLD)
    return {d: labels[i] for i, d in enumerate(docs)}
