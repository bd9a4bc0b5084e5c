"""One reader per input format. Each turns bytes or a byte stream into articles.

Readers yield ``Article`` or ``Failure`` (a catalogue error and where it happened) per item,
so that one bad line, record or entry never stops the rest. Multi-article formats (JSONL,
WARC) are read as streams and never held in memory whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from dyad.errors import DyadError, E
from dyad.ingest.build import IngestOptions, make_article
from dyad.ingest.html import extract_html, markup_text
from dyad.ingest.text import SNIFF_BYTES, binary_reason, decode_bytes, read_bounded
from dyad.model import Article


@dataclass(frozen=True, slots=True)
class Failure:
    """An item that could not be coded: the catalogue error and the item's origin."""

    error: DyadError
    origin: str


Item = Article | Failure
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _attempt(where: str, build: Callable[..., Article], /, *args: Any, **kwargs: Any) -> Item:
    """Run one item's builder and turn a catalogue error into a ``Failure`` for that item."""
    try:
        return build(*args, **kwargs)
    except DyadError as exc:
        return Failure(exc, where)


def text_item(data: bytes, *, origin: str, options: IngestOptions) -> Item:
    """A plain-text file (already size- and binary-checked) as one article."""
    return _attempt(origin, make_article, decode_bytes(data), options=options, origin=origin)


def html_item(
    data: bytes | str,
    *,
    origin: str,
    options: IngestOptions,
    url: str | None = None,
    own_date: object = None,
    title: str | None = None,
    source: str | None = None,
    fallback_date: object = None,
    charset: str | None = None,
) -> Item:
    """An HTML page as one article.

    The caller's fields win over what the page says; ``fallback_date`` (a WARC's crawl date)
    is used only when neither the caller nor the page gives a date.
    """

    def build() -> Article:
        page = extract_html(data, url=url, origin=origin, charset=charset)
        return make_article(page.text, options=options, origin=origin,
                            own_date=own_date or page.date or fallback_date, url=url or page.url,
                            title=title or page.title, source=source or page.sitename)

    return _attempt(origin, build)


