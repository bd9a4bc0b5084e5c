"""Score a merged store against hand-listed clusters (``tests/data/sample_clusters.json``).

A gold cluster lists the articles (by slug) that report one real-world event, with its type (and
``alt_types`` a coder may defensibly choose instead) and actors. Each stored report is first
ASSIGNED to at most one gold cluster: among the clusters that list its article, those whose type
is compatible with the report's and whose participants include
one of its actor codes (when it has any; codes compared as PLOVER's country field, so dyad's
``G7`` is PLOVER's ``IGO``), the one of exactly its type, else the only compatible one; a report
that fits several equally well is left unassigned. So one AGREE report cannot stand for a summit,
an invitation and a concession at once.

A gold cluster is FOUND when one merged event holds reports assigned to it from every listed
article and no report assigned to another gold cluster, and EXTRACTABLE when every listed article
has an assigned report at all (otherwise the extraction stages, not merging, lost it). A merged event is IMPURE when it joins articles of
different stories, and CONFLATES when it holds reports assigned to different gold clusters (two
distinct events of one story taken as one).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from dyad.resolve.actor_codes import plover_code
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
        # PLOVER's country-field values, as the gold clusters list them (dyad's G7 is PLOVER's IGO)
        codes = {plover_code(c) or c for c in (*(actors or []), *(recipients or []))}
        per_cluster[cluster_id].append((event_id, slug_of.get(article_id, article_id), etype, codes))
    def types(g: dict[str, Any]) -> tuple[str, ...]:
        return (g["event_type"], *g.get("alt_types", ()))

    def fits(g: dict[str, Any], etype: str, codes: set[str]) -> bool:
        people = {c for c in (g.get("actor"), g.get("recipient"), *g.get("participants", [])) if c}
        return any(compatible_types(etype, t) for t in types(g)) and (not codes or bool(codes & people))

    def assign(slug: str, etype: str, codes: set[str]) -> str | None:
        fitting = [g for g in gold if slug in g["articles"] and fits(g, etype, codes)]
        pick = [g for g in fitting if etype in types(g)] or fitting
        return pick[0]["id"] if len(pick) == 1 else None

    assigned = {cid: [(s, assign(s, t, c)) for _, s, t, c in members] for cid, members in per_cluster.items()}
    gold_in = {cid: {a for _, a in pairs if a is not None} for cid, pairs in assigned.items()}
    results = []
    for g in gold:
        wanted = set(g["articles"])
        extractable = {s for pairs in assigned.values() for s, a in pairs if a == g["id"]}
        # found: one merged event holds the reports of every article, and no other gold event
        found = any(wanted <= {s for s, a in pairs if a == g["id"]} and gold_in[cid] == {g["id"]}
                    for cid, pairs in assigned.items())
        results.append({"id": g["id"], "found": found, "extractable": extractable == wanted,
                        "missing_articles": sorted(wanted - extractable)})
    conflated = sorted({tuple(sorted(ids)) for ids in gold_in.values() if len(ids) > 1})
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
            "impure": impure, "clusters": results, "conflated": [list(c) for c in conflated]}
