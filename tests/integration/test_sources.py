"""Sources beyond a folder, against a local HTTP server on loopback: a URL list with a
missing page and a flaky one, an RSS feed, an Atom feed; the raw zone means a rerun
downloads no article again."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import fsspec
import pytest

from sitrep.tasks.inputs.remote import Fetcher, FetchError, RawZone, feed_links, resolve_source

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><nav>Home | News</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>".encode()


PAGES = {
    "/a1.html": page("Strikes hit Saraqib", "Air strikes on the town of Saraqib in Idlib province killed seven civilians on Tuesday, rescue workers said."),
    "/a2.html": page("Shelling in Daraa", "Government shelling of Daraa al-Balad killed three people on Friday, activists said, as troops massed nearby."),
    "/a3.html": page("Car bomb in Azaz", "A car bomb exploded at a market in Azaz on Sunday, killing at least eight people, the Observatory said."),
    "/flaky.html": page("Clashes near Hama", "Clashes between rebels and government forces near Morek killed 12 fighters on Monday, the Observatory said."),
    "/a4.txt": b"Raids on Raqqa\n\nCoalition air strikes on Raqqa killed 11 civilians on Saturday, activists said in a statement.\n",
}
FEEDS = {
    "/urls.txt": b"# articles to read\n/a1.html\n/missing.html\n/flaky.html\n\n/a4.txt\n",
    "/feed.xml": b"<?xml version='1.0'?><rss version='2.0'><channel><title>Levant Wire</title><link>http://x/</link>"
                 b"<item><title>one</title><link>LINK/a1.html</link></item><item><title>two</title><link>LINK/a2.html</link></item></channel></rss>",
    "/atom.xml": b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                 b"<entry><title>three</title><link rel='alternate' href='LINK/a3.html'/></entry></feed>",
}


@pytest.fixture(scope="module")
def server():
    hits: Counter = Counter()
    flaky_failures = {"n": 2}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            hits[self.path] += 1
            if self.path == "/flaky.html" and flaky_failures["n"] > 0:
                flaky_failures["n"] -= 1
                self.send_response(503)
                self.end_headers()
                return
            body = PAGES.get(self.path) or FEEDS.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            body = body.replace(b"LINK", f"http://127.0.0.1:{self.server.server_port}".encode())
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if self.path.endswith(".html") else "text/plain")
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_port}", hits
    httpd.shutdown()


def run(source, wh, api):
    # the test server is on loopback: the URLs its lists name may point there
    proc = subprocess.run([SITREP, "run", "--source", source, "--warehouse", str(wh)], capture_output=True, text=True,
                          env=dict(os.environ, PREFECT_API_URL=api, SITREP_ALLOW_PRIVATE_HOSTS="127.0.0.1"), timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_url_list_with_missing_and_flaky_pages_and_no_redownload(server, tmp_path, prefect_server):
    base, hits = server
    wh = tmp_path / "wh"
    run(f"{base}/urls.txt", wh, prefect_server)
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    loaded = {u for (u,) in con.execute("select source_uri from article_sources").fetchall()}
    quarantined = dict(con.execute("select source_uri, reason from quarantine").fetchall())
    con.close()
    assert loaded == {f"{base}/a1.html", f"{base}/flaky.html", f"{base}/a4.txt"}
    assert "HTTP 404" in quarantined[f"{base}/missing.html"]
    assert hits["/flaky.html"] == 3 and hits["/missing.html"] == 1   # 5xx retried, 4xx not
    assert len(list((wh / "raw").glob("*/*"))) == 3
    before = dict(hits)
    out = run(f"{base}/urls.txt", wh, prefect_server)
    assert hits["/urls.txt"] == before["/urls.txt"] + 1                  # the list is read again
    for p in ("/a1.html", "/flaky.html", "/a4.txt"):
        assert hits[p] == before[p], p                                   # the articles are not
    assert "unchanged        3" in out


def test_rss_and_atom_feeds(server, tmp_path, prefect_server):
    base, _ = server
    run(f"{base}/feed.xml", tmp_path / "wh", prefect_server)
    run(f"{base}/atom.xml", tmp_path / "wh", prefect_server)
    con = duckdb.connect(str(tmp_path / "wh" / "sitrep.duckdb"), read_only=True)
    titles = sorted(t for (t,) in con.execute("select title from articles").fetchall())
    con.close()
    assert titles == ["Car bomb in Azaz", "Shelling in Daraa", "Strikes hit Saraqib"]


def test_fetcher_is_polite(server):
    base, hits = server
    f = Fetcher(rate=1000, retries=1, backoff=0.01, allow_private=(("127.0.0.1", None),))
    with pytest.raises(FetchError, match="HTTP 404"):
        f.get(f"{base}/nothing-here")
    assert hits["/nothing-here"] == 1


def test_feed_links_ignores_non_feeds():
    assert feed_links(b"<html><body>not a feed</body></html>") is None
    assert feed_links(b"http://a/1\nhttp://a/2") is None


def test_fsspec_uris_land_in_the_raw_zone(tmp_path):
    fs = fsspec.filesystem("memory")
    fs.pipe("/bucket/reports/a.txt", PAGES["/a4.txt"])
    fs.pipe("/bucket/reports/skip.png", b"\x89PNG")
    files, problems = resolve_source("memory://bucket/reports", tmp_path / "raw")
    assert [f.uri for f in files] == ["memory:///bucket/reports/a.txt"] and not problems
    assert Path(files[0].path).read_bytes() == PAGES["/a4.txt"]
    assert RawZone(tmp_path / "raw").get("memory:///bucket/reports/a.txt")


def test_s3_source_against_a_local_s3_server(tmp_path, prefect_server):
    """s3:// through s3fs, against moto's S3-compatible server on loopback."""
    import boto3
    from moto.server import ThreadedMotoServer

    from sitrep.prefect_server import free_port

    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    moto.start()
    try:
        env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
        s3 = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
        s3.create_bucket(Bucket="reports")
        s3.put_object(Bucket="reports", Key="syria/2017/raqqa.txt", Body=PAGES["/a4.txt"])
        s3.put_object(Bucket="reports", Key="syria/2017/saraqib.html", Body=PAGES["/a1.html"])
        s3.put_object(Bucket="reports", Key="syria/2017/photo.jpg", Body=b"\xff\xd8\xff")
        proc = subprocess.run([SITREP, "run", "--source", "s3://reports/syria", "--warehouse", str(tmp_path / "wh")],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, PREFECT_API_URL=prefect_server, **env))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        con = duckdb.connect(str(tmp_path / "wh" / "sitrep.duckdb"), read_only=True)
        uris = sorted(u for (u,) in con.execute("select source_uri from article_sources").fetchall())
        con.close()
        assert uris == ["s3://reports/syria/2017/raqqa.txt", "s3://reports/syria/2017/saraqib.html"]
    finally:
        moto.stop()
