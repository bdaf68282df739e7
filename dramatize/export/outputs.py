"""The files a command writes, as one unit.

Each is written under a temporary name in its own folder (`.NAME.dramatize-PID-TOKEN.partial.EXT`,
a name no user's file has), and only
when every one of them is complete are they renamed into place, one after another: a failure
while they are written (a full disk, ffmpeg dying, Ctrl-C) leaves the previous set exactly as
it was, and removes the temporary files and any folder this command created. (The renames
themselves need no space; only a folder whose permissions change midway could stop them.) Temporary files left by
a process that was killed (SIGKILL leaves no chance to clean up) are removed by the next
command that writes to the same folder.

Before anything is written, an output that would replace one of the command's inputs (the
script, the cast file, a producer's sound or cover) or a folder is refused.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path

from dramatize.errors import DramatizeError

_TOKEN = secrets.token_hex(4)  # this process's mark on its temporary files
_PARTIAL = re.compile(r"^\..+\.dramatize-(\d+)-[0-9a-f]{8}\.partial(\.[\w.]+)?$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_partials(folder: Path):
    """Temporary files of writers that are gone (killed before they could clean up)."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        match = _PARTIAL.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)  # an AAC encoder's pieces (aac.py)
            elif entry.is_file():
                entry.unlink(missing_ok=True)


def refuse_overwriting(outputs, inputs):
    """One line, before any work, if an output is a folder or would replace an input."""
    named = {}
    for kind, path in inputs:
        if path is not None and Path(path).exists():
            named[_real(path)] = (kind, path)
    for output in outputs:
        output = Path(output)
        if output.is_dir():
            raise DramatizeError("is a folder; give the output a file name (e.g. out/drama.m4b)", str(output))
        if output.exists() and not output.is_file():
            raise DramatizeError("is not a regular file (a device, pipe or socket): it would be replaced; choose "
                                 "another -o", str(output))
        clash = named.get(_real(output))
        if clash:
            kind, path = clash
            raise DramatizeError(f"writing {output.name} would replace the {kind} ({path}); choose another -o",
                                 str(output))


def _real(path) -> str:
    """The path with every link followed (a loop of links is left as it is, never an error)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


class OutputSet:
    def __init__(self):
        self._temps: dict[Path, Path] = {}  # final -> temporary
        self._made: list[Path] = []  # folders this command created, deepest last

    def __enter__(self) -> OutputSet:
        return self

    def _folder(self, folder: Path):
        missing = []
        for parent in [folder, *folder.parents]:
            if parent.exists():
                break
            missing.append(parent)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise DramatizeError("cannot write here: a file stands where its folder would be", str(folder)) from None
        except OSError as err:
            raise DramatizeError(f"cannot write here: {err.strerror}", str(folder)) from None
        self._made += reversed(missing)

    def temp(self, final: Path) -> Path:
        """A new, empty temporary file for `final`, in its folder (created if needed)."""
        final = Path(final)
        self._folder(final.parent)
        remove_stale_partials(final.parent)
        temp = final.with_name(f".{final.name}.dramatize-{os.getpid()}-{_TOKEN}.partial{final.suffix}")
        try:
            temp.touch()
        except OSError as err:
            raise DramatizeError(f"cannot write here: {err.strerror}", str(final)) from None
        self._temps[final] = temp
        return temp

    def commit(self):
        umask = os.umask(0)
        os.umask(umask)
        try:
            for final, temp in self._temps.items():
                os.chmod(temp, 0o666 & ~umask)  # an ordinary file, as the user's other files
            for final, temp in self._temps.items():
                os.replace(temp, final)
        except OSError as err:
            raise DramatizeError(f"cannot finish writing: {err.strerror}", str(final)) from None
        self._temps.clear()

    def discard(self):
        for temp in self._temps.values():
            temp.unlink(missing_ok=True)
        self._temps.clear()
        for folder in reversed(self._made):
            try:
                folder.rmdir()  # only if empty: a folder holding anything else stays
            except OSError:
                pass
        self._made.clear()

    def __exit__(self, kind, value, traceback):
        try:
            if kind is None:
                self.commit()
        finally:
            self.discard()
        return False
