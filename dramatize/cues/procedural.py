"""Hall sounds made from nothing but numbers: laughter, applause, a chairman's bell, a crowd bed.

Every generator takes a seeded numpy Generator and returns stereo float32 (2, n) of exactly
the requested length, with a natural attack and decay. Peaks sit a little under the speech's
(about -9 dBFS), so the hall answers the speaker without drowning him.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from dramatize.cues.kinds import Kind
from dramatize.cues import world
from dramatize.cues.shape import _envelope, _normalise, _resonator, _signal, _thump
from dramatize.effects import pan


def _glottis(pitch: np.ndarray, rate: int) -> np.ndarray:
    """A voice's source along a pitch contour (Hz, 0 where unvoiced): a pulse each period, its
    energy falling 12 dB an octave as a larynx's does (a bare pulse train buzzes like an engine)."""
    phase = np.cumsum(np.where(pitch > 0, pitch, 100.0) / rate)
    pulses = (np.diff(np.floor(phase), prepend=0) > 0) * (pitch > 0)
    source = _signal().lfilter([1.0], [1.0, -1.6, 0.64], pulses.astype(np.float64))
    return source / (np.abs(source).max() + 1e-9)


def _laugh(rng: np.random.Generator, rate: int, f0: float, calls: int, period: float, loudness: float,
           tract: float = 1.0) -> np.ndarray:
    """One person's 'ha-ha-ha': each call a breathy h, then an open 'a' whose pitch falls, every
    call a little lower and softer than the last, at the steady pulse of a laugh. The 'a' is
    three formants, each softer than the one below, raised by a shorter vocal tract (`tract`, a
    woman's): with a fourth and all four as loud (brighter than a voice) the AudioSet ear heard
    speech, a choir or music (seven laughing through the hall: 37 of 64 rooms heard as laughter, 61
    with this mouth)."""
    signal = _signal()
    length = int((calls * period + 0.3) * rate)
    pitch, voicing, breath = np.zeros(length), np.zeros(length), np.zeros(length)
    at = 0.0
    for k in range(calls):
        h, vowel = rng.uniform(0.025, 0.05), rng.uniform(0.06, 0.11) * (1.3 if k == 0 else 1.0)
        s, m, e = int(at * rate), int((at + h) * rate), int((at + h + vowel) * rate)
        if e >= length:
            break
        top = f0 * 0.93 ** k * rng.uniform(0.95, 1.08)
        pitch[m:e] = np.linspace(top, top * rng.uniform(0.75, 0.9), e - m)
        amp = loudness * 0.85 ** k * rng.uniform(0.8, 1.0)
        voicing[m:e] = np.sin(np.pi * np.linspace(0, 1, e - m)) ** 0.6 * amp
        breath[s:m] = np.sin(np.pi * np.linspace(0, 0.5, m - s)) ** 2 * amp * 0.5
        breath[m:e] = np.linspace(0.5, 0.1, e - m) * amp
        at += period * rng.uniform(0.9, 1.1)
    source = _glottis(pitch, rate) * voicing + rng.standard_normal(length) * (breath + voicing * 0.15)
    mouth = tract * rng.uniform(0.95, 1.1)  # an open 'a', a little more or less open each bout
    return sum(signal.lfilter(*_resonator(f * mouth, bw, rate), source) * gain
               for f, bw, gain in ((850, 130, 1.0), (1300, 170, 0.7), (2600, 260, 0.35)))


