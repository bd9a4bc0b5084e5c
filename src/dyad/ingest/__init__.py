"""Ingest: files, folders, JSONL, WARC, feeds and stdin to ``Article`` records.

``iter_inputs`` is for batch runs: it never raises for a bad item but yields an
``ArticleError`` with a catalogue code and goes on. ``read_article`` and
``article_from_html`` are for one article and raise ``DyadError`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from dyad.errors import DyadError, E
from dyad.ingest.build import IngestOptions, error_record, make_article
from dyad.ingest.dates import parse_date
from dyad.ingest.html import extract_html
from dyad.ingest.language import detect_language
from dyad.ingest.readers import Failure, Item
from dyad.ingest.sources import FORMATS, STDIN, input_items, path_items, stdin_items
from dyad.ingest.text import binary_reason, decode_bytes
from dyad.model import Article, ArticleError

__all__ = [
    "FORMATS",
    "article_from_html",
    "binary_reason",
    "decode_bytes",
    "detect_language",
    "iter_inputs",
    "parse_date",
    "read_article",
]


def _options(*, max_chars: int, published: dt.date | str | None, detect_language: bool) -> IngestOptions:
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise DyadError(E.BAD_CONFIG, detail=f"max_chars must be a positive integer, not {max_chars!r}")
    return IngestOptions(max_chars=max_chars, published=parse_date(published),
                         detect_language=bool(detect_language))


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    max_chars: int = 1_000_000,
    published: dt.date | str | None = None,
    detect_language: bool = True,
) -> Iterator[Article | ArticleError]:
    """Articles from files, folders (recursive, sorted, hidden files skipped) and ``-`` (stdin).

    Formats: plain text, HTML, JSONL (also gzipped), WARC, RSS/Atom. Items that cannot be
    coded come out as ``ArticleError`` (stage "ingest") in their place; nothing is raised for
    bad input. ``published`` is the date for items that carry none of their own. Options are
    checked at once (``DyadError`` E023/E012), before any file is read.
    """
    options = _options(max_chars=max_chars, published=published, detect_language=detect_language)
    if isinstance(paths, str | Path):
        paths = [paths]
    return _records(input_items(paths, options=options))


def _records(items: Iterator[Item]) -> Iterator[Article | ArticleError]:
    for item in items:
        yield error_record(item.error, origin=item.origin) if isinstance(item, Failure) else item


def read_article(
    path: str | Path,
    *,
    published: dt.date | str | None = None,
    fmt: str | None = None,
    max_chars: int = 1_000_000,
) -> Article:
    """The one article in a file (text or HTML, or any format holding exactly one), or stdin for ``-``.

    A ``published`` date given here wins over a date found in the file: the caller named it
    for this very article. Raises ``DyadError`` with the catalogue message on bad input.
    """
    if fmt is not None and fmt not in FORMATS:
        raise DyadError(E.BAD_CONFIG, detail=f"unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}")
    given_date = parse_date(published)
    options = _options(max_chars=max_chars, published=None, detect_language=True)
    origin = str(path)
    if origin == STDIN:
        items = stdin_items(options=options, fmt=fmt)
    else:
        target = Path(path)
        if target.is_dir():
            raise DyadError(E.NOT_ONE_ARTICLE, origin=origin, what="is a folder")
        if not target.exists():
            raise DyadError(E.MISSING_FILE, origin=origin)
        items = path_items(target, options=options, fmt=fmt)
    first = next(items, None)
    if first is None:
        raise DyadError(E.EMPTY_INPUT, origin=origin)
    if isinstance(first, Failure):
        raise first.error
    if next(items, None) is not None:
        raise DyadError(E.NOT_ONE_ARTICLE, origin=origin, what="holds more than one article")
    if given_date is not None:
        first = replace(first, published=given_date, published_assumed=False)
    return first


def article_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    published: dt.date | str | None = None,
    origin: str | None = None,
    max_chars: int = 1_000_000,
    detect_language: bool = True,
) -> Article:
    """An article from an HTML page: trafilatura's main text, title, date and site name.

    ``published`` wins over the page's metadata date. Raises ``DyadError`` when the page has
    no readable text (E001), cannot be parsed (E009), is too long (E003) or not English (E004).
    """
    options = _options(max_chars=max_chars, published=None, detect_language=detect_language)
    where = origin or url or "<html>"
    page = extract_html(html, url=url, origin=where)
    own_date = published if published not in (None, "") else page.date
    article = make_article(page.text, options=options, origin=where, own_date=own_date,
                           url=url or page.url, title=page.title, source=page.sitename)
    return article if origin or url else replace(article, origin=None)
