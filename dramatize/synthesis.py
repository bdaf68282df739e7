"""Turn synthesis requests into cached clip files, in worker processes.

pyttsx3's espeak driver initialises once per process and allows one utterance in flight,
so parallel work means processes, each with its own engine.

espeak-ng's output also depends on what the same process spoke before (its pitch flutter
and wave phase carry over from one utterance to the next). So the clips to make are sorted by
key and cut into fixed batches, and every batch is spoken by a fresh process, whatever the
number of workers: a parallel run gives exactly the samples of a serial one.

Never in the main process: importing pedalboard there changes how espeak-ng's floating point
rounds (its flush-to-zero state, we believe), and clips after the first come out different.

Each batch is one `python -m dramatize.synthesis` process, its jobs as JSON on stdin and one
JSON line per clip on stdout. (concurrent.futures' max_tasks_per_child, the obvious tool, can
deadlock on Python 3.11 to 3.13: CPython issue 115634.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from dramatize.cache import ClipCache
from dramatize.engines import EngineError, SynthRequest, VoiceSettings, get_engine
from dramatize.errors import DramatizeError

BATCH = 100  # clips per fresh worker process: fewer means more process starts, more means less parallelism


@dataclass
class SynthStats:
    requested: int = 0
    cached: int = 0
    synthesized: int = 0


def _synthesize_one(engine, cache: ClipCache, text: str, settings: VoiceSettings, key: str) -> str | None:
    try:
        with cache.writing(key) as partial:
            engine.synthesize(text, settings, partial)
        return None
    except EngineError as err:
        return f"speech engine failed for {settings.engine_voice}: {err}"


def worker_main():
    """One batch: read the jobs, speak them in order, report each clip as a JSON line."""
    job = json.load(sys.stdin)
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever else writes to stdout (a driver's chatter) cannot mix with the results
    engine = get_engine(job["engine"])
    cache = ClipCache(Path(job["cache"]))
    for key, text, settings in job["clips"]:
        error = _synthesize_one(engine, cache, text, VoiceSettings(**settings), key)
        print(json.dumps({"key": key, "error": error}), file=results, flush=True)


def default_workers() -> int:
    """Two worker processes per core: a worker spends much of each clip waiting on the engine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 * max(1, cores)


def _start_batch(batch, engine_name: str, root: Path) -> subprocess.Popen:
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    # stderr goes to a file, not a pipe: a worker that says much there while we read the
    # stdout of another could otherwise fill its pipe and stall.
    errors = tempfile.TemporaryFile("w+")
    process = subprocess.Popen([sys.executable, "-m", "dramatize.synthesis"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
    process.errors = errors
    job = {"engine": engine_name, "cache": str(root),
           "clips": [[key, request.text, asdict(request.settings)] for key, request in batch]}
    process.stdin.write(json.dumps(job, ensure_ascii=False))
    process.stdin.close()
    return process


def synthesize_all(requests, engine, cache: ClipCache, workers: int, progress=None):
    """Make sure every request has a clip in the cache. Returns ({key: path}, stats)."""
    stats = SynthStats(requested=len(requests))
    unique: dict[str, SynthRequest] = {}
    for request in requests:
        unique.setdefault(request.key(engine.version), request)
    paths: dict[str, Path] = {}
    missing = []
    for key, request in unique.items():
        hit = cache.get(key)
        if hit:
            paths[key] = hit
        else:
            missing.append((key, request))
    stats.cached = len(unique) - len(missing)
    stats.synthesized = len(missing)
    if progress:
        progress.start("synthesis", len(missing))

    missing.sort(key=lambda item: item[0])
    pending = [missing[i:i + BATCH] for i in range(0, len(missing), BATCH)]
    running: list[subprocess.Popen] = []
    cache.root.mkdir(parents=True, exist_ok=True)
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                running.append(_start_batch(pending.pop(0), engine.name, cache.root))
            process = running[0]  # stays listed until it has finished, so a failure kills it too
            for line in process.stdout:
                result = json.loads(line)
                if result["error"]:
                    raise DramatizeError(result["error"], unique[result["key"]].origin)
                paths[result["key"]] = cache.path(result["key"])
                if progress:
                    progress.advance()
            if process.wait() != 0:
                process.errors.seek(0)
                error = process.errors.read().strip()
                raise DramatizeError(f"a speech worker failed: {error.splitlines()[-1] if error else process.returncode}")
            process.errors.close()
            running.pop(0)
    finally:
        for process in running:
            process.kill()
            process.wait()
            process.errors.close()
            # espeak-ng writes a clip from its own thread, which can outlive the worker's cleanup.
            cache.remove_partials(process.pid)
    if progress:
        progress.finish()
    return paths, stats


if __name__ == "__main__":
    worker_main()
