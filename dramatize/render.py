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
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dramatize.cache import ClipCache
from dramatize.production.cast import Cast
from dramatize.job import RenderJob
from dramatize.production.casting import cast_script
from dramatize.production.config import load_cast, load_reading
from dramatize.cues.sound import make_beds
from dramatize.effects import clip_length
from dramatize.engines import DEFAULT_ENGINE, create_engine, installed_engines
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.export.audio import container_for, require_ffmpeg, write_audio
from dramatize.export.outputs import OutputSet, refuse_overwriting
from dramatize.export.page import Peaks, page_data, page_path, write_page
from dramatize.export.sidecars import sidecar_paths, write_sidecars
from dramatize.master import Preset, mastered_blocks, plan_gain
from dramatize.mix import made_ahead, mix_windows, sample_windows, stem_names, window_bounds
from dramatize.export.stems import StemWriter
from dramatize.cues.kinds import BY_NAME
from dramatize.directions import NARRATE, SOUND, Form, apply_rules, classify
from dramatize.lifetime import cores
from dramatize.lineids import ID_PATTERN, event_ids
from dramatize.model import NARRATOR, Chapter, Direction, Script, Speech, printable
from dramatize.timing import MIX_RATE
from dramatize.plan import SpeechSource, Timeline, all_cue_specs, all_requests, layout, muted, plan_script
from dramatize.readers import read_script
from dramatize.readers.builder import title_of_file
from dramatize.synthesis import SynthStats, synthesize_all
from dramatize.takes import Takes, find_takes, use_takes

# dB: beyond this after limiting, the master is redone with a corrected gain. EBU R128's tolerance
# where exact normalisation is impractical, and the podcast platforms' (target ±1): the planned
# gain lands about 0.5 dB low on the seed, and at 0.5 every changed render was mastered twice.
LOUDNESS_TOLERANCE = 1.0
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
    script = cast = reading = None
    try:
        reading = load_reading(cast_file) if cast_file is not None else None  # [reading] changes how it is read
    except ConfigErrors as err:
        problems += err.problems
    except DramatizeError:
        pass  # an unreadable cast file: load_cast says so below, once
    try:
        script = read_script(script_path, fmt, reading)
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


def select(script: Script, chapter: str | None = None, lines: str | None = None, speaker: str | None = None) -> Script:
    """Keep one chapter (number or part of its title), script lines or line ids (`lines`), and/or
    one speaker's lines with the cues within them (`speaker`, a speaker id: see `role`). The part
    keeps the line ids of the whole script (Script.ids)."""
    ids = iter(event_ids(script))
    pairs = [[(next(ids), e) for e in c.events] for c in script.chapters]  # (id, event) per chapter
    chapters = list(script.chapters)
    kept = list(range(len(chapters)))
    if chapter:
        if chapter.isascii() and chapter.isdigit():
            index = int(chapter) - 1
            if not 0 <= index < len(chapters):
                raise DramatizeError(f"--chapter {chapter}: the script has chapters 1 to {len(chapters)}")
            kept = [index]
        else:
            kept = [i for i in kept if chapter.lower() in chapters[i].title.lower()]
            if not kept:
                titles = "; ".join(f"{i + 1}. {c.title}" for i, c in enumerate(script.chapters))
                raise DramatizeError(f"--chapter {chapter!r} matches no chapter title: {titles}")
    part = {i: pairs[i] for i in kept}
    if lines:
        wanted = _wanted_lines(lines, [pair for chapter_pairs in pairs for pair in chapter_pairs])
        part = {i: [(n, e) for n, e in events if wanted(n, e)] for i, events in part.items()}
        if not any(part.values()):
            raise DramatizeError(f"--lines {lines}: no speech, cue or note starts on those lines")
    if speaker:
        part = {i: _spoken_by(speaker, events) for i, events in part.items()}
        if not any(part.values()):
            raise DramatizeError(f"--speaker {speaker}: has no lines in the part of the script chosen")
    if lines or speaker:  # a part of the script: no title card, no empty chapters
        part = {i: events for i, events in part.items() if events}
    out = [replace(chapters[i], events=tuple(e for _, e in part[i]),
                   kind="body" if (lines or speaker) and chapters[i].kind == "front" else chapters[i].kind)
           for i in part]
    return replace(script, chapters=tuple(out), ids=tuple(n for i in part for n, _ in part[i]))