def laughter(rng: np.random.Generator, n: int, rate: int, people: int = 7, centre: float = -0.2,
             spread: float = 0.8) -> np.ndarray:
    """A room laughing: men and women each laughing in a bout or two of 'ha' calls (pitched
    higher than they speak, four to six calls a second), one starting it and the rest joining,
    staggered across the benches, and over them one laugher near the front, twice as loud, who
    laughs longest (a hall's recording has a few loud laughers over the rest). Seven are heard
    through a hall's reverberation as laughter; thirty blur into an engine's drone. (Its numbers
    were searched for against the AudioSet ear, as the render mixes it: bench/sounds.py. Heard no
    better: an inhaled gasp before the laugh (heard as speech), 'ha', 'he' and 'ho' in one laugh
    (speech), breathier calls (a vehicle), a long first call and a bout that swells.)"""
    out = np.zeros((2, n), dtype=np.float32)
    for person in range(people):
        woman = rng.random() < 0.5
        f0 = rng.uniform(300, 480) if woman else rng.uniform(160, 280)
        at = int(rng.uniform(0, 0.3) * n) if person else 0
        position = float(np.clip(centre + rng.uniform(-spread, spread), -1, 1))
        while at < n - int(0.4 * rate):
            bout = _laugh(rng, rate, f0, int(rng.integers(4, 10)), rng.uniform(0.17, 0.24), rng.uniform(0.4, 1.0),
                          1.12 if woman else 1.0)
            world._place(out, bout, at, position)
            at += len(bout) + int(rng.uniform(0.1, 0.6) * rate)
            f0 *= 0.95
            if rng.random() < 0.5:
                break
    room = np.abs(out).max() + 1e-9
    woman = rng.random() < 0.5
    near = _laugh(rng, rate, rng.uniform(300, 480) if woman else rng.uniform(160, 280), int(rng.integers(8, 13)),
                  rng.uniform(0.19, 0.23), 1.0, 1.12 if woman else 1.0)
    world._place(out, near * (2 * room / (np.abs(near).max() + 1e-9)), int(rng.uniform(0, 0.15) * rate),
                 float(np.clip(centre + rng.uniform(-0.3, 0.3), -1, 1)))
    return _normalise(out * _envelope(n, rate, 0.05, min(0.8, n / rate / 3)), peak_db=-9.0)


def applause(rng: np.random.Generator, n: int, rate: int, clappers: int = 80, centre: float = -0.2,
             spread: float = 0.8) -> np.ndarray:
    """A house clapping: many pairs of hands, each at its own tempo and timbre, swelling and dying
    away. So many that no beat is heard (two dozen, and the AudioSet ear hears an idling engine);
    palms, not fingertips: the clap's body below 2.5 kHz. (Its numbers were searched for against
    the AudioSet ear, as the render mixes it: bench/sounds.py.)"""
    out = np.zeros((2, n), dtype=np.float32)
    signal = _signal()
    kernel_len = int(0.03 * rate)
    decay = np.exp(-np.arange(kernel_len) / (rate * rng.uniform(0.006, 0.012)))
    for _ in range(clappers):
        tempo = rng.uniform(3.5, 6.0)
        times = np.cumsum(rng.normal(1 / tempo, 0.015 / tempo * 10, size=int(n / rate * tempo) + 2))
        times += rng.uniform(0, 0.4)
        idx = (times * rate).astype(int)
        idx = idx[(idx >= 0) & (idx < n)]
        strengths = rng.uniform(0.5, 1.0, size=len(idx))
        low, high = sorted(rng.uniform(500, 2500, size=2))
        sos = signal.butter(2, [low, max(high, low * 1.5)], btype="band", fs=rate, output="sos")
        clap = signal.sosfilt(sos, rng.standard_normal(kernel_len) * decay).astype(np.float32)
        sides = pan(clap, float(np.clip(centre + rng.uniform(-spread, spread), -1, 1)))
        for at, strength in zip(idx, strengths):  # each clap laid in where it falls (no n-long convolution each)
            take = min(kernel_len, n - at)
            out[:, at:at + take] += sides[:, :take] * np.float32(strength)
    return _normalise(out * _envelope(n, rate, 0.35, n / rate * 0.45), peak_db=-9.0)


