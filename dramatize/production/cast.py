"""What a cast is: plain data, read from a cast file (config.py) or chosen for a script (casting.py)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path

from anyascii import anyascii

from dramatize.directions import DELIVERIES, Delivery, Heard
from dramatize.engines import DEFAULT_ENGINE, SynthRequest, VoiceSettings, request, split_label, voice_label
from dramatize.errors import DramatizeError
from dramatize.model import CROWD, NARRATOR
from dramatize.speakable import speakable

DEFAULT_DELIVERIES = {name: effect for name, (_, effect) in DELIVERIES.items()}
MATCH_SECONDS = 0.2  # a cue rule's pattern gets this long on one direction


def setting(default, low, high, meaning: str):
    """A setting a cast file may write: its default, its allowed range and what it means, declared
    once. The cast file's validation, the starter cast file and the cast table derive from these."""
    return field(default=default, metadata={"range": (low, high), "meaning": meaning})


def settings_of(cls) -> dict[str, tuple[type, tuple, str]]:
    """{key: (int or float, (low, high), meaning)} of a table's settings, in declaration order."""
    return {f.name: (int if isinstance(f.default, int) else float, f.metadata["range"], f.metadata["meaning"])
            for f in fields(cls) if "range" in f.metadata}


@dataclass(frozen=True)
class Effect:
    type: str
    params: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Voice:
    id: str  # the cast id, e.g. "TROTSKY"
    name: str  # how listeners see it in the transcript
    engine_voice: str  # the engine's voice id actually used ("" until casting chose one)
    rate: int = setting(165, 80, 400, "words per minute")
    pitch: int = setting(50, 0, 100, "50 is the voice's own")
    volume: float = setting(1.0, 0.0, 1.0, "what the engine is told; prefer gain_db for balance")
    pan: float = setting(0.0, -1.0, 1.0, "place on the stage: -1 left, 0 centre, 1 right")
    room: float = setting(0.15, 0.0, 1.0, "how much reaches the hall's reverb: 0 dry and close, 1 far away")
    gain_db: float = setting(0.0, -24.0, 12.0, "level after every line is matched to the same loudness")
    effects: tuple[Effect, ...] = ()
    auto: bool = False  # chosen automatically for a speaker the cast file does not name
    engine: str = DEFAULT_ENGINE
    candidates: tuple[str, ...] = ()  # what the cast file asks for, first available wins ("piper:joe", "gmw/en+m3")
    description: str = ""  # the script's cast list says this of them
    where: str = field(default="", compare=False)  # "cast.toml:12", for messages
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # the settings the cast file wrote

    @property
    def label(self) -> str:
        """The engine voice as a cast file writes it ("gmw/en+m3", "piper:en_US-joe-medium")."""
        return voice_label(self.engine, self.engine_voice)


# What a restless crowd mutters, unless a cast file says (crowd.babble): short, ordinary phrases,
# spoken quietly by many voices at once.
BABBLE = ("What did he say", "No, no, that is not so", "Listen to this", "He is right", "Shame", "That is a lie",
          "Let him speak", "Quiet please", "Enough of this", "Nonsense", "Order, order", "Well, well")


@dataclass(frozen=True)
class Crowd:
    engine_voices: tuple[str, ...]  # candidates as written; casting keeps those available
    babble: tuple[str, ...] = BABBLE
    size: int = setting(8, 1, 24, "how many voices the hall has")
    pan: float = setting(-0.55, -1.0, 1.0, "where the benches are: -1 left, 1 right")
    spread: float = setting(0.35, 0.0, 1.0, "how wide they sit around pan")
    room: float = setting(0.6, 0.0, 1.0, "how much reaches the hall's reverb")
    gain_db: float = setting(-4.0, -30.0, 12.0, "their level")
    rate: int = setting(170, 80, 400, "words per minute, each member a little apart")
    pitch: int = setting(50, 0, 100, "each member a little apart")


@dataclass(frozen=True)
class Hall:
    reverb_size: float = setting(0.55, 0.0, 1.0, "0 a small room, 1 a very large hall")
    # under -60 dB after mastering, quiet enough not to cost DNSMOS (bench/)
    tone_db: float = setting(-76.0, -90.0, -40.0, "quiet room tone under the whole drama")
    duck_db: float = setting(-9.0, -30.0, 0.0, "how far the hall dips while someone speaks")


