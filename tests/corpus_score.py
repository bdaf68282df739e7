"""Score the readers against the hand-annotated corpus (tests/corpus/, issue 11).

Plain functions over the documented JSON (`dramatize.model.to_json`), shared by
tests/test_corpus.py (thresholds) and bench/corpus.py (the table). Parsing only: no audio.

Scoring rules
-------------
Names are compared after normalisation: upper case, accents folded (Sjölander = SJOLANDER),
curly apostrophes made straight, whitespace collapsed, trailing dots and colons dropped; then the
file's `aliases` map is applied (repeatedly, so A -> B -> C ends at C) to expected and parsed
names alike. A parsed speaker is known by its id, its display name (`names`) and the labels its
speeches were written with; any of them may match.

- Family: the script's `format` equals the expected `family` (ALSO_ACCEPTED lists the one file
  whose family is debatable).
- Attribution: for each expected speech [LINE, "A"] (or "A & B") the parsed speech starting at
  LINE is compared; if none starts there, the event covering LINE is used: the event with the
  greatest line <= LINE (a speech preferred on a tie). That covers readers that join consecutive
  paragraphs of one speaker, and it is a miss when the covering event is a direction or another
  speaker's speech. Correct when the speech's speakers (ids, display names or labels) equal the
  expected speakers as a set; NARRATOR is never correct. Reported, not asserted: "stray"
  speeches, parsed speeches of a named speaker that start at no annotated line and do not
  continue the speaker annotated before them (a cover page read as somebody's speech).
- Speakers: parsed speakers except NARRATOR (and CROWD when none of its names is expected)
  against the expected speakers, both seen as identities through the aliases. Precision = parsed
  speakers matching an expected identity / parsed speakers; recall = expected identities found /
  expected identities.
- never_spoken: no annotated string (whitespace collapsed, case kept) may occur in what is
  heard: speech text, narrated directions, the words a sound says, notes, and the title card
  read at the front chapter. Each violation is reported with the line of the event.
- Directions: each expected [LINE, text, class] is looked up among the events from the one
  covering LINE (readers may number all events of a paragraph by its first line) or LINE-2,
  whichever is earlier, to LINE+2, in this order: a direction whose text matches (the closest
  to LINE); a speech up to LINE+1 carrying a `delivery` (agrees with "delivery"; any such
  speech of the block counts, as fragments of one paragraph share a line); a speech whose text
  holds the direction's words (it was read aloud: "narrate" if the narrator reads it, else a
  mistake); any direction at LINE; otherwise the direction was dropped, which agrees only with
  "silent". Texts match when every part of the expected text between "…" occurs, as whole
  words, case and punctuation ignored, in the parsed text (or, weaker, the parsed text in the
  expected one). Caveat for "silent": a page number counts as spoken if a speech of its block
  holds the same number as a word (not the case in this corpus).
- Chapters: an expected title is found when a parsed chapter title contains it or is contained
  in it (whole words, case and punctuation ignored); each parsed title serves one expected
  title. Fountain `scenes` (without INT./EXT.) are counted the same way against chapter titles,
  direction texts and the narrator's words, for information only.
- Foreign metadata: no metadata value, chapter title or display name may contain a name that
  identifies another script (another corpus file's title, author, cast and speakers; the seed's
  author, book and title and its `NAME:` labels) unless that name occurs in this file's own
  text. Names under four characters are ignored.

A reader that raises is scored as an error (every aspect fails with its message), never a crash.
"""

from __future__ import annotations

import json
import re
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
# Files brought by the search tool's `fetch` stay out of the repository (its rules): their expectations
# are here, the files themselves in this git-ignored folder where they were fetched (README: sources).
FETCHED = CORPUS / "fetched"
SEED = ROOT / "seeds" / "war-danger-1927.txt"
# How the seed names itself (its first lines): they must never show up in another script.
SEED_IDENTITY = ("Leon Trotsky", "The Stalin School of Falsification", "The War Danger")

NARRATOR, CROWD = "NARRATOR", "CROWD"  # as in dramatize.model

