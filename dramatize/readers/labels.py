"""Speaker labels in every shape people write them, decided with the whole document in view.

`parse_label(line)` reads what could be a label at the start of one line:
    TROTSKY: …   Lady Bracknell: …   Mr. SPEAKER: …   Speaker 1: …   SPEAKER_00: …   Q: …
    ALGERNON. …   The CHAIRMAN. …   TROTSKY (interrupting): …   HIGGINS [to Pickering]: …
    **Jen Luker:** …   0:00:12.6 **Adam** …   [00:01:02] Adam: …   <v Adam>…
    THE DAUGHTER [in the space between the pillars] I'm getting chilled …
    a name alone on its line, the speech below it (`ALGERNON.`, `First Citizen:`, `Jen Luker  0:03`)

`LabelVote` then decides which candidates really are labels, from the whole document: a label
repeats, or a cast list names it, or it is written in capitals where the dialogue has begun;
a sentence that ends in a colon, `NOTE:`, `TIME: The present.` or `CUT TO:` stays text. A name
said once must be written the way this document writes its speakers (a verse line `More: if he…`
in a play of `OEDIPUS.` labels is verse). The same rules hold in every family: a manner in the
label (`Court (interrupting).`), an opening quotation mark before it, a time after it
(`Speaker 1: 00:01:17`, never said).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from dramatize.readers.source import LEADING_TIMESTAMP, TIMESTAMP

MAX_LABEL = 60

# Abbreviated titles: a name may contain them, but is never only them.
ABBREVIATIONS = {"MR.", "MRS.", "MS.", "MX.", "DR.", "ST.", "REV.", "HON.", "SEN.", "REP.", "GEN.", "COL.", "CAPT.",
                 "LT.", "SGT.", "PROF.", "MME.", "MLLE.", "M.", "MESSRS.", "JR.", "SR.", "FR.", "GOV.", "PRES.", "SEC.",
                 "ADM.", "CMDR.", "MAJ.", "CPL.", "PVT.", "DET.", "INSP.", "SUPT.", "ESQ.", "NO.", "NOS."}
# Words of rank, kin or office that stand before a name (LADY BRACKNELL, MISS PRISM, KING LEAR).
TITLES = {"MR", "MRS", "MS", "MISS", "MX", "DR", "LADY", "LORD", "SIR", "DAME", "MADAM", "MADAME", "MME", "MLLE",
          "MONSIEUR", "HERR", "FRAU", "SENOR", "SEÑOR", "SENORA", "SEÑORA", "DON", "DOÑA", "REV", "REVEREND", "CANON",
          "FATHER", "MOTHER", "SISTER", "BROTHER", "UNCLE", "AUNT", "HON", "KING", "QUEEN", "PRINCE", "PRINCESS",
          "DUKE", "DUCHESS", "EARL", "COUNT", "COUNTESS", "BARON", "BARONESS", "CAPTAIN", "COLONEL", "GENERAL",
          "MAJOR", "DOCTOR", "PROFESSOR", "SENATOR", "JUDGE", "SAINT", "ST", "OLD", "YOUNG", "THE", "A", "AN",
          "CHAIRMAN", "CHAIRWOMAN", "ASSEMBLYMAN", "ASSEMBLYWOMAN", "REPRESENTATIVE", "CONGRESSMAN", "CONGRESSWOMAN",
          "SECRETARY", "GOVERNOR", "PRESIDENT", "COMMISSIONER", "CHANCELLOR", "MAYOR", "AMBASSADOR", "JUSTICE"}
PARTICLES = {"of", "the", "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "y", "al",
             "bin", "ibn", "and", "&", "in", "on", "at", "to"}
# Words that head a colon or a full stop without naming anyone.
NOT_NAMES = {
    "NOTE", "NOTES", "N.B.", "NB", "P.S.", "PS", "TIME", "PLACE", "SCENE", "SETTING", "LOCATION", "ACT", "INT.",
    "EXT.", "INT", "EXT", "EST", "I/E", "THE END", "END", "CURTAIN", "WARNING", "CAUTION", "IMPORTANT", "SOURCE",
    "TRANSCRIPT", "TITLE", "AUTHOR", "AUTHORS", "DATE", "CREDIT", "CREDITS", "CONTACT", "DRAFT DATE", "SUMMARY",
    "UPDATE", "EXAMPLE", "TRANSLATOR", "TRANSLATED BY", "COPYRIGHT", "CHAPTER", "PART", "PROLOGUE", "EPILOGUE",
    "INTERMISSION", "SUBJECT", "RE", "AGENDA", "MINUTES", "PRESENT", "ABSENT", "ALSO PRESENT",
    "APPEARANCES", "EXAMINATION", "CROSS-EXAMINATION", "DIRECT EXAMINATION", "REDIRECT EXAMINATION",
    "RECROSS-EXAMINATION", "CROSS EXAMINATION", "STATEMENT", "PREPARED STATEMENT", "OPENING STATEMENT", "PERSONS",
    "CHARACTERS", "CAST", "DRAMATIS PERSONAE", "YEAR", "EDITOR", "EDITOR'S NOTE", "TRANSLATOR'S NOTE",
    "AUTHOR'S NOTE", "FOOTNOTE", "SEE", "ALSO", "TAGS", "KEYWORDS", "LINK", "URL", "EMAIL", "WEBSITE", "EPISODE",
    "SEASON", "RECORDED", "PUBLISHED", "LANGUAGE", "RELEASE DATE", "PRODUCED BY", "ILLUSTRATION", "CONTENTS",
    "INDEX", "APPENDIX", "PREFACE", "ARGUMENT", "SYNOPSIS", "INTRODUCTION", "FOREWORD", "AFTERWORD", "DEDICATION", "FINIS", "FADE IN",
    "FADE OUT", "FADE TO", "CUT TO", "DISSOLVE TO", "LATER", "CONTINUOUS", "MORNING", "EVENING", "NIGHT", "DAY",
    "MOMENTS LATER", "BACK TO SCENE", "SUPER", "TITLE CARD", "CHYRON", "INSERT", "INTERCUT", "MONTAGE", "FLASHBACK",
    "QUESTION", "ANSWER", "RESULT", "STEP", "SECTION", "PAGE", "VOLUME", "NUMBER", "DOCUMENT", "EXHIBIT",
    "WHEREUPON", "AFTERNOON SESSION", "MORNING SESSION", "RECESS", "RESUMED",
    # A radio script's cue lines (F/X: TRAIN ON TRACKS, MUSIC: THEME UP AND UNDER) name no speaker.
    "FX", "SFX", "SOUND", "SOUNDS", "SOUND EFFECT", "SOUND EFFECTS", "EFFECT", "EFFECTS", "GRAMS", "MUSIC", "ATMOS",
    "ATMOSPHERE", "AMBIENCE", "BG", "BACKGROUND", "ACOUSTIC", "ACOUSTICS", "BIZ", "WALLA", "SPOT", "SPOT FX",
}
# Single ordinary words in title case that begin sentences far more often than they name people.
COMMON_WORDS = {
    "YES", "NO", "OH", "AH", "WELL", "GOOD", "NEVER", "NOTHING", "INDEED", "CERTAINLY", "THANKS", "QUITE", "EXACTLY",
    "WHY", "WHAT", "WHO", "WHERE", "WHEN", "HOW", "SO", "NOW", "THEN", "HERE", "THERE", "COME", "GO", "STOP", "LOOK",
    "LISTEN", "WAIT", "PLEASE", "SIR", "MADAM", "HELLO", "HI", "OKAY", "OK", "RIGHT", "SURE", "TRUE", "REALLY",
    "NONSENSE", "ENOUGH", "SILENCE", "ORDER", "FINE", "ALAS", "FAREWELL", "AMEN", "EXIT", "EXEUNT", "ENTER", "ALSO",
    "HOWEVER", "THEREFORE", "THUS", "FIRST", "SECOND", "THIRD", "FINALLY", "AGAIN", "STILL", "PERHAPS", "MAYBE",
    "HA", "HAH", "HM", "HMM", "UM", "UH", "ER", "EH", "BUT", "AND", "OR", "IF", "THE", "A", "AN", "IT", "THIS", "THAT",
    "I", "WE", "YOU", "HE", "SHE", "THEY", "MY", "OUR", "YOUR", "HIS", "HER", "THEIR", "ALL RIGHT", "DONE", "AMEN",
    "CORRECT", "AGREED", "BRAVO", "SHAME", "HEAR", "QUIET", "HUSH", "GOODBYE", "GOOD-BYE", "ADIEU", "WELCOME",
    "HEY", "YO", "YEAH", "YEP", "NOPE", "SORRY", "DEAR", "WOW", "GREAT", "COOL", "NICE", "THANK YOU",
}
_NOT_A_NAME = re.compile(r"^(BY|STATEMENT OF|TESTIMONY OF|EXAMINATION OF|CONTINUATION OF|RE|SCENE|ACT|ENTER|EXIT|"
                         r"EXEUNT|RE-ENTER|MANET|MANENT|ASIDE|WITHIN|AIR|SONG|DUET|TRIO|RECITATIVE|OVERTURE)\b")
_TRANSITION = re.compile(r"(\bTO|\bIN|\bOUT|\bON|\bBACK|\bCUT)$|^(FADE|CUT|DISSOLVE|SMASH|MATCH|WIPE|IRIS)\b", re.I)
_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’\-]*\.?|(?:[^\W\d_]\.)+|#?\d{1,3}\.?|&)$")
_TERMINATOR = re.compile(r"[:.](?=[\s\"“'‘*_]|$)|：")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|[(\[].*$")  # a manner (closed, or still open)
_LOWER_WORD = re.compile(r"(?:^|\s)(?!(?:%s)\b)[a-z][a-z'’\-]*\b(?![\w'’\-]*[A-Z])" % "|".join(
    sorted({"of", "the", "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "y", "al",
            "bin", "ibn", "and", "in", "on", "at", "to", "und", "et", "pro", "tempore"}, key=len, reverse=True)))
# Lower-case words an office may hold (The SPEAKER pro tempore.): neither a name nor a sentence.
OFFICE_WORDS = {"pro", "tempore"}
_OPENING_QUOTE = re.compile(r"^[“\"‘„«]\s*(?=[^\W\d_])")  # a quoted transcript opens every paragraph with one
_STAMP_FIRST = re.compile(r"^[\[(]?\d{1,3}:\d{2}(?::\d{2}){0,2}(?:[.,]\d{1,3})?[\])]?(?=\s|$)\s*")
_TIME_WORD = re.compile(r"(?:[A-Za-z]\.){1,3}|[AP]M|(?:[A-Z]{1,3}[SD]?T)|GMT|UTC")
_ARTICLES = {"A", "An", "The", "Another", "Some", "First", "Second", "Third"}
_ITALIC_LABEL = re.compile(r"^[_*]([^_*]{1,80}?)([.:]?)[_*]([.:]?(?:\s.*)?)$")
# `_Counsel_ (smiling). "…"`: the manner after an italic name, then the label's full stop or colon.
_MANNER_AFTER_ITALIC = re.compile(r"^\s+(\([^()]{1,160}\)|\[[^\[\]]{1,160}\])[.:](?:\s+(.*))?$")
_MANNER_AT_END = re.compile(r"\s*(\([^()]{0,160}\)|\[[^\[\]]{0,160}\])\s*$")
_VOICE_TAG = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]{1,60})>\s*(.*?)(?:</v>)?$")
_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bAND\b|\bund\b|\bet\b)\s*")
_DIGIT = re.compile(r"[1-9]")
_LOWER = re.compile(r"[a-z]+")
_LETTER = re.compile(r"[^\W\d_]")
_AM_PM = re.compile(r"[AaPp]\.?[Mm]\.?")
_STAMP_AT_END = re.compile(r"\s*" + TIMESTAMP.pattern + r"\s*$")
_NOT_IN_NAMES = re.compile(r"[,;!?\"“”]")
_JOINED = re.compile(r"(,|\band\b|&)")
_MARK_AFTER = re.compile(r"^[*_]{1,2}\s*")
_SPACED_QA = re.compile(r"^([QA])(?:\s{2,}|\t)(\S.*)$")
# A name in capitals with no stop or colon, then (a manner and) a sentence: `DOE (stands up) Well, I'm…`,
# `DOE & SMITH Huh.` (a typeset play sets the name apart by its font, which a PDF's text loses)
_BARE = re.compile(r"^([A-Z][A-Z'’\-]+(?:\s+(?:&|AND)\s+[A-Z][A-Z'’\-]+)*)\s+(?:\(([^()]{1,160})\)\s+)?"
                   r"([\"“‘]?(?:[A-Z][\w'’]*[a-z]|[IA]\b).*)$")  # (the words: not another word in capitals)
_BRACKET_LABEL = re.compile(r"^([^\[\]():.]{2,%d}?)\s*\[([^\[\]]{1,200})\]\s+(\S.*)$" % MAX_LABEL)
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}")
# A surname in capitals keeps its lower-case prefix (McKINNEY, MacDONALD, DeLAURO, LaHOOD): still capitals.
_PREFIX_CAPS = re.compile(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)(?=[A-Z]{2})")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    names: tuple[str, ...]  # as written: ("Lady Bracknell",), ("ZINOVIEV", "KAMANEV")
    manner: str | None  # "interrupting" of TROTSKY (interrupting):
    rest: str  # what follows the label on the same line
    shape: str  # "colon", "dot", "alone", "bold", "italic" (_Oddny._), "tag" (<v Name>), "bracket" (NAME [direction] text)
    # or "bare" (NAME (manner) Text: capitals and nothing else, as a PDF's text keeps a typeset label)
    caps: bool  # written in capitals
    stamped: bool  # a timestamp came with it
    ids: tuple[str, ...] = field(init=False, compare=False, repr=False)  # the names' speaker ids

    def __post_init__(self):
        object.__setattr__(self, "ids", tuple(speaker_id(n) for n in self.names))


def speaker_id(name: str) -> str:
    """The cast id of a written name: capitals, single spaces, no markup."""
    return " ".join(name.split()).upper()


def fold(name: str) -> str:
    """An id without accents, for matching BUKHÁRIN with BUKHARIN."""
    if name.isascii():
        return name  # (nothing to fold: most names, and a character at a time is slow)
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def display_name(name: str) -> str:
    """How a listener sees the name: the script's spelling, unless it shouts (then title case)."""
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        words = []
        for word in name.replace("_", " ").split():
            words.append(word if word.upper() in ("II", "III", "IV", "J.P.", "D.D.", "M.P.")
                         else word.lower() if word.lower() in PARTICLES and words else _capitalized(word))
        return " ".join(words)
    return name.replace("_", " ")


