"""Every input format through ``iter_inputs``, plus ``read_article`` and ``article_from_html``."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from dyad.errors import DyadError
from dyad.ingest import article_from_html, iter_inputs, read_article
from dyad.model import Article, ArticleError

PROTEST = (
    "Thousands of teachers marched through central Nairobi on Tuesday to demand higher pay, and "
    "police fired tear gas to disperse the crowd outside parliament, witnesses said."
)
SUMMIT = (
    "The foreign ministers of Indonesia and Malaysia met in Jakarta on Friday and agreed to open "
    "talks on their maritime border, according to a joint statement released after the meeting."
)
SANCTIONS = (
    "The European Union imposed new sanctions on six officials it accuses of rigging last month's "
    "election, freezing their assets and banning them from travel within the bloc."
)


def page(body: str, *, title: str = "Teachers march in Nairobi", date: str | None = "2019-07-02",
         site: str | None = "Daily Ledger") -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    meta += f'<meta property="og:site_name" content="{site}">' if site else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1><p>{body}</p><p>The union said the strike would go on.</p></article>"
        '<div class="comments"><p>First!</p></div><footer>Copyright Daily Ledger</footer>'
        "</body></html>"
    )


def only(items: list[Article | ArticleError]) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_iter_inputs_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(PROTEST + "\r\n", encoding="utf-8")
    article = only(list(iter_inputs([path], published=dt.date(2019, 7, 2))))
    assert article.text == PROTEST
    assert article.id == Article.make_id(PROTEST)
    assert article.published == dt.date(2019, 7, 2) and not article.published_assumed
    assert article.language == "en" and article.origin == str(path)


def test_iter_inputs_text_without_date_is_flagged_assumed(tmp_path: Path) -> None:
    path = tmp_path / "story"
    path.write_text(PROTEST)
    article = only(list(iter_inputs([path])))
    assert article.published_assumed and article.published == dt.date.today()


def test_iter_inputs_html_page_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(PROTEST), encoding="utf-8")
    article = only(list(iter_inputs([path], published=dt.date(2001, 1, 1))))
    assert PROTEST in article.text
    assert "First!" not in article.text and "Copyright" not in article.text
    assert article.title == "Teachers march in Nairobi"
    assert article.source == "Daily Ledger"
    assert article.published == dt.date(2019, 7, 2)  # the page's own date beats the default


def test_iter_inputs_html_without_date_uses_default(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(page(PROTEST, date=None), encoding="utf-8")
    article = only(list(iter_inputs([path], published="2019-07-03")))
    assert article.published == dt.date(2019, 7, 3)


def test_iter_inputs_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    html = page(PROTEST + " The protest in Besançon was calmer.", title="Grève à Besançon")
    path.write_bytes(html.replace("<head>", '<head><meta charset="iso-8859-1">').encode("latin-1"))
    article = only(list(iter_inputs([path])))
    assert "Besançon" in article.text and article.title == "Grève à Besançon"


def test_iter_inputs_sniffs_html_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_text(page(SUMMIT))
    article = only(list(iter_inputs([path])))
    assert SUMMIT in article.text and "<p>" not in article.text


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "text": PROTEST, "url": "https://news.example/a1", "title": "March",
                    "published": "2019-07-02", "source": "Ledger"}),
        "",
        json.dumps({"slug": "summit", "html": page(SUMMIT, date=None), "published": "Fri, 05 Jul 2019 09:00:00 GMT"}),
        json.dumps({"text": SANCTIONS}),
    ]


def test_iter_inputs_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n")
    items = list(iter_inputs([path], published="2019-07-09"))
    assert all(isinstance(item, Article) for item in items)
    first, second, third = items  # type: ignore[misc]
    assert (first.url, first.title, first.source, first.published) == (
        "https://news.example/a1", "March", "Ledger", dt.date(2019, 7, 2))
    assert first.origin == f"{path}:1#a1"
    assert SUMMIT in second.text and second.published == dt.date(2019, 7, 5)
    assert second.origin == f"{path}:3#summit"
    assert third.published == dt.date(2019, 7, 9) and third.origin == f"{path}:4"


def test_iter_inputs_jsonl_gzip(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(jsonl_lines()) + "\n").encode()))
    assert [type(item) for item in iter_inputs([path])] == [Article, Article, Article]


def test_iter_inputs_truncated_gzip_keeps_earlier_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(jsonl_lines()) + "\n").encode())[:-30])
    items = list(iter_inputs([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], ArticleError) and items[-1].code == "E008"
    assert "Compressed file ended" in items[-1].message


def test_iter_inputs_jsonl_broken_line_spares_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "corpus.ndjson"
    lines = jsonl_lines()
    lines.insert(1, '{"text": "half a line')
    lines.append(json.dumps({"text": SUMMIT + " More.", "published": "the other day"}))
    lines.append(json.dumps({"title": "no body"}))
    lines.append("[1, 2]")
    path.write_text("\n".join(lines) + "\n")
    items = list(iter_inputs([path]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = {e.code: e for e in items if isinstance(e, ArticleError)}
    assert len(articles) == 3
    assert set(errors) == {"E005", "E012", "E006"}
    assert errors["E005"].origin in (f"{path}:2", f"{path}:8")
    assert errors["E012"].origin == f"{path}:6"
    assert "'the other day'" in errors["E012"].message and str(path) in errors["E012"].message
    assert errors["E006"].skipped and not errors["E005"].skipped
    assert all("\n" not in e.message and e.stage == "ingest" for e in errors.values())


def build_warc(path: Path, *, gzipped: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK", date: str = "2019-07-10T08:00:00Z"):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                         warc_headers_dict={"WARC-Date": date})

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        writer.write_record(response("https://news.example/march", page(PROTEST).encode(), "text/html; charset=utf-8"))
        writer.write_record(response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"))
        writer.write_record(response("https://news.example/gone", b"<html>Not found</html>", "text/html", "404 Not Found"))
        writer.write_record(response("https://news.example/summit", page(SUMMIT, date=None, site=None).encode(),
                                     "text/html"))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_iter_inputs_warc_html_responses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    build_warc(path, gzipped=name.endswith(".gz"))
    items = list(iter_inputs([path]))
    assert [type(i) for i in items] == [Article, Article]
    march, summit = items
    assert isinstance(march, Article) and isinstance(summit, Article)
    assert PROTEST in march.text and march.url == "https://news.example/march"
    assert march.published == dt.date(2019, 7, 2)  # page metadata beats the crawl date
    assert summit.published == dt.date(2019, 7, 10)  # else the WARC-Date
    assert summit.source == "news.example"
    assert march.origin.startswith(f"{path}#") and march.origin != summit.origin


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_iter_inputs_truncated_warc_keeps_earlier_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    build_warc(path, gzipped=name.endswith(".gz"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = list(iter_inputs([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], ArticleError) and items[-1].code == "E010"
    assert "truncated" in items[-1].message


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ledger World</title><link>https://news.example</link>
<item><title>Teachers march</title><link>https://news.example/march</link>
<pubDate>Tue, 02 Jul 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{PROTEST}&lt;/p&gt;&lt;p&gt;The union said the &lt;b&gt;strike&lt;/b&gt; would go on.&lt;/p&gt;</description></item>
<item><title>Summit</title><link>https://news.example/summit</link>
<description><![CDATA[<p>{SUMMIT}</p>]]></description></item>
<item><title>Empty</title><link>https://news.example/empty</link><description></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger Atom</title><id>urn:ledger</id>
<updated>2019-07-05T12:00:00Z</updated>
<entry><title>Sanctions</title><link href="https://news.example/sanctions"/><id>urn:1</id>
<published>2019-07-04T09:30:00+02:00</published><updated>2019-07-05T12:00:00Z</updated>
<summary>Short teaser.</summary>
<content type="html">&lt;p&gt;{SANCTIONS}&lt;/p&gt;</content></entry>
<entry><title>Plain</title><link href="https://news.example/plain"/><id>urn:2</id>
<updated>2019-07-06T12:00:00Z</updated><content type="text">{SUMMIT}</content></entry>
</feed>"""


