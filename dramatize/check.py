"""Read a rendered file back, as a listener's player would: duration, chapters, tags,
loudness and true peak of the encoded audio, and whether a preset's limits hold.

The whole file is decoded, not only its header read: a file cut short (a copy that stopped, a
full disk) still claims its full length in its header, and is caught by comparing what decodes
with what the container and the chapters claim, and by ffmpeg's own decoding errors."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from dramatize.errors import DramatizeError
from dramatize.export.audio import require_ffmpeg
from dramatize.master import Preset
from dramatize.timing import clock


@dataclass
class Report:
    path: Path
    duration: float
    channels: int
    sample_rate: int
    codec: str
    chapters: list[tuple[float, float, str]]
    tags: dict[str, str]
    loudness: float  # integrated LUFS
    true_peak: float  # dBTP
    rms: float  # dB, unweighted, as ACX measures
    decoded: float  # seconds of audio that actually decode
    errors: list[str]  # what ffmpeg reported while decoding
    structure: list[str] = field(default_factory=list)  # what reading the container frame by frame found

    def damage(self) -> list[str]:
        """What is wrong with the file itself, whatever the preset."""
        found = []
        if abs(self.decoded - self.duration) > max(0.5, 0.01 * self.duration):
            found.append(f"only {clock(self.decoded)} of the {clock(self.duration)} its header claims decodes: "
                         f"the file is cut short or damaged")
        late = [title for start, end, title in self.chapters if start > self.decoded + 0.5]
        if late:
            found.append(f"{len(late)} chapter(s) start after the audio that decodes ends ({late[0]!r} first)")
        if self.errors:
            found.append(f"ffmpeg reports while decoding: {self.errors[0]}"
                         + (f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""))
        return found + self.structure

    def problems(self, preset: Preset) -> list[str]:
        """Where the preset's limits do not hold."""
        found = []
        level = self.loudness if preset.measure == "lufs" else self.rms
        if abs(level - preset.target) > 1.0:
            found.append(f"level {level:.1f} {preset.unit} is not within 1 dB of the target {preset.target:g}")
        if self.true_peak > preset.peak_limit_db:
            found.append(f"true peak {self.true_peak:.1f} dBTP is above {preset.peak_limit_db:g}")
        if preset.rms_range and not preset.rms_range[0] <= self.rms <= preset.rms_range[1]:
            found.append(f"RMS {self.rms:.1f} dB is outside {preset.rms_range[0]:g} to {preset.rms_range[1]:g}")
        return found


def probe(path: Path) -> dict:
    require_ffmpeg()
    if not path.is_file():
        raise DramatizeError("no such file", str(path))
    result = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters",
                             "-of", "json", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise DramatizeError(f"ffprobe cannot read it: {result.stderr.strip().splitlines()[-1:]}", str(path))
    return json.loads(result.stdout)


def measure(path: Path) -> tuple[float, float, float, int, list[str]]:
    """(integrated LUFS, true peak dBTP, RMS dB, samples decoded, decoding errors) of the whole
    file, by ffmpeg's own meters."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-nostdin", "-i", str(path), "-map", "0:a",
         "-af", "ebur128=peak=true:framelog=verbose,"
                "astats=measure_perchannel=none:measure_overall=RMS_level+Number_of_samples",
         "-f", "null", "-"], capture_output=True, text=True)
    text = result.stderr
    loudness = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", text)
    peak = re.findall(r"Peak:\s+(-?[\d.]+|-inf) dBFS", text)
    rms = re.findall(r"RMS level dB:\s+(-?[\d.]+|-inf)", text)
    samples = re.findall(r"Number of samples:\s+(\d+)", text)
    if not loudness or not peak or not rms or not samples:
        raise DramatizeError("ffmpeg could not decode and measure it", str(path))
    # ffmpeg's own messages (a component in brackets, or none), never the tags and chapter
    # titles it prints, which may say anything ("The error of the Opposition").
    errors = list(dict.fromkeys(line.strip() for line in text.splitlines()
                                if not line.startswith(" ")
                                and re.search(r"error|invalid data|corrupt|partial file|truncat", line, re.I)))
    return float(loudness[-1]), float(peak[-1]), float(rms[-1]), int(samples[-1]), errors


# MPEG audio Layer III: kbit/s by bitrate index, for MPEG-1 and for MPEG-2 and 2.5
_MP3_KBPS = {1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
             2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}  # by version bits


def mp3_frame_problems(data: bytes) -> list[str]:
    """An MP3 walked frame by frame to its last byte: a last frame cut short (a copy that stopped
    one byte early decodes without a word from ffmpeg) or a frame chain broken in the middle."""
    pos, end = 0, len(data)
    if data[:3] == b"ID3" and len(data) >= 10:  # ID3v2: its size is four 7-bit bytes, plus a footer if flagged
        pos = 10 + sum((data[6 + i] & 0x7F) << (7 * (3 - i)) for i in range(4)) + (10 if data[5] & 0x10 else 0)
    if end - pos >= 128 and data[end - 128:end - 125] == b"TAG":
        end -= 128  # ID3v1 at the very end
    frames = 0
    while pos + 4 <= end:
        head = int.from_bytes(data[pos:pos + 4], "big")
        version, layer = (head >> 19) & 3, (head >> 17) & 3
        bitrate, rate_index, padding = (head >> 12) & 15, (head >> 10) & 3, (head >> 9) & 1
        if head >> 21 != 0x7FF or version == 1 or layer != 1 or bitrate in (0, 15) or rate_index == 3:
            return [f"the MP3 frames break off at byte {pos} of {len(data)} (frame {frames + 1})"] if frames else []
        kbps = _MP3_KBPS[1 if version == 3 else 2][bitrate]
        length = (144 if version == 3 else 72) * kbps * 1000 // _MP3_RATES[version][rate_index] + padding
        if pos + length > end:
            return [f"the last MP3 frame is cut short ({end - pos} of its {length} bytes): the file is incomplete"]
        pos += length
        frames += 1
    return [] if pos == end or frames == 0 else [f"{end - pos} stray bytes after the last MP3 frame"]


def check(path: Path) -> Report:
    info = probe(path)
    audio = next((s for s in info.get("streams", []) if s.get("codec_type") == "audio"), None)
    if audio is None:
        raise DramatizeError("has no audio stream", str(path))
    chapters = [(float(c["start_time"]), float(c["end_time"]), c.get("tags", {}).get("title", ""))
                for c in info.get("chapters", [])]
    tags = {k.lower(): v for k, v in info.get("format", {}).get("tags", {}).items()}
    tags.update({k.lower(): v for k, v in audio.get("tags", {}).items() if k.lower() not in tags})
    loudness, true_peak, rms, samples, errors = measure(path)
    structure = mp3_frame_problems(path.read_bytes()) if audio.get("codec_name") == "mp3" else []
    rate = int(audio.get("sample_rate", 0))
    return Report(path, float(info["format"].get("duration", 0.0)), int(audio.get("channels", 0)), rate,
                  audio.get("codec_name", "?"), chapters, tags, loudness, true_peak, rms,
                  samples / rate if rate else 0.0, errors, structure)
