"""AAC encoded on every core at once: the drama cut into pieces, each encoded by an ffmpeg of its
own, and their frames joined without a seam.

Why: one ffmpeg encodes AAC on one core, and after speech it is a render's slowest step (about
12 s of a core for the seed's 31 minutes). An AAC frame holds 1024 samples and is decoded by
overlapping half of its neighbour. A piece is encoded from PRE_ROLL before its start, so the
encoder is in step there, to TAIL after its end, so its look-ahead sees what follows; from its
start on, its frames are those one encoder of the whole would make, up to rounding, and decode
seamlessly after the previous piece's. Measured on the seed's nine joins: the coding error
around a join is 0.99 of one encoder's on average (at most 1.09; with 2 frames of pre-roll,
1.17 and 1.40), and the first piece's frames are byte-identical to one encoder's.

The cuts fall every SEGMENT samples on every machine, so the file is the same everywhere: the
number of cores only decides how many pieces are encoded at once. Pieces are written as ADTS
(frames behind a 7-byte header, easy to cut); audio.py puts the joined frames into the MP4 by
stream copy.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from threading import Condition, Event

import numpy as np

from dramatize.errors import DramatizeError, writing
from dramatize.export.ffmpeg import check, widen

FRAME = 1024  # samples in an AAC frame
PRE_ROLL = 32 * FRAME  # encoded before a piece and dropped: the encoder's rate control has settled
TAIL = 4 * FRAME  # encoded after a piece and dropped: the encoder's look-ahead sees past its end
SEGMENT = 8192 * FRAME  # about 3 minutes at 44.1 kHz
BUDGET = 128 << 20  # bytes of mixed audio waiting for encoders, at most (12 minutes of stereo float)


@dataclass(frozen=True)
class Stream:
    """An ADTS file of joined frames: the priming frame one encoder starts with, then every sample's."""
    path: Path
    frames: int
    samples: int  # the audio's own length, without the priming and the last frame's padding


class _Budget:
    """The mix may run ahead of the encoders by `limit` bytes: enough to keep every core
    encoding, not so much that a long drama's audio waits in memory."""

    def __init__(self, limit: int):
        self._limit, self._pending, self._changed = limit, 0, Condition()

    def take(self, size: int):
        with self._changed:
            self._changed.wait_for(lambda: self._pending == 0 or self._pending + size <= self._limit)
            self._pending += size

    def give(self, size: int):
        with self._changed:
            self._pending -= size
            self._changed.notify_all()


