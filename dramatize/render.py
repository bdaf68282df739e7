"""The pipeline, stage after stage: read -> cast -> plan -> synthesise -> lay out -> mix -> master -> export.
`render(job)` does what a RenderJob (job.py) asks.

Mixing, mastering and encoding run as one stream: the mix is made window by window, mastered
and piped to ffmpeg, which encodes on the other core meanwhile. The master's gain is planned
beforehand on a sample of the mix's windows, and kept: an unchanged re-render reuses it."""

from __future__ import annotations

import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dramatize.cache import ClipCache
from dramatize.production.cast import Cast
from dramatize.job import RenderJob
from dramatize.production.casting import cast_script
from dramatize.production.config import load_cast
from dramatize.cues.sound import make_beds
from dramatize.effects import clip_length
from dramatize.engines import DEFAULT_ENGINE, create_engine, installed_engines
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.export.audio import container_for, require_ffmpeg, write_audio
from dramatize.export.outputs import OutputSet, refuse_overwriting
from dramatize.export.page import Peaks, page_data, page_path, write_page
from dramatize.export.sidecars import sidecar_paths, write_sidecars
from dramatize.master import Preset, mastered_blocks, plan_gain
from dramatize.mix import mix_windows, sample_windows, window_bounds
from dramatize.model import Chapter, Script, Speech, printable
from dramatize.timing import MIX_RATE
from dramatize.plan import Timeline, all_cue_specs, all_requests, layout, plan_script
from dramatize.readers import read_script
from dramatize.synthesis import SynthStats, default_workers, synthesize_all

LOUDNESS_TOLERANCE = 0.5  # dB: beyond this after limiting, the master is redone with a corrected gain
SAMPLE_WINDOWS = 8  # the master's gain is planned on this many mix windows, evenly spread (2 minutes)


def require_engines() -> dict:
    """The engines installed here, by name; an error saying what to install when there are none."""
    engines = installed_engines()
    if not engines:
        raise DramatizeError(create_engine(DEFAULT_ENGINE).unavailable()
                             or "no speech engine can speak on this machine")
    return engines


def load(script_path: Path, cast_file: Path | None, fmt: str | None = None,
         quality: str | None = None) -> tuple[Script, Cast]:
    """The script read and every speaker cast (by `cast_file`, or automatically without one). A
    broken script and a broken cast file are both reported, not only the first."""
    problems: list[str] = []
    script = cast = None
    try:
        script = read_script(script_path, fmt)
    except DramatizeError as err:
        problems.append(str(err))
    try:
        cast = load_cast(cast_file) if cast_file is not None else None
    except ConfigErrors as err:
        problems += err.problems
    except DramatizeError as err:
        problems.append(str(err))
    if problems:
        raise ConfigErrors(problems)
    return cast_script(script, cast, require_engines(), quality)


def select(script: Script, chapter: str | None = None, lines: str | None = None) -> Script:
    """Keep one chapter (number or part of its title) and/or a range of script lines."""
    chapters = list(script.chapters)
    if chapter:
        if chapter.isascii() and chapter.isdigit():
            index = int(chapter) - 1
            if not 0 <= index < len(chapters):
                raise DramatizeError(f"--chapter {chapter}: the script has chapters 1 to {len(chapters)}")
            chapters = [chapters[index]]
        else:
            chapters = [c for c in chapters if chapter.lower() in c.title.lower()]
            if not chapters:
                titles = "; ".join(f"{i + 1}. {c.title}" for i, c in enumerate(script.chapters))
                raise DramatizeError(f"--chapter {chapter!r} matches no chapter title: {titles}")
    if lines:
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", lines.strip(), re.ASCII)
        if not match:
            raise DramatizeError(f"--lines {lines}: write a line or a range such as 16-34")
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        chapters = [replace(c, events=tuple(e for e in c.events if low <= e.line <= high)) for c in chapters]
        chapters = [c for c in chapters if c.events]
        if not chapters:
            raise DramatizeError(f"--lines {lines}: no speech, cue or note starts on those lines")
        chapters = [replace(c, kind="body" if c.kind == "front" else c.kind) for c in chapters]
    return replace(script, chapters=tuple(chapters))


