"""Where articles come from: paths, folders and stdin, and which reader each one gets.

The format of a file is decided by its extension and by sniffing its first bytes (gzip is
unwrapped first), so a feed saved as ``.xml``, a page without an extension or a gzipped JSONL
corpus all land with the right reader.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from dyad.errors import DyadError, E
from dyad.ingest.build import IngestOptions
from dyad.ingest.readers import (
    Failure,
    Item,
    feed_items,
    html_item,
    jsonl_items,
    text_item,
    warc_items,
)
from dyad.ingest.text import GZIP_MAGIC, SNIFF_BYTES, binary_reason, read_bounded

FORMATS = ("text", "html", "jsonl", "warc", "feed")
STDIN = "-"
STDIN_ORIGIN = "<stdin>"
# Bytes per character in the worst case (UTF-8), so a text file's byte limit never rejects
# a text that is within ``max_chars``.
_MAX_BYTES_PER_CHAR = 4

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".warc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_GZIP_SUFFIXES = (".gz", ".gzip")
_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!(?!doctype\s+html)[^>]*>)*", re.DOTALL)
_JSON_OBJECT = re.compile(rb'\{\s*"[^"\n]{0,200}"\s*:')  # a JSON object opening with a key
_FIRST_TAG = re.compile(rb"<([a-z][\w:.-]*)")
_HTML_FIRST_TAGS = frozenset(
    {b"html", b"head", b"body", b"meta", b"title", b"div", b"p", b"article", b"section", b"main",
     b"h1", b"h2", b"header", b"link", b"script", b"style", b"table"})
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf"})


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes of a file announce, or None when they announce none."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:2048].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if _JSON_OBJECT.match(start):
        return "jsonl"
    if start.startswith(b"<!doctype html"):
        return "html"
    body = _PROLOG.sub(b"", start, count=1)
    tag = _FIRST_TAG.match(body)
    if tag is None:
        return None
    if tag.group(1) in _FEED_ROOTS:
        return "feed"
    if tag.group(1) in _HTML_FIRST_TAGS:
        return "html"
    return None


def format_of(name: str, head: bytes) -> str | None:
    """Pick a reader from the file name and first bytes; None for unsupported files.

    Extensions decide, except that plain-text names (``.txt``, none) holding an HTML page,
    feed or WARC get the matching reader, and unknown extensions are read only when the
    content says what it is.
    """
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    sniffed = sniff_format(head)
    if name == STDIN or suffix == "":
        return sniffed or "text"
    if suffix in (".txt", ".text"):
        return sniffed if sniffed in ("html", "feed", "warc") else "text"
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if sniffed in ("html", "feed", "warc"):
        return sniffed
    return None


def _peekable(stream: BinaryIO) -> tuple[BinaryIO, bytes]:
    """The stream (made peekable if needed) and its first bytes, none of them consumed."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream, buffer_size=max(SNIFF_BYTES, io.DEFAULT_BUFFER_SIZE))  # type: ignore[arg-type,type-var]
    return stream, stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]


