"""Measure voices for the automatic cast's palette (dramatize/engines/measured.py): each voice
speaks the same sentences of the seed, and Whisper base (word error rate) and DNSMOS (P.808)
hear them; CPU seconds per audio second are timed as they are made.

    bench/.venv-ears/bin/python bench/voices.py kokoro:am_puck flite:rms ... [--sentences 12]
        [--json FILE|-] [--workers 2]

A voice at a pitch, piper:en_US-joe-medium@88, is spoken as a render speaks it (shifted after, for an
engine without a pitch of its own): a palette's shifted copy (bench/embeddings.py embeds those too).

The speaking runs in dramatize's own venv (.venv/bin/python bench/voices.py --speak DIR VOICES),
the hearing in the ears venv (make ears builds it). Figures go into measured.py by hand, with
their source: nothing is measured at render time.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "war-danger-1927.txt"
MAIN_PYTHON = ROOT / ".venv" / "bin" / "python"


def sentences(count: int) -> list[str]:
    """`count` sentences of 8-24 words from the seed's speeches, spread evenly over it."""
    sys.path.insert(0, str(ROOT))
    from dramatize.model import Speech
    from dramatize.readers import read_script

    found = []
    for event in read_script(SEED).events():
        if isinstance(event, Speech):
            for sentence in re.split(r"(?<=[.!?])\s+", event.text):
                if 8 <= len(sentence.split()) <= 24 and sentence[-1] in ".!?":
                    found.append(sentence)
    step = max(1, len(found) // count)
    return found[::step][:count]


def stem(label: str) -> str:
    """A voice's label as a file name: kokoro:af_bella*0.6+bf_emma*0.4, pyttsx3:gmw/en+m3@72."""
    return re.sub(r"[^\w.-]", "_", label.replace("*", "x"))


def split_pitch(label: str) -> tuple[str, str, int]:
    """(engine, engine voice, pitch) of "engine:voice" or "engine:voice@pitch" (50: its own)."""
    engine_name, _, voice = label.partition(":")
    voice, _, pitch = voice.rpartition("@") if "@" in voice else (voice, "", "")
    return engine_name, voice, int(pitch) if pitch else 50


def _speak_voice(label: str, texts: list[str], folder: str) -> dict:
    import resource
    import wave

    from dramatize.engines import VoiceSettings, create_engine
    from dramatize.engines.clip import shift_pitch, shifts
    from dramatize.engines.measured import measured

    engine_name, voice, pitch = split_pitch(label)
    engine = create_engine(engine_name)
    m = measured(engine_name, voice, pitch) or measured(engine_name, voice, None)
    rate = m.wpm if m else 170
    after = engine.shifts_pitch(voice) and shifts(pitch)  # shifted once spoken, as a render does
    engine.prepare(voice)
    cpu = time.process_time()
    seconds = 0.0
    for n, text in enumerate(texts):
        path = Path(folder) / f"{stem(label)}_{n:02d}.wav"
        engine.synthesize(text, VoiceSettings(voice, rate, 50 if after else pitch, 1.0, engine_name), path)
        if after:
            shift_pitch(path, path, pitch)
        with wave.open(str(path)) as f:
            seconds += f.getnframes() / f.getframerate()
    # a subprocess engine (Flite) spends its time in children: count them too
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"voice": label, "audio_seconds": seconds,
            "cpu_per_second": (time.process_time() - cpu + children.ru_utime + children.ru_stime) / seconds}


def speak(folder: Path, voices: list[str], count: int, workers: int) -> None:
    texts = sentences(count)
    (folder / "texts.json").write_text(json.dumps(texts, indent=1), encoding="utf-8")
    with ProcessPoolExecutor(workers) as pool:
        timing = list(pool.map(_speak_voice, voices, [texts] * len(voices), [str(folder)] * len(voices)))
    (folder / "timing.json").write_text(json.dumps(timing, indent=1), encoding="utf-8")


def hear(folder: Path, voices: list[str]) -> list[dict]:
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ears
    import jiwer

    texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    timing = {t["voice"]: t for t in json.loads((folder / "timing.json").read_text(encoding="utf-8"))}
    recognizer = ears.Recognizer(threads=2)
    results = []
    for label in voices:
        refs, hyps, clips = [], [], []
        for n, text in enumerate(texts):
            samples = ears.decode(folder / f"{stem(label)}_{n:02d}.wav")
            clips.append(samples)
            refs.append(ears.normalize(text))
            hyps.append(ears.normalize(recognizer(samples)))
        wer = jiwer.wer(refs, hyps)
        mos = ears.dnsmos(np.concatenate(clips))
        results.append({"voice": label, "wer": round(100 * wer, 1), "p808": round(mos["p808"], 2),
                        "cpu_per_second": round(timing[label]["cpu_per_second"], 3),
                        "audio_seconds": round(timing[label]["audio_seconds"], 1)})
        print(f"{label:<36} WER {100 * wer:5.1f} %  P.808 {mos['p808']:.2f}  "
              f"CPU {timing[label]['cpu_per_second']:.3f} s/s", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("voices", nargs="+", help="engine:voice[@pitch]: kokoro:am_puck, piper:en_US-joe-medium@88")
    parser.add_argument("--sentences", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--speak", type=Path, help=argparse.SUPPRESS)  # the speaking half, in dramatize's venv
    parser.add_argument("--folder", type=Path, default=ROOT / "bench" / "results" / "voices")
    parser.add_argument("--json", help="write the figures here (- for stdout)")
    args = parser.parse_args()
    if args.speak:
        speak(args.speak, args.voices, args.sentences, args.workers)
        return 0
    args.folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(MAIN_PYTHON), __file__, "--speak", str(args.folder), "--sentences", str(args.sentences),
                    "--workers", str(args.workers), *args.voices], check=True)
    results = hear(args.folder, args.voices)
    if args.json:
        text = json.dumps(results, indent=1)
        sys.stdout.write(text + "\n") if args.json == "-" else Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
