"""Coreference scores: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1.

Clusters are collections of hashable mention ids. The key (gold) and response (system) may cover
different mentions: a mention missing from one side simply shares nothing with it, as in the
reference scorer's treatment of "twinless" mentions.

- MUC (Vilain et al. 1995): links. Recall = sum(|K| - |partitions of K by the response|) / sum(|K| - 1).
- B-cubed (Bagga & Baldwin 1998): per mention overlap of its key and response clusters.
- CEAF-e (Luo 2005): best one-to-one alignment of clusters under phi4 = 2|K∩R| / (|K| + |R|),
  found with the Hungarian method on each connected block of overlapping clusters.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Cluster = frozenset[Hashable]


@dataclass(frozen=True)
class CorefScore:
    """Recall, precision and F1 of one coreference metric."""

    recall: float
    precision: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"recall": round(self.recall, 4), "precision": round(self.precision, 4), "f1": round(self.f1, 4)}


def _f(recall: float, precision: float) -> CorefScore:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorefScore(recall, precision, f1)


def _clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    out = [frozenset(g) for g in groups]
    return [c for c in out if c]


def clusters_from_labels(ids: Sequence[Hashable], labels: Sequence[Hashable]) -> list[Cluster]:
    """Group mention ids by a parallel sequence of cluster labels."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in zip(ids, labels, strict=True):
        groups.setdefault(label, set()).add(mention)
    return [frozenset(g) for g in groups.values()]


def _muc_recall(key: list[Cluster], response: list[Cluster]) -> float:
    where = {m: i for i, cluster in enumerate(response) for m in cluster}
    numerator = denominator = 0
    for cluster in key:
        # mentions absent from the response each form a partition of their own
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefScore:
    k, r = _clusters(key), _clusters(response)
    return _f(_muc_recall(k, r), _muc_recall(r, k))


def _b3_recall(key: list[Cluster], response: list[Cluster]) -> float:
    where = {m: cluster for cluster in response for m in cluster}
    total = sum(len(c) for c in key)
    score = 0.0
    for cluster in key:
        for m in cluster:
            other = where.get(m)
            if other is not None:
                score += len(cluster & other) / len(cluster)
    return score / total if total else 0.0


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefScore:
    k, r = _clusters(key), _clusters(response)
    return _f(_b3_recall(k, r), _b3_recall(r, k))


def _hungarian_max(weights: np.ndarray) -> float:
    """Total weight of the best one-to-one assignment of rows to columns (maximisation)."""
    rows, cols = weights.shape
    if rows > cols:
        weights, rows, cols = weights.T, cols, rows
    cost = -weights
    inf = float("inf")
    u = np.zeros(rows + 1)
    v = np.zeros(cols + 1)
    owner = np.zeros(cols + 1, dtype=int)  # owner[j]: row (1-based) assigned to column j
    way = np.zeros(cols + 1, dtype=int)
    for i in range(1, rows + 1):
        owner[0] = i
        j0 = 0
        minv = np.full(cols + 1, inf)
        used = np.zeros(cols + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = owner[j0]
            free = ~used[1:]
            current = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (current < minv[1:])
            minv[1:][better] = current[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return float(sum(weights[owner[j] - 1, j - 1] for j in range(1, cols + 1) if owner[j]))


def _blocks(key: list[Cluster], response: list[Cluster]) -> list[tuple[list[int], list[int]]]:
    """Connected blocks of key and response clusters that share mentions (alignment is per block)."""
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[Hashable, int] = {}
    for i, cluster in enumerate(key):
        for m in cluster:
            owner[m] = i
    for j, cluster in enumerate(response):
        for m in cluster:
            if m in owner:
                parent[find(len(key) + j)] = find(owner[m])
    blocks: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(key)):
        blocks.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(response)):
        blocks.setdefault(find(len(key) + j), ([], []))[1].append(j)
    return [b for b in blocks.values() if b[0] and b[1]]


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefScore:
    k, r = _clusters(key), _clusters(response)
    total = 0.0
    for rows, cols in _blocks(k, r):
        if len(rows) == 1 and len(cols) == 1:
            a, b = k[rows[0]], r[cols[0]]
            total += 2 * len(a & b) / (len(a) + len(b))
            continue
        weights = np.array([[2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in cols] for i in rows])
        total += _hungarian_max(weights)
    recall = total / len(k) if k else 0.0
    precision = total / len(r) if r else 0.0
    return _f(recall, precision)


@dataclass(frozen=True)
class CorefReport:
    """MUC, B3 and CEAF-e, and the CoNLL F1 (mean of their F1s)."""

    muc: CorefScore
    b_cubed: CorefScore
    ceaf_e: CorefScore

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def to_dict(self) -> dict[str, Any]:
        return {"muc": self.muc.to_dict(), "b3": self.b_cubed.to_dict(), "ceaf_e": self.ceaf_e.to_dict(),
                "conll_f1": round(self.conll_f1, 4)}


def score_coref(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefReport:
    """All three metrics for one key/response pair of clusterings."""
    k, r = _clusters(key), _clusters(response)
    return CorefReport(muc(k, r), b_cubed(k, r), ceaf_e(k, r))


__all__ = ["CorefReport", "CorefScore", "b_cubed", "ceaf_e", "clusters_from_labels", "muc", "score_coref"]
