"""Recorded takes: an actor's recording of a line heard in place of its synthetic voice (a hybrid cast).

A `takes/` folder beside the script (or the cast file's `[production] takes = "folder"`) holds
recordings named by line ids (lineids.py): `takes/trotsky-4c659a.wav`, or in a speaker's own
folder, `takes/TROTSKY/trotsky-4c659a.flac`; any audio ffmpeg reads. A line without a take stays
synthetic.

Two steps, one in each half of a render:
  find_takes  (prepare)  every name checked against the script's ids, every file decoded, trimmed
                         of silence, de-clicked, levelled and resampled once: a clip in the clip
                         cache, keyed by the file's content, so an unchanged take is not made again
  use_takes   (produce)  after synthesis: each take checked against its synthetic line's length,
                         then the line's clips (all chunks of a long speech) replaced by the take's
                         one clip, which the mix treats exactly as a synthetic clip of that voice:
                         levelled by the same measure, through its chain, perspective, pan and room

A bad take is one line naming its file; the render stops before writing anything, unless the
producer asked for `--takes lenient` (warned, and the synthetic line used).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import subprocess
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.lineids import DIGITS, ID_PATTERN, event_ids
from dramatize.model import Direction, Note, Script, Speech
from dramatize.timing import MIX_RATE

FOLDER = "takes"  # beside the script, unless the cast file names another
MODES = ("strict", "lenient", "off")  # a bad take stops the render / is warned and skipped / takes are ignored
PROCESSING = 1  # the version of what _process does: a change makes every take again
LONGEST = 10  # a take this many times its synthetic line's length is not a recording of that line
MAX_SECONDS = 600.0  # no one line lasts ten minutes: a longer file is refused before it is decoded
MAX_BYTES = 2**30
SILENT_DB = -60.0  # a take whose loudest 10 ms is under this has nothing in it
FRAME_SECONDS = 0.01
TRIM_BELOW_LOUDEST_DB = 40.0  # silence is what lies this far under the loudest moment...
TRIM_ABOVE_FLOOR_DB = 6.0  # ...or only a little above the recording's noise floor...
TRIM_MOST_DB = 20.0  # ...but never what is within this of the loudest (a take with no pause in it)
LEAD_SECONDS = 0.03  # kept before the first sound and after the last: a soft onset, a fading breath
TRAIL_SECONDS = 0.10
FADE_IN_SECONDS = 0.005  # de-clicking: the take starts and ends at zero, whatever was cut
FADE_OUT_SECONDS = 0.010
STORE_PEAK = 0.99  # the stored clip's peak at most this (16-bit); the mix levels it as any clip
_PARTS = re.compile(r"^(.+)-[0-9a-f]{%d}(?:-\d+)?$" % DIGITS)


class TakeProblem(Exception):
    """What is wrong with one take, said of its file."""


@dataclass(frozen=True)
class Take:
    line_id: str
    path: Path
    key: str  # the processed take's clip key: the file's content and this module's processing


@dataclass
class Takes:
    """The takes a render uses, by line id; `used` is filled when they are placed (use_takes)."""

    folder: Path
    lenient: bool
    found: dict[str, Take]
    used: dict[str, Take] = field(default_factory=dict)


def takes_folder(script_path: Path, cast) -> Path | None:
    """The folder named by the cast file, else `takes/` beside the script if there is one."""
    named = cast.production.get("takes") if cast is not None else None
    if named:
        return Path(named)
    folder = Path(script_path).parent / FOLDER
    return folder if folder.is_dir() else None


# ---------------------------------------------------------------- finding takes and their lines

def _speaker_keys(script: Script) -> dict[str, str]:
    """The names a speaker's folder may have: its id, its written name, its id as line ids write it."""
    from dramatize.lineids import _SLUG

    keys = {}
    for speaker in script.speakers():
        for key in (speaker, script.name_of(speaker), _SLUG.sub("-", speaker.lower()).strip("-")):
            keys.setdefault(key.casefold(), speaker)
    return keys


def _spoken(event, cast) -> bool:
    """Whether the event is heard in a voice (a take of it can replace something)."""
    from dramatize.directions import NARRATE, Heard

    if isinstance(event, Direction):
        return (event.action == NARRATE or event.told) and cast is not None and cast.directions == Heard.NARRATE
    return isinstance(event, (Speech, Note))


def _prefix(line_id: str) -> str:
    """The speaker part of an id ("trotsky" of "trotsky-4c659a-2")."""
    match = _PARTS.match(line_id)
    return match.group(1) if match else line_id.rsplit("-", 1)[0]


