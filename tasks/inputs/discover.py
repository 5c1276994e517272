"""Finding article inputs under a source."""
from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from sitrep.common.layout import DB_NAME
from sitrep.common.text import escape_controls
from sitrep.common.uris import article_format

MAX_FILE_BYTES = 8 * 1024 * 1024   # larger "articles" are dumps, not reports; quarantined unread


@dataclass(frozen=True)
class InputFile:
    """One article file found under the source: where it is and how to read it."""

    uri: str
    format: str
    size: int
    path: str | None = None   # local copy to read (a downloaded URL's file in the raw zone); default: uri
    # what identifies this version of the file without reading it (the input ledger's check):
    # size and modification time of a local file, the content hash of a downloaded one
    stamp: str | None = None


@dataclass(frozen=True)
class Unreadable:
    """A path under the source that could not even be listed or stat'ed."""

    uri: str
    reason: str


def local_stamp(st: os.stat_result) -> str | None:
    """size:mtime of a local file, unless it changed in the last two seconds: a file written
    again within the filesystem's timestamp resolution could keep both (git's racy-clean
    rule), so a file that young is always read."""
    if time.time_ns() - st.st_mtime_ns < 2_000_000_000:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def printable(path: str) -> str:
    """A path as UTF-8 text: bytes that are not UTF-8 (kept by Python as surrogates) shown as
    U+FFFD, control characters written out (`\x1b`): what the warehouse stores and shows."""
    return escape_controls(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _is_utf8(path: str) -> bool:
    """False for a name with bytes that are not UTF-8 (Python keeps them as surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _input_file(path: str, fmt: str, st: os.stat_result) -> InputFile:
    """A file's input: named by its printable path (a name with an ESC in it is stored and
    shown with `\x1b` written out), read from its real one."""
    uri = printable(path)
    return InputFile(uri, fmt, st.st_size, path=None if uri == path else path, stamp=local_stamp(st))


def discover(source: str | os.PathLike) -> tuple[list[InputFile], list[Unreadable]]:
    """Every article file under a local directory (recursively, links not followed into
    loops), sorted by path so that runs are deterministic; or the single file given."""
    root = Path(source).expanduser()
    if not root.exists():
        raise FileNotFoundError(f"source not found: {root}")
    found: list[InputFile] = []
    problems: list[Unreadable] = []
    if root.is_file():
        fmt = article_format(root.name)
        if fmt is None:
            raise ValueError(f"{root} is not an article file (.txt, .html, .htm, .json, .jsonl)")
        return [_input_file(str(root), fmt, root.stat())], []

    seen_dirs: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        problems.append(Unreadable(printable(str(exc.filename)), f"cannot list directory: {exc.strerror}"))

    real_root = os.path.realpath(root)

    def outside(path: str) -> bool:
        real = os.path.realpath(path)
        return real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep)

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        if outside(dirpath):   # a link from inside the source to a folder elsewhere
            problems.append(Unreadable(printable(dirpath), "a link to a folder outside the source, not followed"))
            dirnames[:] = []
            continue
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            problems.append(Unreadable(printable(dirpath), f"cannot read directory: {exc.strerror}"))
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:   # a symlink loop, or a second link to a directory already read
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        if DB_NAME in filenames:   # a warehouse (`--source .` over its own folder): its files are no articles
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            fmt = article_format(name)
            if fmt is None:
                continue
            path = os.path.join(dirpath, name)
            if not _is_utf8(path):
                problems.append(Unreadable(printable(path), "file name is not valid UTF-8; rename the file"))
                continue
            if outside(path):
                problems.append(Unreadable(printable(path), "a link to a file outside the source, not followed"))
                continue
            try:
                st = os.stat(path)
            except OSError as exc:
                problems.append(Unreadable(printable(path), f"cannot stat file: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(st.st_mode):   # a FIFO would block the run in open() for ever
                problems.append(Unreadable(printable(path), "not a regular file (a pipe, socket or device)"))
                continue
            found.append(_input_file(path, fmt, st))
    found.sort(key=lambda f: f.uri)
    return found, problems
