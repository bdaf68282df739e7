"""Cue lines: a radio script's `F/X: TRAIN ON TRACKS`, `MUSIC: THEME UP AND UNDER`, `ATMOS: A PUB`,
and the working vocabulary alone on a line (`FADE UNDER`, `UP AND OUT`).

The radio reader takes every form studios write. The other readers (a transcript, a play) take a
cue line only as a producer unmistakably writes one: an effects word in capitals, then a colon
(`FX: LAUGHTER FROM THE GALLERY` between two speeches); words such as BACKGROUND: or BUSINESS:
head a hearing's or a meeting's paragraphs too. Either way a cue line is never a speaker and
never spoken: a sound the cues know is heard, music plays, anything else is kept silent and
reported (ScriptBuilder.cue).
"""

from __future__ import annotations

import re

from dramatize.directions import SILENT, SOUND, Form, classify
from dramatize.model import Direction

# The words a cue line starts with; (what the line is: "sound", "music", "atmos" or "acoustic").
CUE_WORDS = {
    "F/X": "sound", "FX": "sound", "F.X.": "sound", "SFX": "sound", "S.F.X.": "sound", "SOUND": "sound",
    "SOUNDS": "sound", "SOUND EFFECT": "sound", "SOUND EFFECTS": "sound", "EFFECT": "sound", "EFFECTS": "sound",
    "SPOT": "sound", "SPOT FX": "sound", "SPOT F/X": "sound", "BIZ": "sound", "BUSINESS": "sound",
    "GRAMS": "music", "MUSIC": "music", "ORCHESTRA": "music", "ORGAN": "music", "THEME": "music",
    "ATMOS": "atmos", "ATMOSPHERE": "atmos", "AMBIENCE": "atmos", "B/G": "atmos", "BG": "atmos", "BACKGROUND": "atmos",
    "ACOUSTIC": "acoustic", "ACOUSTICS": "acoustic",
}
# The words that begin a cue line in any family: none of them heads a paragraph of a transcript.
EVERY_FAMILY = frozenset({"F/X", "FX", "F.X.", "SFX", "S.F.X.", "SOUND", "SOUNDS", "SOUND EFFECT", "SOUND EFFECTS",
                          "SPOT FX", "SPOT F/X", "GRAMS", "MUSIC", "ATMOS", "B/G"})
_CUE_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(CUE_WORDS, key=len, reverse=True))
NUMBER = r"(?:(?P<num>\d{1,3})[.)]?[^\S\n]+)?"  # a speech's or cue's number (1. MARGARET:), never read
# F/X: …, SOUND -- …, GRAMS<tab>…, MUSIC (no more): the word, then a colon, a dash, a tab or a gap.
# SOUND FX: / SOUND EFX: / MUSIC IN: a cue word and a short tag of capitals before the colon (typed scripts vary it).
_TAG = r"(?P<tag>[^\S\n]+(?:[A-Z]{1,3}|F/X)(?=[^\S\n]*:))?"
CUE = re.compile(r"^\s*" + NUMBER + r"(?P<word>" + _CUE_ALTERNATIVES + r")" + _TAG + r"(?![\w/])\s*"
                 r"(?P<separator>[:.]|\s[-–—]+\s|--|\t|\s{2,}|$)\s*(?P<rest>.*)$", re.I)
# MUSIC UP AND OUT, SOUND OF A TRAIN: a cue word and capitals, no separator (the whole line in capitals).
CUE_SPACED = re.compile(r"^\s*" + NUMBER + r"(?P<word>" + _CUE_ALTERNATIVES + r")\s+(?P<rest>[^a-z]*)$")
# The working vocabulary, alone on its line: FADE IN:, CROSSFADE TO:, UP AND OUT, CUT., END OF SCENE.
TRANSITION = re.compile(
    r"^\s*" + NUMBER + r"(?:(?:AND\s+|THEN\s+)?(?:(?:SLOW\s+|QUICK\s+)?FADE(?:\s+(?:IN|UP|UNDER|OUT|DOWN|AWAY|TO\s+\w+))?|"
    r"CROSS-?\s?FADE(?:\s+TO)?|CLEAN\s+(?:IN|OUT|CUT)|(?:HARD\s+|QUICK\s+)?CUT(?:\s+TO|\s+AWAY)?|HOLD(?:\s+UNDER)?|"
    r"UP\s+AND\s+(?:OUT|UNDER)|ESTABLISH(?:ED)?|SEGUE(?:\s+TO)?|(?:MUSICAL\s+)?BRIDGE|STING|PLAYOFF|THEME|"
    r"DOWN\s+AND\s+UNDER|UNDER|OUT|IN|END\s+OF\s+(?:SCENE|PART|EPISODE|PLAY|PROGRAMME|PROGRAM)|THE\s+END|END)"
    r"[\s.:,;!-]*)+$", re.I)
