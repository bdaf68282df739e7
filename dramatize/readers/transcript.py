"""Reader for meeting transcripts: front matter, preface, `NAME:` labels, [brackets], footnotes.

The format, as found in the seed and in transcripts of its kind:
- paragraphs are separated by one blank line; two or more blank lines start a new section;
- short lines before the first prose paragraph are front matter (author, book, title, occasion, date);
- prose before the first speaker label is the editor's preface, read by the narrator;
- `NAME:` or `NAME and NAME:` at the start of a paragraph changes speaker; unlabelled
  paragraphs continue the current speaker;
- brackets are stage directions, insertions inside quotations, footnote references or
  signed author's notes;
- a final section made only of `N. text` paragraphs holds the footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dramatize.errors import DramatizeError
from dramatize.model import NARRATOR, Chapter, Cue, Note, Script, Speech

MAX_LABEL_LENGTH = 60
FRONT_MATTER_MAX_CHARS = 160


@dataclass
class Paragraph:
    text: str  # lines joined with single spaces
    line: int  # line number of its first line
    section: int


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs with their first line number; two or more blank lines start a new section."""
    paragraphs: list[Paragraph] = []
    section = 0
    blank_run = 0
    current: list[str] = []
    start = 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            if current:
                paragraphs.append(Paragraph(" ".join(current), start, section))
                current = []
            blank_run += 1
            continue
        if not current:
            if blank_run >= 2 and paragraphs:
                section += 1
            start = number
        blank_run = 0
        current.append(stripped)
    if current:
        paragraphs.append(Paragraph(" ".join(current), start, section))
    return paragraphs


# ---------------------------------------------------------------- speaker labels

_LABEL_CANDIDATE = re.compile(r"^([^:\n\[\]“”\"]{1,%d}):(?:\s+|$)" % MAX_LABEL_LENGTH)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b|\bAND\b)\s*")
_NAME = re.compile(r"^[A-Z][A-Z'’.\-]*(?: [A-Z][A-Z'’.\-]*){0,3}$")


def split_label(text: str) -> tuple[list[str], str] | None:
    """(["ZINOVIEV", "KAMANEV"], rest) for "ZINOVIEV and KAMANEV: rest"; None if no label."""
    match = _LABEL_CANDIDATE.match(text)
    if not match:
        return None
    names = [n for n in _NAME_SEPARATOR.split(match.group(1).strip()) if n]
    if not names or not all(_NAME.match(n) and sum(c.isalpha() for c in n) >= 2 for n in names):
        return None
    return [" ".join(n.split()) for n in names], text[match.end():]


# ---------------------------------------------------------------- front matter

