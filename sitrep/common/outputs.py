"""The files a command writes (`query --out`, `export --out`, `report --out`): checked before
any work, written whole or not at all, never over something that is not a file.

A path that names a device, a FIFO, a socket or a folder, a file of the warehouse itself,
or a file in a folder that does not exist is refused with one line (SettingError: exit 2).
The file is written beside its target under a fresh name (O_EXCL, so never through a link
or a pipe someone left there) and renamed over it only when complete.
"""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sitrep.common.settings import SettingError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def checked_output(value: str, flag: str = "--out", warehouse_dir: Path | None = None) -> Path:
    """The regular file `value` names (links followed), or SettingError saying why not."""
    path = Path(value).expanduser()
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SettingError(f"{flag} {value}: cannot be checked ({exc.strerror})") from None
    if st is not None:
        for test, kind in _KINDS:
            if test(st.st_mode):
                raise SettingError(f"{flag} {value} is {kind}, not a file; name a file to write")
        if not stat.S_ISREG(st.st_mode):
            raise SettingError(f"{flag} {value} is not a regular file; name a file to write")
    if warehouse_dir is not None:
        home = Path(os.path.realpath(warehouse_dir))
        if target == home or home in target.parents or _same_file(st, home / "sitrep.duckdb"):
            raise SettingError(f"{flag} {value} is in the warehouse {home}, which only sitrep writes; "
                               "name a file outside it")
    folder = target.parent
    if not folder.is_dir():
        raise SettingError(f"{flag} {value}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SettingError(f"{flag} {value}: the folder {folder} is read-only")
    return target


def _same_file(st: os.stat_result | None, other: Path) -> bool:
    """A hard link to the warehouse's database is the database."""
    try:
        return st is not None and os.path.samestat(st, os.stat(other))
    except OSError:
        return False


@contextmanager
def whole_file(target: Path):
    """Yields a fresh path beside `target` to write; renamed over `target` when the block
    ends, removed if it raises. The new file gets the mode an ordinary new file would."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