_GOES_ON = re.compile(r"[^a-z]{1,100}")  # a cue line wrapped: more capitals, no speech
LONGEST_CUE_WORDS = 100  # a line of working words longer than this is something else (and never backtracked)


def working_words(text: str) -> bool:
    """Only the working vocabulary: FADE UNDER, UP AND OUT, CROSSFADE TO."""
    return len(text) <= LONGEST_CUE_WORDS and bool(TRANSITION.match(text))


def as_written(cue: re.Match) -> str:
    """The cue's word as written, with its tag: SOUND FX."""
    return (cue.group("word") + (cue.group("tag") or "")).upper()


def cue_line(text: str) -> re.Match | None:
    """A cue line as any family's reader takes it: one of EVERY_FAMILY's words in capitals, a
    colon, and what it cues (`FX: LOUD LAUGHTER FROM THE GALLERY`)."""
    cue = CUE.match(text) if ":" in text else None  # (every line of a transcript comes here: most have none)
    if cue and cue.group("word") in EVERY_FAMILY and cue.group("separator") == ":" and cue.group("rest").strip():
        return cue
    return None


def wrapped_rest(cue: re.Match, following) -> tuple[str, int]:
    """What a cue line (`cue_line`) cues, with the lines of `following` (an iterable of texts)
    that go on with it: (the words, how many of `following` it took)."""
    rest = [cue.group("rest").strip()]
    for text in following:
        if not _GOES_ON.fullmatch(text) or cue_line(text):
            break
        rest.append(text.strip())  # FX: LOUD LAUGHTER FROM / THE PUBLIC GALLERY
    return " ".join(rest), len(rest) - 1


_SENTENCES = re.compile(r"(?<=[.!?])\s+|\s*\.\.\.+\s*|\s+(?:--|[-–—])\s+|\s+THEN\s+")


def _sound_in(sentence: str) -> str | None:
    found = classify(sentence, Form.BRACKET) if sentence.strip(" .") else None
    return found.sound if found is not None else None


def one_cue_a_sound(rest: str) -> list[str]:
    """A cue line's words cut where each new sound is named, each part with the sentences that go
    with it (SOUND: DOOR OPENS. STREET NOISES. DOOR CLOSES. -> DOOR OPENS. STREET NOISES. / DOOR
    CLOSES.; F/X: TRAIN ON TRACKS. HOLD UNDER. stays one): one cue for each, played in turn."""
    parts: list[list[str]] = []
    named: list = []
    lead: list[str] = []  # words before the first sound: they go with it
    for sentence in _SENTENCES.split(rest):
        sound = _sound_in(sentence)
        if sound is not None and sound not in named:
            named.append(sound)
            parts.append(lead + [sentence])
            lead = []
        elif parts:
            parts[-1].append(sentence)
        else:
            lead.append(sentence)
    if len(named) < 2:
        return [rest]
    return [" ".join(part).strip() for part in parts]


def cue_direction(word: str, written_as: str, rest: str, line: int) -> Direction:
    """What a cue line is: a sound if the cues know it; music, a bridge or the producer's file;
    the working vocabulary and an acoustic note silent; an effect no sound knows silent and
    `known=False` (to be reported)."""
    whole = f"{written_as}: {rest}" if rest else written_as
    what = CUE_WORDS[word.upper()]
    if what == "acoustic":  # ACOUSTIC: A SMALL ROOM: for the producer's room, nothing to hear of itself
        return Direction(whole, line, SILENT)
    found = classify(rest, Form.BRACKET) if rest else None
    if found is not None and found.sound is not None:
        say = found.say if rest and re.search(r"[“\"]", rest) else None  # the hall says only quoted words
        return Direction(whole, line, SOUND, found.sound, None, say, True, False)
    if what == "music" and rest and not working_words(rest):
        # Music: the producer's file (a cast file's [[cues]] rule), else a short built-in bridge.
        return Direction(whole, line, SOUND, "music", None, None, True, False)
    if what == "music" or not rest or working_words(rest):  # MUSIC: UP AND OUT says what music does (beds.py)
        return Direction(whole, line, SILENT)
    return Direction(whole, line, SILENT, known=False)
