"""Readers turn a script file into the Script model; one module per input format."""

from __future__ import annotations

from pathlib import Path

from dramatize.errors import DramatizeError
from dramatize.model import Script
from dramatize.readers import transcript

# Extension -> parse(text, source) function. A new format is one new module and one entry here.
READERS = {".txt": transcript.parse, ".transcript": transcript.parse}


def read_text(path: Path) -> str:
    """The file's text, or a one-line error for each way a file can be unusable."""
    if not path.exists():
        raise DramatizeError("no such file", str(path))
    if path.is_dir():
        raise DramatizeError("is a directory, not a script file", str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DramatizeError(f"cannot read: {err.strerror}", str(path)) from None
    if b"\x00" in data[:65536]:
        raise DramatizeError("looks like a binary file (it contains NUL bytes), not a text script", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DramatizeError(
            f"is not UTF-8 text (byte 0x{data[err.start]:02x} at line {line}); save it as UTF-8",
            f"{path}:{line}",
        ) from None
    if not text.strip():
        raise DramatizeError("the script is empty", str(path))
    return text


def read_script(path: Path) -> Script:
    parse = READERS.get(path.suffix.lower(), transcript.parse)
    return parse(read_text(path), str(path))
