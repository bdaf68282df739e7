"""Write the mastered stream to an audio file with chapters, tags and cover, atomically.

ffmpeg does the encoding (one call; it reads a Matroska stream of float samples, chapters
and cover on stdin while we mix, so the two cores work at once). WAV is written here
directly, because ffmpeg's WAV muxer writes no cue markers. The file is written under a
temporary name and renamed with the render's other outputs (outputs.py).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from threading import Event, Thread

from dramatize.errors import DramatizeError
from dramatize.export import matroska
from dramatize.export.wav import WavWriter
from dramatize.timing import MIX_RATE, milliseconds, stamp


@dataclass(frozen=True)
class Container:
    muxer: str
    codec: tuple[str, ...]
    rate: int = MIX_RATE
    cover: bool = False
    brand: str | None = None
    vorbis_chapters: bool = False  # write chapters as CHAPTERnnn comments (see opus below)


CONTAINERS = {
    # AAC's "fast" coder is about three times quicker than the default for speech at this rate,
    # with no audible loss at 96 kb/s stereo (see NOTES: 70 s vs 20 s for 30 minutes).
    ".m4b": Container("ipod", ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k"), cover=True, brand="M4B "),
    ".m4a": Container("ipod", ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k"), cover=True),
    ".mp3": Container("mp3", ("-c:a", "libmp3lame", "-b:a", "96k", "-id3v2_version", "3"), cover=True),
    # ffmpeg 5.1 rounds chapter times in Ogg comments and writes none to FLAC: we write the
    # CHAPTERnnn comments ourselves, to the millisecond.
    ".opus": Container("ogg", ("-c:a", "libopus", "-b:a", "64k", "-application", "voip"), rate=48000,
                       vorbis_chapters=True),
    ".flac": Container("flac", ("-c:a", "flac",), vorbis_chapters=True),
    ".mka": Container("matroska", ("-c:a", "libopus", "-b:a", "64k"), rate=48000),
    ".wav": Container("wav", ()),
}


def supported() -> str:
    return ", ".join(CONTAINERS)


def container_for(path: Path) -> Container:
    container = CONTAINERS.get(path.suffix.lower())
    if container is None:
        raise DramatizeError(f"unsupported output format '{path.suffix}'; use one of {supported()}", str(path))
    return container


def require_ffmpeg():
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            raise DramatizeError(f"{tool} is not installed; install it (Debian: sudo apt-get install ffmpeg)")


def vorbis_chapter_args(chapters, rate: int) -> list[str]:
    args = []
    for i, chapter in enumerate(chapters, start=1):
        args += ["-metadata", f"CHAPTER{i:03d}={stamp(milliseconds(chapter.start, rate))}",
                 "-metadata", f"CHAPTER{i:03d}NAME={chapter.title}"]
    return args


def _pipe(head: bytes, blocks, rate: int, stdin):
    """Feed the Matroska stream to ffmpeg from a second thread, so that making the next block
    and encoding the last one overlap instead of taking turns at the pipe. The pipe is widened
    to 1 MiB so the writer needs the GIL only a few times per block."""
    try:
        fcntl.fcntl(stdin.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, AttributeError):
        pass
    queue: Queue = Queue(maxsize=4)
    failure: list[BaseException] = []
    stopped = Event()

    def feed():
        try:
            stdin.write(head)
            while (parts := queue.get()) is not None:
                for part in parts:
                    stdin.write(part)
        except BrokenPipeError:
            pass  # ffmpeg stopped early: its own error message is read afterwards
        except BaseException as err:  # noqa: BLE001 - handed to the main thread
            failure.append(err)
        finally:
            stopped.set()
            try:
                stdin.close()
            except BrokenPipeError:
                pass
            while queue.get() is not None:  # keep draining so the producer never blocks
                pass

    writer = Thread(target=feed, daemon=True)
    writer.start()
    try:
        position = 0
        for block in blocks:
            if stopped.is_set():
                break  # ffmpeg is gone: mixing the rest would be wasted
            queue.put(matroska.cluster(block, position, rate))
            position += block.shape[1]
    finally:
        queue.put(None)  # ends the writing loop (or the draining, if the writer stopped early)
        queue.put(None)  # ends the draining
        writer.join()
    if failure:
        raise failure[0]


def _media_type(image: Path) -> str:
    return "image/jpeg" if image.suffix.lower() in (".jpg", ".jpeg") else "image/png"


def write_audio(path: Path, temp: Path, blocks, rate: int, tags: dict[str, str], chapters, cover: Path | None = None):
    """Consume (2, n) float32 blocks at `rate` and write them, with chapters and tags, to `temp`:
    the file that becomes `path` (outputs.py) once everything the command writes is complete."""
    container = container_for(path)
    if container.muxer == "wav":
        try:
            with WavWriter(temp, rate) as writer:
                for block in blocks:
                    writer.write(block)
                writer.add_markers([(c.start, c.title) for c in chapters])
        except OSError as err:
            raise DramatizeError(f"cannot write the audio: {err.strerror}", str(path)) from None
        return
    require_ffmpeg()
    image = (_media_type(cover), cover.read_bytes()) if cover and container.cover else None
    head = matroska.header(rate, 2, [] if container.vorbis_chapters else chapters, image)
    # The file's tags are given below; none of the stream's own (its writer's name) pass through.
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "matroska", "-i", "pipe:0",
               "-map", "0:a", "-map_metadata:g", "-1"]
    if image:
        command += ["-map", "0:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
    command += list(container.codec) + ["-ar", str(container.rate), "-ac", "2"]
    for key, value in tags.items():
        if value:
            command += ["-metadata", f"{key}={value}"]
    if container.vorbis_chapters:
        command += vorbis_chapter_args(chapters, rate)
    if container.brand:
        command += ["-brand", container.brand]
    if container.muxer == "ipod":
        command += ["-movflags", "+faststart"]
    command += ["-f", container.muxer, str(temp)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _pipe(head, blocks, rate, process.stdin)
    except BaseException:
        process.kill()
        process.wait()
        raise
    error = process.stderr.read().decode(errors="replace").strip()
    status = process.wait()
    # ffmpeg 5.1 exits with 0 when it could not write its file's end ("Error writing trailer: No
    # space left on device"): any error it reports fails the render, and what it wrote is read back.
    if status != 0 or error:
        reason = error.splitlines()[-1] if error else "no message"
        if "No space left" in error:
            reason = "No space left on device"
        raise DramatizeError(f"ffmpeg failed: {reason}", str(path))
    _verify(temp, path)


def _verify(temp: Path, path: Path):
    """The encoded file reads back: a container whose end was never written does not."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(temp)],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stderr.strip() or not probe.stdout.strip():
        message = (probe.stderr.strip().splitlines() or ["no duration"])[-1]
        raise DramatizeError(f"the encoded file does not read back ({message})", str(path))
