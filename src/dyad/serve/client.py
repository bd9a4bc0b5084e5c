"""Hand articles to a running ``dyad serve`` (the server owns the DuckDB file)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.model import Article, ArticleError


def send_to_server(
    paths: Iterable[str | Path],
    *,
    server: str,
    token: str | None,
    batch_size: int = 50,
    published: dt.date | None = None,
) -> dict[str, Any]:
    """Read inputs locally and POST them in batches to ``/api/articles/batch``."""
    import httpx

    from dyad.ingest import iter_inputs

    url = server.rstrip("/") + "/api/articles/batch"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    summary: dict[str, Any] = {"stored": 0, "already_stored": 0, "skipped": 0, "failed": 0, "messages": []}
    items = iter_inputs(paths, published=published)
    with httpx.Client(timeout=600) as client:
        while chunk := list(itertools.islice(items, batch_size)):
            payload = []
            for item in chunk:
                if isinstance(item, ArticleError):
                    summary["skipped" if item.skipped else "failed"] += 1
                    summary["messages"].append(item.message)
                elif isinstance(item, Article):
                    payload.append({"text": item.text, "url": item.url, "title": item.title,
                                    "source": item.source,
                                    "published": None if item.published_assumed or not item.published
                                    else item.published.isoformat()})
            if not payload:
                continue
            try:
                response = client.post(url, json=payload, headers=headers)
            except httpx.HTTPError as exc:
                raise DyadError(E.SERVER_UNREACHABLE, url=server, detail=str(exc)) from exc
            if response.status_code >= 400:
                try:
                    detail = response.json()["error"]["message"]
                except (ValueError, KeyError, TypeError):
                    detail = response.text[:200]
                raise DyadError(E.SERVER_REFUSED, url=server, detail=detail)
            for result in response.json()["items"]:
                if result["already_stored"]:
                    summary["already_stored"] += 1
                elif result["errors"]:
                    summary["failed"] += 1
                    summary["messages"].extend(e["message"] for e in result["errors"])
                else:
                    summary["stored"] += 1
    return summary
