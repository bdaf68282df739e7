"""Turn synthesis requests into cached clip files, in worker processes.

pyttsx3's espeak driver initialises once per process and allows one utterance in flight,
so parallel work means processes, each with its own engine.

espeak-ng's output also depends on what the same process spoke before (its pitch flutter
and wave phase carry over from one utterance to the next). So the clips to make are sorted by
key and cut into fixed batches, and every batch is spoken by a fresh process, whatever the
number of workers: a parallel run gives exactly the samples of a serial one.

Never in the main process: importing pedalboard there changes how espeak-ng's floating point
rounds (its flush-to-zero state, we believe), and clips after the first come out different.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dramatize.cache import ClipCache
from dramatize.engines import EngineError, SynthRequest, get_engine
from dramatize.errors import DramatizeError

BATCH = 48  # clips per fresh worker process: fewer means more process starts, more means less parallelism

_worker_engine = None


@dataclass
class SynthStats:
    requested: int = 0
    cached: int = 0
    synthesized: int = 0


def _synthesize_one(engine, cache: ClipCache, request: SynthRequest, key: str) -> str | None:
    partial = cache.partial_path(key)
    try:
        engine.synthesize(request.text, request.settings, partial)
        cache.commit(partial, key)
        return None
    except EngineError as err:
        return f"speech engine failed for {request.settings.engine_voice}: {err}"
    finally:
        partial.unlink(missing_ok=True)


def _worker_init(engine_name: str):
    global _worker_engine
    _worker_engine = get_engine(engine_name)


def _worker_batch(args) -> list[tuple[str, str | None]]:
    batch, root = args
    cache = ClipCache(Path(root))
    return [(key, _synthesize_one(_worker_engine, cache, request, key)) for key, request in batch]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


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
            cache.touch(hit)
            paths[key] = hit
        else:
            missing.append((key, request))
    stats.cached = len(unique) - len(missing)
    stats.synthesized = len(missing)
    if progress:
        progress.start("synthesis", len(missing))

    def done(key: str, error: str | None):
        if error:
            raise DramatizeError(error, unique[key].origin)
        paths[key] = cache.path(key)
        if progress:
            progress.advance()

    missing.sort(key=lambda item: item[0])
    batches = [(missing[i:i + BATCH], str(cache.root)) for i in range(0, len(missing), BATCH)]
    if batches:
        context = multiprocessing.get_context("spawn")  # a fresh espeak per batch, never a forked copy
        with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context,
                                 initializer=_worker_init, initargs=(engine.name,), max_tasks_per_child=1) as pool:
            try:
                for results in pool.map(_worker_batch, batches):
                    for key, error in results:
                        done(key, error)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    if progress:
        progress.finish()
    return paths, stats