# Thresholds of issue 11; test_corpus.py asserts them, bench/corpus.py marks rows that miss them.
MIN_ATTRIBUTION = 0.95
MIN_SPEAKERS = 0.90  # precision and recall
MIN_DIRECTIONS = 0.85  # soft part of the spec (the corpus reaches 0.88-0.89: a ratchet, not a goal)
MIN_CHAPTERS = 0.80  # soft part of the spec

# Coriolanus is a play in transcript layout (`Name:` labels, no directions): either is right; so are
# the trial exchanges Wellman quotes in prose.
ALSO_ACCEPTED = {"tinyshakespeare-coriolanus": {"play"},
                 # trial exchanges quoted in a book: italic `_Name._` labels, as a play prints them
                 "wellman-cross-examination-metts": {"play"}, "wellman-cross-examination-beecher": {"play"}}

SHOWN_MISTAKES = 12  # how many mistakes a failure message lists


# ---------------------------------------------------------------- corpus files


# Files added for issue 19 and held out while the readers were tuned: scored before and after,
# never looked at in between (the gap between these and the rest is the honest measure).
HELD_OUT = frozenset({"chaincode-tracepoints-2022", "bitcoin-explained-silent-payments",
                      "oedipus-murray-gutenberg-opening", "chaincode-bitcoin-core-wallet",
                      # the third round: scored before the readers were changed for them
                      "congreve-way-of-the-world-act3", "crec-house-2005-07-20-opening",
                      "crec-house-2005-07-20-passports", "crec-senate-2005-07-20-roberts",
                      "congreve-way-of-the-world-opening",
                      # the fourth round: real files of shapes still missing, scored before any change (and
                      # not changed for since: their failures are known gaps, tests/test_corpus.py)
                      "dpe-programme-script-docx", "nova-einstein-pycaption"})
# Files added for issue 19 that the readers were tuned on (the last four scored first, as held out: their
# "before" figures are in tests/corpus/README.md).
TUNED_19 = frozenset({"oedipus-murray-gutenberg-tiresias", "bitcoin-review-cashu-fedimint",
                      "elephants-dream-fluid-player", "wellman-cross-examination-metts",
                      "wellman-cross-examination-beecher", "latex-playbook-example-play"})


def annotated_names() -> list[str]:
    """Every annotated file's stem, sorted, whether its script is here or not."""
    return sorted(p.name[: -len(".expected.json")] for p in CORPUS.glob("*.expected.json"))


def corpus_names() -> list[str]:
    """The stems of the annotated files whose script is here (a fetched one may be absent)."""
    return [name for name in annotated_names() if _scripts(name)]


def _scripts(name: str) -> list[Path]:
    folders = [CORPUS] + ([FETCHED] if FETCHED.is_dir() else [])
    return [p for folder in folders for p in folder.iterdir() if p.stem == name and not p.name.endswith(".json")]


def script_path(name: str) -> Path:
    found = _scripts(name)
    if len(found) != 1:
        raise FileNotFoundError(f"expected one script named {name}.* in {CORPUS}, found {[p.name for p in found]}")
    return found[0]


def load_expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


BINARY = {".pdf", ".docx", ".fadein", ".highland"}  # numbered by dramatize.readers.files.source_lines


def source_lines(path: Path) -> list[str]:
    """The file's lines, numbered as the annotations number them (split on LF, CR dropped; a PDF's
    lines page by page, a Word document's paragraphs)."""
    if path.suffix.lower() in BINARY:
        from dramatize.readers.files import source_lines as lines_of

        return lines_of(path)
    return [line.rstrip("\r") for line in path.read_text(encoding="utf-8").split("\n")]


# ---------------------------------------------------------------- normalisation


def fold(text: str) -> str:
    """Accents removed, curly quotes straightened."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """A speaker name as compared: upper case, accents folded, spaces collapsed, no trailing . or :"""
    return " ".join(fold(name).upper().split()).rstrip(".: ").strip()


def words(text: str) -> str:
    """Text as compared for containment: lower case, accents folded, only letters and digits."""
    return " ".join(re.findall(r"[^\W_]+", fold(text).lower()))


def contains_words(haystack: str, needle: str) -> bool:
    """Whole-word containment of already `words()`-normalised texts."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def text_match(expected: str, parsed: str) -> int:
    """2 when every part of `expected` between "…" occurs in `parsed` (whole words, case and
    punctuation ignored), 1 when `parsed` (3 letters or more) occurs in a part of `expected`, else 0."""
    got = words(parsed)
    parts = [p for p in (words(x) for x in expected.split("…")) if p]
    if parts and all(contains_words(got, p) for p in parts):
        return 2
    return 1 if len(got) >= 3 and any(contains_words(p, got) for p in parts) else 0


