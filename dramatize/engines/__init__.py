"""Speech engines: text + voice settings -> a mono WAV clip. pyttsx3 is the default.

An engine offers:
  name, version                  identify its output (part of every cache key)
  voice_ids() / has_voice(id)    what it can speak with
  voices()                       [(id, language, gender)] for `dramatize voices`
  synthesize(text, settings, path)  write one clip; raise EngineError on failure
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


ENGINE_NAMES = ("pyttsx3",)


class EngineError(Exception):
    """The engine failed to produce a usable clip."""


@dataclass(frozen=True)
class VoiceSettings:
    """What the engine itself is told; effects and placement happen later, in the mix."""

    engine_voice: str
    rate: int
    pitch: int
    volume: float


@dataclass(frozen=True)
class SynthRequest:
    text: str
    settings: VoiceSettings
    origin: str  # "script.txt:98", for messages

    def key(self, engine_id: str) -> str:
        blob = json.dumps([engine_id, asdict(self.settings), self.text], ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def available_engines() -> dict:
    """The engines that can speak on this machine, by name."""
    engines = {}
    for name in ENGINE_NAMES:
        engine = get_engine(name)
        if engine.unavailable() is None:
            engines[name] = engine
    return engines


def get_engine(name: str = "pyttsx3"):
    if name != "pyttsx3":
        from dramatize.errors import DramatizeError

        raise DramatizeError(f"unknown speech engine '{name}'; available: pyttsx3")
    from dramatize.engines.pyttsx3_engine import Pyttsx3Engine

    return Pyttsx3Engine()
