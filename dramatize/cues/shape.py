"""What every generator shares: scipy.signal on first use, envelopes, peak levels, a resonator,
a struck thump. Used by procedural.py and world.py."""

from __future__ import annotations

import numpy as np


def _signal():
    """scipy.signal, imported on first use: the import takes half a second, and a render whose
    hall sounds all come from the cache never needs it."""
    import scipy.signal

    return scipy.signal


def _envelope(n: int, rate: int, attack: float, release: float) -> np.ndarray:
    env = np.ones(n, dtype=np.float32)
    a, r = min(n, int(attack * rate)), min(n, int(release * rate))
    if a:
        env[:a] = np.linspace(0, 1, a, dtype=np.float32) ** 2
    if r:
        env[n - r:] *= np.linspace(1, 0, r, dtype=np.float32) ** 1.5
    return env


def _normalise(stereo: np.ndarray, peak_db: float) -> np.ndarray:
    peak = float(np.abs(stereo).max(initial=0.0))
    return (stereo * (10 ** (peak_db / 20) / peak)).astype(np.float32) if peak > 0 else stereo


def _resonator(freq: float, bandwidth: float, rate: int):
    """Second-order resonator coefficients (a formant) for lfilter."""
    r = np.exp(-np.pi * bandwidth / rate)
    theta = 2 * np.pi * freq / rate
    return [1 - r], [1, -2 * r * np.cos(theta), r * r]


def _thump(rng: np.random.Generator, rate: int, freq: float, decay: float, noise: float) -> np.ndarray:
    """One struck, resonant impact: a decaying low tone under a short burst of noise."""
    n = int(max(0.05, decay * 6) * rate)
    t = np.arange(n) / rate
    tone = np.sin(2 * np.pi * freq * t * (1 - 0.15 * t)) * np.exp(-t / decay)
    burst = rng.standard_normal(n) * np.exp(-t / 0.004) * noise
    return (tone + burst).astype(np.float32)
