"""hibari (`hibari-tts` 0.2.1, Apache-2.0): a tiny distillation of Kokoro's af_heart, a US woman,
bundled in its wheel, about 100 times quicker than Kokoro. Only that bundled voice: hibari's
other voices download at run time, which a render never does. The same speaker as Kokoro's
af_heart, so the automatic cast never sets the two beside each other (engines/measured.py).

- Loaded once per worker (`prepare`), on one thread; its noise is drawn from a fixed seed, so the
  same text gives the same samples in every process.
- rate: hibari's speed, relative to the voice's own pace; pitch: none (`shifts_pitch`); volume: a gain.
"""

from __future__ import annotations

import importlib.util
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from dramatize.engines.clip import verify, write_wav
from dramatize.engines.errors import EngineError

VOICE = "heart"
PACE = 180  # words per minute at speed 1, on the seed's sentences
SEED = 0  # the noise component's seed: fixed, so a clip is the same in every process


class HibariEngine:
    name = "hibari"
    stateful = False
    latin_only = True  # its G2P reads English

    def __init__(self):
        self._tts = None

    def unavailable(self) -> str | None:
        if importlib.util.find_spec("hibari") is None:
            return "hibari is not installed; pip install hibari-tts==0.2.1"
        return None

    @cached_property
    def version(self) -> str:
        return f"hibari-{metadata.version('hibari-tts')}/{VOICE}"

    def voices(self) -> list[tuple[str, str, str]]:
        return [] if self.unavailable() else [(VOICE, "en-us", "female")]

    def has_voice(self, engine_voice: str) -> bool:
        return engine_voice == VOICE and self.unavailable() is None

    def palette(self) -> list:
        from dramatize.engines.measured import palette_of

        return [] if self.unavailable() else palette_of(self.name, self.has_voice)

    def shifts_pitch(self, engine_voice: str) -> bool:
        return True

    def clip_version(self, engine_voice: str) -> str:
        return self.version

    def prepare(self, engine_voice: str = VOICE):
        if engine_voice != VOICE:
            raise EngineError(f"hibari has one voice here, '{VOICE}' (its others download at run time); "
                              f"not '{engine_voice}'")
        if self._tts is None:
            from hibari import Hibari
            from hibari.voices import voice_path

            try:
                self._tts = Hibari(voice=VOICE, model=voice_path(VOICE, download_missing=False), threads=1)
            except Exception as err:  # noqa: BLE001 - onnxruntime and hibari raise their own kinds
                raise EngineError(f"cannot load hibari's voice: {str(err).splitlines()[0]}") from None
        return self._tts

    def synthesize(self, text: str, settings, path: Path) -> None:
        tts = self.prepare(settings.engine_voice)
        speed = float(np.clip(settings.rate / PACE, 0.5, 2.0))
        try:
            samples = tts(text, speed=speed, seed=SEED)
        except Exception as err:  # noqa: BLE001
            raise EngineError(f"hibari failed: {str(err).splitlines()[0]}") from None
        if not len(samples):
            raise EngineError("hibari found nothing it can say in this text")
        write_wav(path, samples * np.float32(settings.volume), tts.sample_rate)
        verify(path, text, settings.rate)
