"""Turn synthesis requests into cached clip files, in parallel worker processes.

pyttsx3's espeak driver initialises once per process and allows one utterance in flight,
so parallel work means processes, each with its own engine. Each clip's file depends only
on its request, so a parallel run gives the same samples as a serial one.
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

PARALLEL_THRESHOLD = 24  # below this many clips, starting worker processes costs more than it saves

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


def _worker_job(args) -> tuple[str, str | None]:
    request, key, root = args
    return key, _synthesize_one(_worker_engine, ClipCache(Path(root)), request, key)


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

    if workers > 1 and len(missing) >= PARALLEL_THRESHOLD:
        context = multiprocessing.get_context("spawn")  # a fresh espeak per worker, never a forked copy
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                                 initargs=(engine.name,)) as pool:
            jobs = [(request, key, str(cache.root)) for key, request in missing]
            try:
                for key, error in pool.map(_worker_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
                    done(key, error)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    else:
        for key, request in missing:
            done(key, _synthesize_one(engine, cache, request, key))
    if progress:
        progress.finish()
    return paths, stats
