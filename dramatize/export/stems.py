"""NAME.stems/ beside the audio: the mix before mastering taken apart, one file per speaker, one
for the narration, one for the cues (sound beds and the crowd, ducked as in the mix) and one for
the hall (the shared reverb and the room tone), all as long as the mix and starting with it, so a
producer can finish the mix in a DAW: the stems added together are the mix the master was given.

They carry the master's one gain (not its compressor and limiter) less HEADROOM_DB, so they sit
near the drama's loudness whatever the mix's own level (the seed's passes full scale before the
master; a quiet fixture's master adds 8 dB), with room for the peaks the limiter would have caught:
the stems added together are the master's input, HEADROOM_DB down. Written window by window as
the mix is made (no stem is held whole): 24-bit FLAC, or 32-bit float WAV beside a WAV.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from pedalboard.io import AudioFile

from dramatize.errors import DramatizeError

_SLUG = re.compile(r"[^a-z0-9]+")
FLAC_LEVEL = 5  # libFLAC's own default: level 8 took twice as long for the same size (30 s of stereo noise)
# Under the master's gain: the peaks its compressor and limiter would have caught stay under full
# scale (the seed's Trotsky peaks 7.8 dB over full scale at the master's gain: 12 leaves 4 dB spare).
HEADROOM_DB = 12.0


def stems_folder(audio: Path) -> Path:
    return Path(f"{Path(audio).with_suffix('')}.stems")


def stem_files(audio: Path, names: list[str]) -> dict[str, Path]:
    """name -> its file in NAME.stems/: the name in lower case, FLAC (WAV beside a WAV)."""
    suffix = ".wav" if Path(audio).suffix.lower() == ".wav" else ".flac"
    folder, files, used = stems_folder(audio), {}, set()
    for name in names:
        slug = _SLUG.sub("-", name.lower()).strip("-") or "speaker"
        base, n = slug, 1
        while slug in used:  # two names with one spelling in files: told apart by a number
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        files[name] = folder / f"{slug}{suffix}"
    return files


class StemWriter:
    """Called with each window's stems ({name: (2, n) float32}); writes each to its file, a
    temporary one of `outputs` (outputs.OutputSet) until the whole render is written. (Encoding
    them in a thread of their own was tried: pedalboard's writes took turns with Python code rather
    than overlapping, so it saved nothing and held 110 MB of waiting windows.)"""

    def __init__(self, outputs, audio: Path, names: list[str], rate: int, gain_db: float = 0.0):
        self.gain = np.float32(10 ** ((gain_db - HEADROOM_DB) / 20))
        self.files = stem_files(audio, names)
        self.handles = {}
        self.peaks = dict.fromkeys(names, 0.0)  # a FLAC stem over full scale clips: said by `clipped`
        float_wav = Path(audio).suffix.lower() == ".wav"
        for name, final in self.files.items():
            temp = outputs.temp(final)
            try:
                self.handles[name] = (AudioFile(str(temp), "w", rate, 2, bit_depth=32) if float_wav else
                                      AudioFile(str(temp), "w", rate, 2, bit_depth=24, quality=FLAC_LEVEL))
            except (OSError, ValueError, RuntimeError) as err:
                self.close()
                raise DramatizeError(f"cannot write the stem: {err}", str(final)) from None

    def __call__(self, parts: dict[str, np.ndarray]):
        for name, handle in self.handles.items():
            part = np.ascontiguousarray(parts[name] * self.gain, dtype=np.float32)
            self.peaks[name] = max(self.peaks[name], float(np.abs(part).max(initial=0.0)))
            try:
                handle.write(part)
            except (OSError, RuntimeError) as err:
                raise DramatizeError(f"cannot write the stem: {err}", str(self.files[name])) from None

    def clipped(self, float_files: bool) -> list[str]:
        """The stems whose peaks passed full scale in a fixed-point file (FLAC)."""
        return [] if float_files else [name for name, peak in self.peaks.items() if peak > 1.0]

    def close(self):
        for handle in self.handles.values():
            handle.close()
        self.handles = {}
