"""The text of a script as numbered lines, and the clean-ups every reader may need.

Readers work on `Line`s, which keep the number of the line they came from, so that a
clean-up (dropping a Project Gutenberg licence, printed line numbers, subtitle timings)
never shifts what later messages point at. Every clean-up returns what it removed, for
`inspect` and the warnings: nothing is dropped silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based, in the original file
    text: str  # without the line ending


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]
    section: int  # two or more blank lines before it start a new section
    joined: str | None = field(default=None, compare=False, repr=False)  # .text, once asked for

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        if self.joined is None:  # readers ask a paragraph for its text several times: joined once
            object.__setattr__(self, "joined", " ".join(line.text.strip() for line in self.lines))
        return self.joined


# Blank (or whitespace-only) lines in a row, each with its line ending: one class repeated, so
# that a million of them cost the pattern nothing per line.
_BLANK_RUN = re.compile(r"^\s*\n", re.M)


def lines_of(text: str) -> list[Line]:
    """The text's lines, numbered. Of a run of blank lines only the first two and the last are
    kept (their numbers say how many there were): what every reader sees of a run is whether it
    is there and whether it is two lines or more, and a page of nothing but blank lines would
    otherwise cost an object a line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    out: list[Line] = []
    number = 1
    start = 0
    same: dict[str, str] = {}  # a line that repeats is one string, while few lines have repeated

    def line_of(number: int, raw: str) -> Line:
        text = raw.replace("\t", "    ").rstrip()
        if len(same) < 4096:
            text = same.setdefault(text, text)
        return Line(number, text)

    for run in _BLANK_RUN.finditer(text):
        count = text.count("\n", run.start(), run.end())
        if count < 4:
            continue  # read with the lines around it
        for raw in text[start:run.start()].split("\n")[:-1]:  # whole lines before the run
            out.append(line_of(number, raw))
            number += 1
        out += (Line(number, ""), Line(number + 1, ""), Line(number + count - 1, ""))
        number += count
        start = run.end()
    out += [line_of(number, raw) for number, raw in enumerate(text[start:].split("\n"), start=number)]
    return out


def paragraphs(lines: list[Line], quiet: list[int] = ()) -> list[Paragraph]:
    """Runs of non-blank lines; a gap of two or more blank lines (or a form feed) starts a section.
    `quiet`: numbers of removed lines that were never part of the text's layout (a margin's
    sidenote, a page marker), sorted: they count neither as lines nor as blank."""
    out: list[Paragraph] = []
    current: list[Line] = []
    section = 0
    blank_run = 0
    previous = 0
    for line in lines:
        gap = line.number - previous - 1  # lines a clean-up removed count as blank
        if quiet and gap:
            gap -= bisect_left(quiet, line.number) - bisect_right(quiet, previous)
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
    # …and the producers' note under it (`Produced by …`, `Transcribed from the 1895 … edition by …`):
    # the paragraph right after the marker, when it says who made the e-text.
    first = next((i for i in range(start + 1, end) if lines[i].text.strip()), end)
    last = next((i for i in range(first, end) if not lines[i].text.strip()), end)
    credit = first < end and last - first <= 6 and bool(_PRODUCED_BY.match(lines[first].text))
    body_start = last if credit else start + 1
    dropped = [f"lines 1-{lines[body_start - 1].number}: the Project Gutenberg header"
               + (" and the note of who produced the e-text" if credit else "") + ", not read"]
    if end < len(lines):
        dropped.append(f"lines {lines[end].number}-{lines[-1].number}: the Project Gutenberg licence, not read")
    return lines[body_start:end], metadata, dropped


_PRODUCED_BY = re.compile(r"^\s*(Produced by|Transcribed (from|by)|E-?text prepared by|Prepared by|This e-?text was)\b",
                          re.I)


# ---------------------------------------------------------------- markup

_EMPHASIS = re.compile(r"(\*{1,3}|_)(?=\S)(.+?)(?<=\S)\1")
_STRAY = re.compile(r"(?<!\w)[*_]{1,3}(?!\w)|[*_]{1,3}(?=[\s.,;:!?)\]]|$)")
MAX_NESTING = 12  # emphasis inside emphasis: `**_word_**` is 2 deep; deeper is stripped as stray marks

