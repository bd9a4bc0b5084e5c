"""Measure the event coder's cost against the spaCy parse it runs on, and its confidence
calibration on the PLV pairs.

    python bench/coder.py [--repeat 3] [--plv ../shared/data/plv/train.tsv] [--plv-limit N]

Speed: the bundled sample corpus (40 articles) is parsed once; then the ``events`` and
``merge`` stages are timed on the parsed documents (with the actor stage's output when that
stage is available, so the argument mapping does real work). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def speed(repeat: int) -> None:
    from dyad.config import PipelineConfig
    from dyad.model import Article, Document
    from dyad.registry import stages

    config = PipelineConfig()
    lines = resources.files("dyad.data").joinpath("sample_corpus.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(x) for x in lines if x.strip()]
    docs = [Document(article=Article.create(a["text"], published=a.get("published"))) for a in articles]
    parse = stages.make("parse", config=config)
    parse(docs[0])  # load the model outside the timing
    t0 = time.perf_counter()
    for doc in docs:
        parse(doc)
    parse_s = time.perf_counter() - t0
    if "actors" in stages:
        actors = stages.make("actors", config=config)
        for doc in docs:
            actors(doc)
    events, merge = stages.make("events", config=config), stages.make("merge", config=config)
    best = float("inf")
    n_events = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        for doc in docs:
            events(doc)
            merge(doc)
        best = min(best, time.perf_counter() - t0)
        n_events = sum(len(d.events) for d in docs)
    chars = sum(len(d.text) for d in docs)
    print(f"articles: {len(docs)}  characters: {chars:,}  events: {n_events}")
    print(f"parse:          {parse_s:.3f} s  ({chars / parse_s:,.0f} chars/s)")
    print(f"events + merge: {best:.3f} s  (best of {repeat}) = {100 * best / parse_s:.1f}% of the parse time")


def calibration(path: Path, limit: int | None) -> None:
    """Accuracy of classify_pair per confidence bucket (is 0.8 right about 80% of the time?)."""
    from dyad.eval.plv import fold, read_plv
    from dyad.extract.events.classify import RulesPairClassifier

    classifier = RulesPairClassifier()
    buckets: dict[float, list[int]] = {}
    for row in read_plv(path, limit=limit):
        label, confidence = classifier.classify(row.sentence, source=row.source, target=row.target)
        key = min(0.9, round(confidence - 0.05, 1)) if confidence else 0.0
        buckets.setdefault(key, []).append(int(fold(label) == row.gold_root))
    print("confidence bucket  n    accuracy")
    total_error = 0.0
    n_all = sum(len(v) for v in buckets.values())
    for key in sorted(buckets):
        hits = buckets[key]
        accuracy = sum(hits) / len(hits)
        mid = key + 0.05 if key else 0.0
        total_error += len(hits) * abs(accuracy - mid)
        print(f"[{key:.1f}, {key + 0.1:.1f})  {len(hits):5d}  {accuracy:.3f}")
    print(f"expected calibration error: {total_error / n_all:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plv", type=Path, default=ROOT.parent / "shared" / "data" / "plv" / "train.tsv")
    parser.add_argument("--plv-limit", type=int, default=None)
    args = parser.parse_args()
    speed(args.repeat)
    if args.plv.exists():
        calibration(args.plv, args.plv_limit)


if __name__ == "__main__":
    main()
