"""Ingest speed per input format, the cost of language detection, and how fast a huge file is refused.

    python bench/ingest.py [--articles 300]

Builds a temporary corpus from the bundled sample articles (plain text files, HTML pages, one
JSONL file, one gzipped WARC, one RSS feed), reads each with ``iter_inputs`` and prints
articles/s, then times the rejection of a 50 MB text file. Figures depend on the machine.
"""

from __future__ import annotations

import argparse
import html
import io
import itertools
import json
import tempfile
import time
from importlib import resources
from pathlib import Path

from dyad.ingest import iter_inputs
from dyad.model import Article


def sample_articles(n: int) -> list[dict[str, str]]:
    ref = resources.files("dyad") / "data" / "sample_corpus.jsonl"
    items = [json.loads(line) for line in ref.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i, item in enumerate(itertools.islice(itertools.cycle(items), n)):
        out.append({"text": f"{item['text']}\n({i})", "title": item.get("title") or f"Article {i}",
                    "published": str(item.get("published") or "2019-01-01")})
    return out


def page(item: dict[str, str]) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{html.escape(item['title'])}</title>"
            f'<meta property="article:published_time" content="{item["published"]}"></head><body>'
            '<nav><a href="/">Home</a></nav>'
            f"<article><h1>{html.escape(item['title'])}</h1>{paragraphs}</article>"
            "<footer>Copyright</footer></body></html>")


def build(folder: Path, items: list[dict[str, str]]) -> dict[str, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    paths = {name: folder / name for name in ("text", "html")}
    for name in paths.values():
        name.mkdir()
    for i, item in enumerate(items):
        (paths["text"] / f"{i:05d}.txt").write_text(item["text"], encoding="utf-8")
        (paths["html"] / f"{i:05d}.html").write_text(page(item), encoding="utf-8")
    paths["jsonl"] = folder / "corpus.jsonl"
    paths["jsonl"].write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    paths["warc"] = folder / "crawl.warc.gz"
    with paths["warc"].open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, item in enumerate(items):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://news.example/{i}", "response", payload=io.BytesIO(page(item).encode()),
                http_headers=headers))
    paths["feed"] = folder / "feed.rss"
    entries = "".join(
        f"<item><title>{html.escape(item['title'])}</title><link>https://news.example/{i}</link>"
        f"<description>{html.escape(page(item))}</description></item>" for i, item in enumerate(items))
    paths["feed"].write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
                             f"{entries}</channel></rss>", encoding="utf-8")
    return paths


def rate(path: Path, *, detect_language: bool) -> tuple[float, int, int]:
    started = time.perf_counter()
    items = list(iter_inputs([path], detect_language=detect_language, published="2019-01-01"))
    elapsed = time.perf_counter() - started
    articles = sum(isinstance(i, Article) for i in items)
    return articles / elapsed, articles, len(items) - articles


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    items = sample_articles(args.articles)
    list(iter_inputs([], published=None))
    from dyad.ingest import detect_language

    detect_language(items[0]["text"])  # load langdetect's profiles outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp), items)
        print(f"{args.articles} articles per format")
        print(f"{'format':8} {'articles/s':>12} {'no langdetect':>14} {'coded':>6} {'errors':>7}")
        for name, path in paths.items():
            with_lang, coded, errors = rate(path, detect_language=True)
            without, _, _ = rate(path, detect_language=False)
            print(f"{name:8} {with_lang:12.0f} {without:14.0f} {coded:6d} {errors:7d}")
        huge = Path(tmp) / "huge.txt"
        line = b"The council met again on Monday and adjourned without a vote on the budget.\n"
        with huge.open("wb") as out:
            out.write(line * (50 * 1024 * 1024 // len(line) + 1))
        started = time.perf_counter()
        (error,) = list(iter_inputs([huge]))
        print(f"50 MB text refused in {time.perf_counter() - started:.3f} s: {getattr(error, 'code', error)}")


if __name__ == "__main__":
    main()
