"""Which family of script a file is: by its extension, else by what its text looks like.

Each family's signs are counted on the first 200 kB; the family with the most convincing signs
wins, and `inspect` prints why. `--format` overrides."""

from __future__ import annotations

import re
from pathlib import Path

from dramatize.errors import DramatizeError

BY_EXTENSION = {".fountain": ("fountain", "the .fountain extension"), ".spmd": ("fountain", "the .spmd extension"),
                ".srt": ("transcript", "a subtitle file (.srt)"), ".vtt": ("transcript", "a subtitle file (.vtt)")}

_SIGNS = {
    "fountain": [
        ("a Fountain title page", re.compile(r"\A\s*(Title|Credit|Author|Authors|Source|Draft date)\s*:", re.I), 6),
        ("scene headings (INT./EXT.)", re.compile(r"^(INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[.\s]", re.M), 2),
        ("transitions (CUT TO:)", re.compile(r"^[^\S\n]*+(?:[A-Z][A-Z ]* |(?<=  ))TO:\s*$", re.M), 1),
        ("character cues with extensions", re.compile(r"^[^\S\n]*+[A-Z][A-Z .'-]+ \((V\.O\.|O\.S\.|O\.C\.|CONT'D)\)\s*$", re.M), 2),
    ],
    "play": [
        ("act and scene headings", re.compile(r"^[^\S\n]*+((THE )?(ACT|Act) ([IVX]+|\d+|ONE|TWO|THREE|FOUR|FIVE)\b|"
                                              r"(FIRST|SECOND|THIRD|FOURTH|FIFTH) ACT\b|(SCENE|Scene) ([IVX]+|\d+)\b)", re.M), 4),
        ("a cast list", re.compile(r"^[^\S\n]*+(THE )?(DRAMATIS PERSON|PERSONS (IN|OF) THE PLAY|CHARACTERS\s*$|"
                                   r"PERSONS REPRESENTED)", re.M | re.I), 8),
        ("NAME. labels", re.compile(r"^[ \t]{0,4}[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3}\.(?:\s|$)", re.M), 1),
        ("entrances and exits", re.compile(r"\b(Enter|Exit|Exeunt|Re-enter)\b"), 1),
        ("entrances on a line of their own", re.compile(r"^[^\S\n]*+_?\[?_?(Enter|Exeunt|Exit)\b", re.M), 3),
        ("Latin act and scene headings", re.compile(r"^[^\S\n]*+(Actus|Scena|Scoena|Sc[æœ]na)\s+\w+", re.M | re.I), 6),
        ("a SCENE: description", re.compile(r"^[^\S\n]*+SCENE\s*[:.]", re.M), 4),
        ("a note of the first performance", re.compile(r"first (performed|produced|acted)", re.I), 4),
        ("stage directions in italics", re.compile(r"[(\[]_\w"), 1.5),
        ("Name. labels", re.compile(r"^\s{1,4}[A-Z][a-z]{1,12}\.\s+[A-Z]", re.M), 0.5),
        ("labels with a manner (NAME (starting):)", re.compile(r"^[A-Z][A-Z .'’-]+ [(\[][a-z][^)\]]*[)\]]?", re.M), 2),
        ("directions in parentheses on lines of their own", re.compile(r"^[^\S\n]*+\((?:_)?[A-Z][a-z]+ [^)]*$", re.M), 1),
        ("numbered speakers (1. 2. 3.)", re.compile(r"^\s{1,4}[1-9]\.\s+[A-Z]", re.M), 0.5),
        ("a Project Gutenberg text", re.compile(r"PROJECT GUTENBERG", re.I), 2),
    ],
    "hearing": [
        ("printed line numbers", re.compile(r"^\s{0,3}([1-9]|1\d|2[0-8])(\s{2,}\S.*)?$", re.M), 0.5),
        ("hearing labels (The CHAIRMAN., Senator X.)", re.compile(
            r"^[^\S\n]*+(The (CHAIRMAN|CHAIRWOMAN|PRESIDING OFFICER|COURT)|(Chairman|Chairwoman|Senator|Mr\.|Mrs\.|Ms\.|"
            r"Dr\.|Representative) [A-Z][A-Za-z'-]+)[.:]\s", re.M), 2),
        ("CHAIRWOMAN X: labels", re.compile(r"^[^\S\n]*+(?:\d+[^\S\n]*+)?(CHAIRMAN|CHAIRWOMAN|SENATOR|ASSEMBLYMAN|ASSEMBLYWOMAN|"
                                            r"THE COURT|THE WITNESS) ?[A-Z'-]*:", re.M), 2),
        ("questions and answers (Q. / A.)", re.compile(r"^[^\S\n]*+(?:\d+[^\S\n]*+)?[QA]\.\s+\S", re.M), 1),
        ("hearing front matter", re.compile(r"HEARING BEFORE|STATEMENT OF|COMMITTEE ON|\[Whereupon|APPEARANCES|"
                                            r"LIST OF SPEAKERS|PRESIDING|ORAL ARGUMENT|P R O C E E D I N G S|"
                                            r"Reporting Company|COURT REPORTER", re.I), 3),
        ("justices and counsel (JUSTICE X:, MR. X:)", re.compile(r"^[^\S\n]*+(?:\d+[^\S\n]*+)?(JUSTICE|CHIEF JUSTICE|MR\.|MS\.|"
                                                                  r"MRS\.) [A-Z'’-]+:", re.M), 1),
    ],
    "radio": [
        ("cue lines (F/X:, SOUND:, MUSIC:, GRAMS:)", re.compile(
            r"^[^\S\n]*+(?:\d{1,3}[.)]?[^\S\n]+)?(?:F/X|FX|SFX|SOUND|SOUND EFFECTS?|MUSIC|GRAMS|ATMOS|B/G|ACOUSTIC|BIZ)"
            r"(?:[^\S\n]+(?:[A-Z]{1,3}|F/X)(?=[^\S\n]*:))?"  # SOUND FX: / SOUND EFX:
            r"[^\S\n]*(?::|[^\S\n]-+[^\S\n]|--|\t)", re.M), 4),
        ("numbered speeches (1. NAME:)", re.compile(r"^[^\S\n]*+\d{1,3}[.)]?[^\S\n]+[A-Z][A-Z .'’-]{1,30}(?:\([^)\n]*\))?:", re.M), 2),
        ("radio working words (FADE UNDER, UP AND OUT, OFF MIKE…)", re.compile(
            r"\b(?:FADE UNDER|HOLD UNDER|UP AND OUT|UP AND UNDER|DOWN AND UNDER|CROSS-?FADE|CLEAN (?:IN|OUT)|OFF MIKE|"
            r"ON MIKE|WALLA|ESTABLISH)\b"), 2),
        ("an ANNOUNCER", re.compile(r"^[^\S\n]*+(?:\d{1,3}[.)]?[^\S\n]+)?ANNOUNCER[^\S\n]*:", re.M), 3),
    ],
    "transcript": [
        ("NAME: labels", re.compile(r"^[^\S\n]*+(\*\*)?[A-Z][\w'’. -]{0,40}(\*\*)?:(\*\*)?\s", re.M), 1),
        ("timestamps", re.compile(r"^[^\S\n]*+[\[(]?\d{1,2}:\d{2}", re.M), 0.5),
    ],
}


