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
    CREAK = "creak"
    DOOR_OPEN = "door_open"
    DOOR_CLOSE = "door_close"
    CHURCH_BELL = "church_bell"
    TICKING = "ticking"
    RAIN = "rain"
    WIND = "wind"
    SEA = "sea"
    BIRDS = "birds"
    DOG = "dog"
    TRAFFIC = "traffic"
    CAR = "car"
    TRAIN = "train"
    GLASS = "glass"
    FIRE = "fire"
    TYPEWRITER = "typewriter"
    WALLA = "walla"
    MUSIC = "music"
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
    continuous: bool = False  # a sound that goes on (rain, a train, a crowd): held under the scene when asked (beds.py)


def _words(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# Who laughs or claps as one: a crowd, not a character (he laughs: a delivery, or told).
_GROUP = (r"\b(everyone|everybody|all|audience|crowd|company|people|they|others|guests|spectators|onlookers|"
          r"delegates|members)\b")
ON_STAGE = {"crowd_says": "none", "from_hall": False}  # an object's sound: nobody in the hall speaks
GOES_ON = {**ON_STAGE, "continuous": True}  # ...and one that lasts as long as the scene lets it
KINDS: tuple[SoundKind, ...] = (
    # Hall reactions are named by nouns ("Laughter", "Shouts from the benches"); a character's
    # own action ("he laughs", "(laughing)") is narration or a delivery note, not the hall.
    # A group laughing or clapping is the hall too, whatever the verb ("Everyone laughs", "They
    # chuckle", "The audience claps"); a clap of thunder or one man clapping his hands is not.
    SoundKind(Kind.LAUGHTER, _words(r"\blaughter\b|\btitter|^\W*(general |loud |much )?laughs?\W*$"
                                    rf"|{_GROUP}[^.;]*\b(laugh|chuckl|chortl|giggl|guffaw|snigger|snicker)"), 3.2, 0.6),
    SoundKind(Kind.APPLAUSE, _words(r"applau|\bclapping\b|\bovation\b|\bclapped\b|\b(hand)?claps?\b"
                                    r"(?!\s+(of|eyes|a hand|his|her|their|its|my|your|our|him|them|me|you|us)\b)"),
              4.5, 0.65),
    SoundKind(Kind.VOICE, _words(r"^\W*(a|one|another|single)\s+(voice|delegate|member)\b|^\W*voice\b"), 0.0, 1.0,
              crowd_says="one", hold_after_words=True),
    SoundKind(Kind.SHOUTS, _words(r"^\W*(\w+\s+){0,2}(shouts|cries|exclamations?|heckl\w*|cheers|cheering|boos|booing"
                                  r"|jeers|hisses|hissing)\b"), 1.8, 0.5, babble=0.5, hold_after_words=True),
    # A street's or a crowd's noise, before the hall's "noise" (a commotion).
    SoundKind(Kind.TRAFFIC, _words(r"\btraffic\b|\bstreet (noise|sounds?)\b"
                                   r"|\b(noise|sounds?|bustle) of the (street|town|city)\b"
                                   r"|\bbus(es)?\b|\bhorns? (honk|hoot|toot)"), 6.0, 0.4, **GOES_ON),
    SoundKind(Kind.WALLA, _words(r"\bwalla\b|\bcrowd\b[^.]*\b(noise|chatter|talk\w*|voices)\b|\bchatter\b|\bbabble\b"
                                 r"|\bvoices\b[^.]*\b(off|outside|next door|in the (street|hall|distance))"),
              5.0, 0.4, crowd_says="none", babble=1.0, babble_db=(-12.0, -6.0)),  # (its voices are not looped)
    SoundKind(Kind.COMMOTION, _words(r"commotion|uproar|tumult|disturbance|\bstir\b|excitement|\bprotests?\b|disorder"
                                     r"|pandemonium|\bnoise\b|hubbub|clamou?r"), 5.0, 0.55, babble=1.0,
              babble_db=(-11.0, -4.0)),
    SoundKind(Kind.MURMUR, _words(r"murmur|mutter"), 3.5, 0.35, babble=1.0),
    SoundKind(Kind.PHONE, _words(r"\b(tele)?phone\b[^.]*\b(rings?|ringing|buzz\w*)\b|\bring\w*\b[^.]*\b(tele)?phone\b"),
              3.2, 0.8, **ON_STAGE),
    SoundKind(Kind.TICKING, _words(r"\bclock\b[^.]*\btick|\bticking\b|\btick-?tock|\bticks\b"), 4.0, 0.4, **GOES_ON),
    SoundKind(Kind.CHURCH_BELL, _words(r"\bchurch[- ]?bells?\b|\bbells?\b[^.]*\b(toll|peal|chim)\w*|\btoll(s|ing)?\b"
                                       r"|\bchimes?\b|\bpeal of bells\b"), 5.0, 0.5, **ON_STAGE),
    SoundKind(Kind.CLOCK, _words(r"\bclock\b[^.]*\bstrik|\bstrikes? (the )?(hour|quarter|one|two|three|four|five|six|"
                                 r"seven|eight|nine|ten|eleven|twelve)\b"), 3.4, 0.6, **ON_STAGE),
    SoundKind(Kind.BELL, _words(r"\b(door-?)?bell\b"), 1.6, 0.7, **ON_STAGE),
    # Knuckles on a door in any words: knocks, raps, taps or bangs at (or on) it.
    SoundKind(Kind.KNOCK, _words(r"\bknock|\b(raps?|rapp(ed|ing)|taps?|tapp(ed|ing)|bang(s|ed|ing)?|hammer(s|ed|ing)?"
                                 r"|pound(s|ed|ing)?)\b\s+(\w+\s+){0,2}(at|on|upon)\b[^.]*\b(door|window|gate|shutter)s?\b"),
              1.6, 0.9, **ON_STAGE),
    SoundKind(Kind.DOOR, _words(r"\bdoor\b[^.]*\b(slams?|slamm\w*|bangs?|bang\w*)\b|\b(slams?|bangs?)\b[^.]*\bdoor\b"),
              1.2, 0.8, **ON_STAGE),
    SoundKind(Kind.CREAK, _words(r"\bcreak"), 2.2, 0.7, **ON_STAGE),
    SoundKind(Kind.DOOR_OPEN, _words(r"\bdoor\b[^.]*\b(opens?|opened|opening)\b|\bopens? (the|a) door\b"), 1.5, 0.7,
              **ON_STAGE),
    SoundKind(Kind.DOOR_CLOSE, _words(r"\bdoor\b[^.]*\b(closes?|closed|closing|shuts?|shutting)\b"
                                      r"|\b(closes?|shuts?) (the|a) door\b"), 1.4, 0.8, **ON_STAGE),
    SoundKind(Kind.FOOTSTEPS, _words(r"\bfoot-?steps\b|\bsteps (are )?heard\b|\b(hear|hears|heard) (\w+ )?steps\b"
                                     r"|\bsteps (approach|recede|com|go|cross|on the)\w*"), 3.0, 0.8, **ON_STAGE),
    SoundKind(Kind.THUNDER, _words(r"\bthunder"), 4.0, 0.5, **ON_STAGE),
    SoundKind(Kind.RAIN, _words(r"\brain(s|ing|fall|storm)?\b|\bdownpour\b|\bdrizzl"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.WIND, _words(r"\bwinds?\b(?!\s+(up|down)\b)|\bgales?\b|\bgusts?\b|\bstorm\b"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.SEA, _words(r"\bsea\b|\bocean\b|\bsurf\b|\bwaves?\b[^.]*\b(break|crash|lap|roll|pound)\w*"
                               r"|\b(shore|tide|breakers)\b"), 6.0, 0.4, **GOES_ON),
    SoundKind(Kind.BIRDS, _words(r"\bbirds?\b|\bbird-?song|\bchirp|\btwitter|\bsongbirds?\b|\bdawn chorus\b"
                                 r"|\b(blackbird|thrush|lark|sparrow|nightingale)s?\b"), 4.0, 0.4, **GOES_ON),
    SoundKind(Kind.DOG, _words(r"\bdogs?\b[^.]*\b(bark|growl|yelp|howl|whin|yap)\w*|\bbark(s|ing)?\b|\bwoof"), 2.5, 0.7,
              **ON_STAGE),
    SoundKind(Kind.TRAIN, _words(r"\btrains?\b|\blocomotive|\brailway\b|\bsteam whistle"), 6.0, 0.4, **GOES_ON),
    SoundKind(Kind.CAR, _words(r"\b(motor-?)?cars?\b|\bautomobile|\btaxi\b|\bengine (starts|revs|roars)"), 4.0, 0.5,
              **ON_STAGE),
    SoundKind(Kind.GLASS, _words(r"\bglass\w*\b[^.]*\b(break|breaks|broken|smash\w*|shatter\w*|crash\w*)"
                                 r"|\b(smash|shatter|break)\w*\b[^.]*\bglass|\bshatter"), 1.8, 0.7, **ON_STAGE),
    SoundKind(Kind.FIRE, _words(r"\bfire\b[^.]*\b(crackl|burn|roar)\w*|\bcrackl|\bflames?\b|\bfireplace\b|\bhearth\b"
                                r"|\blog fire\b|\bblaze\b"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.TYPEWRITER, _words(r"\btypewriter|\btyp(es|ing)\b"), 4.0, 0.5, **GOES_ON),
    SoundKind(Kind.DRUM, _words(r"\bdrums?\b|\bdrumm"), 3.0, 0.7, **ON_STAGE),
    SoundKind(Kind.HIT, _words(r"\b(slams?|slammed|smacks?|smacked|slaps?|slapped|punch\w*|thud)\b"), 0.7, 0.8,
              **ON_STAGE),
    SoundKind(Kind.WHOOSH, _words(r"\b(whoosh|fwoosh|swoosh)\w*"), 1.2, 0.7, **ON_STAGE),
    SoundKind(Kind.GUNSHOT, _words(r"\bgun-?shots?\b|\bpistol[- ]shot\b|\bshots?\b (is |are )?(heard|fired|rings? out)"
                                   r"|\ba shot\b|\bfires? (twice|once|again|a shot|\w+ shots?)\b|pulls the trigger"),
              1.3, 0.7, **ON_STAGE),
    # Music last: a drum roll or a church bell is itself. Without the producer's file (a [[cues]]
    # rule) it is a short built-in bridge (world.sting), and the render says which cues want a file.
    SoundKind(Kind.MUSIC, _words(r"\bmusic\b|\bthemes?\b(?!\s+of\b)|\bmelody\b|\borchestra\b|\bfanfare\b|\bjingle\b"
                                 r"|\bsting\b|\bgrams\b|\bplayoff\b|\bmusical bridge\b"), 4.0, 0.85,
              crowd_says="none", from_hall=False),
)
BY_NAME = {kind.name: kind for kind in KINDS}
NAMES = tuple(BY_NAME)  # the built-in kinds a [[cues]] rule may name


# Every word any kind's pattern starts from: most directions name none, and are passed over at once.
_TRIGGERS = re.compile(r"laugh|titter|chuckl|chortl|giggl|guffaw|snigger|snicker|applau|clap|rap|tap|"
                       r"hammer|pound|ovation|voice|delegate|member|shout|cries|exclam|heckl|cheer|"
                       r"boo|jeer|hiss|commotion|uproar|tumult|disturb|stir|excite|protest|disorder|pandemon|noise|"
                       r"hubbub|clamo|murmur|mutter|phone|ring|bell|clock|strike|knock|door|slam|bang|foot|steps|"
                       r"thunder|drum|smack|slap|punch|thud|whoosh|fwoosh|swoosh|shot|pistol|fire|trigger|"
                       r"creak|open|clos|shut|"
                       r"church|toll|chim|peal|tick|rain|downpour|drizzl|wind|gale|gust|storm|sea|ocean|surf|wave|"
                       r"shore|tide|breakers|bird|chirp|twitter|dawn chorus|blackbird|thrush|lark|sparrow|nightingale|"
                       r"dog|bark|woof|train|locomotive|railway|car|automobile|taxi|engine|glass|shatter|crackl|flame|"
                       r"hearth|blaze|typ|traffic|street|town|city|bus|horn|walla|crowd|chatter|babble|"
                       r"music|theme|melod|orchestra|fanfare|jingle|sting|grams|playoff|bridge")
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})  # what re.I also matches, or lower() adds (İ)


def sound_of(text: str) -> SoundKind | None:
    """The first kind of sound this direction names, or None."""
    lowered = text.lower()  # searched without re.I, which costs the regex engine its first-letter skip
    if not _TRIGGERS.search(lowered if lowered.isascii() else lowered.translate(_FOLD)):
        return None
    return next((kind for kind in KINDS if kind.words.search(text)), None)
