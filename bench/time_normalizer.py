"""Throughput of the time normaliser alone (no spaCy): sentences per second.

    python bench/time_normalizer.py [--repeat N] [--meantime PATH]

Sentences come from the bundled sample below, or from MEANTIME (every sentence of every
article) when the shared data is present or a path is given. Prints one line per corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from pathlib import Path

from dyad.extract.time import find_times

SAMPLE = """\
Last week, President Trump tweeted a message of thanks to Kim for the return of remains.
The two leaders may meet sometime later this year, CNN reported Monday.
Over the weekend, the foreign minister referred to the actions since the June summit as alarming.
After the June summit, the US extended sanctions for an additional year.
A report from July said that a meeting could take place this fall, potentially in September.
The company said on Aug. 2 that profits in the third quarter of 2018 rose 5 percent.
The talks, which began two days ago, will resume next Tuesday at 3 p.m.
Prices had fallen since the 1990s but are expected to recover by mid-2019.
The committee meets every Monday and publishes an annual report.
Officials declined to comment on the matter.
"""


def sentences_from_meantime(path: Path) -> list[str]:
    out: list[str] = []
    for f in sorted(path.rglob("*.xml")):
        words: dict[str, list[str]] = {}
        for m in re.finditer(r'<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>', f.read_text(encoding="utf-8")):
            words.setdefault(m.group(1), []).append(m.group(2))
        out.extend(" ".join(w) for w in words.values())
    return out


def bench(name: str, sentences: list[str], *, repeat: int) -> None:
    published = dt.date(2018, 8, 6)
    for s in sentences[:50]:  # warm-up: compile patterns, fill caches
        find_times(s, published=published)
    found = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for s in sentences:
            found += len(find_times(s, published=published))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    n = len(sentences) * repeat
    # CPU time is shown too: on a shared machine wall time depends on the neighbours
    print(f"{name}: {n} sentences in {elapsed:.2f}s wall = {n / elapsed:,.0f} sentences/s "
          f"({n / cpu:,.0f}/s of CPU time; {found} expressions)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--meantime", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared/data/meantime_en/intra-doc_annotation")
    args = parser.parse_args()
    bench("sample", [s for s in SAMPLE.splitlines() if s.strip()], repeat=args.repeat)
    if args.meantime.exists():
        bench("meantime", sentences_from_meantime(args.meantime), repeat=max(1, args.repeat // 100))


if __name__ == "__main__":
    main()
