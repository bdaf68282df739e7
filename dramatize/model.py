"""The script model: what a reader understood of a text. No audio, no voices.

Every event remembers the line it came from, so any later stage can say
"script.txt:98" when something about it goes wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

NARRATOR = "NARRATOR"
CROWD = "CROWD"


@dataclass(frozen=True)
class Speech:
    """Words spoken by one speaker, or by several at once."""

    speakers: tuple[str, ...]
    text: str
    line: int
    labels: tuple[str, ...] = ()  # the labels as written, before alias resolution
    note_refs: tuple[str, ...] = ()  # footnote numbers referenced in this text, not spoken
    aside: bool = False  # an author's later note, read by the narrator
    delivery: str | None = None  # how it is said: a name in directions.DELIVERIES, from a note before it
    perspective: str | None = None  # where the voice stands or what it comes through: a name in perspective.PERSPECTIVES

    kind = "speech"


@dataclass(frozen=True)
class Direction:
    """A stage direction and what the listener gets from it (see directions.py): a sound, the
    narrator's words, a change in how the next words are said, or nothing audible."""

    text: str
    line: int
    action: str  # a directions.Action: sound, narrate, delivery or silent
    sound: str | None = None  # for sounds: a cues.kinds.Kind (FILE: a producer's recording)
    delivery: str | None = None  # for delivery notes with an effect: its name
    say: str | None = None  # words the hall voices, for sounds such as shouts
    known: bool = True  # False when nothing recognised it (it is narrated, with a warning)
    told: bool = False  # a sound that the narrator also tells (an action line that names a sound)
    rule: int | None = None  # the cast file's [[cues]] rule that made it a sound (its index), if one did

    kind = "direction"


@dataclass(frozen=True)
class Note:
    """A footnote from the end of the document, read by the narrator."""

    number: str
    text: str
    line: int

    kind = "note"


Event = Speech | Direction | Note


@dataclass(frozen=True)
class Chapter:
    title: str
    events: tuple[Event, ...]
    line: int
    kind: str = "body"  # "front" (title card and preface), "body" or "notes"


@dataclass(frozen=True)
class Script:
    source: str  # the file name, for messages
    metadata: dict[str, str]
    chapters: tuple[Chapter, ...]
    warnings: tuple[str, ...] = ()
    format: str = "transcript"  # the reader that read it
    format_reason: str = ""  # why that reader: the extension, or what the text looked like
    names: dict[str, str] = field(default_factory=dict)  # speaker id -> the name as the script writes it
    descriptions: dict[str, str] = field(default_factory=dict)  # speaker id -> what the cast list says of them
    skipped: tuple[str, ...] = ()  # what the reader left out on purpose (page numbers, timings…), and where
    ids: tuple[str, ...] = ()  # the events' stable ids (lineids.py) when this is part of a larger script, so
    # a selection keeps the ids of the whole; empty: lineids computes them from the events

    def events(self):
        for chapter in self.chapters:
            yield from chapter.events

    def speakers(self) -> list[str]:
        """Every speaker in order of first appearance."""
        seen: dict[str, None] = {}
        for event in self.events():
            if isinstance(event, Speech):
                for speaker in event.speakers:
                    seen.setdefault(speaker, None)
        return list(seen)

    def with_warnings(self, *more: str) -> Script:
        return replace(self, warnings=self.warnings + tuple(more))

    def name_of(self, speaker: str) -> str:
        """How listeners see a speaker: the script's own spelling, else the id in title case."""
        return self.names.get(speaker) or speaker.title()


def to_json(script: Script) -> dict:
    """The stable machine-readable view documented in the README."""

    from dramatize.lineids import event_ids  # (lineids reads this module)

    ids = iter(event_ids(script))

    def event_json(event: Event) -> dict:
        return {"id": next(ids), **_event_json(event)}

    def _event_json(event: Event) -> dict:
        if isinstance(event, Speech):
            out = {"kind": "speech", "speakers": list(event.speakers), "text": event.text, "line": event.line}
            if event.labels:
                out["labels"] = list(event.labels)
            if event.note_refs:
                out["notes"] = list(event.note_refs)
            if event.aside:
                out["aside"] = True
            if event.delivery:
                out["delivery"] = event.delivery
            if event.perspective:
                out["perspective"] = event.perspective
            return out
        if isinstance(event, Direction):
            out = {"kind": "direction", "as": event.action, "text": event.text, "line": event.line}
            if event.sound:
                out["sound"] = event.sound
            if event.say:
                out["say"] = event.say
            if event.delivery:
                out["delivery"] = event.delivery
            if not event.known:
                out["known"] = False
            if event.told:
                out["told"] = True
            return out
        return {"kind": "note", "number": event.number, "text": event.text, "line": event.line}

    return {
        "source": script.source,
        "format": script.format,
        "format_reason": script.format_reason,
        "metadata": dict(script.metadata),
        "chapters": [
            {"title": c.title, "kind": c.kind, "line": c.line, "events": [event_json(e) for e in c.events]}
            for c in script.chapters
        ],
        "speakers": script.speakers(),
        "names": {s: script.name_of(s) for s in script.speakers()},
        "descriptions": dict(script.descriptions),
        "skipped": list(script.skipped),
        "warnings": list(script.warnings),
    }


def printable(text: str) -> str:
    """Text for a line-based file: no control characters, tabs or line breaks inside a value."""
    return "".join(" " if ch in "\t\r\n\x0b\x0c\x85\u2028\u2029" else ch for ch in text
                   if ch in "\t\r\n" or not unicodedata.category(ch).startswith("C"))
