"""How well does each evidence similarity tell reports of one event from reports of others?

Over every cross-document pair of annotated event mentions within an ECB+ topic (topics 1-35 of
``../shared/data/ecbplus``), a pair is positive when both mentions are in one gold cluster. For
the lexical cosine, the MiniLM cosine and their blend (``dyad.resolve.merge_text.blend``) the
script prints the ranking AUC (probability that a positive pair outscores a negative one) and
the average precision, and the line through equal upper quantiles of the two cosines that maps
MiniLM onto the lexical scale (``DENSE_SLOPE``, ``DENSE_INTERCEPT``). It also times embedding.

    python bench/merge_similarity.py [--ecb ../shared/data/ecbplus] [--topics 35]

Needs the ``[ml]`` extra. Takes a few minutes (1,350 sentences are embedded, one at a time).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from dyad.eval.ecb import EcbMention, read_ecb  # noqa: E402
from dyad.resolve.merge_text import (  # noqa: E402
    MentionText,
    blend,
    cosine,
    embed_matrix,
    evidence_vector,
    lexical_vector,
    mention_evidence,
)


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mann-Whitney AUC with average ranks for ties."""
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = labels[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / max(hits.sum(), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecb", type=Path, default=ROOT.parent / "shared" / "data" / "ecbplus")
    parser.add_argument("--topics", type=int, default=35, help="topics 1..N")
    parser.add_argument("--lexical-only", action="store_true", help="skip MiniLM (no [ml] extra needed)")
    args = parser.parse_args()
    mentions = read_ecb(args.ecb, topics=tuple(range(1, args.topics + 1)))
    # The merge measure: the mention's own words with the window around its trigger weighted up
    # (merge_text.mention_evidence; ECB+ marks no attributions, so nothing is cut).
    focused = {m.id: evidence_vector(*mention_evidence(MentionText(m.sentence, 0, *m.span))) for m in mentions}
    if args.lexical_only:
        lexical_only(mentions, focused)
        return
    sentences = sorted({m.sentence for m in mentions})
    started, cpu = time.perf_counter(), time.process_time()
    matrix = embed_matrix(sentences).astype(np.float64)
    wall = time.perf_counter() - started
    print(f"embedded {len(sentences)} sentences in {wall:.1f} s ({len(sentences) / wall:.1f}/s, "
          f"cpu {time.process_time() - cpu:.1f} s)")
    row = {s: i for i, s in enumerate(sentences)}
    lexical = {s: lexical_vector(s) for s in sentences}
    by_topic = defaultdict(list)
    for m in mentions:
        by_topic[m.topic].append(m)
    lex, lex_focus, dense, positive = [], [], [], []
    for members in by_topic.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.doc == b.doc:
                    continue
                lex.append(cosine(lexical[a.sentence], lexical[b.sentence]))
                lex_focus.append(cosine(focused[a.id], focused[b.id]))
                dense.append(float(matrix[row[a.sentence]] @ matrix[row[b.sentence]]))
                positive.append(a.gold == b.gold)
    x, d, y = np.array(lex), np.array(dense), np.array(positive)
    print(f"{len(y):,} cross-document mention pairs, {y.mean():.3f} coreferent")
    blended = np.array([blend(a, b) for a, b in zip(x, d, strict=True)])
    for name, scores in (("lexical", x), ("lexical focus", np.array(lex_focus)), ("minilm", d), ("blend", blended)):
        print(f"{name:<14} AUC {auc(y, scores):.4f}  average precision {average_precision(y, scores):.4f}")
    qs = np.linspace(0.80, 0.995, 40)
    slope, intercept = np.polyfit(np.quantile(d, qs), np.quantile(x, qs), 1)
    print(f"equal-quantile line (80th-99.5th percentile): lexical ~ {slope:.2f} * minilm {intercept:+.2f}")


def lexical_only(mentions: list[EcbMention], focused: dict[str, dict[str, float]]) -> None:
    """AUC of the whole-sentence lexical cosine and of the focused one (what merging uses)."""
    by_topic = defaultdict(list)
    for m in mentions:
        by_topic[m.topic].append(m)
    lexical = {m.sentence: lexical_vector(m.sentence) for m in mentions}
    whole, focus, positive = [], [], []
    for members in by_topic.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.doc != b.doc:
                    whole.append(cosine(lexical[a.sentence], lexical[b.sentence]))
                    focus.append(cosine(focused[a.id], focused[b.id]))
                    positive.append(a.gold == b.gold)
    y = np.array(positive)
    print(f"{len(y):,} cross-document mention pairs, {y.mean():.3f} coreferent")
    for name, scores in (("lexical", np.array(whole)), ("lexical focus", np.array(focus))):
        print(f"{name:<14} AUC {auc(y, scores):.4f}  average precision {average_precision(y, scores):.4f}")


if __name__ == "__main__":
    main()
