"""The sounds a stage direction can become: one entry per kind, and nowhere else.

A kind says how a direction names it (`words`, searched case-insensitively), how long its
sound bed lasts, when the speaker may go on (`hold`, a share of the bed), what the crowd does
(`crowd_says`: every member, one member or nobody voices the direction's quoted words;
`babble`: members who mutter under it), and how the bed is made (a procedural generator).
A new kind of sound is one entry here plus its generator in `procedural.py`.

Order matters: the first kind whose words match a direction wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from dramatize.cues import procedural


@dataclass(frozen=True)
class SoundKind:
    name: str
    words: re.Pattern
    seconds: float  # default length of the bed
    hold: float  # the speaker resumes after this share of the bed (or after the crowd's words)
    make: Callable[[np.random.Generator, int, int, float], np.ndarray] | None  # (rng, n, rate, centre) -> (2, n)
    crowd_says: str = "all"  # "all", "one" or "none": who voices the quoted words in the direction
    babble: float = 0.0  # share of the crowd muttering under the bed
    babble_db: tuple[float, float] = (-16.0, -9.0)  # how loud each mutterer is, at random in this range
    hold_after_words: bool = False  # the speaker waits for the crowd's words, not a share of the bed
    from_hall: bool = True  # a reaction of the audience (on the benches' side), not an object on stage


def _words(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _crowd(swell: bool):
    return lambda rng, n, rate, centre: procedural.crowd_bed(rng, n, rate, centre=centre, swell=swell)


KINDS: tuple[SoundKind, ...] = (
    # Hall reactions are named by nouns ("Laughter", "Shouts from the benches"); a character's
    # own action ("he laughs", "(laughing)") is narration or a delivery note, not the hall.
    SoundKind("laughter", _words(r"\blaughter\b|\btitter|^\W*(general |loud |much )?laughs?\W*$"), 3.2, 0.6,
              lambda rng, n, rate, centre: procedural.laughter(rng, n, rate, centre=centre)),
    SoundKind("applause", _words(r"applau|\bclapping\b|\bovation\b"), 4.5, 0.65,
              lambda rng, n, rate, centre: procedural.applause(rng, n, rate, centre=centre)),
    SoundKind("voice", _words(r"^\W*(a|one|another|single)\s+(voice|delegate|member)\b|^\W*voice\b"), 0.0, 1.0,
              None, crowd_says="one", hold_after_words=True),
    SoundKind("shouts", _words(r"^\W*(\w+\s+){0,2}(shouts|cries|exclamations?|heckl\w*|cheers|cheering|boos|booing"
                               r"|jeers|hisses|hissing)\b"), 1.8, 0.5, _crowd(False), babble=0.5, hold_after_words=True),
    SoundKind("commotion", _words(r"commotion|uproar|tumult|disturbance|\bstir\b|excitement|\bprotests?\b|disorder"
                                  r"|pandemonium|\bnoise\b|hubbub|clamou?r"), 5.0, 0.55, _crowd(True), babble=1.0, babble_db=(-11.0, -4.0)),
    SoundKind("murmur", _words(r"murmur|mutter"), 3.5, 0.35, _crowd(False), babble=1.0),
    SoundKind("phone", _words(r"\b(tele)?phone\b[^.]*\b(rings?|ringing|buzz\w*)\b|\bring\w*\b[^.]*\b(tele)?phone\b"),
              3.2, 0.8, lambda rng, n, rate, centre: procedural.phone(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("clock", _words(r"\bclock\b[^.]*\bstrik|\bstrikes? (the )?(hour|quarter|one|two|three|four|five|six|"
                              r"seven|eight|nine|ten|eleven|twelve)\b"), 3.4, 0.6,
              lambda rng, n, rate, centre: procedural.clock(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("bell", _words(r"\b(door-?)?bell\b"), 1.6, 0.7, lambda rng, n, rate, centre: procedural.bell(rng, n, rate),
              crowd_says="none", from_hall=False),
    SoundKind("knock", _words(r"\bknock"), 1.6, 0.9, lambda rng, n, rate, centre: procedural.knock(rng, n, rate),
              crowd_says="none", from_hall=False),
    SoundKind("door", _words(r"\bdoor\b[^.]*\b(slams?|slamm\w*|bangs?|bang\w*)\b|\b(slams?|bangs?)\b[^.]*\bdoor\b"),
              1.2, 0.8, lambda rng, n, rate, centre: procedural.door(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("footsteps", _words(r"\bfoot-?steps\b|\bsteps (are )?heard\b"), 3.0, 0.8,
              lambda rng, n, rate, centre: procedural.footsteps(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("thunder", _words(r"\bthunder"), 4.0, 0.5, lambda rng, n, rate, centre: procedural.thunder(rng, n, rate),
              crowd_says="none", from_hall=False),
    SoundKind("drum", _words(r"\bdrums?\b|\bdrumm"), 3.0, 0.7, lambda rng, n, rate, centre: procedural.drum(rng, n, rate),
              crowd_says="none", from_hall=False),
    SoundKind("hit", _words(r"\b(slams?|slammed|smacks?|smacked|slaps?|slapped|punch\w*|thud)\b"), 0.7, 0.8,
              lambda rng, n, rate, centre: procedural.hit(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("whoosh", _words(r"\b(whoosh|fwoosh|swoosh)\w*"), 1.2, 0.7,
              lambda rng, n, rate, centre: procedural.whoosh(rng, n, rate), crowd_says="none", from_hall=False),
    SoundKind("gunshot", _words(r"\bgun-?shots?\b|\bpistol[- ]shot\b|\bshots?\b (is |are )?(heard|fired|rings? out)"
                                r"|\ba shot\b|\bfires? (twice|once|again|a shot|\w+ shots?)\b|pulls the trigger"), 2.0, 0.7,
              lambda rng, n, rate, centre: procedural.gunshot(rng, n, rate), crowd_says="none", from_hall=False),
)
BY_NAME = {kind.name: kind for kind in KINDS}
NAMES = tuple(BY_NAME)


# Every word any kind's pattern starts from: most directions name none, and are passed over at once.
_TRIGGERS = re.compile(r"laugh|titter|applau|clapping|ovation|voice|delegate|member|shout|cries|exclam|heckl|cheer|"
                       r"boo|jeer|hiss|commotion|uproar|tumult|disturb|stir|excite|protest|disorder|pandemon|noise|"
                       r"hubbub|clamo|murmur|mutter|phone|ring|bell|clock|strike|knock|door|slam|bang|foot|steps|"
                       r"thunder|drum|smack|slap|punch|thud|whoosh|fwoosh|swoosh|shot|pistol|fire|trigger", re.I)


def sound_of(text: str) -> SoundKind | None:
    """The first kind of sound this direction names, or None."""
    if not _TRIGGERS.search(text):
        return None
    return next((kind for kind in KINDS if kind.words.search(text)), None)
