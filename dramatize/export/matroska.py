"""A streaming Matroska writer: float PCM, chapters and a cover in one stream for ffmpeg's stdin.

Why not hand ffmpeg the chapters as a second input file: with more than one input, ffmpeg
reads each in a thread of its own, and encoding the seed took 6 % longer than from one input
(12.4 s against 11.7 s). One Matroska stream carries everything, and ffmpeg reads it as fast
as a file. Only the elements ffmpeg needs are written (Matroska is RFC 9559); no Python
library writes Matroska as a stream, and these few elements are simple.
"""

from __future__ import annotations

import struct

import numpy as np

UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"  # the segment's size is not known while streaming
TIMESTAMP_SCALE = 1_000_000  # nanoseconds per timestamp unit: cluster times in milliseconds


def _size(n: int) -> bytes:
    """An EBML variable-length size: the shortest form that holds n."""
    for length in range(1, 9):
        if n < (1 << (7 * length)) - 1:
            return (n | (1 << (7 * length))).to_bytes(length, "big")
    raise ValueError(f"element too large: {n} bytes")


def element(ident: int, payload: bytes) -> bytes:
    return ident.to_bytes((ident.bit_length() + 7) // 8, "big") + _size(len(payload)) + payload


def uint(ident: int, value: int) -> bytes:
    return element(ident, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def text(ident: int, value: str) -> bytes:
    return element(ident, value.encode("utf-8"))


def header(rate: int, channels: int, chapters, cover: tuple[str, bytes] | None = None) -> bytes:
    """Everything before the audio: file header, segment info, the track, chapters, cover.
    `chapters` have .title, .start and .end in samples; `cover` is (media type, image bytes)."""
    def ns(samples: int) -> int:
        return round(samples * 1_000_000_000 / rate)

    ebml = element(0x1A45DFA3, uint(0x4286, 1) + uint(0x42F7, 1) + uint(0x42F2, 4) + uint(0x42F3, 8)
                   + text(0x4282, "matroska") + uint(0x4287, 4) + uint(0x4285, 2))
    info = element(0x1549A966, uint(0x2AD7B1, TIMESTAMP_SCALE) + text(0x4D80, "dramatize") + text(0x5741, "dramatize"))
    audio = element(0xE1, element(0xB5, struct.pack(">d", rate)) + uint(0x9F, channels) + uint(0x6264, 32))
    tracks = element(0x1654AE6B, element(0xAE, uint(0xD7, 1) + uint(0x73C5, 1) + uint(0x83, 2)
                                         + text(0x86, "A_PCM/FLOAT/IEEE") + audio))
    atoms = b"".join(
        element(0xB6, uint(0x73C4, i) + uint(0x91, ns(c.start)) + uint(0x92, ns(c.end))
                + element(0x80, text(0x85, c.title) + text(0x437C, "eng")))
        for i, c in enumerate(chapters, start=1))
    out = ebml + b"\x18\x53\x80\x67" + UNKNOWN_SIZE + info + tracks
    if atoms:
        out += element(0x1043A770, element(0x45B9, atoms))
    if cover:
        media_type, data = cover
        name = "cover." + media_type.split("/")[-1]
        out += element(0x1941A469, element(0x61A7, text(0x466E, name) + text(0x4660, media_type)
                                            + element(0x465C, data) + uint(0x46AE, 1)))
    return out


def cluster(block: np.ndarray, start: int, rate: int) -> tuple[bytes, bytes]:
    """A (channels, n) float block beginning at sample `start`, as one cluster holding one
    block: (the cluster's head, the samples), written one after the other without a copy."""
    samples = np.ascontiguousarray(block.T, dtype="<f4").tobytes()
    block_head = b"\x81\x00\x00\x80"  # track 1, no time offset, a keyframe
    simple_block = b"\xa3" + _size(len(block_head) + len(samples)) + block_head
    timestamp = uint(0xE7, start * 1000 // rate)
    body = len(timestamp) + len(simple_block) + len(samples)
    return b"\x1f\x43\xb6\x75" + _size(body) + timestamp + simple_block, samples