def test_iter_inputs_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    path.write_text(RSS)
    items = list(iter_inputs([path], published="2019-07-09"))
    march, summit, empty = items
    assert isinstance(march, Article) and isinstance(summit, Article)
    assert march.text == PROTEST + "\nThe union said the strike would go on."
    assert (march.title, march.url, march.source, march.published) == (
        "Teachers march", "https://news.example/march", "Ledger World", dt.date(2019, 7, 2))
    assert summit.text == SUMMIT and summit.published == dt.date(2019, 7, 9)
    assert isinstance(empty, ArticleError) and empty.code == "E001" and empty.skipped
    assert empty.origin == f"{path}#3"


def test_iter_inputs_atom_feed_sniffed_from_xml(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM)
    sanctions, plain = list(iter_inputs([path]))
    assert isinstance(sanctions, Article) and isinstance(plain, Article)
    assert sanctions.text == SANCTIONS  # the content, not the teaser
    assert sanctions.published == dt.date(2019, 7, 4) and sanctions.source == "Ledger Atom"
    assert plain.text == SUMMIT and plain.published == dt.date(2019, 7, 6)


def test_iter_inputs_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example</loc></url></urlset>')
    (error,) = list(iter_inputs([path]))
    assert isinstance(error, ArticleError) and error.code == "E011" and not error.skipped


