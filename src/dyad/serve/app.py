"""The REST API and web UI (``dyad serve``): a thin layer over :class:`dyad.store.EventStore`.

The server owns the DuckDB file: it opens it once for reading and writing, so other processes
hand articles over through ``POST /api/articles`` (``dyad ingest --server URL``) rather than
opening the file. Write endpoints need an API token; with none configured the server is
read-only. CORS is off unless origins are given. Every error has one JSON shape:
``{"error": {"code": ..., "message": ..., "status": ...}}``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad.errors import DyadError
from dyad.model import EVENT_TYPES, STATUSES, Article
from dyad.store import EventStore
from dyad.store.clusters import count_merged_events, merge_store, query_merged_events
from dyad.version import __version__

MAX_BODY_BYTES = 2_000_000
MAX_BATCH = 100
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Period = Literal["day", "week", "month", "year"]


class ArticleIn(BaseModel):
    """An article to code and store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1_000_000)
    published: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _send_json(send, 413, _error_body("E050", f"request body over {self.limit:,} bytes", 413))
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"request body over {self.limit:,} bytes")
            return message

        await self.app(scope, limited, send)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


def _error_body(code: str, message: str, status: int) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def _clean(value: str | None) -> str | None:
    """Query strings go to SQL as parameters; NUL characters are dropped (DuckDB refuses them)."""
    return value.replace("\x00", "") if value else value


