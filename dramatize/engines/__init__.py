"""Speech engines: text + voice settings -> a verified mono WAV clip, one module per engine.

  pyttsx3   espeak-ng, through pyttsx3's espeak driver (the default; Linux)
  piper     a neural voice (the en_US-joe-medium voice ships as a Python package), or any Piper
            .onnx voice a producer names by its path
  festival  Festival's voices as Debian packages them (text2wave)
  kokoro    Kokoro-82M's 28 English voices and blends of them ("af_bella*0.6+bf_emma*0.4")
  hibari    hibari-tts's bundled voice (a quick distillation of Kokoro's af_heart)
  flite     Flite's built-in voices (slt, rms, awb, kal): clear but robotic

An engine is a class in REGISTRY that meets the `Engine` protocol. Instances own their state
(a loaded model, a driver) and are made where they are used: one set per command for casting
(`installed_engines`), one per synthesis worker for speaking (`create_engine`); none is kept in
a module global. A new engine is one module and one line in REGISTRY.

Settings mean the same on every engine: rate in words per minute, pitch 0-100 (50 the voice's
own; an engine without pitch is shifted afterwards, clip.shift_pitch), volume 0-1.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from dramatize.engines.errors import EngineError  # noqa: F401  (the engines' one exception)

DEFAULT_ENGINE = "pyttsx3"  # a voice id without "engine:" is this engine's
REGISTRY = {
    "pyttsx3": "dramatize.engines.pyttsx3_engine:Pyttsx3Engine",
    "piper": "dramatize.engines.piper_engine:PiperEngine",
    "festival": "dramatize.engines.festival_engine:FestivalEngine",
    "kokoro": "dramatize.engines.kokoro_engine:KokoroEngine",
    "hibari": "dramatize.engines.hibari_engine:HibariEngine",
    "flite": "dramatize.engines.flite_engine:FliteEngine",
    "test": "dramatize.engines.testing_engine:TestEngine",  # only when asked: DRAMATIZE_ENGINES=test
}
ENGINE_NAMES = tuple(REGISTRY)


@dataclass(frozen=True)
class VoiceSettings:
    """What the engine itself is told; effects and placement happen later, in the mix.
    Made from a cast's Voice by `Cast.settings(voice)`, nowhere else."""

    engine_voice: str
    rate: int
    pitch: int
    volume: float
    engine: str = DEFAULT_ENGINE
    version: str = ""  # what besides these settings shapes the clip: the engine's `clip_version`


@dataclass(frozen=True)
class PaletteVoice:
    """A voice the automatic cast may give a speaker. Across engines the most natural come first
    (`naturalness`: DNSMOS P.808 measured on the seed's sentences, bench/intelligibility.py), so
    the speakers with most words get the best voices."""

    engine_voice: str
    sex: str | None
    wpm: int  # the voice's own pace
    naturalness: float
    pitch: int | None = None  # fixed: a shifted copy of a voice is another character; None: the seat's


@runtime_checkable
class Engine(Protocol):
    name: str  # its key in REGISTRY
    stateful: bool  # its output depends on what the process spoke before: each clip gets a fresh fork
    latin_only: bool  # it reads Latin letters only: other words reach it transliterated (Cast.spoken)

    def unavailable(self) -> str | None:
        """None if it can speak on this machine, else what to install."""

    def voices(self) -> list[tuple[str, str, str]]:
        """(engine voice id, language, gender) of every installed voice."""

    def has_voice(self, engine_voice: str) -> bool: ...

    def palette(self) -> list[PaletteVoice]:
        """The voices the automatic cast may choose from, most natural first."""

    def shifts_pitch(self, engine_voice: str) -> bool:
        """Whether this voice has no pitch of its own: its clips are spoken at 50 and shifted after
        (a pitch change then re-renders without speaking again)."""

    def clip_version(self, engine_voice: str) -> str:
        """What besides the settings shapes a clip of this voice (part of its cache key)."""

    def prepare(self, engine_voice: str) -> None:
        """Load what every clip of this voice needs (a model), once per worker process."""

    def synthesize(self, text: str, settings: VoiceSettings, path: Path) -> None:
        """Write one verified clip to `path`; raise EngineError on failure."""


def create_engine(name: str) -> Engine:
    """A new instance of the engine `name`."""
    if name not in REGISTRY:
        from dramatize.errors import DramatizeError

        raise DramatizeError(f"unknown speech engine '{name}'; known: {', '.join(ENGINE_NAMES)}")
    module, _, cls = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()


def engines_asked() -> list[str]:
    """The engines $DRAMATIZE_ENGINES names (comma-separated): the only ones used when it is set."""
    import os

    return [n.strip().lower() for n in os.environ.get("DRAMATIZE_ENGINES", "").split(",") if n.strip()]


def installed_engines() -> dict[str, Engine]:
    """The engines that can speak on this machine, by name, in the order of REGISTRY; only those
    $DRAMATIZE_ENGINES names (comma-separated) when it is set."""
    wanted = engines_asked()
    unknown = [n for n in wanted if n not in REGISTRY]
    if unknown:
        from dramatize.errors import DramatizeError

        raise DramatizeError(f"DRAMATIZE_ENGINES: unknown speech engine '{unknown[0]}'; "
                             f"known: {', '.join(ENGINE_NAMES)}")
    engines = {name: create_engine(name) for name in ENGINE_NAMES if not wanted or name in wanted}
    return {name: engine for name, engine in engines.items() if engine.unavailable() is None}


def voice_label(engine: str, engine_voice: str) -> str:
    """How a cast file and the transcript write a voice: "gmw/en+m3" for the default engine,
    "piper:en_US-joe-medium" for another."""
    return engine_voice if engine == DEFAULT_ENGINE else f"{engine}:{engine_voice}"


def split_label(text: str) -> tuple[str | None, str]:
    """("piper", "en_US-joe-medium") for "piper:en_US-joe-medium"; (None, text) when no engine is named."""
    engine, sep, voice = text.partition(":")
    return (engine.lower(), voice) if sep and engine.lower() in REGISTRY else (None, text)


@dataclass(frozen=True)
class SynthRequest:
    """A clip to make: the engine speaks `text` with `settings` (the raw clip, `raw_key`), then,
    for a voice with no pitch of its own, the clip is shifted to `shift_to` (the clip, `key`)."""

    text: str  # what the engine says (speakable.py made it sayable)
    settings: VoiceSettings
    origin: str = field(compare=False)  # "script.txt:98", for messages
    key: str = ""  # the finished clip's cache key: see `request`
    raw_key: str = ""  # the engine's own output's
    shift_to: int = 50  # the pitch (0-100) the raw clip is shifted to; 50: none


def request(text: str, settings: VoiceSettings, origin: str, shift_to: int = 50) -> SynthRequest:
    """A clip to make, keyed by everything that shapes its samples: the text and the settings,
    the engine's version among them (for a Piper voice given by path, its content), and the
    shift after it (so a change of pitch needs no engine, only the shift)."""
    from dramatize.cache import cache_key
    from dramatize.engines.clip import SHIFTER, shifts

    raw = cache_key(settings, text)
    if not shifts(shift_to):
        return SynthRequest(text, settings, origin, raw, raw)
    return SynthRequest(text, settings, origin, cache_key(raw, SHIFTER, shift_to), raw, shift_to)
