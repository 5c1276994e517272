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
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from sitrep.common import settings
from sitrep.tasks.ingest.discover import MAX_FILE_BYTES, InputFile, Unreadable, discover
from sitrep.common.uris import article_format, is_url

USER_AGENT = "sitrep/0.1 (conflict-event research pipeline; polite crawler)"


class FetchError(RuntimeError):
    """A download that failed for good (a 4xx, or 5xx/timeouts after every retry)."""


@dataclass
class Fetcher:
    """Polite and bounded HTTP: at most `rate` requests a second; retries with exponential
    backoff on 5xx, timeouts and connection errors, none on 4xx; every download bounded by
    its total time (`deadline` seconds: a server that sends a byte every few seconds never
    trips a per-read timeout) and its size (`max_bytes`, counted as it streams in, never read
    whole first); redirects followed only on the host asked (`redirect_hosts` adds others,
    "*" any) and only to http(s)."""

    rate: float = 4.0
    retries: int = 3
    backoff: float = 0.5
    timeout: float = 20.0
    deadline: float = field(default_factory=settings.download_deadline)
    max_bytes: int = MAX_FILE_BYTES
    redirect_hosts: frozenset[str] = field(default_factory=settings.redirect_hosts)
    max_redirects: int = 5
    _last: float = 0.0

    def get(self, url: str, max_bytes: int | None = None) -> tuple[bytes, str]:
        import httpx

        last_error = ""
        for attempt in range(self.retries + 1):
            wait = self._last + 1.0 / self.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            try:
                status, data, ctype = self._get_once(url, max_bytes or self.max_bytes)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
                raise FetchError(f"not a URL sitrep can fetch: {exc}") from None
            except httpx.DecodingError:
                raise FetchError("the body does not match its Content-Encoding header") from None
            else:
                if status < 400:
                    return data, ctype
                if status < 500:
                    raise FetchError(f"HTTP {status} for {url}")
                last_error = f"HTTP {status}"
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
        raise FetchError(f"{last_error} for {url} after {self.retries + 1} attempts")

    def _get_once(self, url: str, max_bytes: int) -> tuple[int, bytes, str]:
        """One request and its redirects, streamed: (status, body, content type)."""
        import httpx

        started = time.monotonic()
        allowed = {_host(url)} | self.redirect_hosts
        with httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=self.timeout, follow_redirects=False) as client:
            seen = [url]
            while True:
                with client.stream("GET", seen[-1]) as response:
                    if response.is_redirect:
                        target = str(response.url.join(response.headers.get("location", "")))
                        if urlparse(target).scheme not in ("http", "https"):
                            raise FetchError(f"redirected to {target!r}, which is not http(s)")
                        if "*" not in allowed and _host(target) not in allowed:
                            raise FetchError(f"redirected off the host {_host(url)} to {_host(target)} "
                                             f"(allow it with SITREP_REDIRECT_HOSTS)")
                        if target in seen:
                            raise FetchError(f"redirect loop at {target}")
                        if len(seen) > self.max_redirects:
                            raise FetchError(f"more than {self.max_redirects} redirects")
                        seen.append(target)
                        continue
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"response too large ({int(declared):,} bytes > {max_bytes:,})")
                    body = bytearray()
                    for piece in response.iter_bytes():
                        body += piece
                        if len(body) > max_bytes:
                            raise FetchError(f"response too large (more than {max_bytes:,} bytes)")
                        if time.monotonic() - started > self.deadline:
                            raise FetchError(f"download took longer than {self.deadline:g} s")
                    return response.status_code, bytes(body), response.headers.get("content-type", "")


def _host(url: str) -> str:
    """host[:port] of a URL, lower case: what a redirect must keep."""
    return urlparse(url).netloc.rsplit("@", 1)[-1].lower()


_SHA256 = re.compile(r"[0-9a-f]{64}")


class RawZone:
    """DIR/raw: downloaded bytes by content hash, and which URL gave which bytes.

    The manifest is read as untrusted: an entry whose fields are not what sitrep writes (a
    "sha256" of "../../etc/passwd", a size that is not a count, a torn last line after a
    kill) is ignored, so that URL is downloaded again; and a stored file whose hash is not
    its name is never read (`InputFile.stamp` carries the hash, checked at read time)."""

    def __init__(self, root: Path):
        self.root = root
        self.manifest = root / "manifest.jsonl"
        self.known: dict[str, dict] = {}
        self.ignored = 0
        if self.manifest.exists():
            for line in self.manifest.read_text(encoding="utf-8", errors="replace").splitlines():
                if not line.strip():
                    continue
                entry = _manifest_entry(line)
                if entry is None:
                    self.ignored += 1
                else:
                    self.known[entry["url"]] = entry

    def path_of(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def get(self, url: str) -> dict | None:
        entry = self.known.get(url)
        if entry is None:
            return None
        path = self.path_of(entry["sha256"])
        return entry if path.is_file() and not path.is_symlink() and path.stat().st_size == entry["size"] else None

    def put(self, url: str, data: bytes, content_type: str) -> dict:
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.is_file() and not path.is_symlink() and path.stat().st_size == len(data)):
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        entry = {"url": url, "sha256": sha, "size": len(data), "content_type": content_type}
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
        self.known[url] = entry
        return entry