def audition_script(script: Script, cast: Cast, speakers: list[str], text: str | None) -> Script:
    """One short chapter per speaker: their first line (or `text`), to hear the cast side by side."""
    wanted = [cast.aliases.get(s.upper(), s.upper()) for s in speakers] or script.speakers()
    chapters = []
    for speaker in wanted:
        if speaker not in cast.voices and speaker != "NARRATOR":
            known = ", ".join(["NARRATOR"] + sorted(cast.voices))
            raise DramatizeError(f"no speaker {speaker} in the cast or the script; known: {known}")
        first = next((e for e in script.events() if isinstance(e, Speech) and speaker in e.speakers
                      and not e.aside), None)
        if text:  # the producer's words, all of them
            words = text.strip()
        else:  # the speaker's first line, its first two sentences: enough to hear the voice
            words = " ".join(re.split(r"(?<=[.!?])\s", (first.text if first else "This is my voice in the hall.").strip())[:2])
        line = first.line if first else 0
        name = cast.voice_for(speaker).name
        chapters.append(Chapter(name, (Speech((speaker,), words, line),), line, "body"))
    return replace(script, chapters=tuple(chapters), metadata={"title": "Audition"})


def tags_for(script: Script, cast: Cast) -> dict[str, str]:
    tags = _tags(script, cast)
    return {key: printable(value) for key, value in tags.items()}


def _tags(script: Script, cast: Cast) -> dict[str, str]:
    meta, production = script.metadata, cast.production
    title = production.get("title") or meta.get("title") or Path(script.source).stem
    author = production.get("author") or meta.get("author", "")
    return {
        "title": title,
        "artist": author,
        "album_artist": author,
        "album": production.get("album") or meta.get("book") or title,
        "date": production.get("date") or re.sub(r".*\b(\d{4})\b.*", r"\1", meta.get("date", "")),
        "genre": production.get("genre", "Audio drama"),
        "comment": production.get("comment") or meta.get("occasion") or meta.get("subtitle", ""),
    }


def kept_gain(store: ClipCache, key: str) -> float | None:
    hit = store.get(key)
    return None if hit is None else float(np.load(hit)[0])


@dataclass
class RenderResult:
    output: Path
    timeline: Timeline
    script: Script
    stats: SynthStats
    level: float  # in preset.unit, as measured on what was sent to the encoder
    preset: Preset
    seconds: float
    sidecars: dict


def outputs_of(job: RenderJob) -> list[Path]:
    """Every file the job writes: the audio, and its sidecars and page unless told not to."""
    return [job.output] + ([*sidecar_paths(job.output).values(), page_path(job.output)] if job.sidecars else [])


@dataclass
class Prepared:
    """A job read, cast and planned: what synthesis and the mix need, before any audio."""
    script: Script
    cast: Cast
    plans: list
    tags: dict[str, str]

    def requests(self):
        return all_requests(self.plans)


def prepare(job: RenderJob, warn=print) -> Prepared:
    """Read, cast and plan what `job` asks for; every mistake in the job is said here, before any audio."""
    container_for(job.output)  # an unsupported format or preset fails before any work
    if job.output.suffix.lower() != ".wav":
        require_ffmpeg()
    refuse_overwriting(outputs_of(job), [("script", job.script), ("cast file", job.cast_file)])
    script, cast = load(job.script, job.cast_file, job.format, job.quality)  # a missing engine is said here
    refuse_overwriting(outputs_of(job), [("cover", cast.cover)] + [("cue sound", rule.file) for rule in cast.cue_rules])
    for warning in script.warnings:
        warn(warning)
    if job.audition is not None:
        script = audition_script(script, cast, list(job.audition), job.audition_text)
    else:
        script = select(script, job.chapter, job.lines)

    plans = plan_script(script, cast, warn)
    if not all_requests(plans) and not all_cue_specs(plans):
        raise DramatizeError("nothing to say: the script has no words to speak and no sound to play "
                             "(`dramatize inspect` shows what was read)", str(job.script))
    return Prepared(script, cast, plans, tags_for(script, cast))


