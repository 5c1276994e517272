"""Casualty numbers as reports write them: digits with or without thousands separators,
number words, and the vague quantities ("dozens", "scores") with the contract's floors."""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague quantities: the contract's lower bounds. (count_low, count_high) with None open-ended.
VAGUE = {
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "tens": 10,
}

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+$|^\d+$|^\d+\.\d+$")


def parse_digits(text: str) -> float | None:
    """'12,000' / '12000' / '12 000' / '1.5' -> number; anything else -> None."""
    t = text.strip()
    if not _DIGITS.match(t):
        return None
    t = re.sub(r"[,\u202f\u00a0 ]", "", t)
    return float(t) if "." in t else int(t)


def parse_words(words: list[str]) -> int | None:
    """['twenty', 'four'] -> 24, ['two', 'hundred'] -> 200, ['a', 'dozen'] -> 12."""
    words = [w.lower().strip(",") for w in words if w.lower() not in ("and", "-")]
    if not words:
        return None
    if words in (["a", "dozen"], ["dozen"], ["one", "dozen"]):
        return 12
    total = current = 0
    seen = False
    for w in words:
        parts = w.split("-")
        for p in parts:
            if p in UNITS:
                current += UNITS[p]
            elif p in TENS:
                current += TENS[p]
            elif p in SCALES:
                if p == "hundred":
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * SCALES[p]
                    current = 0
            elif p == "a" and not seen:
                current = 1
            else:
                n = parse_digits(p)
                if n is None:
                    return None
                current += int(n)
            seen = True
    return total + current


@dataclass(frozen=True)
class Quantity:
    """A stated count: lower bound, upper bound (None = open-ended) and the contract qualifier."""

    low: int
    high: int | None
    qualifier: str


QUALIFIERS = [
    # (regex on the words before the number, qualifier, adjust low)
    (r"(at least|a minimum of|no fewer than|no less than|not less than)$", "at_least"),
    (r"(more than|over|upwards of|in excess of|above)$", "more_than"),
    (r"(about|around|nearly|almost|approximately|roughly|some|close to|an estimated|estimated|approx\.?|circa)$", "about"),
    (r"(up to|as many as|as much as|fewer than|less than|under|at most)$", "up_to"),
]


def qualify(prefix: str, value: int) -> Quantity:
    """The qualifier written before a number ('at least 20' -> at_least, low 20)."""
    p = re.sub(r"\s+", " ", prefix.lower()).strip()
    for pattern, qualifier in QUALIFIERS:
        if re.search(r"(?:^|[\s\"“'(])" + pattern, p):
            if qualifier == "at_least":
                return Quantity(value, None, qualifier)
            if qualifier == "more_than":
                return Quantity(value + 1, None, qualifier)
            if qualifier == "up_to":
                return Quantity(value, value, qualifier)
            return Quantity(value, value, qualifier)
    return Quantity(value, value, "exact")


def vague(word: str) -> Quantity | None:
    w = word.lower()
    if w in VAGUE:
        return Quantity(VAGUE[w], None, "vague")
    return None