class Names:
    """Expected and parsed names mapped to one identity through the file's aliases."""

    def __init__(self, aliases: dict[str, str]):
        self.aliases = {name_key(k): name_key(v) for k, v in aliases.items()}

    def identity(self, name: str) -> str:
        key, seen = name_key(name), set()
        while key in self.aliases and key not in seen:
            seen.add(key)
            key = self.aliases[key]
        return key


def short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- the parsed script


@dataclass(frozen=True)
class Event:
    order: int
    chapter: int
    data: dict

    @property
    def line(self) -> int:
        return self.data.get("line") or 0

    @property
    def kind(self) -> str:
        return self.data.get("kind", "")

    @property
    def is_speech(self) -> bool:
        return self.kind == "speech"

    def describe(self) -> str:
        d = self.data
        if self.is_speech:
            who = " & ".join(d.get("speakers", []))
            labels = d.get("labels")
            if labels and [name_key(x) for x in labels] != [name_key(x) for x in d.get("speakers", [])]:
                who += f" (label {' & '.join(labels)})"
            return f"{who} at line {self.line} «{short(d.get('text', ''), 50)}»"
        if self.kind == "direction":
            return f"{d.get('as')} direction at line {self.line} «{short(d.get('text', ''), 50)}»"
        return f"{self.kind} at line {self.line} «{short(d.get('text', ''), 50)}»"


def flatten(parsed: dict) -> list[Event]:
    out = []
    for ci, chapter in enumerate(parsed.get("chapters", [])):
        for event in chapter.get("events", []):
            out.append(Event(len(out), ci, event))
    return out


def covering(events: list[Event], line: int, speeches_only: bool = False) -> Event | None:
    """The event that holds `line`: the greatest start <= line, a speech preferred on a tie."""
    best = None
    for e in events:
        if speeches_only and not e.is_speech:
            continue
        if 0 < e.line <= line:
            if best is None or e.line > best.line or (e.line == best.line and (e.is_speech or not best.is_speech)):
                best = e
    return best


def speaker_forms(parsed: dict, events: list[Event]) -> dict[str, set[str]]:
    """Parsed speaker id -> every name it goes by: the id, its display name, its labels."""
    forms: dict[str, set[str]] = {}
    names = parsed.get("names", {})
    for sid in parsed.get("speakers", []):
        forms.setdefault(sid, {sid}).add(names.get(sid) or sid)
    for e in events:
        if not e.is_speech:
            continue
        speakers, labels = e.data.get("speakers", []), e.data.get("labels", [])
        for sid in speakers:
            forms.setdefault(sid, {sid}).add(names.get(sid) or sid)
        if labels and len(labels) == len(speakers):
            for sid, label in zip(speakers, labels):
                forms[sid].add(label)
    return forms


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Mistake:
    line: int | None
    expected: str
    got: str
    source: str = ""  # the annotated line's text, to find it quickly

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "no line"
        src = f" «{short(self.source, 50)}»" if self.source else ""
        return f"{where}{src}: expected {self.expected}, got {self.got}"


