"""A cast file (`voices/*.toml`): read, validated, and turned into a Cast. No engine is needed:
which of a voice's candidates is installed is decided when a script is cast (casting.py).

Validation happens before any audio is made and reports every problem in one go,
each as `file:line: key: what is wrong`.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import regex

from dramatize.cues.kinds import NAMES as CUE_TYPES
from dramatize.directions import Heard
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.inputs import read_bytes, regular_file
from dramatize.model import NARRATOR
from dramatize.engines import split_label
from dramatize.production.cast import BABBLE, DEFAULT_DELIVERIES, Cast, Crowd, CueRule, Effect, Hall, Voice, settings_of

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

VOICE_SETTINGS = settings_of(Voice)  # rate, pitch, volume, pan, room, gain_db: declared in cast.py
VOICE_KEYS = {"name": str, "aliases": list, "engine": str, "engine_voice": (str, list),
              **{key: bounds for key, (_, bounds, _) in VOICE_SETTINGS.items()}, "effects": list}
CROWD_KEYS = {"engine_voices": list, "babble": list,
              **{key: bounds for key, (_, bounds, _) in settings_of(Crowd).items()}}
HALL_KEYS = {key: bounds for key, (_, bounds, _) in settings_of(Hall).items()}
CUE_KEYS = {"match": str, "type": str, "gain_db": (-30.0, 12.0), "seconds": (0.2, 30.0), "file": str}
SCENE_KEYS = {"match": str, "atmosphere": str, "acoustic": str, "gain_db": (-30.0, 12.0), "file": str}
PRODUCTION_KEYS = {
    "title": str, "author": str, "album": str, "date": str, "genre": str, "comment": str,
    "cover": str, "chapters": list, "directions": str, "directions_gain_db": (-30.0, 6.0),
    "takes": str,  # the folder of recorded takes (takes.py), beside the cast file; default: takes/ beside the script
}
PERSPECTIVE_KEYS = {"gain_db": (-40.0, 12.0), "lowpass_hz": (200.0, 20000.0), "drive_db": (0.0, 36.0),
                    "room": (0.0, 1.0), "glide_db": list, "band_hz": list, "pan_glide": list}
PERSPECTIVE_PAIRS = {"glide_db": (-40.0, 12.0), "band_hz": (50.0, 20000.0), "pan_glide": (-1.0, 1.0)}  # (start, end)
DELIVERY_KEYS = {"rate": (-60.0, 100.0), "pitch": (-50.0, 50.0), "gain_db": (-30.0, 12.0), "pause": (0.0, 5.0)}
TOP_KEYS = {"production": dict, "narrator": dict, "speakers": dict, "crowd": dict, "hall": dict, "cues": list,
            "delivery": dict, "pronunciations": dict, "reading": dict, "scenes": list, "perspective": dict}
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".m4a", ".aiff", ".aif")
MAX_COVER_BYTES = 20 * 2**20
VOICE_FILE = re.compile(r"\.onnx$", re.I)  # a voice given by its file (Piper): found beside the cast file
MAX_CAST_BYTES = 2**20  # a cast file is a page or two of settings
MAX_SOUND_BYTES = 512 * 2**20  # a producer's sound: a long atmosphere in WAV fits


# ---------------------------------------------------------------- locating keys in the file

class _Locator:
    """Finds the line of a key in the TOML text, so messages can say `cast.toml:12`.

    A table is a path of names; an integer in it is the n-th of an array of tables
    (("cues", 2) is the third [[cues]]); ("speakers", "BOB", "effects", 1) is BOB's second effect."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()

    def _header(self, names: tuple[str, ...], occurrence: int = 0) -> int:
        header = re.compile(r"^\s*\[{1,2}\s*" + r"\s*\.\s*".join(r'"?' + re.escape(t) + r'"?' for t in names)
                            + r"\s*\]{1,2}\s*(#.*)?$")
        found = [i for i, text in enumerate(self.lines) if header.match(text)]
        return found[occurrence] if occurrence < len(found) else -1

    def _key(self, key: str, start: int, stop_at_table: bool = True) -> int:
        key_re = re.compile(r"^\s*(?:\"?" + re.escape(key) + r"\"?)\s*=|[{,]\s*" + re.escape(key) + r"\s*=")
        for i in range(start, len(self.lines)):
            if i > start and stop_at_table and re.match(r"^\s*\[", self.lines[i]):
                break
            if key_re.search(self.lines[i]):
                return i
        return -1

    def line_of(self, table: tuple, key: str | None = None) -> int | None:
        if not table and key is None:
            return None
        names = [t for t in table if isinstance(t, str)]
        index = next((t for t in table if isinstance(t, int)), None)
        if names[-2:-1] == ["effects"] or (index is not None and names[-1:] == ["effects"]):
            # an inline effect table: the n-th `type =` after the voice's `effects =`
            voice = tuple(names[:names.index("effects")])
            start = self._header(voice) + 1 if voice else 0
            line = self._key("effects", start)
            if line < 0:
                return start or None
            types = [i for i in range(line, len(self.lines)) if re.search(r"\btype\s*=", self.lines[i])]
            effect = types[index] if index is not None and index < len(types) else line
            found = self._key(key, effect, stop_at_table=False) if key else effect
            return (found if found >= 0 and found - effect < 3 else effect) + 1
        start = 0
        if names:
            start = self._header(tuple(names), index or 0)
            if start < 0:
                return None
            if key is None:
                return start + 1
            start += 1
        line = self._key(key, start)
        return line + 1 if line >= 0 else (start if names else None)

    def where(self, table: tuple, key: str | None = None) -> str:
        line = self.line_of(table, key)
        return f"{self.path}:{line}" if line else self.path


