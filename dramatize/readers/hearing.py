"""Reader for hearing and court transcripts as reporters print them.

- printed line numbers (1-25 down each page), page numbers and the running header repeated at
  the top of every page are removed, and said so; page breaks are not chapters;
- the printed lines are joined again into paragraphs (a deeper indent starts one);
- the cover pages give the title and date, and their lists (PRESIDING, PRESENT, APPEARANCES, the
  LIST OF SPEAKERS) name the cast, with each one's office kept for casting; they are not read;
- labels as hearings write them: `CHAIRWOMAN WEINSTEIN:`, `The CHAIRMAN.`, `Senator PETERS.`,
  `Q.`/`A.` (the examining lawyer and the witness, when `BY MR. X:` and the swearing-in say who);
- `(Laughter.)`, `[Applause]` are sounds; `STATEMENT OF …`, `DIRECT EXAMINATION` start chapters;
- the Congressional Record as GPO prints it: each section's header lines and `{time}` stamps are
  furniture, its centred titles (PRAYER, `Amendment No. 20 Offered by …`) chapters, its paragraphs
  open with two spaces and no blank line, its own sentences (`There was no objection.`) and the
  papers it prints (`The text of the amendment is as follows:`) are the narrator's, and the prayer
  or the Pledge it introduces (`Ms. McKINNEY led the Pledge of Allegiance as follows:`) is the
  words of the one it names; the opening before the first speaker is read, not taken as a cover.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import islice

from dramatize.directions import Form
from dramatize.errors import DramatizeError
from dramatize.model import Script
from dramatize.readers.builder import ScriptBuilder
from dramatize.readers.dialogue import Dialogue
from dramatize.readers.labels import _names, speaker_id
from dramatize.readers.play import known_ids
from dramatize.readers.reading import Reading
from dramatize.readers.source import Line, Paragraph, lines_of, paragraphs, strip_furniture, title_case

SHAPES = ("colon", "dot")
_NUMBERED = re.compile(r"^\s{0,4}(\d{1,2})(?:(\s+)(\S.*))?$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?-?\s*\d{1,4}\s*-?\s*$|^\s*\[\[?page \S+\]\]?\s*$", re.I)
_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                    r"\s+\d{1,2},?\s+\d{4}\b")
_LIST_HEADING = re.compile(r"^\s*(PRESIDING|PRESENT|ALSO PRESENT|APPEARANCES|LIST OF SPEAKERS|WITNESSES|MEMBERS PRESENT|"
                           r"COMMITTEE MEMBERS|INDEX)\b", re.I)
_SECTION = re.compile(r"^\s*((OPENING |PREPARED )?STATEMENT OF|TESTIMONY OF|(DIRECT |CROSS[- ]|REDIRECT |RECROSS[- ])?"
                      r"EXAMINATION\b|AFTERNOON SESSION|MORNING SESSION|EVENING SESSION|(ORAL |REBUTTAL )?ARGUMENT OF|"
                      r"REBUTTAL ARGUMENT)", re.I)
_PROCEEDINGS = re.compile(r"^\s*(P\s?R\s?O\s?C\s?E\s?E\s?D\s?I\s?N\s?G\s?S|PROCEEDINGS)\s*:?\s*$", re.I)
_EXAMINER = re.compile(r"^\s*(?:(?:DIRECT |CROSS[- ]|REDIRECT |RECROSS[- ])?EXAMINATION\s+)?BY\s+((?:MR|MS|MRS|DR)\.?\s+"
                       r"[A-Z][A-Za-z'-]+)\s*:?\s*$")
_ASKED_BY = re.compile(r"^(\s*Q\.?\s+)\(\s*by\s+((?:MR|MS|MRS|DR)\.?\s+[A-Z][A-Za-z'-]+)\s*\)\s*", re.I)
_WITNESS = re.compile(r"^\s*([A-Z][A-Z .'-]{3,60}?),\s+(having been|called as a witness|being first duly sworn|"
                      r"after having been)", re.I)


def _lawyer(name: str) -> str:
    """The speaker id of `MR.HARLAN` or `Mr. Harlan` as BY … names the examining lawyer."""
    return speaker_id(name.replace(".", ". ").replace(".  ", ". "))


def _asked_by(body: list[Paragraph]) -> tuple[list[Paragraph], dict[int, str]]:
    """The paragraphs with `(By Mr. Harlan)` taken out of `Q. (By Mr. Harlan) And then?`, and who
    asks from each such line on: the examiner, not words of the question."""
    asked_by, out = {}, []
    for paragraph in body:
        first = paragraph.lines[0]
        asked = _ASKED_BY.match(first.text) if "(" in first.text[:12] else None
        if asked:
            asked_by[first.number] = asked.group(2)
            paragraph = Paragraph((Line(first.number, asked.group(1) + first.text[asked.end():]),) + paragraph.lines[1:],
                                  paragraph.section)
        out.append(paragraph)
    return out, asked_by


def strip_line_numbers(lines: list[Line]) -> tuple[list[Line], int, int, list[str]]:
    """Lines without printed line numbers, page numbers and running headers.

    Returns (lines, how much indent starts a paragraph, pages, what was removed)."""
    numbered = [m for m in (_NUMBERED.match(line.text) for line in lines) if m and int(m.group(1)) <= 30]
    content = sum(1 for line in lines if line.text.strip())
    if len(numbered) < 0.3 * max(1, content):
        return lines, 0, 0, []
    out: list[Line] = []
    page_starts: list[int] = []
    page_numbers: list[int] = []  # their line numbers
    removed = 0
    for line in lines:
        if _PAGE_NUMBER.match(line.text) and len(line.text) - len(line.text.lstrip()) >= 20:
            page_starts.append(len(out))
            page_numbers.append(line.number)
            continue
        match = _NUMBERED.match(line.text)
        if match and int(match.group(1)) <= 30:
            removed += 1
            text = (match.group(2) or "") + (match.group(3) or "")
            out.append(Line(line.number, text[1:] if text.startswith(" ") else text))
        else:
            out.append(Line(line.number, line.text[5:] if line.text[:5].strip() == "" else line.text))
    # The running header and footer: the same unnumbered lines at the top or foot of page after
    # page (and at the top of pages after a page number).
    tops = Counter()
    for start in page_starts:
        for line in [x for x in _next_lines(out, start, 8, page_numbers) if x.text.strip()][:3]:
            tops[line.text.strip()] += 1
    unnumbered = Counter(line.text.strip() for line, original in zip(out, lines_kept(lines))
                         if line.text.strip() and not _NUMBERED.match(original.text))
    header = {text for text, count in tops.items() if count >= max(2, len(page_starts) // 2) and len(text) < 60}
    header |= {text for text, count in unnumbered.items() if count >= 3 and len(text) < 80}
    kept = [line for line in out if line.text.strip() not in header]
    skipped = [f"{removed} printed line numbers, {len(page_starts)} page numbers"
               + (f" and a running header ({'; '.join(sorted(header))}) on {len(page_starts)} pages" if header else "")
               + " are not read"]
    indents = Counter(len(line.text) - len(line.text.lstrip()) for line in kept if line.text.strip())
    base = min((i for i, c in indents.items() if c >= 0.2 * sum(indents.values())), default=0)
    return kept, base + 1, len(page_starts), skipped


def _next_lines(out: list[Line], start: int, count: int, page_numbers: list[int]) -> list[Line]:
    """out[start:start + count] as if no run of blank lines had been shortened (source.lines_of):
    the lines whose place among the lines kept is less than `count` after out[start]'s."""
    if start >= len(out):
        return []

    def place(line: Line) -> int:  # among all lines but the page numbers
        return line.number - bisect_left(page_numbers, line.number)

    end = place(out[start]) + count
    found = []
    for line in islice(out, start, start + count):
        if place(line) >= end:
            break
        found.append(line)
    return found