@dataclass
class FileScore:
    name: str
    family_expected: str
    family_found: str = ""
    error: str = ""  # the reader (or scoring its output) raised: type, message and where
    seconds: float = 0.0
    speeches: int = 0
    attributed: int = 0
    attribution_mistakes: list[Mistake] = field(default_factory=list)
    stray: list[Mistake] = field(default_factory=list)  # reported, not asserted
    precision: float | None = None
    recall: float | None = None
    extra_speakers: list[str] = field(default_factory=list)
    missing_speakers: list[str] = field(default_factory=list)
    never_spoken: list[Mistake] = field(default_factory=list)
    directions: int = 0
    directions_agree: int = 0
    direction_mistakes: list[Mistake] = field(default_factory=list)
    chapters_expected: int = 0
    chapters_found: int = 0
    chapter_titles: list[str] = field(default_factory=list)
    missing_chapters: list[str] = field(default_factory=list)
    scenes_expected: int = 0
    scenes_found: int = 0
    foreign: list[Mistake] = field(default_factory=list)

    @property
    def family_ok(self) -> bool:
        return not self.error and (self.family_found == self.family_expected
                                   or self.family_found in ALSO_ACCEPTED.get(self.name, ()))

    @property
    def attribution(self) -> float | None:
        return self.attributed / self.speeches if self.speeches and not self.error else None

    @property
    def direction_agreement(self) -> float | None:
        return self.directions_agree / self.directions if self.directions and not self.error else None

    @property
    def chapter_share(self) -> float | None:
        return self.chapters_found / self.chapters_expected if self.chapters_expected and not self.error else None


def _listed(mistakes, limit=SHOWN_MISTAKES) -> str:
    lines = [f"  {m}" for m in mistakes[:limit]]
    if len(mistakes) > limit:
        lines.append(f"  … and {len(mistakes) - limit} more")
    return "\n".join(lines)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def problems(score: FileScore) -> dict[str, str]:
    """Aspect -> failure message (with the first mistakes), for every aspect below its threshold."""
    name = score.name
    if score.error:
        message = f"{name}: {score.error}"
        return {a: message for a in ASPECTS}
    out = {}
    if not score.family_ok:
        accepted = " or ".join([score.family_expected, *sorted(ALSO_ACCEPTED.get(name, ()))])
        out["family"] = f"{name}: detected {score.family_found!r}, expected {accepted}"
    if score.speeches and score.attribution < MIN_ATTRIBUTION:
        out["attribution"] = (f"{name}: attribution {_pct(score.attribution)} ({score.attributed}/{score.speeches}), "
                              f"need {MIN_ATTRIBUTION:.0%}; first mistakes:\n{_listed(score.attribution_mistakes)}")
    speakers = []
    if score.precision is not None and score.precision < MIN_SPEAKERS:
        speakers.append(f"precision {_pct(score.precision)}: not speakers of this script: {score.extra_speakers}")
    if score.recall is not None and score.recall < MIN_SPEAKERS:
        speakers.append(f"recall {_pct(score.recall)}: speakers not found: {score.missing_speakers}")
    if speakers:
        out["speakers"] = f"{name}: speakers need {MIN_SPEAKERS:.0%} precision and recall; " + "; ".join(speakers)
    if score.never_spoken:
        out["never_spoken"] = (f"{name}: {len(score.never_spoken)} never_spoken string(s) are heard:\n"
                               f"{_listed(score.never_spoken)}")
    if score.foreign:
        out["foreign"] = f"{name}: names of another script in this one:\n{_listed(score.foreign)}"
    if score.directions and score.direction_agreement < MIN_DIRECTIONS:
        out["directions"] = (f"{name}: directions classified as expected {_pct(score.direction_agreement)} "
                             f"({score.directions_agree}/{score.directions}), need {MIN_DIRECTIONS:.0%}:\n"
                             f"{_listed(score.direction_mistakes)}")
    if score.chapters_expected and score.chapter_share < MIN_CHAPTERS:
        out["chapters"] = (f"{name}: chapters found {score.chapters_found}/{score.chapters_expected}, need "
                           f"{MIN_CHAPTERS:.0%}; missing {score.missing_chapters}; parsed titles "
                           f"{[short(t, 40) for t in score.chapter_titles]}")
    return out


ASPECTS = ("family", "attribution", "speakers", "never_spoken", "foreign", "directions", "chapters")


# ---------------------------------------------------------------- the scores


