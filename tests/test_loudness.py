"""The streaming BS.1770 meter agrees with pyloudnorm, block size does not matter."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from dramatize.loudness import LoudnessMeter

RATE = 44100


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_streaming_meter_matches_pyloudnorm(seed):
    rng = np.random.default_rng(seed)
    n = RATE * 12
    envelope = np.repeat(rng.uniform(0.0, 1.0, size=24), n // 24) ** 3  # loud and quiet stretches, some gated
    audio = (rng.standard_normal((2, n)) * envelope * 0.2).astype(np.float32)
    expected = pyloudnorm.Meter(RATE).integrated_loudness(audio.T.astype(np.float64))
    for block in (RATE // 7, RATE * 5):
        meter = LoudnessMeter(RATE)
        for i in range(0, n, block):
            meter.add(audio[:, i:i + block])
        assert abs(meter.integrated() - expected) < 0.05, (block, meter.integrated(), expected)


def test_rms_and_peak():
    t = np.arange(RATE) / RATE
    sine = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    meter = LoudnessMeter(RATE)
    meter.add(np.stack([sine, sine]))
    assert abs(meter.rms_db() - 20 * np.log10(0.5 / np.sqrt(2))) < 0.01
    assert abs(meter.peak_db() - 20 * np.log10(0.5)) < 0.01
    assert LoudnessMeter(RATE).integrated() == float("-inf")


def test_unweighted_meter_measures_rms_and_refuses_lufs():
    noise = np.random.default_rng(4).standard_normal((2, RATE)).astype(np.float32) * 0.1
    plain, weighted = LoudnessMeter(RATE, weighted=False), LoudnessMeter(RATE)
    plain.add(noise)
    weighted.add(noise)
    assert plain.rms_db() == weighted.rms_db() and plain.peak_db() == weighted.peak_db()
    with pytest.raises(ValueError, match="without K-weighting"):
        plain.integrated()
