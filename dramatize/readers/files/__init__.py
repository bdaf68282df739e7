"""The files producers send that are not plain text: each is converted to the text of an existing
family (Final Draft -> Fountain, SRT -> `Name: words`, a PDF screenplay -> Fountain built from its
indentation, a PDF play -> plain text…) and handed on with that family and a reason.

One home per format, one module each: fdx.py, pdf.py, osf.py (Fade In), highland.py, docx.py,
subtitles.py (SRT), and layout.py for a screenplay pasted as plain text with its page layout (read
by pdf.py's rules; `read_script` tries it on plain text before family detection). `sniff` says what a file is from its bytes (magic numbers, zip members, the XML
root), `convert` turns it into text. Every converted line remembers where it came from (`Converted.
origins`), so the script's events and warnings name the original file's line (the XML line of a
Final Draft paragraph, the SRT line, the Word paragraph, the PDF's page and line)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from dramatize.errors import DramatizeError

# What each kind is called in messages.
KINDS = {"fdx": "a Final Draft file (.fdx)", "pdf": "a PDF", "fadein": "a Fade In file (.fadein)",
         "highland": "a Highland file (.highland)", "docx": "a Word document (.docx)", "srt": "an SRT subtitle file"}
BY_EXTENSION = {".fdx": "fdx", ".pdf": "pdf", ".fadein": "fadein", ".highland": "highland", ".docx": "docx",
                ".srt": "srt"}
_SRT_CUE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.S)


@dataclass
class Converted:
    """The text a family reader reads, and where each of its lines came from."""

    text: str
    family: str | None  # None: plain text whose family detect.py finds from its content
    reason: str
    origins: list[int]  # origins[i]: the original file's line (or page-and-line number) of text line i + 1
    locate: dict[int, str] = field(default_factory=dict)  # origin -> how to say it ("page 3, line 12"), if not a line
    skipped: list[str] = field(default_factory=list)  # what the conversion left out on purpose, and where
    metadata: dict[str, str] = field(default_factory=dict)  # title page fields the text cannot carry


class TextBuilder:
    """Lines of converted text, each with the original line it came from."""

    def __init__(self):
        self.lines: list[str] = []
        self.origins: list[int] = []

    def add(self, text: str, origin: int) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            self.origins.append(origin)

    def key(self, name: str, value: str, origin: int) -> None:
        """A Fountain title-page key; a value of several lines indented under it."""
        lines = [l.strip() for l in value.strip().split("\n") if l.strip()]
        if len(lines) == 1:
            self.add(f"{name}: {lines[0]}", origin)
        elif lines:
            self.add(f"{name}:", origin)
            for line in lines:
                self.add("    " + line, origin)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", self.origins[-1])

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def sniff(data: bytes) -> str | None:
    """What the bytes are, whatever the file is called: a kind of KINDS, "zip" (another zip), "xml"
    (another XML document) or None (text for the family readers)."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "document.xml" in names:
            return "fadein"
        if any(n.endswith(("text.fountain", "text.md", "text.markdown", "text.txt")) for n in names):
            return "highland"
        return "zip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if re.search(rb"<FinalDraft[\s>]", head):
            return "fdx"
        if head.startswith((b"<?xml", b"<!DOCTYPE", b"<!--")):
            return "xml"
    if _SRT_CUE.match(data[:4096]):
        return "srt"
    return None


def kind_of(path: Path, data: bytes) -> str | None:
    """The kind to convert the file as, or None for plain text. A file whose content says one thing
    and its extension another is one error line, not a guess."""
    by_name = BY_EXTENSION.get(path.suffix.lower())
    found = sniff(data)
    if by_name is None:
        if found == "srt" and not _parses_as_srt(data):
            return None  # subtitles pasted into a text file, not quite SRT: the transcript reader copes
        return found if found in KINDS else None
    if found == by_name:
        return found
    if by_name == "srt" and found is None:
        return "srt"  # the subtitle reader says what is wrong with it
    if by_name == "fdx" and found == "xml":
        raise DramatizeError("is XML but not a Final Draft document (no <FinalDraft> root)", str(path))
    what = KINDS.get(found) or {"zip": "a zip archive of another kind", "xml": "an XML document",
                                None: "plain text"}[found]
    if by_name == "highland" and found == "zip":
        what = "a zip archive without a TextBundle text.fountain or text.md"
    if by_name == "fadein" and found == "zip":
        what = "a zip archive without the Open Screenplay Format document.xml"
    if by_name == "docx" and found == "zip":
        what = "a zip archive without word/document.xml"
    raise DramatizeError(f"is named like {KINDS[by_name]} but its content is {what}; rename it or convert it",
                         str(path))


