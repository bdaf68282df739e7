"""Speeches under labels, for every reader whose scripts name the speaker at the start of a line
(transcripts, plays, hearings): find the label candidates, let the whole document vote on them
(labels.py), then hand each paragraph's speeches to the builder.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import takewhile

from dramatize.directions import Form
from dramatize.model import NARRATOR
from dramatize.readers.builder import ScriptBuilder
from dramatize.readers.cuelines import as_written, cue_line, wrapped_rest
from dramatize.readers.labels import Candidate, LabelMatch, LabelVote, display_name, parse_label
from dramatize.readers.source import LEADING_TIMESTAMP, Line, Paragraph

_SENTENCE_ENDS = frozenset(".!?…:;\"”’)]*_-–—")  # the last character of a finished sentence
# The record's own sentences between speeches (the Congressional Record, Hansard, minutes): the
# clerk's voice, not the speaker's who spoke before them.
RECORD = re.compile(
    r"^\s*(There (was|being) no objection|The (question|motion|amendment|amendments|bill|resolution|joint resolution|"
    r"concurrent resolution|Senate bill|House bill|title|preamble|previous question|yeas and nays|Journal|vote)\b"
    r"[^.]{0,200}?\b(was|were) (taken|agreed to|ordered|rejected|laid on the table|passed|adopted|read|amended|"
    r"engrossed|approved|withdrawn|not agreed to|postponed)\b|A motion to reconsider was laid on the table|"
    r"The (?:legislative |assistant legislative |bill |reading )?[Cc]lerk (read|will report|reported|designated|"
    r"proceeded to call|called)\b|So the (bill|resolution|motion|amendment) was\b|"
    r"The (House|Senate|Committee) (then )?(adjourned|recessed|resumed|rose|stood in recess)\b)")
# The record introducing the words below it. Someone's own words: `The Reverend Dr. X, Pastor, …,
# offered the following prayer:`, `Ms. McKINNEY led the Pledge of Allegiance as follows:`. A paper
# read into the record, the clerk's (the narrator's): `The text of the amendment is as follows:`,
# `… laid before the House the following communication from the Speaker:`.
_SPOKEN_INTRO = re.compile(r"^\s*(?P<who>[^,():]{3,60}?)(?:,[^:]{0,160}?)?\s+(?:offered the following prayer|"
                           r"led the Pledge of Allegiance as follows|(?:said|spoke|stated|testified|prayed) as follows)"
                           r"\s*:\s*$")
_PAPER_INTRO = re.compile(r"(?:\bas follows|\bthe following [\w ,.'’-]{1,80}?)\s*:\s*$")
_OPEN_MANNER = re.compile(r"^\s*[^\[\]()]{1,60}[\[(][^\])]*$")
_NEXT_VOICE = re.compile(r"\s*[-–—]?\s*(?=<v[\s.])")
_OPENING = "\"“‘«„"
# A quotation that the narrator goes on from: `"Are you …?" continued Mr. Fullerton.`
_QUOTE_THEN_NARRATION = re.compile(r"^[\"“‘«„][^\"”»]{1,600}[\"”’»][,.!?]?\s+[a-z]")


def _quoted_speech(labels) -> bool:
    """Whether this document prints every speech in quotation marks after its label (`_Counsel._
    "…"`, as books quote a trial): then a paragraph that does not go on quoting is the author's."""
    rests = [c.match.rest for c in labels if c.match.rest and c.match.shape != "tag"]
    quoted = sum(1 for r in rests if r[:1] in _OPENING)
    return len(rests) >= 5 and quoted >= 0.9 * len(rests)


def _goes_on_quoting(text: str) -> bool:
    """An unlabelled paragraph of a quoted document still in the last speaker's voice: it opens a
    quotation, and the narrator does not take over after it."""
    return text[:1] in _OPENING and not _QUOTE_THEN_NARRATION.match(text)


def candidates(paragraphs: list[Paragraph], shapes) -> list[Candidate]:
    """Every line that could start with a speaker label, with what the vote needs to know of it."""
    found = []
    for p_index, paragraph in enumerate(paragraphs):
        for l_index, line in enumerate(paragraph.lines):
            match, span = parse_label(line.text, shapes), 1
            if match is None and _OPEN_MANNER.match(line.text):
                # THE DAUGHTER [in the space between the pillars, close to / the one on her left] I'm …
                for span in range(2, min(6, len(paragraph.lines) - l_index + 1)):
                    joined = " ".join(x.text.strip() for x in paragraph.lines[l_index:l_index + span])
                    if "]" in paragraph.lines[l_index + span - 1].text or ")" in paragraph.lines[l_index + span - 1].text:
                        match = parse_label(joined, shapes)
                        break
            if match is None:
                continue
            previous = paragraph.lines[l_index - 1].text if l_index else ""
            at_start = l_index == 0 or previous.rstrip()[-1:] in _SENTENCE_ENDS or _indent(line.text) > _indent(
                previous)  # verse: a label line stands out from the speech lines above it
            followed = _speech_follows(l_index + span < len(paragraph.lines), paragraphs[p_index + 1:p_index + 2], match)
            below = paragraph.lines[l_index + span].number if l_index + span < len(paragraph.lines) else None
            found.append(Candidate(line.number, match, at_start, followed, span, below))
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _speech_follows(more_lines: bool, next_paragraph, match) -> bool:
    """Whether words follow a label: on its line, below it, or (after a blank line) in prose."""
    if match.rest:
        return True
    if more_lines:
        return True
    if not next_paragraph:
        return False
    first = next_paragraph[0].lines[0].text.strip()
    return any(c.islower() for c in first)  # a heading or another name in capitals is not a speech