def lines_kept(lines: list[Line]) -> list[Line]:
    """The lines strip_line_numbers keeps, before their numbers are cut (to pair them up)."""
    return [line for line in lines if not (_PAGE_NUMBER.match(line.text) and len(line.text) - len(
        line.text.lstrip()) >= 20)]


def reflow(lines: list[Line], indent: int, quiet: list[int] = ()) -> list[Paragraph]:
    """Printed lines joined into paragraphs: a line indented deeper than the text starts one, and so
    does a blank line where the transcript is not double-spaced."""
    if not indent:
        return _first_line_indents(paragraphs(lines, quiet))
    out, current = [], []
    for line in lines:
        if not line.text.strip():
            continue
        depth = len(line.text) - len(line.text.lstrip())
        if current and depth >= indent:
            out.append(Paragraph(tuple(current), 0))
            current = []
        current.append(Line(line.number, line.text.strip()))
    if current:
        out.append(Paragraph(tuple(current), 0))
    return out


def _first_line_indents(found: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs printed without blank lines between them, each opening with a small indent under
    lines flush left (the Congressional Record: `  Mr. POE. Mr. Speaker, …`): split there, when the
    document is laid out so (a few such openings at least)."""
    def opens(previous: Line, line: Line) -> bool:  # under a line flush left, or a paragraph of one line
        return 0 < _depth(line.text) <= 4 and _depth(previous.text) in (0, _depth(line.text))

    if sum(0 < _depth(b.text) <= 4 and _depth(a.text) == 0 for p in found for a, b in zip(p.lines, p.lines[1:])) < 3:
        return found
    out = []
    for paragraph in found:
        start = 0
        for index in range(1, len(paragraph.lines)):
            if opens(paragraph.lines[index - 1], paragraph.lines[index]):
                out.append(Paragraph(paragraph.lines[start:index], paragraph.section))
                start = index
        out.append(Paragraph(paragraph.lines[start:], paragraph.section))
    return out


def _depth(text: str) -> int:
    return len(text) - len(text.lstrip())


def centred_heading(paragraph: Paragraph) -> bool:
    """A title set alone in the middle of the line (`PLEDGE OF ALLEGIANCE`, `Amendment No. 20 Offered
    by Mr. Issa`): one line, deeply indented, not a sentence and not the end of a letter."""
    if len(paragraph.lines) != 1:
        return False
    text = paragraph.lines[0].text
    words = text.split()
    depth = _depth(text)
    return ((depth >= 8 or depth >= 3 and text.isupper()) and len(text.strip()) <= 100 and text.rstrip()[-1:] not in ".,;:!?"
            and any(c.isalpha() for c in text) and sum(w[:1].isupper() or not w[:1].isalpha() for w in words)
            >= 0.5 * len(words))


def _opening_prose(paragraph: Paragraph) -> bool:
    """A paragraph of running prose (sentences of ordinary words): never a cover page's line."""
    text = paragraph.text.strip()
    words = text.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) >= 12 and lower >= 0.5 * len(words) and text[-1:] in ".!?:)\"”"


