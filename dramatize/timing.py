"""Time, in one place: the mix rate every stage counts samples at, and the two ways a time is
written for people and files.

  seconds(s)            seconds -> samples at MIX_RATE
  clock(seconds)        "1:02:03" or "2:03", as players show a position (whole seconds, floored)
  stamp(milliseconds)   "01:02:03.456", as WebVTT cues, Vorbis CHAPTER comments and the cue sheet write it
  from_stamp(text)      "01:02:03.456" or "02:03.456" -> seconds (ValueError for anything else)
  milliseconds(samples, rate)
"""

from __future__ import annotations

import re

MIX_RATE = 44100  # every timeline, mix and master is counted in samples at this rate


def seconds(s: float) -> int:
    return int(round(s * MIX_RATE))


def milliseconds(samples: int, rate: int) -> int:
    return int(round(samples * 1000 / rate))


def clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def stamp(ms: int) -> str:
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


_STAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})\.(\d{3})")


def from_stamp(text: str) -> float:
    match = _STAMP.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes, secs, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000
