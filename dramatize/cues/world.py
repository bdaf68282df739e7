"""The world's sounds made from how they are made: weather, water, animals, machines, doors, bells.

Like procedural.py (sharing its helpers in shape.py): each generator takes a seeded numpy Generator
and returns stereo float32 (2, n) of exactly the requested length, every repeat varied by the
generator, the same for the same seed. Each was tuned until an AudioSet classifier named it
(bench/sounds.py).
"""

from __future__ import annotations

import numpy as np

from dramatize.cues.shape import _envelope, _normalise, _resonator, _signal
from dramatize.effects import pan


def _place(out: np.ndarray, sound: np.ndarray, start: int, position: float = 0.0, gain: float = 1.0) -> None:
    """Add a mono sound into the stereo `out` at `start`, panned, cut at the end."""
    n = out.shape[1]
    if start >= n or start + len(sound) <= 0:
        return
    if start < 0:
        sound, start = sound[-start:], 0
    end = min(n, start + len(sound))
    out[:, start:end] += pan((sound[: end - start] * gain).astype(np.float32), position)


def _modes(rng: np.random.Generator, rate: int, freqs, decays, amps, length: float, jitter: float = 0.04) -> np.ndarray:
    """A struck object: decaying sinusoidal modes, each a little detuned from the last strike."""
    t = np.arange(int(length * rate)) / rate
    out = np.zeros(len(t))
    for f, d, a in zip(freqs, decays, amps):
        f = f * (1 + rng.uniform(-jitter, jitter))
        out += a * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / d)
    return out


def _burst(rng: np.random.Generator, rate: int, length: float, decay: float, band=None) -> np.ndarray:
    """A short decaying noise burst, optionally band-passed (an impact's contact noise)."""
    t = np.arange(max(1, int(length * rate))) / rate
    noise = rng.standard_normal(len(t)) * np.exp(-t / decay)
    if band:
        signal = _signal()
        noise = signal.sosfilt(signal.butter(2, band, btype="band", fs=rate, output="sos"), noise)
    return noise


def _bandnoise(rng: np.random.Generator, n: int, rate: int, band, order: int = 2) -> np.ndarray:
    signal = _signal()
    kind = "band" if isinstance(band, (tuple, list)) else "low"
    return signal.sosfilt(signal.butter(order, band, btype=kind, fs=rate, output="sos"), rng.standard_normal(n))


def _slow(rng: np.random.Generator, n: int, rate: int, per_second: float, low: float, high: float) -> np.ndarray:
    """A slowly wandering level between low and high, `per_second` new values a second, eased
    from one to the next (cosine steps: no corners to click)."""
    steps = max(2, int(n / rate * per_second) + 2)
    points = rng.uniform(low, high, steps)
    position = np.linspace(0, steps - 1, n)
    index = np.minimum(position.astype(int), steps - 2)
    ease = (1 - np.cos(np.pi * (position - index))) / 2
    return points[index] + (points[index + 1] - points[index]) * ease


def _room(rng: np.random.Generator, out: np.ndarray, rate: int, seconds: float = 0.35, wet: float = 0.3,
          floor_db: float = -48.0) -> np.ndarray:
    """The room a sound is made in: a short diffuse reverberation (decaying noise, darker as it
    dies) and the faint air of the room under it. Dry silence between two raps sounds like a
    machine, not a house."""
    signal = _signal()
    length = int(seconds * rate)
    t = np.arange(length) / rate
    n = out.shape[1]
    peak = float(np.abs(out).max(initial=0.0)) or 1.0
    result = np.empty_like(out)
    for channel in range(out.shape[0]):
        impulse = rng.standard_normal(length) * np.exp(-t / (seconds / 6.9))
        impulse = signal.sosfilt(signal.butter(1, 3500, fs=rate, output="sos"), impulse)
        impulse /= np.sqrt((impulse ** 2).sum()) + 1e-12
        tail = signal.fftconvolve(out[channel], impulse)[:n]
        air = _bandnoise(rng, n, rate, (60, 2000)) * peak * 10 ** (floor_db / 20)
        result[channel] = out[channel] + wet * tail + air
    return result.astype(np.float32)


# --------------------------------------------------------------------------- doors, knocks, steps