_TAGGED_TERM = re.compile(r"\[[a-z]+:([^\]\s][^\]]*)\]")  # [glossary:S-IVB], a wiki link: the term is the text

# An emphasis mark can open where a word follows it, and close where a word precedes it.
_DELIMITERS = ("***", "**", "*", "_")
_OPENS = {d: re.compile(re.escape(d) + r"(?=\S)") for d in _DELIMITERS}
_CLOSES = {d: re.compile(r"(?<=\S)" + re.escape(d)) for d in _DELIMITERS}
_OPENERS = {(True, True): re.compile(r"[*_](?=\S)"), (True, False): re.compile(r"\*(?=\S)"),
            (False, True): re.compile(r"_(?=\S)")}


def strip_tagged_terms(text: str) -> str:
    """`[glossary:S-IVB]` -> `S-IVB`. A `[` after the last `]` cannot close: the pattern is only run
    up to that `]`, so text full of `[a:` is not rescanned to its end from every bracket."""
    close = text.rfind("]") + 1
    if not close:
        return text
    return _TAGGED_TERM.sub(r"\1", text[:close]) + text[close:]


def _emphasis_line(line: str) -> str:
    r"""`_EMPHASIS.sub(r"\2", line)` for one line, in time linear in its length.

    The pattern, tried at a mark, looks as far as the end of the line for the same mark closing.
    Where every mark that can open has a closing one after it, it never looks in vain and is run
    as it is; otherwise the same matching is done here, remembering which marks have no closing
    one left on the line, so that none is looked for twice."""
    reverse = None
    clean = True
    for mark in _DELIMITERS:
        if mark not in line:
            continue
        reverse = reverse if reverse is not None else line[::-1]
        last_open = _CLOSES[mark].search(reverse)  # read backwards, an opening mark is a closing one
        if last_open is None:
            continue
        last_close = _OPENS[mark].search(reverse)
        opens_at = len(line) - last_open.start() - len(mark)
        closes_at = len(line) - last_close.start() - len(mark) if last_close else -1
        if closes_at < opens_at + len(mark) + 1:
            clean = False
            break
    if clean:
        return _EMPHASIS.sub(r"\2", line)
    out: list[str] = []
    done = at = 0
    end = len(line)
    dead: set[str] = set()  # marks with no closing one after `at`
    while at < end:
        opener = _OPENERS.get(("*" not in dead, "_" not in dead))
        found = opener.search(line, at) if opener else None
        if found is None:
            break
        p = found.start()
        at = p + 1
        marks = ("_",) if line[p] == "_" else ("***", "**", "*")
        for mark in marks:
            k = len(mark)
            if mark in dead or not line.startswith(mark, p) or p + k >= end or line[p + k].isspace():
                continue
            close = _CLOSES[mark].search(line, p + k + 1)
            if close is None:
                dead.add(mark)
                continue
            out.append(line[done:p])
            out.append(line[p + k:close.start()])
            done = at = close.start() + k
            break
    out.append(line[done:])
    return "".join(out)


def _strip_emphasis(text: str) -> str:
    for _ in range(MAX_NESTING):
        stripped = "\n".join(_emphasis_line(line) if "*" in line or "_" in line else line for line in text.split("\n"))
        if stripped == text:
            break
        text = stripped
    return text


_AFTER_APOSTROPHE = re.compile(r"(?<=\w)(['’])(S|T|D|Ll|Re|Ve|M)\b")


def title_case(text: str) -> str:
    """THE LIGHTHOUSE KEEPER'S DAUGHTER -> The Lighthouse Keeper's Daughter (str.title gives Keeper'S)."""
    return _AFTER_APOSTROPHE.sub(lambda m: m.group(1) + m.group(2).lower(), text.title())


def strip_markup(text: str) -> str:
    """Emphasis markup (`_italics_`, `*bold*`, `**strong**`) is never spoken: keep its words."""
    if "]" in text:
        text = strip_tagged_terms(text)
    if "*" in text or "_" in text:
        text = _STRAY.sub("", _strip_emphasis(text))
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")  # braces group a cast list's lines
    return _SPACES.sub(" ", text).strip()


_SPACES = re.compile(r"\s{2,}")


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
    text = strip_tagged_terms(text)
    if "<" not in text and "&" not in text:
        return text  # (most lines: nothing _TAGS could match)
    body = _ITALIC_CUE.sub(lambda m: f"{m.group(1) or ''}[{m.group(2).strip()}]", text)
    return _TAGS.sub("", body)


