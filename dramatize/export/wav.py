"""A streaming 16-bit stereo WAV writer with cue markers and labels a DAW reads
(`cue ` chunk plus a `LIST`/`adtl` of `labl` chunks, as Audacity, Reaper and others import)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


class WavWriter:
    def __init__(self, path: Path, rate: int, channels: int = 2):
        self.path = path
        self.rate = rate
        self.channels = channels
        self.frames = 0
        self.markers: list[tuple[int, str]] = []

    def __enter__(self):
        self.file = open(self.path, "wb")
        self.file.write(b"RIFF\0\0\0\0WAVE")
        block_align = 2 * self.channels
        self.file.write(b"fmt " + struct.pack("<IHHIIHH", 16, 1, self.channels, self.rate,
                                              self.rate * block_align, block_align, 16))
        self.file.write(b"data\0\0\0\0")
        return self

    def write(self, block: np.ndarray):
        pcm = np.clip(np.round(block.T * 32767.0), -32768, 32767).astype("<i2")
        self.file.write(pcm.tobytes())
        self.frames += block.shape[1]

    def add_markers(self, markers: list[tuple[int, str]]):
        self.markers = markers

    def __exit__(self, kind, value, tb):
        data_bytes = self.frames * 2 * self.channels
        if data_bytes % 2:
            self.file.write(b"\0")
        if self.markers:
            cue = struct.pack("<I", len(self.markers))
            for i, (sample, _) in enumerate(self.markers, start=1):
                cue += struct.pack("<II4sIII", i, sample, b"data", 0, 0, sample)
            self.file.write(b"cue " + struct.pack("<I", len(cue)) + cue)
            adtl = b"adtl"
            for i, (_, label) in enumerate(self.markers, start=1):
                text = label.encode("utf-8") + b"\0"
                if len(text) % 2:
                    text += b"\0"
                adtl += b"labl" + struct.pack("<II", 4 + len(text.rstrip(b"\0")) + 1, i) + text
            self.file.write(b"LIST" + struct.pack("<I", len(adtl)) + adtl)
        end = self.file.tell()
        self.file.seek(4)
        self.file.write(struct.pack("<I", end - 8))
        self.file.seek(40)
        self.file.write(struct.pack("<I", data_bytes))
        self.file.close()
        return False


def read_markers(path: Path) -> list[tuple[int, str]]:
    """The (sample, label) markers of a WAV file: what a DAW would show."""
    data = Path(path).read_bytes()
    position, positions, labels = 12, {}, {}
    while position + 8 <= len(data):
        chunk, size = data[position:position + 4], struct.unpack("<I", data[position + 4:position + 8])[0]
        body = data[position + 8:position + 8 + size]
        if chunk == b"cue ":
            for i in range(struct.unpack("<I", body[:4])[0]):
                ident, _, _, _, _, offset = struct.unpack("<II4sIII", body[4 + 24 * i:28 + 24 * i])
                positions[ident] = offset
        elif chunk == b"LIST" and body[:4] == b"adtl":
            sub = 4
            while sub + 8 <= len(body):
                sub_id, sub_size = body[sub:sub + 4], struct.unpack("<I", body[sub + 4:sub + 8])[0]
                if sub_id == b"labl":
                    ident = struct.unpack("<I", body[sub + 8:sub + 12])[0]
                    labels[ident] = body[sub + 12:sub + 8 + sub_size].split(b"\0")[0].decode("utf-8")
                sub += 8 + sub_size + (sub_size % 2)
        position += 8 + size + (size % 2)
    return [(positions[i], labels.get(i, "")) for i in sorted(positions)]
