"""Score a merged store against hand-listed clusters (``tests/data/sample_clusters.json``).

A gold cluster lists the articles (by slug) that report one real-world event, with its type and
actors. It is FOUND when one merged event holds, from every listed article, a report whose type is
compatible with the gold type and whose actor codes (when it has any) include a gold participant.
It is EXTRACTABLE when every listed article has such a report at all (otherwise the extraction
stages, not merging, lost it). A merged event is IMPURE when it joins articles of different stories.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from dyad.resolve.merge import compatible_types
from dyad.store.duckdb_store import EventStore

_SLUG = re.compile(r"#([^#]+)$")


def _story(slug: str) -> str:
    return re.sub(r"-\d+$", "", slug)


def score_clusters(store: EventStore, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Found/extractable counts per gold cluster, and impure merged events (articles keyed by the
    ``#slug`` ending of their ``origin``, as ``dyad ingest`` records JSONL lines with a slug)."""
    slug_of = {}
    for article_id, origin in store.run("SELECT id, origin FROM articles"):
        match = _SLUG.search(origin or "")
        if match:
            slug_of[article_id] = match.group(1)
    rows = store.run("SELECT e.id, e.article_id, e.event_type, e.actor_codes, e.recipient_codes, c.cluster_id "
                     "FROM events e JOIN event_clusters c ON c.event_id = e.id")
    per_cluster: dict[str, list[tuple[str, str, str, set[str]]]] = defaultdict(list)
    for event_id, article_id, etype, actors, recipients, cluster_id in rows:
        codes = set(actors or []) | set(recipients or [])
        per_cluster[cluster_id].append((event_id, slug_of.get(article_id, article_id), etype, codes))
    results = []
    for g in gold:
        people = {c for c in (g.get("actor"), g.get("recipient"), *g.get("participants", [])) if c}
        wanted = set(g["articles"])

        def fits(etype: str, codes: set[str], g: dict[str, Any] = g, people: set[str] = people) -> bool:
            return compatible_types(etype, g["event_type"]) and (not codes or bool(codes & people))

        extractable = {s for members in per_cluster.values() for _, s, t, c in members if s in wanted and fits(t, c)}
        found = any(wanted <= {s for _, s, t, c in members if fits(t, c)} for members in per_cluster.values())
        results.append({"id": g["id"], "found": found, "extractable": extractable == wanted,
                        "missing_articles": sorted(wanted - extractable)})
    impure = []
    for cluster_id, members in per_cluster.items():
        stories = {_story(s) for _, s, _, _ in members}
        if len(stories) > 1:
            impure.append({"cluster_id": cluster_id, "articles": sorted({s for _, s, _, _ in members})})
    n_found = sum(r["found"] for r in results)
    n_extractable = sum(r["extractable"] for r in results)
    return {"n": len(results), "found": n_found, "extractable": n_extractable,
            "accuracy": n_found / len(results) if results else 0.0,
            "accuracy_extractable": n_found / n_extractable if n_extractable else 0.0,
            "impure": impure, "clusters": results}
