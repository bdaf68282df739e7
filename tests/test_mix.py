"""The mixer's own signal pieces: the ducking glide, the room tone, the windows made ahead."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from dramatize.mix import DUCK_SMOOTHING, DUCK_STEP, glide, made_ahead, pink_loop

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


def test_windows_made_ahead_come_in_order_an_error_reaches_the_master_and_stopping_stops_the_mixing():
    assert list(made_ahead(iter(range(50)), depth=2)) == list(range(50))

    def failing():
        yield 1
        raise ValueError("a clip is missing")

    with pytest.raises(ValueError, match="a clip is missing"):
        list(made_ahead(failing()))
    made = []

    def endless():
        while True:
            made.append(len(made))
            yield made[-1]

    windows = made_ahead(endless(), depth=2)
    assert next(windows) == 0
    windows.close()  # the master stopped (an encoder that failed, a Ctrl-C)
    count = len(made)
    assert count <= 5 and len(made) == count  # at most depth + 2 made, and no more after
