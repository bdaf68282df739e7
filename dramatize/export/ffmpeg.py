"""ffmpeg as a child process: the pipe we feed it and the one line its failure becomes."""

from __future__ import annotations

import fcntl

from dramatize.errors import DramatizeError


def widen(pipe):
    """Let a pipe to ffmpeg hold 1 MiB, where Linux gives 64 KiB: fewer, larger writes, so the
    writing thread needs the GIL only a few times per block."""
    try:
        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, AttributeError):
        pass


def check(status: int, error: bytes, where: str):
    """ffmpeg's end. Any message fails it, not only its exit status: ffmpeg 5.1 exits with 0
    when it could not write its file's end ("Error writing trailer: No space left on device")."""
    message = error.decode(errors="replace").strip()
    if status != 0 or message:
        reason = message.splitlines()[-1] if message else "no message"
        if "No space left" in message:
            reason = "No space left on device"
        raise DramatizeError(f"ffmpeg failed: {reason}", where)
