"""Mastering: one gain to reach the loudness target, a gentle compressor, a brickwall limiter.

The gain is planned before the mix starts, on a sample of its windows (`plan_gain`); then the
master streams the mix block by block (`mastered_blocks`), so memory does not grow with the
length of the drama.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pedalboard

from dramatize.errors import DramatizeError
from dramatize.loudness import LoudnessMeter


@dataclass(frozen=True)
class Preset:
    name: str
    target: float  # in the preset's own measure
    measure: str  # "lufs" (ITU-R BS.1770 integrated) or "rms" (plain RMS over the file, as ACX measures)
    ceiling_db: float  # the limiter's ceiling on sample peaks, 1 to 2 dB under the limit: encoders overshoot
    peak_limit_db: float  # what `check` holds the encoded file to
    rms_range: tuple[float, float] | None = None  # ACX: RMS between -23 and -18 dB
    head: float = 0.8  # seconds of room tone before the first word
    tail: float = 2.5

    @property
    def unit(self) -> str:
        return "LUFS" if self.measure == "lufs" else "dB RMS"

    def meter(self, rate: int) -> LoudnessMeter:
        """A meter for this preset's measure (K-weighted only where it is needed: LUFS)."""
        return LoudnessMeter(rate, weighted=self.measure == "lufs")

    def level(self, meter: LoudnessMeter) -> float:
        return meter.integrated() if self.measure == "lufs" else meter.rms_db()


# ACX measures plain RMS, and K-weighted loudness reads 3 to 5 dB above it for bright synthetic
# voices, so the audiobook preset aims at RMS itself: -20 dB, the middle of ACX's -23 to -18.
PRESETS = {
    "audiobook": Preset("audiobook", -20.0, "rms", -4.0, -3.0, rms_range=(-23.0, -18.0), head=0.8, tail=2.5),
    "podcast": Preset("podcast", -16.0, "lufs", -2.0, -1.0, head=0.5, tail=1.5),
}
DEFAULT_FOR = {".m4b": "audiobook", ".m4a": "audiobook", ".mp3": "podcast", ".opus": "podcast"}


def preset_for(choice: str | None, suffix: str) -> Preset:
    """`audiobook`, `podcast`, or a custom `LUFS` / `LUFS/PEAK` such as `-18/-2`."""
    choice = choice or DEFAULT_FOR.get(suffix, "audiobook")
    if choice in PRESETS:
        return PRESETS[choice]
    match = re.fullmatch(r"\s*(-\d+(?:\.\d+)?)\s*(?:/\s*(-\d+(?:\.\d+)?))?\s*", choice)
    if not match:
        raise DramatizeError(f"--master {choice}: use audiobook, podcast, or a target such as -18 or -18/-2 (LUFS/dBTP)")
    target = float(match.group(1))
    peak = float(match.group(2) or -1.0)
    if not -40 <= target <= -5 or not -20 <= peak <= 0:
        raise DramatizeError(f"--master {choice}: target must be -40 to -5 LUFS and peak -20 to 0 dBTP")
    return Preset(f"custom {target:g} LUFS / {peak:g} dBTP", target, "lufs", peak - 1.0, peak)


def _chain(preset: Preset):
    """A gentle compressor to tame speech's peaks, then a brickwall limiter.

    The limiter watches sample peaks, 1 dB under the limit: its true-peak mode costs seven
    times as much, and for speech at 44.1 kHz the margin covers the inter-sample and encoder
    overshoot (the tests measure true peak on the encoded files)."""
    return pedalboard.Pedalboard([
        pedalboard.Compressor(threshold_db=preset.ceiling_db - 8.0, ratio=2.0, attack_ms=4.0, release_ms=120.0),
        pedalboard.BrickwallLimiter(ceiling_db=preset.ceiling_db, release_ms=150.0, true_peak=False),
    ])


def _flush(rate: int) -> np.ndarray:
    """Silence to push the last samples out of the limiter's look-ahead."""
    return np.zeros((2, rate // 10), dtype=np.float32)


def mastered_blocks(blocks, total: int, rate: int, gain_db: float, preset: Preset, meter: LoudnessMeter | None):
    """Yield mastered (2, n) blocks from the pre-master `blocks` (`total` samples in all);
    feed `meter` with exactly what is yielded."""
    chain = _chain(preset)
    gain = np.float32(10 ** (gain_db / 20))
    produced = 0
    source = iter(blocks)
    while produced < total:
        block = next(source, None)
        if block is None:
            block = _flush(rate)
        else:
            block = block * gain
        out = chain(block.astype(np.float32, copy=False), rate, reset=False)[:, : total - produced]
        if out.shape[1]:
            produced += out.shape[1]
            if meter:
                meter.add(out)
            yield out


def plan_gain(sample: list[np.ndarray], rate: int, preset: Preset) -> float:
    """The gain that brings the mix to the preset's target, judged on a sample of its windows.

    First the gain for the sample's level; then what the compressor and limiter will take at
    that gain, added back, so the master lands on target in one pass. The level of the encoded
    result is measured again after the master, and redone if it missed."""
    before = preset.meter(rate)
    for window in sample:
        before.add(window)
    level = preset.level(before)
    if not np.isfinite(level):
        return 0.0  # silence: nothing to bring up
    gain_db = preset.target - level
    gain = np.float32(10 ** (gain_db / 20))
    dry, wet = preset.meter(rate), preset.meter(rate)
    for window in sample:
        window = (window * gain).astype(np.float32)
        alone = _chain(preset)(np.concatenate([window, _flush(rate)], axis=1), rate)  # a fresh chain each
        dry.add(window)
        wet.add(alone[:, : window.shape[1]])
    loss = preset.level(dry) - preset.level(wet)
    return gain_db + (loss if np.isfinite(loss) else 0.0)
