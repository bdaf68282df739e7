"""The files a command reads (a script, a cast file, a cover, a sound, a voice): each checked to be
a regular file of a sane size before it is opened, so a FIFO never hangs a command, /dev/zero
never fills the memory, and a name with a NUL byte or a loop of links is one line, not a traceback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dramatize.errors import DramatizeError


def regular_file(path: Path, kind: str, limit: int) -> int:
    """The size of `path` if it is a regular file of at most `limit` bytes (links followed);
    else one error naming the file and what it is instead."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DramatizeError(f"no such {kind}", str(path)) from None
    except ValueError:  # a NUL byte in the name
        raise DramatizeError(f"a {kind}'s name cannot hold a NUL byte", repr(str(path))) from None
    except OSError as err:  # a loop of links, a folder that is not one, no permission
        raise DramatizeError(f"cannot read the {kind}: {err.strerror}", str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DramatizeError(f"is a folder, not a {kind}", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise DramatizeError(f"is not a regular file (a pipe, device or socket), not a {kind}", str(path))
    if info.st_size > limit:
        raise DramatizeError(f"is {_size(info.st_size)}; a {kind} is at most {_size(limit)}", str(path))
    return info.st_size


def read_bytes(path: Path, kind: str, limit: int) -> bytes:
    """The whole content of a regular file of at most `limit` bytes (see `regular_file`)."""
    regular_file(path, kind, limit)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as err:
        raise DramatizeError(f"cannot read the {kind}: {err.strerror}", str(path)) from None
    if len(data) > limit:  # it grew while we read it
        raise DramatizeError(f"is larger than {_size(limit)}; a {kind} is at most that", str(path))
    return data


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 2**10:.0f} kB" if n >= 2**10 else f"{n} bytes"
