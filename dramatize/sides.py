"""An actor's sides: every line of one speaker, with its id and the cue before it, to record from.

`dramatize sides SPEAKER SCRIPT` writes NAME.SPEAKER.sides.txt (plain text, to print or mail) and
NAME.SPEAKER.sides.html (one self-contained page in large type, to read from at the microphone).
Each line's id is the name its take is given (`takes/trotsky-4c659a.wav`, takes.py); a line that
already has a take is marked recorded. Nothing here loads an audio library.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from dramatize.directions import DELIVERY
from dramatize.errors import DramatizeError
from dramatize.lineids import event_ids
from dramatize.model import Direction, Note, Script, Speech
from dramatize.readers.builder import title_of_file

CUE_WORDS = 30  # a long cue speech is shown by its last words: the actor needs the end of it


@dataclass(frozen=True)
class Side:
    line_id: str
    line: int  # where it starts in the script
    chapter: str
    text: str
    cue: str  # the speech or direction before it ("BOB: … the hour.", "[Laughter]"); "" at the very start
    with_others: tuple[str, ...] = ()  # others who say it at the same time
    how: str = ""  # aside, a delivery note, where the voice stands (on the telephone…)
    recorded: bool = False  # a take of it is in the takes folder


def speaker_of(script: Script, name: str, aliases: dict[str, str] | None = None) -> str:
    """The speaker id `name` means (an id, a written name or a cast alias, in any case); one line
    listing the speakers if none."""
    wanted = name.strip().casefold()
    for alias, target in (aliases or {}).items():
        if alias.casefold() == wanted:
            wanted = target.casefold()
    for speaker in script.speakers():
        if wanted in (speaker.casefold(), script.name_of(speaker).casefold()):
            return speaker
    raise DramatizeError(f"no speaker {name} in {script.source}; its speakers: {', '.join(script.speakers())}")


def _cue(script: Script, event) -> str:
    if isinstance(event, Direction):
        return f"[{event.text}]"
    words = event.text.split()
    shown = " ".join(words[-CUE_WORDS:])
    who = " and ".join(script.name_of(s) for s in event.speakers)
    return f"{who}: {'… ' if len(words) > CUE_WORDS else ''}{shown}"


def sides_of(script: Script, speaker: str, recorded: set[str] | dict = frozenset()) -> list[Side]:
    """The speaker's lines in script order, each with the cue before it (the previous speech or
    direction; a footnote is not a cue)."""
    out = []
    cue = ""
    ids = iter(event_ids(script))
    for chapter in script.chapters:
        for event in chapter.events:
            line_id = next(ids)
            if isinstance(event, Note) or (isinstance(event, Direction) and event.action == DELIVERY):
                continue  # a footnote is no cue; a delivery note is shown with the line it shapes
            if isinstance(event, Speech) and speaker in event.speakers:
                how = ", ".join(filter(None, ("aside" if event.aside else "", event.delivery or "",
                                              event.perspective or "")))
                others = tuple(script.name_of(s) for s in event.speakers if s != speaker)
                out.append(Side(line_id, event.line, chapter.title, event.text, cue, others, how, line_id in recorded))
            cue = _cue(script, event)
    return out


def _count(lines: int) -> str:
    return f"{lines} line{'s' * (lines != 1)}"


def _extra(side: Side) -> str:
    """How the line is said, and with whom: "aside, with Bob"."""
    together = "with " + " and ".join(side.with_others) if side.with_others else ""
    return ", ".join(filter(None, (side.how, together)))


def sides_text(script: Script, speaker: str, sides: list[Side]) -> str:
    name = script.name_of(speaker)
    title = script.metadata.get("title") or title_of_file(script.source) or Path(script.source).stem
    done = sum(s.recorded for s in sides)
    lines = [f"{name}: sides for {title}", _count(len(sides)) + (f", {done} recorded" if done else "")
             + f". Name each take by its id: takes/{sides[0].line_id if sides else 'ID'}.wav", ""]
    chapter = None
    for side in sides:
        if side.chapter != chapter:
            chapter = side.chapter
            lines += [f"== {chapter} ==", ""]
        status = "  (recorded)" if side.recorded else ""
        lines.append(f"{side.line_id}   script line {side.line}{status}")
        if side.cue:
            lines.append(f"  cue:  {side.cue}")
        extra = _extra(side)
        lines.append(f"  {name.upper()}{f' ({extra})' if extra else ''}: {side.text}")
        lines.append("")
    return "\n".join(lines)


_STYLE = """
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fffdf8;--muted:#5b5b5b;--rule:#d9d4c7;--mark:#2e7d32}
@media (prefers-color-scheme:dark){:root{--fg:#f2efe6;--bg:#161616;--muted:#b3b0a8;--rule:#3a3a3a;--mark:#8fd18f}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:1.5rem 1.25rem 4rem;font:1.5rem/1.5 Georgia,"DejaVu Serif",serif;
color:var(--fg);background:var(--bg)}
h1{font-size:2rem;line-height:1.2;margin:0 0 .25rem}
p.about{color:var(--muted);font-size:1.1rem;margin:0 0 2rem}
h2{font-size:1.4rem;border-bottom:2px solid var(--rule);margin:2.5rem 0 1rem;padding-bottom:.25rem}
ol{list-style:none;margin:0;padding:0}
li.side{margin:0 0 2rem;padding:0 0 1.5rem;border-bottom:1px solid var(--rule);break-inside:avoid}
.meta{font:1rem/1.4 ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted);display:flex;gap:1rem;flex-wrap:wrap}
.meta .id{font-weight:bold;color:var(--fg);user-select:all}
.meta .done{color:var(--mark);font-weight:bold}
.cue{color:var(--muted);font-size:1.15rem;font-style:italic;margin:.5rem 0 .5rem}
.cue::before{content:"cue: ";font-style:normal;font-weight:bold}
.text{font-size:1.75rem;line-height:1.45;margin:.25rem 0 0}
.who{font-weight:bold;font-size:1.1rem;letter-spacing:.04em;text-transform:uppercase}
.how{font-weight:normal;font-style:italic;text-transform:none;letter-spacing:0}
@media print{body{max-width:none;font-size:14pt}.text{font-size:16pt}}
"""


def sides_html(script: Script, speaker: str, sides: list[Side]) -> str:
    esc = html.escape
    name = script.name_of(speaker)
    title = script.metadata.get("title") or title_of_file(script.source) or Path(script.source).stem
    done = sum(s.recorded for s in sides)
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(name)}: sides for {esc(title)}</title><style>{_STYLE}</style></head><body>",
             f"<header><h1>{esc(name)}</h1><p class=\"about\">Sides for {esc(title)}: {_count(len(sides))}"
             + (f", {done} recorded" if done else "")
             + ". Name each take by its line's id, such as <code>takes/"
             + f"{esc(sides[0].line_id if sides else 'ID')}.wav</code>.</p></header><main>"]
    chapter = None
    for side in sides:
        if side.chapter != chapter:
            if chapter is not None:
                parts.append("</ol></section>")
            chapter = side.chapter
            parts.append(f"<section><h2>{esc(chapter)}</h2><ol>")
        extra = _extra(side)
        parts.append(
            f'<li class="side" id="{esc(side.line_id)}" data-id="{esc(side.line_id)}">'
            f'<div class="meta"><span class="id">{esc(side.line_id)}</span><span>script line {side.line}</span>'
            + ('<span class="done">recorded</span>' if side.recorded else "") + "</div>"
            + (f'<p class="cue">{esc(side.cue)}</p>' if side.cue else "")
            + f'<p class="text"><span class="who">{esc(name)}'
            + (f' <span class="how">({esc(extra)})</span>' if extra else "")
            + f"</span><br>{esc(side.text)}</p></li>")
    if chapter is not None:
        parts.append("</ol></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def sides_paths(script_path: Path, speaker: str, folder: Path) -> tuple[Path, Path]:
    stem = f"{Path(script_path).stem}.{speaker}.sides"
    return folder / f"{stem}.txt", folder / f"{stem}.html"


def write_sides(script_path: Path, script: Script, speaker: str, folder: Path,
                recorded: set[str] | dict = frozenset()) -> tuple[Path, Path, int]:
    """Both files, written together (all or nothing). Returns their paths and the number of lines."""
    from dramatize.export.outputs import OutputSet, refuse_overwriting
    from dramatize.export.sidecars import write_text

    sides = sides_of(script, speaker, recorded)
    text_path, html_path = sides_paths(script_path, speaker, folder)
    refuse_overwriting([text_path, html_path], [("script", script_path)])
    with OutputSet() as outputs:
        write_text(outputs.temp(text_path), sides_text(script, speaker, sides), text_path)
        write_text(outputs.temp(html_path), sides_html(script, speaker, sides), html_path)
    return text_path, html_path, len(sides)
