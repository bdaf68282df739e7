"""Stage directions become sound.

  cue_spec(cue, cast)          what to make: type, length, the crowd's words as SynthRequests
  arrange(spec, clip lengths)  where each crowd utterance sits inside the cue; its length and
                               when the speaker may resume (`hold`)
  make_beds(specs, cache)      each cue's sound bed (the procedural or producer's sound under
                               the crowd's words), made once and kept in the cache
  render(source, clip paths)   the stereo samples, made only when the mixer reaches the cue

All randomness comes from a generator seeded by the cue's text and line: same input, same sound.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dramatize.cache import ClipCache, code_fingerprint
from dramatize.cast import Cast, Voice, crowd_voice
from dramatize.cues import procedural
from dramatize.effects import level_match, load_clip, pan
from dramatize.engines import SynthRequest, VoiceSettings
from dramatize.model import Cue

# Default length in seconds of each type's sound bed, and the share of it after which the speaker resumes.
DEFAULT_SECONDS = {"laughter": 3.2, "applause": 4.5, "commotion": 5.0, "murmur": 3.5, "shouts": 1.8,
                   "voice": 0.0, "bell": 1.6}
HOLD_SHARE = {"laughter": 0.6, "applause": 0.65, "commotion": 0.55, "murmur": 0.35, "shouts": 0.5,
              "voice": 1.0, "bell": 0.7, "file": 0.75}

# What a restless hall mutters: short, ordinary phrases, spoken quietly by many voices at once.
BABBLE = (
    "What did he say", "No, no, that is not so", "Listen to this", "Comrades, comrades",
    "He is right", "Shame", "That is a lie", "Let him speak", "Quiet please", "What about the party",
    "Enough of this", "Nonsense", "Order, order", "Well, well",
)


@dataclass(frozen=True)
class CueSpec:
    type: str  # a procedural type, or "file"
    text: str
    say: str | None
    seconds: float | None  # None: the whole of the producer's file
    gain_db: float
    file: Path | None
    seed: int
    voices: tuple[Voice, ...]  # crowd members speaking, parallel to requests
    requests: tuple[SynthRequest, ...]
    roles: tuple[str, ...]  # per request: "say" (the direction's words) or "babble"
    centre: float  # where in the stereo field the hall's part of it is
    room: float


@dataclass(frozen=True)
class Arrangement:
    length: int  # samples
    hold: int  # samples from the cue's start until the speaker resumes
    bed: int  # samples of procedural (or file) sound at the start
    clips: tuple[tuple[int, str, float, int], ...]  # (offset, clip key, gain dB, index into spec.voices)


def _settings(voice: Voice) -> VoiceSettings:
    return VoiceSettings(voice.engine_voice, voice.rate, voice.pitch, voice.volume)


def _rule_for(cue: Cue, cast: Cast):
    for rule in cast.cue_rules:
        if re.search(rule.match, cue.text, re.I):
            return rule
    return None


def cue_spec(cue: Cue, cast: Cast, origin: str) -> CueSpec:
    rule = _rule_for(cue, cast)
    kind = (rule.type if rule and rule.type else cue.type)
    file = rule.file if rule else None
    if rule and rule.seconds:
        seconds = rule.seconds
    else:  # a producer's file plays whole unless the rule says otherwise
        seconds = None if file else DEFAULT_SECONDS.get(kind, 3.0)
    seed = int(hashlib.sha256(f"{cue.line}\x00{cue.text}\x00{kind}".encode()).hexdigest()[:16], 16)
    rng = np.random.default_rng(seed)
    size = cast.crowd.size
    voices: list[Voice] = []
    requests: list[SynthRequest] = []
    roles: list[str] = []

    def speak(member: int, text: str, role: str):
        voice = crowd_voice(cast, member)
        voices.append(voice)
        requests.append(SynthRequest(text, _settings(voice), origin))
        roles.append(role)

    if cue.say and file is None:
        if kind == "voice":
            speak(int(rng.integers(size)), cue.say, "say")
        else:
            for member in range(size):
                speak(member, cue.say, "say")
    if kind in ("murmur", "commotion", "shouts") and file is None:
        for member in range(size if kind != "shouts" else max(2, size // 2)):
            speak(member, BABBLE[(member * 5 + int(rng.integers(len(BABBLE)))) % len(BABBLE)], "babble")
    return CueSpec(
        type="file" if file else kind, text=cue.text, say=cue.say, seconds=seconds,
        gain_db=rule.gain_db if rule else 0.0, file=file, seed=seed, voices=tuple(voices),
        requests=tuple(requests), roles=tuple(roles), centre=cast.crowd.pan, room=cast.crowd.room,
    )


def _file_length(path: Path, rate: int) -> int:
    from pydub.utils import mediainfo

    return int(float(mediainfo(str(path)).get("duration", 0)) * rate)


def bed_length(spec: CueSpec, rate: int) -> int:
    """Samples of the cue's sound bed: its type's length, or the producer's file (cut to
    `seconds` if the rule gives one)."""
    if spec.type != "file":
        return int(spec.seconds * rate)
    length = _file_length(spec.file, rate)
    return min(length, int(spec.seconds * rate)) if spec.seconds else length


def arrange(spec: CueSpec, clip_samples: dict[str, int], engine_id: str, rate: int) -> Arrangement:
    rng = np.random.default_rng(spec.seed ^ 0x5EED)
    bed = bed_length(spec, rate)
    clips = []
    end = bed
    say_end = 0
    for index, (request, role) in enumerate(zip(spec.requests, spec.roles)):
        key = request.key(engine_id)
        if role == "say":
            offset = int(rng.uniform(0.0, 0.35) * rate) if spec.type != "voice" else int(0.1 * rate)
            gain = rng.uniform(-4, 0)
            say_end = max(say_end, offset + clip_samples[key])
        else:
            offset = int(rng.uniform(0, max(0.1, bed / rate - 0.8)) * rate)
            gain = rng.uniform(-16, -9) if spec.type != "commotion" else rng.uniform(-11, -4)
        clips.append((offset, key, float(gain), index))
        end = max(end, offset + clip_samples[key])
    if spec.type in ("shouts", "voice"):
        hold = say_end + int(0.15 * rate)
    else:
        hold = int(bed * HOLD_SHARE.get(spec.type, 0.6))
    return Arrangement(length=end, hold=min(hold, end), bed=bed, clips=tuple(clips))


def _bed(spec: CueSpec, n: int, rate: int) -> np.ndarray:
    rng = np.random.default_rng(spec.seed)
    if n == 0:
        return np.zeros((2, 0), dtype=np.float32)
    if spec.type == "file":
        from pydub import AudioSegment

        segment = AudioSegment.from_file(str(spec.file)).set_frame_rate(rate).set_channels(2).set_sample_width(2)
        data = np.array(segment.get_array_of_samples(), dtype=np.float32).reshape(-1, 2).T / 32768.0
        data = np.pad(data, ((0, 0), (0, max(0, n - data.shape[1]))))[:, :n]
        fade = min(n, int(0.3 * rate))
        data[:, n - fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
        return data.astype(np.float32)
    if spec.type == "laughter":
        return procedural.laughter(rng, n, rate, centre=spec.centre)
    if spec.type == "applause":
        return procedural.applause(rng, n, rate, centre=spec.centre)
    if spec.type == "bell":
        return procedural.bell(rng, n, rate)
    if spec.type in ("commotion", "murmur", "shouts"):
        return procedural.crowd_bed(rng, n, rate, centre=spec.centre, swell=spec.type == "commotion")
    return np.zeros((2, n), dtype=np.float32)


def render(spec: CueSpec, arrangement: Arrangement, clip_paths: dict[str, Path], rate: int,
           bed_paths: dict[str, Path] | None = None) -> np.ndarray:
    """The cue's stereo samples, `arrangement.length` long, at its own gain. The bed comes from
    `bed_paths` (see make_beds) when it is there, else it is made now."""
    out = np.zeros((2, arrangement.length), dtype=np.float32)
    bed_path = (bed_paths or {}).get(bed_key(spec, arrangement.bed, rate))
    out[:, :arrangement.bed] += np.load(bed_path) if bed_path else _bed(spec, arrangement.bed, rate)
    for offset, key, gain_db, index in arrangement.clips:
        voice = spec.voices[index]
        mono = level_match(load_clip(clip_paths[key], rate), rate) * np.float32(10 ** ((gain_db + voice.gain_db) / 20))
        stereo = pan(mono, voice.pan)
        out[:, offset:offset + stereo.shape[1]] += stereo[:, : arrangement.length - offset]
    return out * np.float32(10 ** (spec.gain_db / 20))


def bed_key(spec: CueSpec, n: int, rate: int) -> str:
    """What makes a bed: its type, seed, length, place, the producer's file as it is now, the code."""
    file = spec.file.stat() if spec.file else None
    facts = (code_fingerprint(), spec.type, spec.seed, n, rate, spec.centre, str(spec.file),
             (file.st_size, file.st_mtime_ns) if file else None)
    return hashlib.sha256(repr(facts).encode()).hexdigest()


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
