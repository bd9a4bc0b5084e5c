"""Benchmark of the offline geoparser: gazetteer load time and toponyms resolved per second.

    python bench/geoparse.py [--repeat 3] [--articles 200]

Resolution speed is measured on the gold toponym spans of LGL and TR-News when ../shared is
present (real articles, real ambiguity), else on a synthetic set of sentences. Detection with
spaCy is timed separately on a few articles: it is the parser, not the gazetteer, that costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from dyad.extract.places import resolve_spans
from dyad.extract.places.gazetteer import GAZETTEER_PATH, load_gazetteer

SHARED = Path(os.environ.get("DYAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SYNTHETIC = [
    "Officials in Washington and Moscow met in Geneva, Switzerland, before flying to Paris.",
    "Floods hit Alexandria, Rapides Parish and Pineville in Louisiana on Monday.",
    "Troops moved from Aleppo toward Idlib as Turkey and Syria traded fire near Kobani.",
    "The mayor of Paris, Texas visited Dallas, Austin and Houston.",
]


def _workload(limit: int) -> list[tuple[str, list[tuple[int, int]]]]:
    from dyad.eval.geo import read_articles

    work: list[tuple[str, list[tuple[int, int]]]] = []
    for name in ("lgl.xml", "TR-News.xml"):
        path = SHARED / "data" / "geoparsing" / name
        if path.exists():
            work += [(a.text, [(t.start, t.end) for t in a.toponyms]) for a in read_articles(path, limit=limit)]
    if work:
        return work
    words = ("Washington", "Moscow", "Geneva", "Switzerland", "Paris", "Alexandria", "Rapides Parish",
             "Pineville", "Louisiana", "Aleppo", "Idlib", "Turkey", "Syria", "Kobani", "Texas", "Dallas",
             "Austin", "Houston")
    for text in SYNTHETIC * 50:
        spans = [(text.index(w), text.index(w) + len(w)) for w in words if w in text]
        work.append((text, spans))
    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=200, help="articles per gold file")
    args = parser.parse_args()

    loads = []
    for _ in range(args.repeat):
        load_gazetteer.cache_clear()
        start = time.perf_counter()
        gaz = load_gazetteer()
        loads.append(time.perf_counter() - start)
    print(f"gazetteer: {GAZETTEER_PATH.name}, {GAZETTEER_PATH.stat().st_size / 1e6:.1f} MB, "
          f"{len(gaz):,} entries, {gaz.names():,} names")
    print(f"load time: median {statistics.median(loads):.2f} s over {args.repeat} loads (max {max(loads):.2f} s)")

    work = _workload(args.articles)
    n = sum(len(spans) for _, spans in work)
    rates = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text, spans in work:
            resolve_spans(text, spans, gazetteer=gaz)
        rates.append(n / (time.perf_counter() - start))
    print(f"resolution: {n:,} toponyms in {len(work)} articles; median {statistics.median(rates):,.0f} "
          f"toponyms/s over {args.repeat} runs")


if __name__ == "__main__":
    main()
