"""Per-clip audio processing: load, resample, level-match, effect chain, pan.

Effect chains are pedalboard plugins built from the cast's effect tables."""

from __future__ import annotations

import wave
from functools import lru_cache
from pathlib import Path

import numpy as np
import pedalboard
import soxr

from dramatize.engines.clip import read_wav

SPEECH_LEVEL_DB = -20.0  # every line is brought to this active RMS before its voice's gain
TAIL_EFFECTS = {"reverb", "chorus"}  # effects that ring on after the input ends
TAIL_SECONDS = 0.6


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """A mono clip at another rate (libsoxr, high quality: three times quicker than scipy's
    polyphase resampler, and a twentieth of its import time)."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    return soxr.resample(samples.astype(np.float32, copy=False), rate, target)


@lru_cache(maxsize=4096)
def _wav_microseconds(path: str) -> int:
    with wave.open(path, "rb") as f:
        return f.getnframes() * 1_000_000 // f.getframerate()


def clip_length(path: Path, rate: int) -> int:
    """Length in samples at `rate` of a WAV clip once resampled, read from its header only."""
    return int(np.ceil(_wav_microseconds(str(path)) * rate / 1_000_000))


def load_clip(path: Path, rate: int) -> np.ndarray:
    samples, source_rate = read_wav(path)
    out = resample(samples, source_rate, rate)
    length = clip_length(path, rate)
    return np.pad(out, (0, max(0, length - len(out))))[:length]


def active_rms_db(samples: np.ndarray, rate: int) -> float:
    """RMS over the 20 ms frames that are not near-silent: the level of the voice itself."""
    frame = max(1, rate // 50)
    usable = len(samples) // frame * frame
    if usable == 0:
        return -120.0
    power = np.mean(samples[:usable].reshape(-1, frame) ** 2, axis=1)
    loud = power[power > power.max() * 1e-3]
    return float(10 * np.log10(loud.mean() + 1e-12))


def level_match(samples: np.ndarray, rate: int, target_db: float = SPEECH_LEVEL_DB) -> np.ndarray:
    gain = 10 ** ((target_db - active_rms_db(samples, rate)) / 20)
    return samples * np.float32(gain)


def _plugin(effect):
    p = dict(effect.params)
    kind = effect.type
    if kind == "highpass":
        return pedalboard.HighpassFilter(cutoff_frequency_hz=p.get("cutoff_hz", 80))
    if kind == "lowpass":
        return pedalboard.LowpassFilter(cutoff_frequency_hz=p.get("cutoff_hz", 8000))
    if kind in ("lowshelf", "highshelf", "peak"):
        cls = {"lowshelf": pedalboard.LowShelfFilter, "highshelf": pedalboard.HighShelfFilter,
               "peak": pedalboard.PeakFilter}[kind]
        return cls(cutoff_frequency_hz=p.get("cutoff_hz", 1000), gain_db=p.get("gain_db", 0.0), q=p.get("q", 0.707))
    if kind == "compressor":
        return pedalboard.Compressor(threshold_db=p.get("threshold_db", -18), ratio=p.get("ratio", 3),
                                     attack_ms=p.get("attack_ms", 5), release_ms=p.get("release_ms", 120))
    if kind == "distortion":
        return pedalboard.Distortion(drive_db=p.get("drive_db", 6))
    if kind == "chorus":
        return pedalboard.Chorus(rate_hz=p.get("rate_hz", 1.0), depth=p.get("depth", 0.25), mix=p.get("mix", 0.3))
    if kind == "reverb":
        return pedalboard.Reverb(room_size=p.get("room_size", 0.3), wet_level=p.get("wet_level", 0.2),
                                 dry_level=p.get("dry_level", 0.8), damping=p.get("damping", 0.5))
    if kind == "gain":
        return pedalboard.Gain(gain_db=p.get("gain_db", 0.0))
    raise ValueError(kind)


def has_tail(effects) -> bool:
    return any(e.type in TAIL_EFFECTS for e in effects)


def apply_chain(samples: np.ndarray, rate: int, effects, gain_db: float = 0.0) -> np.ndarray:
    """The voice's effect chain and gain; the output keeps the input's length (pad for tails first)."""
    if effects:
        samples = pedalboard.Pedalboard([_plugin(e) for e in effects])(samples, rate)
    if gain_db:
        samples = samples * np.float32(10 ** (gain_db / 20))
    return samples.astype(np.float32, copy=False)


def pan(mono: np.ndarray, position: float) -> np.ndarray:
    """Constant-power pan: -1 left, 0 centre, 1 right. Returns shape (2, n)."""
    angle = (position + 1) * np.pi / 4
    return np.stack([mono * np.float32(np.cos(angle)), mono * np.float32(np.sin(angle))])


def _filtered(samples: np.ndarray, rate: int, order: int, hz, kind: str) -> np.ndarray:
    from scipy.signal import butter, sosfilt  # only lines that need it pay for the import

    nyquist = rate / 2
    edges = [min(f, 0.95 * nyquist) / nyquist for f in hz] if isinstance(hz, tuple) else min(hz, 0.95 * nyquist) / nyquist
    return sosfilt(butter(order, edges, btype=kind, output="sos"), samples).astype(np.float32)


def place_voice(mono: np.ndarray, rate: int, place) -> tuple[np.ndarray, np.ndarray | None]:
    """A level-matched line where its perspective (perspective.Treatment) puts it: through a
    telephone's band and a little distortion, duller and quieter further off, gliding in level as
    the voice moves. Returns the samples and, for a moving voice, a pan offset per sample."""
    if place.drive_db:
        before = active_rms_db(mono, rate)
        mono = pedalboard.Distortion(drive_db=place.drive_db)(mono.astype(np.float32), rate)
        mono = mono * np.float32(10 ** ((before - active_rms_db(mono, rate)) / 20))  # the grit, not the gain
    if place.band_hz:
        mono = _filtered(mono, rate, 4, place.band_hz, "bandpass")
    if place.lowpass_hz:
        mono = _filtered(mono, rate, 2, place.lowpass_hz, "lowpass")
    gain = np.float32(10 ** (place.gain_db / 20))
    if place.glide_db:
        start, end = place.glide_db
        gain = (10 ** (np.linspace(start, end, len(mono)) / 20) * gain).astype(np.float32)
    mono = (mono * gain).astype(np.float32)
    offsets = np.linspace(*place.pan_glide, len(mono)).astype(np.float32) if place.pan_glide else None
    return mono, offsets


def process_voice_clip(path: Path, rate: int, voice, tail: bool = False, place=None) -> np.ndarray:
    """A speech clip ready for the mix: level-matched, through the voice's chain, placed where its
    perspective puts it (`place`, a perspective.Treatment: the spoken clip is finished, never
    spoken again), panned."""
    mono = level_match(load_clip(path, rate), rate)
    if tail:
        mono = np.pad(mono, (0, int(TAIL_SECONDS * rate)))
    mono = apply_chain(mono, rate, voice.effects, voice.gain_db)
    if place is None:
        return pan(mono, voice.pan)
    mono, offsets = place_voice(mono, rate, place)
    if offsets is None:
        return pan(mono, voice.pan)
    return pan(mono, np.clip(voice.pan + offsets, -1.0, 1.0))
