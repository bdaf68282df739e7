"""One member of a zip archive (Fade In, Highland, Word), read with a size limit so a zip bomb is
refused, not unpacked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from dramatize.errors import DramatizeError

MAX_MEMBER = 64 * 1024 * 1024  # as readers.MAX_BYTES: a script is text


def member(data: bytes, source: str, wanted: Callable[[str], bool], what: str, kind: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = next((i for i in archive.infolist() if wanted(i.filename)), None)
        if info is None:
            raise DramatizeError(f"is a zip archive without {what}, so not a {kind}", source)
        if info.file_size > MAX_MEMBER:
            raise DramatizeError(f"holds {info.filename} of {info.file_size // 2**20} MB unpacked; a script is at most "
                                 f"{MAX_MEMBER // 2**20} MB", source)
        with archive.open(info) as f:
            content = f.read(MAX_MEMBER + 1)
        if len(content) > MAX_MEMBER:
            raise DramatizeError(f"holds {info.filename} larger than it says; refused", source)
        return content
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, OSError) as err:
        raise DramatizeError(f"is a {kind} whose zip archive is damaged or cut short ({err}); save it again",
                             source) from None
