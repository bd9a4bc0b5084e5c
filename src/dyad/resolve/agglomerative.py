"""Average-link agglomerative clustering, shared by document grouping and mention clustering."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence


def average_link(n: int, similarity: Callable[[int, int], float], threshold: float, *,
                 initial: Sequence[int] | None = None) -> list[int]:
    """Average-link agglomerative clustering of items 0..n-1; returns a label (smallest member) each.

    Repeatedly merges the two clusters with the highest mean pairwise similarity (positive
    similarities summed, over the product of the sizes) while it is at least ``threshold`` (a
    heap with lazy invalidation); ties go to the smallest cluster ids, so the result is fixed for
    a fixed item order. ``initial`` (a label per item) starts from those clusters instead of
    singletons.
    """
    start = list(range(n)) if initial is None else list(initial)
    first: dict[int, int] = {}
    for i, label in enumerate(start):
        first.setdefault(label, i)
    members: dict[int, list[int]] = {}
    for i, label in enumerate(start):
        members.setdefault(first[label], []).append(i)
    owner = {i: first[label] for i, label in enumerate(start)}
    size = {a: len(items) for a, items in members.items()}
    total: dict[int, dict[int, float]] = {a: {} for a in members}
    for i in range(n):
        for j in range(i + 1, n):
            a, b = owner[i], owner[j]
            if a != b:
                s = similarity(i, j)
                if s > 0:
                    total[a][b] = total[b][a] = total[a].get(b, 0.0) + s
    heap = [(-s / (size[a] * size[b]), a, b) for a in total for b, s in total[a].items()
            if b > a and s / (size[a] * size[b]) >= threshold]
    heapq.heapify(heap)
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
