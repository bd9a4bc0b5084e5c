"""HTML pages to article text and metadata with trafilatura.

HTML is untrusted input: it may be truncated, mis-nested, mis-declared or not HTML at all.
Extraction never crashes; a page with nothing readable gets a clear catalogue error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from dyad.errors import DyadError, E
from dyad.ingest.text import bom_encoding, decode_bytes, normalize_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"[ \t]+\n|\n{3,}")
_RECHECK_CHARS = 5000
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section table td th tr ul".split()
)
_DROP_TAGS = ("head", "script", "style", "noscript", "template", "iframe", "svg", "nav", "footer",
              "form", "button", "select")


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What trafilatura found on a page: body text and metadata (all optional but text)."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def decode_html_bytes(data: bytes, *, charset: str | None = None) -> str:
    """Decode HTML bytes: BOM, strict UTF-8, the charset the server (``charset``) or the page
    declares, then a best guess."""
    if bom_encoding(data) is None:
        match = _META_CHARSET.search(data[:4096])
        declared = [charset, match.group(1).decode("ascii") if match else None]
        for encoding in ("utf-8", *(name for name in declared if name)):
            try:
                return normalize_text(data.decode(encoding))
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(data)


def extract_html(
    html: str | bytes, *, url: str | None = None, origin: str | None = None, charset: str | None = None
) -> HtmlExtract:
    """Main text, title, publication date (page metadata only) and site name of a page.

    Uses trafilatura without comments or tables; when its extractor finds no main content
    (very short pages) falls back to trafilatura's baseline (all paragraph text). Dates come
    from metadata and the URL only, never from the body text, which mentions many dates.
    ``charset`` is the encoding a server announced for ``html`` bytes (HTTP Content-Type).
    Raises ``DyadError`` E009 when the page cannot be parsed and E001 when it has no text.
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    where = origin or url or "<html>"
    page = decode_html_bytes(html, charset=charset) if isinstance(html, bytes) else normalize_text(html)
    page = _XML_DECLARATION.sub("", page, count=1)  # lxml refuses str input with one
    if not page.strip():
        raise DyadError(E.EMPTY_INPUT, origin=where)
    try:
        found = trafilatura.bare_extraction(
            page, url=url, include_comments=False, include_tables=False, with_metadata=True,
            date_extraction_params=set_date_params(False),
        )
        text = _clean(getattr(found, "text", None) or "")
        if not text or len(text) < _RECHECK_CHARS:
            # On short pages trafilatura falls back to a baseline that breaks lines at inline
            # tags ("the\nsummit\nin"); when it kept all the text anyway, our block-aware
            # conversion says the same with sentences intact.
            whole = markup_text(page)
            if not text or whole.split() == text.split():
                text = whole
    # trafilatura and lxml raise many exception types on hostile markup; all mean the same.
    except Exception as exc:
        raise DyadError(E.BAD_HTML, origin=where, detail=f"{type(exc).__name__}: {exc}") from exc
    if not text:
        raise DyadError(E.EMPTY_INPUT, origin=where)
    sitename = getattr(found, "sitename", None) or _hostname(url)
    return HtmlExtract(
        text=text, title=_clean(getattr(found, "title", None) or "") or None,
        date=getattr(found, "date", None) or None, sitename=sitename or None,
        url=url or getattr(found, "url", None) or None,
    )


def markup_text(markup: str) -> str:
    """All readable text of an HTML page or fragment, one line per block element.

    The fallback when trafilatura finds no main content (short pages), and the converter for
    feed entries, whose content is already the article body. Scripts, styles, navigation and
    forms are dropped; inline markup (links, bold) stays inside its line.
    """
    from lxml import etree
    from lxml import html as lxml_html

    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _clean(text: str) -> str:
    return _BLANK_RUNS.sub(lambda m: "\n\n" if m.group(0).count("\n") > 1 else "\n",
                           normalize_text(text)).strip()


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None