def knock(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Knuckles on a wooden door: three or four quick raps, each the knuckle's sharp click on
    the door's low, damped panel modes, a little off the beat and never twice alike, in a hall.
    (Its numbers were searched for against the AudioSet ear: bench/sounds.py.)"""
    out = np.zeros((2, n), dtype=np.float32)
    panel = _door_panel(rng)
    at = 0.04
    for _ in range(int(rng.integers(3, 5))):
        rap = _rap(rng, rate, panel, (100, 2000))  # a knuckle, not a nail
        _place(out, rap, int(at * rate), 0.35, rng.uniform(0.7, 1.0))
        at += rng.uniform(0.15, 0.3)
    return _normalise(_room(rng, out, rate, 0.5, 0.9) * _envelope(n, rate, 0.001, 0.05), peak_db=-9.0)


def _door_panel(rng: np.random.Generator) -> list[float]:
    """A whole door's panel modes, low: higher, the AudioSet ear hears fingers snapping."""
    f1 = rng.uniform(60, 85)
    return [f1, f1 * rng.uniform(2.0, 2.4), f1 * rng.uniform(4.2, 5.0), f1 * rng.uniform(8, 10)]


def _rap(rng: np.random.Generator, rate: int, panel: list[float], contact) -> np.ndarray:
    """One blow on a door: the panel's damped modes under the contact's short click (`contact`:
    its band, a knuckle's low, a bolt's metal bright)."""
    rap = _modes(rng, rate, panel, [0.022, 0.013, 0.0076, 0.0044], [1.0, 0.91, 0.73, 0.3], 0.2, 0.05)
    rap[: int(0.03 * rate)] += _burst(rng, rate, 0.03, 0.0007, contact) * 2.8
    return rap


def _crunch(rng: np.random.Generator, rate: int, length: float, density: float, grain: float, band,
            rise: float, fall: float) -> np.ndarray:
    """A sole pressing grit and boards: a dense shower of tiny grains under a swell and decay."""
    signal = _signal()
    n = int(length * rate)
    t = np.arange(n) / rate
    grains = np.zeros(n)
    count = int(rng.poisson(density * length))
    grains[rng.integers(0, n, count)] += rng.standard_normal(count)
    env = (t / length) ** rise * np.exp(-t / (length * fall))
    env /= env.max() + 1e-9
    kernel = np.exp(-np.arange(max(1, int(grain * rate))) / (grain * rate / 4))
    texture = np.convolve(grains, kernel)[:n] * env
    return signal.sosfilt(signal.butter(2, band, btype="band", fs=rate, output="sos"), texture)


def footsteps(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Someone walking: each step the heel coming down (the crunch of the sole on grit and the
    floor's low thud) and the toe rolling after it, a little uneven, passing across the stage,
    quiet under the lines. One sound for a floor, stairs or gravel: a generator is not given the
    direction's words. (Its numbers were searched for against the AudioSet ear as the render
    mixes it: bench/sounds.py; louder, it hears a knock, a door, a fart or an arrow; with a
    duller crunch, more often an insect.)"""
    out = np.zeros((2, n), dtype=np.float32)
    pace = rng.uniform(0.56, 0.6)
    steps = max(1, int((n / rate - 0.25) / pace))
    band = (rng.uniform(200, 270), rng.uniform(3000, 4000))  # the grit's crunch up to 3-4 kHz
    for k in range(steps):
        start = 0.08 + k * pace + rng.uniform(-0.03, 0.03)
        heel = _crunch(rng, rate, rng.uniform(0.19, 0.23), 2500, 0.0036, band, 0.23, 0.32)
        toe = _crunch(rng, rate, rng.uniform(0.1, 0.13), 2500, 0.0036, band, 0.23, 0.32) * 0.74
        thud = _modes(rng, rate, [rng.uniform(60, 110)], [0.047], [1.0], 0.2) * 0.9 * np.abs(heel).max()
        step = np.zeros(int(0.5 * rate))
        step[: len(heel)] += heel
        step[: len(thud)] += thud
        at = int(rng.uniform(0.08, 0.12) * rate)
        step[at:at + len(toe)] += toe
        _place(out, step, int(start * rate), -0.5 + (k + 0.5) / steps, rng.uniform(0.7, 1.0))
    # Quiet, like steps heard in a room: at -17 dBFS the AudioSet ear heard knocks, farts or arrows in
    # 9 of 24 reseeded renders of a play of twelve footsteps directions (floors, stairs, gravel), at
    # -23 (and the crunch brighter) in 1 of 48.
    return _normalise(_room(rng, out, rate, 0.25, 0.08) * _envelope(n, rate, 0.005, 0.2), peak_db=-23.0)


def _creak(rng: np.random.Generator, rate: int, seconds: float) -> np.ndarray:
    """A hinge creaking: stick-slip friction. The pin sticks, the door's weight strains it until
    it slips with a jolt, and it sticks again: a train of sharp slips, a little uneven, their rate
    wandering with the door's speed and quickest mid-swing, each slip a step that dies in a
    millisecond (the wood's broad knock) and rings the hinge's metal (narrow modes near 2-3 kHz).
    Peak 1. (Its numbers were searched for against the AudioSet ear: bench/sounds.py. Slips at
    20-80 a second, or through vowel-like resonances, it hears a groan, a gasp or breathing; at
    about ten a second a squeak or a door; given a reverb tail, each slip is a bang, so a creak is
    mixed dry: kinds.py.)"""
    signal = _signal()
    length = int(seconds * rate)
    base = rng.uniform(7.7, 9.5)  # slips a second
    drift = _slow(rng, length, rate, 3.0, 0.95, 1.05)
    pulses = np.zeros(length)
    at = 0.0
    while at < seconds:
        i = min(length - 1, int(at * rate))
        f = base * drift[i] * (1 + 0.47 * np.sin(np.pi * at / seconds))
        at += max(1 / 4000, rng.gamma(20.0, 1 / (20.0 * f)))  # nearly even: a gamma of shape 20
        i = int(at * rate)
        if i < length:
            pulses[i] += rng.uniform(0.6, 1.0)
    step = np.exp(-np.arange(int(0.0073 * rate)) / (0.00121 * rate))
    wood = signal.sosfilt(signal.butter(2, [520, 4070], btype="band", fs=rate, output="sos"),
                          signal.oaconvolve(pulses, step)[:length])
    low = 1955.0
    metal = sum((low / f) ** 0.355 * signal.lfilter(*_resonator(f, 120 * np.sqrt(f / low), rate), pulses)
                for f in np.sort(np.exp(rng.uniform(np.log(low), np.log(2740), 6))))
    out = 0.617 * wood / (np.abs(wood).max() + 1e-9) + 0.383 * metal / (np.abs(metal).max() + 1e-9)
    t = np.linspace(0, 1, length)
    out *= np.minimum(1, t * 40) * np.minimum(1, (1 - t) * 20)
    return out / (np.abs(out).max() + 1e-9)


def _latch(rng: np.random.Generator, rate: int) -> np.ndarray:
    """A door's latch: two small metallic clicks."""
    click = _modes(rng, rate, [rng.uniform(2500, 3200), rng.uniform(4200, 5200)], [0.006, 0.004], [1, 0.6], 0.06)
    click[: int(0.01 * rate)] += _burst(rng, rate, 0.01, 0.001, (2000, 9000))[: int(0.01 * rate)]
    gap = int(rng.uniform(0.04, 0.08) * rate)
    both = np.zeros(len(click) + gap)
    both[: len(click)] += click
    both[gap:] += click * 0.6
    return both


def _thud(rng: np.random.Generator, rate: int, weight: float) -> np.ndarray:
    """A door meeting its frame: a low wooden impact with the frame's rattle."""
    body = _modes(rng, rate, [rng.uniform(60, 80), rng.uniform(130, 170), rng.uniform(300, 380), rng.uniform(700, 900)],
                  [0.12, 0.07, 0.04, 0.02], [1.0, 0.6, 0.4, 0.2], 0.6, 0.05)
    body[: int(0.03 * rate)] += _burst(rng, rate, 0.03, 0.004, (300, 4000)) * 1.2
    return body * weight


def door_creak(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A door creaking open: the latch, then the hinge's long creak as it swings."""
    out = np.zeros((2, n), dtype=np.float32)
    _place(out, _latch(rng, rate), int(0.03 * rate), 0.3, 0.5)
    _place(out, _creak(rng, rate, max(0.4, n / rate - 0.5)), int(0.2 * rate), 0.3, 1.0)
    # Near full scale: its jolts are sparse (its RMS some 27 dB under its peak), and at -6 dB the
    # AudioSet ear heard a squeak or a door in 55 of 100 reseeded creaks, at -2 dB in 64.
    return _normalise(out * _envelope(n, rate, 0.002, 0.2), peak_db=-2.0)


def door_open(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A door opened: the handle and latch, a short creak of the hinge."""
    out = np.zeros((2, n), dtype=np.float32)
    _place(out, _latch(rng, rate), int(0.03 * rate), 0.3, 0.8)
    _place(out, _creak(rng, rate, min(1.0, max(0.3, n / rate - 0.4))), int(0.18 * rate), 0.3, 0.6)
    return _normalise(out * _envelope(n, rate, 0.002, 0.15), peak_db=-6.0)


def door_close(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A door closed: a short swing on its hinge, the thud into the frame, the latch catching."""
    out = np.zeros((2, n), dtype=np.float32)
    swing = min(0.5, n / rate / 3)
    _place(out, _creak(rng, rate, swing), int(0.02 * rate), 0.3, 0.35)
    hit = int((0.04 + swing) * rate)
    _place(out, _thud(rng, rate, 1.0), hit, 0.3)
    _place(out, _latch(rng, rate), hit + int(0.01 * rate), 0.3, 0.5)
    return _normalise(out * _envelope(n, rate, 0.002, 0.2), peak_db=-9.0)


# --------------------------------------------------------------------------- bells and clocks


def church_bell(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A church bell tolling: hum, prime, minor tierce, quint and nominal partials ringing for
    seconds, struck every two seconds or so, heard across a churchyard's long reverberation.
    (Its numbers were searched for against the AudioSet ear: bench/sounds.py.)"""
    out = np.zeros((2, n), dtype=np.float32)
    strike = rng.uniform(580, 670)  # the prime
    partials = [(0.5, 1.0, 4.0), (1.0, 0.8, 2.5), (1.19, 0.7, 2.0), (1.5, 0.35, 1.5), (2.0, 0.6, 1.2),
                (2.51, 0.3, 0.8), (2.66, 0.25, 0.7), (3.01, 0.2, 0.5), (4.1, 0.12, 0.35), (5.4, 0.08, 0.25)]
    every = rng.uniform(1.96, 2.16)
    # No stroke in the last 1.2 s: cut by the fade it sounds stopped, not rung out, and it
    # would ring on over whatever comes next.
    for k in range(max(1, int((n / rate - 1.2) / every) + 1)):
        length = min(n, int(4.5 * rate))
        t = np.arange(length) / rate
        tone = np.zeros(length)
        for i, (ratio, amp, decay) in enumerate(partials):
            f = strike * ratio * (1 + rng.uniform(-0.002, 0.002))
            tone += amp * 0.976 ** i * np.sin(2 * np.pi * f * t + rng.uniform(0, 6.28)) * np.exp(-t / (decay * 2.64))
        tone[: int(0.02 * rate)] += _burst(rng, rate, 0.02, 0.003, (500, 6000)) * 1.28
        _place(out, tone, int((0.02 + k * every) * rate), 0.1, rng.uniform(0.85, 1.0))
    out = _room(rng, out, rate, 2.1, 0.39)
    return _normalise(out * _envelope(n, rate, 0.002, min(1.0, n / rate / 3)), peak_db=-10.0)


def ticking(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A clock ticking: the escapement's tick and tock, two small dry clicks of metal in a
    wooden case, a beat apart, in a quiet room."""
    out = np.zeros((2, n), dtype=np.float32)
    beat = rng.uniform(0.48, 0.52)
    tick_f = [rng.uniform(2800, 3400), rng.uniform(5200, 6200), rng.uniform(900, 1200)]
    tock_f = [f * rng.uniform(0.8, 0.88) for f in tick_f]
    for k in range(int(n / rate / beat) + 1):
        freqs = tick_f if k % 2 == 0 else tock_f
        click = _modes(rng, rate, freqs, [0.003, 0.002, 0.006], [1.0, 0.5, 0.6], 0.05, 0.02)
        click[: int(0.006 * rate)] += _burst(rng, rate, 0.006, 0.001, (1500, 10000))[: int(0.006 * rate)] * 4.0
        _place(out, click, int((0.03 + k * beat + rng.uniform(-0.003, 0.003)) * rate), 0.2, rng.uniform(0.85, 1.0))
    # Sharp, and quiet: louder, or duller, the AudioSet ear hears a wood block, not a clock.
    return _normalise(_room(rng, out, rate, 0.3, 0.4, -52.0) * _envelope(n, rate, 0.001, 0.1), peak_db=-18.0)


# --------------------------------------------------------------------------- weather and water


def _drops(rng: np.random.Generator, n: int, rate: int, per_second: float, low: float, high: float,
           decay: float) -> np.ndarray:
    """Many independent drops, stereo (2, n): each a tiny damped ring at its own pitch (a smaller
    drop rings higher and dies sooner), its own strength (most faint, a few loud) and place,
    laid in with bincount in batches (no Python loop per drop, bounded memory)."""
    count = int(rng.poisson(per_second * n / rate))
    length = int(0.008 * rate)
    t = np.arange(length, dtype=np.float32) / rate
    out = np.zeros((2, n + length))
    for first in range(0, count, 4000):
        k = min(4000, count - first)
        at = rng.integers(0, n, k)
        f = np.exp(rng.uniform(np.log(low), np.log(high), k)).astype(np.float32)
        d = (decay * np.sqrt(low / f) * rng.uniform(0.6, 1.4, k)).astype(np.float32)
        strength = (rng.uniform(0.05, 1.0, k) ** 4).astype(np.float32)
        phase = rng.uniform(0, 2 * np.pi, k).astype(np.float32)
        rings = (strength[:, None] * np.exp(-t / d[:, None])
                 * np.sin(np.float32(2 * np.pi) * f[:, None] * (1 + 6 * t) * t + phase[:, None]))
        index = (at[:, None] + np.arange(length)).ravel()
        side = rng.uniform(0, 1, k).astype(np.float32)
        for channel, share in enumerate((np.sqrt(1 - side), np.sqrt(side))):
            out[channel] += np.bincount(index, (rings * share[:, None]).ravel(), minlength=n + length)
    return out[:, :n]


def rain(rng: np.random.Generator, n: int, rate: int, wash: float = 0.075) -> np.ndarray:
    """Rain: three thousand drops a second striking roofs, leaves and puddles, each a tiny damped
    ring of its own size, over the soft wash of the countless drops too far off to hear one by
    one (`wash`: its level against the loudest drop; a storm's downpour is more wash than drops).
    (Its numbers were searched for against the AudioSet ear: bench/sounds.py; as filtered
    noise it hears a waterfall, with the drops pitched below 500 Hz a stream.)"""
    out = _drops(rng, n, rate, 3000, 600, 5000, 0.0015)
    hiss = _bandnoise(rng, n, rate, (1000, 9000)) * np.abs(out).max() * wash
    for channel in (0, 1):
        out[channel] += hiss * _slow(rng, n, rate, 1.0, 0.7, 1.0)
    # A quick start: a cue is heard at once, and rising slowly it sits under what rang before.
    return _normalise(out.astype(np.float32) * _envelope(n, rate, 0.15, min(1.0, n / rate / 3)), peak_db=-9.0)


def wind(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Wind: air rushing past in gusts that rise and fall every second or two (low, broad
    turbulence, buffeting some twenty times a second, as a gale flutters on a microphone), a
    thin howl where it sings round a corner (a narrow resonance drifting in pitch, rising with
    each gust), and leaves and grass stirring at the height of each gust. (Its numbers were
    searched for against the AudioSet ear: bench/sounds.py; without the buffeting, the slow
    swell alone is heard as the sea, and buffeting only nine times a second, after a shower of
    rain it still was, or a thunderstorm, in a third of renders.)"""
    signal = _signal()
    out = np.zeros((2, n), dtype=np.float32)
    gusts = _slow(rng, n, rate, 1.4, 0.1, 1.0) ** 1.5
    # Turbulence, low and broad, never still: rising from quiet, the AudioSet ear hears an eruption.
    rush = _bandnoise(rng, n, rate, rng.uniform(270, 330)) * (1.0 + gusts)
    rush *= np.maximum(0.05, 1 + 0.9 * _slow(rng, n, rate, 20.0, -1, 1))  # the buffeting
    noise = rng.standard_normal(n)
    howl = np.zeros(n)
    block = int(0.01 * rate)
    zi = np.zeros(2)
    r = np.exp(-np.pi * 12.5 / rate)
    base = rng.uniform(840, 1030)
    drift = _slow(rng, n, rate, 0.7, -0.05, 0.05)
    for start in range(0, n, block):  # the resonance retuned every 10 ms: its pitch glides with the gusts
        f = base * (1 + drift[start]) + 370 * gusts[start]
        b, a = [1 - r], [1, -2 * r * np.cos(2 * np.pi * f / rate), r * r]
        howl[start:start + block], zi = signal.lfilter(b, a, noise[start:start + block], zi=zi)
    howl *= gusts
    leaves = _bandnoise(rng, n, rate, (2000, 8000)) * gusts ** 2
    for side in (-0.6, 0.6):
        _place(out, rush / (np.abs(rush).max() + 1e-9), 0, side)
    _place(out, howl / (np.abs(howl).max() + 1e-9) * 0.22, 0, 0.0)
    _place(out, leaves / (np.abs(leaves).max() + 1e-9) * 0.15, 0, 0.3)
    # Up within a third of a second: slower, it is lost under whatever rang before it.
    return _normalise(out * _envelope(n, rate, 0.3, min(1.5, n / rate / 3)), peak_db=-12.0)


def sea(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """The sea on a shore: waves gathering, breaking in a rush of foam and drawing back."""
    out = np.zeros((2, n), dtype=np.float32)
    period = rng.uniform(3.0, 4.0)
    t = np.arange(n) / rate
    phase = (t + rng.uniform(0, period)) % period / period
    swell = np.where(phase < 0.35, (phase / 0.35) ** 2, np.exp(-(phase - 0.35) * 5))
    for side in (-0.6, 0.6):
        body = _bandnoise(rng, n, rate, (150, 1800)) * (0.2 + swell)
        foam = _bandnoise(rng, n, rate, (2000, 8000)) * swell ** 2 * 0.6
        _place(out, body + foam, 0, side)
    return _normalise(out * _envelope(n, rate, 0.8, min(1.5, n / rate / 3)), peak_db=-12.0)


def fire(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A fire: the low roar of burning wood and the pops and crackles of sap and embers."""
    out = np.zeros((2, n), dtype=np.float32)
    roar = _bandnoise(rng, n, rate, (80, 600)) * _slow(rng, n, rate, 3.0, 0.5, 1.0) * 0.6
    _place(out, roar, 0, -0.1)
    cracks = int(n / rate * 40)
    starts, levels = rng.integers(0, n, cracks), rng.uniform(0.05, 1.0, cracks) ** 3
    places = rng.uniform(-0.6, 0.6, cracks)
    for start, a, p in zip(starts, levels, places):
        pops = int(rng.integers(1, 4))
        crack = np.zeros(int(0.03 * rate))
        for k in range(pops):
            at = int(rng.uniform(0, 0.015) * rate)
            burst = _burst(rng, rate, 0.008, rng.uniform(0.0004, 0.0015), (800, 9000))
            crack[at:at + len(burst)] += burst[: len(crack) - at]
        _place(out, crack, int(start), float(p), float(a))
    return _normalise(out * _envelope(n, rate, 0.4, min(1.0, n / rate / 3)), peak_db=-8.0)


def glass(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Glass breaking: the crack of the break, then shards falling and tinkling, each ringing
    at its own high, inharmonic pitches."""
    out = np.zeros((2, n), dtype=np.float32)
    hit = _burst(rng, rate, 0.08, 0.01, (1500, 12000)) * 1.5
    _place(out, hit, int(0.03 * rate), 0.2)
    shards = int(rng.integers(35, 55))
    for _ in range(shards):
        at = 0.03 + rng.exponential(0.25)
        base = rng.uniform(2500, 7000)
        shard = _modes(rng, rate, [base, base * rng.uniform(1.4, 1.9), base * rng.uniform(2.2, 2.9)],
                       [rng.uniform(0.01, 0.05), 0.01, 0.006], [1.0, 0.6, 0.3], 0.12, 0.0)
        shard[: int(0.003 * rate)] += _burst(rng, rate, 0.003, 0.0005, (3000, 12000))[: int(0.003 * rate)]
        _place(out, shard, int(at * rate), float(rng.uniform(-0.3, 0.7)), float(rng.uniform(0.1, 0.8) * np.exp(-at)))
    return _normalise(out * _envelope(n, rate, 0.0005, 0.3), peak_db=-8.0)


# --------------------------------------------------------------------------- animals


def _bark(rng: np.random.Generator, rate: int, size: float) -> np.ndarray:
    """One bark: a voiced burst whose pitch leaps up and falls, through a dog's wide formants.
    (Its numbers were searched for against the AudioSet ear: bench/sounds.py.)"""
    signal = _signal()
    length = int(rng.uniform(0.31, 0.4) * rate)
    t = np.linspace(0, 1, length)
    f0 = 890 / size * rng.uniform(0.9, 1.1) * (0.53 + 0.47 * np.sin(np.pi * np.minimum(t * 2.2, 1)))
    phase = np.cumsum(f0 / rate)
    source = (np.diff(np.floor(phase), prepend=0) > 0).astype(np.float64) + 0.01 * rng.standard_normal(length)
    out = np.zeros(length)
    for freq, bw, amp in ((900, 420, 1.0), (1375, 630, 0.8), (4280, 840, 0.4)):
        r = np.exp(-np.pi * bw / rate)
        f = freq / size * rng.uniform(0.92, 1.08)
        out += amp * signal.lfilter([1 - r], [1, -2 * r * np.cos(2 * np.pi * f / rate), r * r], source)
    return out * np.minimum(1, t * 111) * np.exp(-t * 4.9)


def dog(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A dog barking: barks in ones and twos, a breath apart, each different, in the open."""
    out = np.zeros((2, n), dtype=np.float32)
    size = rng.uniform(0.95, 1.05)
    at = 0.05
    while at < n / rate - 0.25:
        for _ in range(int(rng.integers(1, 3))):
            _place(out, _bark(rng, rate, size), int(at * rate), 0.4, rng.uniform(0.7, 1.0))
            at += rng.uniform(0.35, 0.46)
        at += rng.uniform(0.3, 0.7)
    return _normalise(_room(rng, out, rate, 0.54, 0.32) * _envelope(n, rate, 0.002, 0.15), peak_db=-9.0)


def birds(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Birdsong: a few birds, each with its own phrase of quick chirps and trills, swept high."""
    out = np.zeros((2, n), dtype=np.float32)
    for _ in range(int(rng.integers(3, 6))):
        low, high = sorted(rng.uniform(2200, 6500, 2))
        position = float(rng.uniform(-0.8, 0.8))
        at = rng.uniform(0, 0.8)
        while at < n / rate - 0.1:
            notes = int(rng.integers(2, 7))
            for _ in range(notes):
                length = int(rng.uniform(0.04, 0.12) * rate)
                t = np.linspace(0, 1, length)
                shape = rng.integers(3)
                sweep = (low + (high - low) * (t if shape == 0 else 1 - t if shape == 1 else np.sin(np.pi * t)))
                wobble = 1 + 0.04 * np.sin(2 * np.pi * rng.uniform(20, 60) * t * length / rate)
                phase = np.cumsum(sweep * wobble / rate)
                note = np.sin(2 * np.pi * phase) * np.sin(np.pi * t) ** 2
                _place(out, note, int(at * rate), position, rng.uniform(0.3, 1.0))
                at += length / rate + rng.uniform(0.01, 0.06)
            at += rng.uniform(0.3, 1.2)
    return _normalise(out * _envelope(n, rate, 0.05, min(0.6, n / rate / 3)), peak_db=-12.0)


# --------------------------------------------------------------------------- machines


def car(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A car passing: its engine (firing pulses through the exhaust pipe) and the roar of its
    tyres rising as it nears, the pitch dropping as it goes by (Doppler), panned across.
    (Its numbers were searched for against the AudioSet ear: bench/sounds.py.)"""
    signal = _signal()
    t = np.arange(n) / rate
    passing = rng.uniform(0.45, 0.55) * n / rate
    speed, near = rng.uniform(12, 16), rng.uniform(4.5, 5.5)  # m/s; metres from the kerb
    distance = np.sqrt(((t - passing) * speed) ** 2 + near ** 2)
    doppler = 343 / (343 + np.gradient(distance, 1 / rate))
    firing = rng.uniform(3740, 4110) * doppler / 60 * 2  # four cylinders
    phase = np.cumsum(firing / rate)
    pulses = (np.diff(np.floor(phase), prepend=0) > 0) * (1 + 0.134 * rng.standard_normal(n))
    exhaust = signal.sosfilt(signal.butter(2, [45, 620], btype="band", fs=rate, output="sos"), pulses)
    exhaust = signal.lfilter([1], [1, -0.93], exhaust)  # the pipe's body
    tyres = _bandnoise(rng, n, rate, (130, 1130))
    mono = exhaust / (np.abs(exhaust).max() + 1e-9) * 1.9 + tyres / (np.abs(tyres).max() + 1e-9)
    mono *= (near / distance) ** 1.33
    angle = (np.clip((t - passing) / (n / rate / 2), -1, 1) + 1) * np.pi / 4
    out = np.stack([mono * np.cos(angle), mono * np.sin(angle)]).astype(np.float32)
    return _normalise(out * _envelope(n, rate, 0.3, 0.5), peak_db=-10.0)


def traffic(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A street: cars passing both ways at their own moments, the hum of the town under them,
    now and then a horn."""
    out = np.zeros((2, n), dtype=np.float32)
    hum = _bandnoise(rng, n, rate, (60, 1200)) * 0.05
    _place(out, hum, 0, -0.3)
    _place(out, hum[::-1].copy(), 0, 0.3)
    for _ in range(int(n / rate / 1.5) + 2):
        length = int(rng.uniform(2.5, 4.0) * rate)
        one = car(rng, length, rate) * rng.uniform(0.3, 1.0)
        start = int(rng.uniform(-0.4, 1.0) * n) - length // 2
        if rng.random() < 0.5:
            one = one[::-1].copy()  # the other way
        lo, hi = max(0, start), min(n, start + length)
        if hi > lo:
            out[:, lo:hi] += one[:, lo - start:hi - start]
    if rng.random() < 0.6:
        t = np.arange(int(0.35 * rate)) / rate
        f = rng.uniform(380, 460)
        horn = (np.sign(np.sin(2 * np.pi * f * t)) + np.sign(np.sin(2 * np.pi * f * 1.26 * t))) * 0.05
        _place(out, horn * np.minimum(1, t * 50) * np.minimum(1, (t[-1] - t) * 50),
               int(rng.uniform(0.3, 0.7) * n), float(rng.uniform(-0.5, 0.5)))
    return _normalise(out * _envelope(n, rate, 0.8, min(1.0, n / rate / 3)), peak_db=-12.0)


def _horn(rng: np.random.Generator, rate: int, seconds: float, doppler: np.ndarray) -> np.ndarray:
    """A locomotive's air horn: five bells sounding a chord at once, each a buzzing reed rich in
    harmonics, slightly out of tune with the others (they beat), swelling over 0.3 s as the air
    comes up (a car's horn is on at once), the chord dropping in pitch as the engine passes
    (Doppler)."""
    signal = _signal()
    length = int(seconds * rate)
    t = np.arange(length) / rate
    out = np.zeros(length)
    base = rng.uniform(290, 330)
    for ratio in (1.0, 1.19, 1.335, 1.59, 2.0):
        f = base * ratio * (1 + rng.uniform(-0.006, 0.006)) * doppler[:length]
        phase = np.cumsum(f / rate) % 1.0
        out += np.tanh(3 * np.sin(2 * np.pi * phase)) * rng.uniform(0.7, 1.0)  # an overblown reed: squared off
    out = signal.sosfilt(signal.butter(2, [200, 5000], btype="band", fs=rate, output="sos"), out)
    out += _bandnoise(rng, length, rate, (500, 4000)) * 0.1
    return out * np.minimum(1, t / 0.3) * np.minimum(1, (t[-1] - t) / 0.1)


def train(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A train going by: the engine's low rumble, steel wheels rolling and clacking over the
    rail joints (each bogie's two axles, clack-clack, the period set by the speed), each blow
    setting the steel rail ringing, and the horn blown as it comes, its chord falling as it
    passes. (Its numbers were searched for against the AudioSet ear: bench/sounds.py. Without
    the rail's ring it hears the horn as a car's and the rumble as water; with the ring at 0.15
    of the clack's thump, a train. The ring without the horn is water again or, louder, glass:
    the two together are what only a train has.)"""
    out = np.zeros((2, n), dtype=np.float32)
    t = np.arange(n) / rate
    passing = rng.uniform(0.35, 0.5) * n / rate
    speed, near = rng.uniform(18, 25), rng.uniform(10, 20)
    distance = np.sqrt(((t - passing) * speed) ** 2 + near ** 2)
    riding = n / rate > 8  # a bed held under a scene (beds.py): the train we ride in, not one passing
    if riding:
        distance = np.full(n, near)
    doppler = 343 / (343 + np.gradient(distance, 1 / rate))
    level = (near / distance) ** 0.7
    rumble = _bandnoise(rng, n, rate, 300) * _slow(rng, n, rate, 3.0, 0.7, 1.0)
    roar = _bandnoise(rng, n, rate, (400, 3000))
    body = rumble / (np.abs(rumble).max() + 1e-9) + roar / (np.abs(roar).max() + 1e-9) * 0.3
    for side in (-0.4, 0.4):
        _place(out, body * level, 0, side, 0.6)
    axles, bogies, carriage = rng.uniform(2.4, 2.8), rng.uniform(4.5, 6.0), rng.uniform(19, 24)
    at = rng.uniform(0.0, 0.3)
    while at < n / rate:
        for offset in (0.0, axles / speed, bogies / speed, (bogies + axles) / speed):
            start = int((at + offset) * rate)
            if start < n:
                clack = _modes(rng, rate, [rng.uniform(80, 120), rng.uniform(500, 800)], [0.03, 0.012], [1.0, 0.4],
                               0.1, 0.05)
                clack[: int(0.01 * rate)] += _burst(rng, rate, 0.01, 0.002, (500, 5000))
                clack += _modes(rng, rate, rng.uniform(1800, 4200, 3), [0.05, 0.04, 0.03], [0.3, 0.2, 0.15], 0.1,
                                0.02) * 0.5  # the rail ringing
                _place(out, clack, start, 0.0, 0.9 * level[start] * rng.uniform(0.7, 1.0))
        at += carriage / speed
    horn_at = int(max(0.05, passing - rng.uniform(1.2, 1.6)) * rate)
    length = min(n - horn_at, int(rng.uniform(1.6, 2.4) * rate))
    if length > int(0.5 * rate):
        horn = _horn(rng, rate, length / rate, doppler[horn_at:])
        loud = (0.2 if riding else 1.6) * level[horn_at:horn_at + length].mean()  # riding: the engine far ahead
        _place(out, horn / (np.abs(horn).max() + 1e-9) * loud, horn_at, 0.2)
    return _normalise(out * _envelope(n, rate, 0.3, min(1.0, n / rate / 3)), peak_db=-10.0)


def _keystroke(rng: np.random.Generator, rate: int, space: bool) -> np.ndarray:
    """One key: the finger pressing the key down, then the typebar's steel slug slamming onto
    the rubber platen through ribbon and paper (a hard, bright, noisy crack with the frame's
    many small metal parts rattling after it), then the escapement letting the carriage step.
    The space bar moves the carriage only: no typebar, a duller thump."""
    length = int(0.09 * rate)
    out = np.zeros(length)
    press = _burst(rng, rate, 0.02, 0.004, (150, 1500)) * 0.4
    out[: len(press)] += press
    at = int(rng.uniform(0.008, 0.016) * rate)
    if not space:
        strike = _burst(rng, rate, 0.02, rng.uniform(0.0015, 0.003), (1000, 9000)) * 2.0
        out[at:at + len(strike)] += strike[: length - at]
        rattle = _modes(rng, rate, rng.uniform(1500, 8000, 10), rng.uniform(0.003, 0.012, 10),
                        rng.uniform(0.05, 0.25, 10), 0.05, 0.0)
        out[at:at + len(rattle)] += rattle[: length - at] * 0.25
    body = _modes(rng, rate, [rng.uniform(180, 320)], [0.01], [0.2], 0.05)
    out[at:at + len(body)] += body[: length - at]
    step = at + int(rng.uniform(0.025, 0.04) * rate)
    tick = _burst(rng, rate, 0.006, 0.0008, (2500, 9000)) * 0.5
    out[step:step + len(tick)] += tick[: length - step]
    return out


def typewriter(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A typewriter: words typed at a typist's uneven pace (each key a press, the typebar's
    crack on the platen and the carriage's step; a space between words), and at the end of the
    line the bell and the carriage return."""
    out = np.zeros((2, n), dtype=np.float32)
    at = 0.05
    end = n / rate - 0.9
    while at < end:
        for _ in range(int(rng.integers(2, 8))):  # a word
            if at >= end:
                break
            _place(out, _keystroke(rng, rate, False), int(at * rate), 0.2, rng.uniform(0.6, 1.0))
            at += rng.uniform(0.09, 0.2)
        if at < end:
            _place(out, _keystroke(rng, rate, True), int(at * rate), 0.2, rng.uniform(0.5, 0.8))
            at += rng.uniform(0.12, 0.3)
    ding_at = int(max(0.05, end) * rate)
    tt = np.arange(int(0.5 * rate)) / rate
    _place(out, np.sin(2 * np.pi * rng.uniform(2000, 2300) * tt) * np.exp(-tt / 0.1) * 0.15, ding_at, 0.3)
    ret = _burst(rng, rate, 0.4, 0.2, (300, 3000)) * np.linspace(0.2, 1, int(0.4 * rate)) * 0.3
    _place(out, ret, ding_at + int(0.15 * rate), 0.0)
    _place(out, _thud(rng, rate, 0.5)[: int(0.2 * rate)], ding_at + int(0.55 * rate), 0.0)
    return _normalise(_room(rng, out, rate, 0.3, 0.12) * _envelope(n, rate, 0.001, 0.15), peak_db=-7.0)



# --------------------------------------------------------------------------- music


_KEYS = (261.63, 293.66, 311.13, 349.23, 392.00, 415.30, 440.00)  # C, D, E flat, F, G, A flat, A: roots of a sting


def _plucked(rate: int, freq: float, seconds: float, brightness: float) -> np.ndarray:
    """One note of a soft keyboard: a few harmonics, the upper ones dying first."""
    t = np.arange(int(seconds * rate)) / rate
    note = np.zeros_like(t)
    for k in range(1, 7):
        note += np.sin(2 * np.pi * freq * k * t) * (brightness / k ** 1.6) * np.exp(-t * (0.9 + 0.7 * k))
    attack = min(len(t), int(0.008 * rate))
    note[:attack] *= np.linspace(0, 1, attack)
    return note.astype(np.float32)


def sting(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A neutral musical bridge where the script asks for music and the producer has given no file:
    a broken major chord rising over a held bass, in a key chosen by the cue, ringing out. It marks
    the change as a theatre's pianist would; the cast file's [[cues]] rule plays the real music."""
    out = np.zeros((2, n), dtype=np.float32)
    root = _KEYS[int(rng.integers(len(_KEYS)))]
    step = rng.uniform(0.16, 0.24)
    ring = max(0.5, n / rate - 0.1)
    _place(out, _plucked(rate, root / 2, ring, 1.0) * 0.8, int(0.02 * rate), -0.2)
    for k, ratio in enumerate((1.0, 1.25, 1.5, 2.0, 2.5)):  # root, third, fifth, octave, tenth
        start = 0.02 + k * step
        if start < n / rate - 0.3:
            _place(out, _plucked(rate, root * ratio, ring - start, rng.uniform(0.8, 1.0)), int(start * rate),
                   -0.4 + 0.2 * k, rng.uniform(0.55, 0.7))
    return _normalise(_room(rng, out, rate, 1.2, 0.35, -60.0) * _envelope(n, rate, 0.005, min(1.2, n / rate / 3)),
                      peak_db=-11.0)


# --------------------------------------------------------------------------- people and small things


def _shutter(rng: np.random.Generator, rate: int) -> np.ndarray:
    """A camera's shutter: the mirror flipping up, the shutter's two curtains snapping across a
    moment apart and the mirror dropping back, each a metallic click ringing the small body."""
    length = int(0.25 * rate)
    out = np.zeros(length)
    body = [rng.uniform(740, 1070), rng.uniform(1440, 1970), rng.uniform(2460, 3280), rng.uniform(570, 850)]
    at = 0.0
    for k, loud in enumerate((1.0, 0.7, 0.8, 0.9)):
        click = _modes(rng, rate, body, [0.013, 0.01, 0.0065, 0.026], [1.0, 0.7, 0.4, 0.63], 0.1, 0.05)
        click[: int(0.004 * rate)] += _burst(rng, rate, 0.004, 0.0006, (1500, 12000))[: int(0.004 * rate)] * 0.53
        start = int(at * rate)
        out[start:start + len(click)] += click[: length - start] * loud
        at += (0.03 if k in (0, 2) else 0.053) * rng.uniform(0.7, 1.3)
    return out


def camera(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A photographer's camera: the shutter's clack, then the film wound on, the lever's ratchet
    a quick run of some twenty small clicks. (Its numbers were searched for against the AudioSet
    ear: bench/sounds.py; a flashgun's recharging whine it hears as an alarm: left out. It hears
    the ratchet as a camera and the shutter's ringing body as an alarm or a telephone, so the
    shutter is placed 6 dB down: at full level or at a fifth, fewer renders are heard as a
    camera. A dozen slower clicks left the shutter heard alone more often; a second shot after
    the winding, a telephone.)"""
    out = np.zeros((2, n), dtype=np.float32)
    _place(out, _shutter(rng, rate), int(0.02 * rate), 0.2, 0.5)
    wind = 0.02 + rng.uniform(0.3, 0.37)
    step = rng.uniform(0.012, 0.018)
    for k in range(int(rng.integers(18, 24))):  # the winding lever's ratchet
        tick = _burst(rng, rate, 0.004, 0.0005, (2500, 9000))
        _place(out, tick, int((wind + k * step * rng.uniform(0.9, 1.1)) * rate), 0.2, rng.uniform(0.45, 0.93))
    return _normalise(_room(rng, out, rate, 0.68, 0.16) * _envelope(n, rate, 0.0005, 0.1), peak_db=-10.0)


def whistle(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A whistle blown (a referee's, a policeman's): the air jet's edge tone, nearly pure and high,
    warbled many times a second by the pea spinning in the chamber, with the breath's hiss; a
    short blast or two and a long one."""
    out = np.zeros((2, n), dtype=np.float32)
    base = rng.uniform(2600, 3300)
    at = 0.03
    blasts = [rng.uniform(0.15, 0.25)] * int(rng.integers(0, 3)) + [rng.uniform(0.6, 1.0)]
    for seconds in blasts:
        seconds = min(seconds, n / rate - at - 0.15)
        if seconds < 0.1:
            break
        length = int(seconds * rate)
        t = np.arange(length) / rate
        trill = rng.uniform(25, 45)  # the pea's spin
        f = base * (1 + 0.025 * np.sin(2 * np.pi * trill * t) + 0.01 * rng.standard_normal() * t)
        phase = 2 * np.pi * np.cumsum(f) / rate
        level = 1 - 0.5 * (0.5 + 0.5 * np.sin(2 * np.pi * trill * t + 1.0))
        tone = (np.sin(phase) + 0.15 * np.sin(2 * phase) + 0.05 * np.sin(3 * phase)) * level
        tone += _bandnoise(rng, length, rate, (2000, 7000)) * 0.6 * level
        _place(out, tone * np.minimum(1, t / 0.015) * np.minimum(1, (t[-1] - t) / 0.03), int(at * rate), 0.1)
        at += seconds + rng.uniform(0.08, 0.15)
    return _normalise(_room(rng, out, rate, 0.6, 0.3) * _envelope(n, rate, 0.001, 0.1), peak_db=-12.0)


# The touch-tone keypad's two tones per key: a row (low) and a column (high) frequency.
_DTMF_LOW, _DTMF_HIGH = (697, 770, 852, 941), (1209, 1336, 1477)


def dial(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A telephone dialled: the handset's dial tone (350 and 440 Hz together), then a number
    keyed, each digit its keypad's two tones, at a person's pace, all through the earpiece's
    narrow band; another number each time."""
    signal = _signal()
    mono = np.zeros(n)
    t = np.arange(n) / rate
    tone_end = int(rng.uniform(0.7, 1.0) * rate)
    mono[:tone_end] = (np.sin(2 * np.pi * 350 * t[:tone_end]) + np.sin(2 * np.pi * 440 * t[:tone_end])) * 0.5
    at = tone_end / rate + rng.uniform(0.1, 0.2)
    while at < n / rate - 0.3:
        length = int(rng.uniform(0.09, 0.14) * rate)
        tt = np.arange(length) / rate
        low, high = _DTMF_LOW[int(rng.integers(4))], _DTMF_HIGH[int(rng.integers(3))]
        start = int(at * rate)
        end = min(n, start + length)
        mono[start:end] += ((np.sin(2 * np.pi * low * tt) + np.sin(2 * np.pi * high * tt)) * 0.5)[: end - start]
        at += length / rate + rng.uniform(0.07, 0.25)
    mono = signal.sosfilt(signal.butter(2, [300, 3400], btype="band", fs=rate, output="sos"), mono)
    mono += _bandnoise(rng, n, rate, (300, 3400)) * 0.01  # the line's hiss
    return _normalise(pan(mono.astype(np.float32), 0.2) * _envelope(n, rate, 0.01, 0.1), peak_db=-14.0)


def lock(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A key in a lock: the key sliding in past the pins (two or three small metal clicks), a
    moment's stiffness, the turn, and the bolt thrown home in two steps, each blow ringing the
    whole door's panel as a knock does, then the handle let go, in the hall. (Its numbers were
    searched for against the AudioSet ear: bench/sounds.py; it hears a door, often a knock; the
    bolt's own metal ringing alone it hears as a wood block or music.)"""
    out = np.zeros((2, n), dtype=np.float32)
    at = 0.03
    for _ in range(int(rng.integers(2, 4))):  # the pins riding over the key's teeth
        pin = _modes(rng, rate, [4800 * rng.uniform(0.75, 1.25), 8400 * rng.uniform(0.85, 1.15)], [0.003, 0.002],
                     [1.0, 0.5], 0.02)
        pin[: int(0.002 * rate)] += _burst(rng, rate, 0.002, 0.0004, (2000, 10000))
        _place(out, pin, int(at * rate), 0.25, rng.uniform(0.6, 1.0) * 0.054)
        at += 0.034 * rng.uniform(0.7, 1.3)
    at += 0.35 * rng.uniform(0.8, 1.2)
    turn = _burst(rng, rate, 0.12, 0.06, (800, 5000)) * np.linspace(0.25, 1, int(0.12 * rate)) * 0.018
    _place(out, turn, int(at * rate), 0.25)
    at += 0.12
    panel = _door_panel(rng)
    for k in range(2):  # the bolt's two throws
        _place(out, _rap(rng, rate, panel, (760, 3800)), int((at + k * 0.06) * rate), 0.25, 0.6 if k else 1.0)
    _place(out, _latch(rng, rate), int((at + 0.14) * rate), 0.25, 0.081)  # the handle let go
    return _normalise(_room(rng, out, rate, 0.7, 1.07) * _envelope(n, rate, 0.001, 0.1), peak_db=-9.7)