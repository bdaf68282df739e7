"""The voice config: load `voices/*.toml`, validate it all at once, resolve speakers to voices.

Validation happens before any audio is made and reports every problem in one go,
each as `file:line: key: what is wrong`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from dramatize.cues.kinds import NAMES as CUE_TYPES
from dramatize.directions import DELIVERIES, Delivery, apply_rules
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.model import CROWD, NARRATOR, Direction, Script, Speech

# Effect name -> {parameter: (low, high)}; each maps to one pedalboard plugin (see dramatize/effects.py).
EFFECTS = {
    "highpass": {"cutoff_hz": (20, 2000)},
    "lowpass": {"cutoff_hz": (500, 20000)},
    "lowshelf": {"cutoff_hz": (20, 2000), "gain_db": (-24, 24), "q": (0.1, 10)},
    "highshelf": {"cutoff_hz": (500, 16000), "gain_db": (-24, 24), "q": (0.1, 10)},
    "peak": {"cutoff_hz": (20, 16000), "gain_db": (-24, 24), "q": (0.1, 10)},
    "compressor": {"threshold_db": (-60, 0), "ratio": (1, 20), "attack_ms": (0.1, 200), "release_ms": (1, 2000)},
    "distortion": {"drive_db": (0, 40)},
    "chorus": {"rate_hz": (0.01, 10), "depth": (0, 1), "mix": (0, 1)},
    "reverb": {"room_size": (0, 1), "wet_level": (0, 1), "dry_level": (0, 1), "damping": (0, 1)},
    "gain": {"gain_db": (-40, 24)},
}

VOICE_KEYS = {
    "name": str,
    "aliases": list,
    "engine_voice": (str, list),
    "rate": (80, 400),
    "pitch": (0, 100),
    "volume": (0.0, 1.0),
    "pan": (-1.0, 1.0),
    "room": (0.0, 1.0),
    "gain_db": (-24.0, 12.0),
    "effects": list,
}
CROWD_KEYS = {
    "engine_voices": list,
    "size": (1, 24),
    "pan": (-1.0, 1.0),
    "spread": (0.0, 1.0),
    "room": (0.0, 1.0),
    "gain_db": (-30.0, 12.0),
    "rate": (80, 400),
    "pitch": (0, 100),
}
HALL_KEYS = {
    "reverb_size": (0.0, 1.0),
    "tone_db": (-90.0, -40.0),
    "duck_db": (-30.0, 0.0),
}
CUE_KEYS = {"match": str, "type": str, "gain_db": (-30.0, 12.0), "seconds": (0.2, 30.0), "file": str}
PRODUCTION_KEYS = {
    "title": str, "author": str, "album": str, "date": str, "genre": str, "comment": str,
    "cover": str, "chapters": list, "directions": str, "directions_gain_db": (-30.0, 6.0),
}
DIRECTION_MODES = ("narrate", "sounds", "silent")  # narrated directions and sounds / sounds only / neither
DELIVERY_KEYS = {"rate": (-60.0, 100.0), "pitch": (-50.0, 50.0), "gain_db": (-30.0, 12.0), "pause": (0.0, 5.0)}
DEFAULT_DELIVERIES = {name: effect for name, (_, effect) in DELIVERIES.items()}
TOP_KEYS = {"production": dict, "narrator": dict, "speakers": dict, "crowd": dict, "hall": dict, "cues": list,
            "delivery": dict}


@dataclass(frozen=True)
class Effect:
    type: str
    params: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Voice:
    id: str  # the cast id, e.g. "TROTSKY"
    name: str  # how listeners see it in the transcript
    engine_voice: str  # the engine's voice id actually used
    rate: int = 165
    pitch: int = 50
    volume: float = 1.0
    pan: float = 0.0
    room: float = 0.15
    gain_db: float = 0.0
    effects: tuple[Effect, ...] = ()
    auto: bool = False  # chosen automatically for a speaker the config does not name


@dataclass(frozen=True)
class Crowd:
    engine_voices: tuple[str, ...]
    size: int = 8
    pan: float = -0.55
    spread: float = 0.35
    room: float = 0.6
    gain_db: float = -4.0
    rate: int = 170
    pitch: int = 50


@dataclass(frozen=True)
class Hall:
    reverb_size: float = 0.55
    tone_db: float | None = -66.0
    duck_db: float = -9.0


@dataclass(frozen=True)
class CueRule:
    match: str  # a regular expression, searched case-insensitively in the direction's text
    type: str | None = None
    gain_db: float = 0.0
    seconds: float | None = None
    file: Path | None = None
    file_seconds: float | None = None  # the file's length, measured when the cast is loaded

    def matches(self, text: str) -> bool:
        return re.search(self.match, text, re.I) is not None


@dataclass(frozen=True)
class Cast:
    path: str
    production: dict
    chapter_titles: tuple[str, ...]
    narrator: Voice
    voices: dict[str, Voice]
    aliases: dict[str, str]
    crowd: Crowd
    hall: Hall
    cue_rules: tuple[CueRule, ...] = ()
    cover: Path | None = None
    deliveries: dict[str, Delivery] = field(default_factory=lambda: dict(DEFAULT_DELIVERIES))
    directions: str = "narrate"  # what is heard of stage directions: see DIRECTION_MODES
    direction_gain_db: float = -2.0  # narrated directions sit a little under the narrator's other words

    def voice_for(self, speaker: str) -> Voice:
        if speaker == NARRATOR:
            return self.narrator
        return self.voices[speaker]


# ---------------------------------------------------------------- locating keys in the file

class _Locator:
    """Finds the line of a key in the TOML text, so messages can say `cast.toml:12`."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: tuple[str, ...], key: str | None = None) -> int | None:
        if not table and key is None:
            return None
        start = 0
        if table:
            header = re.compile(r"^\s*\[{1,2}\s*" + r"\s*\.\s*".join(re.escape(t) for t in table) + r"\s*\]{1,2}")
            start = next((i for i, text in enumerate(self.lines) if header.match(text)), -1)
            if start < 0:
                return None
            if key is None:
                return start + 1
            start += 1
        key_re = re.compile(r"^\s*(?:\"?" + re.escape(key) + r"\"?)\s*=|[{,]\s*" + re.escape(key) + r"\s*=")
        for i in range(start, len(self.lines)):
            if i > start and re.match(r"^\s*\[", self.lines[i]) and table:
                break
            if key_re.search(self.lines[i]):
                return i + 1
        return start if table else None

    def where(self, table: tuple[str, ...], key: str | None = None) -> str:
        line = self.line_of(table, key)
        return f"{self.path}:{line}" if line else self.path


