"""From one input file to normalized articles, or quarantine reasons. Pure apart from
reading the file's bytes."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sitrep.tasks.inputs.clean import clean_lines, normalize_unicode
from sitrep.tasks.inputs.discover import MAX_FILE_BYTES, InputFile
from sitrep.tasks.inputs.formats import RawRecord, read_records
from sitrep.tasks.inputs.metadata import extract_metadata

MAX_TEXT_CHARS = 1_000_000   # spaCy's own default limit for one document
MIN_WORDS = 5


@dataclass
class Article:
    article_id: str
    source_uri: str
    format: str
    title: str
    outlet: str | None
    byline: str | None
    dateline: str | None
    published_date: dt.date | None
    date_source: str
    encoding: str | None
    text: str


@dataclass
class Rejected:
    """An input set aside, with the stage and a reason a person can act on."""

    source_uri: str
    stage: str
    reason: str


def article_id_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_article(record: RawRecord) -> Article | Rejected:
    if record.error:
        return Rejected(record.source_uri, "read", record.error)
    lines = clean_lines(record.text or "")
    if not lines:
        return Rejected(record.source_uri, "clean", "no text left after removing page furniture")
    # a feed's title, outlet (a JSON "source"), author and date are text like the body's: no
    # control characters (an OSC sequence in an author field reaches whoever queries it), one line
    hints = {k: " ".join(normalize_unicode(str(v)).split()) for k, v in (record.hints or {}).items() if v is not None}
    meta = extract_metadata(lines, hints)
    body = [ln for ln in meta.body if ln.strip()]
    title = meta.title.strip() or (body[0][:120] if body else "")
    text = "\n\n".join([title] + body) if title else "\n\n".join(body)
    if len(text.split()) < MIN_WORDS:
        return Rejected(record.source_uri, "clean", f"too little text for an article ({len(text.split())} words)")
    if len(text) > MAX_TEXT_CHARS:
        return Rejected(record.source_uri, "clean", f"text too long for one article ({len(text):,} characters > {MAX_TEXT_CHARS:,})")
    return Article(
        article_id=article_id_of(text), source_uri=record.source_uri, format=record.format,
        title=title, outlet=meta.outlet, byline=meta.byline, dateline=meta.dateline,
        published_date=meta.published_date, date_source=meta.date_source,
        encoding=record.encoding, text=text,
    )


def read_input(item: InputFile) -> list[Article | Rejected]:
    """Read one input file into articles and rejections (one per record)."""
    if item.size > MAX_FILE_BYTES:
        return [Rejected(item.uri, "read", f"file too large for an article ({item.size:,} bytes > {MAX_FILE_BYTES:,})")]
    try:
        with open(item.path or item.uri, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)   # a file that grew since it was listed is read no further
    except OSError as exc:
        return [Rejected(item.uri, "read", f"cannot read file: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return [Rejected(item.uri, "read", f"file too large for an article (grew past {MAX_FILE_BYTES:,} bytes "
                                           "after it was listed)")]
    if item.stamp and item.stamp.startswith("sha256:") and hashlib.sha256(data).hexdigest() != item.stamp[7:]:
        return [Rejected(item.uri, "read", "the downloaded copy in raw/ no longer matches its hash (changed since "
                                           "download); remove it from raw/ to download it again")]
    # one hostile file (a 5,000-digit number, arrays nested 100,000 deep, a lone surrogate)
    # is quarantined with its reason; it never fails the run for the files beside it
    try:
        records = list(read_records(data, item.uri, item.format))
    except RecursionError:
        return [Rejected(item.uri, "read", "nested too deeply to read")]
    except Exception as exc:   # noqa: BLE001 - whatever a parser raises on hostile bytes
        return [Rejected(item.uri, "read", failure_reason(exc))]
    out: list[Article | Rejected] = []
    for record in records:
        try:
            out.append(build_article(record))
        except RecursionError:
            out.append(Rejected(record.source_uri, "clean", "nested too deeply to read"))
        except Exception as exc:   # noqa: BLE001
            out.append(Rejected(record.source_uri, "clean", failure_reason(exc)))
    return out


def failure_reason(exc: BaseException) -> str:
    """One line a person can act on: the error's kind and the first line of its message."""
    message = (str(exc).splitlines() or [""])[0][:200]
    return f"cannot parse: {type(exc).__name__}: {message}" if message else f"cannot parse: {type(exc).__name__}"