class Dialogue:
    """Walks paragraphs, changing speaker at every accepted label; text without a label goes on in
    the voice of whoever spoke last (or the narrator, before anyone has)."""

    def __init__(self, builder: ScriptBuilder, paragraphs: list[Paragraph], shapes, known=frozenset(),
                 dot_titles: bool = False, timestamps: bool = False, direction_line=None, found=None,
                 reading=None, introductions: bool = False):
        """`found`: the candidates of these paragraphs, when another Dialogue has found them (see
        `candidates_from`), so that a reader that reads its document twice parses its labels once.
        `reading`: the cast file's [reading] corrections (reading.py): labels, not_labels, narrator."""
        self.builder = builder
        self.reading = reading
        self.introductions = introductions  # the record says, between speeches, whose words follow
        if reading is not None:
            known = set(known) | set(reading.labels)
        self.direction_line = direction_line  # a line that is a direction of its own ends the speech above it
        self.timestamps = timestamps  # lines begin with times, which are not read
        found = candidates(paragraphs, shapes) if found is None else found
        self.found = found
        self.vote = LabelVote(found, set(known), dot_titles, reading.not_labels if reading is not None else frozenset())
        self.labels = {c.line: c for c in found if self.vote.is_label(c)}
        for candidate in found:  # the line under a name alone is that speaker's words, never another name
            if candidate.below is not None and not candidate.match.rest and candidate.line in self.labels:
                self.labels.pop(candidate.below, None)
        self.rejected = Counter(" and ".join(c.match.names) for c in found if c.line not in self.labels)
        self.quoted = _quoted_speech(self.labels.values())
        # speaker -> its spelling, while it was written once, else how often each spelling (a script may
        # have a hundred thousand speakers: a Counter each cost time and memory)
        self.spellings: dict[str, str | dict[str, int]] = {}
        self.canonical: dict[str, str] = {}  # an abbreviated label (HAM) -> the speaker it names (HAMLET)
        self.speakers: tuple[str, ...] = (NARRATOR,)
        self.written: tuple[str, ...] = ()
        # a label without words (name, line, manner, its line): its speech after a blank line, or none
        self.waiting: tuple[str, int, str | None, int] | None = None
        self.same: dict[tuple[str, ...], tuple[str, ...]] = {}

    def candidates_from(self, first_line: int) -> list[Candidate]:
        """The candidates from line `first_line` on, for a Dialogue over the paragraphs from there."""
        return [c for c in self.found if c.line >= first_line]

    @property
    def found_any(self) -> bool:
        return bool(self.labels)

    def label_at(self, line: Line) -> LabelMatch | None:
        candidate = self.labels.get(line.number)
        return candidate.match if candidate else None

    def names(self) -> dict[str, str]:
        """Speaker id -> the spelling listeners see (the script's most common one)."""
        return {speaker: display_name(spellings if isinstance(spellings, str) else max(spellings, key=spellings.get))
                for speaker, spellings in self.spellings.items()}

    def spell(self, speaker: str, name: str, times: int = 1):
        """One more time `speaker` was written `name`."""
        spellings = self.spellings.get(speaker)
        if spellings is None and times == 1:
            self.spellings[speaker] = name
            return
        if not isinstance(spellings, dict):
            spellings = self.spellings[speaker] = {spellings: 1} if spellings is not None else {}
        spellings[name] = spellings.get(name, 0) + times

    def to_narrator(self):
        self.speakers, self.written = (NARRATOR,), ()

    def paragraph(self, paragraph: Paragraph, unlabelled: str = "continue"):
        """Read one paragraph. Unlabelled text: "continue" the last speaker, or "narrate" it."""
        if self.waiting and not self.label_at(paragraph.lines[0]):
            _, _, manner, at = self.waiting  # ALGERNON. / (blank line) / his speech
            if manner:
                self.builder.direction(manner, at, Form.PARENTHETICAL)
            unlabelled, self.waiting = "continue", None
        self.settle()
        start = 0
        lines = paragraph.lines
        for index, line in enumerate(lines):
            if index < start:
                continue  # a cue line's wrapped lines, read with it
            labelled = self.label_at(line)
            cue = None if labelled else cue_line(line.text)
            if cue or self.direction_line and not labelled and self.direction_line(line.text):
                if index > start:
                    self._segment(lines[start:index], unlabelled)
                start = index + 1
                if cue is None:
                    self.builder.direction(line.text.strip(), line.number, Form.ACTION)
                    continue
                rest, wrapped = wrapped_rest(cue, (l.text for l in takewhile(lambda l: not self.label_at(l),
                                                                             lines[start:])))
                self.builder.cue(cue.group("word"), as_written(cue), rest, line.number)
                start += wrapped
            elif index > start and (self.label_at(line) or RECORD.match(line.text)
                                    and lines[index - 1].text.rstrip()[-1:] in ".!?)"):
                self._segment(lines[start:index], unlabelled)  # (the record's own sentence: read apart)
                start = index
        if start < len(lines):
            self._segment(lines[start:], unlabelled)

    def _segment(self, lines, unlabelled: str):
        match = self.label_at(lines[0])
        span = self.labels[lines[0].number].span if match else 1
        texts = [self._clean(line.text) for line in lines[span:]]
        if match is None:
            text = " ".join([self._clean(lines[0].text)] + texts).strip()
            if self.introductions and self._introduction(text, lines[0].number):
                return
            if unlabelled == "narrate" or self.speakers != (NARRATOR,) and (
                    self._record(text) or self.quoted and not _goes_on_quoting(text)):
                self.builder.narrate(text, lines[0].number)
            else:
                self.builder.speech(self.speakers, text, lines[0].number, self.written)
            return
        speakers = tuple(self.canonical.get(i, i) for i in match.ids)
        if len(self.same) < 4096:  # one tuple for every speech of a speaker, while speakers are few
            speakers = self.same.setdefault(speakers, speakers)
        self._now_speaking(speakers, match.names)
        text = " ".join([match.rest] + texts).strip()
        line = lines[span - 1].number if match.rest or len(lines) <= span else lines[span].number
        if not text:  # the words come in the next paragraph, or (`Witness (no answer).`) never
            self.waiting = (" and ".join(match.names), line, match.manner, lines[0].number)
            return
        delivery = None
        if match.manner:
            event = self.builder.direction(match.manner, lines[0].number, Form.PARENTHETICAL)
            delivery = event.delivery if event else None
        if match.shape == "tag" and "<v" in text:
            self._voices(text, line, delivery)
            return
        self.builder.speech(self.speakers, text, line, self.written, delivery)

    def _now_speaking(self, speakers: tuple[str, ...], names: tuple[str, ...]):
        """`speakers` speak from here on, written as `names` (each spelling counted)."""
        self.speakers, self.written = speakers, names
        for name, speaker in zip(names, speakers):
            self.spell(speaker, name)

    def _voices(self, text: str, line: int, delivery: str | None):
        """A cue with two voices (`<v Emo>Why?</v> - <v Proog>Now!</v>`): a speech for each, in turn."""
        first, *others = [part for part in _NEXT_VOICE.split(text) if part.strip()]
        self.builder.speech(self.speakers, first, line, self.written, delivery)  # the label's own words
        for part in others:
            voice = parse_label(part, ("tag",))
            if voice is None or not voice.rest:
                self.builder.speech(self.speakers, part, line, self.written)
                continue
            self._now_speaking(voice.ids, voice.names)
            self.builder.speech(self.speakers, voice.rest, line, self.written)

    def _introduction(self, text: str, line: int) -> bool:
        """The record's sentence that says whose words follow: narrated, and the paragraphs after it
        are that person's (a prayer, the Pledge) or the narrator's (a paper read into the record)."""
        if len(text) > 400 or text[-1:] != ":":
            return False
        spoken = _SPOKEN_INTRO.match(text)
        who = parse_label(spoken.group("who") + ".", ("dot",)) if spoken else None
        if who is None and not _PAPER_INTRO.search(text):
            return False
        self.builder.narrate(text, line)
        if who is None:
            self.to_narrator()
            return True
        speakers = tuple(self.canonical.get(i, i) for i in who.ids)
        self._now_speaking(speakers, who.names)
        return True

    def _record(self, text: str) -> bool:
        """What the record says, not the last speaker: `There was no objection.`, or a paragraph the
        producer's [reading] narrator = … patterns match."""
        return bool(RECORD.match(text)) or self.reading is not None and self.reading.narrates(text)

    def settle(self):
        """A label left waiting for its words, and none came: say so (or tell its manner)."""
        if self.waiting:
            name, line, manner, at = self.waiting
            if manner:  # the manner is all the label says: what happens, told (`Doctor: no answer.`)
                self.builder.narrate(f"{display_name(name)}: {manner}.", at)
            else:
                self.builder.warn(line, f"speaker label {name} with no words after it")
            self.waiting = None

    def no_speaker_warning(self, source: str) -> str:
        seen = ", ".join(f"'{name}:' ({count}×)" for name, count in self.rejected.most_common(4))
        saw = f" It saw {seen}, which do not look like speakers." if seen else ""
        return (f"{source}: no speaker labels found; the narrator reads the whole script.{saw} Start each speech "
                f"with the speaker's name and a colon (TROTSKY: …), or the name alone on the line above it.")

    def _clean(self, text: str) -> str:
        """A line of speech, without its leading time in a timestamped transcript."""
        return LEADING_TIMESTAMP.sub("", text, count=1).strip() if self.timestamps else text.strip()
