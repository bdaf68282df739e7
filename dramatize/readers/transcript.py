"""Reader for transcripts: meetings, speeches, podcasts and interviews, subtitles with speakers.

The shape, as in the seed and transcripts of its kind:
- paragraphs are separated by a blank line; two or more blank lines start a new section (a chapter);
- short lines before the first prose paragraph are front matter (author, book, title, occasion, date);
- prose before the first speaker label is the editor's preface, read by the narrator;
- a label (any shape labels.py knows: `NAME:`, `**Name:**`, `[00:01:02] Name:`, a name alone on its
  line…) changes speaker; text without one continues the last speaker;
- brackets are stage directions, insertions inside quotations, footnote references or signed
  author's notes (builder.py); timestamps and subtitle numbering are not read;
- a final section made only of `N. text` paragraphs holds the footnotes;
- a Markdown heading (`# Part two`) names the chapter it starts.
"""

from __future__ import annotations

import re

from dramatize.errors import DramatizeError
from dramatize.model import Script
from dramatize.readers.builder import ScriptBuilder
from dramatize.readers.dialogue import Dialogue
from dramatize.readers.reading import Reading
from dramatize.readers.source import (LEADING_TIMESTAMP, SUBTITLE_TIMING, TIMESTAMP, Line, Paragraph, lines_of,
                                      paragraphs, strip_fields, strip_furniture, strip_gutenberg, strip_struck, strip_tags, strip_yaml,
                                      unescape_markdown)

FRONT_MATTER_MAX_CHARS = 160
FRONT_MATTER_MAX_PARAGRAPHS = 20  # a title, an author, a date…: never a whole script of short lines
SHAPES = ("colon", "alone", "bold", "tag", "bracket")
_DATE = re.compile(r"^\(?[^()]*\b(1[0-9]|20)\d\d\b[^()]*\)?$")
_HEADING = re.compile(r"^\s*#{1,3}\s+(\S.*)$")
_EXPORT_LIST = re.compile(r"^(?:SUMMARY KEYWORDS|KEYWORDS|SPEAKERS)$")  # Otter's export heads these lists so
_NOTE_PARAGRAPH = re.compile(r"^\d{1,4}\.\s")
_SENTENCE_END = re.compile(r"[.!?…:;,\"”](?:--|—)?$")  # `… for an opening:--` leads into what follows


def _cleaned(line: Line) -> Line:
    """The line without Markdown escapes and subtitle tags (the same Line when it has none)."""
    text = strip_tags(unescape_markdown(line.text))
    return line if text is line.text else Line(line.number, text)