def score_attribution(parsed: dict, expected: dict, lines: list[str]) -> tuple[int, int, list[Mistake]]:
    names = Names(expected.get("aliases", {}))
    events = flatten(parsed)
    speech_at: dict[int, list[Event]] = {}
    for e in events:
        if e.is_speech:
            speech_at.setdefault(e.line, []).append(e)
    display = parsed.get("names", {})
    correct, mistakes = 0, []
    for line, who in expected.get("speeches", []):
        want = {names.identity(w) for w in who.split(" & ")}
        candidates = speech_at.get(line) or [e for e in [covering(events, line)] if e is not None]
        ok = False
        for e in candidates:
            if not e.is_speech:
                continue
            speakers = e.data.get("speakers", [])
            if not speakers or NARRATOR in speakers:
                continue
            forms = [
                {names.identity(s) for s in speakers},
                {names.identity(display.get(s) or s) for s in speakers},
                {names.identity(x) for x in e.data.get("labels", [])},
            ]
            if want in forms:
                ok = True
                break
        if ok:
            correct += 1
        else:
            got = "; ".join(e.describe() for e in candidates) if candidates else "no event at or before it"
            source = lines[line - 1] if 0 < line <= len(lines) else ""
            mistakes.append(Mistake(line, who, got, source))
    return correct, len(expected.get("speeches", [])), mistakes


def score_stray(parsed: dict, expected: dict, lines: list[str]) -> list[Mistake]:
    """Parsed speeches of a named speaker where the annotation has nobody, or somebody else: a
    speech starting at no annotated line whose annotated predecessor is another speaker."""
    names = Names(expected.get("aliases", {}))
    annotated = sorted(expected.get("speeches", []))
    starts = {line for line, _ in annotated}
    display = parsed.get("names", {})
    out = []
    for e in flatten(parsed):
        speakers = e.data.get("speakers", []) if e.is_speech else []
        if not speakers or NARRATOR in speakers or e.line in starts:
            continue
        before = [who for line, who in annotated if line <= e.line]
        if before:
            want = {names.identity(w) for w in before[-1].split(" & ")}
            forms = [{names.identity(s) for s in speakers}, {names.identity(display.get(s) or s) for s in speakers},
                     {names.identity(x) for x in e.data.get("labels", [])}]
            if want in forms:
                continue  # an unlabelled paragraph of the speaker annotated before it
        source = lines[e.line - 1] if 0 < e.line <= len(lines) else ""
        out.append(Mistake(e.line, f"no new speech (annotated: {before[-1] if before else 'nobody'} goes on)",
                           e.describe(), source))
    return out


def score_speakers(parsed: dict, expected: dict) -> tuple[float | None, float | None, list[str], list[str]]:
    names = Names(expected.get("aliases", {}))
    wanted = {names.identity(s) for s in expected.get("speakers", [])}
    forms = speaker_forms(parsed, flatten(parsed))
    found: set[str] = set()
    counted, right, extra = 0, 0, []
    for sid, its_names in forms.items():
        if sid == NARRATOR:
            continue
        hits = {names.identity(n) for n in its_names} & wanted
        if sid == CROWD and not hits:
            continue  # a crowd the script does not name is not a speaker either way
        counted += 1
        if hits:
            right += 1
            found |= hits
        else:
            extra.append(sid)
    precision = right / counted if counted else (None if not wanted else 0.0)
    recall = len(found) / len(wanted) if wanted else None
    missing = [s for s in expected.get("speakers", []) if names.identity(s) not in found]
    return precision, recall, extra, missing


def heard(parsed: dict) -> list[tuple[int | None, str, str]]:
    """(line, what, text) for everything a listener hears as words."""
    out: list[tuple[int | None, str, str]] = []
    chapters = parsed.get("chapters", [])
    if any(c.get("kind") == "front" for c in chapters):
        card = _title_card(parsed.get("metadata", {}))
        if card:
            front = next(c for c in chapters if c.get("kind") == "front")
            out.append((front.get("line"), "title card", card))
    for e in flatten(parsed):
        d = e.data
        if e.is_speech:
            out.append((e.line, f"speech of {' & '.join(d.get('speakers', []))}", d.get("text", "")))
        elif e.kind == "direction":
            if d.get("as") == "narrate":
                out.append((e.line, "narrated direction", d.get("text", "")))
            if d.get("say"):
                out.append((e.line, "words of a sound", d["say"]))
        elif e.kind == "note":
            out.append((e.line, "note", d.get("text", "")))
    return out


