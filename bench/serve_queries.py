"""p50/p95 latency of the API's events and time-series queries over a large synthetic store.

    python bench/serve_queries.py [--events 1000000] [--repeat 40] [--db /tmp/dyad-bench.duckdb]

Fills a DuckDB store with synthetic events (random types, country pairs and dates, generated in
SQL), then times GET /api/events (actor-pair filter, first page) and GET /api/series (monthly
counts and intensity for a pair) through the real FastAPI app, in process. Target: p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dyad.model import EVENT_TYPES
from dyad.serve.app import create_app
from dyad.store import EventStore

COUNTRIES = ["USA", "PRK", "KOR", "CHN", "RUS", "UKR", "IRN", "ISR", "PSE", "IND", "PAK", "TUR", "SYR",
             "FRA", "DEU", "GBR", "JPN", "AFG", "IRQ", "SAU"]


def fill(db: Path, n: int) -> None:
    types = "[" + ", ".join(f"'{t}'" for t in EVENT_TYPES) + "]"
    codes = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    with EventStore(db) as store:
        store.run(f"""
            INSERT INTO events BY NAME
            SELECT 'ev' || i AS id, 'art' || (i // 5) AS article_id,
                   {types}[CAST(1 + (hash(i) % 16) AS BIGINT)] AS event_type,
                   [{codes}[CAST(1 + (hash(i * 7) % 20) AS BIGINT)]] AS actor_codes, ['GOV'] AS actor_sectors,
                   [{codes}[CAST(1 + (hash(i * 13) % 20) AS BIGINT)]] AS recipient_codes, ['GOV'] AS recipient_sectors,
                   'occurred' AS status, 3.0 AS factuality,
                   ((hash(i) % 21)::DOUBLE - 10) AS intensity,
                   DATE '2015-01-01' + CAST(hash(i * 3) % 3650 AS INTEGER) AS date_earliest,
                   DATE '2015-01-01' + CAST(hash(i * 3) % 3650 AS INTEGER) AS date_latest,
                   DATE '2015-01-01' + CAST(hash(i * 3) % 3650 AS INTEGER) AS published,
                   'synthetic sentence ' || i AS sentence, 'met' AS trigger,
                   json_object('id', 'ev' || i, 'article_id', 'art' || (i // 5), 'event_type', 'CONSULT',
                               'mentions', []) AS record
            FROM range({n}) t(i)
        """)


def timed(client: TestClient, url: str, params: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url, params=params)
        out.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, r.text
    return out


def summary(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return f"{name:<34} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dyad-bench.duckdb"))
    args = parser.parse_args()
    for suffix in ("", ".wal"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    fill(args.db, args.events)
    print(f"filled {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    client = TestClient(create_app(str(args.db)))
    pair = {"actor": "USA", "recipient": "PRK"}
    print(summary("GET /api/events (pair, page 1)", timed(client, "/api/events", pair, args.repeat)))
    print(summary("GET /api/events (type+since)", timed(client, "/api/events", {"type": "ASSAULT", "since": "2020-01-01"}, args.repeat)))
    print(summary("GET /api/series (pair, month)", timed(client, "/api/series", pair, args.repeat)))
    print(summary("GET /api/series (all, week)", timed(client, "/api/series", {"period": "week"}, args.repeat)))


if __name__ == "__main__":
    main()
