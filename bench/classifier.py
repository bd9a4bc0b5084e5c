"""Throughput of the learned pair classifier (``classify_pair(..., backend="learned")``).

    python bench/classifier.py                      # PLV sentences when ../shared is there, else templates
    python bench/classifier.py --threads 2 --n 1000 --batch-size 32

Prints pairs per second of wall time and per second of this process's CPU time (on a shared
machine the wall figure depends on the other jobs; CPU seconds / threads bounds what two free
cores would do). The batch path (``classify_many``) is what the hybrid coder and ``dyad eval``
use; the one-pair-per-call path is what ``dyad.classify_pair`` does.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLV = ROOT.parent / "shared" / "data" / "plv" / "train.tsv"


def load_pairs(n: int) -> tuple[str, list[tuple[str, tuple[int, int], tuple[int, int]]]]:
    if PLV.exists():
        from dyad.learn.data import plv_examples

        examples = plv_examples(PLV)
        origin = "PLV train"
    else:
        from dyad.learn.data import template_examples

        examples = template_examples()
        origin = "dyad templates"
    pairs = [(e.pair.sentence, e.pair.source, e.pair.target) for e in examples]
    while len(pairs) < n:
        pairs = pairs + pairs
    return origin, pairs[:n]


def measure(label: str, run: object, n: int, threads: int) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<28} {n:>6} pairs  {wall:7.2f} s wall  {n / wall:7.1f} pairs/s"
          f"  | {cpu:7.2f} s CPU  {n / (cpu / threads):7.1f} pairs/s on {threads} free core(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16"))
    parser.add_argument("--single", type=int, default=100, help="pairs for the one-call-per-pair path (0: skip)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from dyad.learn.backend import LearnedPairClassifier

    origin, pairs = load_pairs(args.n)
    classifier = LearnedPairClassifier(threads=args.threads, precision=args.precision)
    load = time.perf_counter()
    encoder = classifier._predictor().encoder
    encoder.batch_size = args.batch_size
    classifier.classify_many(pairs[:8])  # loads MiniLM and the head once
    print(f"model load + warm-up {time.perf_counter() - load:.2f} s; pairs from {origin}; "
          f"torch threads {args.threads}; bf16 {encoder.bf16}; load average {os.getloadavg()[0]:.1f}")
    measure(f"batch ({args.batch_size})", lambda: classifier.classify_many(pairs), len(pairs), args.threads)
    if args.single:
        some = pairs[:args.single]
        measure("one pair per call", lambda: [classifier.classify(s, source=a, target=b) for s, a, b in some],
                len(some), args.threads)


if __name__ == "__main__":
    main()
