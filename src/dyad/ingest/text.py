"""Bytes to clean text: encoding detection, binary sniffing and character counting.

Input files come from crawls and feeds with every encoding under the sun, so decoding never
fails: UTF-8 first, then a best guess, then UTF-8 with replacement characters. Binary files
(PDFs, images, archives, executables) are recognised before any decoding so they can be
skipped with a clear reason instead of being coded as mojibake.
"""

from __future__ import annotations

import re
from typing import BinaryIO

# Magic numbers of common binary formats that end up in news folders by accident.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00asm", "WebAssembly module"),
)
_RIFF_KINDS = {b"WAVE": "WAV audio", b"AVI ": "AVI video", b"WEBP": "WebP image"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 8192
# Bytes that never occur in text: C0 controls except tab, newline, vertical tab, form feed,
# carriage return and escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_SHARE = 0.10
# UTF-8 continuation bytes: every other byte starts a character.
_CONTINUATION = bytes(range(0x80, 0xC0))
# Characters removed after decoding: C0/C1 controls (except \t and \n) and DEL.
_STRIP_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of ``data``, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) looks binary, or None when it looks like text.

    Checks magic numbers first, then NUL bytes and the share of control bytes. Text with a
    UTF-16/32 byte-order mark is text even though it contains NUL bytes.
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if not head or bom_encoding(head) not in (None, "utf-8"):
        return None
    sample = head[:SNIFF_BYTES]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _CONTROL_SHARE:
        return f"{controls / len(sample):.0%} control bytes"
    return None


def normalize_text(text: str) -> str:
    """Unix newlines and no control characters other than tab and newline."""
    return _STRIP_CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding to clean text; never raises.

    Order: a byte-order mark, strict UTF-8, charset-normalizer's best guess, and finally UTF-8
    with replacement characters. The result has ``\\n`` newlines and no NUL or other control
    characters except tab and newline.
    """
    text: str | None = None
    bom = bom_encoding(data)
    if bom is not None:
        try:
            text = data.decode(bom)
            text = text.removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_decode(data)
    return normalize_text(text)


def _guess_decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        guessed = str(best)
        # charset-normalizer may hand back text that still carries undecodable junk; keep
        # only guesses that did not need replacement characters.
        if "\ufffd" not in guessed:
            return guessed
    return data.decode("utf-8", errors="replace")


def count_chars(stream: BinaryIO, *, chunk_size: int = 1 << 20, already: bytes = b"") -> int:
    """Count the characters left in ``stream`` (plus ``already``) without decoding it.

    Counts UTF-8 lead bytes, which is exact for UTF-8 and ASCII and close for single-byte
    encodings. Memory stays at one chunk however large the stream is.
    """
    total = len(already.translate(None, _CONTINUATION))
    while chunk := stream.read(chunk_size):
        total += len(chunk.translate(None, _CONTINUATION))
    return total


def read_bounded(stream: BinaryIO, limit: int) -> tuple[bytes | None, int]:
    """Read a stream if it holds at most ``limit`` bytes.

    Returns ``(data, len(data))`` when it fits, else ``(None, characters)`` after counting the
    characters of the whole stream chunk by chunk (so stdin and gzip members are drained
    without ever being held in memory).
    """
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data, len(data)
    return None, count_chars(stream, already=data)
