"""Text normalization and page-furniture removal.

Furniture patterns live in `sitrep/data/furniture.txt`, one regular expression per line,
so that a new site's "147 users have voted" is a data change, not a code change.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sitrep.common import data

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CAPTION_LEAD = re.compile(r"^(?P<caption>.+?)[,.;:]?\s*read more:\s*$", re.I)


def normalize_unicode(text: str) -> str:
    """NFKC, one kind of newline, no zero-width or control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern:
    """furniture.txt's patterns as one alternation: one match per line, not one per pattern."""
    return re.compile("^(?:" + "|".join(f"(?:{r})" for r in data.lines("furniture.txt")) + ")$", re.I)


def is_furniture(line: str) -> bool:
    s = line.strip().strip("\"'“”‘’").strip()
    return furniture_pattern().match(s) is not None


def line_key(line: str) -> str:
    """What makes two lines 'the same' for de-duplication: letters and digits only."""
    return re.sub(r"[\W_]+", "", line.lower())


def clean_lines(text: str) -> list[str]:
    """Non-empty lines of normalized text without furniture, captions or repeated lines.

    A caption that a page prints twice ("Smoke rises … , read more:" then the caption
    again) goes with both copies; any line repeated later in the page keeps only its first
    appearance.
    """
    lines = normalize_unicode(text).split("\n")
    captions: set[str] = set()
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        s = line.strip()
        if not s:
            continue
        m = _CAPTION_LEAD.match(s)
        if m:
            captions.add(line_key(m["caption"]))
            continue
        if is_furniture(s):
            continue
        key = line_key(s)
        if not key or key in captions:
            continue
        if key in seen and len(key) > 0:
            continue
        seen.add(key)
        kept.append(s)
    return kept
