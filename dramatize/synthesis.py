"""Turn synthesis requests into cached clip files, in worker processes, on every engine at once.

Each worker is one `python -m dramatize.synthesis` process of one engine (about one per core):
its engine named in a first JSON line on stdin, then one JSON line per clip, dealt to it as it
reports the clips before (`Dealer`), and one JSON line per clip on stdout. A worker prepares its
engine once (Piper loads its model), then:

  - for an engine whose output depends on what it spoke before (espeak-ng, through pyttsx3:
    pitch flutter and wave phase carry over), every clip is spoken by a fresh fork of the
    worker, which has imported pyttsx3 but never started espeak-ng: each clip is the first
    utterance of a pristine engine. The same request gives the same samples whatever else is
    spoken, in any order, resumed or concurrent (about 6 ms a clip for the fork);
  - any other engine speaks its clips one after another in the worker itself.

Never in the main process: importing pedalboard there changes how espeak-ng's floating point
rounds (its flush-to-zero state, we believe), and clips come out different. (A clip that only
needs a pitch shift, its spoken clip cached, is made by the render itself during the mix:
ClipPaths.)
(concurrent.futures' max_tasks_per_child, the obvious tool, can deadlock on Python 3.11 to 3.13:
CPython issue 115634.)
"""

from __future__ import annotations

import heapq
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path

from dramatize.cache import ClipCache
from dramatize.engines import EngineError, SynthRequest, VoiceSettings, create_engine
from dramatize.engines.clip import shift_pitch, verify
from dramatize.errors import DramatizeError
from dramatize.lifetime import children, die_with_parent, stops_deferred


@dataclass
class SynthStats:
    requested: int = 0
    unique: int = 0  # distinct clips among them
    cached: int = 0
    synthesized: int = 0  # clips the engines spoke
    shifted: int = 0  # clips made by shifting a clip spoken before, without the engine (a voice's pitch changed)
    damaged: int = 0  # cache entries found damaged, removed and made again


def _speak(engine, cache: ClipCache, text: str, settings: VoiceSettings, key: str, attempts: int = 2) -> str | None:
    """Speak one clip into the cache; None, or what went wrong (after `attempts` tries, the last
    try's error)."""
    try:
        with cache.writing(key) as partial:
            for attempt in range(attempts):
                try:
                    engine.synthesize(text, settings, partial)
                    break
                except EngineError:
                    if attempt == attempts - 1:
                        raise
        return None
    except (EngineError, OSError) as err:
        if _disk_full(cache.root):  # an engine that cannot write its file says something else (or nothing)
            return f"no space left on the disk of the cache ({cache.root}); free some, or render with --no-cache"
        if isinstance(err, OSError):
            return f"cannot write the clip to the cache ({cache.root}): {err.strerror}"
        return f"{engine.name} could not speak with {settings.engine_voice}: {err}"


def _disk_full(folder: Path) -> bool:
    """Less than a megabyte free where the clips are written."""
    try:
        disk = os.statvfs(folder)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < 2**20


PARENT = "DRAMATIZE_RENDER_PID"  # a worker is told who started it
_child: int | None = None  # the fork speaking now, so a stopped worker takes it with it


