"""What a speech engine is given: a line of the script made sayable, the same way for every engine.

- brackets and quotes become pauses, not spoken symbols;
- `&` is said "and" (`&c.` "et cetera"), `§` "section": the words a listener expects;
- a screenplay's scene heading is read as words (INT. BRICK'S PATIO - DAY -> Interior. Brick's patio. Day.);
- numbers become words with num2words: years, ordinals, money, percentages, decimals, times of
  day, dates written 1/27/2012 (month first, unless the first number cannot be a month); a long
  string of digits is read digit by digit. Every engine then says them alike, and a
  long number no longer makes a clip of implausible length;
- the producer's pronunciations (a cast file's [pronunciations]) replace whole words and phrases,
  matched with their case as written, or in any case when written in lower case.

The transcript keeps the script's own text; only the engine hears this one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from num2words import num2words

_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_NAMES = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}
_HEADING = re.compile(r"^(INT\./EXT|INT/EXT|I/E|E/I|INT|EXT|EST)[.\s]+(.+?)(?:\s+[-–—]\s+(.+?))?\.?$")
_HEADING_WORDS = {"INT": "Interior", "EXT": "Exterior", "EST": "Establishing", "I/E": "Interior, exterior",
                  "E/I": "Exterior, interior", "INT/EXT": "Interior, exterior", "INT./EXT": "Interior, exterior"}
_NUMBER = re.compile(
    r"(?P<money>[$£€¥])\s?(?P<amount>\d[\d,]*(?:\.\d{1,2})?)"
    r"|(?P<time>\b\d{1,2}):(?P<minutes>\d{2})\b(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"|(?P<ordinal>\b\d+)(?:st|nd|rd|th)\b"
    r"|(?P<percent>\b\d+(?:\.\d+)?)\s?%"
    r"|(?P<plain>\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b)", re.I)


# 1/27/2012, 27/1/2012: a date, said as one ("January twenty-seventh, twenty twelve"), not "one slash…".
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# Spellings of a sound word that the voices misread ("Woah" said "Weller"): the usual spelling.
_RESPELLED = ((re.compile(r"\b([Ww])oah\b"), r"\1hoa"), (re.compile(r"\bWOAH\b"), "WHOA"))


def _date(match: re.Match) -> str:
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    month, day = (first, second) if first <= 12 else (second, first)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0).replace("/", " ")  # not a date: its numbers
    year = num2words(int(year), to="year") if len(year) == 4 else num2words(int(year))
    return f"{_MONTHS[month - 1]} {num2words(day, to='ordinal')}, {year}"


# Symbols said as a listener expects the words, not as their names ("ampersand").
_SYMBOLS = ((re.compile(r"&c\b\.?"), "et cetera"), (re.compile(r"\s*&\s*"), " and "),
            (re.compile(r"§\s*"), "section "), (re.compile(r"\s*\+\s*(?=\D)"), " plus "))


def _digits(text: str) -> str:
    return " ".join(num2words(int(d)) for d in text)


LONGEST_NUMBER = 15  # digits num2words says as a number; a longer one is read digit by digit


def _number(match: re.Match) -> str:
    """A number as words; one too long to say as a number (26 digits of money, a 400-digit
    ordinal) digit by digit, never an error."""
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) > LONGEST_NUMBER:
        name = _CURRENCY_NAMES.get(match.group("money") or "", "")
        return " ".join(filter(None, (_digits(digits), name, "percent" if match.group("percent") else "")))
    return _said(match)


def _said(match: re.Match) -> str:
    if match.group("money"):
        amount = float(match.group("amount").replace(",", ""))
        try:
            said = num2words(amount, to="currency", currency=_CURRENCY[match.group("money")])
        except NotImplementedError:  # a currency num2words cannot say in English: the amount, then its name
            return f"{num2words(int(amount) if amount.is_integer() else amount)} {_CURRENCY_NAMES[match.group('money')]}"
        return re.sub(r",? zero \w+$", "", said)
    if match.group("time"):
        hours, minutes = int(match.group("time")), int(match.group("minutes"))
        if hours > 24 or minutes > 59:
            return f"{num2words(hours)} {num2words(minutes)}"
        said = num2words(hours) + (" o'clock" if minutes == 0 and not match.group("ampm") else
                                   "" if minutes == 0 else f" oh {num2words(minutes)}" if minutes < 10
                                   else f" {num2words(minutes)}")
        return said + (f" {match.group('ampm').upper()} M" if match.group("ampm") else "")
    if match.group("ordinal"):
        return num2words(int(match.group("ordinal")), to="ordinal")
    if match.group("percent"):
        return f"{_plain(match.group('percent'))} percent"
    return _plain(match.group("plain"))


def _plain(text: str) -> str:
    digits = text.replace(",", "")
    if "." in digits:
        whole, fraction = digits.split(".", 1)
        return f"{_plain(whole)} point {_digits(fraction)}"
    if len(digits) > 9 and "," not in text or digits.startswith("0") and len(digits) > 1:
        return _digits(digits)  # a serial number, a telephone number: digit by digit
    value = int(digits)
    if len(digits) == 4 and 1100 <= value <= 2099 and "," not in text:
        return num2words(value, to="year")
    return num2words(value)


def scene_heading(text: str) -> str | None:
    """A screenplay's scene heading in words, or None if `text` is not one."""
    match = _HEADING.match(text.strip())
    if not match:
        return None
    parts = [_HEADING_WORDS[match.group(1).upper()], match.group(2)] + ([match.group(3)] if match.group(3) else [])
    return ". ".join(p[0] + p[1:].lower() if p.isupper() else p for p in parts) + "."


