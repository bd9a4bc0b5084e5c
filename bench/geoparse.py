"""Benchmark of the offline geoparser: gazetteer load time and toponyms resolved per second.

    python bench/geoparse.py [--repeat 3] [--articles 200]

Resolution speed is measured on the gold toponym spans of LGL and TR-News when ../shared is
present (real articles, real ambiguity), else on a synthetic set of sentences. Detection plus
resolution on already parsed articles (``--detect N``) is timed apart from the spaCy parse, which
is the parser's cost, not the gazetteer's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
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
    parser.add_argument("--detect", type=int, default=30, help="articles to parse and geoparse end to end")
    args = parser.parse_args()

    # each load in a fresh interpreter, as a user's process pays it
    probe = ("import time; from dyad.extract.places.gazetteer import load_gazetteer; "
             "t = time.perf_counter(); load_gazetteer(); print(time.perf_counter() - t)")
    loads = [float(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                                  text=True).stdout) for _ in range(args.repeat)]
    gaz = load_gazetteer()
    print(f"gazetteer: {GAZETTEER_PATH.name}, {GAZETTEER_PATH.stat().st_size / 1e6:.1f} MB, "
          f"{len(gaz):,} entries, {gaz.names():,} names")
    print(f"load time: median {statistics.median(loads):.2f} s over {args.repeat} fresh processes "
          f"(max {max(loads):.2f} s; load average {os.getloadavg()[0]:.1f})")

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

    if args.detect:
        from dyad.config import PipelineConfig
        from dyad.extract.places import places_in
        from dyad.parse.spacy_parser import load_nlp

        config = PipelineConfig()
        nlp = load_nlp(config.spacy_model, config.spacy_fallback)
        texts = [text for text, _ in work[:args.detect]]
        start = time.perf_counter()
        parsed = list(nlp.pipe(texts))
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        found = sum(len(places_in(d, gazetteer=gaz)) for d in parsed)
        places_s = time.perf_counter() - start
        print(f"end to end on {len(texts)} articles: spaCy parse {parse_s:.2f} s; detection + resolution "
              f"{places_s:.2f} s for {found:,} toponyms ({found / places_s:,.0f} toponyms/s)")


if __name__ == "__main__":
    main()