@dataclass(frozen=True)
class CueRule:
    match: str  # a regular expression, searched case-insensitively in the direction's text
    type: str | None = None
    gain_db: float = 0.0
    seconds: float | None = None
    file: Path | None = None
    file_seconds: float | None = None  # the file's length, measured when the cast is loaded
    acoustic: str | None = None  # [[scenes]] only: the space the scene is played in (acoustics.SPACES)
    matcher: object = field(default=None, compare=False, repr=False)  # the compiled pattern (config.py)
    where: str = field(default="", compare=False)  # "cast.toml:40", for messages

    def matches(self, text: str) -> bool:
        """Whether the rule's pattern is found in `text`, within a time limit: a pattern that
        backtracks without end (such as (a+)+$) is reported, never left to hang the render."""
        try:
            return self.matcher.search(text, timeout=MATCH_SECONDS) is not None
        except TimeoutError:
            raise DramatizeError(f"the rule '{self.match}' takes too long on [{text[:60]}]; "
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
    scene_rules: tuple[CueRule, ...] = ()  # [[scenes]]: a scene's atmosphere (type: a sound that goes on, or "none")
    perspectives: dict = field(default_factory=dict)  # [perspective.NAME]: perspective.Treatment, retuned
    cover: Path | None = None
    deliveries: dict[str, Delivery] = field(default_factory=lambda: dict(DEFAULT_DELIVERIES))
    directions: Heard = Heard.NARRATE  # what is heard of stage directions
    direction_gain_db: float = -2.0  # narrated directions sit a little under the narrator's other words
    pronunciations: tuple[tuple[str, str], ...] = ()  # (word or phrase, how to say it), longest first
    versions: dict[str, str] = field(default_factory=dict)  # voice label -> its engine's clip version (casting.py)
    latin_only: frozenset[str] = frozenset()  # voice labels whose engine reads Latin letters only (casting.py)
    shifted: frozenset[str] = frozenset()  # voice labels with no pitch of their own: shifted after (casting.py)

    @property
    def source(self) -> str:
        return self.path or "the automatic cast"

    def place(self, perspective: str | None):
        """The Treatment of a line placed by `perspective` (perspective.py), as this cast tunes it."""
        from dramatize.perspective import treatment

        return self.perspectives.get(perspective) or treatment(perspective) if perspective else None

    def voice_for(self, speaker: str) -> Voice:
        if speaker == NARRATOR:
            return self.narrator
        return self.voices[speaker]

    def spoken(self, voice: Voice, text: str) -> str:
        """The words `voice`'s engine is given for `text`: made sayable (numbers, pronunciations),
        and in Latin letters for an engine that reads no others (transliterated, never dropped)."""
        words = speakable(text, self.pronunciations)
        return romanised(words) if voice.label in self.latin_only else words

    def settings(self, voice: Voice) -> VoiceSettings:
        """What the engine is told for `voice`: the one way from a cast's voice to an engine's
        settings. A voice with no pitch of its own is spoken at 50, then shifted (`request`)."""
        pitch = 50 if voice.label in self.shifted else voice.pitch
        return VoiceSettings(voice.engine_voice, voice.rate, pitch, voice.volume, voice.engine,
                             self.versions[voice.label])

    def request(self, voice: Voice, text: str, origin: str) -> SynthRequest:
        """The clip of `text` in `voice`: the engine's words, its settings, the shift after it."""
        return request(self.spoken(voice, text), self.settings(voice), origin,
                       voice.pitch if voice.label in self.shifted else 50)


def not_latin(text: str) -> list[str]:
    """The words of `text` written with letters that are not Latin (Привет, Ελλάδα)."""
    return [word for word in re.findall(r"\w+", text)
            if any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in word)]


def romanised(text: str) -> str:
    """`text` with every word that is not in Latin letters transliterated (anyascii)."""
    return re.sub(r"\w+", lambda m: anyascii(m.group(0)) if not_latin(m.group(0)) else m.group(0), text)


def crowd_voice(cast: Cast, member: int) -> Voice:
    """Member N of the crowd: its own engine voice, pitch, rate and seat."""
    crowd = cast.crowd
    digest = int(hashlib.sha256(f"crowd{member}".encode()).hexdigest(), 16)
    engine, engine_voice = split_label(crowd.engine_voices[member % len(crowd.engine_voices)])
    seat = ((member * 0.618) % 1.0) * 2 - 1  # spread members evenly across the benches
    return Voice(
        id=f"{CROWD}{member}", name="Voice from the hall", engine_voice=engine_voice, engine=engine or DEFAULT_ENGINE,
        rate=max(80, min(400, crowd.rate + (digest % 41) - 20)),
        pitch=max(0, min(100, crowd.pitch + ((digest >> 8) % 51) - 25)),
        pan=max(-1.0, min(1.0, crowd.pan + seat * crowd.spread)), room=crowd.room, gain_db=crowd.gain_db,
    )