_ITALIC_CUE = re.compile(r"^(<v[^>]*>)?\s*<i>([^<]+)</i>\s*$")


FRONT_MATTER_MAX_LINES = 80
FRONT_MATTER_MAX_CHARS = 64 * 1024


def _yaml_field(text: str) -> tuple[str, str] | None:
    r"""`key: value` of one line of front matter, read without YAML (`^\s*([\w -]+?)\s*:\s*(.*)$`,
    by hand: that pattern is quadratic on a long line of spaces)."""
    before, colon, after = text.partition(":")
    key = before.strip()
    if not colon or not key or not _FIELD_KEY.fullmatch(key):
        return None
    value = _ANCHOR.sub("", after.strip()).strip("'\" ")
    return None if value.startswith("*") else (key, value)  # an alias (*a) is not expanded


_FIELD_KEY = re.compile(r"[\w -]+")
_ANCHOR = re.compile(r"^&[^\s\[\]{},]+\s*")


def _load_yaml(text: str):
    """The front matter's fields, refusing what could make a few hundred bytes into gigabytes:
    aliases (`*a`, a "billion laughs") are not expanded, and a front matter over 64 kB is not parsed."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(f"it uses a YAML alias, *{event.anchor}, which is not expanded")
            return super().compose_node(parent, index)

    if len(text) > FRONT_MATTER_MAX_CHARS:
        raise _Refused(f"it is larger than {FRONT_MATTER_MAX_CHARS // 1024} kB")
    loader = NoAliases(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class _Refused(Exception):
    pass


def strip_yaml(lines: list[Line]) -> tuple[list[Line], dict[str, str], list[str], list[tuple[int, str]]]:
    """A Markdown file's YAML front matter: its title is kept, the rest is not read.

    Returns (lines after it, metadata, what was left out, warnings as (line, message))."""
    if not lines or lines[0].text.strip() != "---":
        return lines, {}, [], []
    first = lines[0].number
    end = None
    for i in range(1, len(lines)):
        if lines[i].number - first >= FRONT_MATTER_MAX_LINES:
            break
        if lines[i].text.strip() in ("---", "..."):
            end = i
            break
    if end is None:
        return lines, {}, [], []
    import yaml

    warnings = []
    try:
        fields = _load_yaml("\n".join(line.text for line in lines[1:end])) or {}
    except _Refused as refused:
        warnings.append((first, f"the front matter is not read as YAML: {refused}; its title, author and date "
                                f"are taken line by line as written"))
        fields = None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        fields = None
    if fields is None:
        fields = dict(found for found in (_yaml_field(line.text) for line in lines[1:end]) if found)
    metadata = {key: " ".join(str(fields[key]).replace("\u00a0", " ").split()) for key in ("title", "author", "date")
                if isinstance(fields, dict) and fields.get(key)}
    return lines[end + 1:], metadata, [f"lines 1-{lines[end].number}: front matter (YAML), not read"], warnings


_FIELD_LINE = re.compile(r"^\s*_[a-z][\w-]*\s*:\s*\S")  # _page : 1, _tape : Tape 1/1 (a transcriber's fields)


def strip_fields(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """A transcriber's bookkeeping lines (`_page : 2`) are not read."""
    fields = [line for line in lines if _FIELD_LINE.match(line.text)]
    if not fields:
        return lines, []
    kept = [line for line in lines if not _FIELD_LINE.match(line.text)]
    names = sorted({line.text.split(":")[0].strip() for line in fields})
    return kept, [f"{len(fields)} transcriber's field lines ({', '.join(names)}) are not read"]