_ID_PART = re.compile(r"#\d+$")  # a transcript cue's part of a long line: trotsky-4c659a#2


def _wanted_lines(lines: str, pairs: list):
    """What `--lines` keeps: script lines (16, 16-34) and line ids (trotsky-4c659a, or a range of
    ids ID..ID in script order), several separated by commas."""
    order = {line_id: n for n, (line_id, _) in enumerate(pairs)}
    numbers: list[tuple[int, int]] = []
    positions: list[tuple[int, int]] = []
    for item in filter(None, (i.strip() for i in lines.split(","))):
        if match := re.fullmatch(r"(\d+)(?:-(\d+))?", item, re.ASCII):
            numbers.append((int(match.group(1)), int(match.group(2) or match.group(1))))
            continue
        ends = [_ID_PART.sub("", end.strip().lower()) for end in item.split("..")]
        if len(ends) > 2 or not all(ID_PATTERN.match(end) for end in ends):
            raise DramatizeError(f"--lines {lines}: write script lines (16-34) or line ids (trotsky-4c659a, "
                                 f"or ID..ID), separated by commas")
        for end in ends:
            if end not in order:
                raise DramatizeError(f"--lines: no line has the id {end} (`dramatize inspect` shows the ids)")
        positions.append((order[ends[0]], order[ends[-1]]) if order[ends[0]] <= order[ends[-1]]
                         else (order[ends[-1]], order[ends[0]]))
    if not numbers and not positions:
        raise DramatizeError(f"--lines {lines}: write a line or a range such as 16-34, or line ids")
    chosen = {pairs[n][0] for low, high in positions for n in range(low, high + 1)}
    return lambda line_id, event: line_id in chosen or any(low <= event.line <= high for low, high in numbers)


def _spoken_by(speaker: str, events: list) -> list:
    """The speaker's lines, and the directions within a run of them (between two of their lines
    with no one else's words between): the applause in a speech, not the cue before it."""
    def theirs(event) -> bool:
        return isinstance(event, Speech) and speaker in event.speakers

    def others(event) -> bool:
        return not isinstance(event, Direction)  # someone else's speech, or a note

    kept, previous_theirs = [], False
    for index, (line_id, event) in enumerate(events):
        if theirs(event):
            kept.append((line_id, event))
            previous_theirs = True
        elif others(event):
            previous_theirs = False
        elif previous_theirs:
            following = next((e for _, e in events[index + 1:] if theirs(e) or others(e)), None)
            if following is not None and theirs(following):
                kept.append((line_id, event))
    return kept


def role(name: str, script: Script, cast: Cast, option: str) -> str:
    """The speaker id that `--speaker`/`--mute` NAME means: an id, an alias or a display name, in
    any case; one line listing the roles when it is none of them."""
    roles = script.speakers() + ([NARRATOR] if NARRATOR not in script.speakers() else [])
    wanted = name.strip().upper()
    wanted = cast.aliases.get(wanted, wanted)
    for speaker in roles:
        if wanted in (speaker.upper(), script.name_of(speaker).upper(), cast.voice_for(speaker).name.upper()):
            return speaker
    raise DramatizeError(f"{option} {name}: no such role; the roles are: {', '.join(roles)}")


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
    return replace(script, chapters=tuple(chapters), metadata={"title": "Audition"}, ids=())


def cue_audition_script(cast: Cast, directions: tuple[str, ...]) -> Script:
    """One short chapter per stage direction, heard as the render would play it: the producer's
    [[cues]] rules first, then the built-in kinds. A direction that would not be a sound is an error
    that says what it would be instead."""
    chapters = []
    for number, text in enumerate(directions, start=1):
        words = text.strip().strip("[]()").strip()
        if not words:
            raise DramatizeError(f"--cue {text!r}: an empty direction; give its words, e.g. \"[A knock at the door.]\"")
        found = classify(words, Form.BRACKET)
        direction = apply_rules(Direction(words, number, found.action, found.sound, found.delivery, found.say,
                                          found.known, found.told), cast.cue_rules)
        if direction.action != SOUND:
            heard = "read aloud by the narrator" if direction.action == NARRATE else f"{direction.action}, not heard"
            kinds = ", ".join(sorted(k.value.replace("_", " ") for k in BY_NAME if k.value not in ("voice", "file")))
            raise DramatizeError(f"--cue {text!r} is not a sound: a render has it {heard}; name a sound ({kinds}), "
                                 f"or add a [[cues]] rule to the cast file")
        chapters.append(Chapter(f"{direction.sound}: {words}", (direction,), number, "body"))
    return Script("(audition)", {"title": "Audition"}, tuple(chapters))