# ---------------------------------------------------------------- validation

class _Checker:
    def __init__(self, locator: _Locator):
        self.locator = locator
        self.problems: list[str] = []

    def problem(self, table: tuple, key: str | None, message: str):
        dotted = ".".join(t for t in table + ((key,) if key else ()) if isinstance(t, str))
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
                if isinstance(low, int) and isinstance(high, int):  # a count, a pitch step: whole
                    if value != int(value):
                        self.problem(table, key, f"must be a whole number from {low} to {high}, not {value}")
                        continue
                    value = int(value)
            elif isinstance(expected, tuple):
                if not isinstance(value, expected):
                    self.problem(table, key, f"must be a string or a list of strings, not {value!r}")
                    continue
            elif not isinstance(value, expected):
                self.problem(table, key, f"must be a {expected.__name__}, not {value!r}")
                continue
            good[key] = value
        return good

    def known(self, table: tuple, key: str | None, value, names, what: str) -> bool:
        """Whether `value` is one of `names`; else one problem: unknown WHAT, with the closest name."""
        if value in names:
            return True
        close = difflib.get_close_matches(str(value), list(names), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(names)}"
        self.problem(table, key, f"unknown {what} '{value}'{hint}")
        return False

    def effects(self, table: tuple, items: list) -> tuple[Effect, ...]:
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or "type" not in item:
                self.problem(table, "effects", 'each effect is a table with a type, e.g. {type = "highpass", cutoff_hz = 90}')
                continue
            kind = item["type"]
            if not self.known(table, "effects", kind, EFFECTS, "effect"):
                continue
            params = {k: v for k, v in item.items() if k != "type"}
            good = self.table(table + ("effects", index, kind), params, EFFECTS[kind])
            if len(good) == len(params):
                out.append(Effect(kind, tuple(sorted((k, float(v)) for k, v in good.items()))))
        return tuple(out)