# Furniture of the printed page that is no part of the drama: a margin's line references
# (`[Sidenote: vv. 15-39]`, Gutenberg's way of printing marginalia) and the Congressional
# Record's page markers (`[[Page H6119]]`), which stand between, or inside, one speech.
_SIDENOTE = re.compile(r"^\s*\[Sidenote:", re.I)
_PAGE_MARK = re.compile(r"\[\[Page [A-Z]?\d{1,6}\]\]")
_PAGE_MARK_LINE = re.compile(r"^\s*\[\[Page [A-Z]?\d{1,6}\]\]\s*$")
SIDENOTE_MAX_LINES = 6
# What a transcription service prints on its export's pages, alone on a line: Rev's `Page 2 of 3`,
# Otter's `Transcribed by https://otter.ai` at the end.
_EXPORT_FURNITURE = re.compile(r"^\s*(?:Page \d{1,4} of \d{1,4}|Transcribed by https?://otter\.ai\S*)\s*$", re.I)
# The Congressional Record online (GPO) heads every section with the same four lines (volume and
# date, chamber, pages, where it came from) and prints the time of day between speeches
# (`{time}  1117`): the page's furniture, never read.
_RECORD_FURNITURE = re.compile(
    r"^\s*(?:\[Congressional Record Volume \d+, Number \d+ \([^)]*\)\]|\[(?:House|Senate|Extensions of Remarks|"
    r"Daily Digest)\]|\[Pages? [HSED]?\d+(?:-[HSED]?\d+)?\]|From the Congressional Record Online through the "
    r"Government (?:Publishing|Printing) Office.*|\{time\}\s+\d{3,4})\s*$")


def strip_furniture(lines: list[Line], reading=None) -> tuple[list[Line], list[int], list[str]]:
    """The lines without sidenotes and page markers; the numbers of the lines removed (for
    `paragraphs(quiet=…)`: a sidenote alone between blank lines leaves one blank line, so a
    speech it stood in stays one speech); and what was removed, to be reported. `reading`: the
    cast file's [reading] table, whose `silent` lines go the same way (reading.py)."""
    silenced: list[int] = []
    if reading is not None and reading.silent:
        silenced = reading.silenced(lines)
        gone = set(silenced)
        lines = [line for line in lines if line.number not in gone]
    kept: list[Line] = []
    quiet: list[int] = []
    sidenotes = pages = record = exported = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if text[:1] in "F{[" or text[:1] == " " and text.lstrip()[:1] in "F{[":
            if _RECORD_FURNITURE.match(text):
                record += 1
                quiet.append(line.number)
                index += 1
                continue
        if text.lstrip()[:1] in "PpTt" and _EXPORT_FURNITURE.match(text):
            exported += 1
            quiet.append(line.number)
            index += 1
            continue
        if text[:1] in " [\t" and (_SIDENOTE.match(text) or _PAGE_MARK_LINE.match(text)):
            end = index
            if _SIDENOTE.match(text):
                sidenotes += 1
                while "]" not in lines[end].text and end + 1 < len(lines) and end - index < SIDENOTE_MAX_LINES:
                    end += 1
            else:
                pages += 1
            quiet += [lines[i].number for i in range(index, end + 1)]
            index = end + 1
            # alone between blank lines: one of the two blank lines goes too; both, for a page
            # marker inside a sentence (`the \n\n[[Page H4301]]\n\nmany months`): one speech, one paragraph
            if kept and not kept[-1].text.strip() and index < len(lines) and not lines[index].text.strip():
                quiet.append(lines[index].number)
                index += 1
                before = len(kept) - 1
                while before > 0 and not kept[before].text.strip():
                    before -= 1
                if (not _SIDENOTE.match(text) and before >= 0 and kept[before].text.strip()
                        and kept[before].text.rstrip()[-1:] not in ".!?:;\"”’)]"):
                    quiet += [line.number for line in kept[before + 1:]]
                    del kept[before + 1:]
            continue
        if "[[Page" in text:
            inline, found = _PAGE_MARK.subn("", text)
            if found:
                pages += found
                line = Line(line.number, inline.rstrip() if inline.strip() else "")
        kept.append(line)
        index += 1
    quiet.sort()  # (numbers of blank lines taken back from `kept` came after others)
    said = []
    if silenced:
        quiet = sorted(quiet + silenced)
        from dramatize.readers.reading import silenced_note  # (reading.py reads labels.py, which reads this)

        said.append(silenced_note(silenced))
    if sidenotes:
        said.append(f"{sidenotes} sidenotes ([Sidenote: …], the margin of the printed page) are not read")
    if pages:
        said.append(f"{pages} page markers ([[Page …]]) are not read")
    if exported:
        said.append(f"{exported} line(s) of a transcription service's page numbers and credit (Page 2 of 3, "
                    f"Transcribed by …) are not read")
    if record:
        said.append(f"{record} lines of the Congressional Record's section headers and times of day are not read")
    return kept, quiet, said
