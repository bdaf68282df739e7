"""The measured palette: every voice the automatic cast may choose, with what a listener hears in
it, measured once on a bench (bench/voices.py, or the figures of NOTES.md and issue 18), stored
here, never measured at render time.

For each voice: its engine and engine voice, a fixed pitch for a shifted copy (None: the seat's),
sex, accent, its own pace in words per minute, word error rate (Whisper base, %), naturalness
(DNSMOS P.808), CPU seconds per audio second, its `base` (the speaker behind it: a shifted copy,
or hibari's distillation of Kokoro's af_heart, is the same actor as its source) and its `tier`:

  natural  a neural or HMM voice at its own pitch: leads and real parts;
  shifted  a natural voice pitch-shifted: another character only as a last resort;
  clear    intelligible but robotic (Flite, Festival's diphones): small parts;
  crowd    espeak-ng: the crowd, walla, lines of a few words.

`draft` says whether a voice is quick enough for `--quality draft` (all but Kokoro).

Beside the table, embeddings.json holds a speaker embedding of every palette voice (bench/embeddings.py:
Resemblyzer, the mean over the seed's sentences), so the automatic cast can choose the voice least
like those already speaking (`embedding`, `likeness`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

NATURAL, SHIFTED, CLEAR, CROWD = "natural", "shifted", "clear", "crowd"
WER_COST = 0.02  # of P.808, per percent of words misheard
TIERS = (NATURAL, SHIFTED, CLEAR, CROWD)


@dataclass(frozen=True)
class Measured:
    engine: str
    engine_voice: str
    sex: str
    accent: str  # "US", "GB", "Scottish"
    wpm: int
    wer: float | None  # % of words Whisper base gets wrong on the seed's sentences; None: not measured
    p808: float | None  # DNSMOS P.808
    cpu: float  # CPU seconds per audio second
    base: str  # the speaker behind the voice
    tier: str = NATURAL
    pitch: int | None = None
    source: str = "issue 18"  # where the figures come from
    sentences: int = 20  # how many of the seed's sentences they were measured on

    @property
    def provisional(self) -> bool:
        """Measured on fewer sentences: cast after the voices measured on 20, within a tier."""
        return self.sentences < 20

    @property
    def score(self) -> float:
        """What the automatic cast ranks by: naturalness, less 0.02 for each percent of words
        misheard (a voice not measured for words counted at 5 %)."""
        return (self.p808 or 3.0) - WER_COST * (5.0 if self.wer is None else self.wer)

    @property
    def draft(self) -> bool:
        return self.cpu < 0.3

    @property
    def label(self) -> str:
        return label_of(self.engine, self.engine_voice, self.pitch)


def label_of(engine: str, engine_voice: str, pitch: int | None) -> str:
    """How the palette and embeddings.json name a voice: "kokoro:am_michael",
    "piper:en_US-joe-medium @pitch 88"."""
    shifted = "" if pitch in (None, 50) else f" @pitch {pitch}"
    return f"{engine}:{engine_voice}{shifted}"


def _kokoro(voice: str, wer, p808, source="NOTES.md/issue 18", sentences=20) -> Measured:
    from dramatize.engines.kokoro_engine import pace_of

    return Measured("kokoro", voice, "female" if voice[1] == "f" else "male", "GB" if voice[0] == "b" else "US",
                    round(pace_of(voice)), wer, p808, 0.65, f"kokoro:{voice}", source=source, sentences=sentences)


# bench/voices.py --sentences 8 (bench/results/voices.json): am_michael measured beside them gave
# 3.4 % / 4.17 (20 sentences: 0.6 % / 4.06), so P.808 is given here 0.11 lower than heard; the word
# error rates as heard (the same misheard words in every voice: an upper bound).
BENCH8 = "bench/voices.py, 8 sentences, P.808 calibrated by am_michael"
COMPANY51 = "bench/company.py, 51 words of Brick & Steel at 165 wpm"


# Most natural first within a tier. Figures: 20 of the seed's sentences, Whisper base WER and
# DNSMOS P.808 (NOTES.md "Speech engines beyond espeak-ng", issue 18).
PALETTE: tuple[Measured, ...] = (
    Measured("hibari", "heart", "female", "US", 180, 1.7, 4.18, 0.008, "kokoro:af_heart"),
    _kokoro("af_heart", 1.4, 4.14),
    _kokoro("bm_george", 2.3, 4.08),
    _kokoro("am_michael", 0.6, 4.06),
    _kokoro("am_fenrir", 1.4, 4.06),
    _kokoro("bf_emma", 3.2, 4.04),
    _kokoro("af_bella", 1.4, 3.92),
    _kokoro("af_nicole", 2.0, 3.71),  # breathy
    _kokoro("am_puck", 3.4, 4.23, BENCH8, 8),
    _kokoro("af_sarah", 4.3, 4.11, BENCH8, 8),
    _kokoro("bf_isabella", 3.4, 4.10, BENCH8, 8),
    _kokoro("bm_fable", 3.4, 4.00, BENCH8, 8),
    # Three more men, heard on 51 words each (bench/company.py, issue 18): small parts' voices
    # before a robotic one; provisional until measured on the sentences.
    _kokoro("bm_lewis", 2.0, 3.98, COMPANY51, 3),
    _kokoro("bm_daniel", 4.0, 4.25, COMPANY51, 3),
    _kokoro("am_adam", 6.0, 4.21, COMPANY51, 3),
    Measured("piper", "en_US-joe-medium", "male", "US", 189, 4.3, 4.09, 0.12, "piper:joe", pitch=50),
    Measured("festival", "cmu_us_slt_arctic_hts", "female", "US", 163, 3.4, 3.82, 0.05, "festival:slt", pitch=50),
    # Shifted copies: another character to a speaker-verification model, the same actor to an ear.
    Measured("piper", "en_US-joe-medium", "male", "US", 189, None, 4.17, 0.12, "piper:joe", SHIFTED, 88,
             source="piper_engine.palette"),
    Measured("festival", "cmu_us_slt_arctic_hts", "female", "US", 163, None, 3.82, 0.05, "festival:slt", SHIFTED, 0,
             source="festival_engine.palette"),
    Measured("piper", "en_US-joe-medium", "male", "US", 172, None, 3.55, 0.12, "piper:joe", SHIFTED, 0,
             source="piper_engine.palette"),
    # Clear but robotic: small parts.
    Measured("flite", "rms", "male", "US", 178, 5.2, 3.54, 0.013, "flite:rms", CLEAR, source=BENCH8, sentences=8),
    Measured("flite", "awb", "male", "Scottish", 193, 8.6, 3.52, 0.025, "flite:awb", CLEAR, source=BENCH8, sentences=8),
    Measured("flite", "slt", "female", "US", 189, 6.0, 3.40, 0.013, "flite:slt", CLEAR, source=BENCH8, sentences=8),
    Measured("flite", "kal", "male", "US", 170, 11.2, 3.44, 0.018, "kal", CLEAR, source=BENCH8, sentences=8),
    Measured("festival", "ked_diphone", "male", "US", 149, None, 3.89, 0.05, "festival:ked", CLEAR,
             source="festival_engine.KNOWN"),
)
# espeak-ng (pyttsx3's voices, 20.6 % / 3.61): the crowd tier, from pyttsx3_engine.palette.
ESPEAK = Measured("pyttsx3", "", "?", "US", 175, 20.6, 3.61, 0.01, "espeak-ng", CROWD)


def measured(engine: str, engine_voice: str, pitch: int | None) -> Measured | None:
    """The palette entry of a voice at a pitch (None or 50: its own), if measured."""
    own = 50 if pitch is None else pitch  # not `pitch or 50`: 0 is a pitch (a copy shifted down)
    for entry in PALETTE:
        if entry.engine == engine and entry.engine_voice == engine_voice and \
                (50 if entry.pitch is None else entry.pitch) == own:
            return entry
    return None


def palette_of(engine: str, usable) -> list:
    """An engine's PaletteVoices from this table, the voices `usable(engine_voice)` says can speak."""
    from dramatize.engines import PaletteVoice

    # A natural voice at its own pitch (50): a seat's pitch would shift it, at a cost in naturalness.
    return [PaletteVoice(m.engine_voice, m.sex, m.wpm, m.p808 or 3.0,
                         pitch=50 if m.pitch is None and m.tier == NATURAL else m.pitch)
            for m in PALETTE if m.engine == engine and usable(m.engine_voice)]


