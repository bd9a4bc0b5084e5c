"""Issue 2, "Done when": each bad input gets one clear reason while the rest is coded."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.ingest import article_from_html, iter_inputs, read_article
from dyad.model import Article, ArticleError

GOOD = (
    "Protesters blocked the main highway into the capital on Wednesday, demanding the release "
    "of opposition leaders detained last week, the interior ministry said."
)
FRENCH = (
    "Des milliers de manifestants ont bloqué mercredi l'autoroute principale menant à la capitale "
    "pour exiger la libération des dirigeants de l'opposition arrêtés la semaine dernière."
)
GERMAN = (
    "Tausende Demonstranten haben am Mittwoch die wichtigste Autobahn in die Hauptstadt blockiert "
    "und die Freilassung der in der vergangenen Woche festgenommenen Oppositionsführer gefordert."
)


def one_error(path: Path | str, **options: object) -> ArticleError:
    items = list(iter_inputs([path], **options))  # type: ignore[arg-type]
    assert len(items) == 1, items
    error = items[0]
    assert isinstance(error, ArticleError), error
    assert error.stage == "ingest" and "\n" not in error.message
    assert error.origin is not None and error.origin in error.message
    return error


def test_bad_input_folder_codes_the_good_and_explains_the_bad(tmp_path: Path) -> None:
    (tmp_path / "01_good.txt").write_text(GOOD)
    (tmp_path / "02_empty.txt").write_text("")
    (tmp_path / "03_binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "04_french.txt").write_text(FRENCH)
    (tmp_path / "05_broken.html").write_text("<html><body><div><p></div></html")
    (tmp_path / "06_lines.jsonl").write_text(json.dumps({"text": GOOD + " Again."}) + "\n{oops\n")
    items = list(iter_inputs([tmp_path, tmp_path / "07_missing.txt"]))
    kinds = [(type(i).__name__, getattr(i, "code", None)) for i in items]
    assert kinds == [
        ("Article", None), ("ArticleError", "E001"), ("ArticleError", "E002"), ("ArticleError", "E004"),
        ("ArticleError", "E001"), ("Article", None), ("ArticleError", "E005"), ("ArticleError", "E007"),
    ]


def test_bad_input_empty_and_whitespace_files_are_skipped(tmp_path: Path) -> None:
    for name, content in [("empty.txt", b""), ("blank.md", b" \n\t\r\n "), ("bom.txt", b"\xef\xbb\xbf\n")]:
        path = tmp_path / name
        path.write_bytes(content)
        error = one_error(path)
        assert error.code == "E001" and error.skipped


@pytest.mark.parametrize(
    ("name", "content", "detail"),
    [
        ("report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>", "PDF document"),
        ("story.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(100), "ELF executable"),
        ("photo", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        ("data.bin", b"abc\x00\x01\x02" * 50, "NUL bytes"),
        ("archive.jsonl", b"PK\x03\x04" + bytes(60), "ZIP archive"),
        ("page.html", bytes(range(256)), "NUL bytes"),
    ],
)
def test_bad_input_binary_files(tmp_path: Path, name: str, content: bytes, detail: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = one_error(path)
    assert error.code == "E002" and detail in error.message


def test_bad_input_50_mb_text_is_rejected_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"The council met again on Monday and adjourned without a vote on the budget.\n"
    with path.open("wb") as out:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    error = one_error(path)
    assert error.code == "E003" and not error.skipped
    assert f"{path.stat().st_size:,} characters" in error.message
    assert "1,000,000" in error.message


def test_bad_input_size_limit_applies_to_decoded_text_and_items(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 10)
    assert one_error(path, max_chars=len(GOOD) * 5).code == "E003"
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"text": GOOD * 10}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    items = list(iter_inputs([lines], max_chars=len(GOOD) * 5))
    assert [getattr(i, "code", "ok") for i in items] == ["E003", "ok"]


def test_bad_input_overlong_jsonl_line_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    items = list(iter_inputs([path], max_chars=200))
    assert [getattr(i, "code", "ok") for i in items] == ["E003", "ok"]
    assert items[0].origin == f"{path}:1"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p></div></html",
        "<<<>>><!--",
        "<html><head><title>Only a title</title></head><body><script>var x = 1;</script></body></html>",
        "<?xml version='1.0'?><html>",
        "</p></div></body>",
    ],
)
def test_bad_input_malformed_html_without_text(tmp_path: Path, html: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(html)
    error = one_error(path)
    assert error.code in ("E001", "E009")
    with pytest.raises(DyadError) as info:
        article_from_html(html)
    assert info.value.code in ("E001", "E009")


def test_bad_input_malformed_html_with_text_is_coded(tmp_path: Path) -> None:
    path = tmp_path / "tagsoup.html"
    path.write_text(f"<html><body><p>{GOOD}<div><b>unclosed <i>tags</p></div><table><td>cell")
    (article,) = list(iter_inputs([path]))
    assert isinstance(article, Article) and GOOD in article.text


def test_bad_input_invalid_utf8_is_decoded_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(GOOD.encode() + b" Stray bytes: \xff\xfe\xc3\x28 end.")
    (article,) = list(iter_inputs([path]))
    assert isinstance(article, Article) and article.text.startswith(GOOD)


def test_bad_input_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = ("The mayor of Besançon said the café owners' protest on the Place Pasteur stayed peaceful, "
            "and police in Orléans reported no arrests on Saturday.")
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    (article,) = list(iter_inputs([path]))
    assert isinstance(article, Article) and article.text == text


@pytest.mark.parametrize(("text", "language"), [(FRENCH, "fr"), (GERMAN, "de")])
def test_bad_input_non_english_is_skipped_with_language(tmp_path: Path, text: str, language: str) -> None:
    path = tmp_path / "foreign.txt"
    path.write_text(text)
    error = one_error(path)
    assert error.code == "E004" and error.skipped and f"'{language}'" in error.message
    assert error.article_id == Article.make_id(text)
    (article,) = list(iter_inputs([path], detect_language=False))
    assert isinstance(article, Article)
    with pytest.raises(DyadError) as info:
        read_article(path)
    assert info.value.code == "E004"


def test_bad_input_missing_file(tmp_path: Path) -> None:
    error = one_error(tmp_path / "nowhere.txt")
    assert error.code == "E007" and not error.skipped


def test_bad_input_unsupported_extension_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n")
    error = one_error(path)
    assert error.code == "E101" and error.skipped and "'.csv'" in error.message


def test_bad_input_not_gzip_after_all(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    error = one_error(path)
    assert error.code == "E008"


def test_bad_input_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"a" * (6 * 1024 * 1024)))
    error = one_error(path)
    assert error.code == "E003" and f"{6 * 1024 * 1024:,}" in error.message


EXTENSIONS = ["", ".txt", ".md", ".html", ".jsonl", ".xml", ".rss", ".atom", ".warc", ".gz", ".jsonl.gz", ".csv"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.one_of(
        st.binary(max_size=1500),
        st.text(max_size=600).map(str.encode),
        st.sampled_from([b"WARC/1.0\r\n", b"<rss><channel><item>", b'{"text": ', b"<html><body>",
                         b"\x1f\x8b\x08\x00", b"<?xml version='1.0'?><feed>"]).flatmap(
            lambda prefix: st.binary(max_size=400).map(lambda tail: prefix + tail)),
    ),
    extension=st.sampled_from(EXTENSIONS),
)
def test_iter_inputs_never_raises_on_random_files(content: bytes, extension: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{extension}"
        path.write_bytes(content)
        items = list(iter_inputs([path], max_chars=2000))
    for item in items:
        assert isinstance(item, Article | ArticleError)
        if isinstance(item, ArticleError):
            assert item.stage == "ingest" and item.code.startswith("E") and "\n" not in item.message
        else:
            assert item.text.strip() and "\x00" not in item.text and len(item.text) <= 2000


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
record_fields = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(json_values, st.sampled_from([GOOD, FRENCH, "", "  "])),
        "html": st.one_of(json_values, st.just(f"<p>{GOOD}</p>"), st.just("<div><<")),
        "published": st.one_of(json_values, st.sampled_from(["2019-07-02", "Tue, 02 Jul 2019 10:00:00 GMT"])),
        "url": json_values, "title": json_values, "source": json_values, "id": json_values,
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(record_fields, json_values), max_size=5))
def test_iter_inputs_jsonl_records_of_any_shape(records: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
        items = list(iter_inputs([path]))
    assert len(items) == sum(1 for r in records)  # one article or one error per line
    for item, record in zip(items, records, strict=True):
        if isinstance(item, Article):
            assert isinstance(record, dict)
            assert isinstance(record.get("text"), str) or isinstance(record.get("html"), str)
        else:
            assert item.code in {"E001", "E003", "E004", "E005", "E006", "E009", "E012"}, item


@pytest.mark.parametrize("document", [[{"text": GOOD}], {"text": GOOD, "title": "t"}])
def test_bad_input_pretty_printed_json_gets_one_reason(tmp_path: Path, document: object) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(document, indent=2))
    error = one_error(path)
    assert error.code == "E103" and "one article object per line" in error.message
