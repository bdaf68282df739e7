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
    COUGH = "cough"
    CAMERA = "camera"
    WHISTLE = "whistle"
    DIAL = "dial"
    LOCK = "lock"
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
    # Reaches the mix with no reverb: the hall's tail turns each jolt of a creaking hinge into a bang (an
    # AudioSet ear hears an explosion at a send of 0.01, a squeak or a door dry: bench/sounds.py).
    dry: bool = False


def _words(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# Who laughs or claps as one: a crowd, not a character (he laughs: a delivery, or told).
_GROUP = (r"\b(everyone|everybody|all|audience|crowd|company|people|they|others|guests|spectators|onlookers|"
          r"delegates|members)\b")
# Words that may stand before "steps" when it is the noun (the footsteps), not the verb.
_STEPPING = (r"(heavy|light|quick|slow|soft|loud|faint|distant|brisk|firm|swift|stealthy|hurried|measured|muffled"
             r"|running|hurrying|approaching|receding|retreating|echoing|shuffling|dragging|limping|more|some|two"
             r"|three|his|her|their)")
ON_STAGE = {"crowd_says": "none", "from_hall": False}  # an object's sound: nobody in the hall speaks
GOES_ON = {**ON_STAGE, "continuous": True}  # ...and one that lasts as long as the scene lets it
KINDS: tuple[SoundKind, ...] = (
    # Hall reactions are named by nouns ("Laughter", "Shouts from the benches"); a character's
    # own action ("he laughs", "(laughing)") is narration or a delivery note, not the hall.
    # A group laughing or clapping is the hall too, whatever the verb ("Everyone laughs", "They
    # chuckle", "The audience claps"); a clap of thunder or one man clapping his hands is not.
    SoundKind(Kind.LAUGHTER, _words(r"\blaughter\b|\btitter|^\W*(general |loud |much )?laughs?\W*$"
                                    rf"|{_GROUP}[^.;]*\b(laugh|chuckl|chortl|giggl|guffaw|snigger|snicker)"), 3.2, 0.6),
    SoundKind(Kind.APPLAUSE, _words(r"applau|\b(hand-?)?clapping\b|\bovation\b|\bclapped\b|\b(hand)?claps?\b"
                                    r"(?!\s+(of|eyes|a hand|his|her|their|its|my|your|our|him|them|me|you|us)\b)"),
              4.5, 0.65),
    SoundKind(Kind.VOICE, _words(r"^\W*(a|one|another|single)\s+(voice|delegate|member)\b|^\W*voice\b"), 0.0, 1.0,
              crowd_says="one", hold_after_words=True),
    # (a fire that hisses is the fire's)
    SoundKind(Kind.SHOUTS, _words(r"^\W*(?!((the|a|an)\s+)?(fire|logs?|coals?|embers|flames?)\b)(\w+\s+){0,2}(shouts|cries"
                                  r"|exclamations?|heckl\w*|cheers|cheering|boos|booing|jeers|hisses|hissing)\b"
                                  rf"|{_GROUP}[^.;]*\b(shouting|yelling)\b"),  # [Audience members shouting.]
              1.8, 0.5, babble=0.5, hold_after_words=True),
    # A street's or a crowd's noise, before the hall's "noise" (a commotion).
    SoundKind(Kind.TRAFFIC, _words(r"\btraffic\b|\bstreet (noise|sounds?)\b"
                                   r"|\b(noise|sounds?|bustle) of the (street|town|city)\b"
                                   r"|\bbus(es)?\b|\bhorns? (honk|hoot|toot)"), 6.0, 0.4, **GOES_ON),
    # A room full of talk: walla, a crowd's chatter, "the buzz of conversation", "the hum of a crowded bar";
    # the crowd's own talk (procedural.babble), no line of words over it (a spoken line is heard as speech),
    # so it can be held under a scene.
    SoundKind(Kind.WALLA, _words(r"\bwalla\b|\bchatter\b|\bbabble\b"
                                 r"|\bcrowds?\b[^.]*\b(noise|chatter|talk\w*|voices|murmur\w*|hum|humming|buzz\w*)\b"
                                 r"|\b(buzz|hum|murmur|hubbub|din|drone) of\b[^.]*\b(conversation|voices|talk|crowd\w*"
                                 r"|people|guests|diners|drinkers|customers|party|ballroom|restaurant|bar|pub|caf[eé]"
                                 r"|tea-? ?room)\b"
                                 r"|\bvoices\b[^.]*\b(off|outside|next door|in the (street|hall|distance))"),
              5.0, 0.4, **GOES_ON),
    SoundKind(Kind.COMMOTION, _words(r"commotion|uproar|tumult|disturbance|\bstir\b|excitement|\bprotests?\b|disorder"
                                     r"|pandemonium|\bnoise\b|hubbub|clamou?r"), 5.0, 0.55, babble=1.0,
              babble_db=(-11.0, -4.0)),
    SoundKind(Kind.MURMUR, _words(r"murmur|mutter"), 3.5, 0.35),  # a crowd's talk (procedural.babble), no words to follow
    # A telephone that rings, shrills, jangles or trills, or its bell (a dial tone is no ring: not this sound).
    SoundKind(Kind.PHONE, _words(r"\b(tele)?phones?\b[^.]*\b(rings?|ringing|rang|buzz\w*|shrill\w*|jangl\w*|trill\w*"
                                 r"|bell)\b|\bring\w*\b[^.]*\b(tele)?phone\b"),
              3.2, 0.8, **ON_STAGE),
    SoundKind(Kind.TICKING, _words(r"\bclock\b[^.]*\btick|\btick(s|ing)?\b[^.]*\bclock|\bticking\b|\btick-?tock"
                                   r"|\bticks\b"), 4.0, 0.4, **GOES_ON),
    # Bells (plural) that ring are a steeple's; one bell that rings is a door's or a hand's (BELL).
    SoundKind(Kind.CHURCH_BELL, _words(r"\bchurch[- ]?bells?\b|\bbells?\b[^.]*\b(toll|peal|chim)\w*|\btoll(s|ing)?\b"
                                       r"|\bchimes?\b|\bpeals? of bells\b|\bbells (ring|rang|are ringing)|\bbells of\b"
                                       r"|\bknell\b|\bcarillon\b"), 5.0, 0.5, **ON_STAGE),
    SoundKind(Kind.CLOCK, _words(r"\bclock\b[^.]*\bstrik|\bstrikes? (the )?(hour|quarter|one|two|three|four|five|six|"
                                 r"seven|eight|nine|ten|eleven|twelve)\b"), 3.4, 0.6, **ON_STAGE),
    SoundKind(Kind.BELL, _words(r"\b(door-?)?bell\b"), 1.6, 0.7, **ON_STAGE),
    # Knuckles on a door in any words: knocks, raps, taps or bangs at (or on) it, a rat-tat.
    # (A gavel rapped on its block, a hearing's and a meeting's: wood knocked on wood.)
    SoundKind(Kind.KNOCK, _words(r"\bknock|\brat-?(a-?)?tat|\bknuckles\b[^.]*\b(door|window|wood)|\bgavel\b"
                                 r"|\b(raps?|rapp(ed|ing)|taps?|tapp(ed|ing)|bang(s|ed|ing)?|hammer(s|ed|ing)?"
                                 r"|pound(s|ed|ing)?)\b\s+(\w+\s+){0,2}(at|on|upon)\b[^.]*\b(door|window|gate|shutter)s?\b"),
              1.6, 0.9, **ON_STAGE),
    SoundKind(Kind.DOOR, _words(r"\bdoor\b[^.]*\b(slams?|slamm\w*|bangs?|bang\w*|crash(es|ed)?|thud\w*)\b"
                                r"|\b(slams?|bangs?)\b[^.]*\bdoor\b"),
              1.2, 0.8, **ON_STAGE),
    # A door's, a gate's or a board's groan, squeal or squeak is its creak (close by: "the door groans",
    # not "he opens the door and groans").
    SoundKind(Kind.CREAK, _words(r"\bcreak|\b(groan|squeal|squeak|whine)\w*\b[^.]*\b(hinges?|floor-?boards?|stairs?)\b"
                                 r"|\b(hinges?|door|gate|floor-?boards?|stairs?)\s+(\w+ly\s+)?"
                                 r"(groan|squeal|squeak|whine)\w*"), 2.2, 0.7, dry=True, **ON_STAGE),
    SoundKind(Kind.DOOR_OPEN, _words(r"\bdoor\b[^.]*\b(opens?|opened|opening)\b|\bopens? (the|a) door\b"), 1.5, 0.7,
              dry=True, **ON_STAGE),  # (its hinge creaks)
    SoundKind(Kind.DOOR_CLOSE, _words(r"\bdoor\b[^.]*\b(closes?|closed|closing|shuts?|shutting)\b"
                                      r"|\b(closes?|shuts?) (the|a) door\b"), 1.4, 0.8, **ON_STAGE),
    # Footsteps, footfalls, a tread, boots and feet that tramp; "Steps." and "Running steps on gravel" open a
    # direction as a noun, where "He steps forward" is a verb (so only a few words may come before it).
    SoundKind(Kind.FOOTSTEPS, _words(r"\bfoot-?(steps|falls?)\b|\bsteps (are )?heard\b"
                                     r"|\b(hear|hears|heard) (\w+ )?steps\b"
                                     r"|\bsteps (approach|recede|com|go|cross|on the)\w*|\btread of\b"
                                     rf"|^\W*({_STEPPING}\s+){{0,2}}(steps|treads?)\b"
                                     r"(?!\s+(forward|back|aside|out|up|down|into|onto|off|away|towards?|inside|outside)\b)"
                                     r"|\b(boots|feet|heels|shoes)\s+(\w+\s+){0,2}(tramp|trudg|stomp|stamp|clatter|shuffl"
                                     r"|patter|scuff|crunch|clump|clomp|thump|cross|walk|pac|march|climb|descend|approach"
                                     r"|reced|echo|ring|sound|hurr|run)\w*"
                                     r"|\b(boots|feet|heels|shoes)\s+on\s+(the\s+)?(stairs?|floor\w*|boards|gravel|cobbles?"
                                     r"|pavement|path|deck|landing|corridor|steps|stones?|flags(tones)?)\b"
                                     r"|\b(tramp|trudg|stomp|clatter|shuffl|patter|clump)\w* of\b[^.]*"
                                     r"\b(boots|feet|heels)\b"),
              3.0, 0.8, **ON_STAGE),
    # (a train or a horse that thunders through or past is the train's or the hooves')
    SoundKind(Kind.THUNDER, _words(r"\bthunder(?!(s|ed|ing)\s+(through|past|by|along|into|across)\b)"), 4.0, 0.5,
              **ON_STAGE),
    SoundKind(Kind.RAIN, _words(r"\brain(s|ing|fall|storm)?\b|\bdownpour\b|\bdrizzl"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.WIND, _words(r"\bwinds?\b(?!\s+(up|down)\b)|\bgales?\b|\bgusts?\b|\bstorm\b|\btempest\b|\bblizzard\b"
                                r"|\bsqualls?\b"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.SEA, _words(r"\bsea\b|\bocean\b|\bsurf\b|\bwaves?\b[^.]*\b(break|crash|lap|roll|pound)\w*"
                               r"|\b(shore|tide|breakers)\b|\bfog-?horn"), 6.0, 0.4, **GOES_ON),
    # Birds by name only where the name is no word for anything else (no robin, raven, pigeon, dove: people).
    SoundKind(Kind.BIRDS, _words(r"\bbirds?\b|\bbird-?song|\bchirp|\btwitter|\bsongbirds?\b|\bdawn chorus\b"
                                 r"|\b(blackbird|thrush|lark|sparrow|nightingale|seagull|gull|owl|cuckoo|starling"
                                 r"|cockerel|rooster)s?\b(?!-| clock)|\brooks\b|\bcaw(s|ing|ed)?\b|\bcock-?a-?doodle"
                                 r"|\b(cock|cockerel|rooster)s?\s+crow\w*"), 4.0, 0.4, **GOES_ON),
    # Any dog that barks, bays or howls; a gun that barks is a gun.
    SoundKind(Kind.DOG, _words(r"\b(dogs?|hounds?|terriers?|pupp(y|ies)|curs?|mastiffs?|spaniels?|wolf|wolves)\b[^.]*"
                               r"\b(bark|growl|yelp|howl|whin|yap|bay|bays|baying|snarl|whimper)\w*"
                               r"|(?<!gun )(?<!pistol )(?<!revolver )(?<!rifle )\bbark(s|ing)?\b|\bwoof"), 2.5, 0.7,
              **ON_STAGE),
    SoundKind(Kind.TRAIN, _words(r"\btrains?\b|\blocomotive|\brailway\b|\bsteam whistle|\bclickety"
                                 r"|\bwheels\b[^.]*\b(rails|track)\b"), 6.0, 0.4, **GOES_ON),
    SoundKind(Kind.CAR, _words(r"\b(motor-?)?cars?\b|\bautomobile|\btaxi\b"
                               r"|\bengine (starts|revs|roars|idles|purrs|splutters|coughs|turns over)"
                               r"|\b(tyres?|tires?|brakes)\b[^.]*\b(screech|squeal)\w*"
                               r"|\b(screech|squeal)\w* of (tyres|tires|brakes)"
                               r"|\b(motor|van|lorry|truck|jeep|sedan|limousine)s?\b[^.]*"
                               r"\b(draws? up|pulls? (up|away|out)|drives? (off|away))"), 4.0, 0.5, **ON_STAGE),
    # Glass, and the things made of it, that break (close by: "the mirror breaks", not "...and breaks down").
    SoundKind(Kind.GLASS, _words(r"\bglass\w*\b[^.]*\b(break|breaks|broken|smash\w*|shatter\w*|crash\w*)"
                                 r"|\b(decanter|bottle|tumbler|goblet|vase|window-?pane|pane|mirror|crockery)s?\W+(\w+\W+){0,2}"
                                 r"(break|breaks|broken|smash\w*|shatter\w*|crash\w*)\b(?!\s+(down|off|out|away|into)\b)"
                                 r"|\b(smash|shatter|break)\w*\b[^.]*\bglass|\bshatter"), 1.8, 0.7, **ON_STAGE),
    # A fire, its logs or coals at their noises (whole words: "spite" and "popular" are no fire).
    SoundKind(Kind.FIRE, _words(r"\b(fire|logs?|coals?|embers|kindling|firewood)\b[^.]*\b(crackl\w*|burn\w*|roar\w*|spit"
                                r"|spits|spitting|hiss|hisses|hissing|pops?|popping|snaps?|snapping|sputter\w*)\b"
                                r"|\bcrackl|\bflames?\b|\bfireplace\b|\bhearth\b|\blog fire\b|\bblaze\b"), 5.0, 0.4, **GOES_ON),
    SoundKind(Kind.TYPEWRITER, _words(r"\btypewriter|\btyp(es|ing)\b|\bteleprinter|\bteletype"
                                      r"|\bkeys\s+(\w+\s+)?(clatter|clack|tap)\w*"
                                      r"|\b(clatter|clack\w*|tapping) of (the )?(typewriter )?keys\b"), 4.0, 0.5, **GOES_ON),
    # One person's cough or cleared throat (never "coughs up" the money or a cough syrup).
    SoundKind(Kind.COUGH, _words(r"\bcough(s|ed|ing)?\b(?!\s+(up|syrup|drops?|mixture|medicine|sweets?|lozenges?)\b)"
                                 r"|\bclear(s|ed|ing)? (his |her |their |my |your |the )?throat|\bthroat[- ]clearing"
                                 r"|\bahem\b"), 1.4, 0.9, **ON_STAGE),
    # A camera's shutter or flash (a screenplay's CAMERA PANS is no sound).
    SoundKind(Kind.CAMERA, _words(r"\bcameras?\b[^.]*\b(click\w*|flash\w*|shutters?)\b|\bcamera shutter"
                                  r"|\b(shutters?|flash(es|bulbs?)?)\b[^.]*\bcameras?\b|\bflash-?bulbs?\b"
                                  r"|\bshutters? (clicks?|clicking|snaps?|release)"
                                  r"|\b(click|snap|whirr?)\w* of (a|the|his|her|their) cameras?\b"), 1.5, 0.8, **ON_STAGE),
    # A whistle blown (a referee's, a policeman's, a guard's); a train's is the train's, and one man
    # whistling a tune, clean as a whistle or to blow the whistle on someone, is none.
    SoundKind(Kind.WHISTLE, _words(r"(?<!as )(?<!wet )(?<!wets )\b(a|the|his|her|their|police|referee'?s|guard'?s"
                                   r"|shrill|sharp|long|short|distant|factory|pea|tin) whistles?\b(?!-|\s+on\b)"
                                   r"|\bwhistles? (blows?|blasts?|shrills?|sounds?|blew|goes|pierces)\b"
                                   r"|\bblasts? (of|on) (a|the|his|her) whistle|\bwhistle[- ]blasts?\b"
                                   r"|^\W*whistles?\W*$"), 2.0, 0.8, **ON_STAGE),
    # A telephone dialled, its dial tone or engaged tone (its ring is PHONE's; a clock's dial, a sundial no sound).
    SoundKind(Kind.DIAL, _words(r"\bdial(s|led|ed|ling|ing)\b|\b(dial|dialling|dialing|engaged)[- ]tones?\b"
                                r"|\bbusy signal\b|\b(punch|key|tap)(es|s)? in (a|the) number"), 3.0, 0.8,
              **ON_STAGE),
    # A key in a lock, a lock or a bolt shot, a latch lifting (not a key witness, nor locks of hair).
    SoundKind(Kind.LOCK, _words(r"\bkeys?\s+(turns?|turning|turned|grates?|grating|rattles?|rattling|scrapes?|scraping"
                                r"|click\w*)\b|\bkeys? in (the|a) (lock|door)|\bturns? the key\b"
                                r"|\b(un)?lock(s|ed|ing)\s+(the|a|his|her|their)\s+(\w+\s+)?(door|gate|drawer|safe)\b"
                                r"|\block\s+(clicks?|turns?|snaps?|grates?|gives)\b"
                                r"|\b(latch|bolt)(es|s)?\s+(\w+\s+)?(clicks?|lifts?|drawn|shot|slides?|rattles?|falls?"
                                r"|grates?|snaps?|catches)\b|\b(draws?|shoots?|slides?) (back )?(the|a) bolt\b"),
              1.6, 0.8, **ON_STAGE),
    SoundKind(Kind.DRUM, _words(r"\bdrums?\b|\bdrumm"), 3.0, 0.7, **ON_STAGE),
    SoundKind(Kind.HIT, _words(r"\b(slams?|slammed|smacks?|smacked|slaps?|slapped|punch\w*|thuds?|thumps?|thwacks?"
                               r"|whacks?)\b"), 0.7, 0.8, **ON_STAGE),
    SoundKind(Kind.WHOOSH, _words(r"\b(whoosh|fwoosh|swoosh)\w*"), 1.2, 0.7, **ON_STAGE),
    # Shots by number or by the gun that fires them; never "a shot of whisky" or a screenplay's "a shot of the
    # harbour", and a camera's TWO SHOT is singular.
    SoundKind(Kind.GUNSHOT, _words(r"\bgun-?(shots?|fire)\b|\b(pistol|revolver|rifle|musket|shotgun)[- ]shots?\b"
                                   r"|\bshots?\b (is |are )?(heard|fired|rings? out)"
                                   r"|(?<!take )(?<!takes )(?<!took )\ba shot\b(?! (of|glass)\b)"
                                   r"|\b(two|three|four|five|six|several|more|further) shots\b(?! of\b)"
                                   r"|\bfires? (twice|once|again|a shot|\w+ shots?)\b|pulls the trigger"
                                   r"|\b(pistol|revolver|rifle|musket|shotgun|gun)s?\b[^.]*\b(cracks?|barks?|goes off|went off"
                                   r"|fired)\b|\bvolley of (shots|gunfire|rifle)|\bricochet"),
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
_TRIGGERS = re.compile(r"gavel|yell|laugh|titter|chuckl|chortl|giggl|guffaw|snigger|snicker|applau|clap|rap|tap|hammer|pound|"
                       r"ovation|voice|delegate|member|shout|cries|exclam|heckl|cheer|boo|jeer|hiss|commotion|uproar|"
                       r"tumult|disturb|stir|excite|protest|disorder|pandemon|noise|hubbub|clamo|murmur|mutter|phone|"
                       r"ring|bell|clock|strike|knock|door|slam|bang|foot|steps|thunder|drum|smack|slap|punch|thud|"
                       r"whoosh|fwoosh|swoosh|shot|pistol|fire|trigger|creak|open|clos|shut|church|toll|chim|peal|tick|"
                       r"rain|downpour|drizzl|wind|gale|gust|storm|sea|ocean|surf|wave|shore|tide|breakers|bird|chirp|"
                       r"twitter|dawn chorus|blackbird|thrush|lark|sparrow|nightingale|dog|bark|woof|train|locomotive|"
                       r"railway|car|automobile|taxi|engine|glass|shatter|crackl|flame|hearth|blaze|typ|traffic|street|"
                       r"town|city|bus|horn|walla|crowd|chatter|babble|music|theme|melod|orchestra|fanfare|jingle|sting|"
                       r"grams|playoff|bridge|knell|carillon|rat|knuckle|crash|groan|squeal|squeak|whine|hinge|tread|"
                       r"boot|feet|heel|shoe|tramp|trudg|stomp|stamp|shuffl|patter|clump|clomp|thump|tempest|blizzard|"
                       r"squall|fog|hound|terrier|pupp|cur|mastiff|spaniel|wolf|wolves|rook|gull|owl|cuckoo|"
                       r"starling|cock|rooster|caw|clickety|wheels|tyre|tire|brake|screech|motor|"
                       r"van|lorry|truck|jeep|sedan|limousine|decanter|bottle|tumbler|goblet|vase|pane|mirror|crockery|"
                       r"log|coal|ember|kindling|teleprinter|teletype|keys|clack|gun|revolver|rifle|musket|"
                       r"volley|ricochet|thwack|whack|din|drone|hum|buzz|cough|throat|ahem|camera|shutter|flash|whistl|"
                       r"dial|engaged|busy|number|key|lock|latch|bolt")
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})  # what re.I also matches, or lower() adds (İ)


# A sound named only to say what something is like: "in a voice like thunder", "as if a shot had been
# fired", "a voice of thunder", "a thunderous voice" (but "a sound like a door slamming" is heard).
_LIKENED = re.compile(r"(?<!sound )(?<!sounds )(?<!noise )(?<!noises )\b(like|as if|as though)\b"
                      r"|\b(voice|tone|tones|accents?)\s+of\s+(\w+\s+){0,2}$", re.I)
_VOICE_AFTER = re.compile(r"\w*\s+(voice|tone|tones|accents?)\b", re.I)
# ...or named only to say when, or that it is not: "after the music has ceased", "without a sound".
_NOT_NOW = re.compile(r"\b(after|until|till|since|once|without|no|not|never)\b[^.,;:!?]*$", re.I)
_NEAR = 60  # characters before a sound's name in which a simile may stand


def _likened(text: str, found: re.Match) -> bool:
    """Whether the sound `found` in `text` is not heard: only a likeness (a simile or a voice just
    before it, or its name qualifies a voice: "thunderous voice"), or named in its clause after a
    word that puts it out of the present ("after the music has ceased")."""
    near = max(0, found.start() - _NEAR)
    return bool(_LIKENED.search(text, near, found.start()) or _NOT_NOW.search(text, near, found.start())
                or _VOICE_AFTER.match(text, found.end()))


def sound_of(text: str) -> SoundKind | None:
    """The first kind of sound this direction names (not merely likens something to), or None."""
    named = sound_named(text)
    return named[0] if named else None


def sound_named(text: str) -> tuple[SoundKind, re.Match] | None:
    """sound_of's kind, and where in `text` its name stands."""
    lowered = text.lower()  # searched without re.I, which costs the regex engine its first-letter skip
    if not _TRIGGERS.search(lowered if lowered.isascii() else lowered.translate(_FOLD)):
        return None
    for kind in KINDS:
        found = kind.words.search(text)
        if found and not _likened(text, found):
            return kind, found
    return None