def test_iter_inputs_folder_mixed_formats_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b_sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(SUMMIT)
    (tmp_path / ".draft.txt").write_text(SUMMIT)
    (tmp_path / "a.txt").write_text(PROTEST)
    (tmp_path / "b_sub" / "page.html").write_text(page(SUMMIT))
    (tmp_path / "b_sub" / "feed.atom").write_text(ATOM)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": SANCTIONS + " Again."}) + "\n")
    (tmp_path / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    items = list(iter_inputs([tmp_path]))
    origins = [item.origin for item in items]
    assert origins == [
        str(tmp_path / "a.txt"), f"{tmp_path / 'b_sub' / 'feed.atom'}#1", f"{tmp_path / 'b_sub' / 'feed.atom'}#2",
        str(tmp_path / "b_sub" / "page.html"), f"{tmp_path / 'c.jsonl'}:1", str(tmp_path / "d.png"),
    ]
    assert [type(i) for i in items] == [Article] * 5 + [ArticleError]
    assert items == list(iter_inputs([str(tmp_path)]))  # deterministic


def test_iter_inputs_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ("\n".join(jsonl_lines()) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_inputs(["-"]))
    assert [type(i) for i in items] == [Article] * 3
    assert items[0].origin == "<stdin>:1#a1"


def test_iter_inputs_accepts_a_single_path(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(PROTEST)
    assert only(list(iter_inputs(str(path)))).text == PROTEST  # type: ignore[arg-type]


def test_iter_inputs_checks_options_before_reading(tmp_path: Path) -> None:
    with pytest.raises(DyadError) as info:
        iter_inputs([tmp_path / "missing"], published="soon")
    assert info.value.code == "E012"
    with pytest.raises(DyadError) as info:
        iter_inputs([tmp_path], max_chars=0)
    assert info.value.code == "E023"


def test_read_article_text_and_html(tmp_path: Path) -> None:
    txt = tmp_path / "story.txt"
    txt.write_text(PROTEST)
    article = read_article(txt, published="2018-08-06")
    assert article.text == PROTEST and article.published == dt.date(2018, 8, 6)
    html = tmp_path / "page.html"
    html.write_text(page(PROTEST))
    assert read_article(html).published == dt.date(2019, 7, 2)
    # a date the caller names for this one article wins over the page's metadata
    assert read_article(html, published="2019-07-03").published == dt.date(2019, 7, 3)
    assert read_article(html, fmt="text").text.startswith("<!DOCTYPE html>")


def test_read_article_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROTEST.encode())))
    article = read_article("-", published=dt.date(2019, 7, 2))
    assert article.text == PROTEST and article.origin == "<stdin>"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p / "missing.txt", "E007"),
        (lambda p: p, "E102"),
        (lambda p: (p / "empty.txt").write_text("  \n") and p / "empty.txt", "E001"),
        (lambda p: (p / "two.jsonl").write_text("\n".join(jsonl_lines())) and p / "two.jsonl", "E102"),
    ],
)
def test_read_article_raises_catalogue_errors(tmp_path: Path, make, code: str) -> None:
    with pytest.raises(DyadError) as info:
        read_article(make(tmp_path))
    assert info.value.code == code


def test_read_article_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(DyadError) as info:
        read_article(tmp_path / "x.txt", fmt="pdf")
    assert info.value.code == "E023"


def test_article_from_html_fields() -> None:
    article = article_from_html(page(PROTEST).encode(), url="https://www.news.example/march")
    assert PROTEST in article.text and article.url == "https://www.news.example/march"
    assert (article.title, article.source, article.published) == (
        "Teachers march in Nairobi", "Daily Ledger", dt.date(2019, 7, 2))
    assert article.origin == "https://www.news.example/march"
    assert article_from_html(page(PROTEST), published="2019-08-01").published == dt.date(2019, 8, 1)
    no_meta = article_from_html(page(PROTEST, date=None, site=None), url="https://www.news.example/x")
    assert no_meta.source == "news.example" and no_meta.published_assumed


def test_article_from_html_keeps_inline_markup_in_its_sentence() -> None:
    html = "<html><body><p>Rebels <b>seized</b> the town of <a href='/x'>Goma</a> on Sunday.</p></body></html>"
    assert article_from_html(html).text == "Rebels seized the town of Goma on Sunday."


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"text": "x"}\n', "jsonl"),
        (b'\xef\xbb\xbf  {\n  "id": 1,', "jsonl"),
        (b"{Editor's note: corrected} The minister said", None),
        (b"WARC/1.1\r\nWARC-Type: warcinfo", "warc"),
        (b'<?xml version="1.0"?>\n<!-- generator -->\n<rss version="2.0">', "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<!DOCTYPE html>\n<html lang='en'>", "html"),
        (b"  <HTML><HEAD>", "html"),
        (b"<div class='story'><p>Text</p>", "html"),
        (b"<urlset>", None),
        (b"Plain words about <b>bold</b> claims.", None),
    ],
)
def test_sniff_format(head: bytes, expected: str | None) -> None:
    from dyad.ingest.sources import sniff_format

    assert sniff_format(head) == expected


def test_text_starting_with_a_brace_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "note"
    path.write_text("{Editor's note: this story was corrected.}\n" + PROTEST)
    article = only(list(iter_inputs([path])))
    assert article.text.endswith(PROTEST)


def test_iter_inputs_warc_uses_the_http_charset(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = ("<html><body><p>" + PROTEST + " The mayor of Besançon called it a “dark day”.</p></body></html>")
    path = tmp_path / "cp1252.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1252")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/x", "response", payload=io.BytesIO(body.encode("cp1252")),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2019-07-10T08:00:00Z"}))
    article = only(list(iter_inputs([path])))
    assert "Besançon called it a “dark day”." in article.text
