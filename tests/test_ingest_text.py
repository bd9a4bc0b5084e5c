"""Decoding, binary sniffing, dates and language detection of the ingest path."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.ingest import binary_reason, decode_bytes, detect_language, parse_date
from dyad.ingest.text import count_chars, read_bounded

FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs "
    "touchés par la sécheresse, après plusieurs semaines de manifestations devant les préfectures."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag neue Hilfen für die von der Dürre betroffenen Landwirte "
    "angekündigt, nachdem Bauernverbände wochenlang vor den Landratsämtern protestiert hatten."
)
ENGLISH = (
    "The government announced new aid on Tuesday for farmers hit by the drought, after weeks of "
    "protests by farm unions outside regional offices, officials said."
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain ASCII text.", "Plain ASCII text."),
        ("Café au lait in Zürich.".encode(), "Café au lait in Zürich."),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        ("UTF-16 with a BOM: Genève".encode("utf-16"), "UTF-16 with a BOM: Genève"),
        (b"line one\r\nline two\rline three", "line one\nline two\nline three"),
        (b"tab\tkept\x00nul\x07bell\x1bgone", "tab\tkeptnulbellgone"),
        (b"page\x0cbreak", "page\nbreak"),
    ],
)
def test_decode_bytes_known_encodings(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_decode_bytes_latin1_text() -> None:
    text = ("The mayor of Besançon said the café owners' protest on the Place Pasteur was peaceful; "
            "police in Orléans and Nîmes reported no arrests. ") * 3
    decoded = decode_bytes(text.encode("latin-1"))
    assert "Besançon" in decoded and "café" in decoded and "Nîmes" in decoded


def test_decode_bytes_invalid_utf8_is_not_fatal() -> None:
    data = b"Talks resumed in Geneva" + b" \xff\xfe\xc3 " + b"on Monday, diplomats said."
    decoded = decode_bytes(data)
    assert decoded.startswith("Talks resumed in Geneva")
    assert decoded.endswith("on Monday, diplomats said.")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_decode_bytes_never_raises_and_returns_clean_text(data: bytes) -> None:
    text = decode_bytes(data)
    assert isinstance(text, str)
    assert "\x00" not in text and "\r" not in text
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in text)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "WAV audio"),
    ],
)
def test_binary_reason_magic_numbers(head: bytes, kind: str) -> None:
    assert binary_reason(head) == kind


def test_binary_reason_nul_and_control_bytes() -> None:
    assert binary_reason(b"some text\x00with a NUL") == "contains NUL bytes"
    assert "control bytes" in (binary_reason(bytes(range(1, 9)) * 20 + b"abc") or "")


@pytest.mark.parametrize(
    "head",
    [b"", b"Ordinary text\n", "Ünïcödé text".encode(), "UTF-16 text".encode("utf-16"),
     b"\xe9t\xe9 \xe0 Paris", b"<html><body>x</body></html>"],
)
def test_binary_reason_text_is_not_binary(head: bytes) -> None:
    assert binary_reason(head) is None


def test_count_chars_counts_utf8_characters_without_decoding() -> None:
    text = "naïve façade — 東京 " * 1000
    stream = io.BytesIO(text.encode("utf-8"))
    assert count_chars(stream, chunk_size=1000) == len(text)


def test_read_bounded_reads_small_and_counts_large() -> None:
    assert read_bounded(io.BytesIO(b"abc"), 3) == (b"abc", 3)
    assert read_bounded(io.BytesIO(b"abcdef"), 3) == (None, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-08-06", dt.date(2018, 8, 6)),
        ("2018-08-06T23:10:00Z", dt.date(2018, 8, 6)),
        ("2018-08-06T10:00:00+02:00", dt.date(2018, 8, 6)),
        ("Mon, 06 Aug 2018 10:00:00 GMT", dt.date(2018, 8, 6)),
        ("Mon, 06 Aug 2018 10:00:00 +0000", dt.date(2018, 8, 6)),
        ("6 August 2018", dt.date(2018, 8, 6)),
        (dt.datetime(2018, 8, 6, 5, 0), dt.date(2018, 8, 6)),
        (dt.date(2018, 8, 6), dt.date(2018, 8, 6)),
        (time.strptime("2018-08-06", "%Y-%m-%d"), dt.date(2018, 8, 6)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date_accepts_iso_rfc822_and_dates(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "12", "2018-13-45", "Monday morning", 42, ["2018"]])
def test_parse_date_rejects_non_dates(value: object) -> None:
    with pytest.raises(DyadError) as info:
        parse_date(value)
    assert info.value.code == "E012"


@pytest.mark.parametrize(("text", "language"), [(FRENCH, "fr"), (GERMAN, "de"), (ENGLISH, "en")])
def test_detect_language_paragraphs(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_short_or_letterless_text_is_assumed_english() -> None:
    assert detect_language("Grève générale à Paris.") == "en"
    assert detect_language("12 345 678 -- 90 ++ " * 10) == "en"


def test_detect_language_is_deterministic() -> None:
    mixed = "Le président a dit: we will not negotiate. " * 4
    assert len({detect_language(mixed) for _ in range(5)}) == 1


SPANISH = (
    "El gobierno anunció el martes nuevas ayudas para los agricultores afectados por la sequía, tras "
    "semanas de protestas frente a las oficinas regionales, dijo un portavoz del ministerio."
)
DUTCH = (
    "De regering heeft dinsdag nieuwe steun aangekondigd voor boeren die door de droogte zijn "
    "getroffen. Het is niet duidelijk of de maatregelen op tijd komen, zei een woordvoerder."
)


def test_detect_language_english_fast_path_skips_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    import langdetect

    def refuse(text: str) -> str:
        raise AssertionError("langdetect should not be needed for plain English news")

    monkeypatch.setattr(langdetect, "detect", refuse)
    assert detect_language(ENGLISH * 3) == "en"


@pytest.mark.parametrize(("text", "language"), [(SPANISH, "es"), (DUTCH, "nl"), (GERMAN + " Was nun?", "de")])
def test_detect_language_other_languages_go_to_langdetect(text: str, language: str) -> None:
    assert detect_language(text) == language