# ---------------------------------------------------------------- validation

class _Checker:
    def __init__(self, locator: _Locator):
        self.locator = locator
        self.problems: list[str] = []

    def problem(self, table: tuple[str, ...], key: str | None, message: str):
        dotted = ".".join(table + ((key,) if key else ()))
        self.problems.append(f"{self.locator.where(table, key)}: {dotted}: {message}")

    def table(self, table: tuple[str, ...], values, schema: dict) -> dict:
        """Check one table's keys against a schema; returns only the valid values."""
        if not isinstance(values, dict):
            self.problem(table, None, "must be a table")
            return {}
        good = {}
        for key, value in values.items():
            if key not in schema:
                close = difflib.get_close_matches(key, list(schema), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(sorted(schema))}"
                self.problem(table, key, f"unknown key{hint}")
                continue
            expected = schema[key]
            if isinstance(expected, tuple) and len(expected) == 2 and all(isinstance(b, (int, float)) for b in expected):
                low, high = expected
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    self.problem(table, key, f"must be a number from {low} to {high}, not {value!r}")
                    continue
                if not low <= value <= high:
                    self.problem(table, key, f"{value} is out of range; allowed {low} to {high}")
                    continue
            elif isinstance(expected, tuple):
                if not isinstance(value, expected):
                    self.problem(table, key, f"must be a string or a list of strings, not {value!r}")
                    continue
            elif not isinstance(value, expected):
                self.problem(table, key, f"must be a {expected.__name__}, not {value!r}")
                continue
            good[key] = value
        return good

    def effects(self, table: tuple[str, ...], items: list) -> tuple[Effect, ...]:
        out = []
        for item in items:
            if not isinstance(item, dict) or "type" not in item:
                self.problem(table, "effects", 'each effect is a table with a type, e.g. {type = "highpass", cutoff_hz = 90}')
                continue
            kind = item["type"]
            if kind not in EFFECTS:
                close = difflib.get_close_matches(str(kind), list(EFFECTS), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(EFFECTS)}"
                self.problem(table, "effects", f"unknown effect '{kind}'{hint}")
                continue
            params = {k: v for k, v in item.items() if k != "type"}
            good = self.table(table + ("effects", kind), params, EFFECTS[kind])
            if len(good) == len(params):
                out.append(Effect(kind, tuple(sorted((k, float(v)) for k, v in good.items()))))
        return tuple(out)