def bell(rng: np.random.Generator, n: int, rate: int, strikes: int = 2) -> np.ndarray:
    """The chairman's hand bell: inharmonic partials, struck a few times."""
    t = np.arange(n) / rate
    base = rng.uniform(1100, 1400)
    mono = np.zeros(n, dtype=np.float32)
    for s in range(strikes):
        start = int(s * 0.35 * rate)
        tt = t[: n - start]
        tone = sum(a * np.sin(2 * np.pi * base * r * tt) * np.exp(-tt * d)
                   for r, a, d in [(1, 1, 3), (2.76, 0.5, 5), (5.4, 0.25, 8), (8.9, 0.12, 12)])
        mono[start:] += tone.astype(np.float32)
    return _normalise(pan(mono, 0.0) * _envelope(n, rate, 0.002, 0.2), peak_db=-9.0)


def crowd_bed(rng: np.random.Generator, n: int, rate: int, centre: float = -0.3, swell: bool = False) -> np.ndarray:
    """The unvoiced part of a restless hall: filtered noise moving at the pace of syllables."""
    signal = _signal()
    sos = signal.butter(2, [180, 1800], btype="band", fs=rate, output="sos")
    out = np.zeros((2, n), dtype=np.float32)
    for side in (-1, 1):
        noise = signal.sosfilt(sos, rng.standard_normal(n)).astype(np.float32)
        steps = max(2, int(n / rate * 4))
        wobble = np.interp(np.arange(n), np.linspace(0, n, steps), rng.uniform(0.3, 1.0, size=steps))
        out += pan(noise * wobble.astype(np.float32), float(np.clip(centre + side * 0.5, -1, 1)))
    if swell:
        t = np.linspace(0, 1, n, dtype=np.float32)
        out *= np.maximum(np.sin(np.pi * np.clip(t * 1.2, 0, 1)), 0) ** 0.8 + 0.15
    return _normalise(out * _envelope(n, rate, 0.4, min(1.2, n / rate / 2)), peak_db=-14.0)


# The first three formants of English vowels (ee, e, a, o, oo, er, ae, u): a talker's syllables.
_VOWELS = ((280, 2250, 2900), (400, 2000, 2600), (750, 1250, 2500), (500, 900, 2400), (320, 800, 2300),
           (500, 1500, 2500), (650, 1700, 2550), (450, 1100, 2450))


def _talker(rng: np.random.Generator, n: int, rate: int, f0: float, tract: float, syllables: float,
            breath: float) -> np.ndarray:
    """One person talking in a crowd, no word of it to follow: phrases of three to a dozen
    syllables (a consonant's hiss, then a voiced vowel through its formants, the pitch falling
    across the phrase), a breath's pause between phrases. `tract` scales the formants (a woman's
    or a child's shorter vocal tract rings higher), `breath` is the share of breath in the vowels.
    The first phrase starts within the first second: a room's talkers join one by one."""
    signal = _signal()
    pitch, voicing, hiss = np.zeros(n), np.zeros(n), np.zeros(n)
    segments = []
    at = rng.uniform(0, 0.95)
    while at < n / rate:
        words = int(rng.integers(3, 12))
        top = f0 * rng.uniform(1.0, 1.15)
        for k in range(words):
            c = rng.uniform(0.02, 0.07) if rng.random() < 0.8 else 0.0
            v = max(0.01, rng.uniform(0.6, 1.4) / syllables - c)  # the vowel, never shorter than 10 ms
            s, m, e = int(at * rate), int((at + c) * rate), int((at + c + v) * rate)
            if e >= n:
                break
            p0 = top * (1 - 0.25 * k / words)
            pitch[m:e] = np.linspace(p0 * rng.uniform(0.95, 1.1), p0 * rng.uniform(0.85, 1.0), e - m)
            loud = rng.uniform(0.5, 1.0)
            voicing[m:e] = np.sin(np.pi * np.linspace(0, 1, e - m)) ** 0.7 * loud
            hiss[s:m] = np.hanning(m - s) * loud * rng.uniform(0.2, 0.6)
            segments.append((s, e, _VOWELS[int(rng.integers(len(_VOWELS)))], rng.uniform(2000, 6000)))
            at += c + v + rng.uniform(0.0, 0.04)
        at += rng.uniform(0.05, 0.7)
    source = _glottis(pitch, rate) * voicing
    noise = rng.standard_normal(n)
    out = np.zeros(n)
    for s, e, vowel, fricative in segments:
        breathy = source[s:e] + noise[s:e] * voicing[s:e] * breath
        out[s:e] += sum(signal.lfilter(*_resonator(f * tract, bw, rate), breathy) * g
                        for f, bw, g in zip(vowel, (90, 120, 180), (1.0, 0.7, 0.35)))
        out[s:e] += signal.lfilter(*_resonator(fricative, 1500, rate), noise[s:e] * hiss[s:e]) * 0.3
    return out


