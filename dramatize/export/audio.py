"""Write the mastered stream to an audio file with chapters, tags and cover, atomically.

ffmpeg does the encoding. AAC (.m4b, .m4a) is encoded in pieces on every core at once
(aac.py), then put into its container by stream copy; the other formats in one ffmpeg call
that reads a Matroska stream of float samples, chapters and cover on stdin while we mix,
so mixing and encoding run at once. WAV is written here
directly, because ffmpeg's WAV muxer writes no cue markers. The file is written under a
temporary name and renamed with the render's other outputs (outputs.py).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from threading import Event, Thread

import numpy as np

from dramatize.errors import DramatizeError, writing
from dramatize.export import aac, matroska
from dramatize.export.ffmpeg import check, widen
from dramatize.export.wav import WavWriter
from dramatize.lifetime import cores
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
    (see widen)."""
    widen(stdin)
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


def write_audio(path: Path, temp: Path, blocks, rate: int, tags: dict[str, str], chapters, cover: Path | None = None,
                workers: int | None = None):
    """Consume (2, n) float32 blocks at `rate` and write them, with chapters and tags, to `temp`:
    the file that becomes `path` (outputs.py) once everything the command writes is complete.
    AAC is encoded on `workers` cores at once (default: every core)."""
    container = container_for(path)
    if container.muxer == "wav":
        with writing("the audio", str(path)), WavWriter(temp, rate) as writer:
            for block in blocks:
                writer.write(block)
            writer.add_markers([(c.start, c.title) for c in chapters])
        return
    require_ffmpeg()
    image = (_media_type(cover), cover.read_bytes()) if cover and container.cover else None
    head = matroska.header(rate, 2, [] if container.vorbis_chapters else chapters, image)
    if container.muxer == "ipod":
        _write_aac(path, temp, blocks, rate, container, tags, head, image is not None, workers or cores())
    else:
        command = _command(container, tags, chapters, rate, temp, ["-f", "matroska", "-i", "pipe:0"],
                           [*container.codec, "-ar", str(container.rate), "-ac", "2"], image is not None, side=0)
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            _pipe(head, blocks, rate, process.stdin)
        except BaseException:
            process.kill()
            process.wait()
            raise
        error = process.stderr.read()
        check(process.wait(), error, str(path))
    _verify(temp, path)


def _write_aac(path: Path, temp: Path, blocks, rate: int, container: Container, tags: dict[str, str], head: bytes,
               image: bool, workers: int):
    """AAC in pieces on every core (aac.py), then put into the MP4 by stream copy with the
    chapters, tags and cover, which come from a Matroska file beside it. (Both are files: ffmpeg
    read the same frames from a pipe beside a second input 60 times slower.) The pieces are
    written beside `temp`, on the output's disk, and removed with it (outputs.py)."""
    folder = temp.with_name(temp.name + ".pieces")
    with writing("the audio", str(path)):
        folder.mkdir()
    try:
        stream = aac.encode(blocks, rate, (*container.codec, "-ar", str(container.rate)), workers, folder, str(path))
        side = folder / "chapters.mkv"
        with writing("the audio", str(path)):
            # (with a moment of silence: ffmpeg will not read a Matroska stream with no audio at all)
            side.write_bytes(head + b"".join(matroska.cluster(np.zeros((2, aac.FRAME), np.float32), 0, rate)))
        # The priming frame before time zero and the last frame's true length, as one encoder
        # marks them, so that players trim both (the MP4's edit list).
        last = stream.samples - (stream.frames - 2) * aac.FRAME
        timing = f"setts=ts=TS-{aac.FRAME}:duration=if(eq(N\\,{stream.frames - 1})\\,{last}\\,DURATION)"
        command = _command(container, tags, [], rate, temp,
                           ["-f", "aac", "-i", str(stream.path), "-f", "matroska", "-i", str(side)],
                           ["-c:a", "copy", "-bsf:a", timing], image, side=1)
        process = subprocess.run(command, stderr=subprocess.PIPE)
        check(process.returncode, process.stderr, str(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _command(container: Container, tags: dict[str, str], chapters, rate: int, temp: Path, inputs: list[str],
             audio: list[str], image: bool, side: int) -> list[str]:
    """ffmpeg reading `inputs` (the audio first), writing `temp` with the chapters and cover of
    input `side`, the tags given (none of the stream's own, such as its writer's name) and
    Ogg/FLAC's chapter comments from `chapters`."""
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *inputs,
               "-map", "0:a", "-map_metadata:g", "-1", "-map_chapters", str(side)]
    if image:
        command += ["-map", f"{side}:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
    command += audio
    for key, value in tags.items():
        if value:
            command += ["-metadata", f"{key}={value}"]
    if container.vorbis_chapters:
        command += vorbis_chapter_args(chapters, rate)
    if container.brand:
        command += ["-brand", container.brand]
    if container.muxer == "ipod":
        command += ["-movflags", "+faststart"]
    return command + ["-f", container.muxer, str(temp)]


def _verify(temp: Path, path: Path):
    """The encoded file reads back: a container whose end was never written does not."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(temp)],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stderr.strip() or not probe.stdout.strip():
        message = (probe.stderr.strip().splitlines() or ["no duration"])[-1]
        raise DramatizeError(f"the encoded file does not read back ({message})", str(path))