def _nearest(name: str, ids: list[str]) -> str:
    """A hint for a name that is no line's id: the nearest id of the same speaker."""
    prefix = _prefix(name)
    same = [i for i in ids if _prefix(i) == prefix]
    if same:
        near = difflib.get_close_matches(name, same, n=1, cutoff=0.0)[0]
        return f"the nearest of {prefix}'s ids is {near} (`dramatize sides` lists them with their words)"
    prefixes = sorted({_prefix(i) for i in ids})
    return (f"an id begins with its speaker, one of: {', '.join(prefixes[:12])}{' …' if len(prefixes) > 12 else ''}"
            f" (`dramatize sides SPEAKER` lists a speaker's ids)")


def _listed(folder: Path, script: Script, problems: list[str]) -> list[tuple[Path, str | None]]:
    """Every take file, with the speaker whose folder holds it (None at the top). Hidden files
    (.DS_Store, an editor's) are not takes."""
    keys = _speaker_keys(script)
    out = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        raise DramatizeError(f"cannot read the folder of takes: {err.strerror}", str(folder)) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            speaker = keys.get(entry.name.casefold())
            if speaker is None:
                problems.append(f"{entry}: a folder of takes is named by a speaker, and the script has no "
                                f"{entry.name} (its speakers: {', '.join(script.speakers())})")
                continue
            for inner in sorted(entry.iterdir()):
                if inner.name.startswith("."):
                    continue
                if inner.is_dir():
                    problems.append(f"{inner}: a folder inside a speaker's folder of takes; put the takes in "
                                    f"{entry} itself")
                else:
                    out.append((inner, speaker))
        else:
            out.append((entry, None))
    return out


def find_takes(script_path: Path, script: Script, cast, mode: str = "strict", cache_root: Path | None = None,
               warn=print) -> Takes | None:
    """The takes for `script` (the whole script, before any part is chosen), each checked and made
    ready in the cache under `cache_root` (None: checked only, made again when used)."""
    if mode == "off":
        return None
    folder = takes_folder(script_path, cast)
    if folder is None:
        return None
    problems: list[str] = []
    ids = event_ids(script)
    events = dict(zip(ids, script.events()))
    found: dict[str, Take] = {}
    files = _listed(folder, script, problems)
    for path, speaker in files:
        name = path.name.split(".", 1)[0].casefold()
        event = events.get(name)
        if event is None:
            said = f"no line has the id {name}" if ID_PATTERN.match(name) else "is not named by a line id"
            problems.append(f"{path}: {said}; {_nearest(name, ids)}")
            continue
        if speaker is not None and not (isinstance(event, Speech) and speaker in event.speakers):
            whose = " and ".join(event.speakers) + "'s" if isinstance(event, Speech) else "the narrator's"
            problems.append(f"{path}: {name} is {whose} line, in {speaker}'s folder")
            continue
        if not _spoken(event, cast):
            problems.append(f"{path}: {name} is a stage direction heard as a sound or not at all, not a spoken "
                            f"line: a take cannot replace it")
            continue
        if name in found:
            problems.append(f"{path}: a second take of {name} (the first is {found[name].path}); keep one")
            continue
        try:
            found[name] = Take(name, path, _key(path))
        except TakeProblem as err:
            problems.append(f"{path}: {err}")
    with _store(cache_root) as store:
        for take in list(found.values()):
            try:
                _ready(take, store)
            except TakeProblem as err:
                problems.append(f"{take.path}: {err}")
                del found[take.line_id]
    _report(problems, mode == "lenient", warn)
    return Takes(folder, mode == "lenient", found)


def recorded(script_path: Path, script: Script, cast=None) -> dict[str, Path]:
    """The lines a take file is named for, by id, from the names alone (nothing decoded): what
    `inspect` and `sides` mark. A render checks the files themselves (find_takes)."""
    folder = takes_folder(script_path, cast)
    if folder is None:
        return {}
    ids = set(event_ids(script))
    found = {}
    for path, _speaker in _listed(folder, script, []):
        name = path.name.split(".", 1)[0].casefold()
        if name in ids:
            found.setdefault(name, path)
    return found


def _report(problems: list[str], lenient: bool, warn):
    """Strict: every problem at once, and the render stops. Lenient: each a warning."""
    if not problems:
        return
    if not lenient:
        raise ConfigErrors(problems[:-1] + [f"{problems[-1]} (--takes lenient renders the synthetic lines "
                                            f"instead; --takes off ignores the takes)"])
    for problem in problems:
        warn(f"{problem}; the synthetic line is used")


