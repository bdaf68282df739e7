"""A content-addressed store: key -> file. Synthesised clips are WAV files under `clips/`,
the hall's sound beds numpy arrays under `beds/`, the master gain of each mix under `gains/`.

Every entry ends with the SHA-256 of what comes before it (WAV and .npy readers stop at the
data they need, so the 32 bytes are invisible to them). An entry is verified on every read: a
file truncated by a crash or a full disk, damaged by a bad copy or replaced by garbage is
deleted and made again, and the render says how many, never using it.

Entries appear only by an atomic rename of a complete, verified file, so an interrupted
run (Ctrl-C, crash, power loss) leaves at most a `*.partial` file, which is never read as
an entry and is removed by `prune`.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
import platformdirs

from dramatize.errors import DramatizeError


def cache_key(*values) -> str:
    """The cache key of anything made from `values`: the SHA-256 of their canonical JSON. Every
    store keys its entries with this. Dataclass fields marked compare=False (a source position
    such as "cast.toml:12", a compiled pattern) are left out: they never shape what is made."""
    text = json.dumps(_canonical(values), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (str, int, float)):  # enums are str: their value
        return value
    raise TypeError(f"no canonical form for {type(value).__name__} in a cache key")


@cache
def code_fingerprint() -> str:
    """A digest of this package's source: what is cached from its computations (sound beds,
    planned gains) is keyed by it, so an edit to the code retires them."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def default_cache_dir() -> Path:
    """The folder holding `clips/`, `beds/` and `gains/`."""
    return Path(os.environ.get("DRAMATIZE_CACHE") or platformdirs.user_cache_dir("dramatize"))


def stores(root: Path) -> dict[str, "ClipCache"]:
    """The caches under `root`, by folder: every render uses them, prune-cache empties them."""
    return {"clips": ClipCache(root / "clips"), "beds": ClipCache(root / "beds", ".npy"),
            "gains": ClipCache(root / "gains", ".npy")}


@contextmanager
def in_use(root: Path, alone: bool = False):
    """The cache under `root`, held while the block runs: shared by renders (each waits for a
    prune to end), alone by prune-cache, which never removes what a running render holds. The
    folder is checked to be one this process can write, with one line naming it if not."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = open(root / ".in-use", "a")
    except (OSError, ValueError) as err:
        raise DramatizeError(f"the cache cannot be written here ({getattr(err, 'strerror', None) or err}); set "
                             f"DRAMATIZE_CACHE to a writable folder, or render with --no-cache", str(root)) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB if alone else fcntl.LOCK_SH)
        except BlockingIOError:
            raise DramatizeError("a render is using the cache now; prune it when the render has finished",
                                 str(root)) from None
        yield


DIGEST = 32  # bytes of SHA-256 at the end of every entry


def sealed(data: bytes) -> bool:
    """Whether `data` ends with the digest of the rest of it."""
    return len(data) > DIGEST and hashlib.sha256(data[:-DIGEST]).digest() == data[-DIGEST:]


class ClipCache:
    def __init__(self, root: Path, suffix: str = ".wav", owner: int | None = None):
        self.root = root
        self.suffix = suffix
        self.owner = owner  # the process whose id names partial files (default: the writing process)
        self.damaged = 0  # entries found damaged (and removed) by get(), for the render's summary
        self._counting = threading.Lock()  # get() may run in several threads (found)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{self.suffix}"

    def _partial(self, key: str) -> Path:
        """Where this process writes the entry before it is whole (remove_partials finds it by the id)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.with_name(f"{key}.{self.owner or os.getpid()}.partial{self.suffix}")

    def get(self, key: str) -> Path | None:
        """The entry's path if it is there and intact, marked as used (pruning by age keeps what
        renders still need); a damaged entry is removed and counted, and None returned."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError:
            data = b""
        if not sealed(data):
            with self._counting:
                self.damaged += 1
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # unreadable and not removable: made again under a fresh write, which replaces it
            return None
        os.utime(path)
        return path

    def found(self, keys) -> dict[str, Path]:
        """{key: path} of the entries among `keys` that are there and intact (each as `get`), read
        and checked on two threads: hashing releases the GIL, so a warm render's every clip is
        checked in half the time before the mix can start."""
        keys = list(keys)
        with ThreadPoolExecutor(2) as checking:
            return {key: path for key, path in zip(keys, checking.map(self.get, keys)) if path}

    @contextmanager
    def writing(self, key: str):
        """A partial path to write the entry to; sealed with its digest, it becomes the entry
        only if the block succeeds."""
        partial = self._partial(key)
        try:
            yield partial
            with open(partial, "r+b") as f:
                digest = hashlib.sha256(f.read()).digest()
                f.write(digest)
            os.replace(partial, self.path(key))
        finally:
            partial.unlink(missing_ok=True)

    def adopt(self, key: str, data: bytes) -> Path:
        """Store an entry made elsewhere (a cluster worker's), as it came: sealed, checked, atomically."""
        if not sealed(data):
            raise OSError(f"the clip {key} arrived damaged")
        partial = self._partial(key)
        try:
            partial.write_bytes(data)
            os.replace(partial, self.path(key))
        finally:
            partial.unlink(missing_ok=True)
        return self.path(key)

    def remove_partials(self, pid: int):
        """Remove what process `pid` was writing when it was stopped."""
        for partial in self.root.glob(f"*/*.{pid}.partial{self.suffix}"):
            partial.unlink(missing_ok=True)

    def save_array(self, key: str, array) -> Path:
        """Store a numpy array as the entry `key` (an .npy cache), atomically."""
        with self.writing(key) as partial:
            np.save(partial, array)
        return self.path(key)

    def prune(self, older_than_days: float = 0.0) -> tuple[int, int]:
        """Remove entries not used for `older_than_days` (0: all) and any partial files.

        Returns (files removed, bytes freed)."""
        if not self.root.is_dir():
            return 0, 0
        limit = time.time() - older_than_days * 86400
        removed = freed = 0
        for path in self.root.glob(f"*/*{self.suffix}"):
            stat = path.lstat()
            if ".partial" in path.name or max(stat.st_atime, stat.st_mtime) < limit or older_than_days == 0:
                if path.is_dir() and not path.is_symlink():  # a folder where an entry belongs: not ours to keep
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed += 1
                freed += stat.st_size
        return removed, freed
