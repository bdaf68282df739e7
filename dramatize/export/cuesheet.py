"""NAME.cues.csv: the cue sheet, one row per sound cue in the order heard.

What a producer (or a broadcaster's compliance desk) asks of a drama's effects: when each cue
plays and for how long, what it is, where the sound came from, the script's words that asked
for it, and the attribution every recording's licence requires (CC BY asks for one with every
use; cues/library.py `credit`)."""

from __future__ import annotations

import csv
import io

from dramatize.cues.sound import recording_of
from dramatize.cues import library
from dramatize.model import printable
from dramatize.timing import milliseconds, stamp

COLUMNS = ("id", "start", "length", "kind", "form", "source", "direction", "line", "licence", "credit")


def rows(timeline, rate: int) -> list[dict[str, str]]:
    """One row per cue placement, with the transcript line that names it (for its id and words)."""
    said = {(t.start, t.text): t for t in timeline.transcript if t.kind == "cue"}
    out = []
    cues = (p for p in timeline.placements if p.bus == "cue" and p.source.arrangement.offset == 0)  # a bed's first piece
    for placement in sorted(cues, key=lambda p: p.start):
        spec, arrangement = placement.source.spec, placement.source.arrangement
        entry = said.get((placement.start, spec.text))
        recording = recording_of(spec)
        if spec.type == "file":
            source, licence, credit = f"producer's file: {spec.file}", "", ""
        elif recording is not None:
            source = f"recording: {recording.name} ({recording.package})"
            licence, credit = recording.licence[0], library.credit(recording)
        else:
            source, licence, credit = "built-in: synthesised by dramatize", "", ""
        if spec.requests:
            source += f"; with {len(spec.requests)} crowd line{'s' * (len(spec.requests) > 1)}"
        out.append({
            "id": entry.line_id if entry else "",
            "start": stamp(milliseconds(placement.start, rate)),  # hh:mm:ss.mmm, as a DAW shows it
            "length": f"{(arrangement.whole or placement.length) / rate:.3f}",
            "kind": spec.type,
            "form": "held" if arrangement.whole else "once",  # held under the scene (cues/beds.py), or heard once
            "source": source,
            "direction": printable(spec.text),
            "line": str(entry.line) if entry else "",
            "licence": licence,
            "credit": printable(credit),
        })
    return out


def write(timeline, rate: int) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(timeline, rate))
    return buffer.getvalue()