def _store(cache_root: Path | None):
    if cache_root is None:
        return nullcontext(None)
    from contextlib import contextmanager

    from dramatize.cache import in_use, stores

    @contextmanager
    def held():
        with in_use(cache_root):
            yield stores(cache_root)["clips"]
    return held()


def _key(path: Path) -> str:
    """The processed take's clip key, from the file's content: a changed take is a new clip."""
    from dramatize.cache import cache_key
    from dramatize.inputs import regular_file

    try:
        size = regular_file(path, "take", MAX_BYTES)
    except DramatizeError as err:
        raise TakeProblem(err.message) from None
    if size == 0:
        raise TakeProblem("is empty (0 bytes)")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(2**20):
            digest.update(chunk)
    return cache_key("take", PROCESSING, digest.hexdigest(), MIX_RATE)


def _ready(take: Take, store) -> Path | None:
    """The processed take in `store` (made now if it is not there); None without a store, once it
    is known to be usable."""
    if store is not None and (hit := store.get(take.key)):
        return hit
    samples = _process(take.path)
    if store is None:
        return None
    from dramatize.engines.clip import write_wav

    with store.writing(take.key) as partial:
        write_wav(partial, samples, MIX_RATE)
    return store.path(take.key)


# ---------------------------------------------------------------- making a take a clip

def _decode(path: Path):
    """Mono float32 samples and their rate, by ffmpeg; a TakeProblem if it is not audio."""
    import numpy as np

    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_streams", "-show_format",
                            "-of", "json", str(path)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    try:
        info = json.loads(probe.stdout or "{}")
    except ValueError:
        info = {}
    streams = info.get("streams") or []
    if probe.returncode != 0 or not streams:
        said = (probe.stderr.strip().splitlines() or ["no sound in it"])[-1].replace(f"{path}: ", "")
        raise TakeProblem(f"is not audio ffmpeg can read ({said[:120]})")
    rate = int(streams[0].get("sample_rate") or 0)
    seconds = float(info.get("format", {}).get("duration") or streams[0].get("duration") or 0)
    if seconds > MAX_SECONDS:
        raise TakeProblem(f"lasts {seconds:.0f} s; a take is one line (at most {MAX_SECONDS:.0f} s)")
    decoded = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0", "-ac", "1",
                              "-f", "f32le", "-acodec", "pcm_f32le", "-"], capture_output=True)
    if decoded.returncode != 0:
        said = (decoded.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1].replace(
            f"{path}: ", "")
        raise TakeProblem(f"is not audio ffmpeg can decode ({said[:120]})")
    samples = np.frombuffer(decoded.stdout[:len(decoded.stdout) // 4 * 4], dtype="<f4")
    if not len(samples) or not rate:
        raise TakeProblem("is empty: it holds no sound")
    return np.nan_to_num(samples), rate


def _process(path: Path):
    """The take as a clip: at the mix rate, trimmed of the silence before and after it,
    de-clicked, at the level every clip is matched to (the mix matches it again, by the same measure)."""
    import numpy as np

    from dramatize.effects import level_match, resample

    samples, rate = _decode(path)
    samples = resample(samples, rate, MIX_RATE)
    samples = trimmed(samples, MIX_RATE)
    samples = declicked(samples, MIX_RATE)
    samples = level_match(samples, MIX_RATE)
    peak = float(np.abs(samples).max(initial=0.0))
    if peak > STORE_PEAK:  # kept whole in 16 bits: quieter, and levelled again in the mix
        samples = samples * np.float32(STORE_PEAK / peak)
    return samples


def trimmed(samples, rate: int):
    """Without the silence before the first sound and after the last (a margin kept). A
    TakeProblem if there is no sound at all."""
    import numpy as np

    frame = max(1, int(FRAME_SECONDS * rate))
    count = len(samples) // frame
    if count == 0:
        raise TakeProblem("is empty: it lasts less than 10 ms")
    power = np.mean(np.square(samples[:count * frame].reshape(count, frame), dtype=np.float64), axis=1)
    levels = 10 * np.log10(power + 1e-20)
    loudest = float(levels.max())
    if loudest < SILENT_DB:
        raise TakeProblem(f"is silent: nothing in it reaches {SILENT_DB:.0f} dBFS")
    floor = float(np.percentile(levels, 10))
    threshold = min(max(loudest - TRIM_BELOW_LOUDEST_DB, floor + TRIM_ABOVE_FLOOR_DB), loudest - TRIM_MOST_DB)
    sounding = np.flatnonzero(levels >= threshold)
    start = max(0, sounding[0] * frame - int(LEAD_SECONDS * rate))
    end = min(len(samples), (sounding[-1] + 1) * frame + int(TRAIL_SECONDS * rate))
    if sounding[-1] == count - 1:  # sound to the last whole frame: keep the remainder too
        end = len(samples)
    return samples[start:end]


def declicked(samples, rate: int):
    """Short raised-cosine fades at both ends: a cut in the middle of a sound does not click."""
    import numpy as np

    out = np.array(samples, dtype=np.float32)
    for seconds, at_start in ((FADE_IN_SECONDS, True), (FADE_OUT_SECONDS, False)):
        n = min(len(out) // 2, int(seconds * rate))
        if n < 2:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n))).astype(np.float32)
        if at_start:
            out[:n] *= ramp
        else:
            out[-n:] *= ramp[::-1]
    return out


