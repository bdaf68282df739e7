"""Stable line ids: a short name for every speech, direction and note that a producer can write
on a take's file name, quote in a bug report or pass to `render --lines`.

An id is who speaks and a digest of the words said, `trotsky-4f1c2a` (`cue-…` for a direction,
`note-…` for a footnote), so it survives an edit anywhere else in the script: inserting, moving or
deleting other lines, renumbering chapters, changing punctuation or capitals in this one. Changing
this line's words gives it a new id, which is right for a take: the recording no longer says it.
The same words said again by the same speaker are told apart by their order (`…-2`, `…-3`)."""

from __future__ import annotations

import hashlib
import re

from dramatize.model import Direction, Event, Note, Script, Speech

DIGITS = 6  # hex digits of the digest: 16.7 million names per speaker, so a collision is rare
_WORD = re.compile(r"\w+")
_SLUG = re.compile(r"[^a-z0-9]+")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{%d}(?:-\d+)?$" % DIGITS)


def _prefix(event: Event) -> str:
    if isinstance(event, Speech):
        slug = _SLUG.sub("-", "+".join(event.speakers).lower()).strip("-")
        return slug[:24].strip("-") or "speech"
    return "cue" if isinstance(event, Direction) else "note"


def _words(event: Event) -> str:
    text = event.text if not isinstance(event, Note) else f"{event.number} {event.text}"
    return " ".join(_WORD.findall(text.casefold()))


def event_ids(script: Script) -> list[str]:
    """One id per event, in the order of `script.events()`; unique within the script. A part of a
    script (render.select) carries the ids of the whole in `script.ids`: an id's `-2` counts the
    same words in the whole script, whichever part is rendered."""
    if script.ids and len(script.ids) == sum(len(c.events) for c in script.chapters):
        return list(script.ids)
    return whole_ids(script)  # (ids that no longer fit the events, after a later replace(), are not trusted)


def whole_ids(script: Script) -> list[str]:
    """The ids computed from the script's own events, ignoring any it carries."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for event in script.events():
        prefix = _prefix(event)
        digest = hashlib.blake2s(f"{prefix}\n{_words(event)}".encode(), digest_size=8).hexdigest()[:DIGITS]
        base = f"{prefix}-{digest}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids.append(base if count == 1 else f"{base}-{count}")
    return ids


def ids_by_line(script: Script) -> dict[str, int]:
    """id -> the script line the event starts on."""
    return {line_id: event.line for line_id, event in zip(event_ids(script), script.events())}
