"""Reading one article file: .txt, .html/.htm, .json, .jsonl into raw records.

A record is the unit that `runs` counts as an input: a file, or one object of a JSON array
or one line of a .jsonl file. Each record comes back as text plus metadata hints, or as a
reason it cannot be read.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sitrep.common.uris import article_format  # noqa: F401  (re-exported for ingest)
from sitrep.tasks.inputs.decode import DecodeError, decode_bytes

TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "fulltext", "articleBody", "article_text", "story")
TITLE_FIELDS = ("title", "headline", "heading", "name")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site_name", "sitename", "site", "agency", "media")
DATE_FIELDS = ("published_date", "published", "publication_date", "date_published", "datePublished",
               "pubDate", "pub_date", "date", "published_at", "publishedAt", "time", "timestamp")
BYLINE_FIELDS = ("byline", "author", "authors", "creator")


@dataclass
class RawRecord:
    source_uri: str
    format: str
    text: str | None = None
    hints: dict = field(default_factory=dict)
    encoding: str | None = None
    error: str | None = None   # set when the record cannot be read; text is then None


def html_to_record(html: str, source_uri: str, fmt: str = "html", encoding: str | None = None,
                   extra_hints: dict | None = None) -> RawRecord:
    """Main text and metadata of an HTML page (trafilatura), without navigation or captions."""
    import trafilatura

    hints = dict(extra_hints or {})
    doc = None
    html = strip_page_chrome(flatten_deep_nesting(html))
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_recall=True, deduplicate=False,
        )
    except Exception:  # a page trafilatura cannot parse falls through to the plain-text path
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    if doc is not None:
        for key, attr in (("title", "title"), ("date", "date"), ("outlet", "sitename"), ("byline", "author")):
            value = getattr(doc, attr, None)
            if value and not hints.get(key):
                hints[key] = value
    if not text or not text.strip():
        text = _paragraph_text(html)
    if not text or not text.strip():
        return RawRecord(source_uri, fmt, error="HTML page holds no article text", encoding=encoding)
    title = hints.get("title")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return RawRecord(source_uri, fmt, text=text, hints=hints, encoding=encoding)


MAX_HTML_DEPTH = 200   # libxml2 stops building the tree at 256 levels (2,048 with huge_tree): the rest is lost
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CONTAINERS = re.compile(r"</?(?:div|span|section|article|main|font|center|blockquote|table|tbody|thead|tr|td|th|ul|ol|li|dl|dt|dd)\b[^>]*>", re.IGNORECASE)


def html_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags (void elements excluded)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if self_closing or name.lower() in _VOID:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def flatten_deep_nesting(html: str) -> str:
    """A page nested deeper than any parser builds (20,000 divs) with its containers
    replaced by line breaks, so that its paragraphs survive; other pages unchanged."""
    if html.count("<") < MAX_HTML_DEPTH or html_depth(html) <= MAX_HTML_DEPTH:
        return html
    return _CONTAINERS.sub("\n", html)


_CHROME = re.compile(r"caption|share|social|newsletter|related|promo|advert|cookie|subscribe|comment|breadcrumb|vote|tags?$", re.I)


def strip_page_chrome(html: str) -> str:
    """Navigation, captions, share bars and newsletter boxes out before text extraction."""
    try:
        from lxml import etree
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except Exception:  # not parseable: let trafilatura and the fallback try the raw page
        return html
    for el in tree.xpath("//nav|//footer|//aside|//figure|//figcaption|//form|//script|//style|//noscript"):
        el.drop_tree()
    for el in tree.xpath("//*[@class or @id]"):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.getparent() is not None and any(_CHROME.search(tok) for tok in marker.split()):
            el.drop_tree()
    return etree.tostring(tree, encoding="unicode", method="html")


def _paragraph_text(html: str) -> str:
    """Fallback: the <p> paragraphs of a page, or its visible text."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except Exception:  # not parseable as HTML at all
        return ""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//aside|//figure|//figcaption|//form|//noscript"):
        bad.drop_tree()
    paras = [p.text_content().strip() for p in tree.xpath("//p")]
    paras = [p for p in paras if len(p.split()) >= 5]
    return "\n\n".join(paras)