def babble(rng: np.random.Generator, n: int, rate: int, centre: float = -0.3, talkers: int = 24,
           spread: float = 0.8, syllables: float = 6.0, far: float = 5.8, room: float = 3.0, breath: float = 0.2,
           raised: float = 1.56, low_cut: float = 1000.0, peak_db: float = -6.0) -> np.ndarray:
    """A room full of talk (walla, a murmur of voices): two dozen people talking at once, men and
    women, all about as loud (none near enough to follow: a nearer, louder voice is heard as one
    talker, not a crowd), the farther duller, voices raised over each other (higher than alone),
    all deep in the room's reverberation. Their pitches' hum below `low_cut` is left out: the
    AudioSet ear hears it as a roar or an engine. (Its numbers were searched for against the
    AudioSet ear: bench/sounds.py. Heard better: equal loudness, a wetter room, 16-24 talkers (not
    12, nor 30-50: a denser room drones, a vehicle), six syllables a second, little breath in the
    vowels (breathier, the noise is heard as an engine or an aircraft), talkers joining over the
    first second, and a peak of -6 dBFS, near the speech's loudness (the long-term level some 15 dB
    under the peak; under a line of speech the held bed dips, beds.DIP_DB): seven syllables,
    breath 0.44, a 760 Hz cut and -10 dBFS were heard as a crowd in 46 of 96 reseeded walla
    directions, these numbers in 62 (a cut at 450 Hz: a vehicle). Heard no better: 66 or 100
    talkers, a 2 dB louder peak, laughter among them, all talking from the first instant, a louder
    few, a reverberant field shared by near and far, a 3-4 kHz top, a noise wash under them, a
    longer span, jitter, shimmer, nasals, rising questions or accents in the voices, consonant
    bursts, sparser talkers.)"""
    signal = _signal()
    out = np.zeros((2, n), dtype=np.float32)
    for _ in range(talkers):
        female = rng.random() < 0.5
        f0 = (rng.uniform(165, 255) if female else rng.uniform(85, 145)) * raised
        tract = rng.uniform(1.08, 1.2) if female else rng.uniform(0.92, 1.05)
        voice = _talker(rng, n, rate, f0, tract, syllables, breath)
        distance = rng.uniform(1.0, far)
        voice = signal.sosfilt(signal.butter(1, 6000 / distance, fs=rate, output="sos"), voice)
        world._place(out, voice / (np.abs(voice).max() + 1e-9), 0,
                     float(np.clip(centre + rng.uniform(-spread, spread), -1, 1)))
    out = world._room(rng, out, rate, 0.7, room)
    out = signal.sosfilt(signal.butter(2, low_cut, btype="high", fs=rate, output="sos"), out).astype(np.float32)
    return _normalise(out * _envelope(n, rate, 0.4, min(1.2, n / rate / 2)), peak_db=peak_db)