EMBEDDINGS = Path(__file__).with_name("embeddings.json")


@lru_cache(maxsize=1)
def embeddings() -> dict[str, np.ndarray]:
    """The stored speaker embeddings by label, each made unit length again (stored to 3
    decimals); none when the file is missing."""
    try:
        stored = json.loads(EMBEDDINGS.read_text(encoding="utf-8"))["voices"]
    except FileNotFoundError:
        return {}
    vectors = {label: np.asarray(vector, dtype=np.float64) for label, vector in stored.items()}
    return {label: v / np.linalg.norm(v) for label, v in vectors.items()}


def embedding(engine: str, engine_voice: str, pitch: int | None) -> np.ndarray | None:
    """A voice's stored embedding: a shifted copy's own at its fixed pitch, else the voice's at
    its own pitch (a seat's pitch moves it less than a copy's shift); None if never measured."""
    stored = embeddings()
    found = stored.get(label_of(engine, engine_voice, pitch))
    return found if found is not None else stored.get(label_of(engine, engine_voice, None))


def likeness(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Cosine similarity of two stored embeddings (above 0.75 a speaker-verification model takes
    them for one person); None when either voice was never measured."""
    return None if a is None or b is None else float(a @ b)


def nearest(engine: str, engine_voice: str, pitch: int | None) -> tuple[str, float] | None:
    """The other stored voice most like this one (its label) and their likeness, for `dramatize
    voices`; None when this voice was never measured."""
    own = label_of(engine, engine_voice, pitch)
    mine = embeddings().get(own)
    others = [(float(mine @ v), label) for label, v in embeddings().items() if label != own] if mine is not None else []
    if not others:
        return None
    similarity, label = max(others)
    return label, similarity


# `dramatize voices`: the figures the automatic cast ranks by (Whisper base word errors and DNSMOS
# P.808 on the seed's sentences, CPU seconds per audio second), the other palette voice most like
# it (stored speaker embeddings, cosine) and where the figures come from.
HEADINGS = f"{'tier':<8} {'WER %':>6} {'P.808':>6} {'CPU/s':>6}  {'nearest voice (alike)':<46} source"


def figures(engine: str, engine_voice: str, pitch: int | None) -> str:
    """A voice's columns under HEADINGS; "" when not measured."""
    m = measured(engine, engine_voice, pitch) or (ESPEAK if engine == ESPEAK.engine else None)
    if m is None:
        return ""
    near = nearest(engine, engine_voice, pitch)
    return (f"{m.tier:<8} {'' if m.wer is None else f'{m.wer:.1f}':>6} {'' if m.p808 is None else f'{m.p808:.2f}':>6} "
            f"{m.cpu:>6.3f}  {f'{near[0]} ({near[1]:.2f})' if near else '':<46} {m.source}")


def copies(engine: str, engine_voice: str) -> list[int]:
    """The fixed pitches of a voice's shifted copies in the palette."""
    return [m.pitch for m in PALETTE
            if (m.engine, m.engine_voice) == (engine, engine_voice) and m.pitch not in (None, 50)]