def _pick(obj: dict, names: tuple[str, ...]):
    lower = {str(k).lower(): v for k, v in obj.items()}
    for n in names:
        v = lower.get(n.lower())
        if v not in (None, "", []):
            if isinstance(v, list):
                v = ", ".join(str(x.get("name", x)) if isinstance(x, dict) else str(x) for x in v if x not in (None, ""))
            if isinstance(v, dict):
                v = v.get("name") or v.get("title") or json.dumps(v)
            return v
    return None


def json_object_to_record(obj, source_uri: str, fmt: str, encoding: str | None) -> RawRecord:
    if not isinstance(obj, dict):
        return RawRecord(source_uri, fmt, error=f"JSON record is a {type(obj).__name__}, not an object", encoding=encoding)
    text = _pick(obj, TEXT_FIELDS)
    if text is None or not str(text).strip():
        return RawRecord(source_uri, fmt, encoding=encoding,
                         error=f"JSON object has no text field (looked for {', '.join(TEXT_FIELDS[:4])} …)")
    hints = {
        "title": _pick(obj, TITLE_FIELDS), "outlet": _pick(obj, OUTLET_FIELDS),
        "date": _pick(obj, DATE_FIELDS), "byline": _pick(obj, BYLINE_FIELDS),
    }
    hints = {k: str(v) for k, v in hints.items() if v not in (None, "")}
    text = str(text)
    if re.search(r"<(p|div|br|article|span)\b", text, re.I):
        return html_to_record(text, source_uri, fmt, encoding, hints)
    if hints.get("title") and not text.lstrip().startswith(hints["title"]):
        text = f"{hints['title']}\n\n{text}"
    return RawRecord(source_uri, fmt, text=text, hints=hints, encoding=encoding)


def read_records(data: bytes, source_uri: str, fmt: str) -> list[RawRecord]:
    """All records of one file's bytes. Never raises: failures come back as records with error."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        return [RawRecord(source_uri, fmt, error=str(exc))]
    if not text.strip():
        return [RawRecord(source_uri, fmt, error="empty file" if not data else "file holds only whitespace", encoding=encoding)]
    if fmt == "txt":
        return [RawRecord(source_uri, fmt, text=text, encoding=encoding)]
    if fmt == "html":
        return [html_to_record(text, source_uri, fmt, encoding)]
    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            return [RawRecord(source_uri, fmt, error=f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", encoding=encoding)]
        if isinstance(obj, list):
            if not obj:
                return [RawRecord(source_uri, fmt, error="JSON array is empty", encoding=encoding)]
            return [json_object_to_record(o, f"{source_uri}#{i}", fmt, encoding) for i, o in enumerate(obj)]
        for key in ("articles", "items", "data", "results"):
            if isinstance(obj, dict) and isinstance(obj.get(key), list) and _pick(obj, TEXT_FIELDS) is None:
                if not obj[key]:   # '{"articles": []}': quarantined with its reason, not silently nothing
                    return [RawRecord(source_uri, fmt, error=f"JSON {key!r} list is empty", encoding=encoding)]
                return [json_object_to_record(o, f"{source_uri}#{i}", fmt, encoding) for i, o in enumerate(obj[key])]
        return [json_object_to_record(obj, source_uri, fmt, encoding)]
    if fmt == "jsonl":
        records = []
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            uri = f"{source_uri}#L{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                records.append(RawRecord(uri, fmt, error=f"line {n}: invalid JSON: {exc.msg}", encoding=encoding))
                continue
            records.append(json_object_to_record(obj, uri, fmt, encoding))
        return records or [RawRecord(source_uri, fmt, error="JSON Lines file has no records", encoding=encoding)]
    return [RawRecord(source_uri, fmt, error=f"unsupported format {fmt!r}")]