def render(job: RenderJob, progress=None, warn=print) -> RenderResult:
    began = time.perf_counter()
    return produce(job, prepare(job, warn), progress, warn, began)


def produce(job: RenderJob, prepared: Prepared, progress=None, warn=print, began: float | None = None) -> RenderResult:
    """Speak what is not cached, mix, master and write the audio and its sidecars, all or nothing."""
    began = time.perf_counter() if began is None else began
    preset, cast, tags = job.preset, prepared.cast, prepared.tags
    with OutputSet() as outputs:
        audio = outputs.temp(job.output)  # an output that cannot be written fails here, before the work
        timeline, stats, level, peaks = make_audio(job, prepared.plans, cast, audio, tags, progress, warn)
        written = write_sidecars(outputs, job.output, timeline, MIX_RATE, tags["title"]) if job.sidecars else {}
        if job.sidecars:
            data = page_data(job.output, timeline, tags, MIX_RATE, peaks=peaks, loudness={preset.measure: level},
                             sidecars=written)
            written["page"] = write_page(outputs, job.output, data)
    return RenderResult(job.output, timeline, prepared.script, stats, level, preset, time.perf_counter() - began,
                        written)


def make_audio(job: RenderJob, plans, cast: Cast, audio: Path, tags: dict[str, str], progress,
               warn) -> tuple[Timeline, SynthStats, float, Peaks]:
    """Speak, lay out, mix, master and encode into `audio` (which becomes job.output). Returns the
    timeline, what synthesis did, the level reached (in preset.unit) and the waveform's peaks."""
    output, preset = job.output, job.preset
    with tempfile.TemporaryDirectory(prefix="dramatize-") as temp, job.stores(Path(temp)) as cache, \
            ThreadPoolExecutor(1) as hall:
        # The hall's sound beds need no speech: a thread makes them while the workers speak.
        beds = hall.submit(make_beds, all_cue_specs(plans), MIX_RATE, cache["beds"])
        clip_paths, stats = synthesize_all(all_requests(plans), cache["clips"], job.workers or default_workers(),
                                           progress)
        bed_paths = beds.result()
        clip_samples = {key: clip_length(path, MIX_RATE) for key, path in clip_paths.items()}
        timeline = layout(plans, clip_samples, head=preset.head, tail=preset.tail)

        gain_key = job.mix_key(timeline, cast, bed_paths)
        gain = kept = kept_gain(cache["gains"], gain_key)  # the same mix as before: the gain that mastered it then
        if gain is None:
            every = -(-len(window_bounds(timeline.length, MIX_RATE)) // SAMPLE_WINDOWS)
            gain = plan_gain(sample_windows(timeline, cast, clip_paths, MIX_RATE, every, bed_paths), MIX_RATE, preset)

        for _attempt in range(2):
            meter = preset.meter(MIX_RATE)
            peaks = Peaks(MIX_RATE)  # the listening page's waveform, from exactly what is encoded
            mix = mix_windows(timeline, cast, clip_paths, MIX_RATE, progress, bed_paths)
            write_audio(output, audio, peaks.tap(mastered_blocks(mix, timeline.length, MIX_RATE, gain, preset, meter)),
                        MIX_RATE, tags, timeline.chapters, cast.cover)
            level = preset.level(meter)
            if abs(level - preset.target) <= LOUDNESS_TOLERANCE:
                break
            gain += preset.target - level  # the sample misjudged the whole: once more, corrected
        else:
            warn(f"{output}: the master reached {level:.1f} {preset.unit}, not {preset.target:g}: the limiter "
                 f"could not raise it further without passing the peak ceiling (very short or very uneven audio)")
        if gain != kept:
            cache["gains"].save_array(gain_key, np.array([gain]))
        stats.damaged += cache["beds"].damaged + cache["gains"].damaged  # the clips' are counted already
    return timeline, stats, level, peaks