# ---------------------------------------------------------------- placing takes in the plan

def _says(item) -> tuple:
    from dramatize.plan import Say, SayTogether

    if isinstance(item, Say):
        return (item,)
    if isinstance(item, SayTogether):
        return item.says
    return ()


def use_takes(takes: Takes | None, plans: list, clip_paths: dict[str, Path], store, warn=print):
    """The plans with each take in place of its line's clips, and the clip paths with the takes'.
    Called once the synthetic clips are made: a take more than LONGEST times its line's length is
    refused (strict) or left out (lenient). Fills `takes.used`."""
    from dramatize.effects import clip_length

    if not takes or not takes.found:
        return plans, clip_paths
    synthetic: dict[str, int] = {}  # line id -> samples of its synthetic clips (the first voice's, if several)
    texts: dict[str, list[str]] = {}
    for plan in plans:
        for item in plan.items:
            says = _says(item)
            if says and says[0].line_id in takes.found:
                synthetic[says[0].line_id] = synthetic.get(says[0].line_id, 0) + clip_length(
                    clip_paths[says[0].request.key], MIX_RATE)
                texts.setdefault(says[0].line_id, []).append(says[0].text)
    problems, ready = [], {}
    for line_id in synthetic:  # the takes of lines in this render (a part of the script has fewer)
        take = takes.found[line_id]
        try:
            path = _ready(take, store)
        except TakeProblem as err:  # changed or removed since the render began
            problems.append(f"{take.path}: {err}")
            continue
        length = clip_length(path, MIX_RATE)
        if length > LONGEST * synthetic[line_id]:
            problems.append(f"{take.path}: lasts {length / MIX_RATE:.1f} s, more than {LONGEST} times its line "
                            f"({synthetic[line_id] / MIX_RATE:.1f} s synthetic): is it a recording of {line_id}?")
            continue
        ready[line_id] = path
    _report(problems, takes.lenient, warn)
    paths = dict(clip_paths)
    out = []
    for plan in plans:
        items, placed = [], set()
        last = {}  # line id -> index of its last item: what lies between its first and last goes with it
        for index, item in enumerate(plan.items):
            says = _says(item)
            if says and says[0].line_id in ready:
                last[says[0].line_id] = index
        skip_until = -1
        for index, item in enumerate(plan.items):
            if index <= skip_until:
                continue
            says = _says(item)
            line_id = says[0].line_id if says else None
            if line_id in ready and line_id not in placed:
                take = takes.found[line_id]
                first = says[0]
                items.append(replace(first, text=" ".join(texts[line_id]),
                                     request=replace(first.request, key=take.key, raw_key=take.key)))
                paths[take.key] = ready[line_id]
                placed.add(line_id)
                takes.used[line_id] = take
                skip_until = last[line_id]  # the speech's other chunks, and the beats between them
                continue
            items.append(item)
        out.append(replace(plan, items=items))
    return out, paths


# ---------------------------------------------------------------- saying which lines are takes

def summary(transcript, used: set[str] | dict) -> str:
    """'2 of 7 lines are recorded takes (ALICE 1 of 4, BOB 1 of 3); the rest synthetic'."""
    spoken: dict[str, list[int]] = {}
    seen = set()
    for line in transcript:
        if line.speaker is None or not line.line_id or line.line_id in seen:  # a long line's parts count once
            continue
        seen.add(line.line_id)
        counts = spoken.setdefault(line.speaker, [0, 0])
        counts[0] += line.line_id in used
        counts[1] += 1
    recorded = sum(c[0] for c in spoken.values())
    total = sum(c[1] for c in spoken.values())
    each = ", ".join(f"{name} {c[0]} of {c[1]}" for name, c in spoken.items() if c[0])
    return f"{recorded} of {total} lines are recorded takes ({each}); the rest synthetic"
