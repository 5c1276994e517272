"""Bytes to text: UTF-8 first, a detected encoding next, and binary files refused by name."""
from __future__ import annotations

import codecs
import re
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
    b"7z\xbc\xaf": "7z archive",
}
# RIFF containers name their form 8 bytes in: a text may well begin "RIFF" (a headline)
RIFF_FORMS = (b"WAVE", b"AVI ", b"WEBP", b"RMID", b"CDXA", b"ACON", b"sfbk", b"AIFF")


class DecodeError(ValueError):
    """The bytes are not text an article could be read from; the message says why."""


def sniff_binary(data: bytes) -> str | None:
    for magic, name in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            return name
    if data.startswith(b"RIFF") and data[8:12] in RIFF_FORMS:
        return "RIFF media"
    head = data[:4096]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return "binary data (NUL bytes)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, how it was decoded). Raises DecodeError.

    Never drops a letter: UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one
    when every other byte of ASCII text is NUL) are taken as they are; a file that is not
    UTF-8 anywhere is decoded whole in its detected legacy encoding (Windows-1252 for every
    Latin-script guess: "Café" stays "Café"); a file that mixes UTF-8 with legacy bytes (one
    pasted paragraph in Windows-1252) keeps its UTF-8 and decodes each stretch of other bytes
    in the legacy encoding, and says so ("utf-8+cp1252"). Binary files are refused by name.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(data, "utf-32"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    bomless = _utf16_without_bom(data)
    if bomless:
        return _strict(data, bomless), f"{bomless} (no BOM)"
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"not a text file: {kind}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")   # bytes that are not UTF-8 as U+DC80–U+DCFF
    legacy = legacy_encoding(data)
    if not any("\x80" <= c and not _ESCAPED_BYTE.match(c) for c in escaped):
        # no UTF-8 beyond ASCII anywhere: a legacy file, decoded whole
        text, encoding = _legacy_decode(data, legacy), legacy
    else:
        text = _ESCAPED_RUN.sub(lambda m: _legacy_decode(m.group().encode("utf-8", "surrogateescape"), legacy), escaped)
        encoding = f"utf-8+{legacy}"
    if not looks_like_text(text):
        raise DecodeError(f"undecodable bytes (best guess {encoding} gives no readable text)")
    return text, encoding


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"damaged {encoding.upper()} text: {exc.reason} at byte {exc.start:,}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text whose every other byte is NUL (ASCII letters in
    UTF-16) and that decodes to readable text; None for anything else."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) <= 0.02 * len(other):
            try:
                text = data[: len(data) - len(data) % 2].decode(name)
            except UnicodeDecodeError:
                return None
            return name if looks_like_text(text) else None
    return None


def legacy_encoding(data: bytes) -> str:
    """The single-byte (or East Asian) encoding of the bytes that are not UTF-8, detected on
    the lines that hold them. Latin-script guesses are told apart badly byte for byte
    (mac_iceland, iso8859_15, cp850 …) and English-language pages that are not UTF-8 are
    overwhelmingly Windows-1252, so any of them is cp1252; Arabic, Cyrillic, Greek, Hebrew
    and the rest keep their own."""
    from charset_normalizer import from_bytes

    bad_lines = []
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(line)
    best = from_bytes(b"\n".join(bad_lines) or data).best()
    if best is None or not best.encoding:
        return "cp1252"
    letters = [c for c in str(best) if c.isalpha() and c >= "\x80"]
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return "cp1252" if not letters or latin >= len(letters) / 2 else best.encoding


def _legacy_decode(data: bytes, encoding: str) -> str:
    """Every byte becomes a character: the five bytes Windows-1252 leaves undefined become
    the Latin-1 control characters they are there (removed later with all control characters)."""
    return data.decode(encoding, errors="sitrep-latin1")


def _latin1_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("sitrep-latin1", _latin1_fallback)


def looks_like_text(text: str) -> bool:
    """Mostly letters, digits, punctuation and spaces, not control characters or symbols."""
    sample = text[:20000]
    if not sample.strip():
        return True
    bad = sum(1 for c in sample if (unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") and c not in "\n\r\t\f")
              or c == "\ufffd")
    return bad / len(sample) < 0.02
