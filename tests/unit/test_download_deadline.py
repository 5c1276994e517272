"""One deadline bounds a whole download — connect, headers, body and retries (issue 32, item 3):
a server that sent its headers a byte a second held a 5 s deadline for 55 s, and a silent one
cost 20 s x 4 attempts whatever the deadline."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from sitrep.tasks.inputs.remote import FetchError, Fetcher


def _server(mode: str) -> tuple[int, socket.socket]:
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def handle(conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            if mode == "silent":
                time.sleep(30)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Pad: " + b"a" * 80 + b"\r\n\r\nhello":
                conn.send(bytes([byte]))
                time.sleep(0.5)
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return srv.getsockname()[1], srv


@pytest.mark.parametrize("mode", ["trickled headers", "silent"])
def test_one_deadline_bounds_the_whole_download(mode):
    port, srv = _server("silent" if mode == "silent" else "trickle")
    fetcher = Fetcher(deadline=3, timeout=20, retries=3, allow_private=(("*", None),))
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="longer than 3 s"):
            fetcher.get(f"http://127.0.0.1:{port}/article", guarded=False)
        assert time.monotonic() - started < 6
    finally:
        srv.close()


def test_a_file_that_grew_after_it_was_listed_is_read_no_further(tmp_path):
    """issue 32, item 3: a file that grew after discovery was read past the 8 MB cap (123 MB)."""
    from sitrep.tasks.inputs.article import read_input
    from sitrep.tasks.inputs.discover import MAX_FILE_BYTES, discover

    path = tmp_path / "a.txt"
    path.write_text("Shelling hit Aleppo on Monday.")
    [item], _ = discover(tmp_path)
    with open(path, "ab") as fh:   # grows between the listing and the read
        fh.write(b"x" * (MAX_FILE_BYTES + 10))
    [rejected] = read_input(item)
    assert rejected.stage == "read" and "grew past" in rejected.reason