def strip_subtitles(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Subtitle files (SRT, WebVTT): the header, cue numbers and timings are not read."""
    timings = [i for i, line in enumerate(lines) if SUBTITLE_TIMING.match(line.text)]
    if len(timings) < 2:
        return lines, []
    drop = set(timings)
    for i in timings:
        if i > 0 and re.fullmatch(r"\s*\d+\s*", lines[i - 1].text):
            drop.add(i - 1)  # the cue's number
    in_note = False
    for i, line in enumerate(lines):
        if line.text.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) and (i == 0 or not lines[i - 1].text.strip()):
            in_note = True
        if in_note:
            if not line.text.strip():
                in_note = False
            else:
                drop.add(i)
    kept = [line for i, line in enumerate(lines) if i not in drop]
    settings = sorted({word for i in timings for word in re.findall(r"\b([a-z]+):", lines[i].text)})
    said = f", cue settings ({', '.join(settings)})" if settings else ""
    return kept, [f"lines {lines[timings[0]].number}-{lines[timings[-1]].number}: {len(timings)} subtitle timings"
                  f"{said}, cue numbers and the WEBVTT header are not read"]


def strip_timestamps(lines: list[Line]) -> tuple[list[Line], bool, list[str]]:
    """Lines that are only a time are dropped; a transcript whose lines begin with times has them
    stripped as it is read (returns True then)."""
    stamped = [line for line in lines if LEADING_TIMESTAMP.match(line.text)]
    alone = {line.number for line in stamped if TIMESTAMP.fullmatch(line.text.strip())}
    speech_lines = sum(1 for line in lines if line.text.strip())
    timestamped = len(stamped) >= 3 and len(stamped) >= 0.2 * max(1, speech_lines)
    if not timestamped:
        return lines, False, []
    kept = [line for line in lines if line.number not in alone]
    return kept, True, [f"{len(stamped)} timestamps are not read"]


def is_front_matter(paragraph: Paragraph, dialogue: Dialogue) -> bool:
    text = paragraph.text
    return (
        len(text) <= FRONT_MATTER_MAX_CHARS
        and not any(dialogue.label_at(line) for line in paragraph.lines)
        and (not text.startswith(("[", "(")) or bool(_DATE.match(text)))  # (August 1, 1927), not (Intro music)
        and not _SENTENCE_END.search(text)
    )


def front_matter_metadata(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Assign front-matter lines to author, book, title, occasion and date by their position."""
    metadata: dict[str, str] = {}
    rest = []
    for p in paragraphs:
        last = p.lines[-1].text.strip()
        if "date" not in metadata and _DATE.match(p.text) and len(p.text) < 40:
            metadata["date"] = p.text.strip("()").strip()
        elif "date" not in metadata and len(p.lines) > 1 and _DATE.match(last) and len(last) < 40:
            metadata["date"] = last.strip("()").strip()  # a title over its date (Otter: "Mon, Oct 7, 2024 10:02AM")
            rest.append(_HEADING.sub(r"\1", " ".join(line.text.strip() for line in p.lines[:-1])).strip())
        else:
            rest.append(_HEADING.sub(r"\1", p.text).strip())
    if len(rest) == 1:
        metadata["title"] = rest[0]
    elif len(rest) == 2:
        metadata["author"], metadata["title"] = rest
    elif len(rest) >= 3:
        metadata["author"], metadata["book"], metadata["title"] = rest[:3]
        if rest[3:]:
            metadata["occasion"] = " ".join(rest[3:])
    return metadata


def parse(text: str, source: str = "<script>", reason: str = "", reading: Reading | None = None) -> Script:
    text, struck = strip_struck(text)
    lines, gutenberg, skipped = strip_gutenberg(lines_of(text))
    lines, yaml, front_skipped, front_warnings = strip_yaml(lines)
    gutenberg.update(yaml)
    skipped += front_skipped + struck
    lines = [_cleaned(line) for line in lines]
    lines, subtitles = strip_subtitles(lines)
    lines, fields = strip_fields(lines)
    subtitles += fields
    lines, timestamped, times = strip_timestamps(lines)
    lines, quiet, furniture = strip_furniture(lines, reading)
    skipped += subtitles + times + furniture
    all_paragraphs = paragraphs(lines, quiet)
    del lines, quiet  # (the paragraphs hold the lines with words; the blank ones can go)
    if not all_paragraphs:
        raise DramatizeError("the script is empty", source)

    # Footnotes: a last section made only of "N. text" paragraphs.
    last_section = all_paragraphs[-1].section
    tail = [p for p in all_paragraphs if p.section == last_section]
    notes = []
    if last_section > 0 and all(_NOTE_PARAGRAPH.match(p.text) for p in tail):
        notes = tail
        all_paragraphs = [p for p in all_paragraphs if p.section != last_section]
    note_numbers = {p.text.split(".", 1)[0] for p in notes}

    builder = ScriptBuilder(source, note_numbers)
    for line, message in front_warnings:
        builder.warn(line, message)
    dialogue = Dialogue(builder, all_paragraphs, SHAPES, timestamps=timestamped, reading=reading)

    # Front matter: leading short lines without sentence punctuation.
    taken = 0  # (counted, then sliced once: popping the first of a million paragraphs one by one is quadratic)
    while (taken < min(len(all_paragraphs) - 1, FRONT_MATTER_MAX_PARAGRAPHS) and all_paragraphs[taken].section == 0
           and "title" not in gutenberg
           and is_front_matter(all_paragraphs[taken], dialogue)):
        taken += 1  # (a file that names its title elsewhere has its short lines read out)
    front: list[Paragraph] = all_paragraphs[:taken]
    body = all_paragraphs[taken:]
    listed = [p for p in front if _EXPORT_LIST.match(p.lines[0].text.strip())]
    if listed:  # a transcription service's keywords and speaker list: not the drama's title
        skipped.append(f"line{'s' * (len(listed) > 1)} {', '.join(str(p.line) for p in listed)}: the transcription "
                       f"service's {' and '.join(p.lines[0].text.strip().lower() for p in listed)} are not read")
    metadata = {**front_matter_metadata([p for p in front if p not in listed]), **gutenberg}

    builder.keep_front = bool(metadata)
    warnings = []
    if not dialogue.found_any:
        warnings.append(dialogue.no_speaker_warning(source))
    first_labelled = not body or dialogue.label_at(body[0].lines[0]) is not None
    builder.chapter("", front[0].line if front else (body[0].line if body else 1),
                    "front" if front or (not first_labelled and dialogue.found_any) else "body")
    section = body[0].section if body else 0
    in_front = builder.kind == "front"
    for paragraph in body:
        heading = _HEADING.match(paragraph.text) if len(paragraph.lines) == 1 else None
        labelled = dialogue.label_at(paragraph.lines[0]) is not None
        if paragraph.section != section or (in_front and labelled) or heading:
            builder.chapter(heading.group(1).strip() if heading else "", paragraph.line)
            section, in_front = paragraph.section, False
            if heading:
                continue
        dialogue.paragraph(paragraph)
    dialogue.settle()
    if notes:
        builder.chapter("", notes[0].line, "notes")
        for p in notes:
            number, body_text = p.text.split(".", 1)
            builder.note(number, body_text.strip(), p.line)
    return builder.script(metadata, "transcript", reason, dialogue.names(), warnings=warnings, skipped=skipped)