def jsonl_items(stream: BinaryIO, *, origin: str, options: IngestOptions) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, and optional ``url``, ``title``,
    ``published``, ``source`` and ``id``/``slug``. Blank lines are ignored."""
    cap = options.markup_limit + 4096
    line_no = 0
    seen_record = False
    while line := stream.readline(cap + 1):
        line_no += 1
        where = f"{origin}:{line_no}"
        if len(line) > cap and not line.endswith(b"\n"):
            size = len(line) + _drain_line(stream)
            error = DyadError(E.TOO_LARGE, origin=where, size=size, limit=cap)
            yield Failure(error, where)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(decode_bytes(line))
        except json.JSONDecodeError as exc:
            if not seen_record and line.strip() in (b"[", b"{"):
                # A pretty-printed JSON document: one clear reason instead of one per line.
                yield Failure(DyadError(E.JSON_DOCUMENT, origin=origin), origin)
                return
            detail = f"{exc.msg} at column {exc.colno}"
            yield Failure(DyadError(E.BAD_JSONL_LINE, origin=origin, line=line_no, detail=detail), where)
            continue
        seen_record = True
        if not isinstance(record, dict):
            detail = f"a JSON {type(record).__name__} instead of an object"
            yield Failure(DyadError(E.BAD_JSONL_LINE, origin=origin, line=line_no, detail=detail), where)
            continue
        yield record_item(record, origin=origin, line=line_no, options=options)


def _drain_line(stream: BinaryIO, chunk: int = 1 << 20) -> int:
    """Skip the rest of an over-long line; return how many characters it had."""
    size = 0
    while part := stream.readline(chunk):
        size += len(part)
        if part.endswith(b"\n"):
            break
    return size


def record_item(record: dict[str, Any], *, origin: str, line: int, options: IngestOptions) -> Item:
    """One JSON object (a JSONL line) as an article."""
    where = f"{origin}:{line}"
    key = record.get("id") or record.get("slug")
    if isinstance(key, str | int) and not isinstance(key, bool):
        where = f"{where}#{key}"
    fields = {name: _string(record.get(name)) for name in ("url", "title", "source")}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        if len(text) > options.max_chars:
            return Failure(DyadError(E.TOO_LARGE, origin=where, size=len(text), limit=options.max_chars),
                           where)
        return _attempt(where, make_article, text, options=options, origin=where,
                        own_date=record.get("published"), **fields)
    if isinstance(html, str) and html.strip():
        if len(html) > options.markup_limit:
            error = DyadError(E.TOO_LARGE, origin=where, size=len(html), limit=options.markup_limit)
            return Failure(error, where)
        return html_item(html, origin=where, options=options, own_date=record.get("published"),
                         **fields)
    if isinstance(text, str) or isinstance(html, str):
        return Failure(DyadError(E.EMPTY_INPUT, origin=where), where)
    return Failure(DyadError(E.JSONL_NO_TEXT, origin=origin, line=line), where)


def _string(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def warc_items(stream: BinaryIO, *, origin: str, options: IngestOptions) -> Iterator[Item]:
    """Articles from the HTTP responses with HTML payloads in a WARC file (plain or gzip).

    Other records (requests, metadata, images, redirects, error pages) are crawl plumbing,
    not articles, and are passed over. The page's own date wins over the WARC-Date (the day
    it was crawled).
    """
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            where = f"{origin}#{number}"
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            content_type = (record.http_headers.get_header("Content-Type") or "text/html").lower()
            if not status.startswith("2") or "html" not in content_type:
                continue
            try:
                data, size = read_bounded(record.content_stream(), options.markup_limit)
            # a damaged record (bad chunking or compression) spoils only itself
            except (OSError, EOFError, ValueError) as exc:
                yield Failure(DyadError(E.BAD_WARC, origin=where, detail=_describe(exc)), where)
                continue
            if data is None:
                yield Failure(DyadError(E.TOO_LARGE, origin=where, size=size, limit=options.markup_limit),
                              where)
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if isinstance(missing, int) and missing > 0:  # the file ends inside this record
                detail = f"truncated, {missing:,} bytes missing"
                yield Failure(DyadError(E.BAD_WARC, origin=where, detail=detail), where)
                continue
            yield _warc_page(record, data, where, options)
    # warcio raises its own ArchiveLoadFailed and plain I/O errors on a broken archive; the
    # records already read stay read, the rest of the file cannot be reached.
    except Exception as exc:
        where = f"{origin}#{number + 1}"
        yield Failure(DyadError(E.BAD_WARC, origin=where, detail=_describe(exc)), where)


def _warc_page(record: Any, data: bytes, where: str, options: IngestOptions) -> Item:
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason:
        return Failure(DyadError(E.BINARY_INPUT, origin=where, detail=reason), where)
    content_type = record.http_headers.get_header("Content-Type") or ""
    charset = _CHARSET.search(content_type)
    return html_item(data, origin=where, options=options,
                     url=record.rec_headers.get_header("WARC-Target-URI"),
                     fallback_date=record.rec_headers.get_header("WARC-Date"),
                     charset=charset.group(1) if charset else None)


def feed_items(data: bytes, *, origin: str, options: IngestOptions) -> Iterator[Item]:
    """Articles from an RSS or Atom feed file: each entry's content (else summary) as text."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            detail = _describe(parsed.get("bozo_exception")) or "malformed XML"
            yield Failure(DyadError(E.BAD_FEED, origin=origin, detail=detail), origin)
        elif not parsed.get("version"):
            yield Failure(DyadError(E.BAD_FEED, origin=origin, detail="no <rss> or <feed> root"), origin)
        else:
            yield Failure(DyadError(E.EMPTY_INPUT, origin=origin), origin)
        return
    source = parsed.get("feed", {}).get("title") or None
    for number, entry in enumerate(entries, 1):
        where = f"{origin}#{number}"
        yield _attempt(where, _feed_article, entry, origin=where, source=source, options=options)


def _feed_article(entry: Any, *, origin: str, source: str | None, options: IngestOptions) -> Article:
    body, kind = "", "text/html"
    contents = entry.get("content") or []
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        body, kind = best.get("value") or "", best.get("type") or kind
    if not body.strip():
        detail = entry.get("summary_detail") or {}
        body, kind = entry.get("summary") or "", detail.get("type") or kind
    if len(body) > options.markup_limit:
        raise DyadError(E.TOO_LARGE, origin=origin, size=len(body), limit=options.markup_limit)
    text = body if kind == "text/plain" else markup_text(body)
    own_date = entry.get("published_parsed") or entry.get("updated_parsed")
    if own_date is None:
        own_date = entry.get("published") or entry.get("updated")
    return make_article(text, options=options, origin=origin, own_date=own_date,
                        url=entry.get("link"), title=entry.get("title"), source=source)


def _describe(exc: object) -> str:
    if exc is None:
        return ""
    if isinstance(exc, BaseException):
        message = " ".join(str(exc).split())
        return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return str(exc)
