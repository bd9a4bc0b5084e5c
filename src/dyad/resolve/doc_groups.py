"""Documents of one topic grouped by the event they report (ECB+ topics pair two events of one kind,
e.g. two earthquakes, two rehab stays of one actress).

Three steps over within-topic tf-idf vectors of the whole texts:

1. Profile clustering: two reports of one event resemble the SAME other documents, so documents are
   compared by their profiles (each one's cosines to all other documents of the topic, centred on
   its own mean) and clustered average-link at ``PROFILE_THRESHOLD``. The profile is relative to the
   topic, so one threshold fits topics whose raw cosines differ in scale (long vs short reports).
2. Small clusters (fewer than ``MIN_GROUP`` documents) join the large cluster whose profiles are
   most alike: a short or off-angle report is rarely a separate event, and alone its mentions could
   corefer with nothing (joining a group only lets them; mention clustering decides).
3. Guard: clusters whose texts are alike on average (raw cosine at least ``DOC_THRESHOLD``) merge
   again, average-link. Profiles always split a topic into its most different parts, even a topic
   that reports one event; the raw similarity says whether the parts are still one event.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from dyad.resolve.agglomerative import average_link
from dyad.resolve.merge_text import SparseVector, content_terms, cosine, normalised

# Raw tf-idf cosine (IDF within the topic, so the words every report of the topic shares, e.g.
# "earthquake", weigh nothing and the names, places and figures that set one event apart decide)
# at or above which two groups of documents are taken to report one event.
DOC_THRESHOLD = 0.12
# The tf-idf of the grouping: square-root IDF, and names and figures (who, where, how many: what
# tells two events of one kind apart) three times a common word.
IDF_POWER = 0.5
NAME_WEIGHT = 3.0
# Correlation of two documents' similarity profiles at or above which they go together.
PROFILE_THRESHOLD = 0.1
# A cluster of fewer documents than this is not taken for a separate event when a larger one exists.
MIN_GROUP = 3
# Fewer documents than this give profiles too short to compare: only the raw cosine decides.
MIN_PROFILE_DOCS = 4


def topic_tfidf(texts: Sequence[str], *, idf_power: float = 1.0, name_weight: float | None = None) -> list[SparseVector]:
    """L2-normalised tf-idf vectors of texts, IDF counted over these texts only.

    IDF is log((n + 1) / df), raised to ``idf_power``: a term in every one of many texts weighs
    almost nothing (it cannot tell them apart), yet two texts alone still share their common words;
    a power under 1 lets the terms many of the texts share (the place, the main actor) count
    nearly as much as rare ones. ``name_weight``: the weight of each occurrence of a capitalised
    word or a number (``content_terms`` gives 2, other words 1). Deterministic: the vectors depend
    on the set of texts, not their order.
    """
    terms = [_terms(t, name_weight) for t in texts]
    df: Counter[str] = Counter(term for ts in terms for term in ts)
    n = len(texts)
    out = []
    for ts in terms:
        out.append(normalised({t: (1.0 + math.log(c)) * math.log((n + 1) / df[t]) ** idf_power
                               for t, c in ts.items()}))
    return out


def _terms(text: str, name_weight: float | None) -> Counter[str]:
    """``content_terms`` of the text, names and figures reweighted to ``name_weight`` when given."""
    if name_weight is None:
        return content_terms(text)
    out: Counter[str] = Counter()
    for word in text.split():
        for term, weight in content_terms(word).items():
            out[term] += name_weight if weight > 1 else weight  # type: ignore[assignment]
    return out


def profile_similarity(similarity: list[list[float]]) -> list[list[float]]:
    """Pairwise correlation of similarity profiles: row i (the similarities of item i to all
    others) minus its own mean, compared with row j by cosine over the items other than i and j.

    Two items close to the same others and far from the same others score near 1, whatever the
    overall level of their similarities. O(n^3): meant for the tens of documents of one topic.
    """
    n = len(similarity)
    rows = []
    for i in range(n):
        mean = sum(similarity[i][k] for k in range(n) if k != i) / max(1, n - 1)
        rows.append([similarity[i][k] - mean if k != i else 0.0 for k in range(n)])
    squares = [sum(x * x for x in row) for row in rows]
    out = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            # column i of row j and column j of row i leave the norms; both diagonals are 0
            dot = sum(a * b for a, b in zip(rows[i], rows[j], strict=True)) - rows[i][j] * rows[j][j] \
                - rows[i][i] * rows[j][i]
            norm = math.sqrt(max(0.0, squares[i] - rows[i][j] ** 2) * max(0.0, squares[j] - rows[j][i] ** 2))
            out[i][j] = out[j][i] = dot / norm if norm > 0 else 0.0
    return out


def attach_small(similarity: list[list[float]], labels: list[int], min_size: int, *,
                 floor: float = 0.0) -> list[int]:
    """Labels with every cluster of fewer than ``min_size`` items moved into the large cluster
    (``min_size`` or more) of highest average similarity to it, if above ``floor``; unchanged when
    no cluster is large. Large clusters are not changed.
    """
    clusters: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        clusters.setdefault(label, []).append(i)
    large = sorted(label for label, items in clusters.items() if len(items) >= min_size)
    out = list(labels)
    for items in clusters.values():
        if len(items) >= min_size:
            continue
        best, best_score = None, floor
        for target in large:
            members = clusters[target]
            score = sum(similarity[i][j] for i in items for j in members) / (len(items) * len(members))
            if score > best_score:  # ties: the smaller label (``large`` is sorted)
                best, best_score = target, score
        if best is not None:
            for i in items:
                out[i] = best
    return out


def merge_similar(similarity: list[list[float]], labels: list[int], threshold: float) -> list[int]:
    """Average-link over the given clusters: the two clusters of highest mean item similarity merge
    while that mean is at least ``threshold`` (ties: the smaller labels). A label is the smallest
    item index of its cluster."""
    return average_link(len(labels), lambda i, j: similarity[i][j], threshold, initial=labels)


def doc_groups(docs: list[str], texts: dict[str, str], *, threshold: float = DOC_THRESHOLD,
               profile_threshold: float = PROFILE_THRESHOLD, min_group: int = MIN_GROUP) -> dict[str, int]:
    """Document -> group id: the documents of one topic grouped by the event they report.

    Profile clustering, small clusters attached, then groups whose raw cosine is at least
    ``threshold`` merged (see the module docstring). The result does not depend on the order of
    ``docs`` (they are sorted first); a group id is the index of its first document in that order.
    """
    order = sorted(docs)
    vectors = topic_tfidf([texts[d] for d in order], idf_power=IDF_POWER, name_weight=NAME_WEIGHT)
    n = len(order)
    similarity = [[cosine(vectors[i], vectors[j]) if i != j else 1.0 for j in range(n)] for i in range(n)]
    labels = list(range(n))
    if n >= MIN_PROFILE_DOCS:
        profiles = profile_similarity(similarity)
        labels = average_link(n, lambda i, j: profiles[i][j], profile_threshold)
        labels = attach_small(profiles, labels, min_group, floor=-1.0)
    labels = merge_similar(similarity, labels, threshold)
    return {d: labels[i] for i, d in enumerate(order)}
