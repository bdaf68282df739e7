"""Where a voice stands, and what it comes through: perspective and treatment notes on speeches.

A note such as `(OFF)`, `(APPROACHING)`, `(DISTORT - ON PHONE)`, `(V.O.)`, `[_off_]`, `within` or
`[from the next room]` is a delivery note (directions.py) that places the voice rather than
changing how it is said. Readers record its name on the Speech (`Speech.perspective`); after every
line is level-matched, effects.py gives the spoken clip its `Treatment` (the clip is not spoken
again). No audio library is imported here: readers use this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Treatment:
    """What a perspective does to a level-matched line.

    gain_db     level change for the whole line
    glide_db    (start, end) level in dB across the line, for voices that move (added to gain_db)
    lowpass_hz  duller: distance takes the top off a voice
    band_hz     (low, high): a telephone, radio or intercom passes only this band
    drive_db    a little distortion, for a voice through a small loudspeaker
    room        share of the line sent to the hall reverb: a far voice (room >= 0.3) gets at least this
                much, a near or filtered one at most this much, whatever its voice's own (None: its own)
    pan_glide   (start, end) pan offsets added to the voice's pan across the line
    """

    gain_db: float = 0.0
    glide_db: tuple[float, float] | None = None
    lowpass_hz: float | None = None
    band_hz: tuple[float, float] | None = None
    drive_db: float = 0.0
    room: float | None = None
    pan_glide: tuple[float, float] | None = None


# name: (the words that name it, its treatment). The first match wins, so a moving voice
# (OFF, APPROACHING) is heard approaching, and a filtered one is filtered wherever it stands.
PERSPECTIVES: dict[str, tuple[re.Pattern, Treatment]] = {
    "telephone": (re.compile(r"\b(distort(ed|ion)?|on (the )?(tele)?phone|phone|filter(ed)?|on (the )?radio|radio|"
                             r"intercom|tannoy|loudspeaker|over the (air|wire|speaker)|through the speaker|"
                             r"walkie[- ]talkie|on tape)\b", re.I),
                  Treatment(gain_db=-1.0, band_hz=(300.0, 3400.0), drive_db=12.0, room=0.02)),
    "approaching": (re.compile(r"\b(approach(ing|es)?|coming (in|on|closer|nearer)|comes? (in|on|closer|nearer)|fading in|"
                               r"fades? in|nearer|moving in|coming up|comes up)\b", re.I),
                    Treatment(glide_db=(-14.0, 0.0), pan_glide=(-0.5, 0.0))),
    "going": (re.compile(r"\b(going|goes off|receding|recedes|retreating|retreats|moving (off|away)|fading( out)?|fades?( out)?|"
                         r"departing|leaving|going off|further off)\b", re.I),
              Treatment(glide_db=(0.0, -14.0), pan_glide=(0.0, 0.5))),
    "distant": (re.compile(r"\b(distant|distance|far off|far away|in the distance|faint(ly)?|a long way off)\b", re.I),
                Treatment(gain_db=-11.0, lowpass_hz=2500.0, room=0.55)),
    "off": (re.compile(r"^\W*(off|away|off[- ]?mi(ke|c)|off[- ]?stage|o\.?\s?s\.?|o\.?\s?c\.?|within|without|outside|"
                       r"behind|back|from (the )?(next|other|another|adjoining|inner|outer) (room|door)|from (outside|within|"
                       r"behind|off|above|below|the (hall|landing|kitchen|garden|street|stairs|passage|door(way)?|window)))\b|"
                       r"\b(off[- ]?mi(ke|c)|off[- ]?stage|offstage|from off|in the next room|next room)\b", re.I),
            Treatment(gain_db=-9.0, lowpass_hz=4000.0, room=0.4)),
    "voiceover": (re.compile(r"^\W*(v\.?\s?o\.?|v/o|voice[- ]?over|thoughts?|thinking|thinks|in (his|her|their|my) head|"
                             r"inner voice|narrat(ing|es|ion))\W*$", re.I),
                  Treatment(gain_db=1.0, room=0.0)),
    "echo": (re.compile(r"^\W*(echo(ing|es)?|echoey|reverb|in a (large|vast|huge|great|big) (hall|space|room|cave)|"
                        r"cavernous|booming)\W*$", re.I),
             Treatment(room=0.9)),
    "close": (re.compile(r"^\W*(close|closer|close[- ]?(up|to mi(ke|c))|on[- ]?mi(ke|c)|in|intimate|very close)\W*$", re.I),
              Treatment(gain_db=1.0, room=0.03)),
}

# A note made of perspective words only (and the words that join them): a perspective, not
# something the listener is told. `(OFF, APPROACHING)`, `(DISTORT - ON PHONE)`, `[_coming in_]`.
_FILLER = re.compile(r"\b(and|then|slightly|very|a little|little|still|now|mike|mic|stage|voice|from|the|on|in|to|of|"
                     r"a|at first|gradually|a bit)\b|[\W_]+", re.I)


def _named(note: str) -> str | None:
    words = note.replace("_", " ").split()
    if not words or len(words) > 6:
        return None
    return next((name for name, (pattern, _) in PERSPECTIVES.items() if pattern.search(" ".join(words))), None)


def only_perspective(note: str) -> bool:
    """Whether the note says nothing but where the voice is (so it needs no other reading)."""
    if _named(note) is None:
        return False
    rest = note.replace("_", " ")
    for pattern, _ in PERSPECTIVES.values():
        rest = pattern.sub(" ", rest)
    return not _FILLER.sub("", rest).strip()


def perspective_of(note: str) -> str | None:
    """The perspective a note names: the whole note (`OFF, APPROACHING`, `DISTORT - ON PHONE`,
    `_coming in_`), or its first clause (`off, angrily`). A note that only mentions a place
    (`picking up phone`, `Listening to approaching footsteps`) tells of something else."""
    if only_perspective(note):
        return _named(note)
    first = re.split(r"[,;:–—]|\s-+\s", note, maxsplit=1)[0]
    return _named(first) if first != note and only_perspective(first) else None


def room_for(voice_room: float, place: Treatment | None) -> float:
    """The reverb send of a line of a voice whose own send is `voice_room`, placed by `place`."""
    if place is None or place.room is None:
        return voice_room
    return max(voice_room, place.room) if place.room >= 0.3 else min(voice_room, place.room)


def treatment(name: str | None) -> Treatment | None:
    entry = PERSPECTIVES.get(name) if name else None
    return entry[1] if entry else None
