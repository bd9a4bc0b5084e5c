"""Average-link agglomerative clustering, shared by document grouping and mention clustering."""

from __future__ import annotations

import heapq
from collections.abc import Callable


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