def cover(paragraphs_: list[Paragraph]) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    """The title and date of the cover pages, and the people their lists name."""
    metadata: dict[str, str] = {}
    title: list[str] = []
    people: list[tuple[str, str, int]] = []
    in_list = False
    for paragraph in paragraphs_:
        for line in paragraph.lines:
            text = line.text.strip(" -–—")
            if not text:
                continue
            date = _MONTH.search(text)
            if date and "date" not in metadata:
                metadata["date"] = date.group(0)
                continue
            if _LIST_HEADING.match(text):
                in_list = True
                continue
            if in_list:
                name = re.sub(r"\s{2,}.*$", "", text)
                found = _names(name)
                if found and len(found[0]) == 1 and len(name.split()) >= 2:
                    people.append((found[0][0], "", line.number))
                elif people and people[-1][2] == line.number - 1 or people and not found:
                    who, office, at = people[-1]
                    if at >= line.number - 2:
                        people[-1] = (who, f"{office}, {name}".strip(", "), line.number)
            elif len(title) < 8 and not re.search(r"\d{1,2}:\d{2}|Room|Building|, New York$", text):
                title.append(text)
    if title:
        metadata["title"] = re.sub(r"\s+", " ", " ".join(title)).strip()[:200]
    return metadata, people


_RECORD_HEADER = re.compile(r"^\s*\[(Congressional Record) (Volume \d+, Number \d+) \(([^)]*)\)\]", re.M)


def _record_header(text: str) -> dict[str, str]:
    """The Congressional Record's own header names the issue and its day: the title and date."""
    found = _RECORD_HEADER.search(text[:4096])
    return {"title": f"{found.group(1)}, {found.group(2)}", "date": found.group(3)} if found else {}