def _parses_as_srt(data: bytes) -> bool:
    import srt

    try:
        list(srt.parse(data.decode("utf-8-sig", "replace").replace("\r\n", "\n")))
        return True
    except srt.SRTParseError:
        return False


def convert(path: Path, data: bytes) -> Converted | None:
    """The file converted to a family's text, or None when it is plain text already."""
    kind = kind_of(path, data)
    if kind is None:
        return None
    import importlib

    module = {"fadein": "osf", "srt": "subtitles"}.get(kind, kind)  # one module per format, loaded when needed
    converted = importlib.import_module(f"dramatize.readers.files.{module}").convert(data, str(path))
    if not converted.text.strip():
        raise DramatizeError(f"{KINDS[kind]} with no text in it", str(path))
    return converted


def source_lines(path: Path) -> list[str]:
    """The original file's lines as the script's line numbers count them: a text file's lines; for
    a PDF its lines of text page by page (headers and page numbers included), for a Word document
    its paragraphs, for a zipped format the lines of the document inside."""
    from dramatize.inputs import read_bytes
    from dramatize.readers import MAX_BYTES

    data = read_bytes(path, "script", MAX_BYTES)
    kind = sniff(data)
    if kind == "pdf":
        from dramatize.readers.files import pdf

        return [line.text for page in pdf.pages_of(data, str(path))[0] for line in page.lines]
    if kind == "docx":
        from dramatize.readers.files import docx

        return [p for p, _ in docx.paragraphs_of(data, str(path))]
    if kind in ("fadein", "highland"):
        from dramatize.readers.files import highland, osf

        inner = osf.document_of(data, str(path)) if kind == "fadein" else highland.text_of(data, str(path))[1]
        return inner.decode("utf-8-sig", "replace").split("\n")
    return [line.rstrip("\r") for line in data.decode("utf-8-sig", "replace").split("\n")]


def relocate(script, converted: Converted, source: str):
    """The script with every line number turned back into the original file's: events, chapters and
    the `FILE:LINE:` of each warning (a PDF's as page and line)."""
    from dramatize.model import Chapter

    origins = converted.origins

    def back(line: int) -> int:
        return origins[min(max(line, 1), len(origins)) - 1] if origins else line

    def where(match: re.Match) -> str:
        origin = back(int(match.group(1)))
        return f"{source}: {converted.locate[origin]}:" if origin in converted.locate else f"{source}:{origin}:"

    def span(match: re.Match) -> str:
        first, last = back(int(match.group(2))), back(int(match.group(3) or match.group(2)))
        if first in converted.locate:
            said = converted.locate[first] + (f" to {converted.locate[last]}" if last != first else "")
            return f"{said}:"
        return f"lines {first}-{last}:" if last != first else f"line {first}:"

    at = re.compile(re.escape(source) + r":(\d+):")
    lines_at = re.compile(r"^(lines?) (\d+)(?:-(\d+))?:")  # a reader's "lines 1-10: the title page…"
    guessed, title = script.metadata.get("title"), converted.metadata.get("title")
    retitled = title and title != guessed  # the file's own field, not the reader's guess from a line of its text

    def titled(chapter):
        return title if retitled and chapter.kind == "front" and chapter.title == guessed else chapter.title

    chapters = tuple(Chapter(titled(c), tuple(replace(e, line=back(e.line)) for e in c.events), back(c.line), c.kind)
                     for c in script.chapters)
    warnings = tuple(at.sub(where, w) for w in script.warnings)
    metadata = {k: v for k, v in script.metadata.items() if not (retitled and k == "subtitle")}  # (of the guess)
    metadata.update(converted.metadata)
    return replace(script, chapters=chapters, warnings=warnings, metadata=metadata,
                   skipped=tuple(converted.skipped) + tuple(lines_at.sub(span, s) for s in script.skipped))


def relocate_error(err: DramatizeError, converted: Converted, source: str) -> DramatizeError:
    """A family reader's error at a line of the converted text, said at the original file's line."""
    if not err.where or not err.where.startswith(f"{source}:"):
        return err
    try:
        line = int(err.where[len(source) + 1:])
    except ValueError:
        return err
    origin = converted.origins[min(max(line, 1), len(converted.origins)) - 1]
    place = f"{source}: {converted.locate[origin]}" if origin in converted.locate else f"{source}:{origin}"
    return DramatizeError(err.message, place)