def _cough_once(rng: np.random.Generator, rate: int, f0: float, seconds: float) -> np.ndarray:
    """One cough: breath forced out through the narrowed throat, louder in noise than in voice,
    the folds buzzing under it at a falling pitch, through an open vowel's formants, struck at
    once and dying within a quarter of a second."""
    signal = _signal()
    n = int(seconds * rate)
    t = np.arange(n) / rate
    pitch = f0 * np.linspace(1.1, 0.85, n) * (1 + 0.07 * rng.standard_normal(n))
    strength = np.minimum(1, t / 0.01) * np.exp(-t / (seconds * 0.59))
    source = _glottis(pitch, rate) * strength + rng.standard_normal(n) * strength * 1.17
    return sum(signal.lfilter(*_resonator(f * rng.uniform(0.9, 1.1), bw, rate), source) * gain
               for (f, bw), gain in zip(((440, 80), (1100, 150), (2400, 250)), (1.0, 0.6, 0.3)))


def cough(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Someone coughing or clearing the throat: two short coughs close together, the second
    lower and nearly as loud, a man's or a woman's, close by, never two alike. (Its numbers were
    searched for against the AudioSet ear as the render mixes it: bench/sounds.py; a cough as a
    sharp broadband burst it hears as a knock or a door, three or more a second as knocking, a
    voiced, rough 'ahem' as a grunt or a groan.) Its peaks sit a little under the lines': louder,
    the master's limiter flattens each burst and the ear hears beatboxing (bench/sounds-extra.txt
    over four reseeded renders: 4 of 8 at -10.7 dBFS, 8 of 8 now)."""
    out = np.zeros((2, n), dtype=np.float32)
    f0 = (rng.uniform(180, 260) if rng.random() < 0.5 else rng.uniform(95, 150)) * 0.92
    at = 0.03
    for k in range(2):
        seconds = rng.uniform(0.135, 0.223)
        one = _cough_once(rng, rate, f0 * (1.15 if k == 0 else 0.9), seconds)
        world._place(out, one / (np.abs(one).max() + 1e-9), int(at * rate), 0.15, 1.0 if k == 0 else 0.92)
        at += seconds + rng.uniform(0.02, 0.15)
    return _normalise(world._room(rng, out, rate, 0.4, 0.008) * _envelope(n, rate, 0.001, 0.1), peak_db=-18.0)


def door(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A door shut hard: a heavy low impact, the latch's click and a short rattle in the frame."""
    signal = _signal()
    mono = np.zeros(n, dtype=np.float32)
    slam = _thump(rng, rate, rng.uniform(55, 75), 0.12, 0.9)
    start = int(0.05 * rate)
    mono[start:start + len(slam)] += slam[: n - start]
    click = _thump(rng, rate, 1800, 0.004, 0.3) * 0.4
    at = start + int(0.02 * rate)
    mono[at:at + len(click)] += click[: max(0, n - at)]
    rattle_len = min(n - at, int(0.25 * rate))
    if rattle_len > 0:
        t = np.arange(rattle_len) / rate
        rattle = rng.standard_normal(rattle_len) * (np.sin(2 * np.pi * 28 * t) > 0.6) * np.exp(-t / 0.06) * 0.15
        mono[at:at + rattle_len] += rattle.astype(np.float32)
    mono = signal.sosfilt(signal.butter(2, 3500, fs=rate, output="sos"), mono).astype(np.float32)
    return _normalise(world._room(rng, pan(mono, 0.3), rate, 0.8, 0.5) * _envelope(n, rate, 0.001, 0.3), peak_db=-8.0)


def phone(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """An old telephone's bell: a hammer striking two gongs in turn twenty times a second,
    each stroke setting the gong's metal ringing; two seconds of ringing, then quiet."""
    signal = _signal()
    t = np.arange(n) / rate
    burst = (t % 3.4) < 2.6
    mono = np.zeros(n)
    for gong, base in enumerate((rng.uniform(850, 950), rng.uniform(1050, 1150))):
        strikes = np.zeros(n)
        times = np.arange(gong / 40, n / rate, 1 / 20)
        times = times + rng.normal(0, 0.001, len(times))
        idx = (times * rate).astype(int)
        idx = idx[(idx >= 0) & (idx < n)]
        strikes[idx] = burst[idx] * rng.uniform(0.8, 1.0, len(idx))
        for ratio, amp, decay in ((1.0, 1.0, 0.08), (2.76, 0.6, 0.05), (5.4, 0.4, 0.03), (8.9, 0.2, 0.02)):
            r = np.exp(-1 / (decay * rate))
            theta = 2 * np.pi * base * ratio / rate
            mono += amp * signal.lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], strikes)
    mono = mono.astype(np.float32)
    return _normalise(pan(mono, 0.4) * _envelope(n, rate, 0.002, 0.25), peak_db=-10.0)


