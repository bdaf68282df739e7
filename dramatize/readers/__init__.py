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
from dramatize.readers.reading import with_reading

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


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file's text, or a one-line error for each way a file can be unusable."""
    if data is None:
        data = read_bytes(path, "script", MAX_BYTES)  # a FIFO or a device is refused, not read
    text = _decode(data, path)
    if not text.strip():
        raise DramatizeError("the script is empty", str(path))
    return text


def read_script(path: Path, fmt: str | None = None, reading=None) -> Script:
    """`reading`: a cast file's [reading] corrections (readers/reading.py), or None."""
    fmt = fmt or (reading.format if reading is not None else None)
    from dramatize.readers.detect import BY_EXTENSION, detect
    from dramatize.readers.files import convert, layout, relocate, relocate_error

    data = read_bytes(path, "script", MAX_BYTES)
    converted = convert(path, data)  # a producer's file (.fdx, .pdf, .docx…) becomes a family's text
    text = read_text(path, data) if converted is None else ""
    named = BY_EXTENSION.get(path.suffix.lower(), ("",))[0]  # a .fountain file is Fountain, indented or not
    if converted is None and fmt in (None, "fountain") and named != "fountain":
        converted = layout.convert(text, str(path))  # a screenplay pasted with its page layout
    if converted is None:
        family, reason = detect(path, text, fmt)
    else:
        text, family, reason = converted.text, converted.family, converted.reason
        if converted.family is None or fmt:  # (a PDF play's text is told apart by its content)
            family, found = detect(Path(path.stem + ".txt"), text, fmt)
            reason = f"{found} (from {reason})"
    try:
        script = READERS[family](text, str(path), reason, **with_reading(READERS[family], reading))
    except DramatizeError as err:
        if converted is None:
            raise
        raise relocate_error(err, converted, str(path)) from None
    if converted is not None:
        script = relocate(script, converted, str(path))
    if "looks like both" in reason:
        script = script.with_warnings(f"{path}: {reason.split('; ', 1)[1]}")
    return script
