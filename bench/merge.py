"""Measure cross-article merging on synthetic events: a full merge of N events, then an incremental one.

    python bench/merge.py [--events 100000] [--incremental 1000] [--small 10] [--seed 7] [--db PATH]

Synthetic world: real-world events (type, actor and recipient codes, day, place, a few event
words), each reported by 1-5 articles from 12 publishers with their own wording; 40 countries,
3 years. Prints the wall and CPU time of each phase (the machine may be shared: CPU time is the
steadier figure; it counts DuckDB's threads too), then a small incremental merge (``--small`` new
events, as after a short ingest) and how well the clusters recover the generated events (pairwise
precision/recall); asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.store.clusters import merge_store  # noqa: E402
from dyad.store.duckdb_store import EventStore  # noqa: E402
from dyad.store.rows import TableRows  # noqa: E402

TYPES = ["CONSULT", "AGREE", "SUPPORT", "ASSAULT", "COERCE", "PROTEST", "ACCUSE", "REQUEST", "AID", "SANCTION"]
COUNTRIES = [f"C{i:02d}" for i in range(40)]
PUBLISHERS = [f"Publisher {i}" for i in range(12)]
WORDS = ("summit talks border missile strike convoy protest march sanctions embargo ceasefire truce deal "
         "treaty envoy minister president army police rebels capital port airfield bridge oil gas grain "
         "election parliament court prisoners hostages refugees drones artillery navy pipeline loan").split()
FILLER = "officials said on the day while reporters waited near the building as crowds gathered".split()
START = dt.date(2020, 1, 1)


def world(n_events: int, rnd: random.Random) -> list[dict[str, Any]]:
    """Event reports (one dict per report), about ``n_events`` of them."""
    reports: list[dict[str, Any]] = []
    k = 0
    while len(reports) < n_events:
        etype = rnd.choice(TYPES)
        actor, recipient = rnd.sample(COUNTRIES, 2)
        day = START + dt.timedelta(days=rnd.randrange(3 * 365))
        words = [*rnd.sample(WORDS, 4), f"Place{rnd.randrange(500)}"]
        for _ in range(rnd.choice([1, 1, 2, 2, 3, 4, 5])):
            text = " ".join(rnd.sample(words, 4) + rnd.sample(FILLER, 3))
            precise = rnd.random() < 0.6
            reports.append({"world": k, "type": etype, "actor": actor, "recipient": recipient,
                            "day": day if precise else None,
                            "published": day + dt.timedelta(days=rnd.randrange(0, 3)),
                            "publisher": rnd.choice(PUBLISHERS), "text": text.capitalize() + ".",
                            "status": rnd.choice(["occurred", "occurred", "planned"])})
        k += 1
    return reports[:n_events]


def rows_for(reports: list[dict[str, Any]], offset: int) -> TableRows:
    rows = TableRows()
    now = dt.datetime(2026, 1, 1)
    for i, r in enumerate(reports, start=offset):
        art, eid = f"a{i:07d}", f"e{i:07d}"
        rows.articles.append({"id": art, "url": None, "title": None, "source": r["publisher"],
                              "published": r["published"], "published_assumed": False, "language": "en",
                              "origin": f"synthetic:{i}", "text": r["text"], "status": "coded", "n_events": 1,
                              "ingested_at": now})
        day = r["day"]
        record = {"id": eid, "article_id": art, "event_type": r["type"], "status": r["status"],
                  "actor": [{"text": r["actor"], "code": r["actor"]}],
                  "recipient": [{"text": r["recipient"], "code": r["recipient"]}],
                  "date": {"earliest": day.isoformat(), "latest": day.isoformat(), "precision": "day"} if day else None,
                  "location": None,
                  "mentions": [{"sentence": {"text": r["text"], "span": [0, len(r["text"])]},
                                "trigger": {"text": r["text"].split()[0], "span": [0, 1]},
                                "article_id": art, "status": r["status"]}]}
        rows.events.append({"id": eid, "article_id": art, "event_type": r["type"], "actor_codes": [r["actor"]],
                            "recipient_codes": [r["recipient"]], "status": r["status"],
                            "date_earliest": day, "date_latest": day, "date_precision": "day" if day else "report",
                            "sentence": r["text"], "published": r["published"], "confidence": 0.8,
                            "record": json.dumps(record)})
        rows.event_mentions.append({"event_id": eid, "idx": 0, "article_id": art, "sentence": r["text"],
                                    "sentence_start": 0, "sentence_end": len(r["text"]), "trigger_start": 0,
                                    "trigger_end": len(r["text"].split()[0]), "status": r["status"]})
    return rows


def pairwise(store: EventStore, truth: dict[str, int]) -> tuple[float, float]:
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for e, c in store.run("SELECT event_id, cluster_id FROM event_clusters"):
        by_cluster[c].append(e)
    by_world: dict[int, int] = defaultdict(int)
    for w in truth.values():
        by_world[w] += 1
    gold_pairs = sum(n * (n - 1) // 2 for n in by_world.values())
    sys_pairs = correct = 0
    for members in by_cluster.values():
        sys_pairs += len(members) * (len(members) - 1) // 2
        counts: dict[int, int] = defaultdict(int)
        for e in members:
            counts[truth[e]] += 1
        correct += sum(n * (n - 1) // 2 for n in counts.values())
    return (correct / sys_pairs if sys_pairs else 1.0), (correct / gold_pairs if gold_pairs else 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--incremental", type=int, default=1_000)
    ap.add_argument("--small", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    reports = world(args.events + args.incremental, rnd)
    rnd.shuffle(reports)  # new articles arrive in any order
    truth = {f"e{i:07d}": r["world"] for i, r in enumerate(reports)}
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "merge_bench.duckdb"
        store = EventStore(db)
        t = time.perf_counter()
        store.write_rows(rows_for(reports[:args.events], 0))
        print(f"wrote {args.events:,} events in {time.perf_counter() - t:.1f} s")
        cpu = time.process_time()
        full = merge_store(store, incremental=False)
        print(f"full merge of {args.events:,} events: {full['seconds']:.1f} s, cpu {time.process_time() - cpu:.1f} s "
              f"({full['links']:,} links, {full['clusters_rebuilt']:,} clusters)")
        store.write_rows(rows_for(reports[args.events:], args.events))
        cpu = time.process_time()
        inc = merge_store(store)
        print(f"incremental merge of {inc['new_events']:,} new events: {inc['seconds']:.1f} s, "
              f"cpu {time.process_time() - cpu:.1f} s "
              f"({inc['links']:,} new links, {inc['clusters_rebuilt']:,} clusters rebuilt)")
        precision, recall = pairwise(store, truth)
        if args.small:
            # other real-world events than the ones above (their own generator): a short ingest
            extra = world(args.small, random.Random(args.seed + 1))
            store.write_rows(rows_for(extra, args.events + args.incremental))
            cpu = time.process_time()
            small = merge_store(store)
            print(f"incremental merge of {small['new_events']:,} new events: {small['seconds']:.2f} s, "
                  f"cpu {time.process_time() - cpu:.2f} s ({small['links']:,} new links, "
                  f"{small['clusters_rebuilt']:,} clusters rebuilt)")
        print(f"pairwise precision {precision:.3f}, recall {recall:.3f} against the generated events")
        store.close()


if __name__ == "__main__":
    main()
