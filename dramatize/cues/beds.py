"""Beds: a sound held under a scene (rain, a train, a crowd, music) instead of heard once.

  held(text, kind)   whether a direction asks for its sound to go on: an ATMOS:/B/G: line, HOLD
                     UNDER, UNDER, ESTABLISH, CONTINUES, THROUGHOUT, IN THE BACKGROUND… on a sound
                     that goes on by nature (kinds.py `continuous`) or on the producer's music
  ending(text)       whether a direction ends held sounds: FADE OUT, UP AND OUT, CUT, STOPS,
                     DIES AWAY, CROSSFADE… and which (a kind it names, or every bed: None)
  loop(make, rng, rate)  a seamless loop of a generator's sound, to hold for any length

A held bed fades in, stays under the speech (the hall's ducking lowers it while anyone speaks),
dips under a sound heard once over it (dips, dip_gain: the mixer applies them), and fades out
where the script ends it or where its scene ends: never cut. The layout
(plan.py) places it; these rules decide, from the direction's words alone, in every family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from dramatize.cues.kinds import BY_NAME, Kind, sound_of
from dramatize.model import Direction

FADE_IN_SECONDS = 1.2
FADE_OUT_SECONDS = 2.5
ESTABLISH_SECONDS = 3.0  # ESTABLISH: heard alone this long before anyone speaks over it
SETTLE_SECONDS = 2.0  # otherwise: this long (the fade-in done, heard whole a moment)
AFTER_SECONDS = 0.6  # at a scene's end, held sounds go on this long after the last line, then fade out
ENDING_SECONDS = 1.2  # where the script ends one (FADE OUT), the next line waits this long into its fade
LOOP_SECONDS = 12.0  # the held sound repeats every this long (crossfaded: no seam)
SEAM_SECONDS = 1.0
BED_DB = -6.0  # a held bed sits under the scene, below a sound heard once
SEGMENT_SECONDS = 30.0  # a long bed is placed in pieces of this length, so the mixer holds little of it

_HOLD = re.compile(r"\b(?:hold(?:s|ing)?(?:\s+(?:under|behind|in\s+b/?g))?|(?:fades?\s+|up\s+and\s+|down\s+and\s+)?under"
                   r"|establish(?:ed|es)?|continu(?:es|ing|e|ous|ously)|throughout|all\s+(?:the\s+)?(?:while|through)"
                   r"|(?:in|into)\s+(?:the\s+)?background|b/?g|atmos(?:phere)?|ambien(?:ce|t)|steady|steadily"
                   r"|keeps?\s+(?:on|up)|goes\s+on|still)\b", re.I)
_ESTABLISH = re.compile(r"\bestablish(?:ed|es)?\b", re.I)
_CROSSFADE = re.compile(r"\bcross-?\s?fades?\b|\bsegue\b", re.I)
CROSSFADE_SECONDS = 0.3  # after a CROSSFADE the next scene's held sound starts this soon into the last one's fade
_OUT = re.compile(r"^[^a-z]*\bOUT\W*$")  # TRAIN OUT., F/X: OUT: working words, in capitals ("They go out." is an exit)
_ATMOS_LINE = re.compile(r"^\W*(?:atmos(?:phere)?|ambience|b/?g|background)\b", re.I)
_END = re.compile(r"\b(?:(?:slow(?:ly)?\s+|quick(?:ly)?\s+)?fades?\s+(?:out|away|down\s+and\s+out)|fading\s+(?:out|away)"
                  r"|up\s+and\s+out|cuts?(?:\s+out|\s+off)?\W*$|clean\s+out|stops?|stopped|ceases?"
                  r"|dies\s+(?:away|down|out)|silence\W*$|cross-?\s?fades?(?:\s+to)?|segue)(?!\w)", re.I)


@dataclass(frozen=True)
class Ending:
    kind: str | None  # the kind of bed it ends; None: every bed playing
    line: int
    crossfade: bool = False  # CROSSFADE (TO:), SEGUE: the next scene's held sound rises as this one falls


def held(text: str, kind: str | None) -> bool:
    """Whether a direction naming the sound `kind` ("file" for the producer's) asks for it to go on."""
    if kind == "file":  # the producer's recording (music, an atmosphere): held when the words say so
        return bool(_HOLD.search(text))
    sound = BY_NAME.get(kind)  # (the built-in music bridge does not go on: it is no sound that lasts)
    return bool(sound and sound.continuous and (_HOLD.search(text) or _ATMOS_LINE.match(text)))


def ending(text: str, line: int) -> Ending | None:
    """What a direction ends, if it is an end: `F/X: TRAIN UP AND OUT` the train, `FADE OUT.` everything."""
    if not (_END.search(text) or _OUT.match(text)):
        return None
    named = sound_of(text)
    if named is None and len(re.findall(r"\w+", text)) > 3:
        return None  # "He stops by the window" ends no sound: an end that names none is working words only
    return Ending(named.name.value if named else None, line, bool(_CROSSFADE.search(text)))


def loop(make, rng: np.random.Generator, rate: int) -> np.ndarray:
    """LOOP_SECONDS of the generator's steady sound that repeats without a seam: made longer, its
    own fade-in and fade-out cut away, and its end crossfaded into its start (equal power: the
    two ends are unrelated noise)."""
    n, seam, margin = int(LOOP_SECONDS * rate), int(SEAM_SECONDS * rate), int(2.0 * rate)
    made = make(rng, n + seam + 2 * margin, rate)
    steady = made[:, margin:margin + n + seam]
    ramp = np.sqrt(np.linspace(0.0, 1.0, seam, dtype=np.float32))
    out = steady[:, :n].copy()
    out[:, :seam] = steady[:, :seam] * ramp + steady[:, n:n + seam] * ramp[::-1]
    return out


def established(text: str) -> bool:
    """ESTABLISH: the sound is heard alone a while before anyone speaks over it."""
    return bool(_ESTABLISH.search(text))


def seamless(audio: np.ndarray, rate: int) -> np.ndarray:
    """A recording whose end is crossfaded into its start, so it repeats without a seam."""
    seam = min(int(SEAM_SECONDS * rate), audio.shape[1] // 3)
    if seam < 2:
        return audio.astype(np.float32)
    n = audio.shape[1] - seam
    ramp = np.sqrt(np.linspace(0.0, 1.0, seam, dtype=np.float32))
    out = audio[:, :n].astype(np.float32).copy()
    out[:, :seam] = audio[:, :seam] * ramp + audio[:, n:n + seam] * ramp[::-1]
    return out


def held_section(bed: np.ndarray, offset: int, n: int, whole: int, rate: int) -> np.ndarray:
    """Samples [offset, offset+n) of a bed held `whole` samples: the loop repeated, faded in at its
    start and out at its end. Consecutive sections join without a seam."""
    index = (np.arange(offset, offset + n) % bed.shape[1])
    out = bed[:, index]
    position = np.arange(offset, offset + n, dtype=np.float32)
    rise = np.clip(position / max(1, int(FADE_IN_SECONDS * rate)), 0, 1) ** 2
    fall = np.clip((whole - position) / max(1, int(FADE_OUT_SECONDS * rate)), 0, 1) ** 1.5
    return (out * (rise * fall)).astype(np.float32)


_UNDER = re.compile(r"\b(?:fade|fades|hold|holds|down\s+and|up\s+and)\s+under\b", re.I)


def asks_under(text: str) -> bool:
    """A line that sends a sound under the scene (FADE UNDER, HOLD UNDER), music aside: the
    built-in bridge is never held, and the render already names the music cues that want a file."""
    named = sound_of(text)
    return bool(_UNDER.search(text)) and not (named and named.name == Kind.MUSIC)


# A scene's heading names where it is; where that place has a sound of its own, it is held under
# the whole scene, low (ATMOSPHERE_DB under a bed the script asks for). Only words that say the
# place outright: a wrong guess is worse than quiet. A cast file's [[scenes]] rule overrides.
_PLACES: tuple[tuple[Kind, re.Pattern], ...] = tuple((kind, re.compile(words, re.I)) for kind, words in (
    (Kind.TRAIN, r"\b(?:railway carriage|train|railway|railroad|compartment|subway|underground platform)s?\b"),
    (Kind.SEA, r"\b(?:beach|shore|seashore|seaside|sea front|harbou?r|pier|quay|docks?|cliff tops?|coast|on deck)\b"),
    (Kind.RAIN, r"\b(?:rain|storm|downpour)\b"),
    (Kind.TRAFFIC, r"\b(?:street|road|avenue|high street|city square|town square|crossroads|sidewalk|pavement)s?\b"),
    (Kind.BIRDS, r"\b(?:garden|park|forest|woods?|meadow|orchard|countryside|farmyard|lawn|glade|hillside)s?\b"),
    (Kind.FIRE, r"\b(?:fireside|fireplace|hearth|campfire|bonfire)s?\b"),
    (Kind.WIND, r"\b(?:moor|moorland|heath|mountain ?top|summit|rooftop|blizzard)s?\b"),
))
ATMOSPHERE_DB = -8.0
ATMOSPHERES = tuple(k.value for k, s in BY_NAME.items() if s.continuous) + ("none",)  # what [[scenes]] may name


SCENE_FAMILIES = ("fountain", "radio", "play")  # whose chapter titles are scene headings (a transcript's quote a speech)


def atmosphere(heading: str, rules=(), guess: bool = True) -> tuple[str | None, object]:
    """(kind, rule) of the sound held under a scene with this heading: the first [[scenes]] rule
    that matches (its atmosphere, "none" for silence, or its file: kind "file"), else, when `guess`,
    the place the heading names (rule None), else (None, None)."""
    for rule in rules:
        if (rule.file or rule.type) and rule.matches(heading):  # (a rule may set only the acoustic)
            kind = "file" if rule.file else rule.type
            return (None if kind == "none" else kind), rule
    if not guess:
        return None, None
    return next(((kind.value, None) for kind, words in _PLACES if words.search(heading)), (None, None))


def scene_atmosphere(chapter, family: str, rules=()) -> tuple[str | None, object]:
    """`atmosphere` of a body chapter of a script of `family`; none guessed for a scene that holds
    sounds of its own (the script's, not a guess from its heading)."""
    if chapter.kind != "body":
        return None, None
    place, rule = atmosphere(chapter.title, rules, guess=family in SCENE_FAMILIES)
    if place and rule is None and any(isinstance(e, Direction) and held(e.text, e.sound) for e in chapter.events):
        return None, None
    return place, rule


class Playing:
    """The sounds held in one scene as the plan reads it: what an end ends, what is left at the
    scene's end, for the warnings."""

    def __init__(self):
        self.held: dict[str, int] = {}  # kind -> the line that started it
        self.unwritten: set[str] = set()  # held without the script asking (a scene's atmosphere): not reported

    def start(self, kind: str, line: int, written: bool = True):
        self.held.setdefault(kind, line)
        if not written:
            self.unwritten.add(kind)

    def end(self, stop: Ending) -> bool:
        """Whether `stop` ends anything playing (and forget what it ends)."""
        ended = [k for k in self.held if stop.kind is None or k == stop.kind]
        for kind in ended:
            del self.held[kind]
        return bool(ended)

    def close(self) -> list[tuple[str, int]]:
        """The sounds the script held and never ended (forgotten: the scene is over)."""
        left = [(kind, line) for kind, line in self.held.items() if kind not in self.unwritten]
        self.held, self.unwritten = {}, set()
        return left


# Radio practice: a sound that goes on (a held bed, rain, a crowd's walla) dips for a sound heard
# once over it, as it dips for a voice, so the one-shot is heard for itself and not lost in the
# wash. Deeper dips help the AudioSet ear more (bench/sounds.py: one-shots over beds heard in 9 of
# 54 renders undipped, 27 at -10 dB, 32 at -15, 37 at -20); -15 keeps the bed there.
DIP_DB = -15.0
DIP_IN_SECONDS = 0.08  # down just before the one-shot's first sound
DIP_OUT_SECONDS = 0.6  # and up again after the one-shot has been heard alone


def _goes_on(spec) -> bool:
    sound = BY_NAME.get(spec.type)
    return spec.held or bool(sound and sound.continuous)


def dips(placements) -> dict[int, list[tuple[int, int]]]:
    """{index: spans} of the placed cues (plan.Placement) that dip: each sound that goes on, with
    the spans of the one-shots that begin after it while it sounds, each from its start until the
    speaker resumes over it (from there the hall ducks the bed under the voice). A held bed's
    pieces date from the bed's own start."""
    cues = [(i, p) for i, p in enumerate(placements) if hasattr(p.source, "spec")]
    shots = [(p.start, p.start + p.source.arrangement.hold) for _, p in cues if not p.source.spec.held]
    found = {}
    for index, placement in cues:
        if not _goes_on(placement.source.spec):
            continue
        begun = placement.start - placement.source.arrangement.offset
        spans = [(start, end) for start, end in shots if begun < start < placement.end and end > placement.start]
        if spans:
            found[index] = spans
    return found


def dip_gain(spans, start: int, end: int, rate: int) -> np.ndarray:
    """The gain over samples [start, end) of the drama of a sound dipped under these spans: DIP_DB
    inside each, reached DIP_IN_SECONDS before it, back to unity DIP_OUT_SECONDS after it."""
    t = np.arange(start, end, dtype=np.float64)
    under = np.zeros(len(t))
    for first, last in spans:
        down = np.clip((t - first) / (DIP_IN_SECONDS * rate) + 1, 0, 1)
        up = np.clip(1 - (t - last) / (DIP_OUT_SECONDS * rate), 0, 1)
        under = np.maximum(under, np.minimum(down, up))
    return (1 - (1 - 10 ** (DIP_DB / 20)) * under).astype(np.float32)
