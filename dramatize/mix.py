"""The mixer: the timeline becomes stereo samples, one window at a time.

Each window holds only the clips that sound in it, so memory does not grow with the
length of the drama. Three buses:
  speech  every line, through its voice chain, panned
  cues    the hall, ducked under speech so words stay clear
  send    a share of both into one shared hall reverb: voices and benches in one room
plus an optional quiet room tone under everything.
"""

from __future__ import annotations

import queue
import threading
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

import numpy as np
import pedalboard

from dramatize.cues import beds, sound as cues
from dramatize.production.cast import Cast
from dramatize.effects import has_tail, process_voice_clip
from dramatize.acoustics import REVERBS, send
from dramatize.perspective import room_for
from dramatize.model import NARRATOR
from dramatize.plan import CueSource, Placement, SpeechSource, Timeline

WINDOW_SECONDS = 15
DUCK_SMOOTHING = 0.08  # seconds: how fast the hall dips under a voice and comes back
DUCK_STEP = 64  # the ducking envelope is computed every 64 samples and interpolated between
TONE_LOOP_SECONDS = 23  # room tone is one seeded loop of pink noise, not new noise for hours
WET_SPREAD_SECONDS = 0.013  # the mono hall reverb reaches the right ear this much later: width

TONE_LOWEST_HZ = 30  # the room tone has no rumble below this


@lru_cache(maxsize=2)
def pink_loop(n: int, rate: int, seed: int) -> np.ndarray:
    """n samples of pink noise (power falling 3 dB an octave: a room, not a hiss) at RMS 1,
    made in the frequency domain, so the loop is seamless where it wraps around."""
    rng = np.random.default_rng(seed)
    bins = n // 2 + 1
    spectrum = rng.standard_normal(bins) + 1j * rng.standard_normal(bins)
    freqs = np.arange(bins) * rate / n
    spectrum *= np.where(freqs >= TONE_LOWEST_HZ, 1 / np.sqrt(np.maximum(freqs, 1.0)), 0.0)
    pink = np.fft.irfft(spectrum, n)
    pink /= np.sqrt(np.mean(pink ** 2))
    pink.setflags(write=False)  # cached and shared
    return pink


def glide(x: np.ndarray, coeff: float, state: float) -> tuple[np.ndarray, float]:
    """One-pole smoothing y[n] = coeff * y[n-1] + (1 - coeff) * x[n], starting from
    y[-1] = state; returns (y, its last value). Solved in closed form a chunk at a time
    (the chunk is short enough that coeff ** -chunk stays far from overflowing)."""
    chunk = max(1, int(20 / -np.log(coeff)))
    out = np.empty(len(x))
    for start in range(0, len(x), chunk):
        part = x[start:start + chunk]
        decay = coeff ** np.arange(len(part))  # coeff ** k
        out[start:start + len(part)] = decay * (coeff * state + (1 - coeff) * np.cumsum(part / decay))
        state = out[start + len(part) - 1]
    return out, state


def render_source(placement: Placement, clip_paths: dict[str, Path], rate: int,
                  bed_paths: dict[str, Path] | None = None) -> tuple[np.ndarray, float]:
    """The placement's stereo samples and its send level to the hall reverb."""
    source = placement.source
    if isinstance(source, SpeechSource) and source.silent:  # a muted role: the hall still makes room for it
        return np.zeros((2, placement.length), dtype=np.float32), 0.0
    if isinstance(source, SpeechSource):
        audio = process_voice_clip(clip_paths[source.key], rate, source.voice, tail=has_tail(source.voice.effects),
                                   place=source.place)
        room = room_for(source.voice.room, source.place)  # off: further into the room
    else:
        assert isinstance(source, CueSource)
        audio = cues.render(source.spec, source.arrangement, clip_paths, rate, bed_paths)
        room = source.spec.room
    audio = audio[:, : placement.length]
    if audio.shape[1] < placement.length:
        audio = np.pad(audio, ((0, 0), (0, placement.length - audio.shape[1])))
    return audio, send(placement.space, room)  # the scene's space: the open air sends little, a church much