def tags_for(script: Script, cast: Cast) -> dict[str, str]:
    tags = _tags(script, cast)
    return {key: printable(value) for key, value in tags.items()}


def _tags(script: Script, cast: Cast) -> dict[str, str]:
    meta, production = script.metadata, cast.production
    title = production.get("title") or meta.get("title") or title_of_file(script.source) or Path(script.source).stem
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
    takes: Takes | None = None  # the recorded takes found; `takes.used`: the lines they replaced


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
    mute: str | None = None  # the speaker id whose lines are silent (render --mute)
    takes: Takes | None = None  # recorded takes of the script's lines (takes.py), checked and made ready

    def requests(self):
        return all_requests(self.plans)


def prepare(job: RenderJob, warn=print) -> Prepared:
    """Read, cast and plan what `job` asks for; every mistake in the job is said here, before any audio."""
    container_for(job.output)  # an unsupported format or preset fails before any work
    if job.output.suffix.lower() != ".wav":
        require_ffmpeg()
    refuse_overwriting(outputs_of(job), [("script", job.script), ("cast file", job.cast_file)])
    if job.script is None:  # directions heard alone: no speaker, the automatic cast's narrator and hall
        script, cast = cast_script(Script("(audition)", {}, ()), load_cast(job.cast_file) if job.cast_file else None,
                                   require_engines(), job.quality)
    else:
        script, cast = load(job.script, job.cast_file, job.format, job.quality)  # a missing engine is said here
    refuse_overwriting(outputs_of(job), [("cover", cast.cover)] + [("cue sound", rule.file) for rule in cast.cue_rules])
    for warning in script.warnings:
        warn(warning)
    takes = None
    if job.script is not None and job.audition is None and not job.audition_cues:  # named by the whole script's ids
        takes = find_takes(job.script, script, cast, job.takes, job.cache, warn)
    speaker = None
    if job.audition_cues:
        script = cue_audition_script(cast, job.audition_cues)
    elif job.audition is not None:
        script = audition_script(script, cast, list(job.audition), job.audition_text)
    else:
        speaker = role(job.speaker, script, cast, "--speaker") if job.speaker else None
        script = select(script, job.chapter, job.lines, speaker)
    hearing_a_part = job.audition is None and not job.audition_cues
    mute = role(job.mute, script, cast, "--mute") if job.mute and hearing_a_part else None
    if mute and mute == speaker:
        raise DramatizeError(f"--mute {job.mute} with --speaker {job.speaker}: nothing would be heard")

    plans = plan_script(script, cast, warn)
    if not all_requests(plans) and not all_cue_specs(plans):
        raise DramatizeError("nothing to say: the script has no words to speak and no sound to play "
                             "(`dramatize inspect` shows what was read)", str(job.script))
    return Prepared(script, cast, plans, tags_for(script, cast), mute, takes)


def render(job: RenderJob, progress=None, warn=print) -> RenderResult:
    began = time.perf_counter()
    return produce(job, prepare(job, warn), progress, warn, began)


def produce(job: RenderJob, prepared: Prepared, progress=None, warn=print, began: float | None = None) -> RenderResult:
    """Speak what is not cached, mix, master and write the audio and its sidecars, all or nothing."""
    began = time.perf_counter() if began is None else began
    preset, cast, tags = job.preset, prepared.cast, prepared.tags
    with OutputSet() as outputs:
        audio = outputs.temp(job.output)  # an output that cannot be written fails here, before the work
        timeline, stats, level, peaks = make_audio(job, prepared.plans, cast, audio, tags, progress, warn,
                                                   mute=prepared.mute, outputs=outputs if job.stems else None,
                                                   takes=prepared.takes)
        written = write_sidecars(outputs, job.output, timeline, MIX_RATE, tags["title"]) if job.sidecars else {}
        if job.sidecars:
            data = page_data(job.output, timeline, tags, MIX_RATE, peaks=peaks, loudness={preset.measure: level},
                             sidecars=written, takes=prepared.takes.used if prepared.takes else ())
            written["page"] = write_page(outputs, job.output, data)
    return RenderResult(job.output, timeline, prepared.script, stats, level, preset, time.perf_counter() - began,
                        written, prepared.takes)


