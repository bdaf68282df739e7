"""The sounds a stage direction can become: one entry per kind, and nowhere else.

A kind says how a direction names it (`words`, searched case-insensitively), how long its
sound bed lasts, when the speaker may go on (`hold`, a share of the bed), what the crowd does
(`crowd_says`: every member, one member or nobody voices the direction's quoted words;
`babble`: members who mutter under it). How the bed is made is registered by kind in
`procedural.py` (GENERATORS). A new kind of sound is one Kind, one entry here and one generator.
No audio code is imported here: the readers classify directions with it.

Order matters: the first kind whose words match a direction wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Every kind of sound a direction can be; FILE is a producer's own recording (a [[cues]] rule)."""

    LAUGHTER = "laughter"
    APPLAUSE = "applause"
    VOICE = "voice"
    SHOUTS = "shouts"
    COMMOTION = "commotion"
    MURMUR = "murmur"
    PHONE = "phone"
    CLOCK = "clock"
    BELL = "bell"
    KNOCK = "knock"
    DOOR = "door"
    FOOTSTEPS = "footsteps"
    THUNDER = "thunder"
    DRUM = "drum"
    HIT = "hit"
    WHOOSH = "whoosh"
    GUNSHOT = "gunshot"
    FILE = "file"


@dataclass(frozen=True)
class SoundKind:
    name: Kind
    words: re.Pattern
    seconds: float  # default length of the bed
    hold: float  # the speaker resumes after this share of the bed (or after the crowd's words)
    crowd_says: str = "all"  # "all", "one" or "none": who voices the quoted words in the direction
    babble: float = 0.0  # share of the crowd muttering under the bed
    babble_db: tuple[float, float] = (-16.0, -9.0)  # how loud each mutterer is, at random in this range
    hold_after_words: bool = False  # the speaker waits for the crowd's words, not a share of the bed
    from_hall: bool = True  # a reaction of the audience (on the benches' side), not an object on stage


def _words(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


ON_STAGE = {"crowd_says": "none", "from_hall": False}  # an object's sound: nobody in the hall speaks
KINDS: tuple[SoundKind, ...] = (
    # Hall reactions are named by nouns ("Laughter", "Shouts from the benches"); a character's
    # own action ("he laughs", "(laughing)") is narration or a delivery note, not the hall.
    SoundKind(Kind.LAUGHTER, _words(r"\blaughter\b|\btitter|^\W*(general |loud |much )?laughs?\W*$"), 3.2, 0.6),
    SoundKind(Kind.APPLAUSE, _words(r"applau|\bclapping\b|\bovation\b"), 4.5, 0.65),
    SoundKind(Kind.VOICE, _words(r"^\W*(a|one|another|single)\s+(voice|delegate|member)\b|^\W*voice\b"), 0.0, 1.0,
              crowd_says="one", hold_after_words=True),
    SoundKind(Kind.SHOUTS, _words(r"^\W*(\w+\s+){0,2}(shouts|cries|exclamations?|heckl\w*|cheers|cheering|boos|booing"
                                  r"|jeers|hisses|hissing)\b"), 1.8, 0.5, babble=0.5, hold_after_words=True),
    SoundKind(Kind.COMMOTION, _words(r"commotion|uproar|tumult|disturbance|\bstir\b|excitement|\bprotests?\b|disorder"
                                     r"|pandemonium|\bnoise\b|hubbub|clamou?r"), 5.0, 0.55, babble=1.0,
              babble_db=(-11.0, -4.0)),
    SoundKind(Kind.MURMUR, _words(r"murmur|mutter"), 3.5, 0.35, babble=1.0),
    SoundKind(Kind.PHONE, _words(r"\b(tele)?phone\b[^.]*\b(rings?|ringing|buzz\w*)\b|\bring\w*\b[^.]*\b(tele)?phone\b"),
              3.2, 0.8, **ON_STAGE),
    SoundKind(Kind.CLOCK, _words(r"\bclock\b[^.]*\bstrik|\bstrikes? (the )?(hour|quarter|one|two|three|four|five|six|"
                                 r"seven|eight|nine|ten|eleven|twelve)\b"), 3.4, 0.6, **ON_STAGE),
    SoundKind(Kind.BELL, _words(r"\b(door-?)?bell\b"), 1.6, 0.7, **ON_STAGE),
    SoundKind(Kind.KNOCK, _words(r"\bknock"), 1.6, 0.9, **ON_STAGE),
    SoundKind(Kind.DOOR, _words(r"\bdoor\b[^.]*\b(slams?|slamm\w*|bangs?|bang\w*)\b|\b(slams?|bangs?)\b[^.]*\bdoor\b"),
              1.2, 0.8, **ON_STAGE),
    SoundKind(Kind.FOOTSTEPS, _words(r"\bfoot-?steps\b|\bsteps (are )?heard\b"), 3.0, 0.8, **ON_STAGE),
    SoundKind(Kind.THUNDER, _words(r"\bthunder"), 4.0, 0.5, **ON_STAGE),
    SoundKind(Kind.DRUM, _words(r"\bdrums?\b|\bdrumm"), 3.0, 0.7, **ON_STAGE),
    SoundKind(Kind.HIT, _words(r"\b(slams?|slammed|smacks?|smacked|slaps?|slapped|punch\w*|thud)\b"), 0.7, 0.8,
              **ON_STAGE),
    SoundKind(Kind.WHOOSH, _words(r"\b(whoosh|fwoosh|swoosh)\w*"), 1.2, 0.7, **ON_STAGE),
    SoundKind(Kind.GUNSHOT, _words(r"\bgun-?shots?\b|\bpistol[- ]shot\b|\bshots?\b (is |are )?(heard|fired|rings? out)"
                                   r"|\ba shot\b|\bfires? (twice|once|again|a shot|\w+ shots?)\b|pulls the trigger"),
              2.0, 0.7, **ON_STAGE),
)
BY_NAME = {kind.name: kind for kind in KINDS}
NAMES = tuple(BY_NAME)  # the built-in kinds a [[cues]] rule may name


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
