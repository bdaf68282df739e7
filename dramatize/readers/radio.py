"""Reader for radio and audio-drama scripts, in the two layouts studios write them in.

UK (BBC scene style):
  SCENE 1.                         a chapter, titled by its heading (and the setting line below it)
  INT. A RAILWAY CARRIAGE. NIGHT.  the setting: told, and any sound it names is heard
  F/X: TRAIN ON TRACKS. HOLD UNDER.  a cue line (F/X, FX, SFX, GRAMS, MUSIC, ATMOS, B/G, ACOUSTIC…)
  1. MARGARET: (OFF) Is that you?   a speech: its number is never read; (OFF) places the voice
US (network style):
  3. MUSIC: DANGER THEME -- ESTABLISH -- FADE UNDER.   a numbered cue
  ANNOUNCER: The Mercury Theatre…  a speech whose lines wrap under a hanging indent
  SOUND: WALLA.  (OFF MIKE)  (FADING)  BIZ
Modern audio drama (screenplay style):
  MAYA                             a name alone above its speech (once two names stand so twice:
  (breathless)                     a direction in capitals stands alone, a blank line after it)
  It's here somewhere.

A cue line is never a speaker and never spoken: a sound the cues know (cues/kinds.py) is heard,
anything else is kept silent and reported once (a cast file's [[cues]] rule can give it a file).
A line on its own that is only the working vocabulary (FADE IN:, CROSSFADE, UP AND OUT) is silent.
Text the reader does not understand is narrated with a warning, as in the other readers.
"""

from __future__ import annotations

import re

from dramatize.directions import DELIVERY, Form
from dramatize.errors import DramatizeError
from dramatize.model import Script
from dramatize.readers.builder import ScriptBuilder, whole_bracket
from dramatize.readers.cuelines import CUE, CUE_SPACED, CUE_WORDS, NUMBER, as_written, working_words
from dramatize.readers.labels import NOT_NAMES, _names, display_name, is_transition, speaker_id
from dramatize.readers.play import CAST_HEADING, front_metadata
from dramatize.readers.reading import silenced_note
from dramatize.readers.source import Line, lines_of, paragraphs, strip_gutenberg, strip_markup

# 1. MARGARET: words / MARGARET (OFF): words / 12. MRS. HALE: (DISTORT) words
SPEECH = re.compile(r"^\s*" + NUMBER + r"(?P<name>[A-Z][A-Z0-9'’. &/-]{0,40}?)(?:\s*(?P<manner>\([^()]{0,60}\)))?\s*:"
                    r"(?!//)\s*(?P<rest>.*)$")
# MAYA / (breathless) / It's here.: a name alone in capitals on the line above its speech (a modern
# audio-drama script's layout, as a screenplay's).
_BARE_NAME = re.compile(r"^\s*(?P<name>[A-Z][A-Z0-9'’. &-]{0,30}?)\s*(?P<manner>\([^()]{0,40}\))?\s*$")
# BILL<tab>Nice seeing you. / EXTRA (m)   Well, I gotta be off: the name in a column, the speech beside it.
SPEECH_COLUMN = re.compile(r"^\s*" + NUMBER + r"(?P<name>[A-Z][A-Z0-9'’. &/-]{0,30}?)(?:\s*(?P<manner>\([^()]{0,60}\)))?"
                           r"(?:\t+|\s{3,})(?P<rest>\S.*[a-z].*)$")
_WORDS_NUMBER = (r"\d{1,3}[A-Z]?|[IVXLC]{1,6}|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|THIRTEEN|"
                 r"FOURTEEN|FIFTEEN|SIXTEEN|SEVENTEEN|EIGHTEEN|NINETEEN|TWENTY")
SCENE = re.compile(r"^\s*(?P<word>SCENE|Scene|EPISODE|Episode|PART|Part)\s+(?P<n>" + _WORDS_NUMBER + r")\b\s*[.:]?\s*"
                   r"(?:[-–—:.,]+\s*)?(?P<rest>.*)$", re.I)