class Mixer:
    """Mixes any stretch of the timeline; consecutive windows carry the reverb, ducking and
    room-tone state over, so a sequence of windows is one continuous mix."""

    def __init__(self, timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int,
                 bed_paths: dict[str, Path] | None = None):
        self.placements = sorted(timeline.placements, key=lambda p: p.start)
        self.starts = [p.start for p in self.placements]
        self.longest = max((p.length for p in self.placements), default=0)
        # Sounds that go on, dipped under the one-shots over them (beds.dips), by placement.
        self.dips = {id(self.placements[i]): spans for i, spans in beds.dips(self.placements).items()}
        self.clip_paths = clip_paths
        self.bed_paths = bed_paths
        self.rate = rate
        self.hall = cast.hall
        self.rendered: dict[int, tuple[np.ndarray, float]] = {}  # placement index -> (audio, room)
        self.duck_depth = 1 - 10 ** (self.hall.duck_db / 20)
        self.smooth = np.exp(-DUCK_STEP / (DUCK_SMOOTHING * rate))
        self.tone = self._room_tone()
        self.spread = int(WET_SPREAD_SECONDS * rate)
        self.reset()

    def _room_tone(self) -> np.ndarray | None:
        if self.hall.tone_db is None:
            return None
        pink = pink_loop(TONE_LOOP_SECONDS * self.rate, self.rate, seed=0x700E)
        return (pink * 10 ** (self.hall.tone_db / 20)).astype(np.float32)

    def _tone_at(self, start: int, n: int) -> np.ndarray:
        """n samples of the room-tone loop from position `start` of the drama."""
        offset = start % len(self.tone)
        # (np.take's "wrap" mode was tried: its cost grows with the index, hours into a drama.)
        return np.resize(np.roll(self.tone, -offset), n)

    def reset(self):
        """Start afresh, as at the beginning of the drama."""
        # One mono reverb for the hall (half the cost of a stereo one); the right ear hears it
        # a few milliseconds later, which is enough to make it wide.
        self.reverb = pedalboard.Reverb(room_size=self.hall.reverb_size, damping=0.45, wet_level=1.0,
                                        dry_level=0.0)
        self.wet_carry = np.zeros(self.spread, dtype=np.float32)
        self.duck_state = 0.0
        self.spaces: dict[str, SpaceReverb] = {}  # a space with a reverb of its own, once it is heard

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
                self.rendered[index] = render_source(placement, self.clip_paths, self.rate, self.bed_paths)
            yield (placement, *self.rendered[index])

    def window(self, start: int, end: int, stems: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """The mix of [start, end); `stems`, if given, is filled with its parts by stem name
        (stem_of), which add up to the mix."""
        n = end - start
        speech = np.zeros((2, n), dtype=np.float32)
        hall_bus = np.zeros((2, n), dtype=np.float32)
        send = np.zeros(n, dtype=np.float32)
        hall_send = np.zeros(n, dtype=np.float32)
        space_sends: dict[tuple[str, bool], np.ndarray] = {}  # (space, a voice's?) -> send, for spaces with their own reverb
        steps = -(-n // DUCK_STEP)
        talking = np.zeros(steps + 1)
        for placement, audio, room in self._sounding(start, end):
            a, b = max(placement.start, start), min(placement.end, end)
            piece = audio[:, a - placement.start:b - placement.start]
            if id(placement) in self.dips:
                piece = piece * beds.dip_gain(self.dips[id(placement)], a, b, self.rate)
            if stems is not None:
                stem = stems.setdefault(stem_of(placement), np.zeros((2, n), dtype=np.float32))
                stem[:, a - start:b - start] += piece
            speaks = placement.bus == "speech"
            if speaks:
                speech[:, a - start:b - start] += piece
                talking[(a - start) // DUCK_STEP:-(-(b - start) // DUCK_STEP)] = 1.0
            else:
                hall_bus[:, a - start:b - start] += piece
            if placement.space in REVERBS:
                target = space_sends.setdefault((placement.space, speaks), np.zeros(n, dtype=np.float32))
            else:
                target = send if speaks else hall_send
            target[a - start:b - start] += (piece[0] + piece[1]) * np.float32(room / 2)
        coarse, self.duck_state = glide(talking[:steps], self.smooth, self.duck_state)
        envelope = _steps_joined(coarse, n)
        duck = (1 - self.duck_depth * envelope).astype(np.float32)
        hall_bus *= duck
        send += hall_send * duck
        wet = self.reverb(send[np.newaxis], self.rate, reset=False)[0]
        wet = self._spaces_ring(wet, space_sends, duck, start)
        delayed = np.concatenate([self.wet_carry, wet])
        self.wet_carry = delayed[n:]
        out = speech + hall_bus
        out[0] += wet
        out[1] += delayed[:n]
        if self.tone is not None:  # the same in both ears: a quiet, still room
            out += self._tone_at(start, n)
        if stems is not None:
            if CUES in stems:
                stems[CUES] *= duck
            hall = stems[HALL] = np.stack([wet, delayed[:n]])
            if self.tone is not None:
                hall += self._tone_at(start, n)
        return out


    def _spaces_ring(self, wet: np.ndarray, sends: dict[tuple[str, bool], np.ndarray], duck: np.ndarray,
                     start: int) -> np.ndarray:
        """`wet` with the reverbs of the spaces that have their own (a car, a church) added: each fed
        its scene's sends (the cues' ducked, as the hall's), and run on while its tail rings."""
        for (space, speaks), signal in sends.items():
            reverb = self.spaces.setdefault(space, SpaceReverb(*REVERBS[space]))
            reverb.fed(signal if speaks else signal * duck, start)
        for reverb in self.spaces.values():
            wet = wet + reverb.ring(len(wet), start, self.rate)
        return wet


class SpaceReverb:
    """The reverb of one kind of space, fed only where a scene is played in it: between its scenes
    it runs on until its tail has died (SPACE_TAIL_SECONDS), then rests, starting clean next time."""

    def __init__(self, size: float, damping: float, wet: float):
        self.reverb = pedalboard.Reverb(room_size=size, damping=damping, wet_level=wet, dry_level=0.0)
        self.input: np.ndarray | None = None
        self.last_fed = None  # the sample after the last one fed

    def fed(self, signal: np.ndarray, start: int):
        self.input = signal if self.input is None else self.input + signal
        self.last_fed = start + len(signal)

    def ring(self, n: int, start: int, rate: int) -> np.ndarray:
        signal, self.input = self.input, None
        if signal is None:
            if self.last_fed is None or start > self.last_fed + SPACE_TAIL_SECONDS * rate:
                if self.last_fed is not None:
                    self.reverb.reset()
                    self.last_fed = None
                return np.zeros(n, dtype=np.float32)
            signal = np.zeros(n, dtype=np.float32)
        return self.reverb(signal[np.newaxis], rate, reset=False)[0]


SPACE_TAIL_SECONDS = 8  # a church's tail has died by then


NARRATION, CUES, HALL = "narration", "cues", "hall"  # the stems that are not a speaker's


def stem_of(placement: Placement) -> str:
    """The stem a placement sounds in: its speaker's (by cast id), the narration, or the cues;
    the hall's reverb and room tone are the HALL stem."""
    if placement.bus != "speech":
        return CUES
    speaker = placement.source.voice.id
    return NARRATION if speaker == NARRATOR else speaker


def stem_names(timeline: Timeline) -> list[str]:
    """Every stem of a timeline's mix: the narration and speakers in order of appearance, the cues, the hall."""
    found = dict.fromkeys(stem_of(p) for p in sorted(timeline.placements, key=lambda p: p.start))
    return [name for name in found if name != CUES] + [CUES] * (CUES in found) + [HALL]


def _steps_joined(coarse: np.ndarray, n: int) -> np.ndarray:
    """n samples joining the values `coarse`, one every DUCK_STEP samples, by straight lines, then
    holding the last: np.interp's values exactly (its arithmetic, in its order), without its
    search for every sample (a third of its time)."""
    ramps = (np.diff(coarse) / DUCK_STEP)[:, None] * np.arange(DUCK_STEP, dtype=np.float64) + coarse[:-1, None]
    return np.concatenate([ramps.ravel(), np.full(n - ramps.size, coarse[-1])])


def window_bounds(length: int, rate: int) -> list[tuple[int, int]]:
    step = WINDOW_SECONDS * rate
    return [(start, min(length, start + step)) for start in range(0, length, step)]


def mix_windows(timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int, progress=None,
                bed_paths: dict[str, Path] | None = None, stems=None):
    """Yield the whole mix as consecutive (2, n) float32 windows covering timeline.length samples;
    `stems(parts)`, if given, is handed each window's stems ({name: (2, n)}, every name of
    stem_names, silent ones as zeros) as it is made."""
    mixer = Mixer(timeline, cast, clip_paths, rate, bed_paths)
    names = stem_names(timeline) if stems else []
    if progress:
        progress.start("mixing", timeline.length // rate, unit="s")
    for start, end in window_bounds(timeline.length, rate):
        if stems:
            parts: dict[str, np.ndarray] = {}
            window = mixer.window(start, end, parts)
            stems({name: parts.get(name, np.zeros((2, end - start), dtype=np.float32)) for name in names})
            yield window
        else:
            yield mixer.window(start, end)
        if progress:
            progress.advance((end - start) // rate)
    if progress:
        progress.finish()


def made_ahead(windows, depth: int = 2):
    """Yield what `windows` yields, made in a thread up to `depth` windows ahead: the next window is
    mixed while this one is mastered (the reverb, the master's chain and numpy's sums let go of the
    GIL), so the two share the cores with the encoder. An error in the thread is raised here; a
    consumer that stops early stops the thread."""
    made: queue.Queue = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=0.05)
                return True
            except queue.Full:
                pass
        return False

    def run():
        try:
            for window in windows:
                if not put(window):
                    return
            put(end)
        except BaseException as err:  # noqa: BLE001 - raised again in the consumer's thread
            put(err)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        while (item := made.get()) is not end:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def sample_windows(timeline: Timeline, cast: Cast, clip_paths: dict[str, Path], rate: int, every: int,
                   bed_paths: dict[str, Path] | None = None) -> list[np.ndarray]:
    """Every `every`-th window of the mix, each mixed on its own: enough to measure its level.
    (Mixing them in two threads saved 0.05 s of a 12 s render and cost 30 MB: not done.)"""
    mixer = Mixer(timeline, cast, clip_paths, rate, bed_paths)
    windows = []
    for start, end in window_bounds(timeline.length, rate)[::every]:
        mixer.reset()
        windows.append(mixer.window(start, end))
    return windows