class _Piece:
    """Samples [start, end) of the drama, encoded by one ffmpeg into `path`."""

    def __init__(self, start: int, end: int, path: Path, command: list[str], budget: _Budget, failed: Event,
                 where: str):
        self.start, self.end, self._where = start, end, where
        self.fed_from = max(0, start - PRE_ROLL)
        self.path, self._command, self._budget, self._failed = path, command, budget, failed
        self._queue: Queue = Queue()
        self._process: subprocess.Popen | None = None
        self._stopped = Event()
        self.closed = False

    def feed(self, block: np.ndarray, position: int):
        """Hand over the part of a (2, n) block at `position` that this piece's encoder reads."""
        low, high = max(position, self.fed_from), min(position + block.shape[1], self.end + TAIL)
        if low < high:
            data = np.ascontiguousarray(block[:, low - position:high - position].T, dtype=np.float32).tobytes()
            self._budget.take(len(data))
            self._queue.put(data)

    def close(self):
        """Nothing more to feed: the encoder finishes, and its core takes the next piece."""
        if not self.closed:
            self.closed = True
            self._queue.put(None)

    def stop(self):
        """Stop encoding (the render failed): what is queued is discarded."""
        self._stopped.set()
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    def encode(self):
        """Run in the pool: start ffmpeg (unless the render already failed) and write it every
        queued part; what it cannot take is still taken off the queue, so the mix never waits."""
        if not (self._failed.is_set() or self._stopped.is_set()):
            self._process = subprocess.Popen(self._command + [str(self.path)], stdin=subprocess.PIPE,
                                             stderr=subprocess.PIPE)
            widen(self._process.stdin)
            if self._stopped.is_set():  # stopped while it started
                self._process.kill()
        writing = self._process is not None
        while (data := self._queue.get()) is not None:
            if writing:
                try:
                    self._process.stdin.write(data)
                except (BrokenPipeError, OSError):
                    writing = False  # ffmpeg stopped: its own message is read below
                    self._failed.set()  # and the mix stops
            self._budget.give(len(data))
        if self._process is None:
            return
        try:
            self._process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        error = self._process.stderr.read()
        status = self._process.wait()
        if status != 0 or error:
            self._failed.set()
        if not self._stopped.is_set():
            check(status, error, self._where)

    def kept(self, length: int) -> list[bytes]:
        """This piece's own frames, in a drama of `length` samples: the first piece keeps the
        priming frame; the others drop theirs and the pre-roll's; the last keeps the padding."""
        frames = adts_frames(self.path.read_bytes(), self._where)
        first = self.start == 0
        skip = 0 if first else (self.start - self.fed_from) // FRAME + 1
        if self.end >= length:
            return frames[skip:]
        return frames[skip:skip + (self.end - self.start) // FRAME + first]


def adts_frames(data: bytes, where: str) -> list[bytes]:
    """The frames of an ADTS stream (each behind a header giving its length in bytes)."""
    frames, at = [], 0
    while at < len(data):
        if len(data) - at < 7 or data[at] != 0xFF or data[at + 1] & 0xF6 != 0xF0:
            raise DramatizeError(f"ffmpeg wrote a broken AAC stream (at byte {at})", where)
        size = (data[at + 3] & 0x03) << 11 | data[at + 4] << 3 | data[at + 5] >> 5
        frames.append(data[at:at + size])
        at += size
    return frames


def encode(blocks, rate: int, codec: tuple[str, ...], workers: int, folder: Path, where: str,
           segment: int | None = None) -> Stream:
    """Encode (2, n) float32 blocks at `rate` with ffmpeg's `codec` arguments, in pieces of
    `segment` samples (a multiple of FRAME; default SEGMENT), on `workers` cores at once. The
    pieces and the joined stream are written into `folder`; errors name `where` (the output)."""
    segment = segment or SEGMENT
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "f32le", "-ar", str(rate),
               "-ac", "2", "-i", "pipe:0", *codec, "-f", "adts"]
    budget, failed = _Budget(BUDGET), Event()
    pieces: list[_Piece] = []
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="aac") as pool:
        done = []
        try:
            position = 0
            for block in blocks:
                at, position = position, position + block.shape[1]
                while not pieces or pieces[-1].end - PRE_ROLL < position:  # the next piece's pre-roll begins
                    start = len(pieces) * segment
                    pieces.append(_Piece(start, start + segment, folder / f"{len(pieces)}.aac", command, budget,
                                         failed, where))
                    done.append(pool.submit(pieces[-1].encode))
                for piece in pieces:
                    if not piece.closed:
                        piece.feed(block, at)
                        if position >= piece.end + TAIL:
                            piece.close()  # so that its core can take the next piece
                if failed.is_set():
                    break
        except BaseException:
            for piece in pieces:
                piece.stop()
            raise
        finally:
            for piece in pieces:
                piece.close()
        for future in done:
            future.result()  # the first failure, in the drama's order
    frames = 0
    with writing("the audio", where), open(folder / "joined.aac", "wb") as joined:
        for piece in pieces:
            if piece.start < position or piece.start == 0:  # (not one whose pre-roll only was fed)
                kept = piece.kept(position)
                joined.write(b"".join(kept))
                frames += len(kept)
    if frames != -(-position // FRAME) + 1:
        raise RuntimeError(f"AAC pieces joined into {frames} frames for {position} samples")
    return Stream(folder / "joined.aac", frames, position)
