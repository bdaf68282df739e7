"""What a listener gets from a stage direction: the one classification every reader uses.

Each direction becomes one of:
  sound     the hall or the stage is heard (laughter, applause, a knock, a phone…: cues/kinds.py); when the
            direction tells of more than the sound (an action line: "the phone RINGS"), the narrator tells it too
  narrate   the narrator says it (entrances, exits, action), so the listener does not lose what happens
  delivery  it changes how the next words are said ((whispering), [Languidly.], (beat) as a pause)
  silent    nothing is heard (transitions, page furniture), but `inspect` still lists it

`classify(text, form)` decides, from the words and from where the direction stood (Form):
  "bracket"       [Laughter], (Applause.), _Enter Jack._ inside or between speeches
  "parenthetical" a screenplay's (beat) under a character cue, or a label's manner: TROTSKY (interrupting):
  "alone"         a bracket that is a whole turn or caption, (laughing) with no words: nothing for it to colour
  "action"        a screenplay's action paragraph, a play's scene description: always narrated
  "transition"    CUT TO:, FADE OUT., page furniture: always silent
When a script is cast, a producer's [[cues]] rules are matched once (`apply_rules`): the first
that matches makes any direction a sound, and the direction keeps which rule it was.
The classes are enums (Action, Form, Heard); no audio code is imported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from dramatize.cues.kinds import BY_NAME, Kind, SoundKind, sound_named, sound_of


class Action(StrEnum):
    """What a listener gets from a direction."""

    SOUND = "sound"
    NARRATE = "narrate"
    DELIVERY = "delivery"
    SILENT = "silent"


class Form(StrEnum):
    """Where a direction stood in the script."""

    BRACKET = "bracket"
    PARENTHETICAL = "parenthetical"
    ALONE = "alone"
    ACTION = "action"
    TRANSITION = "transition"


class Heard(StrEnum):
    """What a production lets the listener hear of the directions (a cast file's `directions`)."""

    NARRATE = "narrate"  # the narrator tells them, and the sounds are heard
    SOUNDS = "sounds"  # the sounds only
    SILENT = "silent"  # neither


SOUND, NARRATE, DELIVERY, SILENT = Action


@dataclass(frozen=True)
class Delivery:
    """How a delivery note changes the voice: rate in percent, pitch in the 0-100 scale's
    steps, level in dB, and a pause before the words in seconds. Tunable per cast file."""

    rate: float = 0.0
    pitch: float = 0.0
    gain_db: float = 0.0
    pause: float = 0.0


# name: (words that name it, its default effect). The first match wins.
DELIVERIES: dict[str, tuple[re.Pattern, Delivery]] = {
    # (A long pause), (Total silence.), (Another beat); never "no pause" or "without a pause"
    "pause": (re.compile(r"^\W*(?!(no|without|never|after)\b)(\w+\s+){0,2}(beat|pause|pauses|silence)\b", re.I),
              Delivery(pause=0.8)),
    "whisper": (re.compile(r"whisper|under (his|her|their) breath|sotto voce|hushed|barely audible", re.I),
                Delivery(rate=-8, pitch=-4, gain_db=-9)),
    # ("Calls." alone or before whom: a call across the stage; "calls on her" is a visit, "recalls" no call)
    "shout": (re.compile(r"shout|yell|scream|bellow|roar|at the top of|loudly|calling out|calls out|thunderous|like thunder"
                         r"|^\W*call(s|ing)\b(?!\s+(on|upon|in|up|back|at|for)\b)", re.I),
              Delivery(rate=6, pitch=10, gain_db=4)),
    "angry": (re.compile(r"angr|furious|fierce|sharply|indignant|heated|hotly|savage|irritab|impatien", re.I),
              Delivery(rate=5, pitch=5, gain_db=2)),
    "quiet": (re.compile(r"quiet|softly|gently|low voice|tender|timid|murmur", re.I),
              Delivery(rate=-5, pitch=-3, gain_db=-5)),
    # (word starts: a sweep is no weeping, gravel is not grave, a sight no sigh)
    "sad": (re.compile(r"\bsad|\btear|\bsob|\bweep|crying|mournful|\bgrave(ly|r|st)?\b|gloom|\bsigh(s|ed|ing)?\b", re.I),
            Delivery(rate=-10, pitch=-6, gain_db=-2)),
    "fast": (re.compile(r"quick|rapid|hurried|hastily|excited|eager|breathless|nervous", re.I), Delivery(rate=15, pitch=4)),
    "slow": (re.compile(r"slow|languid|deliberate|drawl|hesitat|dreamily|lazily|wearily|thoughtful", re.I),
             Delivery(rate=-15, pitch=-2)),
    "cheerful": (re.compile(r"laugh|chuckl|giggl|chortl|cheer|gaily|brightly|merrily|smil|amused|airily|lightly|delight", re.I),
                 Delivery(rate=4, pitch=6, gain_db=1)),
    "aside": (re.compile(r"\baside\b|to (him|her|them)sel(f|ves)", re.I), Delivery(rate=-3, gain_db=-4)),
}

# Transitions and page furniture: nothing to hear. (`\W*+` never gives back what it took, which no
# word below could use: a 10 MB direction of brackets is tried once, not from each of its characters.)
_SILENT = re.compile(
    r"^\W*+((smash |match |jump |time |hard |quick )?cut (to|back)|fade (in|out|to)|dissolve( to)?|wipe( to)?|"
    r"back to|intercut|iris (in|out)|cross-?fade|continued|cont'?d|more|end of (act|scene|part|the play)|"
    r"curtain|the curtain falls|blackout|black out|page \d+|\d+|graphic|tiff omitted|strophe|antistrophe|epode|"
    r"sic|inaudible|unintelligible|indiscernible|crosstalk|cross-talk|redacted|affirmative|negative|nods|nodding|"
    r"illustration|picture|image|photo|figure|as interpreted|as translated|through (an )?interpreter|"
    r"in (english|french|german|spanish|russian|japanese|chinese|hindi|italian)|"
    # a recording's log (a broadcast's breaks, an interview's tapes): where it was cut, never heard
    r"(commercial|ad|station|mid-?roll|sponsor) break|commercial|advertisement|sponsor message|"
    r"(begin|start|end)( of)? (tape|side|recording|interview|transcript)|tape \d+|side [ab]|end of (tape|side|"
    r"recording|interview|transcript))\b",
    re.I)
# A delivery note with no effect of its own: how or to whom the line is said.
_MANNER = re.compile(
    r"^\W*(to |into |on |from |at |in |with |over |off\b|offstage|off-stage|v\.?o\.?|o\.?s\.?|o\.?c\.?|cont|"
    r"interrupting|continuing|reading|reads|aloud|then|still|again|beat|pausing|pointing|smiling)|"
    r"^\W*\w+ly\W*$|^\W*\w+ing\b", re.I)
# Things people do on a stage: the direction is narrated, and known.
_ACTION_WORDS = re.compile(
    r"\b(enters?|re-?enters?|exit|exits|exeunt|goes|go|going|comes|come|coming|returns?|leaves?|sits?|rises?|"
    r"stands?|crosses|moves?|turns?|takes?|gives?|hands?|puts?|picks?|looks?|opens?|closes?|shuts?|walks?|runs?|"
    r"drinks?|eats?|reads|writes?|kisses|embraces?|throws?|falls?|kneels?|bows?|points?|holds?|pours?|offers?|"
    r"pause[sd]?|seated|discovered|alone|aside|business|tears|lights?|curtain|scene|room|table|sofa|chair|door|"
    r"window|music|piano|heard|is|are|was|were)\b", re.I)
_MUSIC = re.compile(r"\b(music|theme|song|melody|orchestra|fanfare|jingle|sting)\b", re.I)
_SUBJECT = re.compile(r"^\W*(he|she|they|it|we|i|you|both|all|everyone|everybody)\b\s+\w", re.I)
# An entrance or exit, whatever manner it names (Enter TOBY, breathless.): someone comes or goes, it is told.
_ENTRANCE = re.compile(r"^\W*(enter|enters|re-?enter|exit|exeunt|manet|manent)\b", re.I)
# A delivery followed only by where it is said from or to: "calls out from his room", "whispering to Jack".
_PLACED = re.compile(r"\w*\s+(from|to|into|across|through|off|within|over|at)\b(?!.*\b(and|then)\b)", re.I)
_PLACED_WORDS = 8
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
# How the words are said, in any length: "in a voice like thunder", "(Changing his tone, quickly…)".
_VOICE_MANNER = re.compile(r"^\W*(in|with|into|putting|dropping|raising|lowering|changing|softening|hardening)\b"
                           r"[^.;:]{0,60}?\b(voice|tone|tones|accents?)\b", re.I)
# Words that put the sound in a clause about something else: "After the music has ceased, …", "With a bell…"
_IN_PASSING = re.compile(r"\b(after|before|when|while|until|as|with|without|of|in|at|to|from|by|for|on|than|like|if"
                         r"|no|not)\b", re.I)
_OPENING_WORDS = 2  # words before a sound's name in a sentence about it: "The church clock strikes"
# ...or one the sentence listens to (`They stop at the sound of MANY DOGS`, `The women listen to the men's
# steps`), or writes in capitals as a screenplay names its sounds (`COGNITO is SLAMMED against the wall`).
_LISTENED = re.compile(r"\b(sounds?|noises?|hears?|heard|hearing|listens?\s+to|listening\s+to)\b", re.I)
_CAPITALS = re.compile(r"\b[A-Z]{3,}\b")
_ONOMATOPOEIA = re.compile(r"[\"“][A-Z]{2,}[!-]*[\"”]")  # utter loud "YIP!" barks
SENTENCE_GAP = re.compile(r"(?<=[.;!?])\s+")
SENTENCE_CHARS = 300  # a sentence about a sound is short; a longer one is not searched (and stays linear)
_VOICE_MANNER_WORDS = 24  # a phrase about the voice, however long; not a paragraph
# A sound the speaker makes, which colours words when there are any ((laughing) Go on!) and is the
# sound itself when there are none (a caption or a turn that is only "( laughing )").
_LAUGHING = re.compile(r"^\W*(\w+ly\s+)?(laugh|chuckl|giggl|chortl|guffaw|snigger|snicker)\w*(?<!ly)\W*$", re.I)


@dataclass(frozen=True)
class Classification:
    action: Action
    sound: Kind | None = None
    delivery: str | None = None  # a name in DELIVERIES, or None for a note with no effect
    say: str | None = None  # words the hall voices, for sounds such as shouts
    known: bool = True  # False when nothing recognised it: narrated, with a warning
    told: bool = False  # a sound the narrator also tells (an action line: "the phone RINGS")


_OVER = re.compile(r"^over\s+(?:the\s+|a\s+)?\w", re.I)  # (OVER MUSIC), (over the noise): not a new sound


def hall_words(text: str) -> str | None:
    """The words the hall says in a direction such as `Shouts: “Correct!”`."""
    if ":" not in text:
        return None
    after = text.split(":", 1)[1].strip()
    quoted = _QUOTED.findall(after)
    if quoted:
        return " ".join(q.strip() for q in quoted)
    if after.isupper() and not re.search(r"[!?]", after):
        return None  # WALLA: CROWD OUTSIDE ... ANGRY -- a radio script's description, not what they shout
    return after or None


def opening_sound(sentence: str) -> SoundKind | None:
    """The sound a sentence of prose is about: one it names in its first words (`A bell rings`,
    `The church clock strikes`, `Titterings.`), not in passing (`after the music has ceased`), of the
    stage or the hall, not one voice's words. None when there is none, or the sentence is long."""
    named = sound_named(sentence) if len(sentence) <= SENTENCE_CHARS else None
    if named is None or named[0].crowd_says == "one":
        return None
    kind, found = named
    before = sentence[:found.start()]
    opens = len(before.split()) <= _OPENING_WORDS and not _IN_PASSING.search(before)
    return kind if (opens or _LISTENED.search(before) or _CAPITALS.search(found.group())
                    or _ONOMATOPOEIA.search(sentence)) else None


def _delivery_end(text: str, delivery: str) -> int:
    return DELIVERIES[delivery][0].search(text).end()


def delivery_of(text: str) -> str | None:
    return next((name for name, (words, _) in DELIVERIES.items() if words.search(text)), None)


def apply_rules(direction, rules):
    """A direction as the producer's [[cues]] rules hear it (each anything with `.matches(text)`):
    the first matching rule makes it a sound, and is recorded on it (`rule`, its index)."""
    index = next((i for i, rule in enumerate(rules) if rule.matches(direction.text)), None)
    if index is None:
        return direction
    rule = rules[index]
    return replace(direction, action=SOUND, sound=Kind.FILE if rule.file else Kind(rule.type), delivery=None,
                   say=hall_words(direction.text), known=True, told=direction.told or direction.action == NARRATE,
                   rule=index)


def classify(text: str, form: Form = Form.BRACKET) -> Classification:
    if form == Form.TRANSITION or _SILENT.match(text):
        return Classification(SILENT)
    if form == Form.PARENTHETICAL and _OVER.match(text):  # BRODY: (OVER MUSIC) ...: said over what plays already
        return Classification(DELIVERY, delivery=delivery_of(text))
    if form == Form.ACTION:
        # Told by the narrator; a sound it names (the phone RINGS) is heard as well.
        kind = sound_of(text)
        if kind is not None and kind.crowd_says != "one":
            return Classification(SOUND, sound=kind.name, told=True)
        return Classification(NARRATE)
    kind = sound_of(text)
    words = len(text.split())
    if kind is None and form == Form.ALONE and _LAUGHING.match(text):
        kind = BY_NAME[Kind.LAUGHTER]
    if kind is not None:
        if len(text.split(":")[0].split()) <= 6:
            return Classification(SOUND, sound=kind.name, say=hall_words(text))
        # A longer direction tells of more than the sound: the sound, and the narrator tells the rest.
        if kind.crowd_says != "one":
            return Classification(SOUND, sound=kind.name, told=True)
        return Classification(NARRATE)
    if _VOICE_MANNER.match(text) and words <= _VOICE_MANNER_WORDS:
        return Classification(DELIVERY, delivery=delivery_of(text))
    if _MUSIC.search(text) and words <= 8:
        return Classification(SILENT)  # music needs the producer's own file: a [[cues]] rule gives it
    delivery = delivery_of(text)
    if _SUBJECT.match(text) or _ENTRANCE.match(text):  # "He goes out laughing": something happens, it is told
        return Classification(NARRATE, known=True)
    if delivery and (words <= 4 or words <= _PLACED_WORDS and _PLACED.match(text, _delivery_end(text, delivery))):
        return Classification(DELIVERY, delivery=delivery)  # (calls out from his room): how, and from where
    if words <= 4 and (form == Form.PARENTHETICAL or _MANNER.match(text)):
        return Classification(DELIVERY)
    # A longer note is something happening: the listener is told it.
    return Classification(NARRATE, known=form == Form.PARENTHETICAL or delivery is not None
                          or bool(_ACTION_WORDS.search(text)))