def stream_items(
    stream: BinaryIO, *, name: str, origin: str, options: IngestOptions, fmt: str | None = None
) -> Iterator[Item]:
    """Articles from one open byte stream, with the reader chosen by ``fmt`` or sniffing."""
    stream, head = _peekable(stream)
    if head.startswith(GZIP_MAGIC):
        inner_name = name
        for suffix in _GZIP_SUFFIXES:
            inner_name = inner_name.removesuffix(suffix)
        if (fmt or format_of(inner_name, _gunzip_head(head))) == "warc":
            # warcio reads gzipped WARCs member by member and notices a truncated record,
            # where a GzipFile around it would end the archive silently.
            yield from warc_items(stream, origin=origin, options=options)
            return
        with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
            yield from stream_items(inner, name=inner_name, origin=origin, options=options,  # type: ignore[arg-type]
                                    fmt=fmt)
        return
    fmt = fmt or format_of(name, head)
    reason = binary_reason(head) if fmt != "warc" else None
    if reason:
        yield Failure(DyadError(E.BINARY_INPUT, origin=origin, detail=reason), origin)
    elif fmt is None:
        ext = "".join(Path(name).suffixes[-2:]) or name
        yield Failure(DyadError(E.UNSUPPORTED_FORMAT, origin=origin, ext=ext), origin)
    elif fmt == "jsonl":
        yield from jsonl_items(stream, origin=origin, options=options)
    elif fmt == "warc":
        yield from warc_items(stream, origin=origin, options=options)
    else:
        limit = options.max_chars * _MAX_BYTES_PER_CHAR if fmt == "text" else options.markup_limit
        data, size = read_bounded(stream, limit)
        if data is None:
            shown = options.max_chars if fmt == "text" else options.markup_limit
            yield Failure(DyadError(E.TOO_LARGE, origin=origin, size=size, limit=shown), origin)
        elif fmt == "text":
            yield text_item(data, origin=origin, options=options)
        elif fmt == "html":
            yield html_item(data, origin=origin, options=options)
        else:
            yield from feed_items(data, origin=origin, options=options)


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream, from its first compressed bytes."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def path_items(path: Path, *, options: IngestOptions, fmt: str | None = None) -> Iterator[Item]:
    """Articles from one file; read errors and broken compression become failures."""
    origin = str(path)
    try:
        with path.open("rb") as stream:
            yield from stream_items(stream, name=path.name, origin=origin, options=options, fmt=fmt)
    except (OSError, EOFError, zlib.error) as exc:
        yield Failure(DyadError(E.UNREADABLE_FILE, origin=origin, detail=_reason(exc)), origin)


def stdin_items(*, options: IngestOptions, fmt: str | None = None) -> Iterator[Item]:
    """Articles piped in on standard input (any format, gzip included)."""
    try:
        yield from stream_items(sys.stdin.buffer, name=STDIN, origin=STDIN_ORIGIN, options=options,
                                fmt=fmt)
    except (OSError, EOFError, zlib.error) as exc:
        yield Failure(DyadError(E.UNREADABLE_FILE, origin=STDIN_ORIGIN, detail=_reason(exc)),
                      STDIN_ORIGIN)


def walk(root: Path) -> Iterator[Path | Failure]:
    """Files under ``root`` in sorted path order, skipping hidden files and folders.

    Symbolic links to folders are not followed (they could loop); links to files are.
    """
    try:
        with os.scandir(root) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield _unreadable(exc, root)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(Path(entry.path))
            elif entry.is_file():
                yield Path(entry.path)
        except OSError as exc:
            yield _unreadable(exc, Path(entry.path))


def _unreadable(exc: OSError, path: Path) -> Failure:
    origin = str(path)
    return Failure(DyadError(E.UNREADABLE_FILE, origin=origin, detail=_reason(exc)), origin)


def input_items(paths: Iterable[str | Path], *, options: IngestOptions) -> Iterator[Item]:
    """Articles from every path in order: files, folders (recursively) and ``-`` for stdin."""
    for given in paths:
        if str(given) == STDIN:
            yield from guarded(stdin_items(options=options), origin=STDIN_ORIGIN)
            continue
        path = Path(given)
        if path.is_dir():
            for found in walk(path):
                if isinstance(found, Failure):
                    yield found
                else:
                    yield from guarded(path_items(found, options=options), origin=str(found))
        elif path.exists():
            yield from guarded(path_items(path, options=options), origin=str(path))
        else:
            yield Failure(DyadError(E.MISSING_FILE, origin=str(path)), str(path))


def guarded(items: Iterator[Item], *, origin: str) -> Iterator[Item]:
    """Pass items through; an unexpected error ends this file only, as a recorded failure.

    Input libraries (feedparser, lxml, warcio, charset detection) can fail in ways their
    documentation does not list. A batch run must still go on with the next file.
    """
    try:
        yield from items
    except Exception as exc:
        yield Failure(DyadError(E.UNREADABLE_FILE, origin=origin, detail=_reason(exc)), origin)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