def _stop(signum, _frame):
    """Ctrl-C or the render's terminate: end the process speaking now (a fork, or Festival, which
    a terminate sent to this worker alone does not reach), reap every child, leave."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the reaping short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for pid in children() or [_child]:
        try:
            if pid:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:  # every child this worker made, ended and reaped
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    os._exit(128 + signum)


def _speak_in_fork(engine, cache: ClipCache, text: str, settings: VoiceSettings, key: str) -> str | None:
    """_speak in a child process that starts from this worker's state, not from the last clip's;
    a failed clip is tried once more in a fresh child, as pristine as the first."""
    if not hasattr(os, "fork"):
        return _speak(engine, cache, text, settings, key)
    error = _one_fork(engine, cache, text, settings, key)
    return error and _one_fork(engine, cache, text, settings, key)


def _one_fork(engine, cache: ClipCache, text: str, settings: VoiceSettings, key: str) -> str | None:
    global _child
    read, write = os.pipe()
    stops = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)  # no stop between the fork and knowing the child
    pid = _child = os.fork()
    if pid == 0:  # the child: speak, report any error on the pipe, leave without cleanup
        for stop in stops:  # a stop ends it outright: its worker reports and reaps
            signal.signal(stop, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)
        os.close(read)
        die_with_parent()
        status = 1
        try:
            error = _speak(engine, cache, text, settings, key, attempts=1)
            os.write(write, (error or "").encode())
            status = 0
        except BaseException as err:  # noqa: BLE001 - whatever it was, its worker reports it
            os.write(write, f"the speech process failed: {type(err).__name__}: {err}".encode())
        finally:
            os._exit(status)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    _child = None
    if status != 0:
        return message or f"the speech process for this clip died (exit code {os.waitstatus_to_exitcode(status)})"
    return message or None


def worker_main():
    """One worker: read the clips, prepare the engine, speak them, report each as a JSON line.
    Stopped (Ctrl-C, or terminated by the render), it ends its fork first: nothing is left over."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    die_with_parent()  # a render killed outright (SIGKILL) takes its workers with it...
    if os.getppid() != int(os.environ.get(PARENT, os.getppid())):
        os._exit(1)  # ...even one that died before this worker could ask
    job = json.loads(sys.stdin.readline())
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever else writes to stdout (a driver's chatter) cannot mix with the results
    engine = create_engine(job["engine"])  # this worker's own
    cache = ClipCache(Path(job["cache"]), owner=os.getpid())  # forks write partials under the worker's id
    speak = _speak_in_fork if engine.stateful else _speak
    prepared = set()
    for line in sys.stdin:  # a clip at a time, until the render has no more for this engine
        key, raw_key, text, settings, shift_to, to_speak = json.loads(line)
        settings = VoiceSettings(**settings)
        error = None
        if to_speak:  # the engine speaks it (else its spoken clip is in the cache: only the shift)
            if settings.engine_voice not in prepared:
                try:
                    engine.prepare(settings.engine_voice)
                    prepared.add(settings.engine_voice)
                except EngineError as err:
                    error = f"{engine.name} could not load {settings.engine_voice}: {err}"
            error = error or speak(engine, cache, text, settings, raw_key)
        if key != raw_key:
            error = error or _shift(cache, raw_key, key, shift_to, text, settings.rate)
        print(json.dumps({"key": key, "error": error}), file=results, flush=True)


def _shift(cache: ClipCache, raw_key: str, key: str, pitch: int, text: str, rate: int) -> str | None:
    """The spoken clip `raw_key`, shifted to `pitch`, as the entry `key`."""
    try:
        with cache.writing(key) as partial:
            shift_pitch(cache.path(raw_key), partial, pitch)
            verify(partial, text, rate)
        return None
    except EngineError as err:
        return f"the pitch-shifted clip is unusable: {err}"
    except OSError as err:
        return f"cannot write the clip to the cache ({cache.root}): {err.strerror}"


def _start(engine_name: str, root: Path, running: list, results: queue.Queue) -> subprocess.Popen:
    """Start a worker of `engine_name`, list it in `running` and start its reader, as one step: a
    Ctrl-C between the fork and the listing would leave a worker nobody stops. Its clips are dealt
    to it afterwards (`_deal`)."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])),
               OMP_NUM_THREADS="1",  # the workers share the cores: a model runs on one thread each
               **{PARENT: str(os.getpid())})
    # stderr goes to a file, not a pipe: a worker that says much there while we read the
    # stdout of another could otherwise fill its pipe and stall.
    errors = tempfile.TemporaryFile("w+")
    with stops_deferred():
        process = subprocess.Popen([sys.executable, "-m", "dramatize.synthesis"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        process.errors = errors
        process.engine = engine_name
        process.owed = []  # the clips of each group dealt to it and not reported yet
        running.append(process)  # listed until it has finished, so a failure or a stop ends it too
        threading.Thread(target=_forward, args=(process, results), daemon=True).start()
    _send(process, json.dumps({"engine": engine_name, "cache": str(root)}))
    return process


def _deal(process: subprocess.Popen, dealer: Dealer):
    """The worker's next group of clips, or the end of its input when its engine has none left."""
    group = dealer.next_group(process.engine)
    if group is None:
        if not process.stdin.closed:
            try:
                process.stdin.close()
            except OSError:  # it died: its exit status says why
                pass
        return
    process.owed.append(len(group))
    _send(process, "\n".join(json.dumps(clip, ensure_ascii=False) for clip in group))


def _send(process: subprocess.Popen, lines: str):
    try:
        process.stdin.write(lines + "\n")
        process.stdin.flush()
    except OSError:  # the worker died (a broken pipe): its exit status says why, when its output closes
        pass


def _forward(process: subprocess.Popen, results: queue.Queue):
    """Pass a worker's result lines on as they come, then None when it closes its output: every
    worker is read at once (one whose pipe nobody read would stop at 64 kB and wait)."""
    try:
        for line in process.stdout:
            results.put((process, json.loads(line)))
    except ValueError:  # not a result line: the worker is broken, its exit status will say so
        pass
    finally:
        results.put((process, None))


WORDS_PER_SHARE = 150  # an engine's clips go to a second worker only with this many words for each:
# a worker loads its engine's model first (Kokoro about 2 s), worth it only for more than a few lines
AHEAD = 2  # groups of clips a worker holds: one to speak, one waiting, so it never waits for the next


class Dealer:
    """The clips to make, dealt to the workers a spoken clip (with its pitch shifts) at a time,
    longest first, to whichever worker of its engine has reported the one before: the workers
    finish within a short clip of each other, whatever each engine costs to load and speak.
    (Shares fixed beforehand by word count left Kokoro's five short lines to one worker at the
    end of the seed's render, 7 s with the other core idle: its model loads slowly.)

    Every engine gets a worker before any gets a second, so an engine with few lines is not
    left to the end; a second worker goes to the engine with most words left, with at least
    WORDS_PER_SHARE for each of its workers."""

    def __init__(self, missing: list[SynthRequest], to_speak: set[str]):
        groups: dict[str, dict[str, list[SynthRequest]]] = {}
        for request in sorted(missing, key=lambda r: r.key):
            groups.setdefault(request.settings.engine, {}).setdefault(request.raw_key, []).append(request)
        self.queues: dict[str, deque] = {}
        self.words: dict[str, int] = {}  # left to deal, by engine
        for engine, by_raw in groups.items():
            ordered = sorted(by_raw.values(), key=lambda group: -_words(group[0]))  # stable: key order
            self.queues[engine] = deque(_clips(group, to_speak) for group in ordered)
            self.words[engine] = sum(_words(group[0]) for group in ordered)
        self.workers: dict[str, int] = dict.fromkeys(self.queues, 0)

    def next_engine(self) -> str | None:
        """The engine a new worker should speak, or None when no engine needs one."""
        waiting = sorted(engine for engine, queue_ in self.queues.items() if queue_)
        fresh = [engine for engine in waiting if not self.workers[engine]]
        more = [engine for engine in waiting if self.words[engine] >= WORDS_PER_SHARE * (self.workers[engine] + 1)]
        chosen = max(fresh or more, key=lambda engine: self.words[engine], default=None)
        if chosen is not None:
            self.workers[chosen] += 1
        return chosen

    def next_group(self, engine: str) -> list | None:
        queue_ = self.queues[engine]
        if not queue_:
            return None
        group = queue_.popleft()
        self.words[engine] -= _word_count(group[0][2])
        return group

    def finished(self, engine: str):
        self.workers[engine] -= 1


def _clips(group: list[SynthRequest], to_speak: set[str]) -> list[list]:
    """A spoken clip's requests as the worker reads them; the engine speaks it for the first only."""
    speak = group[0].raw_key in to_speak
    return [[r.key, r.raw_key, r.text, asdict(r.settings), r.shift_to, speak and i == 0] for i, r in enumerate(group)]


def shares(missing: list[SynthRequest], count: int) -> list[tuple[str, list[SynthRequest]]]:
    """The clips to make, engine by engine, dealt into at most `count` shares; a spoken clip and its
    pitch shifts stay in one share, so it is spoken once. Longest first, each to the share with the
    fewest words yet, so the shares end together; the largest shares first, so the last to start are
    short and the workers finish together too."""
    by_engine: dict[str, dict[str, list[SynthRequest]]] = {}
    for request in sorted(missing, key=lambda r: r.key):
        by_engine.setdefault(request.settings.engine, {}).setdefault(request.raw_key, []).append(request)
    out = []
    for engine, groups in by_engine.items():
        # (words, group), most words first (stable: key order within a length)
        spoken = sorted(((_words(group[0]), group) for group in groups.values()), key=lambda item: -item[0])
        share = max(1, min(count, len(spoken), sum(words for words, _ in spoken) // WORDS_PER_SHARE))
        lightest = [(0, i) for i in range(share)]  # a heap of (words dealt, share)
        clips: list[list[SynthRequest]] = [[] for _ in range(share)]
        for words, group in spoken:
            dealt, i = heapq.heappop(lightest)
            clips[i] += group
            heapq.heappush(lightest, (dealt + words, i))
        out += [(dealt, engine, clips[i]) for dealt, i in sorted(lightest, key=lambda item: item[1])]
    return [(engine, clips) for _, engine, clips in sorted(out, key=lambda share: -share[0])]


def _words(request: SynthRequest) -> int:
    return _word_count(request.text)


def _word_count(text: str) -> int:
    return len(text.split()) + 1  # (+1: a clip of one word costs more than nothing)


def _finished(process: subprocess.Popen):
    """A worker that closed its output: fine if it exited cleanly, else its last word."""
    if process.wait() != 0:
        process.errors.seek(0)
        error = process.errors.read().strip()
        if error:
            raise DramatizeError(f"a speech worker failed: {error.splitlines()[-1]}")
        code = process.returncode
        raise DramatizeError(f"a speech worker was killed (signal {-code}; out of memory?)" if code < 0
                             else f"a speech worker failed (exit status {code})")
    process.errors.close()


class ClipPaths(dict):
    """{key: path} of a render's clips, where a clip that only needs its pitch shifted (its spoken
    clip is cached: a voice's pitch changed) may be left to make later (`deferred`): in this
    process, when the mix first asks for it, or before by a thread going `ahead` of the mix.
    The shifts run beside the encoders (processes of their own), which start at once, not in
    workers before the mix. A shifted clip is as long as its spoken clip
    (`deferred_lengths`): the timeline is laid out before any is made."""

    def __init__(self, paths: dict[str, Path], cache: ClipCache | None = None, deferred=()):
        super().__init__(paths)
        self.cache = cache
        self.deferred = {r.key: r for r in deferred}
        self._locks = {key: threading.Lock() for key in self.deferred}
        self._stop = threading.Event()
        self._ahead: threading.Thread | None = None

    def __missing__(self, key: str) -> Path:
        request = self.deferred.get(key)
        if request is None:
            raise KeyError(key)
        with self._locks[key]:  # made once, whichever thread asks first; the other waits for it
            if not dict.__contains__(self, key):
                error = _shift(self.cache, request.raw_key, key, request.shift_to, request.text, request.settings.rate)
                if error:
                    raise DramatizeError(error, request.origin)
                self[key] = self.cache.path(key)
        return dict.__getitem__(self, key)

    def deferred_lengths(self, rate: int) -> dict[str, int]:
        """The deferred clips' lengths in samples at `rate`: their spoken clips'."""
        from dramatize.effects import clip_length

        return {key: clip_length(self.cache.path(r.raw_key), rate) for key, r in self.deferred.items()}

    def ahead(self, order: list[str]):
        """Make the deferred clips in `order` (the mix's), in a thread, until all are made or `close`."""
        def run():
            for key in order:
                if self._stop.is_set():
                    return
                try:
                    self[key]
                except Exception:  # noqa: BLE001 - the mix asks for it again, and says what went wrong
                    return

        if self.deferred:
            self._ahead = threading.Thread(target=run, daemon=True)
            self._ahead.start()

    def close(self):
        """Stop making clips ahead (the one being made is finished: no partial entry is left)."""
        self._stop.set()
        if self._ahead is not None:
            self._ahead.join()


def synthesize_all(requests, cache: ClipCache, workers: int, progress=None, defer_shifts: bool = False):
    """Make sure every request has a clip in the cache. Returns (ClipPaths, stats); with
    `defer_shifts`, the clips that only need a pitch shift are made when the ClipPaths is asked for
    them (see ClipPaths), not here."""
    stats = SynthStats(requested=len(requests))
    unique: dict[str, SynthRequest] = {}
    for request in requests:
        unique.setdefault(request.key, request)
    damaged_before = cache.damaged
    paths = cache.found(unique)
    missing = [request for key, request in unique.items() if key not in paths]
    reshifted = [r for r in missing if r.key != r.raw_key and cache.get(r.raw_key) is not None]
    to_speak = {r.raw_key for r in missing} - {r.raw_key for r in reshifted}  # raw clips the engines make
    stats.damaged = cache.damaged - damaged_before
    stats.unique = len(unique)
    stats.cached = len(unique) - len(missing)
    stats.synthesized = len(to_speak)
    stats.shifted = len(reshifted)
    deferred = reshifted if defer_shifts else []
    later = {r.key for r in deferred}
    missing = [r for r in missing if r.key not in later]
    if progress:
        progress.start("synthesis", len(missing))

    dealer = Dealer(missing, to_speak)
    running: list[subprocess.Popen] = []
    results: queue.Queue = queue.Queue()
    cache.root.mkdir(parents=True, exist_ok=True)
    try:
        while True:
            started = []  # every free core's worker chosen before any is dealt clips, and dealt in turn
            while len(running) < max(1, workers) and (engine_name := dealer.next_engine()):
                started.append(_start(engine_name, cache.root, running, results))
            for _ in range(AHEAD):
                for process in started:
                    _deal(process, dealer)
            if not running:
                break
            process, result = results.get()
            if result is None:
                _finished(process)
                running.remove(process)
                dealer.finished(process.engine)
                continue
            if result["error"]:
                raise DramatizeError(result["error"], unique[result["key"]].origin)
            paths[result["key"]] = cache.path(result["key"])
            process.owed[0] -= 1
            if not process.owed[0]:  # a group done: deal it the next
                process.owed.pop(0)
                _deal(process, dealer)
            if progress:
                progress.advance()
    finally:
        for process in running:  # asked first, so a worker can end its fork; then told
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.errors.close()
            # A clip can be written from a thread (espeak-ng) or a fork that outlives the worker.
            cache.remove_partials(process.pid)
    if progress:
        progress.finish()
    return ClipPaths(paths, cache, deferred), stats


if __name__ == "__main__":
    worker_main()