def _candidates(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def beside(cast_file: Path, name: str) -> Path:
    """A file a cast file names (a cover, a sound, a voice): relative to the cast file's folder."""
    return Path(os.path.abspath(cast_file.parent / os.path.expanduser(name)))


def read_toml(path: Path, kind: str = "cast file") -> tuple[dict, str]:
    data = read_bytes(path, kind, MAX_CAST_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DramatizeError("is not UTF-8 text", str(path)) from None
    try:
        return tomllib.loads(text), text
    except RecursionError:
        raise DramatizeError(f"TOML nested too deeply to be a {kind}", str(path)) from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        where = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise DramatizeError(f"TOML syntax error: {message}", where) from None


def load_cast(path: Path) -> Cast:
    """Read and validate a cast file. Every problem is reported at once (ConfigErrors)."""
    data, text = read_toml(path)
    checker = _Checker(_Locator(str(path), text))
    top = checker.table((), data, TOP_KEYS)
    narrator = _voice(checker, ("narrator",), top["narrator"], NARRATOR, False) if "narrator" in top else None
    voices, aliases = _speakers(checker, top.get("speakers", {}))
    crowd = _crowd(checker, top.get("crowd", {}))
    hall = Hall(**checker.table(("hall",), top.get("hall", {}), HALL_KEYS))
    rules = _cue_rules(checker, path, top.get("cues", []))
    scenes = _scene_rules(checker, path, top.get("scenes", []))
    production, cover = _production(checker, path, top.get("production", {}))
    deliveries = _deliveries(checker, top.get("delivery", {}))
    perspectives = _perspectives(checker, top.get("perspective", {}))
    pronunciations = _pronunciations(checker, top.get("pronunciations", {}))
    if checker.problems:
        raise ConfigErrors(checker.problems)
    return Cast(
        path=str(path), production={k: str(v) for k, v in production.items()
                                    if k not in ("chapters", "cover", "directions", "directions_gain_db")},
        chapter_titles=tuple(str(t) for t in production.get("chapters", [])),
        narrator=narrator or Voice(NARRATOR, "Narrator", ""), voices=voices, aliases=aliases, crowd=crowd,
        hall=hall, cue_rules=tuple(rules), scene_rules=tuple(scenes), cover=cover, deliveries=deliveries,
        perspectives=perspectives,
        directions=Heard(production.get("directions", Heard.NARRATE)),
        direction_gain_db=float(production.get("directions_gain_db", -2.0)), pronunciations=pronunciations,
    )


READING_KEYS = {"labels": list, "not_labels": list, "narrator": list, "silent": list, "format": str}


def load_reading(path: Path):
    """The cast file's [reading] table (readers/reading.py), or None without one: read before the
    script, which it changes. Every problem is one line naming the file, line and key (ConfigErrors)."""
    from dramatize.readers.reading import FORMATS, Reading, compile_patterns, ids_of

    data, text = read_toml(path)
    if "reading" not in data:
        return None
    checker = _Checker(_Locator(str(path), text))
    good = checker.table(("reading",), data["reading"], READING_KEYS)
    found = {}
    for key in ("labels", "not_labels"):
        names = good.get(key, [])
        if not all(isinstance(n, str) and n.strip() for n in names):
            checker.problem(("reading",), key, 'must be a list of names, e.g. ["COURT", "Witness"]')
        else:
            found[key] = ids_of(names)
    for key in ("narrator", "silent"):
        patterns, bad = compile_patterns(good.get(key, []))
        for pattern, why in bad:
            checker.problem(("reading",), key, f"{pattern!r}: {why}")
        found[key] = patterns
    if "format" in good and good["format"] not in FORMATS:
        checker.problem(("reading",), "format", f"unknown format {good['format']!r}; known: {', '.join(FORMATS)}")
    elif "format" in good:
        found["format"] = good["format"]
    if checker.problems:
        raise ConfigErrors(checker.problems)
    return Reading(**found)


def _voice(checker: _Checker, table: tuple, values, cast_id: str, required: bool) -> Voice | None:
    """One [narrator] or [speakers.ID] table: its engine voice candidates and settings."""
    good = checker.table(table, values, VOICE_KEYS)
    if "engine_voice" not in good and required:
        checker.problem(table, None, "needs an engine_voice (a voice id, or a list of them)")
        return None
    effects = checker.effects(table, good.get("effects", []))
    engine = good.get("engine")
    candidates = _candidates(good.get("engine_voice", ()))
    for candidate in candidates:
        if split_label(candidate)[0] is None and ":" in candidate.split("/")[0]:
            checker.problem(table, "engine_voice", f"'{candidate}': unknown engine before the ':'; "
                                                   f"write engine:voice with a known engine")
    settings = {k: VOICE_SETTINGS[k][0](good[k]) for k in VOICE_SETTINGS if k in good}
    cast_file = Path(checker.locator.path)
    return Voice(
        id=cast_id, name=str(good.get("name", cast_id.title() if cast_id != NARRATOR else "Narrator")),
        engine_voice="", candidates=tuple(_candidate(cast_file, engine, c) for c in candidates),
        effects=effects, where=checker.locator.where(table, "engine_voice"),
        given=frozenset(settings) | {k for k in ("name", "effects") if k in good},
        **settings,
    )


def _candidate(cast_file: Path, engine: str | None, text: str) -> str:
    """A voice a cast file asks for, as casting reads it: "engine:voice" when an engine is named
    (before the colon, or by the table's `engine` key), a voice file found beside the cast file."""
    named, voice = split_label(text)
    named = named or engine
    if named is None:
        return text
    return f"{named}:{beside(cast_file, voice) if VOICE_FILE.search(voice) else voice}"


def _speakers(checker: _Checker, tables: dict) -> tuple[dict[str, Voice], dict[str, str]]:
    """The [speakers.ID] tables: {id: Voice} and {alias: id}."""
    voices: dict[str, Voice] = {}
    aliases: dict[str, str] = {}
    for cast_id, values in tables.items():
        table = ("speakers", cast_id)
        if cast_id != cast_id.upper():
            checker.problem(table, None, f"speaker ids are written in capitals as in the script's labels: {cast_id.upper()}")
        v = _voice(checker, table, values, cast_id.upper(), True)
        if v:
            voices[v.id] = v
        for alias in (values.get("aliases", []) if isinstance(values, dict) else []):
            alias = " ".join(str(alias).split()).upper()
            if alias in aliases and aliases[alias] != cast_id.upper():
                checker.problem(table, "aliases", f"{alias} is already an alias of {aliases[alias]}")
            aliases[alias] = cast_id.upper()
    for alias, target in aliases.items():
        if alias in voices and alias != target:
            checker.problem(("speakers", alias), None, f"{alias} is also an alias of {target}: a label can name "
                                                       f"one speaker only; remove the alias or this table")
    return voices, aliases


def _crowd(checker: _Checker, values) -> Crowd:
    good = checker.table(("crowd",), values, CROWD_KEYS)
    babble = tuple(" ".join(str(b).split()) for b in good.pop("babble", BABBLE) if str(b).strip())
    if not babble:
        checker.problem(("crowd",), "babble", "give the crowd something to mutter, or leave babble out")
    return Crowd(engine_voices=tuple(str(c) for c in good.pop("engine_voices", [])), babble=babble or BABBLE, **good)


def _production(checker: _Checker, path: Path, values) -> tuple[dict, Path | None]:
    """The [production] table's valid values, and its cover image resolved beside the cast file."""
    production = checker.table(("production",), values, PRODUCTION_KEYS)
    cover = None
    if "cover" in production:
        cover = beside(path, production["cover"])
        problem = _cover_problem(cover)
        if problem:
            checker.problem(("production",), "cover", f"{production['cover']}: {problem}")
            cover = None
    if "takes" in production:  # kept resolved: the render reads it wherever it runs
        takes = beside(path, production["takes"])
        if not takes.is_dir():
            checker.problem(("production",), "takes", f"{production['takes']}: no such folder of takes ({takes})")
        production["takes"] = str(takes)
    directions = production.get("directions", Heard.NARRATE)
    if directions not in tuple(Heard):
        checker.problem(("production",), "directions", f"'{directions}' is not one of {', '.join(Heard)}")
    return production, cover


def _deliveries(checker: _Checker, tables: dict) -> dict:
    deliveries = dict(DEFAULT_DELIVERIES)
    for name, values in tables.items():
        if not checker.known(("delivery", name), None, name, deliveries, "delivery"):
            continue
        good = checker.table(("delivery", name), values, DELIVERY_KEYS)
        deliveries[name] = replace(deliveries[name], **{k: float(v) for k, v in good.items()})
    return deliveries


def _perspectives(checker: _Checker, tables: dict) -> dict:
    """[perspective.NAME]: where a voice stands, retuned (perspective.Treatment's fields); the
    others as perspective.py has them."""
    from dramatize.perspective import PERSPECTIVES

    out = {}
    for name, values in tables.items():
        if not checker.known(("perspective", name), None, name, PERSPECTIVES, "perspective"):
            continue
        good = checker.table(("perspective", name), values, PERSPECTIVE_KEYS)
        for key, (low, high) in PERSPECTIVE_PAIRS.items():
            if key not in good:
                continue
            pair = good[key]
            if (len(pair) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in pair)
                    or not all(low <= v <= high for v in pair) or (key == "band_hz" and pair[0] >= pair[1])):
                checker.problem(("perspective", name), key, f"must be two numbers from {low} to {high} (start, end"
                                f"{'; low below high' if key == 'band_hz' else ''}), not {pair!r}")
                del good[key]
            else:
                good[key] = (float(pair[0]), float(pair[1]))
        out[name] = replace(PERSPECTIVES[name][1], **{k: v if isinstance(v, tuple) else float(v) for k, v in good.items()})
    return out


def _pronunciations(checker: _Checker, table: dict) -> tuple[tuple[str, str], ...]:
    """(word or phrase, how to say it), longest first."""
    pronunciations = []
    for word, say in table.items():
        if not isinstance(say, str) or not say.strip() or not word.strip():
            checker.problem(("pronunciations",), word, "write the word, then how to say it: Kuomintang = \"Kwo-min-tang\"")
        else:
            pronunciations.append((word.strip(), say.strip()))
    return tuple(sorted(pronunciations, key=lambda p: -len(p[0])))


def _rules(checker: _Checker, path: Path, items, name: str, keys: dict, choices: dict, needs: str,
           match_hint: str = "") -> list[CueRule]:
    """[[cues]] and [[scenes]]: each a pattern (`match`), names from `choices` (key -> (the names
    it may take, what one is called)), maybe a file; a rule needs at least one of them (`needs`
    says which). The first key of `choices` is the rule's type."""
    rules = []
    what = name.rstrip("s")
    kind_key = next(iter(choices))
    for index, rule in enumerate(items):
        table = (name, index)
        good = checker.table(table, rule, keys)
        if "match" not in good:
            checker.problem(table, None, f"{what} rule {index + 1} needs a match pattern{match_hint}")
            continue
        try:
            # The `regex` engine, so that matching can be given a time limit: a producer's
            # pattern such as (a+)+$ must not hang a render on a long direction.
            matcher = regex.compile(good["match"], regex.I)
        except regex.error as err:
            checker.problem(table, "match", f"'{good['match']}' is not a valid regular expression: {err}")
            continue
        if not all(checker.known(table, key, good[key], names, called)
                   for key, (names, called) in choices.items() if key in good):
            continue
        file = seconds = None
        if "file" in good:
            file = beside(path, good["file"])
            seconds, problem = _audio_length(file)
            if problem:
                checker.problem(table, "file", f"{good['file']}: {problem}")
                continue
        if file is None and not any(key in good for key in choices):
            checker.problem(table, None, f"{what} rule '{good['match']}' needs {needs}")
            continue
        rules.append(CueRule(match=good["match"], type=good.get(kind_key), gain_db=float(good.get("gain_db", 0.0)),
                             seconds=good.get("seconds"), file=file, file_seconds=seconds, matcher=matcher,
                             acoustic=good.get("acoustic"), where=checker.locator.where(table, "match")))
    return rules


def _cue_rules(checker: _Checker, path: Path, items) -> list[CueRule]:
    """[[cues]]: a pattern searched in a direction, and a built-in `type` or your own `file`."""
    return _rules(checker, path, items, "cues", CUE_KEYS, {"type": (CUE_TYPES, "cue type")}, "a type or a file")


def _scene_rules(checker: _Checker, path: Path, items) -> list[CueRule]:
    """[[scenes]]: `match` (a pattern searched in a scene's heading), `atmosphere` (a sound that goes
    on, held under the scene, or "none") or your own `file`, `gain_db`; `acoustic` (the space it is
    played in: acoustics.SPACES)."""
    from dramatize.acoustics import SPACES
    from dramatize.cues.beds import ATMOSPHERES

    return _rules(checker, path, items, "scenes", SCENE_KEYS,
                  {"atmosphere": (ATMOSPHERES, "atmosphere"), "acoustic": (SPACES, "acoustic")},
                  'an atmosphere (or "none"), an acoustic or a file', " (words of the scene's heading)")


def _audio_length(file: Path) -> tuple[float | None, str | None]:
    """(seconds, None) for a sound file ffmpeg decodes, else (None, what is wrong): checked by its
    content, not its name, before any audio is made."""
    import shutil
    import subprocess

    try:
        regular_file(file, "audio file", MAX_SOUND_BYTES)
    except DramatizeError as err:
        return None, err.message
    if file.suffix.lower() not in AUDIO_SUFFIXES:
        return None, "not an audio file this tool reads (WAV, FLAC, MP3, OGG, M4A, AIFF)"
    if shutil.which("ffprobe") is None:
        return None, "ffprobe is needed to read it; install ffmpeg (Debian: sudo apt-get install ffmpeg)"
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                            "stream=codec_type:format=duration,format_name", "-of", "default=nw=1", str(file)],
                           capture_output=True, text=True)
    fields = dict(line.split("=", 1) for line in probe.stdout.splitlines() if "=" in line)
    if probe.returncode != 0 or fields.get("codec_type") != "audio":
        return None, "is not audio ffmpeg can decode (whatever its name says)"
    if fields.get("format_name", "").split(",")[0] in ("png_pipe", "image2", "jpeg_pipe", "tty"):
        return None, "is an image or text, not audio"
    try:
        seconds = float(fields.get("duration", "nan"))
    except ValueError:
        seconds = float("nan")
    if not seconds > 0.01:
        return None, "holds no sound (its length is zero)"
    return seconds, None


def _cover_problem(cover: Path) -> str | None:
    """A cover must be a readable PNG or JPEG of sane size, checked by its bytes."""
    try:
        head = read_bytes(cover, "image file", MAX_COVER_BYTES)[:32]
    except DramatizeError as err:
        return err.message
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if not (16 <= width <= 8000 and 16 <= height <= 8000):
            return f"is {width}x{height} pixels; use a square image of 300 to 3000 pixels"
    elif not head.startswith(b"\xff\xd8\xff"):
        return "a cover must be a PNG or JPEG image (these bytes are neither)"
    return _undecodable(cover)


def _undecodable(image: Path) -> str | None:
    """What is wrong with an image whose header looks right, as ffmpeg finds when it decodes the
    whole of it (a damaged cover would otherwise fail the encoding, after all the work)."""
    import shutil
    import subprocess

    if shutil.which("ffmpeg") is None:
        return None  # the render itself says ffmpeg is missing
    done = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(image), "-f", "null", "-"],
                          capture_output=True, text=True, errors="replace", timeout=60)
    if done.returncode != 0 or done.stderr.strip():
        found = done.stderr.strip().splitlines()
        return f"is not a whole image (ffmpeg: {found[-1] if found else 'cannot decode it'})"
    return None
