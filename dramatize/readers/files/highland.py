"""Highland (.highland): a zip holding a TextBundle whose `text.fountain` (or `text.md`) is the
screenplay in Fountain; read as it is, line for line."""

from __future__ import annotations

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted
from dramatize.readers.files.zipped import member

_TEXTS = ("text.fountain", "text.md", "text.markdown", "text.txt")


def text_of(data: bytes, source: str) -> tuple[str, bytes]:
    found: list[str] = []

    def wanted(name: str) -> bool:
        if name.rsplit("/", 1)[-1] in _TEXTS and "__MACOSX" not in name:
            found.append(name)
            return True
        return False

    content = member(data, source, wanted, "a TextBundle text.fountain or text.md", "Highland file")
    return found[0], content


def convert(data: bytes, source: str) -> Converted:
    name, content = text_of(data, source)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        raise DramatizeError(f"holds {name}, which is not UTF-8 text (line {line})", source) from None
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    return Converted(text, "fountain", f"a Highland file (.highland): the Fountain text {name.rsplit('/', 1)[-1]} "
                     f"inside it", list(range(1, len(lines) + 1)))
