"""Reader for plays as Project Gutenberg and similar editions print them.

- `NAME.` labels, inline (`LANE. Yes, sir.`), alone on the line above the speech, with a manner
  (`THE DAUGHTER [in the space between the pillars] I'm getting chilled`), or `Name:` labels;
- the cast list ("Dramatis Personae", "THE PERSONS IN THE PLAY", "CHARACTERS") read as the cast,
  each description kept for casting; it, the list of scenes and a first night's cast are not
  narrated (reported instead): the opening is the title and author; so are the edition's pages
  for its readers (a preface or dedication before the cast list, a section headed PREFACE,
  ARGUMENT, CONTENTS…, the first performance, the rest of the title page), while a PROLOGUE is read;
- labels abbreviated (`MILLA.`, `MRS. MAR.`, `LADY.`) are the one cast name they abbreviate; a
  line listing who is on stage (`LADY WISHFORT, FOIBLE.`) is a direction, not a speech;
- `ACT I`, `FIRST ACT`, `SCENE II.` as chapters (a chapter a scene when scenes are numbered);
- directions in brackets or parentheses, whole paragraphs of them (`Enter Lane.`,
  `_Exeunt._`, a scene's description) narrated; `_italics_` never spoken;
- a Project Gutenberg header and licence are left out (and said so), its title and author kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from dramatize.directions import Form
from dramatize.errors import DramatizeError
from dramatize.model import Script
from dramatize.readers.builder import ScriptBuilder
from dramatize.readers.dialogue import Dialogue
from dramatize.readers.labels import ABBREVIATIONS, TITLES, _names, speaker_id
from dramatize.readers.reading import Reading
from dramatize.readers.source import (Paragraph, lines_of, paragraphs, strip_furniture, strip_gutenberg,
                                      strip_markup, title_case)

SHAPES = ("dot", "colon", "alone", "bracket", "bold", "bare")
_ORDINAL = (r"ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|LAST|FINAL|"
            r"PRIMUS|PRIMA|SECUNDUS|SECUNDA|TERTIUS|TERTIA|QUARTUS|QUARTA|QUINTUS|QUINTA|SEXTA|SEPTIMA")
_NUMBER = r"[IVXLC]+|\d{1,2}|" + _ORDINAL
ACT = re.compile(r"^\s*(?:THE\s+)?(?:ACT|ACTUS|PART)\s+(?P<n>" + _NUMBER + r")\b[.:]?\s*(?P<rest>.*)$|"
                 r"^\s*(?:THE\s+)?(?P<n2>" + _ORDINAL + r")\s+ACT\b[.:]?\s*(?P<rest2>.*)$", re.I)
SCENE = re.compile(r"^\s*(?:SCENE|SCENA|SCOENA|SC[ÆŒ]NA)\s+(?P<n>" + _NUMBER + r")\b[.:]?\s*(?P<rest>.*)$|"
                   r"^\s*(?:THE\s+)?(?P<n2>" + _ORDINAL + r")\s+SCENE\b[.:]?\s*(?P<rest2>.*)$", re.I)
# A heading in capitals that names its act with words before the number (AN AI-GENERATED FIRST ACT).
_NAMED_ACT = re.compile(r"^\s*[A-Z][A-Z'’ -]{0,60}\s(?P<n>" + _ORDINAL + r")\s+(?P<kind>ACT|SCENE)\s*[.:]?\s*$")
# Under a scene heading, who is on stage with their number of speeches (`Doe (4), Smith (4)`): not the title.
_ON_STAGE_COUNTS = re.compile(r"^\s*[A-Z][\w'’. -]{0,40}\(\d{1,3}\)(?:,\s*[A-Z][\w'’. -]{0,40}\(\d{1,3}\))*\s*$")
OTHER_PART = re.compile(r"^\s*(THE\s+)?(PROLOGUE|EPILOGUE|INDUCTION|INTERLUDE|INTRODUCTION)\s*[.:]?\s*$", re.I)
SONG = re.compile(r"^\s*(AIR|SONG|DUET|TRIO|BALLAD|GLEE)\b[^.\n]{0,12}\.")  # AIR II. The bonny gray-ey'd Morn
CAST_HEADING = re.compile(
    r"^\s*(THE\s+)?(DRAMATIS\s+PERSON(AE|Æ)|PERSONS\s+(OF|IN)\s+THE\s+(PLAY|DRAMA|COMEDY|TRAGEDY)|"
    r"(THE\s+)?CHARACTERS(\s+(IN|OF)\s+THE\s+(PLAY|DRAMA|COMEDY))?|CAST\s+OF\s+CHARACTERS|PERSONS\s+REPRESENTED|"
    r"THE\s+CAST|PERSONAE|THE\s+PERSONS)\s*[.:]?\s*$", re.I)
STAGE_DIRECTION = re.compile(r"^\s*[_*]?\s*(\[|\(|(Re-?)?[Ee]nter|ENTER|Exit|EXIT|Exeunt|EXEUNT|Manet|Flourish|"
                             r"Alarum|Sennet|Curtain|CURTAIN|Thunder|Drum|Trumpets?|Hautboys|Music|Knocking|Noise "
                             r"within|Within)(?:(?<=[\[(])(?=\w)|(?<![\[(])(?![^\W_]))")  # (`_Enter_ CREON`: italics end on the word)
SCENES_HEADING = re.compile(r"^\s*(THE\s+)?(SCENES|ACTS)(\s+(OF|IN)\s+THE\s+(PLAY|DRAMA|COMEDY|TRAGEDY))?\s*[.:]?\s*$", re.I)
_BY = re.compile(r"^\s*by\s+(.+)$", re.I)
# What an edition puts before a play for its readers: the editor's or translator's preface, a
# summary of the story, notes, contents; and the note of its first performance. Not the play: not
# read (said so), like the cast list.
FRONT_HEADING = re.compile(r"^\s*(THE\s+)?(PREFACE|FOREWORD|PREFATORY NOTE|ARGUMENT|THE ARGUMENT|SYNOPSIS|CONTENTS|"
                           r"TABLE OF CONTENTS|DEDICATION|EPISTLE DEDICATORY|TO THE READER|ACKNOWLEDG(E)?MENTS?|"
                           r"BIBLIOGRAPHY|(TRANSLATOR|EDITOR|AUTHOR)['’]?S\s+(NOTE|PREFACE)|NOTE ON THE TEXT|"
                           r"INTRODUCTORY NOTE|HISTORICAL NOTE|"
                           r"INHALT|INHALTSVERZEICHNIS|TABLE DES MATI[ÈE]RES|SOMMAIRE|[ÍI]NDICE|INHOUD|INNEHÅLL)"  # (contents)
                           r"\s*[.:]?\s*$", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
_FIRST_PERFORMANCE = re.compile(r"\bfirst\s+(performed|produced|acted|performance|production|published)\b", re.I)
_PERSONS = re.compile(r"^\s*[A-Z][A-Z'’. -]+(,\s*[A-Z][A-Z'’. -]+)+\.?\s*$")  # BEGGAR, PLAYER. (who is on stage)
_PERSON = re.compile(r"\s*[A-Z][A-Z'’. -]+")
_LAST_PERSON = re.compile(r"\s*[A-Z][A-Z'’. -]+\.?\s*")


def _is_persons(text: str) -> bool:
    """_PERSONS.match(text), a name at a time: the pattern repeats a group, which costs the regex
    engine memory for each name of a paragraph of ten million commas."""
    parts = text.split(",")
    return len(parts) >= 2 and bool(_PERSON.fullmatch(parts[0])) and all(
        _PERSON.fullmatch(part) for part in parts[1:-1]) and bool(_LAST_PERSON.fullmatch(parts[-1]))
_TO_THEM = re.compile(r"^\s*\[_?To (?:them|her|him)_?\]\s*", re.I)
_ALONE = re.compile(r"\s+_?alone_?\s*\.?\s*$", re.I)


def on_stage(text: str) -> list[str]:
    """The names a scene head lists as on stage (`LADY WISHFORT, FOIBLE.`, `[_To them_] MRS. MARWOOD.`,
    `MRS. MARWOOD _alone_.`), or [] when the paragraph is something else."""
    if len(text) > 200:
        return []  # (a scene head is a line; and `\s+…$` is not tried along a page of spaces)
    names = _ALONE.sub(".", _TO_THEM.sub("", text)).strip()
    if names == text.strip() and not _is_persons(names):
        return []  # (a single name with neither mark is a label alone, read as one)
    if _is_persons(names) or _PERSON.fullmatch(names.rstrip(".")) and len(names) < 60:
        return [n for n in re.split(r",\s*", names.strip(" .")) if n]
    return []


# A line that is an entrance or exit of its own, standing in or after a speech.
ENTRANCE_LINE = re.compile(r"^\s*_?\[?_?(Enter|Re-?enter|Exit|Exeunt|Manet|Manent)(?![^\W_])[^.!?]{0,80}[._\]]*\s*$")
_NOT_ENTRY = re.compile(r"\b(SCENES?|ACTS?|TIME|PLACE|PERIOD|SETTING)\b|^\s*\W+\s*$")


def heading(paragraph: Paragraph) -> tuple[str, str, str] | None:
    """("act"|"scene"|"part", number, title) if this paragraph is a structural heading."""
    if len(paragraph.lines) > 3:
        return None
    lines = paragraph.lines
    if len(lines) > 1 and all(_ON_STAGE_COUNTS.match(line.text) for line in lines[1:]):
        return _heading(strip_markup(lines[0].text))  # the title, without who is on stage below it
    return _heading(strip_markup(paragraph.text))


def _heading(text: str) -> tuple[str, str, str] | None:
    both = re.match(r"^\s*ACT(?:US)?\s+(?P<a>" + _NUMBER + r")[.,]?\s*[—–-]*\s*(?:SCENE|SCENA|SCOENA|SC[ÆŒ]NA)\s+(?P<s>" + _NUMBER
                    + r")\b[.:]?\s*(?P<rest>.*)$", text, re.I)
    if both:
        return "scene", both.group("s"), _as_written(text)
    act = ACT.match(text)
    if act and len(text) < 120:
        return "act", act.group("n") or act.group("n2"), _as_written(text)
    scene = SCENE.match(text)
    if scene and len(text) < 160:
        return "scene", scene.group("n") or scene.group("n2"), _as_written(text)
    if OTHER_PART.match(text):
        return "part", "", _as_written(text)
    named = _NAMED_ACT.match(text)
    if named:
        return named.group("kind").lower(), named.group("n"), _as_written(text)
    return None


def _as_written(heading: str) -> str:
    """A chapter title as the script writes it, without its shouting: FIRST ACT -> First Act, ACT II. -> Act II."""
    words = " ".join(heading.replace("--", " -- ").replace("—", " — ").split()).rstrip(".:")
    return " ".join(w if re.fullmatch(r"[IVXLC]+[.,]?", w) else w.capitalize() if w.isupper() else w
                    for w in words.split())


def cast_entries(body: list[Paragraph], start: int) -> tuple[list[tuple[str, str, int]], int]:
    """The cast list after its heading at body[start]: [(name, description, line)], and the index
    of the first paragraph after it. An entry may wrap onto lines indented deeper than its name;
    a line that ends in a colon (`The following do not appear in the play but are mentioned:--`)
    goes on with a list of people who are not the cast."""
    entries = []
    if _cast_lead(body[start]):  # `Characters: In: Germany …` over its entries, in one paragraph
        entries += [(*_entry(line.text), line.number) for line in _entry_lines(body[start].lines[1:])]
    index = start + 1
    section = body[index].section if index < len(body) else body[start].section  # (two blank lines under the heading)
    cast = True
    while index < len(body) and not heading(body[index]) and not CAST_HEADING.match(body[index].text):
        lines = _entry_lines(body[index].lines)
        if not lines:  # (MEN. alone: a part of the list)
            index += 1
            continue
        if len(lines) == 1 and re.search(r":\W{0,3}$", lines[0].text) and index + 1 < len(body) and len(
                lines[0].text) < 120 and all(_entry(line.text) for line in _entry_lines(body[index + 1].lines)):
            cast, index = False, index + 1
            continue
        if not cast and _mentioned(lines[0].text):
            index += 1  # POLYBUS AND MEROPÊ, _King and Queen of Corinth…_: named in the play, not in it
            continue
        parsed = [_entry(line.text) for line in lines]
        if not all(parsed) or body[index].section != section and cast or any(
                _NOT_ENTRY.search(line.text) for line in lines):
            break
        if cast:
            entries += [(name, description, line.number) for (name, description), line in zip(parsed, lines)]
        index += 1
    return entries, index


_SPOKEN_BY = re.compile(r"^\s*(?:Written and )?(?:Spoken|Said|Sung)\s+by\s+(?P<who>[^.,;]{2,60}(?:\.\s*[^.,;\s]{2,40})?)"
                        r"\.?\s*$", re.I)


def _in_parts(body: list[Paragraph], heads: dict, first: int, end: int) -> set[int]:
    """Indices of the paragraphs of a prologue or epilogue among body[first:end]: its heading
    (`PROLOGUE.`) and what it heads, to the next heading (`heads`: body's headings by index)."""
    in_part, part = set(), False
    for i in range(first, end):
        if i in heads or FRONT_HEADING.match(strip_markup(body[i].text)):
            part = i in heads and heads[i][0] == "part"
        if part:
            in_part.add(i)
    return in_part


def _part_speakers(body: list[Paragraph], heads: dict, in_part: set[int], entries) -> dict[int, str | None]:
    """The paragraphs of a prologue or epilogue under `Spoken by MR. BETTERTON.`: index -> who speaks
    them (None for that line itself, which stays the narrator's)."""
    out: dict[int, str | None] = {}
    who = None
    for index in sorted(in_part):
        text = strip_markup(body[index].text)
        if index in heads:
            who = None
        elif match := _SPOKEN_BY.match(text):
            who, out[index] = _actor_as_character(match.group("who"), entries), None
        elif who:
            out[index] = who
    return out


def _actor_as_character(actor: str, entries) -> str:
    """The character the cast list gives this actor (`FAINALL, in love with Mrs. Marwood, _Mr.
    Betterton_.` for MR. BETTERTON), when exactly one; else the actor, by name."""
    words = [w for w in speaker_id(actor).replace(".", " ").split() if w not in TITLES]
    if words:
        surname = re.compile(r"\b%s\b" % re.escape(words[-1]))
        roles = {name for name, description, _ in entries if surname.search(speaker_id(strip_markup(description)))}
        if len(roles) == 1:
            return speaker_id(roles.pop())
    return speaker_id(actor)


_CAST_LEAD = re.compile(r"^\s*(?:THE\s+)?(?:CHARACTERS|CAST|PERSONS|DRAMATIS\s+PERSON(?:AE|Æ))\s*:", re.I)


def _cast_lead(paragraph: Paragraph) -> bool:
    """A cast list whose heading line says more (`Characters: In: Germany Time: Present`), its entries
    the paragraph's next lines."""
    if len(paragraph.lines) < 3 or not _CAST_LEAD.match(strip_markup(paragraph.lines[0].text)):
        return False
    lines = _entry_lines(paragraph.lines[1:])
    return len(lines) >= 2 and all(_entry(line.text) for line in lines)


def _mentioned(text: str) -> bool:
    """A line of a list of people: names in capitals, then a comma or a bracket."""
    head = re.split(r"[,(]", strip_markup(text), maxsplit=1)
    return len(head) == 2 and head[0].strip().isupper() and len(head[0].strip()) >= 3


def _entry_lines(lines) -> list:
    """The lines of a cast list's paragraph, an entry's wrapped lines (indented deeper, or going on
    in lower case) joined to it; a heading of a part of the list (MEN., WOMEN.) left out."""
    out = []
    for line in lines:
        if _LIST_PART.match(line.text):
            continue
        if out and (_depth(line.text) > _depth(out[-1].text) or line.text.lstrip()[:1].islower()):
            out[-1] = type(line)(out[-1].number, f"{out[-1].text.rstrip()} {line.text.strip()}")
        else:
            out.append(line)
    return out


_LIST_PART = re.compile(r"^\s*(MEN|WOMEN|LADIES|GENTLEMEN|MALE|FEMALE|MALES|FEMALES|MALE CHARACTERS|FEMALE CHARACTERS)"
                        r"\s*[.:]?\s*$", re.I)


def _depth(text: str) -> int:
    return len(text) - len(text.lstrip())


def _entry(text: str) -> tuple[str, str] | None:
    text = strip_markup(text).strip()
    match = re.match(r"^([^,(–—:]{2,60}?)\s*(?:,|\(|–|—| - |:|$)\s*(.*)$", text)
    if not match or len(text) > 110:
        return None
    name = match.group(1).strip().rstrip(".")
    found = _names(name)
    if not found or len(found[0]) != 1:
        # A STRANGER from Corinth. CHORUS of the Elders of Thebes.: the name in capitals, then its description
        match = _CAPITALS_THEN_WORDS.match(text)
        found = _names(match.group(1)) if match else None
        if not found or len(found[0]) != 1 or not found[1]:
            return None
    return found[0][0], match.group(2).strip().rstrip(".").strip("()")


_CAPITALS_THEN_WORDS = re.compile(r"^((?:[A-Z][a-z]?\s+)?[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*)\s+([a-z].*)$")


def known_ids(name: str) -> set[str]:
    """The labels a cast-list name may appear as: whole, without titles, by one name, title and surname."""
    words = [w for w in speaker_id(name).split()]
    plain = [w for w in words if w not in TITLES and w not in ABBREVIATIONS and w.rstrip(".") not in TITLES]
    ids = {" ".join(words), " ".join(plain)}
    ids.update(w for w in plain if len(w) >= 3)
    for title in (w for w in words if w in TITLES or w in ABBREVIATIONS):
        if plain:
            ids.add(f"{title} {plain[-1]}")
    return {i for i in ids if i}


def front_metadata(paragraphs: list[Paragraph]) -> tuple[dict[str, str], list[Paragraph]]:
    """Title, subtitle and author from the short lines a play opens with, and the lines that are
    none of those (a list of the book's other plays…), to be read out."""
    metadata: dict[str, str] = {}
    rest = []
    title_section = None
    texts = [strip_markup(p.text) for p in paragraphs]
    for index, (p, text) in enumerate(zip(paragraphs, texts)):
        by = _BY.match(text)
        if by:
            metadata.setdefault("author", by.group(1).strip())
        elif re.search(r"\bby$", text, re.I) and index + 1 < len(texts) and "author" not in metadata:
            metadata["author"] = re.sub(r"(?<=[a-z]{2})\.$", "", texts[index + 1])  # "Plays by" / "Susan Glaspell"
            if text.strip().lower() != "by":
                rest.append(p)
        elif "author" in metadata and text == metadata["author"] and texts[index - 1].lower().endswith("by"):
            continue
        elif "title" not in metadata:
            first, *second = [strip_markup(line.text).strip() for line in p.lines] if len(p.lines) == 2 else [text]
            metadata["title"] = title_case(first) if first.isupper() else first
            if second:  # THE WAY OF THE WORLD / A COMEDY: a title and its subtitle, one under the other
                subtitle = second[0].strip("\"“”")  # ("THE LAST TRAIN": its quotation marks are not the title's)
                metadata["subtitle"] = subtitle[0] + subtitle[1:].lower() if subtitle.isupper() else subtitle
            title_section = p.section
        elif text.lower() == metadata["title"].lower():
            title_section = p.section  # the title again, over the play: its subtitle may follow
        elif "subtitle" not in metadata and len(text) <= 80 and not (
                _EPIGRAPH.search(text)) and p.section == title_section:  # (under the title, not pages later)
            metadata["subtitle"] = text[0] + text[1:].lower() if text.isupper() else text
        elif text.lower() not in (metadata["title"].lower(), metadata.get("subtitle", "").lower()):
            rest.append(p)
    return metadata, rest


def parse(text: str, source: str = "<script>", reason: str = "", reading: Reading | None = None) -> Script:
    lines, gutenberg, skipped = strip_gutenberg(lines_of(text))
    lines, quiet, furniture = strip_furniture(lines, reading)
    skipped += furniture
    body = paragraphs(lines, quiet)
    if not body:
        raise DramatizeError("the script is empty", source)

    cast_at = next((i for i, p in enumerate(body) if CAST_HEADING.match(strip_markup(p.text)) or _cast_lead(p)), None)
    entries, after_cast = cast_entries(body, cast_at) if cast_at is not None else ([], 0)
    known = set().union(*(known_ids(name) for name, _, _ in entries)) if entries else set()

    builder = ScriptBuilder(source, brackets="stage")
    heads = {i: h for i, h in ((i, heading(p)) for i, p in enumerate(body)) if h}
    # A run of headings of one kind is a list (THE SCENES OF THE PLAY: ACT I. …, ACT II. …), not a chapter.
    listed = {i for i in heads if any(heads.get(j) and heads[j][0] == heads[i][0] for j in (i - 1, i + 1))}
    whole = Dialogue(ScriptBuilder(source), body, SHAPES, known=known, dot_titles=True, reading=reading)
    start = _play_start(body, heads, listed, whole, range(after_cast)[cast_at:] if cast_at is not None else range(0))
    known |= GROUPS | {w[:n] for w in _entered(body[start:]) for n in range(3, len(w) + 1)}
    known |= {speaker_id(n) for p in body[start:] for n in on_stage(p.text)}
    dialogue = Dialogue(builder, body[start:], SHAPES, known=known, dot_titles=True, reading=reading,
                        direction_line=ENTRANCE_LINE.match, found=whole.candidates_from(body[start].line))
    _map_abbreviations(dialogue, entries, body[start:])

    labelled = [start + i for i, p in enumerate(body[start:]) if dialogue.label_at(p.lines[0])]
    first_label = labelled[0] if labelled else len(body)
    chapter_at = _chapters(heads, listed, start, labelled, len(body))
    scenes_numbered = any(kind == "scene" for kind, _, _ in chapter_at.values())
    act_title = ""
    first_chapter = min(chapter_at, default=first_label)

    # Front matter: title lines before the first prose, the cast list, anything before the first chapter.
    title_end = 0
    while title_end < min(first_chapter, cast_at if cast_at is not None else len(body)) and len(
            body[title_end].lines) <= 2 and len(body[title_end].text) < 100 and not dialogue.label_at(
            body[title_end].lines[0]):
        title_end += 1
    metadata, unused = front_metadata(body[:title_end])
    metadata.update(gutenberg)
    builder.keep_front = bool(metadata)
    builder.chapter("", body[0].line, "front")
    # The rest of the title page (the edition, its translator's degrees, the publisher, the reprints)
    # is not the play: the opening says the title and the author. A sentence there is read.
    front_prose: list[Paragraph] = []
    for paragraph in unused:
        text = strip_markup(paragraph.text)
        if _sentence_of_prose(text) and not _EPIGRAPH.search(text):
            builder.narrate(_sentence(text), paragraph.line)
        else:
            front_prose.append(paragraph)
    mode = "narrate" if len(labelled) >= 0.5 * max(1, len(body) - first_label) else "continue"
    front_lists: list[Paragraph] = []
    front_section = None
    # Before the cast list, a run of paragraphs (up to a break of two blank lines) holding running
    # prose is the edition speaking to its readers (a dedication, a preface): not read. A prologue
    # is a piece of the evening: kept.
    in_part = _in_parts(body, heads, 0, cast_at or 0)
    for_readers = {p.section for i, p in enumerate(body[title_end:cast_at or 0], title_end)
                   if i not in in_part and _running_prose(p)}
    spoken_by = _part_speakers(body, heads, in_part, entries)
    # An epilogue after the play (`EPILOGUE.` / `Spoken by MRS. BRACEGIRDLE.`) is said by its part too.
    spoken_by.update(_part_speakers(body, heads, _in_parts(body, heads, after_cast, len(body)), entries))
    singing = False
    for index, paragraph in enumerate(body):
        if index < title_end:
            continue
        if index < start and index not in chapter_at and (
                FRONT_HEADING.match(strip_markup(paragraph.text)) or paragraph.section == front_section
                or cast_at is not None and index < cast_at and paragraph.section in for_readers and index not in in_part
                or _FIRST_PERFORMANCE.search(strip_markup(paragraph.text)) and len(paragraph.text) < 300):
            if FRONT_HEADING.match(strip_markup(paragraph.text)):  # the preface runs to the next break of
                front_section = body[min(index + 1, len(body) - 1)].section  # two blank lines (under its heading)
            front_prose.append(paragraph)
            continue
        if cast_at is not None and cast_at <= index < after_cast:
            front_lists.append(paragraph)  # the cast: metadata and casting notes, not a minute of narration
            continue
        if index in chapter_at:
            kind, _, title = chapter_at[index]
            if kind == "act":
                act_title = title
            elif title.startswith("Act"):  # ACT III.—SCENE I.: the act, for the scenes after it
                act_title = re.split(r"[\s.,—–-]+(?=Scene\b)", title)[0].rstrip(" .,")
            if kind == "act" and scenes_numbered and index + 1 < len(body) and (index + 1) in chapter_at:
                continue  # its scene follows at once, and says it: "Act II, Scene I."
            full = f"{act_title}, {title}" if kind == "scene" and act_title and not title.startswith("Act") else title
            dialogue.settle()
            builder.chapter(full, paragraph.line)
            dialogue.to_narrator()
            builder.narrate(_sentence(full), paragraph.line)
            continue
        if index in heads:  # a heading in a list (the scenes of the play)
            if index < first_chapter:
                front_lists.append(paragraph)
            else:
                builder.narrate(_sentence(strip_markup(paragraph.text)), paragraph.line)
            continue
        if index < first_chapter and index + 1 in listed and SCENES_HEADING.match(strip_markup(paragraph.text)):
            front_lists.append(paragraph)  # THE SCENES OF THE PLAY, above the list of them
            continue
        if index < start and _is_list(paragraph, whole):
            front_lists.append(paragraph)  # the first night's cast (`Lane: Mr. F. Kinsey Peile.`)
            continue
        if len(paragraph.lines) == 1 and on_stage(paragraph.text) and not (
                dialogue.label_at(paragraph.lines[0]) and dialogue.label_at(paragraph.lines[0]).rest):
            dialogue.settle()  # `LADY WISHFORT, FOIBLE.`: who is on stage, not a speech of two voices
            builder.direction(strip_markup(paragraph.text).strip(), paragraph.line, Form.ACTION)
            continue
        if SONG.match(paragraph.text) and not dialogue.label_at(paragraph.lines[0]):
            builder.direction(paragraph.text, paragraph.line, Form.TRANSITION)  # the tune: its verses are sung
            singing = True
            continue
        if dialogue.label_at(paragraph.lines[0]):
            singing = False
        if index < start:
            if spoken_by.get(index):  # a prologue that names who speaks it, in that voice
                builder.speech((spoken_by[index],), paragraph.text, paragraph.line)
            else:
                builder.narrate(paragraph.text, paragraph.line)
            continue
        if spoken_by.get(index) and not dialogue.label_at(paragraph.lines[0]):
            dialogue.settle()
            builder.speech((spoken_by[index],), paragraph.text, paragraph.line)
            continue
        if not dialogue.label_at(paragraph.lines[0]) and _is_stage_paragraph(paragraph.text):
            if not dialogue.waiting:  # (a label alone above it still waits for its speech)
                dialogue.settle()
            _stage_paragraph(builder, paragraph)
            continue
        builder.prose_sounds = True  # the play's own prose, not its front matter: a sound it opens on is heard
        dialogue.paragraph(paragraph, "continue" if singing else mode if index >= first_label else "narrate")
        builder.prose_sounds = False
    dialogue.settle()
    if front_lists:
        skipped = list(skipped) + [f"lines {', '.join(_spans(front_lists))}: the cast list, the list of scenes and the "
                                   f"first night's cast are not read aloud: they are the cast and its descriptions"]
    if front_prose:
        skipped = list(skipped) + [f"lines {', '.join(_spans(front_prose))}: the edition's front matter (a preface, the "
                                   f"argument, notes for the reader, the first performance) and the rest of its title "
                                   f"page are not the play: not read"]
    warnings = [] if dialogue.found_any else [dialogue.no_speaker_warning(source)]
    names = dialogue.names()
    descriptions = _descriptions(names, entries)
    return builder.script(metadata, "play", reason, names, descriptions, warnings=warnings, skipped=skipped)


def _play_start(body: list[Paragraph], heads: dict, listed: set[int], whole: Dialogue, cast: range) -> int:
    """Where the play proper begins: at its first real heading after the cast list (`cast`, the
    paragraphs it spans); what stands before it is front matter (title, cast lists, the first night's
    cast as `Name: Mr. Actor.`), read as it stands. Unless the dialogue has begun before it (an excerpt
    that starts in the middle of a scene): then at its first speech."""
    start = min((i for i in heads if i not in listed and (not cast or i > cast.start)), default=None)
    spoken = [i for i, p in enumerate(body) if whole.label_at(p.lines[0]) and not _is_list(p, whole)
              and (_WORD.search(whole.label_at(p.lines[0]).rest) or len(p.lines) > 1)  # words with the name: not a
              # title nor a signature (`G. M.`)
              and i not in cast]
    before = [i for i in spoken if start is None or i < start]
    if start is None or len(before) >= 3:
        # (no label with words beside it: the first name alone above its words, `OEDIPUS.` over the verse)
        alone = (i for i, p in enumerate(body) if whole.label_at(p.lines[0]) and not whole.label_at(p.lines[0]).rest
                 and whole.labels[p.lines[0].number].followed and i not in cast)
        start = spoken[0] if spoken else next(alone, 0)
    return start


def _chapters(heads: dict, listed: set[int], start: int, labelled: list[int], count: int) -> dict:
    """The headings that begin a chapter: those with a speech under them before the next, and an act
    heading with its first scene's heading right after it."""
    chapter_at = {}
    order = [i for i in sorted(heads) if i >= start and i not in listed]
    for n, i in enumerate(order):
        nxt = order[n + 1] if n + 1 < len(order) else count
        if any(i < j < nxt for j in labelled) or heads[i][0] == "act" and nxt < count and heads[nxt][0] == "scene":
            chapter_at[i] = heads[i]
    return chapter_at


# A title page's motto and where it is from (`…non vultis.—HOR. Sat. i. 2, 37.`, `—Ibid.`): not a subtitle,
# not read.
_EPIGRAPH = re.compile(r"[—–]\s*(Ibid\b|[A-Z]{2,}\.)")


def _running_prose(paragraph: Paragraph) -> bool:
    """A paragraph of prose: forty words or more, most of them in lower case."""
    words = paragraph.text.split()
    return len(words) >= 40 and sum(w[:1].islower() for w in words) >= 0.5 * len(words)


def _sentence_of_prose(text: str) -> bool:
    """Running words, mostly in lower case, ending as a sentence ends: not a title page's line."""
    words = text.split()
    return len(words) >= 8 and sum(w[:1].islower() for w in words) >= 0.5 * len(words) and text.rstrip()[-1:] in ".!?:"


def _spans(paragraphs_: list[Paragraph]) -> list[str]:
    """Line ranges of the paragraphs, runs joined: ["12-30", "41-44"]."""
    spans: list[list[int]] = []
    for p in paragraphs_:
        first, last = p.line, p.lines[-1].number
        if spans and first - spans[-1][1] <= 3:
            spans[-1][1] = last
        else:
            spans.append([first, last])
    return [f"{a}-{b}" if a != b else str(a) for a, b in spans]


def _sentence(text: str) -> str:
    text = text.strip()
    text = title_case(text) if text.isupper() and len(text) > 3 else text
    return text if re.search(r"[.!?:;…]$", text) else text + "."


def _stage_paragraph(builder: ScriptBuilder, paragraph: Paragraph):
    """A paragraph that is a stage direction: in brackets (split like any text), a bracket never
    closed (`[_Strophe_ I.`, common in these editions), or plain (`Enter Lane.`)."""
    text = paragraph.text.strip()
    if text[:1] in "[(" and _closes(text):
        builder.narrate(text, paragraph.line)
    else:
        builder.direction(text.lstrip("[(").strip(), paragraph.line, Form.ACTION)


def _is_list(paragraph: Paragraph, dialogue: Dialogue) -> bool:
    """Lines that each begin with a name and hold a few words: a cast of actors (`Lane: Mr. F.
    Kinsey Peile.`), not a conversation."""
    lines = paragraph.lines
    short = [line for line in lines if dialogue.label_at(line) and len(dialogue.label_at(line).rest) < 40]
    return len(lines) >= 3 and len(short) >= 0.6 * len(lines)


def _is_stage_paragraph(text: str) -> bool:
    """A paragraph that is all direction: `Enter Lane.`, `[Enter Jack.]`, or a bracket never closed."""
    text = text.strip()
    if not STAGE_DIRECTION.match(text):
        return False
    if text[:1] not in "[(" and not text.startswith(("_[", "_(")):
        return True
    return not _closes(text) or text.rstrip("._ ")[-1:] in ")]"


def _closes(text: str) -> bool:
    return text.count("[") <= text.count("]") and text.count("(") <= text.count(")")


GROUPS = {"ALL", "BOTH", "OMNES", "CHORUS", "SEVERAL", "OTHERS", "THE OTHERS"}  # labels for many voices at once
_STAGE_WORDS = {"ENTER", "EXIT", "EXEUNT", "AND", "THE", "WITH", "MANET", "MANENT", "THEN", "ATTENDANTS", "LORDS",
                "FLOURISH", "ALARUM", "SENNET", "THUNDER", "DRUM", "WITHIN", "SOLDIERS", "OTHERS", "SERVANTS"}


def _entered(body: list[Paragraph]) -> set[str]:
    """Names that entrances bring on (`Enter Macbeth and Banquo.`), in capitals."""
    names = set()
    for paragraph in body:
        for line in paragraph.lines:
            if ENTRANCE_LINE.match(line.text) or STAGE_DIRECTION.match(line.text):
                names.update(w.upper() for w in re.findall(r"\b[A-Z][A-Za-z]{2,}\b", line.text))
    return names - _STAGE_WORDS


def _map_abbreviations(dialogue: Dialogue, entries, body: list[Paragraph]):
    """MACB. and MAC. name MACBETH when the cast list, an entrance (`Enter Macbeth and Banquo.`)
    or a longer label has exactly one such name; witches labelled 1. 2. 3. after `Enter the three
    Witches` are the First, Second and Third Witch."""
    plural = None
    for paragraph in body:
        for line in paragraph.lines:
            group = re.search(r"\b(two|three|four|five|six)\s+([A-Z][a-z]+?)e?s\b", line.text)
            if group and (ENTRANCE_LINE.match(line.text) or STAGE_DIRECTION.match(line.text)):
                plural = group.group(2)
    cast = {speaker_id(name) for name, _, _ in entries}
    listed = {speaker_id(n) for p in body for n in on_stage(p.text)}
    full = cast | listed | dialogue.vote.accepted | _entered(body)
    index = NameIndex(full)
    for label in dialogue.vote.accepted:
        if label.isdigit() and plural:
            ordinal = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")[min(int(label), 6) - 1]
            dialogue.spell(label, f"{ordinal} {plural}", 1000)  # the name listeners see
            continue
        if len(label) < 2 or label in cast:
            continue
        name = abbreviated(label, index)
        if name:
            dialogue.canonical[label] = name


class NameIndex:
    """Names by the word an abbreviation of them starts with: their first word, and the first word
    after their titles (MRS. MILLAMANT under MRS and MILLAMANT). Sorted, so the names a label's
    first word begins are found by bisection, not by trying every name (a script of ten thousand
    labels stays linear)."""

    def __init__(self, names):
        first, after_titles = [], []
        for name in names:
            parts = [w.rstrip(".") for w in name.split()]
            if not parts:
                continue
            first.append((parts[0], name, tuple(parts), 0))
            start = 0
            while start < len(parts) - 1 and (parts[start] in TITLES or parts[start] + "." in ABBREVIATIONS):
                start += 1
            if start:
                after_titles.append((parts[start], name, tuple(parts), start))
        self.tiers = (sorted(first), sorted(after_titles))

    def beginning(self, tier: int, word: str):
        entries = self.tiers[tier]
        index = bisect_left(entries, (word,))
        while index < len(entries) and entries[index][0].startswith(word):
            yield entries[index]
            index += 1


def abbreviated(label: str, names) -> str | None:
    """The one name of `names` (a NameIndex, or any names) that `label` abbreviates (MILLA. ->
    MRS. MILLAMANT, MRS. MAR. -> MRS. MARWOOD, LADY. -> LADY WISHFORT), or None. Each word of the
    label begins the matching word of the name, from the name's first word or else from the first
    after its titles; the label is shorter (fewer words, or a word cut short). A name matched from
    its first word wins over one matched after a title (FAIN. is FAINALL, MRS. FAIN. MRS.
    FAINALL); of names that abbreviate each other (MACB., MACBETH) the longest wins; two unrelated
    ones: no answer."""
    index = names if isinstance(names, NameIndex) else NameIndex(names)
    words = [w.rstrip(".") for w in label.split()]
    if not words or not words[0]:
        return None
    for tier in (0, 1):
        found = set()
        for examined, (_, name, parts, start) in enumerate(index.beginning(tier, words[0])):
            if examined > 64:
                return None  # a word that begins many names abbreviates none of them
            if name == label:
                continue
            run = parts[start:start + len(words)]
            # shorter: a word cut short (MILLA.), or a title standing for the whole name (LADY.); a
            # name's first word in full (ALGERNON of Algernon Moncrieff) is a name of its own
            if len(run) == len(words) and all(r.startswith(w) for r, w in zip(run, words)) and (
                    any(len(r) > len(w) for r, w in zip(run, words))
                    or len(parts) > len(words) and all(w in TITLES for w in words)):
                found.add(name)
        if len(found) > 1:  # MAC. and MACB. both abbreviate MACBETH: the longest name wins
            longest = max(found, key=len)
            found = {longest} if all(_abbreviates(f, longest) for f in found) else found
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def _abbreviates(short: str, long: str) -> bool:
    a, b = short.replace(".", "").split(), long.replace(".", "").split()
    return len(a) <= len(b) and all(y.startswith(x) for x, y in zip(a, b))


def _descriptions(names: dict[str, str], entries) -> dict[str, str]:
    """Each speaker's line in the cast list, matched by the words of their label."""
    out = {}
    for speaker in names:
        words = set(speaker.split())
        for name, description, _ in entries:
            if words <= set(speaker_id(name).split()) or speaker in known_ids(name):
                out[speaker] = f"{name}, {description}" if description else name
                break
    return out