@lru_cache(maxsize=64)
def _pronouncer(pronunciations: tuple[tuple[str, str], ...]):
    """One pattern for every entry, longest first; an entry in lower case matches any case."""
    if not pronunciations:
        return None, {}
    alternatives, table = [], {}
    for number, (word, say) in enumerate(sorted(pronunciations, key=lambda p: -len(p[0]))):
        flags = "(?i:" if word.islower() else "(?:"
        alternatives.append(f"(?P<p{number}>{flags}{re.escape(word)}))")
        table[f"p{number}"] = say  # the entry is known by the group that matched, whatever the case did
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"), table


def pronounce(text: str, pronunciations: tuple[tuple[str, str], ...]) -> str:
    pattern, table = _pronouncer(pronunciations)
    if pattern is None:
        return text
    return pattern.sub(lambda m: table[m.lastgroup], text)


def speakable(text: str, pronunciations: tuple[tuple[str, str], ...] = ()) -> str:
    """The words an engine is given for `text`."""
    heading = scene_heading(text)
    text = heading or text
    text = pronounce(text, pronunciations)
    if "&" in text or "§" in text or "+" in text:
        for pattern, said in _SYMBOLS:
            text = pattern.sub(said, text)
    if "/" in text:
        text = _DATE.sub(_date, text)
    for pattern, said in _RESPELLED:
        text = pattern.sub(said, text)
    text = _NUMBER.sub(_number, text)
    text = re.sub(r"[\[\]]", ", ", text)
    text = re.sub(r"[“”\"«»]", "", text)
    text = re.sub(r"\s+[–—]\s+|\s*--\s*", ", ", text)
    text = re.sub(r"\s*,(\s*,)*\s*", ", ", text)
    # (a line whose opening direction was taken out starts with its full stop: ". Yes, it is!")
    return re.sub(r"\s+", " ", text).lstrip(" .;:").strip(" ,") or text


def wordless(text: str) -> bool:
    """No letter or digit at all ("…", "?!"): nothing an engine can say."""
    return not any(c.isalnum() for c in text)


def foreign_script(text: str) -> str | None:
    """The name of the writing system most of `text` is in, when it is not one the voices read
    (Latin, Greek, Cyrillic); None otherwise."""
    scripts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN").split()[0]
            scripts[name] = scripts.get(name, 0) + 1
    letters = sum(scripts.values())
    if not letters:
        return None
    main, count = max(scripts.items(), key=lambda item: item[1])
    if main in ("LATIN", "GREEK", "CYRILLIC") or count < letters / 2:
        return None
    return {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}.get(main, main.title())
