"""Readers turn a script file into the Script model; one module per family of scripts.

`read_script(path)` reads the file (any common encoding), detects its family (detect.py, or
`fmt` to say which) and hands it to that family's reader."""

from __future__ import annotations

import codecs
from pathlib import Path

from dramatize.errors import DramatizeError
from dramatize.inputs import read_bytes
from dramatize.model import Script
from dramatize.readers import fountain, hearing, play, radio, transcript

MAX_BYTES = 64 * 1024 * 1024  # a script is text: anything larger is a mistake (or /dev/zero)

# family -> parse(text, source, reason). A new family is one new module and one entry here.
READERS = {"transcript": transcript.parse, "play": play.parse, "fountain": fountain.parse, "hearing": hearing.parse,
           "radio": radio.parse}


def _decode(data: bytes, path: Path) -> str:
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise DramatizeError(f"is not valid {encoding.upper()} text", str(path)) from None
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 3:
        # UTF-16 without a byte-order mark: every other byte of English text is NUL.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise DramatizeError("looks like a binary file (it contains NUL bytes), not a text script", str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DramatizeError(
            f"is not UTF-8 text (byte 0x{data[err.start]:02x} at line {line}); save it as UTF-8",
            f"{path}:{line}",
        ) from None


def read_text(path: Path) -> str:
    """The file's text, or a one-line error for each way a file can be unusable."""
    text = _decode(read_bytes(path, "script", MAX_BYTES), path)  # a FIFO or a device is refused, not read
    if not text.strip():
        raise DramatizeError("the script is empty", str(path))
    return text


def read_script(path: Path, fmt: str | None = None) -> Script:
    text = read_text(path)
    from dramatize.readers.detect import detect

    family, reason = detect(path, text, fmt)
    script = READERS[family](text, str(path), reason)
    if "looks like both" in reason:
        script = script.with_warnings(f"{path}: {reason.split('; ', 1)[1]}")
    return script
