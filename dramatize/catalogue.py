"""A catalogue: many scripts rendered in one run.

Every script is read, cast and planned first (one that cannot be is listed and left out); then
the clips of them all go to one synthesis queue, so a clip two scripts share is spoken once;
then each script is mixed, mastered and encoded, exactly as `render` does it alone.

That runs on this machine's cores, or, with a Dask scheduler's address, on a cluster: its workers
speak the clips, which come back by content key into this machine's cache. When the workers see
this machine's files at the same paths (a shared folder: `shared`), they also mix and encode
each script, into the shared cache. A worker lost mid-task has its tasks run again elsewhere.
"""

from __future__ import annotations

import re
import socket
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from dramatize.cache import default_cache_dir, in_use, stores
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.job import RenderJob
from dramatize.lifetime import cores
from dramatize.render import Prepared, RenderResult, prepare, produce
from dramatize.synthesis import SynthStats, shares, synthesize_all

CONNECT_SECONDS = 5  # a scheduler that does not answer in this long is not there
TASKS_PER_WORKER = 4  # clips are sent in about this many batches per worker: even load, cheap retries


@dataclass
class Entry:
    """One script of the catalogue, and what became of it."""
    job: RenderJob
    prepared: Prepared | None = None
    result: RenderResult | None = None
    error: str | None = None


@dataclass
class CatalogueResult:
    entries: list[Entry]
    stats: SynthStats = field(default_factory=SynthStats)
    shared: int = 0  # distinct clips that more than one script asked for (spoken once)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if e.error]


MANIFEST_KEYS = {"script": "the script to render", "output": "the audio file to write (default: OUT/NAME.m4b)",
                 "cast": "its cast file, or 'none' (default: the script's own)", "master": "its loudness preset",
                 "format": "its family (default: detected)"}


def read_manifest(path: Path, folder: Path, **common) -> list[RenderJob]:
    """The jobs a catalogue file lists, one `[[render]]` table each (see MANIFEST_KEYS); paths
    in it are relative to the file, outputs default to `folder`/NAME.m4b."""
    from dramatize.production.config import beside, read_toml
    from dramatize.readers import READERS

    data, _text = read_toml(path, "catalogue file")
    problems = [f"{path}: unknown table or key {key!r}; a catalogue file is a list of [[render]] tables"
                for key in data if key != "render"]
    items = data.get("render")
    if not isinstance(items, list) or not items:
        raise DramatizeError('lists no scripts: write one [[render]] table per script, with script = "plays/a.txt"',
                             str(path))
    jobs = []
    for number, item in enumerate(items, start=1):
        where = f"{path}: [[render]] number {number}"
        wrong = [key for key, value in item.items() if key not in MANIFEST_KEYS or not isinstance(value, str)]
        problems += [f"{where}: {key!r} is not a key of a catalogue entry (known: {', '.join(MANIFEST_KEYS)})"
                     if key not in MANIFEST_KEYS else f"{where}: {key} must be a string" for key in wrong]
        if "script" not in item:
            problems.append(f"{where}: no script = \"...\" (the script to render)")
        if isinstance(item.get("format"), str) and item["format"] not in READERS:
            problems.append(f"{where}: format {item['format']!r} is not one of {', '.join(READERS)}")
        if wrong or "script" not in item or "format" in item and item["format"] not in READERS:
            continue
        script = beside(path, item["script"])
        cast = item.get("cast")
        jobs.append(RenderJob(**{**common, "script": script,
                                 "output": beside(path, item["output"]) if "output" in item
                                 else folder / f"{script.stem}.m4b",
                                 "cast": common.get("cast") if cast is None else cast if cast.lower() == "none"
                                 else beside(path, cast),
                                 "master": item.get("master", common.get("master")),
                                 "format": item.get("format", common.get("format"))}))
    if problems:
        raise ConfigErrors(problems)
    return jobs


def _problem(err: DramatizeError) -> str:
    return "; ".join(err.problems) if isinstance(err, ConfigErrors) else str(err)


def render_catalogue(jobs: list[RenderJob], cluster: str | None = None, shared: bool = False, progress=None,
                     warn=print) -> CatalogueResult:
    """Render every job; a job that fails is listed with its error and the others go on."""
    began = time.perf_counter()
    outputs = [job.output.resolve() for job in jobs]
    twice = sorted({str(o) for o in outputs if outputs.count(o) > 1})
    if twice:
        raise DramatizeError(f"two scripts of the catalogue would write the same file: {', '.join(twice)}")
    client = _connect(cluster) if cluster else None  # a cluster that is not there is said before any work
    try:
        entries = _render(jobs, client, shared, progress, warn)
    finally:
        if client is not None:
            client.close()
    return CatalogueResult(*entries, time.perf_counter() - began)


def _render(jobs: list[RenderJob], client, shared: bool, progress, warn) -> tuple[list[Entry], SynthStats, int]:
    entries = [Entry(job) for job in jobs]
    for entry in entries:
        try:
            entry.prepared = prepare(entry.job, lambda message, job=entry.job: warn(f"{job.script}: {message}"))
        except DramatizeError as err:
            entry.error = _problem(err)
    with tempfile.TemporaryDirectory(prefix="dramatize-") as temp:
        root = jobs[0].cache if jobs and jobs[0].cache else Path(temp)  # --no-cache: one folder for the run
        ready = [e for e in entries if e.prepared]
        for entry in ready:
            entry.job = replace(entry.job, cache=root)
        if not ready:
            return entries, SynthStats(), 0
        with in_use(root):
            stats, shared_clips = _speak(ready, root, client, shared, progress)
            _produce(ready, client if shared else None, progress, warn)
    return entries, stats, shared_clips