def parse(text: str, source: str = "<script>", reason: str = "", reading: Reading | None = None) -> Script:
    lines, indent, pages, skipped = strip_line_numbers(lines_of(text))
    lines, quiet, furniture = strip_furniture(lines, reading)
    skipped += furniture
    body, asked_by = _asked_by(reflow(lines, indent, quiet))
    if not body:
        raise DramatizeError("the script is empty", source)
    builder = ScriptBuilder(source)
    dialogue = Dialogue(builder, body, SHAPES, dot_titles=True, reading=reading)
    labelled = [i for i, p in enumerate(body) if any(dialogue.label_at(line) for line in p.lines)]
    marker = next((i for i, p in enumerate(body) if _PROCEEDINGS.match(p.lines[0].text)), None)
    first = marker + 1 if marker is not None else (labelled[0] if labelled else 0)
    if marker is None:
        # Cover pages are lists and titles; from the first paragraph of running prose on, what comes
        # before the first speaker is the record's opening (`The House met at 10 a.m. …`, a prayer): read.
        first = next((i for i, p in enumerate(body[:first]) if _opening_prose(p)), first)
        while first > 0 and not indent and centred_heading(body[first - 1]):
            first -= 1  # the section's title above it
    if first >= len(body):
        raise DramatizeError(f"line {body[marker].line}: nothing follows {body[marker].lines[0].text.strip()!r}; "
                             f"the hearing itself is missing", source)
    metadata, people = cover(body[:first])
    metadata.update(_record_header(text))
    if first:
        skipped.append(f"lines {body[0].line}-{body[first].line - 1}: the cover pages (title, those present, the "
                       f"speaker index) are not read; their names are the cast")
    known = set().union(*(known_ids(name) for name, _, _ in people)) if people else set()
    # The cover pages are not dialogue; the cast they name can confirm labels said only once.
    dialogue = Dialogue(builder, body[first:], SHAPES, known=known, dot_titles=True, reading=reading,
                        found=dialogue.candidates_from(body[first].line), introductions=True)

    builder.chapter(metadata.get("title", ""), body[first].line if body else 1)
    examiner = witness = None
    heading_lines = False
    for paragraph in body[first:]:
        head = paragraph.lines[0].text
        # BY MR. HARLAN: alone, or under DIRECT EXAMINATION (a heading: a chapter, below): Q. is his
        examined = _EXAMINER.match(paragraph.lines[-1].text) if len(paragraph.lines) <= 2 else None
        if examined:
            examiner = _lawyer(examined.group(1))
            dialogue.canonical["Q"] = examiner
            if len(paragraph.lines) == 1:
                builder.direction(head, paragraph.line, Form.TRANSITION)
                continue
        if paragraph.line in asked_by:  # Q. (By Mr. Harlan) And then? -- from here Q. is Mr. Harlan
            examiner = _lawyer(asked_by[paragraph.line])
            dialogue.canonical["Q"] = examiner
            builder.direction(f"(By {asked_by[paragraph.line]})", paragraph.line, Form.TRANSITION)
        sworn = _WITNESS.match(paragraph.text)
        if sworn and not dialogue.label_at(paragraph.lines[0]):
            witness = speaker_id(sworn.group(1).strip())
            dialogue.canonical["A"] = witness
        if heading_lines and head.strip().isupper() and not dialogue.label_at(paragraph.lines[0]):
            builder.narrate(paragraph.text, paragraph.line)  # ON BEHALF OF THE PETITIONERS, under the heading
            continue
        heading_lines = False
        if not indent and centred_heading(paragraph) and not dialogue.label_at(paragraph.lines[0]):
            dialogue.settle()  # a section of the record (PRAYER, Amendment No. 20 Offered by …): a chapter
            builder.chapter(head.strip(), paragraph.line)
            dialogue.to_narrator()
            continue
        if _SECTION.match(head) and head.strip().isupper() and not dialogue.label_at(paragraph.lines[0]):
            dialogue.settle()
            builder.chapter(title_case(" ".join(paragraph.text.split())), paragraph.line)
            dialogue.to_narrator()
            builder.narrate(paragraph.text, paragraph.line)
            heading_lines = True
            continue
        dialogue.paragraph(paragraph)
    dialogue.settle()
    warnings = [] if dialogue.found_any else [dialogue.no_speaker_warning(source)]
    names = dialogue.names()
    descriptions = {}
    for speaker in names:
        surname = speaker.split()[-1]
        match = next((f"{n}, {d}".strip(", ") for n, d, _ in people if speaker_id(n).split()[-1] == surname), None)
        if match:
            descriptions[speaker] = match
    return builder.script(metadata, "hearing", reason, names, descriptions, warnings=warnings, skipped=skipped)