_PAGE_FURNITURE = re.compile(r"^\s*(?:[-–(]?\s*\d{1,4}\s*[-–)]?\.?|page\s+\d+(\s+of\s+\d+)?|\(?(?:MORE|CONTINUED|CONT'?D)\)?"
                             r"|[-=_*]{3,})\s*$", re.I)
_CAST_HEADING = re.compile(r"^\s*(?:THE\s+)?(?:VOICES|CAST|CHARACTERS|PLAYERS|PERSONS)\b[^:]{0,40}:?\s*$", re.I)
# The sound man's list before the play (Sound Effects / Violin playing / Footsteps…): for the studio, never heard.
_EFFECTS_LIST = re.compile(r"^\s*(?:SOUND\s+EFFECTS?|EFFECTS|SOUND\s+CUES|MUSIC\s+CUES)(?:\s+(?:LIST|NEEDED|REQUIRED))?\s*:?\s*$",
                           re.I)
# A cast entry in title case: Knox Manning / Dr. Watson / Alfred (butler).
_CAST_TITLE_CASE = re.compile(r"^([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})\s*(?:\(([^()]{1,60})\))?\s*$")
# HOLMES; Don't… : a typed slip of ; for : (taken only for a speaker already labelled with a colon).
_SEMICOLON_SPEECH = re.compile(r"^\s*(?P<name>[A-Z][A-Z'’. -]{0,40}?)\s*;\s*(?P<rest>\S.*)$")
# VIOLIN STOPS / MUSIC ENDS: the end of what was playing: nothing to hear or tell of itself.
_ENDS = re.compile(r"^[A-Z][A-Z ,'’-]{0,40}\s(?:STOPS|ENDS|CEASES)(?:\s+(?:ABRUPTLY|SUDDENLY))?\.?$")
# Series: / Show: / Date: lines at the top of a transcribed broadcast script.
_HEADER = re.compile(r"^\s*(?P<key>Series|Show|Program|Programme|Title|Episode|Date|Broadcast|Air date|Network|Sponsor|"
                     r"Writer|Written by|Author|Script)\s*:\s*(?P<value>\S.*)$", re.I)
# Producer: Alan Pryce / Studio: B9: the production's credits on the front page, for the studio, never read.
_CREDIT = re.compile(r"^\s*(?:Producer|Produced by|Director|Directed by|Studio|Studio manager|Engineer|Recorded|Recording|"
                     r"Recording date|Rehearsal|Transmission|TX|Running time|Duration|Script editor|Editor)\s*:\s*\S", re.I)
_NUMBERED = re.compile(r"^" + NUMBER + r"(?=[A-Z])")  # 5. WALLA: CROWD OUTSIDE: the number is not the sound's
_LOWER = re.compile(r"[a-z]")
_OPEN_SENTENCE = re.compile(r"[\w,;]\s*$")  # a speech that stops mid-sentence
_HANGING = 4  # a wrapped cue or speech is indented at least this much under its label
_LEADING_NOTE = re.compile(r"\s*\(([^()]{1,80})\)\s*")
_LONGEST_CAST_NOTE = 12  # words: a cast entry's description is short; more is a speech


def _words_after_label(text: str) -> bool:
    """MARGARET: Who is it? has words after its label; CAST: alone is a heading."""
    speech = SPEECH.match(text)
    return bool(speech and speech.group("rest").strip())


def _title(heading: str) -> str:
    """SCENE 1 - KITCHEN. -> Scene 1: Kitchen"""
    match = SCENE.match(heading)
    word, number = match.group("word").capitalize(), match.group("n")
    number = number if number.isdigit() or re.fullmatch(r"[IVXLC]+", number) else number.capitalize()
    rest = match.group("rest").strip(" .:-–—")
    return f"{word} {number}" + (f": {_sentence_case(rest)}" if rest else "")


def _sentence_case(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].upper() + text[1:].lower() if not _LOWER.search(text) else text


