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
"""

from __future__ import annotations

from dataclasses import dataclass

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
        shifted = "" if self.pitch in (None, 50) else f" @pitch {self.pitch}"
        return f"{self.engine}:{self.engine_voice}{shifted}"


def _kokoro(voice: str, wer, p808, source="NOTES.md/issue 18", sentences=20) -> Measured:
    from dramatize.engines.kokoro_engine import pace_of

    return Measured("kokoro", voice, "female" if voice[1] == "f" else "male", "GB" if voice[0] == "b" else "US",
                    round(pace_of(voice)), wer, p808, 0.65, f"kokoro:{voice}", source=source, sentences=sentences)


# bench/voices.py --sentences 8 (bench/results/voices.json): am_michael measured beside them gave
# 3.4 % / 4.17 (20 sentences: 0.6 % / 4.06), so P.808 is given here 0.11 lower than heard; the word
# error rates as heard (the same misheard words in every voice: an upper bound).
BENCH8 = "bench/voices.py, 8 sentences, P.808 calibrated by am_michael"


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
    for entry in PALETTE:
        if entry.engine == engine and entry.engine_voice == engine_voice and \
                (entry.pitch or 50) == (pitch or 50):
            return entry
    return None


def palette_of(engine: str, usable) -> list:
    """An engine's PaletteVoices from this table, the voices `usable(engine_voice)` says can speak."""
    from dramatize.engines import PaletteVoice

    # A natural voice at its own pitch (50): a seat's pitch would shift it, at a cost in naturalness.
    return [PaletteVoice(m.engine_voice, m.sex, m.wpm, m.p808 or 3.0,
                         pitch=50 if m.pitch is None and m.tier == NATURAL else m.pitch)
            for m in PALETTE if m.engine == engine and usable(m.engine_voice)]
