"""Processes that must not outlive the one that started them: a worker, a speech fork or a
Festival process left running by a stopped render would keep a core busy and write into the cache."""

import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

STOPS = (signal.SIGINT, signal.SIGTERM)


def cores() -> int:
    """The cores this process may run on: how many workers speak, or encoders encode, at once."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class Terminated(KeyboardInterrupt):
    """A `kill` (SIGTERM): stopped as a Ctrl-C stops, everything cleaned up on the way out."""


def _terminate(_signum, _frame):
    raise Terminated


@contextmanager
def stops_as_interrupts():
    """While the block runs, SIGTERM unwinds like Ctrl-C instead of killing the process outright,
    which would leave its workers speaking and its temporary files behind."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread takes signals in Python
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def stops_deferred():
    """A Ctrl-C or SIGTERM during the block arrives when it ends: a process started inside is
    known to its starter (and so stopped with the rest) before anything can interrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = {stop: signal.signal(stop, lambda signum, _frame: caught.append(signum)) for stop in STOPS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        for stop in caught[:1]:
            signal.raise_signal(stop)  # as it would have arrived, under the usual handler


def children() -> list[int]:
    """The living children of this process's main thread, on Linux (elsewhere, none known)."""
    try:
        return [int(pid) for pid in Path(f"/proc/self/task/{os.getpid()}/children").read_text().split()]
    except OSError:
        return []


def die_with_parent():
    """On Linux, the calling process is killed when its parent ends (elsewhere, nothing)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
