"""The script model: what a reader understood of a text. No audio, no voices.

Every event remembers the line it came from, so any later stage can say
"script.txt:98" when something about it goes wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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

    kind = "speech"


@dataclass(frozen=True)
class Cue:
    """A stage direction, heard as sound; `say` holds words voiced by the hall."""

    type: str
    text: str
    line: int
    say: str | None = None
    known: bool = True  # False when the direction matched no cue type

    kind = "cue"


@dataclass(frozen=True)
class Note:
    """A footnote from the end of the document, read by the narrator."""

    number: str
    text: str
    line: int

    kind = "note"


Event = Speech | Cue | Note


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


def to_json(script: Script) -> dict:
    """The stable machine-readable view documented in the README."""

    def event_json(event: Event) -> dict:
        if isinstance(event, Speech):
            out = {"kind": "speech", "speakers": list(event.speakers), "text": event.text, "line": event.line}
            if event.labels:
                out["labels"] = list(event.labels)
            if event.note_refs:
                out["notes"] = list(event.note_refs)
            if event.aside:
                out["aside"] = True
            return out
        if isinstance(event, Cue):
            return {"kind": "cue", "type": event.type, "text": event.text, "say": event.say, "line": event.line}
        return {"kind": "note", "number": event.number, "text": event.text, "line": event.line}

    return {
        "source": script.source,
        "metadata": dict(script.metadata),
        "chapters": [
            {"title": c.title, "kind": c.kind, "line": c.line, "events": [event_json(e) for e in c.events]}
            for c in script.chapters
        ],
        "speakers": script.speakers(),
        "warnings": list(script.warnings),
    }
