"""One stage direction's sound.

  cue_spec(direction, cast)    what to make: kind, length, the crowd's words as SynthRequests
  arrange(spec, clip lengths)  where each crowd utterance sits inside the cue; its length and
                               when the speaker may resume (`hold`)
  make_beds(specs, cache)      each cue's sound bed (the procedural or producer's sound under
                               the crowd's words), made once and kept in the cache
  render(source, clip paths)   the stereo samples, made only when the mixer reaches the cue

All randomness comes from a generator seeded by the cue's text and line: same input, same sound.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dramatize.cache import ClipCache, cache_key, code_fingerprint
from dramatize.production.cast import Cast, Voice, crowd_voice
from dramatize.cues import beds, library
from dramatize.cues.kinds import BY_NAME, Kind
from dramatize.cues.procedural import GENERATORS
from dramatize.effects import level_match, load_clip, pan
from dramatize.engines import SynthRequest
from dramatize.model import Direction
from dramatize.speakable import foreign_script, pronounce

FILE_HOLD = 0.75  # a producer's own sound: the speaker resumes after this share of it
# An object on stage (a knock, a car, rain) is heard where it is, not from the benches, and
# its generator already gives it its own room (world.py `_room`): only a touch of it reaches
# the hall's reverb. Through the benches' share (0.6) or a voice's (0.15) the AudioSet ear
# heard footsteps and glass as fireworks and a dog as a drum.
ON_STAGE_ROOM = 0.05



@dataclass(frozen=True)
class CueSpec:
    type: str  # a kind in kinds.py, or "file"
    text: str
    say: str | None
    seconds: float | None  # None: the whole of the producer's file
    gain_db: float
    file: Path | None
    file_seconds: float | None  # the producer's file's length, measured when the cast was loaded
    seed: int
    voices: tuple[Voice, ...]  # crowd members speaking, parallel to requests
    requests: tuple[SynthRequest, ...]
    roles: tuple[str, ...]  # per request: "say" (the direction's words) or "babble"
    centre: float  # where in the stereo field the hall's part of it is
    room: float
    held: bool = False  # held under the scene until ended (beds.py): its bed is a seamless loop


@dataclass(frozen=True)
class Arrangement:
    length: int  # samples
    hold: int  # samples from the cue's start until the speaker resumes
    bed: int  # samples of procedural (or file) sound at the start
    clips: tuple[tuple[int, str, float, int], ...]  # (offset, clip key, gain dB, index into spec.voices)
    offset: int = 0  # a held bed's piece: where in the bed this piece starts (samples)
    whole: int = 0  # a held bed's whole length, fade-out included (0: a sound heard once)


def cue_spec(direction: Direction, cast: Cast, origin: str, held: bool = False) -> CueSpec:
    rule = cast.cue_rules[direction.rule] if direction.rule is not None else None  # matched once, when cast
    file = rule.file if rule else None
    kind = BY_NAME.get(rule.type if rule and rule.type else direction.sound)
    if rule and rule.seconds:
        seconds = rule.seconds
    else:  # a producer's file plays whole unless the rule says otherwise
        seconds = None if file else kind.seconds
    name = "file" if file else kind.name
    seed = int(hashlib.sha256(f"{direction.line}\x00{direction.text}\x00{name}".encode()).hexdigest()[:16], 16)
    rng = np.random.default_rng(seed)
    size = cast.crowd.size
    voices: list[Voice] = []
    requests: list[SynthRequest] = []
    roles: list[str] = []

    def speak(member: int, text: str, role: str):
        voice = crowd_voice(cast, member)
        voices.append(voice)
        requests.append(cast.request(voice, text, origin))
        roles.append(role)

    # Words in a writing the voices cannot read stay in the cue's text, shown, not said.
    sayable = direction.say and not foreign_script(pronounce(direction.say, cast.pronunciations))
    if sayable and file is None and kind.crowd_says != "none":
        if kind.crowd_says == "one":
            speak(int(rng.integers(size)), direction.say, "say")
        else:
            for member in range(size):
                speak(member, direction.say, "say")
    if file is None and kind.babble:
        for member in range(max(2, round(size * kind.babble))):
            babble = cast.crowd.babble
            speak(member, babble[(member * 5 + int(rng.integers(len(babble)))) % len(babble)], "babble")
    return CueSpec(
        type=name, text=direction.text, say=direction.say, seconds=seconds,
        gain_db=rule.gain_db if rule else 0.0, file=file, file_seconds=rule.file_seconds if file else None,
        seed=seed, voices=tuple(voices), requests=tuple(requests), roles=tuple(roles),
        centre=cast.crowd.pan if kind is None or kind.from_hall else 0.3,
        room=cast.crowd.room if kind is None or kind.from_hall else 0.0 if kind.dry else min(cast.crowd.room, ON_STAGE_ROOM),
        held=held,
    )


def atmosphere_spec(heading: str, line: int, kind: str, rule, cast: Cast) -> tuple[Direction, CueSpec]:
    """A scene's atmosphere (beds.atmosphere): held under the whole scene, low; a built-in sound
    that goes on, or the producer's recording (a [[scenes]] rule's file)."""
    shown = "your recording" if kind == "file" else kind.replace("_", " ")
    direction = Direction(f"Atmosphere: {shown}", line, "sound", Kind.RAIN.value if kind == "file" else kind)
    spec = cue_spec(direction, cast, f"{heading}", held=True)
    if kind == "file":
        spec = replace(spec, type="file", file=rule.file, file_seconds=rule.file_seconds)
    return direction, replace(spec, gain_db=beds.ATMOSPHERE_DB + (rule.gain_db if rule else 0.0))


def bed_length(spec: CueSpec, rate: int) -> int:
    """Samples of the cue's sound bed: its kind's length, or the producer's file (cut to
    `seconds` if the rule gives one)."""
    if spec.held and spec.type != "file":
        return int(beds.LOOP_SECONDS * rate)
    if spec.type != "file":
        return int(spec.seconds * rate)
    length = int(spec.file_seconds * rate)
    return min(length, int(spec.seconds * rate)) if spec.seconds else length


def arrange(spec: CueSpec, clip_samples: dict[str, int], rate: int) -> Arrangement:
    if spec.held:  # heard alone for a moment; the layout gives it its length when it ends
        settle = int((beds.ESTABLISH_SECONDS if beds.established(spec.text) else beds.SETTLE_SECONDS) * rate)
        return Arrangement(length=settle, hold=settle, bed=bed_length(spec, rate), clips=())
    rng = np.random.default_rng(spec.seed ^ 0x5EED)
    kind = BY_NAME.get(spec.type)
    bed = bed_length(spec, rate)
    clips = []
    end = bed
    say_end = 0
    for index, (clip, role) in enumerate(zip(spec.requests, spec.roles)):
        key = clip.key
        if role == "say":
            offset = int(0.1 * rate) if kind.crowd_says == "one" else int(rng.uniform(0.0, 0.35) * rate)
            gain = rng.uniform(-4, 0)
            say_end = max(say_end, offset + clip_samples[key])
        else:
            offset = int(rng.uniform(0, max(0.1, bed / rate - 0.8)) * rate)
            gain = rng.uniform(*kind.babble_db)
        clips.append((offset, key, float(gain), index))
        end = max(end, offset + clip_samples[key])
    if kind is not None and kind.hold_after_words:
        hold = say_end + int(0.15 * rate)
    else:
        hold = int(bed * (kind.hold if kind else FILE_HOLD))
    return Arrangement(length=end, hold=min(hold, end), bed=bed, clips=tuple(clips))


def _bed(spec: CueSpec, n: int, rate: int) -> np.ndarray:
    rng = np.random.default_rng(spec.seed)
    if n == 0:
        return np.zeros((2, 0), dtype=np.float32)
    if spec.type == "file":
        from pydub import AudioSegment

        segment = AudioSegment.from_file(str(spec.file)).set_frame_rate(rate).set_channels(2).set_sample_width(2)
        data = np.array(segment.get_array_of_samples(), dtype=np.float32).reshape(-1, 2).T / 32768.0
        if spec.held:  # the producer's music or atmosphere, looped for as long as the scene holds it
            return beds.seamless(data[:, :n], rate)
        data = np.pad(data, ((0, 0), (0, max(0, n - data.shape[1]))))[:, :n]
        fade = min(n, int(0.3 * rate))
        data[:, n - fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
        return data.astype(np.float32)
    recording = recording_of(spec)
    if recording is not None:
        return library.bed(recording, rng, n, rate)
    make = GENERATORS.get(Kind(spec.type))
    if make is None:
        return np.zeros((2, n), dtype=np.float32)
    if spec.held:
        return beds.loop(lambda r, m, rt: make(r, m, rt, spec.centre), rng, rate)
    return make(rng, n, rate, spec.centre)


def render(spec: CueSpec, arrangement: Arrangement, clip_paths: dict[str, Path], rate: int,
           bed_paths: dict[str, Path] | None = None) -> np.ndarray:
    """The cue's stereo samples, `arrangement.length` long, at its own gain. The bed comes from
    `bed_paths` (see make_beds) when it is there, else it is made now."""
    bed_path = (bed_paths or {}).get(bed_key(spec, arrangement.bed, rate))
    if arrangement.whole:  # a piece of a held bed: the loop where this piece falls, under the scene
        loop = np.load(bed_path) if bed_path else _bed(spec, arrangement.bed, rate)
        section = beds.held_section(loop, arrangement.offset, arrangement.length, arrangement.whole, rate)
        return section * np.float32(10 ** ((spec.gain_db + beds.BED_DB) / 20))
    out = np.zeros((2, arrangement.length), dtype=np.float32)
    out[:, :arrangement.bed] += np.load(bed_path) if bed_path else _bed(spec, arrangement.bed, rate)
    for offset, key, gain_db, index in arrangement.clips:
        voice = spec.voices[index]
        mono = level_match(load_clip(clip_paths[key], rate), rate) * np.float32(10 ** ((gain_db + voice.gain_db) / 20))
        stereo = pan(mono, voice.pan)
        out[:, offset:offset + stereo.shape[1]] += stereo[:, : arrangement.length - offset]
    return out * np.float32(10 ** (spec.gain_db / 20))


def recording_of(spec: CueSpec) -> library.Recording | None:
    """The installed recording a built-in cue plays (library.py), or None: it is synthesised,
    or it is the producer's own file."""
    return None if spec.type == "file" else library.choose(Kind(spec.type), spec.seed)


def bed_key(spec: CueSpec, n: int, rate: int) -> str:
    """What makes a bed: its type, seed, length, place, the producer's file or the installed
    recording as it is now, the code."""
    recording = recording_of(spec)
    source = spec.file or (Path(recording.path) if recording else None)
    file = source.stat() if source else None
    return cache_key(code_fingerprint(), spec.type, spec.seed, n, rate, spec.centre, spec.held, source,
                     (file.st_size, file.st_mtime_ns) if file else None)


def make_beds(specs, rate: int, store: ClipCache) -> dict[str, Path]:
    """Make the beds of these cues that `store` (a cache of .npy files) lacks; {bed key: path}.
    The render runs this in a thread while the speech workers speak."""
    paths = {}
    for spec in specs:
        n = bed_length(spec, rate)
        key = bed_key(spec, n, rate)
        if n == 0 or key in paths:
            continue
        paths[key] = store.get(key) or store.save_array(key, _bed(spec, n, rate))
    return paths
