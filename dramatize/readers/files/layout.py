"""A screenplay pasted as plain text with its page layout (a PDF's text copied out, `pdftotext
-layout`, the screenplay sites' pages): its elements read from their columns, as a PDF's are from
where they stand (pdf.laid_out), and written as Fountain.

Read as Fountain line by line, such a text loses its shape: every wrapped line of a speech becomes
a speech of its own, `(MORE)`, the page number and `NAME (CONT'D)` at a page break are spoken as
the character's words, and a numbered scene heading is taken for a character cue.

The columns are the script's own, found from its character cues (capitals alone on a line over
less indented lines, at least PAIRS times): the cue's column, the dialogue's under it, and the
action's margin left of both. They are mapped onto a printed page's inches (the margin, dialogue
an inch in, the cue 2.2 inches in), so the PDF reader's rules read them, whatever the spacing.
A page ends at a form feed, or where a page number stands alone right of the cues; the lines
before the first scene heading (or FADE IN:), with no speech among them, are the title page."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from dramatize.readers.files import Converted
from dramatize.readers.files import pdf

PAIRS = 3  # character cues over dialogue that make a text a laid-out screenplay
TAB = 8
MARGIN = 1.5  # inches: where the action's column is put on the page the PDF reader's rules read
POINTS = 12.0  # a text line's height, as a PDF's would be in points
SEGMENT_GAP = 4  # spaces between two runs of words side by side (dual dialogue, a scene number)
_INDENTED = re.compile(r"^(?: {6,}|\t+)\S", re.M)
_CUE = re.compile(r"^(?=[^a-z]*[A-Z]{2})[A-Z0-9][A-Z0-9 .,'’&/-]*(?:\s*\([^()]*\))?\s*\^?$")
_PARENTHETICAL = re.compile(r"^\([^()]*\)?$")  # (quietly) alone on its line, or wrapped: (on the verge
_OPENING = re.compile(rf"^FADE IN\b|{pdf._HEADING.pattern}", re.I)  # the script proper begins


def convert(text: str, source: str) -> Converted | None:
    """The screenplay as Fountain, or None when the text is not laid out as one."""
    if len(_INDENTED.findall(text, 0, 1 << 20)) < 2 * PAIRS:  # (a quick look first: most texts are not)
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(TAB).split("\n")
    columns = _columns(lines)
    if columns is None:
        return None
    read = pdf.laid_out(_pages(lines, columns), source, "a screenplay laid out as text", {}, margin=MARGIN)
    return read.screenplay


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


class Columns(NamedTuple):
    margin: int
    dialogue: int
    cue: int
    first_cue: int  # the index of the first line that is a character cue over its speech


def _columns(lines: list[str]) -> Columns | None:
    """The text's columns, or None without PAIRS cues over dialogue indented less."""
    filled = [(i, _indent(line), line.strip().lstrip("\f")) for i, line in enumerate(lines) if line.strip()]
    pairs: list[tuple[int, int, int]] = []
    for k, (i, col, words) in enumerate(filled):
        if not _CUE.match(words) or words.endswith(":") or _OPENING.match(words):
            continue
        block = [item for n, item in enumerate(filled[k + 1:k + 4]) if item[0] == i + 1 + n]  # the lines under it
        speech = next((below for _, below, under in block if not _PARENTHETICAL.match(under)), None)
        if speech is not None and speech < col and all(below < col for _, below, _ in block[:1]):
            pairs.append((col, speech, i))  # (a parenthetical may stand between the cue and its speech)
    if len(pairs) < PAIRS:
        return None
    cue = Counter(col for col, _, _ in pairs).most_common(1)[0][0]
    dialogue = Counter(below for col, below, _ in pairs if abs(col - cue) <= 1).most_common(1)[0][0]
    if sum(1 for col, below, _ in pairs if abs(col - cue) <= 1 and below == dialogue) < PAIRS or cue - dialogue < 3:
        return None
    left = Counter(col for _, col, _ in filled if col < dialogue - 1)
    margin = left.most_common(1)[0][0] if left else 0  # (no action at all: the page's edge)
    return Columns(margin, dialogue, cue, pairs[0][2]) if dialogue - margin >= 2 else None


def _pages(lines: list[str], columns: Columns) -> list[pdf.Page]:
    margin, dialogue, cue, first_cue = columns

    def inches(col: float) -> float:  # the margin MARGIN inches from the page's edge, as printed
        if col <= dialogue:
            return MARGIN + (col - margin) / (dialogue - margin)
        return MARGIN + 1.0 + (col - dialogue) / (cue - dialogue) * 1.2

    pages: list[list[pdf.Line]] = [[]]
    opened = False  # a scene heading or FADE IN: seen
    for number, raw in enumerate(lines, start=1):
        if "\f" in raw and any(pages[-1]):
            pages.append([])
        line = raw.replace("\f", "")
        text = line.strip()
        if not text:
            pages[-1].append(None)  # a blank line: space on the page
            continue
        col = _indent(line)
        if pdf._PAGE_NUMBER.match(text) and inches(col) - MARGIN >= 3.0 and any(pages[-1]):
            pages.append([])  # a page number at the right: a new page begins
        if not opened and _OPENING.match(text):
            opened = True
            if any(pages[-1]) and first_cue > number - 1 and len(pages) == 1:  # (no speech above it)
                pages.append([])  # what stood above it is the title page
        words = [(inches(m.start()), inches(m.end()), m.group()) for m in re.finditer(r"\S+", line)]
        segments = [(inches(m.start()), m.group()) for m in re.finditer(rf"\S+(?: {{1,{SEGMENT_GAP - 1}}}\S+)*", line)]
        pages[-1].append(pdf.Line(" ".join(w for _, _, w in words), words[0][0], words[-1][1], 0.0, len(pages),
                                  number, segments, words))
    out = []
    for index, rows in enumerate(pages, start=1):
        kept = []
        for row, line in enumerate(rows):
            if line is not None:
                line.top, line.page = row * POINTS, index
                kept.append(line)
        out.append(pdf.Page(index, max(len(rows), 1) * POINTS, kept))
    return out

