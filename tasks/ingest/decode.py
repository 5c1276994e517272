"""Bytes to text: UTF-8 first, a detected encoding next, and binary files refused by name."""
from __future__ import annotations

import unicodedata

# Magic numbers of files that are never articles, whatever their name says.
BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "zip archive",
    b"\x1f\x8b": "gzip archive",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x7fELF": "executable",
    b"RIFF": "RIFF media",
    b"7z\xbc\xaf": "7z archive",
}


LATIN_COUSINS = {"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "iso8859_9", "cp1254",
                 "cp1257", "mac_roman", "mac_latin2", "cp850", "cp437", "iso8859_16", "iso8859_4", "iso8859_13"}


class DecodeError(ValueError):
    """The bytes are not text an article could be read from; the message says why."""


def sniff_binary(data: bytes) -> str | None:
    for magic, name in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return "binary data (NUL bytes)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding used). Raises DecodeError.

    UTF-8 (with or without BOM) is taken as is. A mostly-UTF-8 file with a few bad bytes
    (a corrupted copy) keeps its good text and loses only the bad bytes. Anything else goes
    to charset detection (Windows-1252, Windows-1256, Latin-1 …); text that still reads as
    control-character soup is refused.
    """
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"not a text file: {kind}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80)
    # Valid UTF-8 sequences make up most of the non-ASCII bytes: a damaged UTF-8 file.
    if non_ascii and bad <= max(3, non_ascii // 20):
        return lossy.replace("\ufffd", ""), "utf-8 (invalid bytes dropped)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text, encoding = str(best), best.encoding
        if encoding in LATIN_COUSINS:
            # Byte-for-byte the Latin code pages are hard to tell apart; English-language
            # pages that are not UTF-8 are overwhelmingly Windows-1252.
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
    else:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    if not looks_like_text(text):
        raise DecodeError(f"undecodable bytes (best guess {encoding} gives no readable text)")
    return text, encoding


def looks_like_text(text: str) -> bool:
    """Mostly letters, digits, punctuation and spaces, not control characters or symbols."""
    sample = text[:20000]
    if not sample.strip():
        return True
    bad = sum(1 for c in sample if (unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") and c not in "\n\r\t\f")
              or c == "\ufffd")
    return bad / len(sample) < 0.02
