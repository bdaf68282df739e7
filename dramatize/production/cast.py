"""What a cast is: plain data, read from a cast file (config.py) or chosen for a script (casting.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from dramatize.directions import DELIVERIES, Delivery, Heard
from dramatize.engines import ENGINE_NAMES
from dramatize.errors import DramatizeError
from dramatize.model import CROWD, NARRATOR

DEFAULT_DELIVERIES = {name: effect for name, (_, effect) in DELIVERIES.items()}
DEFAULT_ENGINE = "pyttsx3"
MATCH_SECONDS = 0.2  # a cue rule's pattern gets this long on one direction


def split_candidate(text: str) -> tuple[str | None, str]:
    """("piper", "en_US-joe-medium") for "piper:en_US-joe-medium"; (None, text) when no engine is named."""
    engine, sep, voice = text.partition(":")
    return (engine.lower(), voice) if sep and engine.lower() in ENGINE_NAMES else (None, text)


@dataclass(frozen=True)
class Effect:
    type: str
    params: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Voice:
    id: str  # the cast id, e.g. "TROTSKY"
    name: str  # how listeners see it in the transcript
    engine_voice: str  # the engine's voice id actually used ("" until casting chose one)
    rate: int = 165
    pitch: int = 50
    volume: float = 1.0
    pan: float = 0.0
    room: float = 0.15
    gain_db: float = 0.0
    effects: tuple[Effect, ...] = ()
    auto: bool = False  # chosen automatically for a speaker the cast file does not name
    engine: str = DEFAULT_ENGINE
    candidates: tuple[str, ...] = ()  # what the cast file asks for, first available wins ("piper:joe", "gmw/en+m3")
    description: str = ""  # the script's cast list says this of them
    where: str = field(default="", compare=False)  # "cast.toml:12", for messages
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # the settings the cast file wrote


@dataclass(frozen=True)
class Crowd:
    engine_voices: tuple[str, ...]  # candidates as written; casting keeps those available
    size: int = 8
    pan: float = -0.55
    spread: float = 0.35
    room: float = 0.6
    gain_db: float = -4.0
    rate: int = 170
    pitch: int = 50


@dataclass(frozen=True)
class Hall:
    reverb_size: float = 0.55
    tone_db: float | None = -76.0  # under -60 dB after mastering, quiet enough not to cost DNSMOS (bench/)
    duck_db: float = -9.0


@dataclass(frozen=True)
class CueRule:
    match: str  # a regular expression, searched case-insensitively in the direction's text
    type: str | None = None
    gain_db: float = 0.0
    seconds: float | None = None
    file: Path | None = None
    file_seconds: float | None = None  # the file's length, measured when the cast is loaded
    matcher: object = field(default=None, compare=False, repr=False)  # the compiled pattern (config.py)
    where: str = field(default="", compare=False)  # "cast.toml:40", for messages

    def matches(self, text: str) -> bool:
        """Whether the rule's pattern is found in `text`, within a time limit: a pattern that
        backtracks without end (such as (a+)+$) is reported, never left to hang the render."""
        try:
            return self.matcher.search(text, timeout=MATCH_SECONDS) is not None
        except TimeoutError:
            raise DramatizeError(f"cue rule '{self.match}' takes too long on the direction [{text[:60]}]; "
                                 f"simplify its pattern", self.where) from None


@dataclass(frozen=True)
class Cast:
    path: str | None  # the cast file, or None for a cast chosen automatically
    production: dict
    chapter_titles: tuple[str, ...]
    narrator: Voice
    voices: dict[str, Voice]
    aliases: dict[str, str]
    crowd: Crowd
    hall: Hall
    cue_rules: tuple[CueRule, ...] = ()
    cover: Path | None = None
    deliveries: dict[str, Delivery] = field(default_factory=lambda: dict(DEFAULT_DELIVERIES))
    directions: Heard = Heard.NARRATE  # what is heard of stage directions
    direction_gain_db: float = -2.0  # narrated directions sit a little under the narrator's other words
    pronunciations: tuple[tuple[str, str], ...] = ()  # (word or phrase, how to say it), longest first

    @property
    def source(self) -> str:
        return self.path or "the automatic cast"

    def voice_for(self, speaker: str) -> Voice:
        if speaker == NARRATOR:
            return self.narrator
        return self.voices[speaker]


def crowd_voice(cast: Cast, member: int) -> Voice:
    """Member N of the crowd: its own engine voice, pitch, rate and seat."""
    crowd = cast.crowd
    digest = int(hashlib.sha256(f"crowd{member}".encode()).hexdigest(), 16)
    engine, engine_voice = split_candidate(crowd.engine_voices[member % len(crowd.engine_voices)])
    seat = ((member * 0.618) % 1.0) * 2 - 1  # spread members evenly across the benches
    return Voice(
        id=f"{CROWD}{member}", name="Voice from the hall", engine_voice=engine_voice, engine=engine or DEFAULT_ENGINE,
        rate=max(80, min(400, crowd.rate + (digest % 41) - 20)),
        pitch=max(0, min(100, crowd.pitch + ((digest >> 8) % 51) - 25)),
        pan=max(-1.0, min(1.0, crowd.pan + seat * crowd.spread)), room=crowd.room, gain_db=crowd.gain_db,
    )