def create_app(
    db: str = "dyad.duckdb",
    *,
    token: str | None = None,
    cors_origins: list[str] | None = None,
    max_body: int = MAX_BODY_BYTES,
    pipeline_config: dict[str, Any] | None = None,
) -> FastAPI:
    """Build the app over the store at ``db`` (created if missing)."""
    token = token if token is not None else os.environ.get("DYAD_API_TOKEN") or None
    store = EventStore(db)
    write_lock = threading.Lock()
    # The store lives as long as the process (app.state.store.close() to release it earlier).
    app = FastAPI(title="dyad", version=__version__,
                  description="Political event data: events, actors, time series and evidence.")
    app.state.store = store
    app.add_middleware(BodyLimit, limit=max_body)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(_error_body(f"HTTP{exc.status_code}", str(exc.detail), exc.status_code),
                            status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse(_error_body("E051", detail, 422), status_code=422)

    @app.exception_handler(DyadError)
    async def dyad_error(_: Request, exc: DyadError) -> JSONResponse:
        return JSONResponse(_error_body(exc.code, exc.message, 400), status_code=400)

    def require_token(authorization: str | None = Header(default=None),
                      x_api_token: str | None = Header(default=None)) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only: start it with --token (or DYAD_API_TOKEN) to allow writes")
        given = x_api_token or (authorization[7:] if authorization and authorization.startswith("Bearer ") else None)
        if not given or not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong API token (send 'Authorization: Bearer <token>')")

    def filters(
        actor: str | None = Query(None, max_length=100, description="Actor code, sector or name"),
        recipient: str | None = Query(None, max_length=100),
        type: EventType | None = Query(None, description="PLOVER event type"),
        status: Status | None = Query(None),
        since: dt.date | None = Query(None),
        until: dt.date | None = Query(None),
        q: str | None = Query(None, max_length=200, description="Text search in evidence and actors"),
    ) -> dict[str, Any]:
        return {"actor": _clean(actor), "recipient": _clean(recipient), "event_type": type,
                "status": status, "since": since, "until": until, "text": _clean(q)}

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "writable": token is not None}

    @app.get("/api/events")
    def list_events(f: dict[str, Any] = Depends(filters), limit: int = Query(50, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=10**9),
                    view: Literal["merged", "mentions"] = Query(
                        "merged", description="merged: one row per real-world event; mentions: one per report"),
                    min_publishers: int | None = Query(None, ge=1, le=1000)) -> dict[str, Any]:
        if view == "mentions":
            items = store.query_events(limit=limit, offset=offset, **f)
            total = store.count_events(**f)
        else:
            items = query_merged_events(store, limit=limit, offset=offset, min_publishers=min_publishers, **f)
            total = count_merged_events(store, min_publishers=min_publishers, **f)
        return {"total": total, "view": view, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/events/{event_id}")
    def get_event(event_id: str) -> dict[str, Any]:
        """One report-level event with its article; ``merged`` is the real-world event it belongs to."""
        event = store.get_event(_clean(event_id) or "")
        if event is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        cluster = store.con.cursor().execute(
            "SELECT m.record FROM event_clusters c JOIN merged_events m ON m.cluster_id = c.cluster_id "
            "WHERE c.event_id = ?", [event["id"]]).fetchall()
        return {"event": event, "article": store.get_article(event["article_id"]),
                "merged": json.loads(cluster[0][0]) if cluster else None}

    @app.get("/api/articles")
    def list_articles(q: str | None = Query(None, max_length=200), limit: int = Query(50, ge=1, le=1000),
                      offset: int = Query(0, ge=0, le=10**9)) -> dict[str, Any]:
        total, items = store.list_articles(q=_clean(q), limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: str) -> dict[str, Any]:
        article = store.get_article(_clean(article_id) or "")
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        events = store.query_events(article_id=article["id"], limit=None)
        return {"article": article, "events": events}

    def code_and_store(items: list[ArticleIn]) -> list[dict[str, Any]]:
        import dyad

        pipeline = dyad.get_pipeline(**(pipeline_config or {}))
        articles = [Article.create(i.text, published=i.published, url=i.url, title=i.title, source=i.source)
                    for i in items]
        with write_lock:
            known = store.known_articles(a.id for a in articles)
            fresh = [a for a in articles if a.id not in known]
            docs = list(pipeline.pipe(fresh)) if fresh else []
            store.write(docs)
            if docs:
                merge_store(store)
        by_id = {d.article.id: d for d in docs}
        out = []
        for art in articles:
            doc = by_id.get(art.id)
            out.append({"article_id": art.id, "stored": doc is not None,
                        "already_stored": art.id in known,
                        "events": len(doc.events) if doc else None,
                        "errors": [e.to_dict() for e in doc.errors] if doc else []})
        return out

    @app.post("/api/articles", dependencies=[Depends(require_token)], status_code=201)
    def post_article(item: ArticleIn) -> dict[str, Any]:
        return code_and_store([item])[0]

    @app.post("/api/articles/batch", dependencies=[Depends(require_token)], status_code=201)
    def post_articles(items: list[ArticleIn]) -> dict[str, Any]:
        if len(items) > MAX_BATCH:
            raise HTTPException(413, f"at most {MAX_BATCH} articles per batch")
        return {"items": code_and_store(items)}

    @app.get("/api/series")
    def series(f: dict[str, Any] = Depends(filters), period: Period = Query("month"),
               directed: bool = Query(False)) -> dict[str, Any]:
        actor, recipient = f.pop("actor"), f.pop("recipient")
        return {"period": period, "items": store.series(actor=actor, recipient=recipient, period=period,
                                                        symmetric=not directed, **f)}

    @app.get("/api/dyads")
    def dyads(limit: int = Query(20, ge=1, le=500)) -> dict[str, Any]:
        return {"items": store.dyads(limit=limit)}

    @app.get("/api/export")
    def export(format: Literal["jsonl", "plover"] = Query("jsonl")) -> StreamingResponse:
        from dyad.export.writers import iter_records, plover_record

        def lines() -> Iterator[bytes]:
            for record, article in iter_records(store):
                row = plover_record(record, article) if format == "plover" else record
                yield (json.dumps(row, ensure_ascii=False) + "\n").encode()

        return StreamingResponse(lines(), media_type="application/x-ndjson",
                                 headers={"Content-Disposition": f'attachment; filename="events.{format}.jsonl"'})

    ui = resources.files("dyad") / "serve" / "ui"

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((ui / "index.html").read_text(encoding="utf-8"), headers=_SECURITY_HEADERS)

    @app.get("/ui/{name}", include_in_schema=False)
    def ui_file(name: str) -> Response:
        kinds = {"app.js": "text/javascript", "style.css": "text/css"}
        if name not in kinds:
            raise HTTPException(404, "no such file")
        return Response((ui / name).read_text(encoding="utf-8"), media_type=kinds[name], headers=_SECURITY_HEADERS)

    return app


# Article text is untrusted: the UI inserts it as text nodes only, and the CSP forbids inline script.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