def is_front_matter(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (
        len(text) <= FRONT_MATTER_MAX_CHARS
        and split_label(text) is None
        and not text.startswith("[")
        and not re.search(r"[.!?…:;,\"”]$", text)
    )


_DATE = re.compile(r"^\(?[^()]*\b(1[0-9]|20)\d\d\b[^()]*\)?$")


def front_matter_metadata(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Assign front-matter lines to author, book, title, occasion and date by their position."""
    metadata: dict[str, str] = {}
    rest = []
    for p in paragraphs:
        if "date" not in metadata and _DATE.match(p.text) and len(p.text) < 40:
            metadata["date"] = p.text.strip("()").strip()
        else:
            rest.append(p.text)
    if len(rest) == 1:
        metadata["title"] = rest[0]
    elif len(rest) == 2:
        metadata["author"], metadata["title"] = rest
    elif len(rest) >= 3:
        metadata["author"], metadata["book"], metadata["title"] = rest[:3]
        if rest[3:]:
            metadata["occasion"] = " ".join(rest[3:])
    return metadata


# ---------------------------------------------------------------- brackets

CUE_TYPES = [
    ("laughter", re.compile(r"laugh", re.I)),
    ("applause", re.compile(r"applau|clapping|ovation", re.I)),
    ("voice", re.compile(r"^(a|one|another|single)\s+(voice|delegate)|^voice", re.I)),
    ("shouts", re.compile(r"shout|cries|cry\b|exclamation|heckl|cheer", re.I)),
    ("commotion", re.compile(r"commotion|uproar|tumult|noise|disturbance|stir\b|excitement|protest|disorder", re.I)),
    ("murmur", re.compile(r"murmur|whisper|mutter|hum\b", re.I)),
    ("bell", re.compile(r"\bbell\b", re.I)),
]
_FOOTNOTE_REF = re.compile(r"^\d{1,4}$")
_SIGNED_NOTE = re.compile(r"[–—-]\s*(?:[A-Z][a-z]?\.\s*){1,3}$")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


def classify_cue(body: str) -> tuple[str, bool]:
    """The cue type of a stage direction, and whether it was recognised."""
    for name, pattern in CUE_TYPES:
        if pattern.search(body):
            return name, True
    return "murmur", False


def cue_words(body: str) -> str | None:
    """The words the hall says in a direction such as `Shouts: “Correct!”`."""
    if ":" not in body:
        return None
    after = body.split(":", 1)[1].strip()
    quoted = _QUOTED.findall(after)
    if quoted:
        return " ".join(q.strip() for q in quoted)
    return after or None


def looks_like_direction(body: str) -> bool:
    first = body.lstrip("“\"'‘ ")[:1]
    return first.isupper() or classify_cue(body)[1]


# ---------------------------------------------------------------- the parser

@dataclass
class _State:
    speakers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def parse(text: str, source: str = "<script>") -> Script:
    paragraphs = split_paragraphs(text.lstrip("\ufeff"))
    warnings: list[str] = []
    if not paragraphs:
        raise DramatizeError("the script is empty", source)

    # Front matter: leading short lines without sentence punctuation.
    front: list[Paragraph] = []
    while paragraphs and paragraphs[0].section == 0 and is_front_matter(paragraphs[0]) and len(paragraphs) > 1:
        front.append(paragraphs.pop(0))
    metadata = front_matter_metadata(front)

    # Footnotes: a last section made only of "N. text" paragraphs.
    notes: list[Note] = []
    last_section = paragraphs[-1].section if paragraphs else 0
    tail = [p for p in paragraphs if p.section == last_section]
    if last_section > 0 and all(re.match(r"^\d{1,4}\.\s", p.text) for p in tail):
        for p in tail:
            number, body = p.text.split(".", 1)
            notes.append(Note(number=number, text=body.strip(), line=p.line))
        paragraphs = [p for p in paragraphs if p.section != last_section]

    has_labels = any(split_label(p.text) for p in paragraphs)
    if not has_labels:
        warnings.append(f"{source}: no speaker labels (NAME: …) found; the narrator reads the whole script")

    chapters: list[Chapter] = []
    events: list = []
    chapter_line = front[0].line if front else (paragraphs[0].line if paragraphs else 1)
    chapter_kind = "front" if (front or (paragraphs and not split_label(paragraphs[0].text))) and has_labels else "body"
    state = _State(speakers=(NARRATOR,))
    section = paragraphs[0].section if paragraphs else 0
    note_numbers = {n.number for n in notes}

    def close_chapter(next_line: int, next_kind: str):
        nonlocal events, chapter_line, chapter_kind
        if events or (chapter_kind == "front" and metadata):
            chapters.append(Chapter(title="", events=tuple(events), line=chapter_line, kind=chapter_kind))
        events = []
        chapter_line = next_line
        chapter_kind = next_kind

    for p in paragraphs:
        label = split_label(p.text)
        starts_section = p.section != section
        first_label = label is not None and chapter_kind == "front"
        if starts_section or first_label:
            close_chapter(p.line, "body")
            section = p.section
        body = p.text
        if label:
            names, body = label
            state = _State(speakers=tuple(names), labels=tuple(names))
            if not body.strip():
                warnings.append(f"{source}:{p.line}: speaker label {' and '.join(names)} with no words after it")
        events.extend(_parse_paragraph(body, p.line, state, source, warnings, note_numbers))

    close_chapter(0, "notes")
    if notes:
        chapters.append(Chapter(title="", events=tuple(notes), line=notes[0].line, kind="notes"))

    chapters = [replace_title(c, i, metadata) for i, c in enumerate(chapters)]
    return Script(source=source, metadata=metadata, chapters=tuple(chapters), warnings=tuple(warnings))


def _parse_paragraph(body: str, line: int, state: _State, source: str, warnings: list[str], note_numbers):
    """Split one paragraph into speech, cue and aside events at its brackets."""
    events = []
    text_parts: list[str] = []
    note_refs: list[str] = []

    def flush(final: bool = False):
        spoken = re.sub(r"\s{2,}", " ", "".join(text_parts)).strip()
        spoken = re.sub(r"\s+([,.;:!?])", r"\1", spoken) if note_refs else spoken
        text_parts.clear()
        if spoken:
            events.append(Speech(state.speakers, spoken, line, state.labels, tuple(note_refs)))
            note_refs.clear()
        elif note_refs and final:
            # A reference with no words of its own in this stretch: it belongs to the last speech.
            last = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], Speech)), None)
            if last is None:
                warnings.append(f"{source}:{line}: footnote reference [{', '.join(note_refs)}] outside any speech")
            else:
                events[last] = replace(events[last], note_refs=events[last].note_refs + tuple(note_refs))
            note_refs.clear()

    position = 0
    quote_depth = 0
    straight_quotes = 0
    while position < len(body):
        open_at = body.find("[", position)
        stray_close = body.find("]", position)
        if stray_close != -1 and (open_at == -1 or stray_close < open_at):
            warnings.append(f"{source}:{line}: ']' without '[': read as text")
        if open_at == -1:
            text_parts.append(body[position:])
            break
        before = body[position:open_at]
        quote_depth += before.count("“") - before.count("”")
        straight_quotes += before.count('"')
        close_at = body.find("]", open_at + 1)
        nested_open = body.find("[", open_at + 1)
        if close_at == -1 or (nested_open != -1 and nested_open < close_at):
            warnings.append(f"{source}:{line}: '[' without a matching ']': read as text")
            text_parts.append(body[position:open_at + 1])
            position = open_at + 1
            continue
        inner = body[open_at + 1:close_at].strip()
        inside_quote = quote_depth > 0 or straight_quotes % 2 == 1
        text_parts.append(before)
        if _FOOTNOTE_REF.match(inner):
            note_refs.append(inner)
            if inner not in note_numbers:
                warnings.append(f"{source}:{line}: footnote [{inner}] has no note text at the end of the script")
        elif _SIGNED_NOTE.search(inner):
            flush()
            events.append(Speech((NARRATOR,), inner, line, (), (), aside=True))
        elif inside_quote or not looks_like_direction(inner):
            text_parts.append(body[open_at:close_at + 1])  # an insertion: read with the quotation
        else:
            flush()
            cue_type, known = classify_cue(inner)
            if not known:
                warnings.append(f"{source}:{line}: unknown stage direction [{inner}]: heard as a murmur")
            events.append(Cue(cue_type, inner, line, cue_words(inner), known))
        position = close_at + 1
    flush(final=True)
    return events


def _first_words(text: str, count: int = 6) -> str:
    words = re.sub(r"[\[\]“”\"]", "", text).split()
    head = " ".join(words[:count]).rstrip(",;:.–—-")
    return head + ("…" if len(words) > count else "")


def replace_title(chapter: Chapter, index: int, metadata: dict[str, str]) -> Chapter:
    """A sensible default title; the cast file may name chapters instead."""
    if chapter.kind == "front":
        title = metadata.get("title") or "Introduction"
    elif chapter.kind == "notes":
        title = "Notes"
    else:
        first = next((e for e in chapter.events if isinstance(e, Speech) and not e.aside), None)
        if first is None:
            title = f"Part {index + 1}"
        else:
            who = " and ".join(s.title() for s in first.speakers)
            title = f"{who}: {_first_words(first.text)}"
    return replace(chapter, title=title)
