"""Nobody gets in (issue 27), through the real command line against a real Prefect server:
paths are data, the URLs a fetched list names stay outside the machine's own network,
outputs never clobber what they land on, a forged publish journal moves nothing, and no
control character reaches a terminal."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sitrep.common.settings import sample_corpus
from sitrep.tasks.run.spool import arrow_schema
from tests.integration.test_reliability import ARTICLE, sitrep

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def settle(folder: Path) -> None:
    """Files a minute old: a file changed in the last two seconds is always read again (see
    discover.local_stamp), and a rerun here must find nothing changed."""
    old = time.time() - 60
    for p in folder.iterdir():
        os.utime(p, (old, old))


def small_source(root: Path, n: int = 2) -> Path:
    src = root / "src"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:n]:
        shutil.copy(p, src / p.name)
    settle(src)
    return src


# ---- 1. paths are data -----------------------------------------------------------------

def test_the_red_teams_warehouse_path_loads_as_a_folder_and_runs_no_sql(tmp_path, prefect_server):
    """The attack of issue 27, item 1, verbatim but under tmp_path; and a folder whose name
    holds every character SQL or a glob reads (' " [ ] * ? spaces, other scripts)."""
    pwned = tmp_path / "pwned.csv"
    injected = (f"{tmp_path}/x/**/articles/part-*.parquet'); COPY (SELECT 'pwned' AS x) TO '{pwned}'; "
                f"SELECT 1 FROM read_parquet('{tmp_path}/x")
    odd = f"{tmp_path}/it's [1] \"wh\" * ? – مستودع"
    src = small_source(tmp_path)
    # what the injection's first read_parquet('…/x/**/articles/part-*.parquet') finds, so that
    # pasted into the load's SQL it would go on to its COPY
    decoy = tmp_path / "x" / "decoy" / "articles" / "part-1.parquet"
    decoy.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([], schema=arrow_schema("articles")), decoy)
    for wh in (injected, odd):
        proc = sitrep(["run", "--source", str(src), "--warehouse", wh, "--task-runner", "threads"], prefect_server, check=False)
        assert not pwned.exists(), "the warehouse's path ran as SQL"
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stdout + proc.stderr
        proc = sitrep(["query", "select count(*) as n from article_sources", "--warehouse", wh, "--format", "csv"],
                      prefect_server)
        assert proc.stdout.splitlines() == ["n", "2"]
        again = sitrep(["run", "--source", str(src), "--warehouse", wh, "--task-runner", "threads"], prefect_server)
        assert "nothing changed" in again.stdout
    assert sorted(p.name for p in Path(odd).iterdir() if not p.name.startswith(".")) == [
        "input-ledger.parquet", "parquet", "settled.json", "sitrep.duckdb"]


# ---- 3. outputs never clobber what they land on -----------------------------------------

@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_server):
    root = tmp_path_factory.mktemp("loaded")
    wh = root / "wh"
    sitrep(["run", "--source", str(small_source(root)), "--warehouse", str(wh), "--task-runner", "threads"], prefect_server)
    return wh


def fingerprint(path: Path):
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), st.st_ino, st.st_size, st.st_mtime_ns


OUTPUT_COMMANDS = {
    "query": ["query", "select * from events", "--format", "csv", "--out"],
    "export": ["export", "--format", "acled", "--out"],
    "report": ["report", "--out"],
}


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
@pytest.mark.parametrize("what", ["device", "fifo", "folder", "missing-folder", "warehouse-db", "hard-link-to-db",
                                  "link-into-warehouse"])
