"""The mixer: the timeline becomes stereo samples, one window at a time.

Each window holds only the clips that sound in it, so memory does not grow with the
length of the drama. Three buses:
  speech  every line, through its voice chain, panned
  cues    the hall, ducked under speech so words stay clear
  send    a share of both into one shared hall reverb: voices and benches in one room
plus an optional quiet room tone under everything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pedalboard
from scipy.signal import lfilter

from dramatize import cues
from dramatize.cast import Cast
from dramatize.effects import has_tail, process_voice_clip
from dramatize.plan import CueSource, Placement, SpeechSource, Timeline

WINDOW_SECONDS = 15
DUCK_SMOOTHING = 0.08  # seconds: how fast the hall dips under a voice and comes back

# Paul Kellet's filter turns white noise into pink: room tone without hiss.
PINK_B = [0.049922035, -0.095993537, 0.050612699, -0.004408786]
PINK_A = [1, -2.494956002, 2.017265875, -0.522189400]


def render_source(placement: Placement, clip_paths: dict[str, Path], rate: int) -> tuple[np.ndarray, float]:
    """The placement's stereo samples and its send level to the hall reverb."""
    source = placement.source
    if isinstance(source, SpeechSource):
        audio = process_voice_clip(clip_paths[source.key], rate, source.voice, tail=has_tail(source.voice.effects))
        room = source.voice.room
    else:
        assert isinstance(source, CueSource)
        audio = cues.render(source.spec, source.arrangement, clip_paths, rate)
        room = source.spec.room
    audio = audio[:, : placement.length]
    if audio.shape[1] < placement.length:
        audio = np.pad(audio, ((0, 0), (0, placement.length - audio.shape[1])))
    return audio, room


def mix_windows(timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int, progress=None):
    """Yield the mix as consecutive (2, n) float32 windows covering timeline.length samples."""
    placements = sorted(timeline.placements, key=lambda p: p.start)
    window = WINDOW_SECONDS * rate
    hall = cast.hall
    reverb = pedalboard.Reverb(room_size=hall.reverb_size, damping=0.45, wet_level=1.0, dry_level=0.0, width=0.9)
    duck_depth = 1 - 10 ** (hall.duck_db / 20)
    smooth = np.exp(-1.0 / (DUCK_SMOOTHING * rate))
    duck_state = np.zeros(1)
    tone_rng = np.random.default_rng(0x700E)
    tone_state = np.zeros(3)
    tone_gain = 10 ** (hall.tone_db / 20) / 0.09 if hall.tone_db is not None else 0.0  # pink filter output RMS ~0.09
    active: list[tuple[Placement, np.ndarray, float]] = []
    following = 0
    if progress:
        progress.start("mixing", timeline.length // rate, unit="s")

    for start in range(0, timeline.length, window):
        end = min(timeline.length, start + window)
        n = end - start
        while following < len(placements) and placements[following].start < end:
            placement = placements[following]
            audio, room = render_source(placement, clip_paths, rate)
            active.append((placement, audio, room))
            following += 1
        speech = np.zeros((2, n), dtype=np.float32)
        hall_bus = np.zeros((2, n), dtype=np.float32)
        speech_send = np.zeros((2, n), dtype=np.float32)
        hall_send = np.zeros((2, n), dtype=np.float32)
        talking = np.zeros(n, dtype=np.float64)
        for placement, audio, room in active:
            a, b = max(placement.start, start), min(placement.end, end)
            if a >= b:
                continue
            piece = audio[:, a - placement.start:b - placement.start]
            if placement.bus == "speech":
                speech[:, a - start:b - start] += piece
                speech_send[:, a - start:b - start] += piece * np.float32(room)
                talking[a - start:b - start] = 1.0
            else:
                hall_bus[:, a - start:b - start] += piece
                hall_send[:, a - start:b - start] += piece * np.float32(room)
        active = [entry for entry in active if entry[0].end > end]

        envelope, duck_state = lfilter([1 - smooth], [1, -smooth], talking, zi=duck_state)
        duck = (1 - duck_depth * envelope).astype(np.float32)
        hall_bus *= duck
        hall_send *= duck
        wet = reverb(speech_send + hall_send, rate, reset=False)
        out = speech + hall_bus + wet
        if tone_gain:
            pink, tone_state = lfilter(PINK_B, PINK_A, tone_rng.standard_normal(n), zi=tone_state)
            out += (pink * tone_gain).astype(np.float32)  # the same in both ears: a quiet, still room
        if progress:
            progress.advance(n // rate)
        yield out
    if progress:
        progress.finish()
