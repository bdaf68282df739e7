"""NAME.html beside the audio: one self-contained page to listen and follow, opened from the
file system (no server, no network). The audio is referenced by its relative name; styles,
script, transcript, timeline and the waveform's peaks are inside the page.

Two ways in:
  render time:     Peaks fed with the mastered blocks, then page_data(...) from the Timeline
  an old render:   page_data_from_files(AUDIO) from NAME.vtt, NAME.chapters.json, ffprobe, ffmpeg
and out: write_page(audio, data) -> NAME.html (atomically).

The transcript, chapters, timeline lanes and facts are written as static HTML (readable without
script, searchable with the browser's own find); the script adds the player, the highlight that
follows the audio, search, the waveform and the playhead.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import numpy as np

from dramatize import __version__
from dramatize.errors import DramatizeError
from dramatize.timing import MIX_RATE, clock, from_stamp
from dramatize.export.audio import require_ffmpeg
from dramatize.export.outputs import OutputSet
from dramatize.export import vtt
from dramatize.export.sidecars import cast_of, sidecar_paths, write_text

PEAKS_PER_SECOND = 20  # 50 ms buckets: 33 minutes are 39,440 buckets, 2 bytes each (105 kB in base64)
FLOOR_DB = -60.0  # the envelope's byte 0; 255 is 0 dBFS, linear in dB between
FIT_SECONDS = 1.0  # a transcript may end this much after its audio (encoders pad), never more

# Text colours for speakers, each at least 4.5:1 against the page's white (WCAG AA for text),
# in an order where neighbours differ in hue and lightness; names are always shown beside them.
PALETTE = ("#1f5fa8", "#b3261e", "#2e7d32", "#7b1fa2", "#9a5200", "#00695c", "#ad1457", "#4e5d6c",
           "#5d4037", "#3949ab", "#6b6b00", "#c2185b")


# ---------------------------------------------------------------- the waveform's peaks

class Peaks:
    """A compact level envelope: per bucket of 1/PEAKS_PER_SECOND s, the sample peak and the RMS
    of both channels, each one byte on a dB scale (FLOOR_DB .. 0 dBFS). Fed block by block, so
    it costs the render no memory: `add((2, n) float32)`, or wrap the stream with `tap(blocks)`."""

    def __init__(self, rate: int, per_second: int = PEAKS_PER_SECOND):
        if rate % per_second:
            raise ValueError(f"rate {rate} is not a multiple of {per_second}")
        self.rate = rate
        self.per_second = per_second
        self.bucket = rate // per_second
        self.samples = 0
        self._rest = np.zeros((2, 0), dtype=np.float32)
        self._peak: list[np.ndarray] = []
        self._power: list[np.ndarray] = []

    def add(self, block: np.ndarray):
        block = np.asarray(block, dtype=np.float32)
        if block.ndim == 1:
            block = np.stack([block, block])
        self.samples += block.shape[1]
        data = np.concatenate([self._rest, block], axis=1) if self._rest.shape[1] else block
        whole = data.shape[1] // self.bucket * self.bucket
        if whole:
            frames = data[:, :whole].reshape(data.shape[0], -1, self.bucket)
            self._peak.append(np.maximum(frames.max(axis=(0, 2)), -frames.min(axis=(0, 2))))
            self._power.append(np.einsum("cbk,cbk->b", frames, frames) / (frames.shape[0] * self.bucket))
        self._rest = data[:, whole:].copy()

    def tap(self, blocks):
        """Pass `blocks` through unchanged, measuring each on the way."""
        for block in blocks:
            self.add(block)
            yield block

    def _levels(self) -> tuple[np.ndarray, np.ndarray]:
        peak, power = list(self._peak), list(self._power)
        if self._rest.shape[1]:  # the last, partial bucket
            peak.append(np.abs(self._rest).max(axis=(0, 1), keepdims=False).reshape(1))
            power.append(np.square(self._rest, dtype=np.float64).mean().reshape(1))
        if not peak:
            return np.zeros(0), np.zeros(0)
        return np.concatenate(peak), np.concatenate(power)

    def values(self) -> np.ndarray:
        """(buckets, 2) uint8: peak and RMS per bucket, 0 = FLOOR_DB or below, 255 = 0 dBFS."""
        peak, power = self._levels()
        db = np.stack([20 * np.log10(np.maximum(peak, 1e-9)), 10 * np.log10(np.maximum(power, 1e-18))], axis=1)
        return np.round(np.clip((db - FLOOR_DB) / -FLOOR_DB, 0, 1) * 255).astype(np.uint8)

    def encoded(self) -> str:
        """The envelope as base64 of interleaved (peak, rms) bytes, as the page reads it."""
        return base64.b64encode(self.values().tobytes()).decode("ascii")

    @property
    def peak_db(self) -> float:
        """The highest sample peak of everything added, dBFS."""
        peak, _ = self._levels()
        return float(20 * np.log10(max(float(peak.max(initial=0.0)), 1e-9)))


def peaks_from_audio(path: Path, rate: int = MIX_RATE, meter=None) -> Peaks:
    """The envelope of an existing file, decoded by ffmpeg and measured as a render measures it;
    `meter` (a LoudnessMeter at `rate`), if given, is fed the same samples."""
    require_ffmpeg()
    peaks = Peaks(rate)
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0", "-f", "f32le", "-ac", "2",
               "-ar", str(rate), "-"]
    chunk = peaks.bucket * 2 * 4 * 200  # ten seconds of stereo float32
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a damaged file's many messages cannot block it
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL)
        try:
            while raw := process.stdout.read(chunk):
                block = np.frombuffer(raw[:len(raw) // 8 * 8], dtype="<f4").reshape(-1, 2).T
                peaks.add(block)
                if meter is not None:
                    meter.add(block)
        finally:
            process.stdout.close()
            status = process.wait()
        errors.seek(0)
        error = errors.read().decode(errors="replace").strip()
    if status != 0:
        raise DramatizeError(f"ffmpeg cannot decode it: {error.splitlines()[-1] if error else 'no message'}", str(path))
    return peaks


# ---------------------------------------------------------------- what the page shows

@dataclass(frozen=True)
class PageLine:
    start: float  # seconds
    end: float
    speaker: str | None  # the display name ("Zinoviev and Kamenev" for several); None for a stage direction
    text: str
    kind: str = "speech"  # "speech", "title", "note", "aside", "direction" (narrated) or "cue"
    line_id: str = ""  # the script line's stable id (lineids.py), shown to copy; "" for the title card
    take: bool = False  # heard from an actor's recorded take (takes.py), not a synthetic voice
    heard: str | None = None  # what `check --listen` heard, where it heard something else (NAME.listen.json)
    wer: float | None = None  # ...and its word error rate on this line


@dataclass(frozen=True)
class PageBed:
    """A sound held under a scene (cues/beds.py), or music: its own lane on the timeline."""

    start: float
    end: float
    kind: str
    text: str


@dataclass(frozen=True)
class PageChapter:
    title: str
    start: float
    end: float


@dataclass
class PageData:
    audio: Path  # the audio file; the page goes beside it and names it relatively
    duration: float  # seconds
    tags: dict[str, str]  # title, artist, album, date, genre, comment (as written to the audio)
    lines: list[PageLine]
    chapters: list[PageChapter]
    cast: list[tuple[str, str]]  # (display name, engine voice)
    peaks: Peaks | None = None
    loudness: dict[str, float] = field(default_factory=dict)  # any of: rms, lufs, true_peak, peak
    files: dict[str, Path] = field(default_factory=dict)  # sidecars: vtt, chapters, labels
    beds: list[PageBed] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.tags.get("title") or self.audio.stem


def page_data(audio: Path, timeline, tags: dict[str, str], rate: int, *, peaks: Peaks | None = None,
              loudness: dict[str, float] | None = None, sidecars: dict[str, Path] | None = None,
              takes=()) -> PageData:
    """The page of a render, from its own objects (`timeline` in samples at `rate`); `takes`: the
    ids of the lines heard from recorded takes."""
    lines = [PageLine(t.start / rate, t.end / rate, t.speaker, t.text, t.kind, t.line_id, t.line_id in takes)
             for t in timeline.transcript]
    chapters = [PageChapter(c.title, c.start / rate, c.end / rate) for c in timeline.chapters]
    measured = dict(loudness or {})
    if peaks is not None and peaks.samples and "peak" not in measured:
        measured["peak"] = peaks.peak_db
    beds = [PageBed(p.start / rate, (p.start + p.source.arrangement.whole) / rate, p.source.spec.type, p.source.spec.text)
            for p in timeline.placements if p.bus == "cue" and p.source.arrangement.whole and not p.source.arrangement.offset]
    return PageData(Path(audio), timeline.length / rate, dict(tags), _heard(Path(audio), lines), chapters,
                    cast_of(timeline), peaks, measured, dict(sidecars or {}), sorted(beds, key=lambda b: b.start))


def _heard(audio: Path, lines: list[PageLine]) -> list[PageLine]:
    """The lines marked with what `check --listen` heard instead (NAME.listen.json beside the audio)."""
    from dramatize.listen import heard_lines

    marks = heard_lines(audio)
    return [replace(line, heard=mark["heard"], wer=mark["wer"]) if (mark := marks.get(round(line.start, 3)))
            and mark["id"] == line.line_id else line for line in lines]


def _beds_from(path: Path) -> list[PageBed]:
    """The held sounds of an older render, from its cue sheet (NAME.cues.csv), if it has one."""
    import csv

    try:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        return [PageBed(from_stamp(r["start"]), from_stamp(r["start"]) + float(r["length"]), r["kind"], r["direction"])
                for r in rows if r.get("form") == "held"]
    except (OSError, ValueError, KeyError, TypeError):
        return []



# ---------------------------------------------------------------- an existing render, from its files

def _chapters_from(paths: dict[str, Path], info: dict, duration: float) -> list[PageChapter]:
    chapters_path = paths["chapters"]
    if chapters_path.is_file():
        try:
            found = json.loads(chapters_path.read_text(encoding="utf-8")).get("chapters", [])
            return [PageChapter(c.get("title", ""), float(c["startTime"]),
                                float(c.get("endTime", found[i + 1]["startTime"] if i + 1 < len(found) else duration)))
                    for i, c in enumerate(found)]
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
            raise DramatizeError(f"not a chapters file as dramatize writes it ({type(err).__name__}: {err}); "
                                 f"remove it to use the audio's own chapters", str(chapters_path)) from None
    return [PageChapter(c.get("tags", {}).get("title", ""), float(c["start_time"]), float(c["end_time"]))
            for c in info.get("chapters", [])]


def page_data_from_files(audio: Path) -> PageData:
    """The page of an existing render: NAME.vtt (required), NAME.chapters.json (or the file's own
    chapters), tags and duration by ffprobe; peaks, loudness (BS.1770) and RMS from one decode.
    (True peak is left to `dramatize check`: ffmpeg's 4x oversampling meter takes 20 s for 33 min.)"""
    from dramatize.check import probe
    from dramatize.loudness import LoudnessMeter

    audio = Path(audio)
    info = probe(audio)
    paths = sidecar_paths(audio)
    if not paths["vtt"].is_file():
        raise DramatizeError(f"no transcript beside it ({paths['vtt'].name}): render it again without "
                             f"--no-sidecars", str(audio))
    cues, cast = vtt.read(paths["vtt"].read_text(encoding="utf-8"), str(paths["vtt"]))
    lines = _heard(audio, [PageLine(c.start, c.end, c.speaker, c.text, c.kind, c.line_id) for c in cues])
    duration = float(info.get("format", {}).get("duration", 0.0)) or max((line.end for line in lines), default=0.0)
    last = max((line.end for line in lines), default=0.0)
    if last > duration + FIT_SECONDS:
        raise DramatizeError(f"its transcript ({paths['vtt'].name}) runs to {clock(last)}, the audio lasts "
                             f"{clock(duration)}: they are not from one render; render it again", str(audio))
    tags = {k.lower(): v for k, v in info.get("format", {}).get("tags", {}).items()}
    meter = LoudnessMeter(MIX_RATE)
    peaks = peaks_from_audio(audio, MIX_RATE, meter)
    if not cast:  # a transcript written before the cast note: names only
        cast = [(name, "") for name in _speakers_in_order(lines, set())]
    return PageData(audio, duration, tags, lines, _chapters_from(paths, info, duration), cast, peaks,
                    {"lufs": meter.integrated(), "rms": meter.rms_db(), "peak": peaks.peak_db},
                    {kind: path for kind, path in paths.items() if path.is_file()}, _beds_from(paths["cues"]))


# ---------------------------------------------------------------- the page itself

def speakers_of(line: PageLine, names: set[str]) -> list[str]:
    """The individual speakers of a line: "Zinoviev and Kamenev" is two when both are cast names."""
    if line.speaker is None:
        return []
    if line.speaker in names:
        return [line.speaker]
    parts = line.speaker.split(" and ")
    return parts if len(parts) > 1 and all(p in names for p in parts) else [line.speaker]


def _speakers_in_order(lines: list[PageLine], names: set[str]) -> list[str]:
    alone = names | {line.speaker for line in lines if line.speaker and " and " not in line.speaker}
    order: list[str] = []
    for line in lines:
        for speaker in speakers_of(line, alone):
            if speaker not in order:
                order.append(speaker)
    return order


def _href(target: Path, page_folder: Path) -> str:
    """A relative link; a file name's bytes as they are on disk (UTF-8 or not), percent-encoded."""
    return quote(os.fsencode(Path(os.path.relpath(target, page_folder)).as_posix()))


def _esc(text) -> str:
    """Text for the page: escaped, and a file name's bytes that are not UTF-8 shown as �."""
    return html.escape(str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace"), quote=True)


def _pct(value: float, duration: float) -> str:
    return f"{100 * value / duration:.4f}%" if duration > 0 else "0%"


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB" if size >= 1e3 else f"{size} bytes"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' * (n != 1)}"


def _loudness_rows(loudness: dict[str, float]) -> list[tuple[str, str]]:
    names = {"lufs": ("Integrated loudness", "LUFS"), "rms": ("RMS level", "dB"),
             "true_peak": ("True peak", "dBTP"), "peak": ("Sample peak", "dBFS")}
    return [(label, f"{loudness[key]:.1f} {unit}".replace("-", "−")) for key, (label, unit) in names.items()
            if key in loudness and np.isfinite(loudness[key])]


class _Page:
    """Builds the static parts of the page from PageData."""

    def __init__(self, data: PageData):
        self.data = data
        self.duration = max(data.duration, max((line.end for line in data.lines), default=0.0), 1e-3)
        cast_names = {name for name, _ in data.cast}
        self.names = cast_names | {line.speaker for line in data.lines if line.speaker and " and " not in line.speaker}
        self.speakers = _speakers_in_order(data.lines, self.names)
        self.colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(self.speakers)}
        self.index = {name: i for i, name in enumerate(self.speakers)}
        self.voice = dict(data.cast)

    def css(self) -> str:
        return "".join(f".s{i}{{--c:{self.colour[name]}}}" for name, i in self.index.items())

    def cls(self, line: PageLine) -> str:
        """The speaker class of a line (the first speaker's colour for several at once)."""
        speakers = speakers_of(line, self.names)
        return f"s{self.index[speakers[0]]}" if speakers else ""

    def byline(self) -> str:
        tags = self.data.tags
        parts = [tags.get("artist"), tags.get("album") if tags.get("album") != self.data.title else None,
                 tags.get("date")]
        return " · ".join(_esc(p) for p in parts if p)

    def transcript(self) -> str:
        chapters = self.data.chapters or [PageChapter(self.data.title, 0.0, self.duration)]
        groups: list[list[tuple[int, PageLine]]] = [[] for _ in chapters]
        for i, line in enumerate(self.data.lines):
            at = max((k for k, c in enumerate(chapters) if c.start <= line.start + 1e-6), default=0)
            groups[at].append((i, line))
        out = []
        previous = object()
        for number, (chapter, group) in enumerate(zip(chapters, groups), start=1):
            if not group:
                continue
            out.append(f'<section class="part" aria-labelledby="ch{number}"><h3 id="ch{number}">'
                       f'<span class="n">{number}.</span> {_esc(chapter.title)}</h3><ol class="lines">')
            for i, line in group:
                out.append(self._line(i, line, same=line.speaker == previous))
                previous = line.speaker
            out.append("</ol></section>")
        return "".join(out)

    def _line(self, i: int, line: PageLine, same: bool) -> str:
        stamp = clock(line.start)
        line_id = _esc(line.line_id)
        head = (f'<li class="line {self.cls(line)}{" direction" if line.speaker is None else ""}'
                f'{" " + line.kind if line.kind not in ("speech", "cue") else ""}{" same" if same else ""}" '
                f'id="l{i}" data-i="{i}" data-start="{line.start:.3f}" data-end="{line.end:.3f}"'
                + (f' data-id="{line_id}">' if line_id else ">") +
                f'<button type="button" class="t" aria-label="Play from {stamp}">{stamp}</button>')
        # The line's id, to copy into a take's file name or `render --lines` (page_template.js copies it).
        ident = (f'<button type="button" class="id" title="Copy the line id" aria-label="Copy the line id '
                 f'{line_id}">{line_id}</button>' if line_id else "")
        if line.speaker is None:
            return (f'{head}<span class="who"><span class="vh">Stage direction</span></span>'
                    f'<p class="text">[{_esc(line.text)}]</p>{ident}</li>')
        if line.kind == "direction":  # a stage direction the narrator reads out
            return (f'{head}<span class="who">{_esc(line.speaker)} <span class="tag">direction</span></span>'
                    f'<p class="text">[{_esc(line.text)}]</p>{ident}</li>')
        tag = {"note": " <span class=\"tag\">note</span>", "aside": " <span class=\"tag\">aside</span>",
               "title": " <span class=\"tag\">title</span>"}.get(line.kind, "")
        tag += ' <span class="tag take" title="an actor\'s recorded take">take</span>' if line.take else ""
        if line.wer is not None:  # check --listen heard something else: worth a listen, maybe a pronunciation
            tag += (f' <span class="tag misheard" title="the recogniser heard: {_esc(line.heard or "")}">misheard '
                    f'{line.wer:.0%}</span>')
        return (f'{head}<span class="who">{_esc(line.speaker)}{tag}</span><p class="text">{_esc(line.text)}</p>'
                f'{ident}</li>')

    def chapter_list(self) -> str:
        items = []
        for number, c in enumerate(self.data.chapters, start=1):
            items.append(f'<li><button type="button" class="chapter" data-start="{c.start:.3f}" data-end="{c.end:.3f}">'
                         f'<span class="n">{number}.</span> <span class="title">{_esc(c.title)}</span> '
                         f'<span class="t">{clock(c.start)}<span class="len">{clock(c.end - c.start)} long</span></span>'
                         f'</button></li>')
        return f'<ol class="chapters">{"".join(items)}</ol>' if items else "<p>No chapters.</p>"

    def timeline(self) -> str:
        d = self.duration
        bands = "".join(
            f'<div class="band{" odd" if n % 2 else ""}" style="left:{_pct(c.start, d)};width:{_pct(c.end - c.start, d)}"'
            f' data-start="{c.start:.3f}" title="{n + 1}. {_esc(c.title)} ({clock(c.start)})">'
            f'<span>{n + 1}. {_esc(c.title)}</span></div>' for n, c in enumerate(self.data.chapters))
        backdrop = "".join(
            f'<div class="bg{" odd" if n % 2 else ""}" style="left:{_pct(c.start, d)};width:{_pct(c.end - c.start, d)}">'
            f'</div>' for n, c in enumerate(self.data.chapters))
        cues = "".join(
            f'<div class="cue" data-i="{i}" data-start="{line.start:.3f}" style="left:{_pct(line.start, d)};'
            f'width:{_pct(line.end - line.start, d)}" title="{clock(line.start)} [{_esc(line.text)}]"></div>'
            for i, line in enumerate(self.data.lines) if line.speaker is None)
        lanes = {name: [] for name in self.speakers}
        for i, line in enumerate(self.data.lines):
            for speaker in speakers_of(line, self.names):
                short = line.text if len(line.text) <= 90 else line.text[:88] + "…"
                lanes[speaker].append(
                    f'<div class="block" data-i="{i}" data-start="{line.start:.3f}" style="left:{_pct(line.start, d)};'
                    f'width:{_pct(line.end - line.start, d)}" title="{_esc(line.speaker)}, {clock(line.start)}: '
                    f'{_esc(short)}"></div>')
        held = "".join(
            f'<div class="cue bed" data-start="{bed.start:.3f}" style="left:{_pct(bed.start, d)};'
            f'width:{_pct(bed.end - bed.start, d)}" title="{clock(bed.start)}–{clock(bed.end)} {_esc(bed.kind)}: '
            f'[{_esc(bed.text)}]"><span>{_esc(bed.kind.replace("_", " "))}</span></div>' for bed in self.data.beds)
        labels = ['<div class="tl-label">Chapters</div>', '<div class="tl-label axis-label">Time</div>',
                  '<div class="tl-label">Sound</div>', '<div class="tl-label">Directions</div>']
        labels += ['<div class="tl-label">Held sounds</div>'] if held else []
        labels += [f'<div class="tl-label lane-label s{self.index[n]}" title="{_esc(n)}"><span class="swatch"></span>'
                   f'{_esc(n)}</div>' for n in self.speakers]
        rows = [f'<div class="row bands">{bands}</div>', '<div class="row axis" id="axis"></div>',
                '<div class="row wave"><canvas id="wave" aria-hidden="true"></canvas></div>',
                f'<div class="row cue-row">{cues}</div>'] + ([f'<div class="row bed-row">{held}</div>'] if held else [])
        rows += [f'<div class="row lane s{self.index[n]}" data-speaker="{_esc(n)}">{"".join(lanes[n])}</div>'
                 for n in self.speakers]
        return (f'<div class="tl-labels" aria-hidden="true">{"".join(labels)}</div>'
                f'<div class="tl-scroll" id="tl-scroll"><div class="tl-inner" id="tl-inner">{backdrop}'
                f'{"".join(rows)}<div class="playhead" id="playhead"></div></div></div>')

    def timeline_summary(self) -> str:
        counts = {name: 0 for name in self.speakers}
        for line in self.data.lines:
            for speaker in speakers_of(line, self.names):
                counts[speaker] += 1
        who = ", ".join(f"{n} ({_count(c, 'line')})" for n, c in counts.items())
        directions = sum(1 for line in self.data.lines if line.speaker is None)
        return f"{_count(len(self.data.chapters), 'chapter')}; lanes for {who}; {_count(directions, 'stage direction')}."

    def facts(self) -> str:
        data, tags = self.data, self.data.tags
        rows = [("Title", data.title), ("Author", tags.get("artist")), ("Book", tags.get("album")),
                ("Date", tags.get("date")), ("Occasion", tags.get("comment")), ("Genre", tags.get("genre")),
                ("Duration", clock(self.duration)), ("Chapters", str(len(data.chapters))),
                ("Lines", f"{_count(sum(1 for x in data.lines if x.speaker), 'spoken line')}, "
                          f"{_count(sum(1 for x in data.lines if x.speaker is None), 'stage direction')}")]
        facts = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in rows if v)
        facts += "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in _loudness_rows(data.loudness))
        return f'<dl class="facts">{facts}</dl>'

    def cast_table(self) -> str:
        """Who speaks, with their engine voice, lines and time; then cast members without lines
        of their own (the crowd's voices)."""
        spoken = {name: [0, 0.0] for name in self.speakers}
        for line in self.data.lines:
            for speaker in speakers_of(line, self.names):
                spoken[speaker][0] += 1
                spoken[speaker][1] += line.end - line.start
        rows = []
        for name, (count, seconds) in spoken.items():
            rows.append(f'<tr><th scope="row"><span class="swatch s{self.index[name]}"></span>{_esc(name)}</th>'
                        f'<td><code>{_esc(self.voice.get(name) or "–")}</code></td><td class="num">{count}</td>'
                        f'<td class="num">{clock(seconds)}</td></tr>')
        table = ('<table class="cast"><caption class="vh">Speakers and their engine voices</caption><thead><tr>'
                 '<th scope="col">Speaker</th><th scope="col">Engine voice</th><th scope="col" class="num">Lines</th>'
                 f'<th scope="col" class="num">Time</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
        others = [(name, voices) for name, voices in self.data.cast if name not in spoken]
        if others:
            table += '<dl class="others">' + "".join(
                f'<dt>{_esc(name)}</dt><dd>{", ".join(f"<code>{_esc(v.strip())}</code>" for v in voices.split(","))}</dd>'
                for name, voices in others) + "</dl>"
        return table

    def file_links(self) -> str:
        folder = self.data.audio.parent
        labels = {"vtt": "transcript (WebVTT)", "chapters": "chapters (Podcasting 2.0 JSON)",
                  "labels": "labels (Audacity)", "cues": "cue sheet (CSV, with credits)"}
        items = [(self.data.audio, "audio")] + [(p, labels.get(k, k)) for k, p in self.data.files.items()]
        return "<ul class=\"files\">" + "".join(
            f'<li><a href="{_href(p, folder)}">{_esc(p.name)}</a> <span class="muted">{_esc(label)}'
            f'{", " + _size(p) if _size(p) else ""}</span></li>' for p, label in items) + "</ul>"

    def script_data(self) -> str:
        peaks = self.data.peaks
        document = {"duration": round(self.duration, 3),
                    "peaks": peaks.encoded() if peaks is not None else "",
                    "peaksPerSecond": peaks.per_second if peaks is not None else 0,
                    "floorDb": FLOOR_DB}
        return json.dumps(document).replace("<", "\\u003c")


def _asset(name: str) -> str:
    return resources.files("dramatize.export").joinpath(name).read_text(encoding="utf-8")


def page_html(data: PageData) -> str:
    page = _Page(data)
    parts = {
        "title": _esc(data.title),
        "byline": page.byline(),
        "css": _asset("page_template.css") + page.css(),
        "js": _asset("page_template.js"),
        "audio": _esc(_href(data.audio, data.audio.parent)),
        "audio_name": _esc(data.audio.name),
        "duration": clock(page.duration),
        "duration_s": f"{page.duration:.3f}",
        "transcript": page.transcript(),
        "chapters": page.chapter_list(),
        "timeline": page.timeline(),
        "timeline_summary": _esc(page.timeline_summary()),
        "facts": page.facts(),
        "cast": page.cast_table(),
        "files": page.file_links(),
        "data": page.script_data(),
        "version": _esc(__version__),
    }
    # One pass: what is put in is not scanned again.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("page_template.html"))


def page_path(audio: Path) -> Path:
    return Path(f"{Path(audio).with_suffix('')}.html")


def write_page(outputs, audio: Path, data: PageData) -> Path:
    """Write NAME.html beside `audio` into `outputs` (an outputs.OutputSet); returns its path."""
    path = page_path(audio)
    write_text(outputs.temp(path), page_html(data), path)
    return path


def make_page(audio: Path) -> Path:
    """`dramatize page AUDIO`: the page of an existing render, from its files."""
    data = page_data_from_files(Path(audio))
    with OutputSet() as outputs:
        return write_page(outputs, Path(audio), data)
