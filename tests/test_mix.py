"""The mixer's own signal pieces: the ducking glide and the room tone."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from dramatize.mix import DUCK_SMOOTHING, DUCK_STEP, glide, pink_loop

RATE = 44100


@pytest.mark.parametrize("coeff", [np.exp(-DUCK_STEP / (DUCK_SMOOTHING * RATE)), 0.5, 0.9999])
def test_glide_is_the_one_pole_filter_carried_across_windows(coeff):
    """The closed form, chunk by chunk and window by window, equals a plain recursive filter."""
    rng = np.random.default_rng(7)
    talking = np.repeat(rng.random(300) > 0.5, 97).astype(float)  # speech on and off
    expected = lfilter([1 - coeff], [1, -coeff], talking, zi=[coeff * 0.25])[0]  # y[-1] = 0.25
    pieces, state = [], 0.25
    for start in range(0, len(talking), 10_000):
        piece, state = glide(talking[start:start + 10_000], coeff, state)
        pieces.append(piece)
    assert np.allclose(np.concatenate(pieces), expected, atol=1e-9)


def test_room_tone_is_pink_and_loops_without_a_seam():
    tone = pink_loop(23 * RATE, RATE, seed=1)
    assert abs(np.sqrt(np.mean(tone ** 2)) - 1) < 1e-6
    power = np.abs(np.fft.rfft(tone)) ** 2
    freqs = np.fft.rfftfreq(len(tone), 1 / RATE)
    octaves = [10 * np.log10(power[(freqs >= low) & (freqs < 2 * low)].sum()) for low in (125, 250, 500, 1000, 4000)]
    assert max(octaves) - min(octaves) < 1.0  # the same power in every octave: pink
    assert power[(freqs > 0) & (freqs < 25)].sum() < 1e-12 * power.sum()  # no rumble
    steps = np.abs(np.diff(tone))
    assert abs(tone[0] - tone[-1]) < np.percentile(steps, 99.9)  # wrapping around is an ordinary step
