"""Read a rendered file back, as a listener's player would: duration, chapters, tags,
loudness and true peak of the encoded audio, and whether a preset's limits hold.

The whole file is decoded, not only its header read: a file cut short (a copy that stopped, a
full disk) still claims its full length in its header, and is caught by comparing what decodes
with what the container and the chapters claim, and by ffmpeg's own decoding errors."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
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
        return found

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
    rate = int(audio.get("sample_rate", 0))
    return Report(path, float(info["format"].get("duration", 0.0)), int(audio.get("channels", 0)), rate,
                  audio.get("codec_name", "?"), chapters, tags, loudness, true_peak, rms,
                  samples / rate if rate else 0.0, errors)
