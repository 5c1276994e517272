"""Sources beyond a local folder: an HTTP(S) URL of a file listing article URLs, an
RSS/Atom feed URL, or any fsspec URI (s3://bucket/prefix, gcs://…, file://…).

Remote bytes land first in a content-addressed raw zone in the warehouse directory
(DIR/raw/<sha256[:2]>/<sha256>), with raw/manifest.jsonl mapping each URL to its bytes, so
that reprocessing never downloads an article again. Downloads are polite: a rate limit, a
User-Agent that says who is asking, retries with backoff on 5xx and timeouts, none on 4xx.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from sitrep.tasks.ingest.discover import InputFile, Unreadable, discover
from sitrep.common.uris import article_format, is_url

USER_AGENT = "sitrep/0.1 (conflict-event research pipeline; polite crawler)"


class FetchError(RuntimeError):
    """A download that failed for good (a 4xx, or 5xx/timeouts after every retry)."""


@dataclass
class Fetcher:
    """Polite HTTP: at most `rate` requests a second, retries with exponential backoff on
    5xx, timeouts and connection errors, no retry on 4xx."""

    rate: float = 4.0
    retries: int = 3
    backoff: float = 0.5
    timeout: float = 20.0
    _last: float = 0.0

    def get(self, url: str) -> tuple[bytes, str]:
        import httpx

        last_error = ""
        for attempt in range(self.retries + 1):
            wait = self._last + 1.0 / self.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            try:
                r = httpx.get(url, headers={"User-Agent": USER_AGENT}, timeout=self.timeout, follow_redirects=True)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            else:
                if r.status_code < 400:
                    return r.content, r.headers.get("content-type", "")
                if r.status_code < 500:
                    raise FetchError(f"HTTP {r.status_code} for {url}")
                last_error = f"HTTP {r.status_code}"
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
        raise FetchError(f"{last_error} for {url} after {self.retries + 1} attempts")


class RawZone:
    """DIR/raw: downloaded bytes by content hash, and which URL gave which bytes."""

    def __init__(self, root: Path):
        self.root = root
        self.manifest = root / "manifest.jsonl"
        self.known: dict[str, dict] = {}
        if self.manifest.exists():
            for line in self.manifest.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    self.known[entry["url"]] = entry

    def path_of(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def get(self, url: str) -> dict | None:
        entry = self.known.get(url)
        return entry if entry and self.path_of(entry["sha256"]).exists() else None

    def put(self, url: str, data: bytes, content_type: str) -> dict:
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        entry = {"url": url, "sha256": sha, "size": len(data), "content_type": content_type}
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
        self.known[url] = entry
        return entry


def _format_of(url: str, content_type: str) -> str:
    fmt = article_format(urlparse(url).path)
    if fmt:
        return fmt
    if "json" in content_type:
        return "json"
    if "html" in content_type or not content_type:
        return "html"
    return "txt"


def feed_links(data: bytes) -> list[str] | None:
    """Article links of an RSS or Atom feed; None when the bytes are not a feed."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    tag = etree.QName(root).localname.lower()
    if tag == "rss" or tag == "rdf":
        return [el.text.strip() for el in root.iter() if etree.QName(el).localname == "link" and el.text and el.text.strip()
                and etree.QName(el.getparent()).localname == "item"]
    if tag == "feed":
        out = []
        for entry in (el for el in root.iter() if etree.QName(el).localname == "entry"):
            links = [l for l in entry if etree.QName(l).localname == "link"]
            best = next((l for l in links if l.get("rel") in (None, "alternate")), links[0] if links else None)
            if best is not None and best.get("href"):
                out.append(best.get("href"))
        return out
    return None


def url_list(data: bytes, base: str) -> list[str]:
    """One URL a line; blank lines and # comments skipped; relative URLs against the list's."""
    out = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(urljoin(base, line))
    return out


def resolve_source(source: str, raw_root: Path, fetcher: Fetcher | None = None) -> tuple[list[InputFile], list[Unreadable]]:
    """The inputs of any source: a local directory or file, an http(s) list or feed, or an
    fsspec URI. Remote articles are read from the raw zone."""
    if source.startswith("file://"):
        source = urlparse(source).path
    if not is_url(source):
        return discover(source)
    zone = RawZone(raw_root)
    fetcher = fetcher or Fetcher()
    scheme = urlparse(source).scheme
    if scheme in ("http", "https"):
        try:
            data, ctype = fetcher.get(source)   # the listing itself is fetched every run: it is what changes
        except FetchError as exc:
            raise FileNotFoundError(f"cannot read the source {source}: {exc}") from exc
        links = feed_links(data)
        urls = links if links is not None else url_list(data, source)
        return _download_all(urls, zone, fetcher)
    return _from_fsspec(source, zone)


def _download_all(urls: list[str], zone: RawZone, fetcher: Fetcher) -> tuple[list[InputFile], list[Unreadable]]:
    found, problems = [], []
    for url in dict.fromkeys(urls):
        entry = zone.get(url)
        if entry is None:
            try:
                data, ctype = fetcher.get(url)
            except FetchError as exc:
                problems.append(Unreadable(url, f"download failed: {exc}"))
                continue
            entry = zone.put(url, data, ctype)
        found.append(InputFile(url, _format_of(url, entry["content_type"]), entry["size"], str(zone.path_of(entry["sha256"])),
                               stamp="sha256:" + entry["sha256"]))
    return found, problems


def _from_fsspec(source: str, zone: RawZone) -> tuple[list[InputFile], list[Unreadable]]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(source)
    protocol = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
    paths = [root] if fs.isfile(root) else sorted(p for p in fs.find(root) if article_format(p))
    found, problems = [], []
    for path in paths:
        uri = f"{protocol}://{path}"
        entry = zone.get(uri)
        if entry is None:
            try:
                with fs.open(path, "rb") as fh:
                    entry = zone.put(uri, fh.read(), "")
            except OSError as exc:
                problems.append(Unreadable(uri, f"cannot read: {exc}"))
                continue
        found.append(InputFile(uri, article_format(path), entry["size"], str(zone.path_of(entry["sha256"])),
                               stamp="sha256:" + entry["sha256"]))
    return found, problems
