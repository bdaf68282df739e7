"""Speech engines: text + voice settings -> a verified mono WAV clip, one module per engine.

  pyttsx3   espeak-ng, through pyttsx3's espeak driver (the default; Linux)
  piper     a neural voice (the en_US-joe-medium voice ships as a Python package), or any Piper
            .onnx voice a producer names by its path
  festival  Festival's voices as Debian packages them (text2wave)

Every engine offers:
  name, version                 identify its output (part of every cache key)
  unavailable()                 None if it can speak here, else what to install
  voices() / voice_ids() / has_voice(id)
  palette()                     [PaletteVoice] the automatic cast may choose from
  clip_version(settings)        what besides the settings shapes a clip (part of its cache key)
  stateful                      its output depends on what the process spoke before: every clip is
                                then spoken by a fresh fork of the worker (see synthesis.py)
  prepare()                     load what every clip needs (a model), once per worker process
  synthesize(text, settings, path)   write one verified clip; raise EngineError on failure

Settings mean the same on every engine: rate in words per minute, pitch 0-100 (50 the voice's
own; an engine without pitch is shifted afterwards, clip.shift_pitch), volume 0-1.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache

from dramatize.engines.errors import EngineError  # noqa: F401  (the engines' one exception)

ENGINE_NAMES = ("pyttsx3", "piper", "festival")


@dataclass(frozen=True)
class VoiceSettings:
    """What the engine itself is told; effects and placement happen later, in the mix."""

    engine_voice: str
    rate: int
    pitch: int
    volume: float
    engine: str = "pyttsx3"


@dataclass(frozen=True)
class PaletteVoice:
    """A voice the automatic cast may give a speaker. Across engines the most natural come first
    (`naturalness`: DNSMOS P.808 measured on the seed's sentences, bench/intelligibility.py), so
    the speakers with most words get the best voices."""

    voice_id: str
    sex: str | None
    wpm: int  # the voice's own pace
    naturalness: float
    pitch: int | None = None  # fixed: a shifted copy of a voice is another character; None: the seat's


@dataclass(frozen=True)
class SynthRequest:
    text: str  # what the engine says (speakable.py made it sayable)
    settings: VoiceSettings
    origin: str  # "script.txt:98", for messages
    key: str  # the clip's cache key: see `request`


def request(text: str, settings: VoiceSettings, origin: str) -> SynthRequest:
    """A clip to make, keyed by everything that shapes its samples: the text, the settings and
    the engine's version (for a Piper voice given by path, its content)."""
    version = get_engine(settings.engine).clip_version(settings)
    blob = json.dumps([version, asdict(settings), text], ensure_ascii=False)
    return SynthRequest(text, settings, origin, hashlib.sha256(blob.encode()).hexdigest())


def get_engine(name: str = "pyttsx3"):
    if name not in ENGINE_NAMES:
        from dramatize.errors import DramatizeError

        raise DramatizeError(f"unknown speech engine '{name}'; known: {', '.join(ENGINE_NAMES)}")
    return _engine(name)


@lru_cache(maxsize=None)
def _engine(name: str):
    if name == "piper":
        from dramatize.engines.piper_engine import PiperEngine

        return PiperEngine()
    if name == "festival":
        from dramatize.engines.festival_engine import FestivalEngine

        return FestivalEngine()
    from dramatize.engines.pyttsx3_engine import Pyttsx3Engine

    return Pyttsx3Engine()


def available_engines() -> dict:
    """The engines that can speak on this machine, by name, in the order of ENGINE_NAMES."""
    return {name: get_engine(name) for name in ENGINE_NAMES if get_engine(name).unavailable() is None}
