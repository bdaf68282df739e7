"""The producer's corrections to how a script is read: the `[reading]` table of a cast file.

    [reading]
    labels = ["COURT", "Witness"]        # these are speakers whenever they stand as labels
    not_labels = ["More", "SCENE"]       # these never are
    narrator = ['^There was no objection\\.$']   # paragraphs the narrator reads (regular expressions)
    silent = ['^\\[Sidenote:']           # lines not read at all (reported, never dropped unsaid)
    format = "play"                      # the family, as --format says it

Every misreading is one line away from right, and `inspect` says what each line changed
(`changes`: the script read with and without the table, compared speech by speech).
"""

from __future__ import annotations

import inspect
import re
from collections import Counter
from dataclasses import dataclass

from dramatize.readers.labels import fold, speaker_id

FORMATS = ("transcript", "play", "fountain", "hearing", "radio")
MAX_PATTERN = 500


@dataclass(frozen=True)
class Reading:
    labels: frozenset[str] = frozenset()  # speaker ids, accents folded
    not_labels: frozenset[str] = frozenset()
    narrator: tuple[re.Pattern, ...] = ()
    silent: tuple[re.Pattern, ...] = ()
    format: str | None = None

    def __bool__(self) -> bool:
        return bool(self.labels or self.not_labels or self.narrator or self.silent or self.format)

    def narrates(self, text: str) -> bool:
        return any(p.search(text) for p in self.narrator)

    def silences(self, text: str) -> bool:
        return any(p.search(text) for p in self.silent)

    def silenced(self, lines) -> list[int]:
        """The numbers of the `lines` (each with .number and .text) that the `silent` patterns match."""
        return [line.number for line in lines if line.text.strip() and self.silences(line.text)]


def silenced_note(numbers: list[int]) -> str:
    """What a reader reports of the lines the cast file's `silent` patterns took out."""
    return (f"{len(numbers)} line{'s' * (len(numbers) != 1)} matched by the cast file's [reading] silent = … are not "
            f"read (lines {', '.join(map(str, numbers[:8]))}{' …' if len(numbers) > 8 else ''})")


def with_reading(reader, reading: Reading | None) -> dict:
    """The keyword that hands `reading` to a family's parse, for the families that take it."""
    if reading is None or "reading" not in inspect.signature(reader).parameters:
        return {}
    return {"reading": reading}


def ids_of(names) -> frozenset[str]:
    return frozenset(fold(speaker_id(str(n).strip().rstrip(".:"))) for n in names if str(n).strip())


def compile_patterns(patterns) -> tuple[tuple[re.Pattern, ...], list[tuple[str, str]]]:
    """The patterns compiled, and (pattern, why) for each that is not a usable regular expression."""
    out, bad = [], []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            bad.append((repr(pattern), "must be a non-empty string"))
        elif len(pattern) > MAX_PATTERN:
            bad.append((pattern[:40] + "…", f"longer than {MAX_PATTERN} characters"))
        else:
            try:
                out.append(re.compile(pattern))
            except re.error as err:
                bad.append((pattern, f"not a regular expression ({err})"))
    return tuple(out), bad


def changes(before, after) -> list[str]:
    """What the [reading] table changed: `before` and `after` are the script read without and
    with it. One line per kind of change, with counts and the first lines it touched."""
    def by_line(script):
        out = {}
        for event in script.events():
            out.setdefault(event.line, []).append(event)
        return out

    old, new = by_line(before), by_line(after)
    moved: Counter = Counter()
    where: dict[tuple, list[int]] = {}
    for line in sorted(set(old) | set(new)):
        was = _heard(old.get(line, []))
        now = _heard(new.get(line, []))
        if was != now:
            key = (was, now)
            moved[key] += 1
            where.setdefault(key, []).append(line)
    out = []
    for (was, now), count in moved.most_common():
        lines = where[(was, now)]
        shown = ", ".join(map(str, lines[:6])) + (" …" if len(lines) > 6 else "")
        out.append(f"{count} line{'s' * (count != 1)} now {now or 'not read'} (were {was or 'not read'}): "
                   f"line{'s' * (count != 1)} {shown}")
    return out


def _heard(events) -> str:
    """Who is heard at one line: the speakers, 'narrated', or '' when nothing is."""
    parts = []
    for event in events:
        if event.kind == "speech":
            parts.append(" + ".join(event.speakers) + "'s")
        elif event.kind == "direction":
            parts.append("a direction")
    return ", ".join(dict.fromkeys(parts))