def gunshot(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A pistol shot off stage: the shock front's N-wave, the muzzle blast's bright crack and
    short low report, the first reflections off the room's walls (dense, duller, dying within
    a tenth of a second) and the room ringing after it. (Its numbers were searched for against
    the AudioSet ear, as the render mixes it: bench/sounds.py.)"""
    signal = _signal()
    t = np.arange(n) / rate
    crack = signal.sosfilt(signal.butter(2, [500, 8000], btype="band", fs=rate, output="sos"),
                           rng.standard_normal(n) * np.exp(-t / 0.035))
    report = np.sin(2 * np.pi * 53 * t) * np.exp(-t / 0.023)  # the blast's low thump: without it, a whip
    tail = signal.sosfilt(signal.butter(2, 750, fs=rate, output="sos"), rng.standard_normal(n))
    tail *= np.exp(-t / 0.58) * 0.25
    mono = crack / (np.abs(crack).max() + 1e-9) + report + tail
    # The bullet's shock front: an N-wave, up at once, a linear fall, back, under a millisecond
    # (wider, the AudioSet ear hears a whip).
    width = max(2, int(rng.uniform(0.0003, 0.0008) * rate))
    mono[:width] += np.linspace(1, -1, width)
    echoes = np.zeros(n)
    dull = signal.sosfilt(signal.butter(1, 2500, fs=rate, output="sos"), mono)  # walls take the highs
    for delay in np.sort(rng.uniform(0.006, 0.09, 12)):  # the first reflections, weaker as they come later
        at = int(delay * rate)
        echoes[at:] += dull[: n - at] * 0.35 * rng.uniform(0.4, 1.0) * np.exp(-delay / 0.04)
    out = pan((mono + echoes).astype(np.float32), -0.25)
    # Peaks at -14 dBFS: the master's compressor lets the crack through and holds down the body
    # after it, and from a louder shot the AudioSet ear hears a whip or a burst, not a gun.
    return _normalise(world._room(rng, out, rate, 1.5, 0.12) * _envelope(n, rate, 0.0005, 0.3), peak_db=-14.0)


# The thunder's own rain, 20 dB under the peal: without it the AudioSet ear hears an explosion; at -10 dB
# rain or water, not thunder, the more so over a rain bed held under the scene (a scratch play's six
# thunders, reseeded: over a held rain bed 5 of 12 heard as thunder at -10 dB, 20 of 24 at -20; alone
# 7 of 12 and 23 of 24; -16 and -24 dB were heard as often as -20).
THUNDER_RAIN_DB = -20.0


def thunder(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A peal of thunder in a storm: the lightning's channel is a crooked line kilometres long,
    every kink of it sending its own shock wave (an N-wave); the nearest arrive first as a sharp
    crackle, the farther ones later, longer and duller (the air eats their highs), piling up
    into a long rolling rumble that swells and ebbs, over the rain that comes with it, faint
    (THUNDER_RAIN_DB). (Its numbers were searched for against the AudioSet ear as the render
    mixes it: bench/sounds.py.)"""
    signal = _signal()
    seconds = n / rate
    t = np.arange(n) / rate
    mono = np.zeros(n)
    onset = rng.uniform(0.02, 0.08)
    arrivals = onset + rng.gamma(3.0, seconds / 5.0, int(seconds * 260))
    arrivals = arrivals[arrivals < seconds]
    rolls = _slow_roll(rng, n, rate)
    for at in arrivals:
        late = (at - onset) / seconds  # later arrivals come from farther along the channel
        width = 0.004 + late * rng.uniform(0.02, 0.06)  # the N-wave lengthens with distance
        m = max(4, int(width * rate))
        wave = np.linspace(1, -1, m)  # an N-wave: a jump up, a linear fall, a jump back
        start = int(at * rate)
        end = min(n, start + m)
        mono[start:end] += wave[: end - start] * rng.uniform(0.2, 1.0) * rolls[start] / (1 + 3 * late)
    mono = signal.sosfilt(signal.butter(2, 20, btype="high", fs=rate, output="sos"), mono)
    air = signal.sosfilt(signal.butter(2, 2000, fs=rate, output="sos"), mono)  # the miles of air between
    mono = 0.1 * mono * np.exp(-t / 0.4) + air
    left = np.linspace(0.2, 0.9, n, dtype=np.float32)
    out = np.stack([mono * np.sqrt(1 - left * 0.8), mono * np.sqrt(0.2 + left * 0.8)]).astype(np.float32)
    out = world._room(rng, out, rate, 1.2, 0.4)
    downpour = world.rain(rng, n, rate, wash=0.25) * np.float32(10 ** (THUNDER_RAIN_DB / 20))
    out = _normalise(out, peak_db=-6.0) + downpour
    return _normalise(out * _envelope(n, rate, 0.01, 0.8), peak_db=-13.0)


