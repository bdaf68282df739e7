"""Files beside the audio, each a documented standard format:

  NAME.vtt            WebVTT transcript (vtt.py)
  NAME.chapters.json  Podcasting 2.0 JSON chapters
  NAME.labels.txt     Audacity label track: every line and cue, to open beside the mix
  NAME.cues.csv       the cue sheet: every sound cue, its source and the credit its licence asks (cuesheet.py)
"""

from __future__ import annotations

import json
from pathlib import Path

from dramatize.errors import DramatizeError
from dramatize.export import cuesheet, vtt
from dramatize.model import printable


def cast_of(timeline) -> list[tuple[str, str]]:
    """Who speaks in a render, with the engine voice each was given, in order of first appearance;
    the crowd's voices as one entry at the end."""
    cast: dict[str, str] = {}
    crowd: list[str] = []
    for placement in sorted(timeline.placements, key=lambda p: p.start):
        source = placement.source
        if placement.bus == "speech":
            cast.setdefault(source.voice.name, source.voice.label)
        else:
            crowd += [v.label for v in getattr(source.spec, "voices", ())]
    entries = list(cast.items())
    if crowd:
        entries.append(("The benches (crowd)", ", ".join(dict.fromkeys(crowd))))
    return entries


def chapters_json(chapters, rate: int, title: str) -> str:
    document = {
        "version": "1.2.0",
        "title": title,
        "chapters": [{"startTime": round(c.start / rate, 3), "endTime": round(c.end / rate, 3), "title": c.title}
                     for c in chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def audacity_labels(transcript, chapters, rate: int) -> str:
    """A label per chapter start and per line, the line's stable id last (what a take or `render
    --lines` is named by): `Trotsky: words [trotsky-4c659a]`, `[Laughter] [cue-664b44]`."""
    rows = [(c.start, c.start, printable(f"Chapter: {c.title}")) for c in chapters]
    for entry in transcript:
        label = f"[{entry.text}]" if entry.speaker is None else f"{entry.speaker}: {entry.text}"
        label = f"{label} [{entry.line_id}]" if getattr(entry, "line_id", "") else label
        rows.append((entry.start, entry.end, printable(label)))
    rows.sort(key=lambda r: r[0])
    return "".join(f"{a / rate:.6f}\t{b / rate:.6f}\t{label}\n" for a, b, label in rows)


def sidecar_paths(audio: Path) -> dict[str, Path]:
    stem = audio.with_suffix("")
    return {"vtt": Path(f"{stem}.vtt"), "chapters": Path(f"{stem}.chapters.json"), "labels": Path(f"{stem}.labels.txt"),
            "cues": Path(f"{stem}.cues.csv")}


def write_sidecars(outputs, audio: Path, timeline, rate: int, title: str) -> dict[str, Path]:
    """Write the sidecars of `audio` into `outputs` (an outputs.OutputSet); returns their final paths."""
    paths = sidecar_paths(audio)
    contents = {
        "vtt": vtt.write(timeline.transcript, rate, title, cast_of(timeline)),
        "chapters": chapters_json(timeline.chapters, rate, title),
        "labels": audacity_labels(timeline.transcript, timeline.chapters, rate),
        "cues": cuesheet.write(timeline, rate),
    }
    for kind, path in paths.items():
        write_text(outputs.temp(path), contents[kind], path)
    return paths


def write_text(temp: Path, text: str, final: Path):
    try:
        temp.write_text(text, encoding="utf-8")
    except OSError as err:
        raise DramatizeError(f"cannot write: {err.strerror}", str(final)) from None