_INT_EXT = re.compile(r"^\s*(?:INT|EXT|I/E|INT\.?/EXT|EXT\.?/INT)\b\.?\s*", re.I)


def _place(text: str) -> str:
    """INT. A RAILWAY CARRIAGE. NIGHT. -> A railway carriage, night.  (what a listener is told)"""
    text = _INT_EXT.sub("", text.strip())
    parts = [p.strip() for p in re.split(r"\.\s+|\s+[-–—]+\s+|\.$", text) if p.strip(" .")]
    joined = ", ".join(_sentence_case(p) if i == 0 else p.lower() if not _LOWER.search(p) else p
                       for i, p in enumerate(parts))
    return joined + "." if joined else ""


def _setting(text: str) -> bool:
    """A setting or acoustic line under a scene heading: short, and no speech or cue."""
    return len(text) <= 100 and not SPEECH.match(text) and not CUE.match(text)


def _bare_name_lines(lines: list[Line]) -> set[int]:
    """The lines that are a name alone above its speech, once two names stand so at least twice
    each (a direction in capitals stands alone, and a blank line follows it)."""
    found: dict[str, list[int]] = {}
    for line, below in zip(lines, lines[1:]):
        match = _BARE_NAME.match(line.text)
        words = below.text.strip()
        if match and words and (words.startswith("(") or _LOWER.search(words)) and not SPEECH.match(words) \
                and not CUE.match(words) and not SCENE.match(line.text):
            found.setdefault(" ".join(match.group("name").split()), []).append(line.number)
    names = {name for name, numbers in found.items() if len(numbers) > 1}
    if len(names) > 1:  # the script is written so: a name above its words once (a guard's one line) is a name too
        names = set(found)
    return {number for name in names for number in found[name]}


