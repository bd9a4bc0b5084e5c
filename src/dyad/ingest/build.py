"""Checks every article passes on its way in, and the records for those that do not.

Whatever the format, an article is accepted only when it has text, fits the size limit and
is English. Failures become ``ArticleError`` records with a catalogue code so that a batch
run records them and goes on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dyad.errors import DyadError, E
from dyad.ingest.dates import parse_date
from dyad.ingest.language import detect_language
from dyad.ingest.text import normalize_text
from dyad.model import Article, ArticleError

STAGE = "ingest"
# Raw HTML, feeds and JSON carry markup around the text; allow this many times max_chars.
MARKUP_FACTOR = 8
# Codes for items deliberately not coded (as opposed to failures that need a fix).
SKIP_CODES = frozenset({E.EMPTY_INPUT, E.BINARY_INPUT, E.NOT_ENGLISH, E.JSONL_NO_TEXT, E.UNSUPPORTED_FORMAT})


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Settings shared by every reader in one ingest run."""

    max_chars: int = 1_000_000
    published: dt.date | None = None
    detect_language: bool = True

    @property
    def markup_limit(self) -> int:
        return self.max_chars * MARKUP_FACTOR


def make_article(
    text: str,
    *,
    options: IngestOptions,
    origin: str,
    own_date: object = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    """An ``Article`` from extracted text, or ``DyadError`` when it must not be coded.

    ``own_date`` is the item's own date (JSONL field, page metadata, feed entry, WARC-Date)
    and wins over ``options.published``; with neither, ``Article.create`` uses today and marks
    the date as assumed.
    """
    text = normalize_text(text).strip()
    if not any(ch.isalpha() for ch in text[:10_000]):  # nothing but digits, symbols or markup debris
        raise DyadError(E.EMPTY_INPUT, origin=origin)
    if len(text) > options.max_chars:
        raise DyadError(E.TOO_LARGE, origin=origin, size=len(text), limit=options.max_chars)
    published = parse_date(own_date) or options.published
    language = detect_language(text) if options.detect_language else "en"
    if language != "en":
        raise DyadError(E.NOT_ENGLISH, origin=origin, language=language,
                        article_id=Article.make_id(text))
    return Article.create(text, published=published, url=_clean_field(url),
                          title=_clean_field(title), source=_clean_field(source),
                          language=language, origin=origin)


def error_record(exc: DyadError, *, origin: str) -> ArticleError:
    """The ``errors``-table record for a failed item: one line, prefixed with where it was."""
    message = " ".join(exc.message.split())
    if origin and "origin" not in exc.fields:
        message = f"{origin}: {message}"
    article_id = exc.fields.get("article_id")
    return ArticleError(code=exc.code, message=message, stage=STAGE,
                        article_id=article_id if isinstance(article_id, str) else None,
                        origin=origin, skipped=exc.error in SKIP_CODES)


def _clean_field(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(normalize_text(str(value)).split())
    return text or None
