"""The DuckDB schema and its migrations.

``SCHEMA_VERSION`` is stored in the ``meta`` table. Each migration moves a database from version
``n - 1`` to ``n``; opening an older database applies the missing ones in order, and a newer one
is refused with a clear message.
"""

from __future__ import annotations

SCHEMA_VERSION = 3

# One list of statements per version. Never edit a released migration: add a new one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS articles (
            id VARCHAR PRIMARY KEY,
            url VARCHAR, title VARCHAR, source VARCHAR,
            published DATE, published_assumed BOOLEAN,
            language VARCHAR, origin VARCHAR, text VARCHAR,
            status VARCHAR NOT NULL,          -- coded | failed
            n_events INTEGER NOT NULL,
            ingested_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS events (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            event_type VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR, contexts VARCHAR[],
            actor_codes VARCHAR[], actor_sectors VARCHAR[], actor_names VARCHAR[], actor_text VARCHAR,
            recipient_codes VARCHAR[], recipient_sectors VARCHAR[], recipient_names VARCHAR[],
            recipient_text VARCHAR,
            status VARCHAR, factuality DOUBLE, intensity DOUBLE,
            date_value VARCHAR, date_earliest DATE, date_latest DATE, date_precision VARCHAR,
            location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT,
            sources VARCHAR[],
            confidence DOUBLE, coder VARCHAR, coder_version VARCHAR, ontology VARCHAR,
            sentence VARCHAR, trigger VARCHAR,
            published DATE,
            record JSON NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS event_mentions (
            event_id VARCHAR NOT NULL, idx INTEGER NOT NULL, article_id VARCHAR NOT NULL,
            sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR,
            trigger_start INTEGER, trigger_end INTEGER, trigger VARCHAR, status VARCHAR,
            PRIMARY KEY (event_id, idx)
        )""",
        """CREATE TABLE IF NOT EXISTS entities (
            article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
            start_char INTEGER, end_char INTEGER, text VARCHAR,
            code VARCHAR, sector VARCHAR, name VARCHAR, role VARCHAR, kb_id VARCHAR, kind VARCHAR,
            PRIMARY KEY (article_id, idx)
        )""",
        """CREATE TABLE IF NOT EXISTS attributions (
            article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
            source_text VARCHAR, source_start INTEGER, source_end INTEGER,
            source_code VARCHAR, source_sector VARCHAR,
            cue_text VARCHAR, cue_start INTEGER, cue_end INTEGER,
            content_start INTEGER, content_end INTEGER, kind VARCHAR, parent INTEGER,
            PRIMARY KEY (article_id, idx)
        )""",
        """CREATE TABLE IF NOT EXISTS errors (
            key VARCHAR PRIMARY KEY,
            article_id VARCHAR, origin VARCHAR, stage VARCHAR, code VARCHAR, message VARCHAR,
            skipped BOOLEAN, recorded_at TIMESTAMP
        )""",
        """CREATE INDEX IF NOT EXISTS events_article ON events (article_id)""",
        """CREATE INDEX IF NOT EXISTS events_type ON events (event_type)""",
        """CREATE INDEX IF NOT EXISTS events_date ON events (date_earliest)""",
    ],
    # 2: cross-article event merging (dyad.store.clusters): links between reports of one event,
    # each event's cluster, and one merged row per cluster with its corroboration counts.
    2: [
        """CREATE TABLE IF NOT EXISTS event_links (
            event_a VARCHAR NOT NULL, event_b VARCHAR NOT NULL, score DOUBLE NOT NULL,
            PRIMARY KEY (event_a, event_b)
        )""",
        """CREATE TABLE IF NOT EXISTS event_clusters (
            event_id VARCHAR PRIMARY KEY, cluster_id VARCHAR NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS merged_events (
            cluster_id VARCHAR PRIMARY KEY,
            event_type VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR, contexts VARCHAR[],
            actor_codes VARCHAR[], actor_sectors VARCHAR[], actor_names VARCHAR[], actor_text VARCHAR,
            recipient_codes VARCHAR[], recipient_sectors VARCHAR[], recipient_names VARCHAR[],
            recipient_text VARCHAR,
            status VARCHAR, statuses VARCHAR[], factuality DOUBLE, intensity DOUBLE,
            date_value VARCHAR, date_earliest DATE, date_latest DATE, date_precision VARCHAR,
            location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT,
            sources VARCHAR[], confidence DOUBLE, sentence VARCHAR, trigger VARCHAR,
            published DATE, last_published DATE,
            n_events INTEGER NOT NULL, n_mentions INTEGER NOT NULL,
            n_articles INTEGER NOT NULL, n_publishers INTEGER NOT NULL,
            event_ids VARCHAR[], article_ids VARCHAR[], publishers VARCHAR[],
            record JSON NOT NULL
        )""",
        """CREATE INDEX IF NOT EXISTS event_clusters_cluster ON event_clusters (cluster_id)""",
        """CREATE INDEX IF NOT EXISTS merged_events_date ON merged_events (date_earliest)""",
    ],
    # 3: MiniLM embeddings of event evidence (merging with the minilm backend), computed once per
    # event and model so that incremental merges embed only new events.
    3: [
        """CREATE TABLE IF NOT EXISTS event_vectors (
            event_id VARCHAR NOT NULL, model VARCHAR NOT NULL, vector FLOAT[] NOT NULL,
            PRIMARY KEY (event_id, model)
        )""",
    ],
}