class _Reader:
    def __init__(self, builder: ScriptBuilder, source: str):
        self.builder = builder
        self.source = source
        self.item: tuple[str, int, list[str], tuple] | None = None  # (kind, line, texts, extra): the open item
        self.last_speakers: tuple[str, ...] | None = None
        self.names: dict[str, str] = {}
        self.descriptions: dict[str, str] = {}
        self.skipped: list[int] = []
        self.cast_lines: list[int] = []  # the cast list: the cast and its descriptions, not read aloud
        self.skipped_list: list[int] = []  # the sound man's list of effects before the play
        self.spoken = False  # a speech has been read (an effects list comes before the first)
        # The last speech stopped mid-sentence (`papers on the` / `floor - papers…`) or a note of its
        # own followed it ((Pause)): an unlabelled paragraph next is still that speaker's.
        self.goes_on = False

    # ------------------------------------------------------------ items (a cue or a speech, with its wrapped lines)

    def open(self, kind: str, line: int, text: str, extra=()):
        self.close()
        self.item = (kind, line, [text], extra)

    def extend(self, text: str):
        self.item[2].append(text.strip())

    def close(self):
        if self.item is None:
            return
        kind, line, texts, extra = self.item
        self.item = None
        text = " ".join(t for t in texts if t).strip()
        if kind == "cue":
            self.cue(extra[0], extra[1], text, line)
        elif kind == "speech":
            self.speech(extra, text, line)

    # ------------------------------------------------------------ events

    def cue(self, word: str, written_as: str, rest: str, line: int):
        """A cue line (cuelines.cue_direction): it ends the run of a speech."""
        self.goes_on = False
        self.builder.cue(word, written_as, rest, line)

    def speech(self, extra, text: str, line: int):
        speakers, labels, manner = extra
        delivery = None
        if manner:  # MARGARET (OFF): …
            event = self.builder.direction(manner, line, Form.PARENTHETICAL)
            delivery = event.delivery if event else None
        # 4. GUY: (CLOSE) Is what I wanted to say.  Notes before the words say how, or where, they are said.
        at = 0
        while (note := _LEADING_NOTE.match(text, at)) and not text.isspace() and note.end() < len(text.rstrip()):
            event = self.builder.direction(note.group(1), line, Form.PARENTHETICAL)
            if event is not None and event.action == DELIVERY:
                delivery = event.delivery or delivery
            at = note.end()
        text = text[at:]
        if not text.strip():
            self.builder.warn(line, f"speaker label {' and '.join(labels)} with no words after it")
            return
        self.builder.speech(speakers, text, line, labels, delivery)
        self.last_speakers = speakers
        self.spoken = True
        self.goes_on = bool(_OPEN_SENTENCE.search(text))

    def label(self, match: re.Match) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(speakers, labels as written) if the label of a SPEECH match is a name."""
        raw = " ".join(match.group("name").split())
        if raw.rstrip(".") in NOT_NAMES or raw in NOT_NAMES or is_transition(raw) or raw.upper() in CUE_WORDS:
            return None
        found = _names(raw)
        if not found or not found[1]:
            return None
        written = found[0]
        ids = tuple(speaker_id(n.rstrip(".")) for n in written)
        for name, speaker in zip(written, ids):
            self.names.setdefault(speaker, display_name(name.rstrip(".")))
        return ids, tuple(written)

    # ------------------------------------------------------------ the lines

    def read(self, lines: list[Line], start: int):
        builder = self.builder
        blank_before = True
        expect_setting = False
        in_cast = in_list = False
        bare_names = _bare_name_lines(lines[start:])  # MAYA alone above her words
        for line in lines[start:]:
            raw = line.text
            text = raw.strip()
            if not text:
                blank_before = True
                in_cast = in_cast and self.item is None
                in_list = False  # the effects list is one block
                continue
            after_blank, blank_before = blank_before, False
            indent = len(raw) - len(raw.lstrip())
            if _PAGE_FURNITURE.match(text):
                self.close()
                self.skipped.append(line.number)
                continue
            if SCENE.match(text) and len(text) <= 100 and not SPEECH.match(text.split("-")[0]):
                self.close()
                builder.chapter(_title(text), line.number)
                expect_setting = not SCENE.match(text).group("rest").strip(" .:-–—")
                in_cast = False  # the play has begun: the cast list is over
                self.last_speakers = None  # nor does the last speaker's voice run on into the new scene
                continue
            if expect_setting:
                expect_setting = False
                if _setting(text) and not working_words(text):
                    place = _place(text)
                    if not builder.events and place:  # the setting names the scene: Scene 1: A railway carriage, night
                        builder.title = f"{builder.title}: {place.rstrip('.')}"
                    if place:
                        builder.direction(place, line.number, Form.ACTION)  # told; a sound it names is heard
                    continue
            if in_list or _EFFECTS_LIST.match(text) and self.item is None and not self.spoken:
                in_list = not (CUE.match(text) and not _EFFECTS_LIST.match(text)) and not SPEECH.match(text)
                if in_list:
                    self.skipped_list.append(line.number)
                    continue
            if in_cast or (_CAST_HEADING.match(text) or CAST_HEADING.match(text)) and not _words_after_label(text):
                self.close()
                heading = not in_cast
                in_cast = self.cast_line(text, line.number, heading=heading)
                if in_cast or heading:
                    continue
                # Not a cast entry: the list has ended and this line (a cue, a speech) is read as any other.
            cue = CUE.match(text) or (CUE_SPACED.match(text) if not _LOWER.search(text) else None)
            if cue and (cue.group("word").isupper() or text[cue.end("word"):].lstrip().startswith(":")):
                self.open("cue", line.number, cue.group("rest"), (cue.group("word"), as_written(cue)))
                continue
            speech = SPEECH.match(text) or SPEECH_COLUMN.match(raw.rstrip())
            if not speech and line.number in bare_names:
                speech = SPEECH.match(text + ":")  # MAYA (OFF) above the words: the label, its words below
            if not speech and (slip := _SEMICOLON_SPEECH.match(text)) and speaker_id(slip.group("name")) in self.names:
                speech = slip
            found = self.label(speech) if speech else None
            if found:
                self.open("speech", line.number, speech.group("rest"),
                          (found[0], found[1], speech.groupdict().get("manner") and speech.group("manner")[1:-1]))
                continue
            if working_words(text):
                self.close()
                builder.direction(text.strip(), line.number, Form.TRANSITION)
                continue
            if self.item is not None and (not after_blank or indent >= _HANGING):
                self.extend(text)  # a wrapped line of the cue or speech above
                continue
            self.close()
            if not text.startswith("("):
                self.goes_on = self.goes_on and bool(_LOWER.search(text))  # a cue or direction ends the run
            inner = whole_bracket(text)
            if _ENDS.match(text):
                builder.direction(text, line.number, Form.TRANSITION)  # VIOLIN STOPS: the end of a sound, silent
            elif inner is not None or not _LOWER.search(text):
                # A direction on its own line, in brackets or in capitals: [A door slams.] / FOOTSTEPS APPROACH
                # AND STOP. / (THEY LAUGH) / (Pause) in a speech, after which the voice goes on
                builder.direction(inner if inner is not None else _NUMBERED.sub("", text), line.number, Form.BRACKET)
                self.goes_on = self.goes_on or bool(self.last_speakers and text.startswith("(") and _LOWER.search(text))
            elif self.last_speakers and after_blank and (indent >= 1 or self.goes_on):
                builder.speech(self.last_speakers, text, line.number)  # a speech's next paragraph
            else:
                builder.warn(line.number, f"'{text[:60]}' has no speaker or cue: read by the narrator")
                builder.narrate(text, line.number)
        self.close()

    def cast_line(self, text: str, line: int, heading: bool) -> bool:
        """A line of the cast list (`ESME: A traveler`, `MARGARET, his wife`): kept for casting, not
        read aloud (a minute of names before the first scene is not the play). Returns whether the
        list goes on."""
        if heading:
            self.cast_lines.append(line)
            return True
        match = re.match(r"^([A-Z][A-Z'’. -]{1,40}?)\s*(?::|,|\s[-–—]\s|\(|\s{2,}|$)\s*(.*)$", text)
        if not match or CUE.match(text) or not _names(match.group(1).strip()):
            match = _CAST_TITLE_CASE.match(text)  # Knox Manning / Alfred (butler)
            if not match or CUE.match(text) or _EFFECTS_LIST.match(text):
                return False
        name = match.group(1).strip().rstrip(".")
        description = (match.group(2) or "").strip().rstrip(")").strip()
        if len(description.split()) > _LONGEST_CAST_NOTE:  # ANNOUNCER: This episode from the life of…: the play has begun
            return False
        speaker = speaker_id(name)
        self.names.setdefault(speaker, display_name(name))
        if description:
            self.descriptions[speaker] = description
        self.cast_lines.append(line)
        return True


def _header(lines: list[Line]) -> tuple[dict[str, str], list[int], list[Line]]:
    """The Series:/Show:/Date: block a transcribed broadcast script opens with: (metadata, lines of
    credits in it that are not read, the lines after it). Needs two such lines in the first block."""
    block = []
    for line in lines:
        if not line.text.strip():
            if block:
                break
            continue
        block.append(line)
    found = [(line, _HEADER.match(line.text)) for line in block]
    if sum(1 for _, match in found if match) < 2:
        return {}, [], lines
    metadata: dict[str, str] = {}
    for _, match in found:
        if match:
            key, value = match.group("key").lower(), match.group("value").strip()
            if key in ("show", "title", "episode", "program", "programme"):
                metadata.setdefault("title", value)
            elif key == "series":
                metadata.setdefault("subtitle", value)
            elif key in ("writer", "written by", "author"):
                metadata.setdefault("author", value)
    credits = [line.number for line, match in found if not match]  # Script courtesy of …
    last = block[-1].number
    return metadata, credits, [line for line in lines if line.number > last]


def _front_end(lines: list[Line]) -> int:
    """Index of the first line of the play proper: a scene heading, a cue, a speech or a cast list."""
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if SCENE.match(text) or CUE.match(text) or _CAST_HEADING.match(text) or CAST_HEADING.match(text) or (
                working_words(text)):
            return index
        speech = SPEECH.match(text)
        if speech and _names(speech.group("name").strip()) and speech.group("name").strip() not in NOT_NAMES and (
                speech.group("num") or _LOWER.search(speech.group("rest"))):  # not a title: THE NIGHT SHIFT: A PLAY
            return index
    return len(lines)


def parse(text: str, source: str = "<script>", reason: str = "", reading=None) -> Script:
    lines, gutenberg, skipped = strip_gutenberg(lines_of(text))
    if reading is not None and reading.silent:  # the cast file's [reading] silent = … (reading.py)
        silenced = reading.silenced(lines)
        if silenced:
            gone = set(silenced)
            lines = [line for line in lines if line.number not in gone]
            skipped = list(skipped) + [silenced_note(silenced)]
    if not any(line.text.strip() for line in lines):
        raise DramatizeError("the script is empty", source)
    builder = ScriptBuilder(source, brackets="stage")
    start = _front_end(lines)
    header, credits, front_lines = _header(lines[:start])
    front = paragraphs(front_lines) if front_lines else []
    metadata, unused = front_metadata(front)
    metadata.update(header)
    metadata.update(gutenberg)
    if credits:
        skipped = list(skipped) + [f"line {credits[0]}: the transcriber's credit at the top is not read"]
    builder.keep_front = bool(metadata)
    builder.chapter("", lines[0].number, "front" if metadata else "body")  # no title: the play begins at once
    for paragraph in unused:
        if all(_CREDIT.match(line.text) or _HEADER.match(line.text) for line in paragraph.lines):
            skipped = list(skipped) + [f"line {paragraph.line}: the production's credits are not read"]
        else:
            builder.narrate(strip_markup(paragraph.text), paragraph.line)
    reader = _Reader(builder, source)
    reader.read(lines, start)
    warnings = []
    if not reader.names:
        warnings.append(f"{source}: no speaker labels found; the narrator reads the whole script. Start each speech "
                        f"with the speaker's name in capitals and a colon (MARGARET: …).")
    if reader.skipped_list:
        skipped = list(skipped) + [f"lines {reader.skipped_list[0]}-{reader.skipped_list[-1]}: the list of sound effects "
                                   f"before the play is for the studio, not read aloud"]
    if reader.cast_lines:
        skipped = list(skipped) + [f"lines {reader.cast_lines[0]}-{reader.cast_lines[-1]}: the cast list is not read "
                                   f"aloud: it is the cast and its descriptions"]
    if reader.skipped:
        skipped = list(skipped) + [f"{len(reader.skipped)} page numbers and (MORE)/(CONTINUED) lines are not read "
                                   f"(lines {', '.join(str(n) for n in reader.skipped[:8])}"
                                   f"{' …' if len(reader.skipped) > 8 else ''})"]
    return builder.script(metadata, "radio", reason, reader.names, _by_label(reader.descriptions, builder),
                          warnings=warnings, skipped=skipped)


def _by_label(descriptions: dict[str, str], builder) -> dict[str, str]:
    """The cast list's descriptions under the labels the speeches use: `MARGARET HOLLIS, a
    schoolteacher` is MARGARET's when MARGARET speaks and no other speaker's label is in the name."""
    events = [e for chapter in builder.chapters for e in chapter.events] + builder.events  # (the last, still open)
    speakers = {s for e in events for s in getattr(e, "speakers", ())}
    out = {}
    for name, description in descriptions.items():
        if name in speakers:
            out[name] = description
            continue
        words = name.split()
        found = [s for s in speakers if s.split() == words[:len(s.split())] or s.split() == words[-len(s.split()):]]
        out[found[0] if len(found) == 1 else name] = description
    return out
