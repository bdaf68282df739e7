"""A clip on disk: reading and writing 16-bit mono WAV, checking that what an engine wrote is
usable speech, and shifting the pitch of a voice whose engine has no pitch of its own."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np

from dramatize.engines.errors import EngineError
from dramatize.lifetime import die_with_parent

# A voice's pitch (0-100, 50 the engine's own) as semitones, for engines with no pitch setting:
# ±4 semitones at the ends, past which a shifted neural voice loses its naturalness (bench/).
SEMITONES_AT_ENDS = 4.0
SHIFTER = "pitchshift-2"  # part of every shifted clip's key: a new shifter, new clips


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples and the sample rate of a 16-bit WAV."""
    try:
        with wave.open(str(path), "rb") as f:
            rate, channels, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
            frames = f.readframes(f.getnframes())
    except (wave.Error, EOFError) as err:
        raise EngineError(f"{path}: not a readable WAV file ({err})") from None
    if width != 2:
        raise EngineError(f"{path}: expected 16-bit samples, got {8 * width}-bit")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def write_wav(path: Path, samples: np.ndarray, rate: int):
    pcm = np.clip(np.round(np.asarray(samples, dtype=np.float64) * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(pcm.tobytes())


def plausible_seconds(text: str, rate_wpm: int) -> tuple[float, float]:
    """The range a clip of `text` may last at `rate_wpm`: wide, to catch only engine failures
    (a dropped setting, a clip of another text), never legitimate speech."""
    words = max(1, len(re.findall(r"\w+", text)))
    expected = words / rate_wpm * 60.0
    letters = sum(c.isalnum() for c in text)  # a long word or a string of digits takes longer than a word
    return 0.25 * expected, 4.0 * max(expected, letters / 12) + 2.0


def verify(path: Path, text: str, rate_wpm: int) -> None:
    """Raise EngineError unless `path` holds audible speech of a plausible length for `text`."""
    if not path.exists() or path.stat().st_size <= 44:
        raise EngineError("the engine wrote no audio")
    samples, rate = read_wav(path)
    seconds = len(samples) / rate
    low, high = plausible_seconds(text, rate_wpm)
    if not low <= seconds <= high:
        raise EngineError(f"clip lasts {seconds:.1f} s, implausible for {len(text.split())} words "
                          f"at {rate_wpm} wpm (expected {low:.1f} to {high:.1f} s)")
    if float(np.abs(samples).max(initial=0.0)) < 0.01:
        raise EngineError("the clip is silent")


def semitones(pitch: int) -> float:
    return (pitch - 50) / 50 * SEMITONES_AT_ENDS


def shifts(pitch: int) -> bool:
    """Whether a voice at `pitch` is shifted at all (a shift under 0.05 semitones is none)."""
    return abs(semitones(pitch)) >= 0.05


def shift_pitch(source: Path, target: Path, pitch: int):
    """Write the clip at `source`, `semitones(pitch)` higher or lower, to `target`, keeping its
    length (Rubber Band, through pedalboard). The formants move with the pitch, so one voice makes
    several characters a speaker-verification model tells apart; a formant-preserving shift
    stays "the same man" to it (bench/ measurements in the issue 13 note). Rubber Band's short
    window suits speech: 27 % less CPU than pedalboard.PitchShift, and clearer to Whisper and
    DNSMOS on the seed's main voice shifted 3 semitones either way (issue 21 note)."""
    import pedalboard

    samples, rate = read_wav(source)
    shifted = pedalboard.time_stretch(samples, rate, pitch_shift_in_semitones=semitones(pitch),
                                      use_long_fft_window=False, preserve_formants=False).reshape(-1)  # (1, n): mono
    write_wav(target, shifted, rate)


def run_program(command: list[str], name: str, timeout: float, stdin: bytes | None = None):
    """An engine's own program, speaking one clip. It ends with its worker, whatever ends that (an
    orphan would write into the cache of a render that has stopped), and must finish in `timeout`
    seconds (a hung one must not hang a render); when it fails, its last word is the error."""
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, preexec_fn=die_with_parent)
    except subprocess.TimeoutExpired:
        raise EngineError(f"{name} took more than {timeout} s") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise EngineError(f"{name} failed: {message[-1] if message else done.returncode}")


def finish(path: Path, text: str, settings):
    """The engine's clip at `path` at the voice's volume, and checked (see verify)."""
    if settings.volume != 1.0:
        samples, rate = read_wav(path)
        write_wav(path, samples * np.float32(settings.volume), rate)
    verify(path, text, settings.rate)