def _manifest_entry(line: str) -> dict | None:
    """One manifest line as sitrep wrote it, or None."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    url, sha, size, ctype = entry.get("url"), entry.get("sha256"), entry.get("size"), entry.get("content_type", "")
    if not (isinstance(url, str) and url and isinstance(sha, str) and _SHA256.fullmatch(sha)
            and type(size) is int and 0 <= size <= MAX_FILE_BYTES and isinstance(ctype, str)):
        return None
    return {"url": url, "sha256": sha, "size": size, "content_type": ctype[:200]}


def _format_of(url: str, content_type: str) -> str:
    """How to read a download: what the server says it sent (a ".html" URL may redirect to
    plain text), else the URL's suffix, else HTML."""
    ctype = content_type.split(";")[0].strip().lower()
    if "html" in ctype or "xml" in ctype:
        return "html"
    if ctype in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return "jsonl"
    if "json" in ctype:
        return "json"
    if ctype == "text/plain":
        return "txt"
    return article_format(urlparse(url).path) or "html"


def _elements(root):
    """The elements under root: comments, processing instructions and unresolved entities
    (a feed with `<!-- -->` or a DOCTYPE) are skipped, not taken for tags."""
    from lxml import etree

    return (el for el in root.iter() if isinstance(el.tag, str) and not isinstance(el, etree._Entity))


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""


def feed_links(data: bytes) -> list[str] | None:
    """Article links of an RSS or Atom feed; None when the bytes are not a feed. Entities are
    never resolved and nothing is fetched (a DOCTYPE cannot reach a file or the network)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                                             load_dtd=False, huge_tree=False))
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    tag = _local(root)
    if tag in ("rss", "rdf"):
        return [el.text.strip() for el in _elements(root) if _local(el) == "link" and el.text and el.text.strip()
                and el.getparent() is not None and _local(el.getparent()) == "item"]
    if tag == "feed":
        out = []
        for entry in (el for el in _elements(root) if _local(el) == "entry"):
            links = [link for link in entry if _local(link) == "link"]
            best = next((link for link in links if link.get("rel") in (None, "alternate")), links[0] if links else None)
            if best is not None and best.get("href"):
                out.append(best.get("href"))
        return out
    return None


def url_list(data: bytes, base: str) -> tuple[list[str], list[Unreadable]]:
    """One URL a line; blank lines and # comments skipped; relative URLs against the
    list's. A line that is no http(s) URL (`http://[::1`, `file:///etc/passwd`) is set
    aside with its reason; the lines beside it are read."""
    urls, problems = [], []
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        problem = None
        try:
            url = urljoin(base, line)
            parsed = urlparse(url)
            _ = parsed.port   # raises on a port that is not a number
        except ValueError as exc:
            problem = f"not a URL: {exc}"
        else:
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                problem = "not an http(s) URL"
        if problem:
            problems.append(Unreadable(f"{base}#L{n}", f"line {n} of the list ({line[:80]!r}): {problem}"))
        else:
            urls.append(url)
    return urls, problems


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
        try:   # the listing itself is fetched every run: it is what changes
            data, ctype = fetcher.get(source, max_bytes=MAX_LISTING_BYTES)
        except FetchError as exc:
            raise FileNotFoundError(f"cannot read the source {source}: {exc}") from exc
        links = feed_links(data)
        if links is not None:
            urls, problems = [urljoin(source, u) for u in links], []
        else:
            urls, problems = url_list(data, source)
        found, failed = _download_all(urls, zone, fetcher)
        return found, problems + failed
    return _from_fsspec(source, zone)


MAX_LISTING_BYTES = 8 * MAX_FILE_BYTES   # a URL list or feed: ~500,000 URLs


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
            except Exception as exc:   # noqa: BLE001 - one hostile page never fails the run for the rest
                problems.append(Unreadable(url, f"download failed: {type(exc).__name__}: {str(exc)[:200]}"))
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
                    data = fh.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                problems.append(Unreadable(uri, f"cannot read: {exc}"))
                continue
            if len(data) > MAX_FILE_BYTES:
                problems.append(Unreadable(uri, f"file too large for an article (more than {MAX_FILE_BYTES:,} bytes)"))
                continue
            entry = zone.put(uri, data, "")
        found.append(InputFile(uri, article_format(path), entry["size"], str(zone.path_of(entry["sha256"])),
                               stamp="sha256:" + entry["sha256"]))
    return found, problems
