"""The space a scene is played in, from its heading: how much of every voice and sound in it
reaches a reverb (`send`: at most a little outdoors, at least much in a church), and which
reverb: a small room and a large hall ring with their own (`REVERBS`: a short, dead box; a long
tail), any other space with the hall's.

`EXT.` is the open air: almost dry. A church, a hall, a cave, a station ring; a car, a telephone
box, a cell are close and dead; any other interior is the room as the cast sets it. Only the
families whose chapter titles are scene headings are read (a transcript's titles quote a speech),
and a cast file's [[scenes]] rule (`acoustic = "open air"`) decides instead. No audio here.
"""

from __future__ import annotations

import re

# name -> (at most, at least) the send to the hall's reverb of anything heard there; "room" leaves
# each voice's own (the cast's, 0.05 for a rostrum microphone, more for a voice further off).
SPACES = {"open air": (0.02, 0.0), "small room": (0.3, 0.12), "room": (1.0, 0.0), "large hall": (1.0, 0.5)}
# name -> (room size, damping, wet level) of a space's own reverb (pedalboard's Freeverb): a car or
# a cell is a small, damped box that colours a voice and leaves no tail; a church's tail lasts
# seconds (its level kept some 15 dB under the voice, so the words stay clear).
REVERBS = {"small room": (0.12, 0.85, 1.0), "large hall": (0.9, 0.3, 0.3)}
FAMILIES = ("fountain", "radio", "play")

_EXTERIOR = re.compile(r"^\W*(?:EXT\b|EXTERIOR\b|E/I\b)", re.I)
_SMALL = re.compile(r"\b(?:car|cab|taxi|van|truck|lorry|phone ?box|telephone box|booth|closet|cupboard|cell|"
                    r"compartment|lift|elevator|bathroom|toilet|cockpit|tent|coffin|wardrobe)s?\b", re.I)
_LARGE = re.compile(r"\b(?:church|cathedral|chapel|abbey|crypt|great hall|ballroom|banqueting hall|cave|cavern|tunnel|"
                    r"warehouse|hangar|gymnasium|courtroom|court room|auditorium|theatre|theater|concert hall|"
                    r"railway station|station concourse|palace|temple|mosque|synagogue|dungeon)s?\b", re.I)
_OUTSIDE = re.compile(r"\b(?:outside|open air|out of doors|garden|street|road|beach|shore|field|meadow|park|forest|"
                      r"woods?|moor|heath|rooftop|hillside|mountain|courtyard|yard|square|harbou?r|pier|quay|deck)s?\b",
                      re.I)


def space_of(heading: str, family: str, rules=()) -> str:
    """The name of the space a scene with this heading is played in (a key of SPACES)."""
    for rule in rules:
        if getattr(rule, "acoustic", None) and rule.matches(heading):
            return rule.acoustic
    if family not in FAMILIES:
        return "room"
    if _EXTERIOR.match(heading):
        return "open air"
    if _SMALL.search(heading):
        return "small room"
    if _LARGE.search(heading):
        return "large hall"
    if family != "fountain" and _OUTSIDE.search(heading):  # a radio or stage scene says where, not INT./EXT.
        return "open air"
    return "room"


def send(space: str, room: float) -> float:
    """The reverb send of something whose own send is `room`, heard in `space`."""
    most, least = SPACES[space]
    return min(most, max(least, room))