def make_audio(job: RenderJob, plans, cast: Cast, audio: Path, tags: dict[str, str], progress,
               warn, mute: str | None = None, outputs=None, takes: Takes | None = None,
               ) -> tuple[Timeline, SynthStats, float, Peaks]:
    """Speak, lay out, mix, master and encode into `audio` (which becomes job.output). Returns the
    timeline, what synthesis did, the level reached (in preset.unit) and the waveform's peaks.
    `mute`: a speaker id whose clips are silent, mastered with the whole drama's gain (the others
    as loud as in it). `outputs` (an OutputSet): write the stems into it too."""
    output, preset = job.output, job.preset
    with tempfile.TemporaryDirectory(prefix="dramatize-") as temp, job.stores(Path(temp)) as cache, \
            ThreadPoolExecutor(1) as hall, ExitStack() as on_exit:
        # The hall's sound beds need no speech: a thread makes them while the workers speak.
        beds = hall.submit(make_beds, all_cue_specs(plans), MIX_RATE, cache["beds"])
        # A voice's pitch changed: its clips are shifted while the mix runs, not before (ClipPaths).
        # (Not with takes: they are placed by the lengths of their lines' clips, made first.)
        clips, stats = synthesize_all(all_requests(plans), cache["clips"], job.workers or cores(),
                                      progress, defer_shifts=not (takes and takes.found))
        on_exit.callback(clips.close)
        bed_paths = beds.result()
        plans, clip_paths = use_takes(takes, plans, clips, cache["clips"], warn)  # recorded lines in place
        clip_samples = {key: clip_length(path, MIX_RATE) for key, path in clip_paths.items()}
        clip_samples |= clips.deferred_lengths(MIX_RATE)  # of the clips not made yet
        whole = layout(plans, clip_samples, head=preset.head, tail=preset.tail)
        timeline = muted(whole, mute) if mute else whole
        clips.ahead([p.source.key for p in sorted(whole.placements, key=lambda p: p.start)
                     if isinstance(p.source, SpeechSource) and not p.source.silent])

        gain_key = job.mix_key(whole, cast, bed_paths)
        gain = kept = kept_gain(cache["gains"], gain_key)  # the same mix as before: the gain that mastered it then
        if gain is None:
            every = -(-len(window_bounds(whole.length, MIX_RATE)) // SAMPLE_WINDOWS)
            gain = plan_gain(sample_windows(whole, cast, clip_paths, MIX_RATE, every, bed_paths), MIX_RATE, preset)

        for _attempt in range(2):
            meter = preset.meter(MIX_RATE)
            peaks = Peaks(MIX_RATE)  # the listening page's waveform, from exactly what is encoded
            # The stems: the mix before the master, at the master's gain (written again if it changes).
            stems = StemWriter(outputs, output, stem_names(timeline), MIX_RATE, gain) if outputs is not None else None
            mix = made_ahead(mix_windows(timeline, cast, clip_paths, MIX_RATE, progress, bed_paths, stems=stems))
            try:
                write_audio(output, audio, peaks.tap(mastered_blocks(mix, timeline.length, MIX_RATE, gain, preset,
                                                                     meter)), MIX_RATE, tags, timeline.chapters,
                            cast.cover, job.workers)
            finally:
                if stems is not None:
                    stems.close()
            level = preset.level(meter)
            if stems is not None and (loud := stems.clipped(output.suffix.lower() == ".wav")):
                warn(f"{output}: the stems {', '.join(loud)} pass full scale before the limiter and clip in FLAC; "
                     f"render to .wav for 32-bit float stems")
            if mute or abs(level - preset.target) <= LOUDNESS_TOLERANCE:
                break  # (a rehearsal track keeps the drama's gain: quieter by the muted voice)
            gain += preset.target - level  # the sample misjudged the whole: once more, corrected
        else:
            warn(f"{output}: the master reached {level:.1f} {preset.unit}, not {preset.target:g}: the limiter "
                 f"could not raise it further without passing the peak ceiling (very short or very uneven audio)")
        if gain != kept:
            cache["gains"].save_array(gain_key, np.array([gain]))
        stats.damaged += cache["beds"].damaged + cache["gains"].damaged  # the clips' are counted already
    return timeline, stats, level, peaks
