"""How well the readers understand the real scripts of tests/corpus/ (issue 11): one row per file.

    .venv/bin/python bench/corpus.py [-v] [--held-out | --tuned] [NAME ...]

Columns: family detected (and expected when it differs), speeches attributed to the right
speaker, stray speeches (a named speaker where the annotation has none; not asserted), precision and recall of the set of speakers, never_spoken strings heard, names of
another script in this one's metadata or chapter titles, chapters found / expected (scenes for
Fountain), stage directions heard as annotated, parse time. `!` marks a value below the
threshold tests/test_corpus.py asserts. -v lists every mistake (line, expected, got).
The rules are in tests/corpus_score.py. --held-out scores only the files held out while the
readers were tuned (the honest measure), --tuned the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import corpus_score as cs  # noqa: E402


def pct(value: float | None, minimum: float) -> str:
    if value is None:
        return "-"
    return f"{100 * value:5.1f}{'!' if value < minimum else ' '}"


def row(s: cs.FileScore) -> list[str]:
    if s.error:
        return [s.name, "ERROR", *[""] * (len(HEADER) - 3), f"{1000 * s.seconds:.0f}"]
    family = s.family_found if s.family_found == s.family_expected else f"{s.family_found}≠{s.family_expected}"
    if s.family_ok and s.family_found != s.family_expected:
        family = f"{s.family_found} (ok)"
    elif not s.family_ok:
        family += "!"
    chapters = f"{s.chapters_found}/{s.chapters_expected}" + ("!" if s.chapter_share is not None
                                                             and s.chapter_share < cs.MIN_CHAPTERS else "")
    if s.scenes_expected:
        chapters += f" sc {s.scenes_found}/{s.scenes_expected}"
    return [s.name, family,
            f"{pct(s.attribution, cs.MIN_ATTRIBUTION)} {s.attributed}/{s.speeches}", str(len(s.stray)),
            pct(s.precision, cs.MIN_SPEAKERS), pct(s.recall, cs.MIN_SPEAKERS),
            f"{len(s.never_spoken)}{'!' if s.never_spoken else ''}",
            f"{len(s.foreign)}{'!' if s.foreign else ''}",
            chapters,
            f"{pct(s.direction_agreement, cs.MIN_DIRECTIONS)} {s.directions_agree}/{s.directions}",
            f"{1000 * s.seconds:.0f}"]


HEADER = ["file", "family", "attribution %", "stray", "spk prec %", "spk rec %", "never_spoken", "foreign",
          "chapters", "directions %", "ms"]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    line = lambda r: "| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(HEADER), rule, *map(line, rows)])


def details(s: cs.FileScore) -> list[str]:
    out = [f"\n## {s.name}"]
    if s.error:
        return out + [f"  {s.error}"]
    if not s.family_ok:
        out.append(f"  family: detected {s.family_found!r}, expected {s.family_expected!r}")
    groups = [("attribution", s.attribution_mistakes), ("stray speeches (not asserted)", s.stray),
              ("never_spoken", s.never_spoken),
              ("foreign names", s.foreign), ("directions", s.direction_mistakes)]
    for title, mistakes in groups:
        if mistakes:
            out.append(f"  {title}:")
            out += [f"    {m}" for m in mistakes]
    if s.extra_speakers:
        out.append(f"  speakers not in the script: {s.extra_speakers}")
    if s.missing_speakers:
        out.append(f"  speakers not found: {s.missing_speakers}")
    if s.missing_chapters:
        out.append(f"  chapters not found: {s.missing_chapters}; parsed: {[cs.short(t, 40) for t in s.chapter_titles]}")
    if len(out) == 1:
        out.append("  no mistakes")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="corpus files (stems) to score; all by default")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    parser.add_argument("--held-out", action="store_true",
                        help="only the files held out while the readers were tuned (corpus_score.HELD_OUT)")
    parser.add_argument("--tuned", action="store_true", help="only the files the readers were tuned on")
    args = parser.parse_args(argv)
    known = cs.corpus_names()
    if args.held_out:
        args.names = [n for n in known if n in cs.HELD_OUT]
    elif args.tuned:
        args.names = [n for n in known if n not in cs.HELD_OUT]
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"not in tests/corpus: {unknown}; known: {', '.join(known)}")
    scores = cs.score_corpus(args.names or None)
    print(table([row(s) for s in scores]))
    failing = [s.name for s in scores if cs.problems(s)]
    total = sum(s.speeches for s in scores if not s.error)
    right = sum(s.attributed for s in scores if not s.error)
    print(f"\n{len(scores)} files, {len(scores) - len(failing)} meet every threshold; speeches attributed "
          f"{right}/{total} overall; `!` = below the threshold of tests/test_corpus.py")
    for s in scores:
        if s.error and not args.verbose:
            print(f"{s.name}: {s.error}")
    if args.verbose:
        for s in scores:
            print("\n".join(details(s)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
