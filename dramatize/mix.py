"""The mixer: the timeline becomes stereo samples, one window at a time.

Each window holds only the clips that sound in it, so memory does not grow with the
length of the drama. Three buses:
  speech  every line, through its voice chain, panned
  cues    the hall, ducked under speech so words stay clear
  send    a share of both into one shared hall reverb: voices and benches in one room
plus an optional quiet room tone under everything.
"""

from __future__ import annotations

from bisect import bisect_left
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


class Mixer:
    """Mixes any stretch of the timeline; consecutive windows carry the reverb, ducking and
    room-tone state over, so a sequence of windows is one continuous mix."""

    def __init__(self, timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int):
        self.placements = sorted(timeline.placements, key=lambda p: p.start)
        self.starts = [p.start for p in self.placements]
        self.longest = max((p.length for p in self.placements), default=0)
        self.clip_paths = clip_paths
        self.rate = rate
        self.hall = cast.hall
        self.rendered: dict[int, tuple[np.ndarray, float]] = {}  # placement index -> (audio, room)
        self.duck_depth = 1 - 10 ** (self.hall.duck_db / 20)
        self.smooth = np.exp(-1.0 / (DUCK_SMOOTHING * rate))
        # pink filter output has an RMS of about 0.09 for unit white noise
        self.tone_gain = 10 ** (self.hall.tone_db / 20) / 0.09 if self.hall.tone_db is not None else 0.0
        self.reset()

    def reset(self):
        """Start afresh, as at the beginning of the drama."""
        self.reverb = pedalboard.Reverb(room_size=self.hall.reverb_size, damping=0.45, wet_level=1.0,
                                        dry_level=0.0, width=0.9)
        self.duck_state = np.zeros(1)
        self.tone_state = np.zeros(3)
        self.tone_rng = np.random.default_rng(0x700E)

    def _sounding(self, start: int, end: int):
        """(placement, audio, room) for every placement heard in [start, end)."""
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        for index in [i for i in self.rendered if self.placements[i].end <= start]:
            del self.rendered[index]  # finished: its samples are no longer needed
        for index in range(first, last):
            placement = self.placements[index]
            if placement.end <= start:
                continue
            if index not in self.rendered:
                self.rendered[index] = render_source(placement, self.clip_paths, self.rate)
            yield (placement, *self.rendered[index])

    def window(self, start: int, end: int) -> np.ndarray:
        n = end - start
        speech = np.zeros((2, n), dtype=np.float32)
        hall_bus = np.zeros((2, n), dtype=np.float32)
        send = np.zeros((2, n), dtype=np.float32)
        hall_send = np.zeros((2, n), dtype=np.float32)
        talking = np.zeros(n, dtype=np.float64)
        for placement, audio, room in self._sounding(start, end):
            a, b = max(placement.start, start), min(placement.end, end)
            piece = audio[:, a - placement.start:b - placement.start]
            if placement.bus == "speech":
                speech[:, a - start:b - start] += piece
                send[:, a - start:b - start] += piece * np.float32(room)
                talking[a - start:b - start] = 1.0
            else:
                hall_bus[:, a - start:b - start] += piece
                hall_send[:, a - start:b - start] += piece * np.float32(room)
        envelope, self.duck_state = lfilter([1 - self.smooth], [1, -self.smooth], talking, zi=self.duck_state)
        duck = (1 - self.duck_depth * envelope).astype(np.float32)
        hall_bus *= duck
        send += hall_send * duck
        out = speech + hall_bus + self.reverb(send, self.rate, reset=False)
        if self.tone_gain:
            pink, self.tone_state = lfilter(PINK_B, PINK_A, self.tone_rng.standard_normal(n), zi=self.tone_state)
            out += (pink * self.tone_gain).astype(np.float32)  # the same in both ears: a quiet, still room
        return out


def window_bounds(length: int, rate: int) -> list[tuple[int, int]]:
    step = WINDOW_SECONDS * rate
    return [(start, min(length, start + step)) for start in range(0, length, step)]


def mix_windows(timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int, progress=None):
    """Yield the whole mix as consecutive (2, n) float32 windows covering timeline.length samples."""
    mixer = Mixer(timeline, cast, clip_paths, rate)
    if progress:
        progress.start("mixing", timeline.length // rate, unit="s")
    for start, end in window_bounds(timeline.length, rate):
        yield mixer.window(start, end)
        if progress:
            progress.advance((end - start) // rate)
    if progress:
        progress.finish()


def sample_windows(timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int, every: int):
    """Every `every`-th window of the mix, each mixed on its own: enough to measure its level."""
    mixer = Mixer(timeline, cast, clip_paths, rate)
    for start, end in window_bounds(timeline.length, rate)[::every]:
        mixer.reset()
        yield mixer.window(start, end)
