"""Sources beyond a local folder: an HTTP(S) URL of a file listing article URLs, an
RSS/Atom feed URL, or any fsspec URI (s3://bucket/prefix, gcs://…, file://…).

Remote bytes land first in a content-addressed raw zone in the warehouse directory
(DIR/raw/<sha256[:2]>/<sha256>), with raw/manifest.jsonl mapping each URL to its bytes, so
that reprocessing never downloads an article again. Downloads are polite: a rate limit, a
User-Agent that says who is asking, retries with backoff on 5xx and timeouts, none on 4xx.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from sitrep.common import settings
from sitrep.common.text import CONTROL, escape_controls
from sitrep.tasks.inputs.discover import MAX_FILE_BYTES, InputFile, Unreadable, discover
from sitrep.common.uris import SourceUnreadable, article_format, is_url

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
    "*" any) and only to http(s).

    A guarded download (every URL a list or feed names: whoever wrote the list chose them)
    never reaches a loopback, private, link-local, multicast or otherwise non-public address
    unless `allow_private` names it (SITREP_ALLOW_PRIVATE_HOSTS): each request's host is
    resolved, the address checked, and the connection made to that very address (the host
    still named in the Host header and TLS), so a name that resolves elsewhere a moment
    later (DNS rebinding) changes nothing; every redirect is a request of its own, checked
    the same way. Only the operator's own source URL is fetched unguarded."""

    rate: float = 4.0
    retries: int = 3
    backoff: float = 0.5
    timeout: float = 20.0
    deadline: float = field(default_factory=settings.download_deadline)
    max_bytes: int = MAX_FILE_BYTES
    redirect_hosts: frozenset[str] = field(default_factory=settings.redirect_hosts)
    max_redirects: int = 5
    allow_private: tuple = field(default_factory=settings.allowed_private_hosts)
    _last: float = 0.0

    def get(self, url: str, max_bytes: int | None = None, guarded: bool = True) -> tuple[bytes, str]:
        """The body and content type of url. guarded=False only for the URL the operator gave
        (its redirects to another host are guarded still)."""
        import httpx

        last_error = ""
        ends = time.monotonic() + self.deadline   # one deadline for the whole download, retries included
        for attempt in range(self.retries + 1):
            wait = self._last + 1.0 / self.rate - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, ends - time.monotonic())))
            if time.monotonic() >= ends:
                raise FetchError(f"download of {url} took longer than {self.deadline:g} s"
                                 + (f" (last: {last_error})" if last_error else ""))
            self._last = time.monotonic()
            try:
                status, data, ctype = self._get_once(url, max_bytes or self.max_bytes, guarded, ends)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if time.monotonic() >= ends:
                    raise FetchError(f"download of {url} took longer than {self.deadline:g} s") from None
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
                time.sleep(min(self.backoff * 2 ** attempt, max(0.0, ends - time.monotonic())))
        raise FetchError(f"{last_error} for {url} after {self.retries + 1} attempts")

    def _get_once(self, url: str, max_bytes: int, guarded: bool = True, ends: float | None = None) -> tuple[int, bytes, str]:
        """One request and its redirects, streamed: (status, body, content type), by `ends`
        (a time.monotonic() value): each wait (connect, headers, every read) no longer than
        what is left, and a watchdog closes the connection when the time is up — a server that
        sends its headers a byte a second trips no per-read timeout."""
        import threading

        import httpx

        ends = ends if ends is not None else time.monotonic() + self.deadline
        allowed = {_host(url)} | self.redirect_hosts
        operators = None if guarded else _host(url)
        left = max(0.05, min(self.timeout, ends - time.monotonic()))
        with httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=left, follow_redirects=False) as client:
            watchdog = threading.Timer(max(0.0, ends - time.monotonic()), client.close)
            watchdog.daemon = True
            watchdog.start()
            try:
                return self._follow(client, url, allowed, operators, max_bytes, ends)
            except (httpx.HTTPError, RuntimeError) as exc:
                if time.monotonic() >= ends:
                    raise FetchError(f"download took longer than {self.deadline:g} s") from None
                raise exc
            finally:
                watchdog.cancel()

    def _follow(self, client, url: str, allowed: set, operators, max_bytes: int, ends: float) -> tuple[int, bytes, str]:
        """The request and its redirects on `client`, the body streamed within `max_bytes` and `ends`."""
        import httpx

        seen = [url]
        while True:
            hop = httpx.URL(seen[-1])
            target_url, pinned = (hop, {}) if _host(seen[-1]) == operators else self._pinned(hop)
            with client.stream("GET", target_url, **pinned) as response:
                if response.is_redirect:
                    target = str(hop.join(response.headers.get("location", "")))
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
                    if time.monotonic() > ends:
                        raise FetchError(f"download took longer than {self.deadline:g} s")
                return response.status_code, bytes(body), response.headers.get("content-type", "")


    def _pinned(self, url) -> tuple:
        """(the URL with its host replaced by the checked address, the request's Host header and
        TLS server name): the connection goes to the address that was checked, no other.
        Through a proxy (HTTP_PROXY, HTTPS_PROXY; not for NO_PROXY hosts) the proxy resolves
        the host itself: there every address of the host must pass, and the URL is sent as is."""
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        proxied = _proxied(url.scheme, host)
        address = self._checked_address(host, port, every=proxied)
        if proxied:
            return url, {}
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        return url.copy_with(host=address), {"headers": {"Host": url.netloc.decode("ascii")}, "extensions": extensions}

    def _checked_address(self, host: str, port: int, every: bool = False) -> str:
        """An address of host that a guarded download may connect to: a public one, or one
        allow_private names (every: all of host's addresses must be). FetchError (final, not
        retried) when there is none."""
        import httpx

        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:   # retried, like any connection error
            raise httpx.ConnectError(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
        refused = [a for a in addresses if not_public(a) is not None and not _allowed(self.allow_private, host, a, port)]
        usable = [a for a in addresses if a not in refused]
        if usable and not (every and refused):
            return str(usable[0])
        first = refused[0]
        raise FetchError(f"{host} is {not_public(first)} address ({first}); a list's or feed's URLs may not point "
                         f"into this machine or its network (SITREP_ALLOW_PRIVATE_HOSTS allows a host)")


def not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address this is (loopback, private, link-local, multicast,
    reserved …), or None for a public one. An IPv6 form of an IPv4 address (::ffff:127.0.0.1,
    NAT64's 64:ff9b::7f00:1) is judged by the IPv4 address it carries."""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return {"link_local": "a link-local", "unspecified": "an unspecified"}.get(kind, f"a {kind}")
    return None if address.is_global else "a non-public"


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _proxied(scheme: str, host: str) -> bool:
    """Whether httpx sends a request for this scheme and host through a proxy from the
    environment (it reads the same variables, NO_PROXY included)."""
    import urllib.request

    proxies = urllib.request.getproxies()
    return bool(proxies.get(scheme) or proxies.get("all")) and not urllib.request.proxy_bypass(host)


def _allowed(rules: tuple, host: str, address, port: int) -> bool:
    """Whether SITREP_ALLOW_PRIVATE_HOSTS (parsed: settings.allowed_private_hosts) names this
    host by name, or its address by address or network, with this port or any."""
    mapped = getattr(address, "ipv4_mapped", None)
    for target, rule_port in rules:
        if rule_port is not None and rule_port != port:
            continue
        if target == "*" or target == host.lower().rstrip("."):
            return True
        if isinstance(target, (ipaddress.IPv4Network, ipaddress.IPv6Network)) and (address in target or (mapped and mapped in target)):
            return True
    return False


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
        if CONTROL.search(line):
            problems.append(Unreadable(f"{base}#L{n}", f"line {n} of the list ({line[:80]!r}): holds control characters"))
            continue
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
        try:   # the listing itself is fetched every run: it is what changes (the operator's URL: unguarded)
            data, ctype = fetcher.get(source, max_bytes=MAX_LISTING_BYTES, guarded=False)
        except FetchError as exc:
            raise SourceUnreadable(f"cannot read the source {source}: {exc}") from exc
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
        if CONTROL.search(url):   # a feed's link: stored and shown escaped, never fetched
            problems.append(Unreadable(escape_controls(url), "the URL holds control characters"))
            continue
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