def _title_card(metadata: dict) -> str:
    try:  # what the renderer really reads at the front chapter
        from dramatize.plan import title_card
    except Exception:  # plan.py unimportable mid-refactor: the same card, made here
        parts = [str(metadata[k]) for k in ("author", "book", "title", "occasion", "date") if metadata.get(k)]
        return ". ".join(p.rstrip(".") for p in parts) + "." if parts else ""
    return title_card(metadata)


def score_never_spoken(parsed: dict, expected: dict) -> list[Mistake]:
    out = []
    spoken = [(line, what, " ".join(text.split())) for line, what, text in heard(parsed)]
    for needle in expected.get("never_spoken", []):
        flat = " ".join(needle.split())
        for line, what, text in spoken:
            if flat in text:
                at = text.index(flat)
                context = text[max(0, at - 25): at + len(flat) + 25]
                out.append(Mistake(line, f"{needle!r} never heard", f"it in the {what}: «…{context}…»"))
    out.sort(key=lambda m: m.line or 0)
    return out


def score_directions(parsed: dict, expected: dict, lines: list[str]) -> tuple[int, int, list[Mistake]]:
    events = flatten(parsed)
    agree, mistakes = 0, []
    for line, text, cls in expected.get("directions", []):
        got, how = classify(events, line, text, cls)
        if got == cls:
            agree += 1
        else:
            source = lines[line - 1] if 0 < line <= len(lines) else ""
            mistakes.append(Mistake(line, f"{cls} «{short(text, 40)}»", f"{got or 'nothing'} ({how})", source))
    return agree, len(expected.get("directions", [])), mistakes


def classify(events: list[Event], line: int, text: str, cls: str) -> tuple[str | None, str]:
    """What the listener gets from the direction annotated at `line`, and how it was found.

    Readers may number every event of a paragraph by the paragraph's first line, so the search
    starts at the event holding `line` (or two lines above, whichever is earlier)."""
    holder = covering(events, line)
    low = min(line - 2, holder.line if holder else line)
    block = [e for e in events if low <= e.line <= line + 2]
    near = [(match, e) for e in block if e.kind == "direction"
            for match in [text_match(text, e.data.get("text", ""))] if match]
    if near:
        _, e = min(near, key=lambda m: (-m[0], abs(m[1].line - line), m[1].order))
        return e.data.get("as"), e.describe()
    if cls == "delivery":
        for e in sorted(block, key=lambda e: abs(e.line - line)):
            if e.is_speech and e.line <= line + 1 and e.data.get("delivery"):
                return "delivery", f"delivery {e.data['delivery']!r} of the speech at line {e.line}"
    for e in sorted(block, key=lambda e: (abs(e.line - line), e.order)):
        if e.is_speech and e.line <= line and text_match(text, e.data.get("text", "")) == 2:
            if NARRATOR in e.data.get("speakers", []):
                return "narrate", f"read by the narrator in {e.describe()}"
            return "spoken", f"read as speech in {e.describe()}"
    at_line = [e for e in events if e.kind == "direction" and e.line == line]
    if at_line:
        return at_line[0].data.get("as"), f"the only direction on the line: {at_line[0].describe()}"
    return ("silent" if cls == "silent" else None), "not found: dropped"


_SCENE_PREFIX = re.compile(r"^(int ext|ext int|i e|int|ext|est) ")


def _title_found(wanted: str, titles: list[str], used: set[int]) -> int | None:
    w = words(wanted)
    for i, title in enumerate(titles):
        t = words(title)
        if i in used or not t:
            continue
        if contains_words(t, w) or (len(t) >= 3 and contains_words(w, t)):
            return i
    return None


def score_chapters(parsed: dict, expected: dict) -> tuple[int, int, list[str], list[str], int, int]:
    titles = [c.get("title", "") for c in parsed.get("chapters", [])]
    used: set[int] = set()
    missing = []
    for wanted in expected.get("chapters", []):
        i = _title_found(wanted, titles, used)
        if i is None:
            missing.append(wanted)
        else:
            used.add(i)
    # A scene heading may become a chapter, a direction or the narrator's words ("Interior. …").
    scenes = expected.get("scenes", [])
    places = titles + [e.data.get("text", "") for e in flatten(parsed)
                       if e.kind == "direction" or NARRATOR in e.data.get("speakers", [])]
    scene_used: set[int] = set()
    for wanted in scenes:
        i = _title_found(_SCENE_PREFIX.sub("", words(wanted)), places, scene_used)
        if i is not None:
            scene_used.add(i)
    n = len(expected.get("chapters", []))
    return n - len(missing), n, missing, titles, len(scene_used), len(scenes)


