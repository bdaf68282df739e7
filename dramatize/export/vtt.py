"""NAME.vtt, the transcript beside the audio: written here, and read back here (by `dramatize
page` for an old render, and by the bench's ears), so the two can never disagree.

  write(transcript, rate, title, cast)  one cue per line: `<v Speaker>words` for speech,
                                        `[Laughter]` for a stage direction; a `NOTE cast` block
                                        names each speaker's engine voice (players skip NOTEs);
                                        each cue's identifier is its line's stable id
                                        (lineids.py; `ID#2` for the second part of a long line)
  read(text, where)                     -> ([VttCue], cast)
Stdlib only: the bench imports it from its own environment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dramatize.errors import DramatizeError
from dramatize.model import printable
from dramatize.timing import from_stamp, milliseconds, stamp

CAST_NOTE = "NOTE cast"  # the comment block that carries speaker -> engine voice


@dataclass(frozen=True)
class VttCue:
    index: int  # position among all the file's cues, from 1
    start: float  # seconds
    end: float
    speaker: str | None  # the display name ("Zinoviev and Kamenev" for several); None for a stage direction
    text: str
    kind: str = "speech"  # "speech" or "cue" (a stage direction)
    line_id: str = ""  # the script line's stable id (lineids.py), from the cue's identifier


def _escaped(text: str) -> str:
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "→")


def _unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def cast_note(cast: list[tuple[str, str]]) -> str:
    """The comment block naming each speaker's engine voice (no line may hold "-->")."""
    rows = [f"{_escaped(name)} → {_escaped(voice)}" for name, voice in cast]
    return "\n".join([CAST_NOTE, *rows]) + "\n"


def write(transcript, rate: int, title: str, cast=()) -> str:
    """The WebVTT text of a timeline's transcript (TranscriptLines in samples at `rate`)."""
    lines = ["WEBVTT", f"NOTE {_escaped(title)}" if title else "", ""]
    if cast:
        lines += [cast_note(cast).rstrip("\n"), ""]
    for entry, identifier in zip(transcript, identifiers(transcript)):
        lines.append(identifier)
        lines.append(f"{stamp(milliseconds(entry.start, rate))} --> {stamp(milliseconds(entry.end, rate))}")
        if entry.speaker is None or entry.kind == "direction":  # a narrated stage direction shows as one
            lines.append(f"[{_escaped(entry.text)}]")
        else:
            lines.append(f"<v {_escaped(entry.speaker)}>{_escaped(entry.text)}")
        lines.append("")
    return "\n".join(lines)


def identifiers(transcript) -> list[str]:
    """Each cue's identifier, unique in the file: its line id, `ID#2`, `ID#3` for the further parts
    of a line spoken in several clips (and a cue told by the narrator too); its number for a
    line without an id (the title card)."""
    out, seen = [], {}
    for number, entry in enumerate(transcript, start=1):
        line_id = getattr(entry, "line_id", "")
        if not line_id:
            out.append(str(number))
            continue
        seen[line_id] = seen.get(line_id, 0) + 1
        out.append(line_id if seen[line_id] == 1 else f"{line_id}#{seen[line_id]}")
    return out


def line_id_of(identifier: str) -> str:
    """The line id in a cue identifier `identifiers` wrote ("" for a number)."""
    return "" if identifier.isdigit() else identifier.partition("#")[0]


def read(text: str, where: str = "") -> tuple[list[VttCue], list[tuple[str, str]]]:
    """The cues and the cast of a transcript as `write` makes it: `<v Name>` cues are spoken
    lines, `[Text]` cues stage directions, other text speech without a speaker."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("WEBVTT"):
        raise DramatizeError("is not a WebVTT file (no WEBVTT header)", where)
    cues: list[VttCue] = []
    cast: list[tuple[str, str]] = []
    index = 0
    for block in re.split(r"\n{2,}", text):
        rows = [r for r in block.split("\n") if r.strip()]
        if not rows:
            continue
        if rows[0].strip() == CAST_NOTE:
            for row in rows[1:]:
                name, arrow, voice = row.rpartition(" → ")
                if arrow:
                    cast.append((_unescaped(name.strip()), _unescaped(voice.strip())))
            continue
        timing = next((i for i, r in enumerate(rows) if "-->" in r), None)
        if timing is None or rows[0].startswith("NOTE"):
            continue
        start, _, rest = rows[timing].partition("-->")
        try:
            begin, end = from_stamp(start), from_stamp(rest.split()[0])
        except (ValueError, IndexError):
            raise DramatizeError(f"cannot read the cue timing {rows[timing]!r}", where) from None
        index += 1
        line_id = line_id_of(rows[0].strip()) if timing == 1 else ""
        payload = " ".join(rows[timing + 1:]).strip()
        voice = re.match(r"<v(?:\.[^ >]*)?\s+([^>]*)>(.*)", payload, re.S)
        if voice:
            body = re.sub(r"</v>\s*$", "", voice.group(2))
            cues.append(VttCue(index, begin, end, _unescaped(voice.group(1).strip()), _unescaped(body.strip()),
                               line_id=line_id))
        elif payload.startswith("[") and payload.endswith("]"):
            cues.append(VttCue(index, begin, end, None, _unescaped(payload[1:-1].strip()), "cue", line_id))
        elif payload:
            cues.append(VttCue(index, begin, end, None, _unescaped(re.sub(r"<[^>]+>", "", payload)), line_id=line_id))
    return cues, cast