def test_an_output_that_is_not_a_file_of_its_own_is_refused_before_any_work(loaded, tmp_path, command, what):
    """Issue 27, item 3: exit 2 with one line, nothing replaced, no hang on a FIFO."""
    suffix = ".csv" if command != "report" else ".html"
    out = tmp_path / f"out{suffix}"
    if what == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(out, stat.S_IFCHR | 0o666, os.makedev(1, 3))   # what /dev/null is
    elif what == "fifo":
        os.mkfifo(out)
    elif what == "folder":
        out.mkdir()
    elif what == "missing-folder":
        out = tmp_path / "no" / "such" / f"out{suffix}"
    elif what == "warehouse-db":
        out = loaded / "sitrep.duckdb"
    elif what == "hard-link-to-db":
        os.link(loaded / "sitrep.duckdb", out)
    else:
        out.symlink_to(loaded / f"inside{suffix}")
    before = fingerprint(out) if os.path.lexists(out) else None
    db_before = fingerprint(loaded / "sitrep.duckdb")
    proc = subprocess.run([SITREP, *OUTPUT_COMMANDS[command], str(out), "--warehouse", str(loaded)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""
    assert (fingerprint(out) if os.path.lexists(out) else None) == before
    assert fingerprint(loaded / "sitrep.duckdb") == db_before
    assert not (loaded / f"inside{suffix}").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_an_output_replaces_an_existing_file_whole_and_writes_through_a_link(loaded, tmp_path, command):
    suffix = ".csv" if command != "report" else ".html"
    real, link = tmp_path / f"real{suffix}", tmp_path / f"link{suffix}"
    real.write_text("old")
    link.symlink_to(real)
    proc = subprocess.run([SITREP, *OUTPUT_COMMANDS[command], str(link), "--warehouse", str(loaded)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and real.read_text() != "old" and real.stat().st_size > 0
    assert oct(real.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([real.name, link.name])


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ---- 2. the URLs a fetched list names stay outside --------------------------------------

def serve(handler_body) -> tuple[ThreadingHTTPServer, Counter]:
    hits: Counter = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            hits[self.path] += 1
            status, body, headers = handler_body(self)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, hits


SECRET = b"internal admin settings: the database password is hunter2, and more words here"


@pytest.fixture(scope="module")
def internal_and_list():
    """An internal service (think the Prefect API's /api/admin/settings) and a list server,
    both on loopback; the list names the internal service every way a host can be written,
    by a redirect, and one good article of its own."""
    internal, internal_hits = serve(lambda h: (200, SECRET, {"Content-Type": "text/plain"}))
    q = internal.server_port

    def listing(h):
        p = h.server.server_port
        if h.path == "/good.txt":
            return 200, ARTICLE.encode(), {"Content-Type": "text/plain"}
        if h.path == "/to-internal.txt":
            return 302, b"", {"Location": f"http://127.0.0.1:{q}/via-redirect"}
        if h.path == "/feed.xml":
            return 200, (f"<rss version='2.0'><channel><item><link>http://localhost:{q}/from-feed</link></item>"
                         f"<item><link>http://127.0.0.1:{p}/good.txt</link></item></channel></rss>").encode(), \
                {"Content-Type": "application/rss+xml"}
        lines = [f"http://127.0.0.1:{q}/plain", f"http://localhost:{q}/by-name", f"http://[::ffff:127.0.0.1]:{q}/mapped",
                 f"http://2130706433:{q}/decimal", f"http://127.1:{q}/short", f"http://0.0.0.0:{q}/unspecified",
                 f"http://[::1]:{q}/v6", "/to-internal.txt", "/good.txt"]
        return 200, "\n".join(lines).encode(), {"Content-Type": "text/plain"}

    lister, _ = serve(listing)
    yield f"http://127.0.0.1:{lister.server_port}", lister.server_port, internal_hits
    internal.shutdown()
    lister.shutdown()


def test_a_list_cannot_make_sitrep_fetch_from_loopback(internal_and_list, tmp_path, prefect_server):
    """Issue 27, item 2, through the CLI: the operator's list on 127.0.0.1:P is fetched (the
    operator chose it) and so is the one host SITREP_ALLOW_PRIVATE_HOSTS names; the lines
    and redirects pointing at the internal service are set aside, and it is never asked."""
    base, port, internal_hits = internal_and_list
    wh = tmp_path / "wh"
    for source in (base + "/list.txt", base + "/feed.xml"):
        sitrep(["run", "--source", source, "--warehouse", str(wh), "--task-runner", "threads"], prefect_server,
               env={"SITREP_ALLOW_PRIVATE_HOSTS": f"127.0.0.1:{port}", "SITREP_REDIRECT_HOSTS": "*"})
    assert sum(internal_hits.values()) == 0, internal_hits
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    loaded = {u for (u,) in con.execute("select source_uri from article_sources").fetchall()}
    reasons = dict(con.execute("select source_uri, reason from quarantine").fetchall())
    texts = " ".join(t for (t,) in con.execute("select text from articles").fetchall())
    con.close()
    assert loaded == {base + "/good.txt"}
    assert "hunter2" not in texts and not [p for p in (wh / "raw").rglob("*") if p.is_file() and b"hunter2" in p.read_bytes()]
    assert len(reasons) == 9, reasons
    for uri, reason in reasons.items():
        assert "may not point into this machine" in reason, (uri, reason)
    assert "is a loopback address" in reasons[base + "/to-internal.txt"]     # the redirect, checked on its own


def test_only_sitrep_allow_private_hosts_opens_the_door(internal_and_list, tmp_path):
    from sitrep.tasks.inputs.remote import Fetcher, resolve_source

    base, port, internal_hits = internal_and_list
    before = sum(internal_hits.values())
    files, problems = resolve_source(base + "/list.txt", tmp_path / "raw1", Fetcher(rate=1000, retries=0, allow_private=()))
    assert files == [] and len(problems) == 9 and sum(internal_hits.values()) == before
    files, _ = resolve_source(base + "/list.txt", tmp_path / "raw2", Fetcher(rate=1000, retries=0, allow_private=(("*", None),),
                                                                             redirect_hosts=frozenset({"*"})))
    assert sum(internal_hits.values()) > before and any(b"hunter2" in Path(f.path).read_bytes() for f in files)


def test_a_bad_allow_private_hosts_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run([SITREP, "run", "--warehouse", str(tmp_path / "wh")], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, SITREP_ALLOW_PRIVATE_HOSTS="10.0.0.0/99"))
    assert proc.returncode == 2 and "SITREP_ALLOW_PRIVATE_HOSTS" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "wh").exists()


# ---- 6. no control character reaches a terminal -----------------------------------------

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"   # sets the terminal's clipboard to "rm -rf ~"


def test_control_characters_are_neither_stored_nor_shown(tmp_path, prefect_server):
    """Issue 27, item 6: control characters in a JSON article's source and author fields and
    in a file name. Every text column of every table is free of them; the file name is
    stored and shown with them written out; `sitrep query` prints none; a rerun finds the
    file unchanged under its escaped name."""
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    (src / f"strike{OSC52}\x9b31m.txt").write_text(ARTICLE)
    (src / "wire.json").write_text(json.dumps({
        "text": "Shelling kills three in Daraa. Government shelling of Daraa al-Balad killed three people on Friday, "
                "activists said.", "source": f"Levant{OSC52} Wire\x1b[2J", "author": f"Jane\x07 Doe\x9d0;x\x9c",
        "date": "2017-03-05", "title": f"Shelling\x1b[31m in Daraa"}))
    settle(src)
    sitrep(["run", "--source", str(src), "--warehouse", str(wh), "--task-runner", "threads"], prefect_server)

    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    text_columns = con.execute("select table_name, column_name from information_schema.columns "
                               "where data_type = 'VARCHAR' and table_schema = 'main' "
                               "and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')").fetchall()
    for table, column in text_columns:
        dirty = con.execute(f"select count(*) from {table} where regexp_matches({column}, '[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]')").fetchone()[0]
        assert dirty == 0, (table, column)
    uris = sorted(u for (u,) in con.execute("select source_uri from article_sources").fetchall())
    outlet, byline = con.execute("select outlet, byline from articles where source_uri like '%wire.json'").fetchone()
    con.close()
    assert uris == sorted([f"{src}/strike\\x1b]52;c;cm0gLXJmIH4K\\x07\\x9b31m.txt", f"{src}/wire.json"])
    assert "\x1b" not in outlet + byline and "Levant" in outlet and "Jane" in byline

    for fmt in ("table", "csv", "json"):
        shown = sitrep(["query", "select source_uri, outlet, byline, title from articles", "--warehouse", str(wh),
                        "--format", fmt, "--max-width", "400"], prefect_server)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown.stdout), repr(shown.stdout)
        assert "\\x1b]52" in shown.stdout.replace("\\\\", "\\")
    again = sitrep(["run", "--source", str(src), "--warehouse", str(wh), "--task-runner", "threads"], prefect_server)
    assert "nothing changed" in again.stdout


def test_a_warehouse_that_already_holds_control_characters_is_shown_escaped(tmp_path):
    """Rows an older sitrep stored raw: `sitrep query` shows their control characters
    written out, never sends them to the terminal."""
    wh = tmp_path / "wh"
    wh.mkdir()
    with duckdb.connect(str(wh / "sitrep.duckdb")) as con:
        con.execute("create table articles as select ? as source_uri, ? as byline", [f"/src/a{OSC52}.txt", "x\x9b2J"])
    proc = subprocess.run([SITREP, "query", "select * from articles", "--warehouse", str(wh)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.stdout), repr(proc.stdout)
    assert "/src/a\\x1b]52;c;cm0gLXJmIH4K\\x07.txt" in proc.stdout and "x\\x9b2J" in proc.stdout


def test_through_a_proxy_every_address_is_checked_and_the_proxy_asked_only_for_allowed_hosts(
        internal_and_list, monkeypatch):
    """With HTTP_PROXY set the proxy resolves the host itself: a guarded URL goes to it only
    when every address of its host may be reached, and then unchanged (host name kept)."""
    from sitrep.tasks.inputs.remote import Fetcher, FetchError

    base, port, internal_hits = internal_and_list
    proxy, proxy_hits = serve(lambda h: (200, b"via the proxy", {"Content-Type": "text/plain"}))
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        with pytest.raises(FetchError, match="is a loopback address"):
            Fetcher(rate=1000, retries=0, allow_private=()).get(f"http://localhost:{port}/secret")
        assert not proxy_hits
        data, _ = Fetcher(rate=1000, retries=0, allow_private=(("localhost", None),)).get(f"http://localhost:{port}/ok")
        assert data == b"via the proxy" and list(proxy_hits) == [f"http://localhost:{port}/ok"]
    finally:
        proxy.shutdown()


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_an_export_to_a_closed_pipe_or_a_full_disk_is_one_line(loaded, fmt):
    """issue 32, item 5, for `sitrep export` as for `sitrep query`: `… | head -1` is the end
    (exit 0), `> /dev/full` exit 4 with one line — never a traceback."""
    cmd = [str(Path(sys.executable).with_name("sitrep")), "export", "--format", fmt, "--warehouse", str(loaded)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip()   # the header
    proc.stdout.close()   # the reader is done, as `head -1` would be
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in err, err
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            done = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, timeout=120)
        assert done.returncode == 4 and b"Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