def _capitalized(word: str) -> str:
    """JEAN-PIERRE -> Jean-Pierre, O'CONNOR -> O'Connor, MACBETH -> Macbeth."""
    word = "-".join(part.capitalize() for part in word.split("-"))
    return _SURNAME_PREFIX.sub(lambda m: m.group(1) + m.group(2).upper(), word)


_SURNAME_PREFIX = re.compile(r"^([A-Z][’']|Mc|D[’'])([a-z])")


def _valid_name(raw: str) -> tuple[str, bool] | None:
    """(the name tidied, written in capitals) if `raw` can be a speaker's name, else None."""
    name = " ".join(raw.replace("*", "").split())
    if not name or len(name) > MAX_LABEL:
        return None
    tokens = name.split(" ")
    if len(tokens) > 6:
        return None
    content = 0
    for token in tokens:
        if token.lower() in PARTICLES or token in OFFICE_WORDS:
            continue
        if not _TOKEN.match(token):
            return None
        if token[0].isalpha() and not token[0].isupper() and not any(c.isupper() for c in token[1:]):
            return None  # a lower-case word; but deGrasse and d'Artagnan are names
        if token.upper() not in ABBREVIATIONS and not token.startswith("#"):
            content += 1
    if len(tokens) == 1 and _DIGIT.fullmatch(tokens[0]):
        return tokens[0], True  # the witches of a Folio text: 1. 2. 3.
    if tokens[0] in _ARTICLES and 2 <= len(tokens) <= 3 and all(_LOWER.fullmatch(t) for t in tokens[1:]):
        return name, False  # A marquis, The porter: a part named by what the person is
    if content == 0 or tokens[-1].lower() in PARTICLES - {"&"} and tokens[-1] not in OFFICE_WORDS:
        return None
    if all(_TIME_WORD.fullmatch(t) for t in tokens) and any(_AM_PM.fullmatch(t) for t in tokens):
        return None  # P.M. JST: the time of day, not a name
    letters = [c for t in tokens if t.upper() not in ABBREVIATIONS for c in _PREFIX_CAPS.sub("", t) if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    return name, caps


def _names(raw: str) -> tuple[tuple[str, ...], bool] | None:
    """One name, or several joined by `and`, `&` or commas (`ZINOVIEV and KAMENEV`)."""
    whole = _valid_name(raw)
    joined = "," in raw or "&" in raw or "and" in raw or "AND" in raw or "und" in raw or "et" in raw
    parts = [p for p in _SEPARATORS.split(raw.strip()) if p] if joined else ()
    if len(parts) > 1:
        if any(p.upper() in COMMON_WORDS for p in parts):
            return None  # `Hey, Ruben.` `Yes, Ruben.`: a word and the name it is said to, not two speakers
        checked = [_valid_name(p) for p in parts]
        if all(checked) and len({c[1] for c in checked}) == 1:
            return tuple(c[0] for c in checked), checked[0][1]
    if whole and "," not in raw:
        return (whole[0],), whole[1]
    return None


def _split_manner(prefix: str) -> tuple[str, str | None]:
    if prefix.rstrip()[-1:] not in (")", "]"):
        return prefix, None  # no manner can end it
    match = _MANNER_AT_END.search(prefix)
    if match and match.start() > 0:
        return prefix[:match.start()], match.group(1)[1:-1].strip()
    return prefix, None


def _strip_stamp(text: str) -> tuple[str, bool]:
    stamp = _STAMP_AT_END.search(text) if ":" in text else None  # every timestamp has a colon
    if stamp and stamp.start() > 0:
        return text[:stamp.start()], True
    return text, False


def parse_label(text: str, shapes=("colon", "dot", "alone", "bold", "tag", "bracket")) -> LabelMatch | None:
    """What could be a speaker label at the start of this line, or None. `shapes` limits which.

    Lines that repeat (a refrain, `Enter a Servant.`, a script of one line a thousand times) are
    read once: a LabelMatch cannot change."""
    return _parse_label(text, tuple(shapes)) if len(text) <= 4096 else _read_label(text, tuple(shapes))


def _read_label(text: str, shapes) -> LabelMatch | None:
    line = text.strip()
    stamped = False
    stamp = LEADING_TIMESTAMP.match(line)
    if stamp:
        line, stamped = line[stamp.end():], True
    if line[:1] in "“\"‘„«":
        quote = _OPENING_QUOTE.match(line)
        line = line[quote.end():] if quote else line
    if not line:
        return None
    italic = _ITALIC_LABEL.match(line)
    after = _MANNER_AFTER_ITALIC.match(italic.group(3)) if italic and not italic.group(2) else None
    if italic and (italic.group(2) or italic.group(3)[:1] in ".:" or after):
        # _Oddny._ or _Player._ As we live…: a name set in italics, as printed plays mark speakers;
        # the manner may follow the italics (_Counsel_ (smiling). "…"), as it may follow any label
        name, manner = _split_manner(italic.group(1))
        found = _names(name)
        if found and "bold" in shapes:
            if after:
                manner = after.group(1)[1:-1].strip() or manner
                return LabelMatch(found[0], manner, (after.group(2) or "").strip(), "italic", found[1], stamped)
            rest = italic.group(3).lstrip(".:").strip()
            return LabelMatch(found[0], manner, rest, "italic", found[1], stamped)
        line = italic.group(1) + italic.group(2) + italic.group(3)
    if "tag" in shapes and line.startswith("<v"):
        match = _VOICE_TAG.match(line)
        if match and _names(match.group(1)):
            names, caps = _names(match.group(1))
            return LabelMatch(names, None, match.group(2).strip(), "tag", caps, stamped)
        return None
    if "bold" in shapes and line[:2] in ("**", "__"):
        close = line.find(line[:2], 2)
        if close > 2:
            inner, after = line[2:close].strip(), line[close + 2:]
            inner = inner[:-1].rstrip() if inner.endswith(":") else inner
            after = after.lstrip()
            after, later_stamp = _strip_leading_stamp(after)
            after = after[1:].lstrip() if after.startswith(":") else after
            inner, manner = _split_manner(inner)
            inner, inner_stamp = _strip_stamp(inner)
            found = _names(inner)
            if found:
                return LabelMatch(found[0], manner, after.strip(), "bold", found[1],
                                  stamped or later_stamp or inner_stamp)
        return None
    if "bare" in shapes and line[:2].isupper():
        match = _BARE.match(line)
        found = _names(match.group(1)) if match else None
        if found and found[1] and all(len(n) >= 2 for n in found[0]):
            return LabelMatch(found[0], match.group(2), match.group(3), "bare", True, stamped)
    for terminator in _TERMINATOR.finditer(line[:MAX_LABEL + 170]):
        if _LOWER_WORD.search(_BRACKETED.sub("", line[:terminator.start()])):
            break  # a lower-case word: no name here, however far the label would reach
        kind = "colon" if terminator.group(0) in ":：" else "dot"
        if kind not in shapes and not (kind == "dot" and "alone" in shapes and not line[terminator.end():].strip()):
            continue
        if kind == "dot" and _ends_in_abbreviation(line[:terminator.start() + 1]):
            continue  # the full stop of Mr. in Mr. SMITH.
        prefix, manner = _split_manner(line[:terminator.start()])
        prefix, late_stamp = _strip_stamp(prefix)
        if manner and TIMESTAMP.fullmatch(f"({manner})"):
            manner, late_stamp = None, True  # Adam Smith (00:00:12): a time, not a manner
        if not prefix.strip() or _NOT_IN_NAMES.search(prefix.replace(" and ", " ")) and not _JOINED.search(prefix):
            continue
        found = _names(prefix)
        if found is None:
            if kind == "colon":
                break  # a colon ends any label: what stands before this one is not a name
            continue  # a full stop may belong to an abbreviation (Mr. SMITH.)
        rest = line[terminator.end():].strip()
        rest = _MARK_AFTER.sub("", rest) if rest[:1] in "*_" else rest
        if rest[:1].isdigit() or rest[:1] in "[(":
            stamp = _STAMP_FIRST.match(rest)  # Speaker 1: 00:01:17 — a podcast export's time, never said
            # (alone, or h:mm:ss before words; `12:30 is when we met` is speech)
            if stamp and (stamp.end() == len(rest) or stamp.group(0).count(":") >= 2):
                rest, late_stamp = rest[stamp.end():], True
        if kind == "colon" and not rest and line[terminator.start() - 1:terminator.start()].isspace():
            return None  # CHEROKEE NATION OF OKLAHOMA : — a court caption, not a speaker
        return LabelMatch(found[0], manner, rest, kind, found[1], stamped or late_stamp)
    spaced = _SPACED_QA.match(line) if line[:1] in "QA" else None
    if spaced and ("colon" in shapes or "dot" in shapes):
        return LabelMatch((spaced.group(1),), None, spaced.group(2), "colon", True, stamped)
    if "bracket" in shapes:
        match = _BRACKET_LABEL.match(line) if "[" in line else None
        if match:
            found = _names(match.group(1))
            if found and found[1]:
                return LabelMatch(found[0], match.group(2).strip(), match.group(3), "bracket", True, stamped)
    if "alone" in shapes and len(line) <= MAX_LABEL + 170 and not _LOWER_WORD.search(_BRACKETED.sub("", line)):
        prefix, manner = _split_manner(line)
        prefix, late_stamp = _strip_stamp(prefix)
        found = _names(prefix)
        if found:
            return LabelMatch(found[0], manner, "", "alone", found[1], stamped or late_stamp)
    return None


_parse_label = lru_cache(maxsize=4096)(_read_label)


def _ends_in_abbreviation(text: str) -> bool:
    words = text.split()
    return bool(words) and (words[-1].upper() in ABBREVIATIONS or bool(_INITIALS.fullmatch(words[-1]))
                            and len(words) > 1)


def _strip_leading_stamp(text: str) -> tuple[str, bool]:
    stamp = LEADING_TIMESTAMP.match(text)
    return (text[stamp.end():], True) if stamp else (text, False)


# ---------------------------------------------------------------- the whole document decides

@dataclass(frozen=True, slots=True)  # one a line that could hold a label: kept small
class Candidate:
    line: int  # line number in the file
    match: LabelMatch
    at_start: bool  # first line of a paragraph, or after a finished sentence
    followed: bool  # a non-blank line follows (for a name alone on its line)
    span: int = 1  # lines the label reads over (a manner in brackets may wrap onto the next lines)
    below: int | None = None  # the number of the line after those, in the same paragraph


# Shapes that are one way of writing a label: `OEDIPUS.` alone above the verse is the same style
# as `OEDIPUS. Words`; a colon is another.
_SHAPE_GROUP = {"dot": "dot", "alone": "dot", "bracket": "dot", "italic": "bold"}


def _in_style(match: LabelMatch, styles: set[tuple[str, bool | None]]) -> bool:
    group = _SHAPE_GROUP.get(match.shape, match.shape)
    return any(g == group and (caps is None or caps == match.caps) for g, caps in styles)


def _titled_capitals(name: str) -> bool:
    """Mr. SMITH, Ms. McKINNEY, The SPEAKER pro tempore, The Acting CHAIRMAN: a title, then a word in capitals."""
    words = name.split()
    return len(words) >= 2 and (words[0].upper() in ABBREVIATIONS or words[0] == "The") and any(
        len(w) >= 2 and _PREFIX_CAPS.sub("", w).isupper() for w in words[1:] if w.upper() not in ABBREVIATIONS)


def _bare_style(candidates: list[Candidate]) -> bool:
    """Whether this document writes its labels as bare capitals (`DOE (stands up) Well, …`): two
    names at least open three paragraphs each that way, and the shape is the document's commonest."""
    bare: dict[tuple[str, ...], int] = defaultdict(int)
    others = 0
    for candidate in candidates:
        if candidate.at_start:
            if candidate.match.shape == "bare":
                bare[candidate.match.ids] += 1
            else:
                others += 1
    return sum(1 for n in bare.values() if n >= 3) >= 2 and sum(bare.values()) >= others


def is_transition(name: str) -> bool:
    return bool(_TRANSITION.search(name.strip(" .:"))) and name.isupper()


class LabelVote:
    """Which label candidates of a document are speakers.

    `known` are ids a cast list names (always speakers when written as labels). A candidate
    counts when it stands at the start of a paragraph or after a finished sentence."""

    def __init__(self, candidates: list[Candidate], known: set[str] = frozenset(), dot_titles: bool = False,
                 refused: frozenset[str] = frozenset()):
        """`refused`: ids (accents folded) the producer says are never speakers ([reading] not_labels)."""
        self.known = {fold(k) for k in known}
        self.refused = refused
        self.dot_titles = dot_titles  # title-case `Name.` labels are this family's usual shape
        by_id: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in candidates:
            if candidate.at_start:
                for speaker in candidate.match.ids:
                    by_id[speaker].append(candidate)
        self.bare_style = _bare_style(candidates)
        self.accepted: set[str] = set()
        single: list[tuple[str, Candidate]] = []
        for speaker, found in by_id.items():
            verdict = self._verdict(speaker, found)
            if verdict is True:
                self.accepted.add(speaker)
            elif verdict is None:
                single.extend((speaker, c) for c in found)
        starts = [c.line for c in candidates if c.at_start and all(s in self.accepted for s in c.match.ids)]
        if not starts:  # nobody speaks twice: the dialogue begins at the first name in capitals and a colon
            starts = [c.line for _, c in single if c.match.caps and c.match.shape == "colon"]
        self.dialogue_from = min(starts) if starts else None
        styles = self._styles(by_id)
        first = min((c.line for c in candidates), default=None)
        for speaker, candidate in single:
            # Said once: a speaker if the dialogue has already begun and it is written like one.
            shape = candidate.match.shape
            rest = candidate.match.rest
            # A name in capitals and a colon, then words (not more capitals: LONDON: ST. JAMES'S THEATRE).
            speech_like = candidate.match.caps and shape == "colon" and candidate.at_start and (
                _LOWER.search(rest) or rest and not _LETTER.search(rest))
            begun = self.dialogue_from is not None and candidate.line >= self.dialogue_from
            if styles and not _in_style(candidate.match, styles) and fold(speaker) not in self.known and not (
                    speech_like and begun):  # (DAN: Confirmed. among Host: and Marcus Bell: is still a speaker)
                continue  # said once, and not written as this document writes its speakers: `More: if he…` in verse
            # The record's way (Mr. POE. Mr. Speaker, …; The SPEAKER pro tempore (Mr. Mica). Pursuant…): a
            # title, then the name or office in capitals, a full stop and words.
            speech_like = speech_like or self.dot_titles and shape == "dot" and candidate.at_start and bool(
                _LOWER.search(rest)) and all(_titled_capitals(n) for n in candidate.match.names)
            if speech_like or begun and (
                    shape in ("colon", "bold", "italic", "tag") or candidate.match.caps and shape in ("dot", "bracket")
                    or shape == "bare" and self.bare_style
                    or shape == "alone" and candidate.followed and (candidate.match.caps or candidate.match.stamped)):
                self.accepted.add(speaker)
            elif styles and candidate.line == first and candidate.followed and not rest and candidate.match.caps:
                # an excerpt that opens on a name, written as this document writes its speakers, with
                # words below it (ANNOUNCER / Our next scene is…): a speaker, not the title
                self.accepted.add(speaker)

    def _styles(self, by_id: dict[str, list[Candidate]]) -> set[tuple[str, bool | None]]:
        """How this document writes the labels of speakers who speak more than once (shape, and
        capitals when all agree), once at least two such speakers show it; else empty (no rule)."""
        repeated = [c for speaker in self.accepted for c in by_id.get(speaker, ()) if len(by_id[speaker]) >= 2]
        if len({c.match.ids for c in repeated}) < 2:
            return set()
        caps = {c.match.caps for c in repeated}
        one_case = caps.pop() if len(caps) == 1 else None
        return {(_SHAPE_GROUP.get(c.match.shape, c.match.shape), one_case) for c in repeated}

    def _verdict(self, speaker: str, found: list[Candidate]) -> bool | None:
        """True: a speaker; False: not; None: decide later (said once)."""
        if self.refused and fold(speaker) in self.refused:
            return False
        if speaker in NOT_NAMES or speaker.rstrip(".") in NOT_NAMES or is_transition(speaker) or _NOT_A_NAME.match(
                speaker):
            return False
        if fold(speaker) in self.known:
            return True
        shapes = [c.match.shape for c in found]
        if all(s == "bare" for s in shapes):  # capitals and nothing else: only where the document writes so
            if not self.bare_style or speaker in COMMON_WORDS:
                return False
            return True if len(found) >= 2 else None
        if any(s in ("bold", "tag") for s in shapes) or sum(c.match.stamped for c in found) >= 2:
            return speaker not in COMMON_WORDS
        if shapes.count("italic") >= 2:  # a name set in italics, as printed plays mark speakers: once may
            return speaker not in COMMON_WORDS  # be a place (`_A Chocolate-house_.`), twice is a speaker
        if all(s == "alone" for s in shapes):
            found = [c for c in found if c.followed]  # a name alone counts only with words below it
            if not found:
                return False
        caps = all(c.match.caps for c in found)
        if caps:
            return True if len(found) >= 2 else None
        if speaker in COMMON_WORDS or speaker.rstrip(".") in COMMON_WORDS:
            return False
        colons = shapes.count("colon") + shapes.count("alone")
        dots = shapes.count("dot")
        if colons >= 2:
            return True
        titled = speaker.split()[0] in ABBREVIATIONS or speaker.startswith("THE ")
        if dots >= 3 and (self.dot_titles or titled) or dots >= 2 and titled:
            return True
        return None if len(found) == 1 else False

    def is_label(self, candidate: Candidate) -> bool:
        # Mid-paragraph, after an unfinished line, only an unmistakable label counts: a known
        # speaker's name in capitals and a colon, in bold, in a voice tag, or after a timestamp.
        if candidate.match.shape == "bare" and not self.bare_style:
            return False  # `NORA Goes out.` in a play of `NORA.` labels: a direction, not her words
        return all(s in self.accepted for s in candidate.match.ids) and (
            candidate.at_start or candidate.match.shape in ("bold", "italic", "tag") or candidate.match.stamped
            or candidate.match.shape == "colon" and candidate.match.caps)