def identities() -> dict[str, list[str]]:
    """Script -> the names that identify it (title, author, cast, speakers, alias targets)."""
    out = {}
    for name in corpus_names():
        d = load_expected(name)
        found = [d.get("title", ""), d.get("author", ""), *d.get("cast", []), *d.get("speakers", []),
                 *d.get("aliases", {}).values()]
        out[name] = [x for x in found if x]
    seed = list(SEED_IDENTITY)
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        seed += sorted(set(re.findall(r"^([A-Z][A-Z]+):", text, re.M)))
    out["seed (war-danger-1927)"] = seed
    return out


def score_foreign(name: str, parsed: dict, text: str, known: dict[str, list[str]]) -> list[Mistake]:
    own = words(text)
    values = [(f"metadata {k}", v) for k, v in parsed.get("metadata", {}).items()]
    values += [("chapter title", c.get("title", "")) for c in parsed.get("chapters", [])]
    values += [(f"display name of {k}", v) for k, v in parsed.get("names", {}).items()]
    out = []
    for other, marks in known.items():
        if other == name:
            continue
        reported = set()  # one report per value and script: its longest foreign name
        for mark in sorted(marks, key=len, reverse=True):
            m = words(mark)
            if len(m) < 4 or contains_words(own, m):
                continue
            for where, value in values:
                if where not in reported and contains_words(words(str(value)), m):
                    reported.add(where)
                    out.append(Mistake(None, f"no name of {other}", f"{mark!r} in {where} «{short(value, 50)}»"))
    return out


def score_file(name: str, known: dict[str, list[str]] | None = None, fmt: str | None = None) -> FileScore:
    """Read one corpus file with dramatize's readers and score every aspect."""
    expected = load_expected(name)
    score = FileScore(name, expected.get("family", "?"))
    started = time.perf_counter()
    stage = "the reader raised"
    try:
        from dramatize.model import to_json
        from dramatize.readers import read_script

        path = script_path(name)
        parsed = to_json(read_script(path, fmt))
        score.seconds = time.perf_counter() - started
        stage = "scoring its output failed with"  # e.g. an event without the documented keys
        _score_parsed(score, parsed, expected, path, identities() if known is None else known)
    except Exception as err:  # any failure is this file's failure, not the whole run's
        frames = traceback.extract_tb(err.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        score.error = f"{stage} {type(err).__name__}: {err}{where}"
        score.seconds = score.seconds or time.perf_counter() - started
    return score


def _score_parsed(score: FileScore, parsed: dict, expected: dict, path: Path, known: dict[str, list[str]]) -> None:
    lines = source_lines(path)
    score.family_found = parsed.get("format", "")
    score.attributed, score.speeches, score.attribution_mistakes = score_attribution(parsed, expected, lines)
    score.stray = score_stray(parsed, expected, lines)
    score.precision, score.recall, score.extra_speakers, score.missing_speakers = score_speakers(parsed, expected)
    score.never_spoken = score_never_spoken(parsed, expected)
    score.directions_agree, score.directions, score.direction_mistakes = score_directions(parsed, expected, lines)
    (score.chapters_found, score.chapters_expected, score.missing_chapters, score.chapter_titles,
     score.scenes_found, score.scenes_expected) = score_chapters(parsed, expected)
    score.foreign = score_foreign(score.name, parsed, "\n".join(lines), known)


def read_seed_first() -> None:
    """Read the seed before the corpus, as a user converting several scripts in one process would:
    any state a reader keeps from it (title, cast) would then show up as foreign names."""
    try:
        from dramatize.readers import read_script

        read_script(SEED)
    except Exception:
        pass  # the seed's own tests report that


def score_corpus(names: list[str] | None = None) -> list[FileScore]:
    known = identities()
    read_seed_first()
    return [score_file(n, known) for n in (names or corpus_names())]
