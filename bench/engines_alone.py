"""The engines alone speaking a render's lines: the reference for the cold render's cost.

    .venv/bin/python bench/engines_alone.py SCRIPT [--cast CAST]

Every distinct clip the render would have its engines speak (each line, in its cast voice, on
its own engine: Piper, Kokoro, hibari, espeak-ng through pyttsx3, ...), spoken by those engines
and nothing else: no planning in the timing, no cache, no pitch shift or other finishing, no mix,
no encoding. The clips are dealt out one at a time to one process per core (whichever is free
takes the next: the best balance a render could have), each process on one thread, as the
render's workers run, and each engine loaded once per process. Prints the seconds of audio made,
the wall seconds taken (the loading included) and the number of clips.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"  # as the render's workers: one thread per process, one process per core

ENGINES: dict = {}  # this process's engines by name, each prepared voice listed


def speak(job) -> float:
    """Seconds of audio one engine made for one clip (in a pool process)."""
    from dramatize.engines import create_engine
    from dramatize.engines.clip import read_wav

    text, settings, name, folder = job
    engine, prepared = ENGINES.setdefault(settings.engine, (create_engine(settings.engine), set()))
    if settings.engine_voice not in prepared:
        engine.prepare(settings.engine_voice)
        prepared.add(settings.engine_voice)
    path = folder / f"{name}.wav"
    engine.synthesize(text, settings, path)
    samples, rate = read_wav(path)
    path.unlink()
    return len(samples) / rate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("script", type=Path)
    parser.add_argument("--cast", type=Path)
    args = parser.parse_args()

    from dramatize.plan import all_requests, plan_script
    from dramatize.render import load
    from dramatize.lifetime import cores

    script, cast = load(args.script, args.cast)
    spoken = {}
    for request in all_requests(plan_script(script, cast)):
        spoken.setdefault(request.raw_key, (request.text, request.settings, request.raw_key))
    folder = Path(tempfile.mkdtemp(prefix="engines-alone-"))
    started = time.perf_counter()
    # Fresh processes (spawn, not fork): espeak-ng's threads and onnxruntime's do not survive a fork.
    with ProcessPoolExecutor(cores(), mp_context=multiprocessing.get_context("spawn")) as pool:
        audio = sum(pool.map(speak, [job + (folder,) for job in spoken.values()]))
    print(f"{audio:.1f} {time.perf_counter() - started:.1f} {len(spoken)}")
    folder.rmdir()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