_CUES_OF_A_RADIO_SCRIPT = 3  # cue lines that make labelled lines a radio script's rather than a transcript's


def detect(path: Path, text: str, fmt: str | None = None) -> tuple[str, str]:
    """(family, why) for this file; `fmt` (from --format) overrides."""
    from dramatize.readers import READERS

    if fmt:
        if fmt not in READERS:
            raise DramatizeError(f"--format {fmt}: use one of {', '.join(sorted(READERS))}")
        return fmt, f"--format {fmt}"
    if path.suffix.lower() in BY_EXTENSION:
        return BY_EXTENSION[path.suffix.lower()]
    sample = text[:200_000].lstrip("\ufeff")
    lines = max(1, sum(1 for line in sample.splitlines() if line.strip()))
    scores, reasons = {}, {}
    for family, signs in _SIGNS.items():
        score, seen = 0.0, []
        for name, pattern, weight in signs:
            count = len(pattern.findall(sample))
            if count:
                score += weight * min(count, lines) / (1 if weight >= 4 else max(1.0, lines / 100))
                seen.append(f"{count} × {name}" if count > 1 else name)
        scores[family], reasons[family] = score, seen
    ranked = sorted(scores, key=lambda f: (scores[f], f == "transcript"), reverse=True)
    cues = len(_SIGNS["radio"][0][1].findall(sample))
    if ranked[0] == "transcript" and cues >= _CUES_OF_A_RADIO_SCRIPT:
        # NAME: labels with MUSIC:/SOUND: lines among them: a broadcast script (a conversation has no cue lines).
        ranked.remove("radio")
        ranked.insert(0, "radio")
        reasons["radio"] = reasons["radio"] + [f"among {reasons['transcript'][0]}"]
    best, second = ranked[0], ranked[1]
    if scores[best] < 1:
        return "transcript", "no family's signs were found: read as a transcript"
    reason = f"{best}: " + ", ".join(reasons[best])
    if scores[second] >= 3 and scores[second] >= 0.5 * scores[best]:
        reason += (f"; it looks like both a {best} and a {second} ({', '.join(reasons[second])}): read as a "
                   f"{best}; --format {second} reads it the other way")
    return best, reason
