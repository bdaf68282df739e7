"""The test engine: a deterministic speech-like sound made from the words, for the tests that do
not judge a voice (mixing, export, chapters, sidecars, the page, takes, stems, faults...) and
for a producer checking a script's timing, levels and cues in seconds.

It is chosen only when asked: `DRAMATIZE_ENGINES=test` (a comma-separated list of engines;
`installed_engines` keeps only those named) makes it available, and then the automatic cast
gives its voices; a cast file may name them ("test:alan"). Without that variable it is
unavailable, so the automatic cast never gives a real user one of its voices.

What it makes, in numpy alone (a few milliseconds a clip, the same samples on every run):
every syllable of every word (its vowel letters) is a voiced stretch of harmonics of the
voice's pitch, shaped by the formants of the syllable's vowel and the voice's timbre (a scale
of its formants, a tilt of its brightness); an onset of noise for a fricative, silence between
words and longer pauses at punctuation; a falling pitch over each phrase, rising at a question.
Its pace is the rate in words per minute, its pitch the voice's own moved by the pitch setting
(as clip.semitones reads it; hilda's is shifted after, as a Piper voice's), its volume a gain.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from dramatize.engines.clip import finish, semitones, write_wav
from dramatize.engines.errors import EngineError

RATE = 44100  # the mix rate: its clips need no resampling
SELECT = "DRAMATIZE_ENGINES"  # how a test (or a producer) asks for it

# voice -> (sex, pitch in Hz, formant scale, brightness tilt in dB per kHz, pace in wpm)
VOICES = {
    "alan": ("male", 110.0, 1.00, -3.0, 170),
    "boris": ("male", 92.0, 0.94, -4.5, 160),
    "carl": ("male", 132.0, 1.05, -2.0, 180),
    "dmitri": ("male", 100.0, 0.97, -1.5, 175),
    "edith": ("female", 205.0, 1.17, -2.5, 175),
    "fay": ("female", 235.0, 1.22, -1.5, 185),
    "greta": ("female", 185.0, 1.12, -3.5, 165),
    "hilda": ("female", 220.0, 1.19, -4.0, 170),
}
SHIFTED = {"hilda"}  # a voice with no pitch of its own, as Piper's: spoken at 50, then shifted (clip.shift_pitch)
# A vowel letter's first three formants (Hz), for an adult man; a voice scales them.
FORMANTS = {"a": (730, 1090, 2440), "e": (530, 1840, 2480), "i": (270, 2290, 3010), "o": (570, 840, 2410),
            "u": (300, 870, 2240), "y": (270, 2290, 3010), "": (500, 1500, 2500)}
BANDWIDTHS = (90.0, 110.0, 170.0)
# Lengths in shares of a syllable, fitted to the words' time at the rate asked (60 / rate a word,
# pauses included, as estimate.py counts): a word between words, longer pauses at punctuation.
WORD_GAP = 0.2
PAUSES = {",": 0.5, ";": 0.7, ":": 0.7, "-": 0.6, "—": 0.6, ".": 1.2, "!": 1.2, "?": 1.2, "…": 1.6}
START, END = 0.01, 0.3  # seconds of silence before and after (as espeak-ng leaves)
FRICATIVES = set("sfzhcxj")
_TOKENS = re.compile(r"\w+|[,;:.!?…]|--|—")
_VOWELS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> list[tuple[str, bool]]:
    """(vowel letter, starts with a fricative) for each syllable of a word: one per group of vowel
    letters; a word without (digits, another script) one per two characters."""
    lower = word.lower()
    groups = list(_VOWELS.finditer(lower))
    if not groups:
        return [("", lower[i] in FRICATIVES) for i in range(0, max(1, len(lower)), 2)]
    out = []
    start = 0
    for group in groups:
        onset = lower[start:group.start()]
        out.append((group.group()[0], bool(onset) and onset[-1] in FRICATIVES))
        start = group.end()
    return out


def _seed(text: str, settings) -> int:
    key = f"{settings.engine_voice}|{settings.rate}|{settings.pitch}|{text}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "little")


TABLE = 2048  # points in one period of a syllable's wave: looked up, not summed, per sample


def _syllable(f0: np.ndarray, vowel: str, voice: tuple, phase: float) -> tuple[np.ndarray, float]:
    """One voiced syllable: one period of harmonics of its mean pitch, each as loud as the vowel's
    formants (scaled to the voice) make it, read along the pitch contour `f0` (Hz per sample).
    Returns the samples and the phase (in periods) it ends on."""
    _, _, scale, tilt, _ = voice
    mean_f0 = float(f0.mean())
    harmonics = np.arange(1, int(4000 // mean_f0) + 1)
    freqs = harmonics * mean_f0
    gain = np.zeros(len(harmonics))
    for formant, bandwidth in zip(FORMANTS[vowel], BANDWIDTHS):
        gain += 1.0 / (1.0 + ((freqs - formant * scale) / (bandwidth * scale)) ** 2)
    gain *= 10 ** (tilt * freqs / 1000 / 20) / harmonics ** 0.5
    spectrum = np.zeros(TABLE // 2 + 1, dtype=complex)
    spectrum[harmonics] = -0.5j * TABLE * gain  # sines, summed by one inverse FFT
    table = np.fft.irfft(spectrum, TABLE)
    phases = phase + np.cumsum(f0 / RATE)
    samples = table[(phases * TABLE).astype(np.int64) % TABLE]
    return samples, float(phases[-1] % 1.0) if len(phases) else phase


def _envelope(n: int) -> np.ndarray:
    """Rises in 15 ms, holds, dies away in 40 ms: a syllable, not a click."""
    rise, fall = min(n // 3, int(0.015 * RATE)), min(n // 2, int(0.04 * RATE))
    env = np.ones(n)
    env[:rise] = np.linspace(0, 1, rise, endpoint=False)
    if fall:
        env[n - fall:] = np.linspace(1, 0, fall)
    return env


def _plan(tokens: list[str], rng) -> list[tuple[float, str | None, bool, int]]:
    """(length in shares of a syllable, vowel or None for silence, fricative onset, word number)."""
    plan, word = [], 0
    last = max((n for n, t in enumerate(tokens) if t[0].isalnum()), default=-1)
    for n, token in enumerate(tokens):
        if not token[0].isalnum():
            if 0 < word and n < last:  # a clip starts and ends with its words, as an engine's does
                plan.append((PAUSES.get(token[0], 1.0), None, False, word))
            continue
        plan += [(rng.uniform(0.8, 1.2), vowel, fricative, word) for vowel, fricative in _syllables(token)]
        if n < last:
            plan.append((WORD_GAP, None, False, word))
        word += 1
    return plan


def speak(text: str, settings) -> np.ndarray:
    """The clip's samples at RATE, peaking at 0.5 (before the volume)."""
    voice = VOICES[settings.engine_voice]
    rng = np.random.default_rng(_seed(text, settings))
    base = voice[1] * 2 ** (semitones(settings.pitch) / 12)
    tokens = _TOKENS.findall(text)
    words = sum(t[0].isalnum() for t in tokens)
    plan = _plan(tokens, rng)
    unit = max(0.04, (words * 60.0 / settings.rate - START - END) / max(1e-9, sum(p[0] for p in plan)))
    question = text.rstrip().endswith("?")
    pieces, phase = [np.zeros(int(START * RATE))], 0.0
    for share, vowel, fricative, word in plan:
        length = max(1, int(share * unit * RATE))
        if vowel is None:
            pieces.append(np.zeros(length))
            continue
        # Over a line the pitch falls two semitones (rises three at the end of a question).
        along = word / max(1, words)
        step = (3 * along if question and along > 0.7 else 1 - 2 * along) + rng.normal(0, 0.4)
        hiss = min(length // 4, int(0.06 * RATE)) if fricative else 0  # "s" or "f" before the vowel
        f0 = base * 2 ** (np.linspace(step, step - 0.5, length - hiss) / 12)
        voiced, phase = _syllable(f0, vowel, voice, phase)
        pieces.append(np.diff(rng.standard_normal(hiss + 1)) * 0.15 * _envelope(hiss))
        pieces.append(voiced * _envelope(length - hiss))
    pieces.append(np.zeros(int(END * RATE)))
    samples = np.concatenate(pieces)
    peak = float(np.abs(samples).max(initial=0.0))
    return samples * (0.5 / peak) if peak else samples


class TestEngine:
    name = "test"
    stateful = False
    latin_only = False
    __test__ = False  # not a test class, whatever pytest makes of its name

    def unavailable(self) -> str | None:
        from dramatize.engines import engines_asked

        if "test" not in engines_asked():
            return f"the test engine speaks only when asked: {SELECT}=test"
        return None

    def voices(self) -> list[tuple[str, str, str]]:
        return [(v, "en", VOICES[v][0]) for v in VOICES]

    def has_voice(self, engine_voice: str) -> bool:
        return engine_voice in VOICES

    def palette(self) -> list:
        from dramatize.engines import PaletteVoice

        return [PaletteVoice(v, sex, wpm, 1.0) for v, (sex, _, _, _, wpm) in VOICES.items()]

    def shifts_pitch(self, engine_voice: str) -> bool:
        return engine_voice in SHIFTED

    def clip_version(self, engine_voice: str) -> str:
        return "test-3"  # a new number whenever its samples change

    def prepare(self, engine_voice: str | None = None):
        return None

    def synthesize(self, text: str, settings, path: Path) -> None:
        if settings.engine_voice not in VOICES:
            raise EngineError(f"no test voice '{settings.engine_voice}'; known: {', '.join(VOICES)}")
        if not re.search(r"\w", text):
            raise EngineError("nothing to say")
        write_wav(path, speak(text, settings), RATE)
        finish(path, text, settings)
