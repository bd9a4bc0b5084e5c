"""Print, for each expected cluster of ``tests/data/sample_clusters.json``, the candidate reports
dyad extracted from its articles (type, actor/recipient codes, date window, status, cluster) and
the merge score of each cross-article pair: where a cluster breaks, and why.

Usage: python scripts/diagnose_sample_clusters.py [--db PATH] [--only ID ...] [--text]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from importlib import resources
from pathlib import Path

from dyad.jobs import ingest
from dyad.resolve.merge import MergeSettings, compatible_types, score_pair
from dyad.resolve.merge_eval import _SLUG, score_clusters
from dyad.store.clusters import load_items, merge_store
from dyad.store.duckdb_store import EventStore

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an already ingested sample database (else ingest one)")
    parser.add_argument("--only", nargs="*", default=None, help="cluster ids to show (found or not)")
    parser.add_argument("--all", action="store_true", help="show found clusters too")
    parser.add_argument("--text", action="store_true", help="print each report's compared own words and focus")
    args = parser.parse_args()
    gold = json.loads((ROOT / "tests" / "data" / "sample_clusters.json").read_text(encoding="utf-8"))["clusters"]
    db = args.db or Path(tempfile.mkdtemp()) / "sample.duckdb"
    if args.db is None:
        ingest([str(resources.files("dyad") / "data" / "sample_corpus.jsonl")], db=db)
    store = EventStore(db)
    settings = MergeSettings()
    merge_store(store)
    report = {r["id"]: r for r in score_clusters(store, gold)["clusters"]}
    slug_of = {a: m.group(1) for a, o in store.run("SELECT id, origin FROM articles") if (m := _SLUG.search(o or ""))}
    rows = store.run(
        "SELECT e.id, e.article_id, e.event_type, e.actor_codes, e.recipient_codes, e.date_earliest, "
        "e.date_latest, e.date_precision, a.published, e.status, e.geonameid, e.location_name, "
        "e.location_country, e.sentence, a.source, c.cluster_id "
        "FROM events e JOIN articles a ON a.id = e.article_id JOIN event_clusters c ON c.event_id = e.id")
    cols = ["id", "article_id", "event_type", "actor_codes", "recipient_codes", "date_earliest", "date_latest",
            "date_precision", "published", "status", "geonameid", "location_name", "location_country",
            "sentence", "publisher", "cluster_id"]
    events = [dict(zip(cols, r, strict=True)) for r in rows]
    for g in gold:
        result = report[g["id"]]
        if (g["id"] not in args.only) if args.only else (result["found"] and not args.all):
            continue
        print(f"\n=== {g['id']} {g['event_type']} {g.get('actor')}->{g.get('recipient')} {g.get('date')} "
              f"found={result['found']} extractable={result['extractable']}")
        cands = [e for e in events if slug_of.get(e["article_id"]) in g["articles"]
                 and compatible_types(e["event_type"], g["event_type"])]
        for e in sorted(cands, key=lambda e: (slug_of[e["article_id"]], e["id"])):
            print(f"  {e['id'][:6]} {slug_of[e['article_id']]:<18} {e['event_type']:<9} {e['actor_codes']}->{e['recipient_codes']} "
                  f"{e['date_earliest']}..{e['date_latest']} ({e['date_precision']}) {e['status']} "
                  f"cl={e['cluster_id'][:8]} | {e['sentence'][:110]}")
        stored = {it.id: it for it in load_items(store, ids=[e["id"] for e in cands])}  # the text merging reads
        items = {e["id"]: stored[e["id"]] for e in cands}
        if args.text:
            for e_id, it in sorted(items.items()):
                print(f"    {e_id[:6]} own words: {it.text[:160]}\n           focus:     {it.focus[:160]}")
        ids = sorted(items)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if items[a].article_id != items[b].article_id:
                    s = score_pair(items[a], items[b], settings=settings)
                    print(f"    {a[:6]} x {b[:6]}: "
                          f"{'blocked' if s is None else round(s, 3)}")
    store.close()


if __name__ == "__main__":
    main()