def _slow_roll(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Thunder's rolling: the rumble's loudness wandering a few times a second, as groups of the
    channel's kinks arrive together."""
    return world._slow(rng, n, rate, 3.0, 0.15, 1.0) ** 2


def drum(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A drum beating off stage: a slow march of low, skin-struck beats."""
    signal = _signal()
    mono = np.zeros(n, dtype=np.float32)
    beat = rng.uniform(0.45, 0.55)
    for k in range(int(n / rate / beat)):
        hit = _thump(rng, rate, rng.uniform(70, 90), 0.09, 0.4) * np.float32(1.0 if k % 2 == 0 else 0.7)
        start = int((0.05 + k * beat) * rate)
        mono[start:start + len(hit)] += hit[: max(0, n - start)]
    mono = signal.sosfilt(signal.butter(2, 2500, fs=rate, output="sos"), mono).astype(np.float32)
    return _normalise(pan(mono, -0.4) * _envelope(n, rate, 0.005, 0.4), peak_db=-9.0)


def clock(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A church clock striking: slow, deep, bell-like strokes."""
    t = np.arange(n) / rate
    base = rng.uniform(300, 380)
    mono = np.zeros(n, dtype=np.float32)
    for s in range(max(1, int(n / rate / 1.6))):
        start = int(s * 1.6 * rate)
        tt = t[: n - start]
        tone = sum(a * np.sin(2 * np.pi * base * r * tt) * np.exp(-tt * d)
                   for r, a, d in [(0.5, 0.6, 1.0), (1, 1, 1.5), (1.19, 0.4, 2.5), (2.0, 0.3, 3.5), (2.53, 0.2, 5)])
        mono[start:] += tone.astype(np.float32)
    return _normalise(pan(mono, 0.2) * _envelope(n, rate, 0.003, 0.5), peak_db=-12.0)


def hit(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """A blow: a slap or a body slammed against a wall, one dull close impact."""
    signal = _signal()
    mono = np.zeros(n, dtype=np.float32)
    impact = _thump(rng, rate, rng.uniform(90, 140), 0.05, 1.0)
    mono[int(0.02 * rate):int(0.02 * rate) + len(impact)] += impact[: max(0, n - int(0.02 * rate))]
    mono = signal.sosfilt(signal.butter(2, 3000, fs=rate, output="sos"), mono).astype(np.float32)
    return _normalise(pan(mono, 0.1) * _envelope(n, rate, 0.001, 0.15), peak_db=-8.0)


def whoosh(rng: np.random.Generator, n: int, rate: int) -> np.ndarray:
    """Something rushing past: noise swept up and down in pitch, crossing the stage."""
    signal = _signal()
    t = np.linspace(0, 1, n)
    out = np.zeros(n)
    for low, high in ((200, 600), (600, 1500), (1500, 4000)):
        band = signal.sosfilt(signal.butter(2, [low, high], btype="band", fs=rate, output="sos"), rng.standard_normal(n))
        centre = (np.log(low) - np.log(200)) / (np.log(4000) - np.log(200))
        out += band * np.exp(-((t - 0.2 - 0.5 * centre) ** 2) / 0.02)
    mono = out.astype(np.float32)
    position = np.linspace(-0.8, 0.8, n, dtype=np.float32)
    stereo = np.stack([mono * np.cos((position + 1) * np.pi / 4), mono * np.sin((position + 1) * np.pi / 4)])
    return _normalise(stereo.astype(np.float32) * _envelope(n, rate, 0.02, 0.2), peak_db=-9.0)


def _crowd(swell: bool):
    """A restless hall's bed, under the crowd's own shouting or muttering voices (alone, the
    noise is heard as the sea)."""
    return lambda rng, n, rate, centre: crowd_bed(rng, n, rate, centre=centre, swell=swell)


def _on_stage(make):
    """A sound from the stage: made where it is, whatever the hall's side."""
    return lambda rng, n, rate, centre: make(rng, n, rate)


Generator = Callable[[np.random.Generator, int, int, float], np.ndarray]  # (rng, n, rate, centre) -> (2, n)

# How each kind's bed is made. A kind with words only (a single voice from the benches) has none.
GENERATORS: dict[Kind, Generator] = {
    Kind.LAUGHTER: lambda rng, n, rate, centre: laughter(rng, n, rate, centre=centre),
    Kind.APPLAUSE: lambda rng, n, rate, centre: applause(rng, n, rate, centre=centre),
    Kind.SHOUTS: _crowd(False),
    Kind.COMMOTION: _crowd(True),
    Kind.MURMUR: babble,
    Kind.PHONE: _on_stage(phone),
    Kind.CLOCK: _on_stage(clock),
    Kind.BELL: _on_stage(bell),
    Kind.KNOCK: _on_stage(world.knock),
    Kind.DOOR: _on_stage(door),
    Kind.FOOTSTEPS: _on_stage(world.footsteps),
    Kind.THUNDER: _on_stage(thunder),
    Kind.DRUM: _on_stage(drum),
    Kind.HIT: _on_stage(hit),
    Kind.WHOOSH: _on_stage(whoosh),
    Kind.GUNSHOT: _on_stage(gunshot),
    Kind.CREAK: _on_stage(world.door_creak),
    Kind.DOOR_OPEN: _on_stage(world.door_open),
    Kind.DOOR_CLOSE: _on_stage(world.door_close),
    Kind.CHURCH_BELL: _on_stage(world.church_bell),
    Kind.TICKING: _on_stage(world.ticking),
    Kind.RAIN: _on_stage(world.rain),
    Kind.WIND: _on_stage(world.wind),
    Kind.SEA: _on_stage(world.sea),
    Kind.BIRDS: _on_stage(world.birds),
    Kind.DOG: _on_stage(world.dog),
    Kind.TRAFFIC: _on_stage(world.traffic),
    Kind.CAR: _on_stage(world.car),
    Kind.TRAIN: _on_stage(world.train),
    Kind.GLASS: _on_stage(world.glass),
    Kind.FIRE: _on_stage(world.fire),
    Kind.TYPEWRITER: _on_stage(world.typewriter),
    Kind.WALLA: babble,
    Kind.COUGH: _on_stage(cough),
    Kind.CAMERA: _on_stage(world.camera),
    Kind.WHISTLE: _on_stage(world.whistle),
    Kind.DIAL: _on_stage(world.dial),
    Kind.LOCK: _on_stage(world.lock),
    Kind.MUSIC: _on_stage(world.sting),
}
