"""The text of a script as numbered lines, and the clean-ups every reader may need.

Readers work on `Line`s, which keep the number of the line they came from, so that a
clean-up (dropping a Project Gutenberg licence, printed line numbers, subtitle timings)
never shifts what later messages point at. Every clean-up returns what it removed, for
`inspect` and the warnings: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the original file
    text: str  # without the line ending


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]
    section: int  # two or more blank lines before it start a new section

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)


def lines_of(text: str) -> list[Line]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [Line(number, raw.replace("\t", "    ").rstrip()) for number, raw in enumerate(text.split("\n"), start=1)]


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Runs of non-blank lines; a gap of two or more blank lines (or a form feed) starts a section."""
    out: list[Paragraph] = []
    current: list[Line] = []
    section = 0
    blank_run = 0
    previous = 0
    for line in lines:
        gap = line.number - previous - 1  # lines a clean-up removed count as blank
        previous = line.number
        if not line.text.strip():
            blank_run += 1
            if current:
                out.append(Paragraph(tuple(current), section))
                current = []
            continue
        blank_run += gap
        if not current:
            if blank_run >= 2 and out:
                section += 1
        blank_run = 0
        current.append(line)
    if current:
        out.append(Paragraph(tuple(current), section))
    return out


# ---------------------------------------------------------------- Project Gutenberg

_GUTENBERG_START = re.compile(r"^\s*\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG", re.I)
_GUTENBERG_END = re.compile(r"^\s*\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG|^\s*End of (the )?Project Gutenberg", re.I)
_HEADER_FIELD = re.compile(r"^\s*(Title|Author|Translator|Release date|Language|Credits)\s*:\s*(.+)$", re.I)


def strip_gutenberg(lines: list[Line]) -> tuple[list[Line], dict[str, str], list[str]]:
    """Drop a Project Gutenberg header and licence, keeping the header's title and author.

    Returns (lines of the work itself, metadata, what was dropped, as messages)."""
    start = next((i for i, line in enumerate(lines) if _GUTENBERG_START.match(line.text)), None)
    if start is None:
        return lines, {}, []
    end = next((i for i in range(start + 1, len(lines)) if _GUTENBERG_END.match(lines[i].text)), len(lines))
    metadata = {}
    for line in lines[:start]:
        match = _HEADER_FIELD.match(line.text)
        if match and match.group(1).lower() in ("title", "author"):
            metadata.setdefault(match.group(1).lower(), match.group(2).strip())
    dropped = [f"lines 1-{lines[start].number}: the Project Gutenberg header, not read"]
    if end < len(lines):
        dropped.append(f"lines {lines[end].number}-{lines[-1].number}: the Project Gutenberg licence, not read")
    return lines[start + 1:end], metadata, dropped


# ---------------------------------------------------------------- markup

_EMPHASIS = re.compile(r"(\*{1,3}|_)(?=\S)(.+?)(?<=\S)\1")
_STRAY = re.compile(r"(?<!\w)[*_]{1,3}(?!\w)|[*_]{1,3}(?=[\s.,;:!?)\]]|$)")


_TAGGED_TERM = re.compile(r"\[[a-z]+:([^\]\s][^\]]*)\]")  # [glossary:S-IVB], a wiki link: the term is the text


def strip_markup(text: str) -> str:
    """Emphasis markup (`_italics_`, `*bold*`, `**strong**`) is never spoken: keep its words."""
    text = _TAGGED_TERM.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    text = _STRAY.sub("", text).replace("{", "").replace("}", "")  # braces group a cast list's lines
    return re.sub(r"\s{2,}", " ", text).strip()


_TIMESTAMP = r"\d{1,3}:\d{2}(?::\d{2}){0,2}(?:[.,]\d{1,3})?"  # 0:03, 00:01:02.5, mission time 00:00:01:54
TIMESTAMP = re.compile(r"[\[(]?" + _TIMESTAMP + r"[\])]?")
LEADING_TIMESTAMP = re.compile(r"^\s*(?:[\[(]?" + _TIMESTAMP + r"[\])]?\s*[-–—|]?\s*)+")
SUBTITLE_TIMING = re.compile(r"^\s*" + _TIMESTAMP + r"\s*-->\s*" + _TIMESTAMP + r"(\s+.*)?$")


# ---------------------------------------------------------------- Markdown, subtitles, YAML

_STRUCK = re.compile(r"<(s|del|strike)>(.*?)</\1>", re.S | re.I)
_ESCAPE = re.compile(r"\\([\[\]()*_#`>\\-])")
_TAGS = re.compile(r"</?(i|b|u|c|lang|ruby|rt|span|em|strong|font)(\.[\w.-]+)?(\s[^>]*)?>|<\d{1,2}(:\d{2}){1,2}[.,]\d{3}>"
                   r"|</v>|&nbsp;", re.I)


def strip_struck(text: str) -> tuple[str, list[str]]:
    """Struck-out text (`<s>…</s>`) is not read; its lines stay, so numbers do not shift."""
    found = []

    def blank(match: re.Match) -> str:
        found.append(" ".join(match.group(2).split()))
        return "\n" * match.group(0).count("\n")

    text = _STRUCK.sub(blank, text)
    return text, [f"struck-out text, not read: {', '.join(repr(f) for f in found[:5])}"] if found else []


def unescape_markdown(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def strip_tags(text: str) -> str:
    """Subtitle and HTML inline tags, and tagged terms ([glossary:S-IVB]); a cue all in italics
    (`<i>Laughs</i>`) is a direction: `[Laughs]`."""
    text = _TAGGED_TERM.sub(r"\1", text)
    body = re.sub(r"^(<v[^>]*>)?\s*<i>([^<]+)</i>\s*$", lambda m: f"{m.group(1) or ''}[{m.group(2).strip()}]", text)
    return _TAGS.sub("", body)


_YAML_FIELD = re.compile(r"^\s*([\w -]+?)\s*:\s*(.*)$")


def strip_yaml(lines: list[Line]) -> tuple[list[Line], dict[str, str], list[str]]:
    """A Markdown file's YAML front matter: its title is kept, the rest is not read."""
    if not lines or lines[0].text.strip() != "---":
        return lines, {}, []
    end = next((i for i in range(1, min(len(lines), 80)) if lines[i].text.strip() in ("---", "...")), None)
    if end is None:
        return lines, {}, []
    import yaml

    try:
        fields = yaml.safe_load("\n".join(line.text for line in lines[1:end])) or {}
    except yaml.YAMLError:
        fields = {m.group(1): m.group(2).strip("'\" ") for m in (_YAML_FIELD.match(line.text) for line in lines[1:end]) if m}
    metadata = {key: " ".join(str(fields[key]).replace("\u00a0", " ").split()) for key in ("title", "author", "date")
                if isinstance(fields, dict) and fields.get(key)}
    return lines[end + 1:], metadata, [f"lines 1-{lines[end].number}: front matter (YAML), not read"]


_FIELD_LINE = re.compile(r"^\s*_[a-z][\w-]*\s*:\s*\S")  # _page : 1, _tape : Tape 1/1 (a transcriber's fields)


def strip_fields(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """A transcriber's bookkeeping lines (`_page : 2`) are not read."""
    fields = [line for line in lines if _FIELD_LINE.match(line.text)]
    if not fields:
        return lines, []
    kept = [line for line in lines if not _FIELD_LINE.match(line.text)]
    names = sorted({line.text.split(":")[0].strip() for line in fields})
    return kept, [f"{len(fields)} transcriber's field lines ({', '.join(names)}) are not read"]