def _candidates(value) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _pick_engine_voice(checker: _Checker, table, value, has_voice, installed: list[str]) -> str | None:
    candidates = _candidates(value)
    for candidate in candidates:
        if has_voice(candidate):
            return candidate
    close = difflib.get_close_matches(candidates[0].split("+")[0], installed, n=3, cutoff=0.4) if candidates else []
    hint = f"; closest installed: {', '.join(close)}" if close else "; run `dramatize voices` to list them"
    checker.problem(table, "engine_voice", f"none of {candidates} is installed{hint}")
    return None


def load_cast(path: Path, engine) -> Cast:
    """Read and validate a cast file against the engine's installed voices."""
    if not path.exists():
        raise DramatizeError("no such cast file", str(path))
    if path.is_dir():
        raise DramatizeError("is a directory, not a cast file", str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DramatizeError("is not UTF-8 text", str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        where = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise DramatizeError(f"TOML syntax error: {message}", where) from None

    checker = _Checker(_Locator(str(path), text))
    top = checker.table((), data, TOP_KEYS)
    installed = engine.voice_ids()

    def voice(table, values, cast_id, defaults: Voice | None) -> Voice | None:
        good = checker.table(table, values, VOICE_KEYS)
        engine_voice = None
        if "engine_voice" in good:
            engine_voice = _pick_engine_voice(checker, table, good["engine_voice"], engine.has_voice, installed)
        elif defaults is None:
            checker.problem(table, None, "needs an engine_voice (a voice id, or a list of them)")
        effects = checker.effects(table, good.get("effects", []))
        if engine_voice is None and defaults is None:
            return None
        base = defaults or Voice(id=cast_id, name=cast_id.title(), engine_voice=engine_voice or "")
        settings = {k: good[k] for k in ("rate", "pitch", "volume", "pan", "room", "gain_db") if k in good}
        return replace(
            base,
            id=cast_id,
            name=str(good.get("name", cast_id.title() if cast_id != NARRATOR else "Narrator")),
            engine_voice=engine_voice or base.engine_voice,
            effects=effects if "effects" in good else base.effects,
            **{k: (int(v) if k in ("rate", "pitch") else float(v)) for k, v in settings.items()},
        )

    narrator = voice(("narrator",), top.get("narrator", {}), NARRATOR, None) if "narrator" in top else None
    if "narrator" not in top:
        checker.problem((), None, "needs a [narrator] table")

    voices: dict[str, Voice] = {}
    aliases: dict[str, str] = {}
    for cast_id, values in top.get("speakers", {}).items():
        table = ("speakers", cast_id)
        if cast_id != cast_id.upper():
            checker.problem(table, None, f"speaker ids are written in capitals as in the script's labels: {cast_id.upper()}")
        v = voice(table, values, cast_id.upper(), None)
        if v:
            voices[v.id] = v
        for alias in (values.get("aliases", []) if isinstance(values, dict) else []):
            alias = str(alias).upper()
            if alias in aliases and aliases[alias] != cast_id.upper():
                checker.problem(table, "aliases", f"{alias} is already an alias of {aliases[alias]}")
            aliases[alias] = cast_id.upper()

    crowd_values = checker.table(("crowd",), top.get("crowd", {}), CROWD_KEYS)
    crowd_voices = []
    for candidate in crowd_values.get("engine_voices", []):
        if engine.has_voice(str(candidate)):
            crowd_voices.append(str(candidate))
        else:
            close = difflib.get_close_matches(str(candidate).split("+")[0], installed, n=3, cutoff=0.4)
            checker.problem(("crowd",), "engine_voices", f"{candidate} is not installed; closest: {', '.join(close) or 'none'}")
    if not crowd_voices:
        crowd_voices = [narrator.engine_voice] if narrator else []
    crowd = Crowd(engine_voices=tuple(crowd_voices), **{k: v for k, v in crowd_values.items() if k != "engine_voices"})

    hall_values = checker.table(("hall",), top.get("hall", {}), HALL_KEYS)
    hall = Hall(**hall_values)

    rules = []
    for index, rule in enumerate(top.get("cues", [])):
        table = ("cues",)
        good = checker.table(table, rule, CUE_KEYS)
        if "match" not in good:
            checker.problem(table, None, f"cue rule {index + 1} needs a match pattern")
            continue
        try:
            re.compile(good["match"])
        except re.error as err:
            checker.problem(table, "match", f"'{good['match']}' is not a valid regular expression: {err}")
            continue
        if "type" in good and good["type"] not in CUE_TYPES:
            close = difflib.get_close_matches(good["type"], CUE_TYPES, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(CUE_TYPES)}"
            checker.problem(table, "type", f"unknown cue type '{good['type']}'{hint}")
            continue
        file = None
        if "file" in good:
            file = (path.parent / good["file"]).resolve()
            problem = _sample_problem(file)
            if problem:
                checker.problem(table, "file", f"{good['file']}: {problem}")
                continue
        if "type" not in good and file is None:
            checker.problem(table, None, f"cue rule '{good['match']}' needs a type or a file")
            continue
        rules.append(CueRule(match=good["match"], type=good.get("type"), gain_db=float(good.get("gain_db", 0.0)),
                             seconds=good.get("seconds"), file=file, file_seconds=_file_seconds(file) if file else None))

    production = checker.table(("production",), top.get("production", {}), PRODUCTION_KEYS)
    cover = None
    if "cover" in production:
        cover = (path.parent / production["cover"]).resolve()
        if not cover.is_file():
            checker.problem(("production",), "cover", f"{production['cover']}: no such image file")
            cover = None
        elif cover.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            checker.problem(("production",), "cover", f"{production['cover']}: a cover must be a PNG or JPEG file")
            cover = None
    titles = tuple(str(t) for t in production.get("chapters", []))
    directions = production.get("directions", "narrate")
    if directions not in DIRECTION_MODES:
        checker.problem(("production",), "directions", f"'{directions}' is not one of {', '.join(DIRECTION_MODES)}")
    deliveries = dict(DEFAULT_DELIVERIES)
    for name, values in top.get("delivery", {}).items():
        if name not in deliveries:
            close = difflib.get_close_matches(name, list(deliveries), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(deliveries)}"
            checker.problem(("delivery", name), None, f"unknown delivery '{name}'{hint}")
            continue
        good = checker.table(("delivery", name), values, DELIVERY_KEYS)
        deliveries[name] = replace(deliveries[name], **{k: float(v) for k, v in good.items()})

    if checker.problems:
        raise ConfigErrors(checker.problems)
    return Cast(
        path=str(path), production={k: str(v) for k, v in production.items()
                                    if k not in ("chapters", "cover", "directions", "directions_gain_db")},
        chapter_titles=titles, narrator=narrator, voices=voices, aliases=aliases, crowd=crowd, hall=hall,
        cue_rules=tuple(rules), cover=cover, deliveries=deliveries, directions=directions,
        direction_gain_db=float(production.get("directions_gain_db", -2.0)),
    )


def _file_seconds(file: Path) -> float:
    from pydub.utils import mediainfo

    return float(mediainfo(str(file)).get("duration", 0))


def _sample_problem(file: Path) -> str | None:
    if not file.is_file():
        return "no such audio file"
    if file.suffix.lower() not in (".wav", ".flac", ".mp3", ".ogg", ".m4a", ".aiff", ".aif"):
        return "not an audio file this tool reads (WAV, FLAC, MP3, OGG, M4A, AIFF)"
    return None


# ---------------------------------------------------------------- resolving the script's speakers

AUTO_VOICES = ("gmw/en", "gmw/en-us", "gmw/en-gb-scotland", "gmw/en-gb-x-gbclan", "gmw/en-gb-x-gbcwmd",
               "gmw/en-us-nyc", "gmw/en-029", "gmw/en-gb-x-rp")
AUTO_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4")


def auto_voice(speaker: str, cast: Cast, engine) -> Voice:
    """A deterministic voice for a speaker the config does not name, unlike the cast's others."""
    digest = int(hashlib.sha256(speaker.encode()).hexdigest(), 16)
    taken = {v.engine_voice for v in cast.voices.values()} | {cast.narrator.engine_voice}
    options = [f"{b}+{v}" for b in AUTO_VOICES for v in AUTO_VARIANTS if engine.has_voice(f"{b}+{v}")]
    options = [o for o in options if o not in taken] or options or [cast.narrator.engine_voice]
    engine_voice = options[digest % len(options)]
    return Voice(
        id=speaker, name=speaker.title(), engine_voice=engine_voice,
        rate=150 + (digest >> 8) % 40, pitch=30 + (digest >> 16) % 40,
        pan=round(((digest >> 24) % 120) / 100 - 0.6, 2), room=0.3, auto=True,
    )


def resolve_script(script: Script, cast: Cast, engine) -> tuple[Script, Cast]:
    """Replace labels by cast ids (aliases applied); auto-cast unknown speakers, with warnings."""
    warnings = []
    known = set(cast.voices)
    line_counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    alias_uses: dict[str, list[int]] = {}

    def resolve(label: str, line: int) -> str:
        if label == NARRATOR or label in known:
            return label
        if label in cast.aliases:
            alias_uses.setdefault(label, []).append(line)
            return cast.aliases[label]
        line_counts[label] = line_counts.get(label, 0) + 1
        first_line.setdefault(label, line)
        return label

    chapters = []
    for chapter in script.chapters:
        events = []
        for event in chapter.events:
            if isinstance(event, Speech) and not event.aside:
                event = replace(event, speakers=tuple(dict.fromkeys(resolve(s, event.line) for s in event.speakers)))
            elif isinstance(event, Direction):
                event = apply_rules(event, cast.cue_rules)
            events.append(event)
        chapters.append(replace(chapter, events=tuple(events)))

    for alias, lines in alias_uses.items():
        warnings.append(f"{script.source}:{lines[0]}: label {alias} read as {cast.aliases[alias]} "
                        f"(alias in {cast.path}; {len(lines)} paragraph{'s' * (len(lines) > 1)})")
    voices = dict(cast.voices)
    for speaker, count in line_counts.items():
        close = difflib.get_close_matches(speaker, list(known), n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]}? add it to that speaker's aliases" if close else ""
        voices[speaker] = auto_voice(speaker, cast, engine)
        warnings.append(f"{script.source}:{first_line[speaker]}: speaker {speaker} ({count} paragraph{'s' * (count > 1)}) "
                        f"is not in {cast.path}: auto-cast as {voices[speaker].engine_voice}{hint}")

    titles = cast.chapter_titles
    if titles and len(titles) != len(chapters):
        warnings.append(f"{cast.path}: production.chapters names {len(titles)} chapters, the script has "
                        f"{len(chapters)}; the rest keep their default titles")
    chapters = [replace(c, title=titles[i]) if i < len(titles) else c for i, c in enumerate(chapters)]
    metadata = dict(script.metadata)
    resolved = replace(script, chapters=tuple(chapters), metadata=metadata).with_warnings(*warnings)
    return resolved, replace(cast, voices=voices)


def lookalike_labels(script: Script) -> list[str]:
    """Warnings for labels that look like misspellings of one another (TROTKY and TROTSKY)."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for event in script.events():
        if isinstance(event, Speech):
            for label in event.labels:
                first.setdefault(label, event.line)
                counts[label] = counts.get(label, 0) + 1
    warnings = []
    labels = sorted(first, key=lambda name: -counts[name])
    for i, common in enumerate(labels):
        for rare in labels[i + 1:]:
            if difflib.SequenceMatcher(None, common, rare).ratio() >= 0.8:
                warnings.append(f"{script.source}:{first[rare]}: label {rare} looks like a misspelling of {common}; "
                                f"a cast file's aliases can join them")
    return warnings


def crowd_voice(cast: Cast, member: int) -> Voice:
    """Member N of the crowd: its own engine voice, pitch, rate and seat."""
    crowd = cast.crowd
    digest = int(hashlib.sha256(f"crowd{member}".encode()).hexdigest(), 16)
    engine_voice = crowd.engine_voices[member % len(crowd.engine_voices)]
    seat = ((member * 0.618) % 1.0) * 2 - 1  # spread members evenly across the benches
    return Voice(
        id=f"{CROWD}{member}", name="Voice from the hall", engine_voice=engine_voice,
        rate=max(80, min(400, crowd.rate + (digest % 41) - 20)),
        pitch=max(0, min(100, crowd.pitch + ((digest >> 8) % 51) - 25)),
        pan=max(-1.0, min(1.0, crowd.pan + seat * crowd.spread)), room=crowd.room, gain_db=crowd.gain_db,
    )
