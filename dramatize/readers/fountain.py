"""Reader for Fountain screenplays (https://fountain.io), through the fountain-py parser.

fountain-py keeps the source line of every element, which no other Fountain parser on PyPI
does (compared in the README). What the listener gets of each element:
  title page       metadata (title, author, credit, source…); contact details are not read
  scene heading    a chapter, or, when the script has sections (`# Act One`), a narrated scene title
  section          a chapter (the top level present)
  action           the narrator's; centered text (`> THE END <`) too
  character cue    who speaks; extensions (V.O.), (O.S.), (CONT'D) and the dual-dialogue `^` never spoken
  parenthetical    a delivery note for the next words ((whispering), (beat) as a pause)
  dialogue, lyrics the character's words
  transition       silent (CUT TO:), listed by `inspect`
  note, synopsis   silent, listed; boneyard `/* */` left out, and said so
An unterminated boneyard or note is reported and the rest of the script still read.

The cast file's `[reading]` table holds here as in every family: `labels` makes a name alone on
its line above words a character cue (as `@Name` forces one), `not_labels` makes a cue and its
lines the narrator's, `narrator` patterns make matching dialogue narrated, `silent` patterns drop
matching lines (reported), `format` picks the family.
"""

from __future__ import annotations

import contextlib
import gc
import re

from fountain.elements import ElementType

from dramatize.directions import Form
from dramatize.errors import DramatizeError
from dramatize.model import NARRATOR, Script
from dramatize.perspective import perspective_of
from dramatize.readers.builder import ScriptBuilder
from dramatize.readers.cuelines import as_written, cue_line, wrapped_rest
from dramatize.readers.labels import display_name, fold, speaker_id
from dramatize.readers.reading import Reading, silenced_note
from dramatize.readers.source import Line, strip_markup

_GROUP = re.compile(r"\s*(?:&|\band\b|,)\s*", re.I)
_DUAL_MARK = re.compile(r"(?<!\s)\s*\^\s*$")  # (?<!\s): tried once a run of spaces, not from each space
_EXTENSION = re.compile(r"(?<!\s)\s*\((?:[^()]*)\)\s*$")
_LEADING_NOTE = re.compile(r"(\s*)(\[\[.*?\]\]|/\*.*?\*/)", re.S)
SHOWN_OF_A_KIND = 20  # boneyards listed one by one; the rest counted
_SILENT = (ElementType.TRANSITION, ElementType.NOTE, ElementType.SYNOPSIS, ElementType.PAGE_BREAK)  # listed
_SPOKEN = (ElementType.DIALOGUE, ElementType.PARENTHETICAL, ElementType.LYRICS)  # under a character cue


def _parse(text: str):
    """fountain-py's document, with every unterminated boneyard or note opened up so nothing after
    it is lost (all in one more parse, not one a mark)."""
    from dramatize.readers.fountain_linear import LinearFountainParser

    document = LinearFountainParser().parse(text)
    warnings = []
    lines = None
    for issue in getattr(document, "issues", []):
        if issue.code in ("unclosed-boneyard", "unclosed-note"):
            lines = lines if lines is not None else text.split("\n")
            index = issue.line_number - 1
            mark = "/*" if issue.code == "unclosed-boneyard" else "[["
            if 0 <= index < len(lines) and mark in lines[index]:
                lines[index] = lines[index].replace(mark, "", 1)
                warnings.append((issue.line_number, f"'{mark}' is never closed: it is ignored, and what follows "
                                                    f"is read as script"))
        else:
            warnings.append((issue.line_number, issue.message))
    if lines is not None and warnings:
        document = LinearFountainParser().parse("\n".join(lines))
    return document, warnings