def _speak(entries: list[Entry], root: Path, client, shared: bool, progress) -> tuple[SynthStats, int]:
    """Every clip of every entry in the cache at `root`, each distinct clip spoken once. A clip
    that cannot be spoken fails the scripts that need it, not the others."""
    clips = stores(root)["clips"]
    requests = [r for e in entries for r in e.prepared.requests()]
    per_script = sum(len({r.key for r in e.prepared.requests()}) for e in entries)
    speak = (lambda wanted, bar: _speak_on_cluster(client, wanted, root, shared, bar)) if client else \
        (lambda wanted, bar: synthesize_all(wanted, clips, entries[0].job.workers or cores(), bar)[1])
    try:
        stats = speak(requests, progress)
    except DramatizeError:  # which scripts? each alone (what was spoken is cached), and each fails alone
        stats = SynthStats()
        for entry in entries:
            try:
                speak(entry.prepared.requests(), progress)
            except DramatizeError as err:
                entry.error = _problem(err)
    return stats, per_script - len({r.key for r in requests})


def _produce(entries: list[Entry], client, progress, warn):
    """Mix, master and encode each entry whose clips are all there: here, or as cluster tasks."""
    entries = [e for e in entries if not e.error]
    if client is None:
        for entry in entries:
            try:
                entry.result = produce(entry.job, entry.prepared, progress and progress.of(entry.job.script.stem),
                                       lambda message, job=entry.job: warn(f"{job.script}: {message}"))
            except DramatizeError as err:
                entry.error = _problem(err)
        return
    from distributed import as_completed

    futures = {client.submit(_produce_on_worker, entry.job, entry.prepared, pure=False, retries=1): entry
               for entry in entries}
    if progress:
        progress.start("mixing", len(futures), unit="script")
    for future in as_completed(futures, loop=client.loop):
        entry = futures[future]
        outcome = future.result()
        if isinstance(outcome, str):
            entry.error = outcome
        else:
            entry.result = outcome
        if progress:
            progress.advance()
    if progress:
        progress.finish()


def _produce_on_worker(job: RenderJob, prepared: Prepared) -> RenderResult | str:
    """On a cluster worker that shares the files: the render's last half, or what went wrong."""
    try:
        return produce(job, prepared, warn=lambda message: None)
    except DramatizeError as err:
        return f"on {socket.gethostname()}: {_problem(err)}"


def _connect(address: str):
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a dependency; said plainly if it was removed
        raise DramatizeError("--cluster needs Dask's distributed package: pip install distributed") from None
    where = re.fullmatch(r"(?:tcp://)?\[?([^\]/]+?)\]?:(\d+)", address)
    if not where:
        raise DramatizeError(f"--cluster {address}: write the scheduler's address as tcp://HOST:PORT "
                             "(`dask scheduler` prints it; its port is 8786 unless told otherwise)")
    try:  # a scheduler that is not there is said at once, not after the client's retries
        socket.create_connection((where.group(1), int(where.group(2))), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        raise DramatizeError(f"--cluster {address}: cannot reach a Dask scheduler there ({err.strerror or err})") from None
    try:
        return Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise DramatizeError(f"--cluster {address}: cannot reach a Dask scheduler there ({err})") from None


def _speak_on_cluster(client, requests, root: Path, shared: bool, progress) -> SynthStats:
    """The clips not in the cache at `root` spoken by the cluster's workers, in batches per
    engine, and stored here as they come back (or there, in a shared cache)."""
    from distributed import as_completed

    clips = stores(root)["clips"]
    stats = SynthStats(requested=len(requests))
    unique = {r.key: r for r in requests}
    cached = clips.found(unique)
    missing = [r for key, r in unique.items() if key not in cached]
    stats.unique, stats.cached = len(unique), len(unique) - len(missing)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    batches = shares(missing, workers * TASKS_PER_WORKER)
    futures = {client.submit(_speak_on_worker, engine, batch, str(root) if shared else None, pure=False, retries=1): batch
               for engine, batch in batches}
    if progress:
        progress.start("synthesis", len(missing))
    try:
        for future in as_completed(futures, loop=client.loop):
            made = future.result()
            if isinstance(made, str):
                raise DramatizeError(made)
            for key, data in made["clips"].items():
                if clips.get(key) is None:
                    clips.adopt(key, data)
            stats.synthesized += made["spoken"]
            stats.shifted += made["shifted"]
            if progress:
                progress.advance(len(futures[future]))
    finally:
        for future in futures:
            future.cancel()
        if progress:
            progress.finish()
    return stats


def _speak_on_worker(engine_name: str, requests, root: str | None) -> dict | str:
    """On a cluster worker: speak `requests` into the cache at `root` (None: the worker's own
    cache) and return the entries as stored, or what went wrong, naming the worker."""
    from dramatize.engines import create_engine

    host = socket.gethostname()
    problem = create_engine(engine_name).unavailable()
    if problem:
        return f"the Dask worker on {host} cannot speak with {engine_name}: {problem}"
    folder = Path(root) if root else default_cache_dir()
    try:
        clips = stores(folder)["clips"]
        with in_use(folder):
            _paths, stats = synthesize_all(requests, clips, 1)
            wanted = {r.key for r in requests} | {r.raw_key for r in requests}
            sent = {} if root else {key: clips.path(key).read_bytes() for key in wanted if clips.get(key)}
    except DramatizeError as err:
        return f"on the Dask worker on {host}: {_problem(err)}"
    return {"clips": sent, "spoken": stats.synthesized, "shifted": stats.shifted}