def _speaker(element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ids, names as written) of a character cue; `BRICK & STEEL` is two speakers at once."""
    name = _DUAL_MARK.sub("", element.text).strip().lstrip("@")
    name = _EXTENSION.sub("", name).strip() or name
    names = tuple(n for n in _GROUP.split(name) if n) if re.search(r"&|\band\b", name, re.I) else (name,)
    return tuple(speaker_id(n) for n in names), names


def _placed(element) -> str | None:
    """Where a cue's extension puts the voice: (V.O.) a voice-over, (O.S.)/(O.C.) off screen,
    (ON PHONE)/(FILTERED) a telephone (perspective.py); (CONT'D) puts it nowhere."""
    extension = (getattr(element, "metadata", None) or {}).get("extension")  # fountain-py keeps it apart
    if extension is None and (written := _EXTENSION.search(_DUAL_MARK.sub("", element.text).strip())):
        extension = written.group().strip().strip("()")  # a dual-dialogue cue keeps it in its text
    return perspective_of(extension) if extension else None


def _leading_notes(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Notes and boneyard before the title page hide it from the parser: blank them (keeping the
    line count) and return them, to be listed."""
    found = []
    pieces = []
    done = 0
    line = 1
    while True:
        match = _LEADING_NOTE.match(text, done)  # after the last one: only spaces and its blanked lines precede
        if not match:
            return "".join(pieces) + text[done:], found
        line += text.count("\n", done, match.start(2))
        found.append((line, match.group(2)))
        lines = match.group(2).count("\n")
        pieces += (text[done:match.start(2)], "\n" * lines)
        line += lines
        done = match.end(2)


@contextlib.contextmanager
def _cycles_collected_after():
    """Reading makes a few small objects a line and no reference cycles; Python's cycle collector
    would walk all of them again and again as they pile up (a quarter of the time of 10 MB of
    dialogue lines), so it waits until the script is read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(text: str, source: str = "<script>", reason: str = "", reading: Reading | None = None) -> Script:
    with _cycles_collected_after():
        return _read(text, source, reason, reading or None)


def _forced_cues(text: str, reading: Reading) -> str:
    """A name the producer lists as a speaker, alone on its line between a blank line and words, is
    a character cue (Fountain's `@Name`), whatever its case."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        name = line.strip()
        if (name and not name.startswith("@") and len(name) <= 60 and (i == 0 or not lines[i - 1].strip())
                and i + 1 < len(lines) and lines[i + 1].strip()
                and fold(speaker_id(_EXTENSION.sub("", name).strip() or name)) in reading.labels):
            lines[i] = "@" + name
    return "\n".join(lines)


def _silenced(text: str, reading: Reading) -> tuple[str, list[int]]:
    """The text with the lines the producer's `silent` patterns match emptied of their words (one
    space kept, so a block around them stays one block), and their numbers."""
    lines = text.split("\n")
    gone = reading.silenced(Line(number, line) for number, line in enumerate(lines, start=1))
    for number in gone:
        lines[number - 1] = " "
    return "\n".join(lines), gone


def _title_above_the_scenes(elements) -> tuple[int, str, str] | None:
    """A script without a title page that opens on its title in capitals, a subtitle under it
    (THE FRANKLINS / "The Thermostat War"), then its first scene: Fountain takes it for a character
    and its words. It is the title when that name never speaks again. (How many elements it
    spans, the title, the subtitle.)"""
    if len(elements) < 3 or elements[0].type is not ElementType.CHARACTER or "(" in elements[0].text:
        return None
    used = 1
    while used < len(elements) and elements[used].type in _SPOKEN:
        used += 1
    if used == len(elements) or elements[used].type is not ElementType.SCENE_HEADING:
        return None
    name = fold(elements[0].text)
    for element in elements[used:]:
        cues = ([element] if element.type is ElementType.CHARACTER else
                [element.metadata["left_character"], element.metadata["right_character"]]
                if element.type is ElementType.DUAL_DIALOGUE else [])
        if any(fold(cue.text.split("(")[0].strip().lstrip("@")) == name for cue in cues):
            return None  # a character who opens the script before its first scene heading
    subtitle = " ".join(strip_markup(e.text) for e in elements[1:used]).strip().strip("\"“”")
    return used, display_name(elements[0].text.strip().lstrip("@")), subtitle


def _read(text: str, source: str, reason: str, reading: Reading | None = None) -> Script:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    silenced: list[int] = []
    if reading is not None and reading.labels:
        text = _forced_cues(text, reading)
    if reading is not None and reading.silent:
        text, silenced = _silenced(text, reading)
    text, leading = _leading_notes(text)
    lines = text.count("\n") + 1
    document, issues = _parse(text)
    elements, title_page = document.elements, document.metadata
    del document, text  # the elements are let go one by one as they are read (see the loop)
    if not elements and not title_page:
        raise DramatizeError("the script is empty", source)
    builder = ScriptBuilder(source)
    for line, message in issues:
        builder.warn(line, message)

    metadata, unread = {}, []
    for key, value in title_page.items():
        value = " ".join(strip_markup(v) for v in str(value).split("\n") if strip_markup(v))
        if key in ("title", "author", "authors", "credit", "source", "draft date", "date"):
            metadata[{"authors": "author", "draft date": "date"}.get(key, key)] = value
        else:
            unread.append(key)
    skipped = []
    if silenced:
        skipped.append(silenced_note(silenced))
    if title_page:
        first = min((e.line_number for e in elements), default=lines + 1)
        unread_keys = set(unread)
        said = ", ".join(k for k in title_page if k not in unread_keys)
        skipped.append(f"lines 1-{first - 1}: the title page, read as the title card and tags ({said})"
                       + (f" ({', '.join(unread)} not read)" if unread else ""))
    boneyards = [element for element in elements if element.type is ElementType.BONEYARD]
    for element in boneyards[:SHOWN_OF_A_KIND]:
        last = element.line_number + element.text.count("\n")
        skipped.append(f"lines {element.line_number}-{last}: boneyard /* … */, not read")
    if len(boneyards) > SHOWN_OF_A_KIND:
        skipped.append(f"… and {len(boneyards) - SHOWN_OF_A_KIND} more boneyards /* … */, not read")

    if not title_page and (heading := _title_above_the_scenes(elements)) is not None:
        used, metadata["title"], subtitle = heading
        if subtitle:
            metadata["subtitle"] = subtitle
        last = elements[used].line_number - 1
        del elements[:used]
        skipped.append(f"lines 1-{last}: the title above the first scene, read as the title card")
    top = min((e.metadata.get("level", 1) for e in elements if e.type is ElementType.SECTION), default=None)
    sections = top is not None
    builder.keep_front = bool(metadata)
    builder.chapter("", 1, "front")
    hidden = 0
    for line, note in leading:
        if note.startswith("[["):
            builder.direction(note[2:-2], line, Form.TRANSITION)
        elif hidden < SHOWN_OF_A_KIND:
            hidden += 1
            skipped.append(f"line {line}: boneyard /* … */ (not read)")
        else:
            hidden += 1
    if hidden > SHOWN_OF_A_KIND:
        skipped.append(f"… and {hidden - SHOWN_OF_A_KIND} more boneyards /* … */ before the title page (not read)")
    names: dict[str, str] = {}
    speakers, written = (NARRATOR,), ()
    delivery = placed = None

    refused = False  # the cue above is one the producer says is no speaker

    def speak(character, lines_):
        nonlocal speakers, written, delivery, placed, refused
        speakers, written = _speaker(character)
        placed = _placed(character)
        refused = reading is not None and any(fold(s) in reading.not_labels for s in speakers)
        if refused:  # its lines are the narrator's; the cue itself is not read
            speakers, written = (NARRATOR,), ()
        for speaker, name in zip(speakers, written):
            names.setdefault(speaker, display_name(name))
        delivery = None
        for part in lines_:
            handle(part)
        refused = False

    def handle(element):
        nonlocal delivery
        kind = element.type
        line = element.line_number
        if kind is ElementType.SCENE_HEADING:
            heading = re.sub(r"\s*#[^#]+#\s*$", "", strip_markup(element.text))  # without its scene number
            if not sections:
                builder.chapter(heading, line)
            builder.narrate(heading, line)  # said in words: INT. -> Interior (speakable.py)
        elif kind is ElementType.SECTION:
            if element.metadata.get("level", 1) == top:
                builder.chapter(strip_markup(element.text), line)
            else:
                builder.direction(element.text, line, Form.TRANSITION)
        elif kind is ElementType.ACTION or kind is ElementType.CENTERED:
            for paragraph in re.split(r"\n\s*\n", element.text):
                texts = paragraph.strip().splitlines()
                if cue := texts and cue_line(texts[0]):  # SFX: DOORBELL. is a cue, never read
                    rest, wrapped = wrapped_rest(cue, texts[1:])
                    builder.cue(cue.group("word"), as_written(cue), rest, line)
                    texts = texts[1 + wrapped:]
                if texts:
                    builder.direction(" ".join(" ".join(texts).split()), line, Form.ACTION)
        elif kind is ElementType.CHARACTER:
            return  # handled with its dialogue (see the loop)
        elif kind is ElementType.PARENTHETICAL:
            event = builder.direction(element.text.strip().strip("()"), line, Form.PARENTHETICAL)
            delivery = event.delivery if event else delivery
        elif kind is ElementType.DIALOGUE or kind is ElementType.LYRICS:
            if not element.text.strip():
                return  # (its lines were all silenced)
            if refused or reading is not None and reading.narrates(element.text):
                builder.narrate(element.text, line)  # the producer's narrator = … pattern, or a cue refused
            else:
                builder.speech(speakers, element.text, line, written, delivery, placed)
        elif kind in _SILENT:
            text = element.text.strip()
            text = text[2:-2] if text.startswith("[[") and text.endswith("]]") else text
            if text.strip():
                builder.direction(text, line, Form.TRANSITION)
        elif kind is ElementType.TITLE_PAGE or kind is ElementType.BONEYARD:
            return
        else:
            builder.direction(element.text, line, Form.ACTION)

    def block():
        """The dialogue, parentheticals and lyrics under a cue, each let go once read."""
        while elements and elements[-1].type in _SPOKEN:
            yield elements.pop()

    elements.reverse()  # taken from the end, so each is let go once read: a 10 MB script's
    while elements:      # elements and its events are not all held at once
        element = elements.pop()
        kind = element.type
        if kind is ElementType.CHARACTER:
            speak(element, block())
            speakers, written = (NARRATOR,), ()
            continue
        if kind is ElementType.DUAL_DIALOGUE:
            meta = element.metadata
            speak(meta["left_character"], meta["left_dialogue"])
            speak(meta["right_character"], meta["right_dialogue"])
            speakers, written = (NARRATOR,), ()
        else:
            handle(element)
    warnings = []
    if not names:
        warnings.append(f"{source}: no character cues found (a name in capitals alone on its line, the dialogue "
                        f"below it); the narrator reads the whole screenplay")
    return builder.script(metadata, "fountain", reason, names, warnings=warnings, skipped=skipped)
