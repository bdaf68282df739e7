"""PDF screenplays and plays, read with pdfplumber: the words and where they stand on the page.

A screenplay's element is where it starts across the page, measured from the left margin (the
leftmost column most lines start at): scene headings and action at the margin, dialogue about an
inch in, parentheticals about an inch and a half, the character cue about two, transitions far
right. That is written out as Fountain and read by the Fountain reader. A PDF without that shape
(a play, a transcript) becomes plain text, one paragraph per block of lines, for the usual family
detection. Page numbers and running headers are dropped and listed; `(MORE)` and the repeated
`NAME (CONT'D)` at a page break join the speech back together; a word hyphenated over two lines is
joined again. Line numbers count the PDF's lines of text page by page (headers included), and messages
say the page and line."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted, TextBuilder

INCH = 72.0
_CAPITALS = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?\.?$|^\d{1,4}\s*(?:of|/)\s*\d{1,4}$", re.I)
_SCENE_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,2}\.?$")
_HEADING = re.compile(r"^(?:\d{1,4}[A-Z]?\.?\s+)?(INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[.\s/]", re.I)
_CONTINUED = re.compile(r"^\(?CONTINUED\)?:?(?:\s*\(\d+\))?$", re.I)  # a shooting script's page-break marks
_MORE = re.compile(r"^\(\s*MORE\s*\)$", re.I)
_LEADING_PAREN = re.compile(r"^(\([^()]*\))\s+(\S.*)$")  # a delivery note opening a line of dialogue
_CONTD = re.compile(r"\s*\((?:CONT['’]?D|CONTINUED|CONT\.?)\)\s*$", re.I)


@dataclass(eq=False)
class Line:
    text: str
    x0: float  # where it starts, in inches from the page's left edge
    x1: float
    top: float  # points from the top of the page
    page: int
    number: int  # its number among all lines of the document, page by page
    segments: list[tuple[float, str]]  # (x0 in inches, text) of runs of words more than half an inch apart
    words: list[tuple[float, float, str]]  # (x0, x1 in inches, text) of each word


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]


def _open(data: bytes, source: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # the page tree is read here: a truncated or broken file fails now
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise DramatizeError(f"is an encrypted PDF ({type(err).__name__}); save an unprotected copy and read that",
                             source) from None
    except Exception as err:  # pdfminer raises many kinds for a damaged file: all are the file's fault
        if err.args and isinstance(err.args[0], Exception):
            err = err.args[0]  # pdfplumber wraps pdfminer's exception
        if isinstance(err, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DramatizeError(f"is an encrypted PDF ({type(err).__name__}); save an unprotected copy and read "
                                 f"that", source) from None
        if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
            raise DramatizeError("is an encrypted PDF; save an unprotected copy and read that", source) from None
        damaged = isinstance(err, PDFSyntaxError) or not str(err)
        kind = "is damaged or cut short" if damaged else f"cannot be read ({err})"
        raise DramatizeError(f"is a PDF that {kind}; export it again", source) from None


def _unique(chars: list[dict]) -> list[dict]:
    """Bold faked by printing each letter twice, a hair apart, read once (pdfplumber's dedupe_chars
    does this too, but at three times the cost of reading the page)."""
    seen: dict[tuple[str, int, int], list[float]] = {}
    out = []
    for c in chars:
        x, top = c["x0"], round(c["top"])
        near = [x0 for dx in (-1, 0, 1) for x0 in seen.get((c["text"], round(x) + dx, top), ())]
        if not any(abs(x - x0) < 1 for x0 in near):
            seen.setdefault((c["text"], round(x), top), []).append(x)
            out.append(c)
    return out


def pages_of(data: bytes, source: str) -> tuple[list[Page], str]:
    """Every page's lines of text (words grouped by their baseline, left to right), and the title the
    document's properties give (LaTeX's hyperref, a word processor; "" when none)."""
    from pdfplumber.utils import extract_words

    pdf = _open(data, source)
    pages, number = [], 0
    title = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
    try:
        for page in pdf.pages:
            try:
                words = extract_words(_unique(page.chars), x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
            except Exception as err:
                raise DramatizeError(f"page {page.page_number} of the PDF cannot be read ({type(err).__name__}); "
                                     f"export it again", source) from None
            rows: dict[float, list[dict]] = {}
            for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                key = next((k for k in rows if abs(k - word["top"]) <= 2), word["top"])
                rows.setdefault(key, []).append(word)
            lines = []
            for top in sorted(rows):
                row = sorted(rows[top], key=lambda w: w["x0"])
                segments: list[tuple[float, list[str]]] = []
                last_x1 = None
                for w in row:
                    if last_x1 is None or w["x0"] - last_x1 > INCH / 2:
                        segments.append((w["x0"] / INCH, []))
                    segments[-1][1].append(w["text"])
                    last_x1 = w["x1"]
                number += 1
                lines.append(Line(" ".join(w["text"] for w in row), row[0]["x0"] / INCH, row[-1]["x1"] / INCH, top,
                                  page.page_number, number, [(x, " ".join(t)) for x, t in segments],
                                  [(w["x0"] / INCH, w["x1"] / INCH, w["text"]) for w in row]))
            pages.append(Page(page.page_number, float(page.height), lines))
            page.close()  # pdfplumber caches every object of a page: freed, so 200 pages stay small
    finally:
        pdf.close()
    return pages, " ".join(title.split()) if isinstance(title, str) else ""


def _furniture(pages: list[Page]) -> tuple[set[int], list[str]]:
    """Page numbers and running headers or footers: the first or last two lines of a page that are a
    number, or that repeat (digits aside) on at least half the pages."""
    edge = [(p, line) for p in pages for line in p.lines[:2] + p.lines[-2:]]
    shape = Counter(re.sub(r"\d+", "#", line.text.lower()) for p, line in {(p.number, l.number): (p, l)
                                                                             for p, l in edge}.values())
    drop: set[int] = set()
    numbers = headers = continued = 0
    for p in pages:
        for line in dict.fromkeys(p.lines[:2] + p.lines[-2:]):
            near_edge = line.top < p.height * 0.12 or line.top > p.height * 0.88
            if near_edge and _PAGE_NUMBER.match(line.text.strip()):
                drop.add(line.number)
                numbers += 1
            elif near_edge and _CONTINUED.match(line.text.strip()):
                drop.add(line.number)
                continued += 1
            elif (near_edge and len(pages) >= 3 and shape[re.sub(r"\d+", "#", line.text.lower())] >= len(pages) / 2
                  and not _HEADING.match(line.text)):
                drop.add(line.number)
                headers += 1
    if numbers >= 2:  # the pages are numbered: a page's last line that is a bare number is its number too,
        for p in pages:  # wherever it stands (a landscape table's page turned on its side)
            last = p.lines[-1] if p.lines else None
            if last is not None and last.number not in drop and _PAGE_NUMBER.match(last.text.strip()):
                drop.add(last.number)
                numbers += 1
    said = []
    if numbers:
        said.append(f"{numbers} page numbers are not read")
    if continued:
        said.append(f"{continued} CONTINUED marks at page breaks are not read")
    if headers:
        said.append(f"{headers} running page headers or footers are not read")
    return drop, said


def _margin(lines: list[Line]) -> float:
    """The left margin: the leftmost start that at least one line in twenty shares."""
    starts = Counter(round(line.x0, 1) for line in lines)
    common = [x for x, n in starts.items() if n >= max(2, len(lines) / 20)]
    return min(common) if common else min(starts)


def _band(line: Line, margin: float) -> str:
    rel = line.x0 - margin
    caps = line.text.upper() == line.text and any(c.isalpha() for c in line.text)
    if rel < 0.4:
        return "margin"
    if rel < 1.2:
        return "dialogue"
    if rel < 1.7 and line.text.startswith("("):
        return "paren"
    if rel < 1.7:
        return "dialogue" if not caps else "cue"
    if rel < 3.2:
        return "cue" if caps else "center"
    return "right" if caps else "center"


def _is_screenplay(lines: list[Line], margin: float) -> bool:
    """Character cues followed by indented dialogue, at least three times."""
    pairs = 0
    for a, b in zip(lines, lines[1:]):
        if _band(a, margin) == "cue" and _band(b, margin) in ("dialogue", "paren") and b.top - a.top < 20:
            pairs += 1
    return pairs >= 3


def _title_page(page: Page, out: TextBuilder) -> None:
    lines = page.lines
    credit = next((i for i, l in enumerate(lines)
                   if re.fullmatch(r"(written |screenplay |teleplay )?by\b.*", l.text, re.I)), None)
    title = lines[:credit] if credit else lines[:1]
    rest = lines[credit + 1:] if credit else lines[1:]
    out.add("Title: " + " ".join(l.text for l in title), title[0].number)
    if credit:
        out.add("Credit: " + lines[credit].text, lines[credit].number)
        if rest:
            out.add("Author: " + rest[0].text, rest[0].number)
            rest = rest[1:]
    if rest:
        out.add("Contact:", rest[0].number)
        for l in rest:
            out.add("    " + l.text, l.number)
    out.blank()


def _strip_scene_numbers(line: Line, margin: float) -> Line:
    """Scene numbers printed left of the margin and again at the right edge are not read."""
    words = list(line.words)
    if len(words) > 1 and words[0][0] < margin - 0.15 and _SCENE_NUMBER.match(words[0][2]):
        words = words[1:]
    if (len(words) > 1 and _SCENE_NUMBER.match(words[-1][2]) and words[-1][0] - words[-2][1] > 0.5
            and words[0][0] - margin < 0.4):
        words = words[:-1]
    if len(words) == len(line.words):
        return line
    segments = [(x, t) for x, t in line.segments if words[0][0] <= x + 0.01 and x <= words[-1][0] + 0.01]
    return Line(" ".join(w[2] for w in words), words[0][0], words[-1][1], line.top, line.page, line.number,
                segments or [(words[0][0], " ".join(w[2] for w in words))], words)


class _Screenplay:
    """Fountain text from the lines of a screenplay, element by element."""

    def __init__(self, margin: float, step: float):
        self.out = TextBuilder()
        self.margin, self.step = margin, step
        self.block = ""  # the element being written: dialogue, action or ""
        self.more = False  # the last page ended with (MORE): the next cue only repeats the speaker
        self.speaker = ""
        self.skipped = 0
        self.kind = ""  # the kind of the last line written: cue, paren, dialogue, action
        self.skip_until = 0  # the last line of a dual-dialogue block already written

    def add(self, line: Line, gap: bool, lines: list[Line], i: int) -> None:
        text, band = line.text, _band(line, self.margin)
        if _MORE.match(text.strip()):
            self.more = True
            self.skipped += 1
            return
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        follows = nxt is not None and nxt.page == line.page and nxt.top - line.top < self.step * 1.5
        if (len(line.segments) == 2 and text.upper() == text and follows and band != "margin"
                and all(len(t.split()) <= 4 for _, t in line.segments)):
            self.dual(line, lines, i)
            return
        if band == "cue" and follows and _band(nxt, self.margin) in ("dialogue", "paren"):
            name = _CONTD.sub("", text).strip()
            if self.more and name == self.speaker:
                self.more = False
                self.skipped += 1
                return  # the speech goes on from the last page
            self.more, self.speaker, self.block = False, name, "dialogue"
            self.out.blank()
            self.out.add("@" + text, line.number)
            self.kind = "cue"
            return
        self.more = False
        if band in ("dialogue", "paren") and self.block == "dialogue":
            if (inline := _LEADING_PAREN.match(text)) and self.kind != "paren":  # (together) Of course it is.
                self.line(inline.group(1), line.number, "paren")
                text = inline.group(2)
            self.line(text, line.number, "paren" if band == "paren" or (self.kind == "paren" and ")" not in
                                                                          self.out.lines[-1]) else "dialogue")
            return
        if band == "right" and (text.endswith(":") or text.endswith("TO.") or len(text.split()) <= 4):
            self.out.blank()
            self.out.add("> " + text, line.number)
            self.out.blank()
            self.block = ""
            return
        if band in ("center", "cue", "right"):
            self.out.blank()
            self.out.add("> " + text + " <", line.number)
            self.block = "center"
            return
        # at the margin (or indented text with no speaker): a scene heading or action
        heading = _HEADING.match(text) or (gap and text.upper() == text and len(text.split()) <= 6
                                           and not re.search(r"[.!?:]$", text)
                                           and not follows_action(lines, i, self.step))
        if heading:
            self.out.blank()
            self.out.add("." + text, line.number)
            self.out.blank()
            self.block = ""
            return
        if gap or self.block != "action":
            self.out.blank()
            self.out.add("!" + text, line.number)
            self.block = self.kind = "action"
        else:
            self.line(text, line.number, "action")

    def line(self, text: str, number: int, kind: str) -> None:
        """One more line of the element being written: a wrapped line joins the one before (the
        Fountain reader takes each line of dialogue as a speech), a word hyphenated over the break
        is made whole again; a parenthetical keeps a line of its own."""
        lines = self.out.lines
        last = lines[-1] if lines else ""
        joins = self.kind == kind and kind != "paren" or (self.kind == "paren" and kind == "paren" and ")" not in last)
        self.kind = kind
        if not joins or not last.strip():
            self.out.add(text, number)
        elif last.endswith("\u00ad"):  # a soft hyphen: the word was only split by the layout
            lines[-1] = last[:-1] + text
        elif re.search(r"[A-Za-z]-$", last) and re.match(r"[a-z]", text):
            lines[-1] = last + text  # smash-and-/grab: the hyphen is the writer's, the break the layout's
        else:
            lines[-1] = f"{last} {text}"

    def dual(self, line: Line, lines: list[Line], i: int) -> None:
        """Two speeches side by side: the left column's, then the right one's marked `^`."""
        split = (line.segments[0][0] + line.segments[1][0]) / 2 + 0.3
        block = [line]
        for nxt in lines[i + 1:]:
            if nxt.page != line.page or nxt.top - block[-1].top > self.step * 1.5:
                break
            block.append(nxt)
        for side, mark in ((0, ""), (1, " ^")):
            self.out.blank()
            for j, row in enumerate(block):
                parts = [t for x, t in row.segments if (x < split) == (side == 0)]
                if parts:
                    self.out.add(("@" if j == 0 else "") + " ".join(parts) + (mark if j == 0 else ""), row.number)
        self.block = "dual"
        self.skip_until = block[-1].number


def follows_action(lines: list[Line], i: int, step: float) -> bool:
    """A capitals line is a scene heading only when a paragraph gap follows it too."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and nxt.page == lines[i].page and nxt.top - lines[i].top < step * 1.5


def _step(lines: list[Line]) -> float:
    """The line spacing inside a paragraph: the smallest distance between lines that is common."""
    gaps = Counter(round(b.top - a.top) for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top)
    common = [g for g, n in gaps.items() if g >= 4 and n >= max(2, sum(gaps.values()) / 20)]
    return float(min(common)) if common else 12.0


def _locate(pages: list[Page]) -> dict[int, str]:
    return {line.number: f"page {p.number}, line {i}" for p in pages for i, line in enumerate(p.lines, 1)}


def _printed_title(title: str, text: str) -> dict[str, str]:
    """The document's own title, when the pages print it too: a title page's words, not a file name
    or "Microsoft Word - draft3"."""
    return {"title": title} if len(title) >= 3 and title in " ".join(text.split()) else {}


@dataclass
class LaidOut:
    """Lines of text read by where they stand: a screenplay as Fountain, or else the body lines
    (page furniture dropped) for the caller to read as text."""
    screenplay: Converted | None
    body: list[Line]
    margin: float
    step: float
    skipped: list[str]


def laid_out(pages: list[Page], source: str, what: str, locate: dict[int, str], title: str = "",
             margin: float | None = None) -> LaidOut:
    """Page furniture dropped; if the lines have a screenplay's shape (character cues over indented
    dialogue), that screenplay written as Fountain. Shared by PDFs and by screenplays pasted as
    text with their layout (layout.py, which knows its `margin`: a page of speeches alone has none
    to measure)."""
    drop, skipped = _furniture(pages)
    body = [l for p in pages for l in p.lines if l.number not in drop]
    margin = _margin(body) if margin is None else margin
    body = [_strip_scene_numbers(l, margin) for l in body]
    step = _step(body)
    if not _is_screenplay(body, margin):
        return LaidOut(None, body, margin, step, skipped)
    out = _Screenplay(margin, step)
    first = pages[0]
    start = 0
    if len(pages) > 1 and first.lines and not _is_screenplay([l for l in body if l.page == 1], margin) \
            and not any(_HEADING.match(l.text) for l in first.lines):
        _title_page(Page(1, first.height, [l for l in body if l.page == 1]), out.out)
        start = sum(1 for l in body if l.page == 1)
    for i in range(start, len(body)):
        line = body[i]
        if line.number <= out.skip_until:
            continue
        prev = body[i - 1] if i > start else None
        gap = prev is None or (prev.page == line.page and line.top - prev.top > step * 1.5)
        if prev is not None and prev.page != line.page:
            gap = out.block != "dialogue"  # a speech goes on over the page break; anything else starts anew
        out.add(line, gap, body, i)
    if out.skipped:
        skipped.append(f"{out.skipped} (MORE) and (CONT'D) marks at page breaks are not read")
    return LaidOut(Converted(out.out.text(), "fountain", f"{what}: its elements read from where they stand on "
                             f"the page", out.out.origins, locate, [f"{source}: {s}" for s in skipped],
                             _printed_title(title, out.out.text())), body, margin, step, skipped)


def convert(data: bytes, source: str) -> Converted:
    pages, title = pages_of(data, source)
    if not any(p.lines for p in pages):
        raise DramatizeError(f"is a PDF of {len(pages)} page{'s' if len(pages) != 1 else ''} with no text layer "
                             f"(scanned images?); run it through OCR (e.g. ocrmypdf) or export the text", source)
    where = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    locate = _locate(pages)
    read = laid_out(pages, source, f"a PDF screenplay ({where})", locate, title)
    if read.screenplay is not None:
        return read.screenplay
    body, margin, step, skipped = read.body, read.margin, read.step, read.skipped
    out = TextBuilder()
    prev = None
    for line in body:
        if prev is not None:
            if prev.page == line.page:
                if line.top - prev.top > step * 1.5:
                    out.blank()
            elif re.search(r"[.!?:\"”’)\]]$", prev.text) and line.text[:1].isupper() or _CAPITALS.match(line.text):
                out.blank()  # (a page that opens on a line in capitals opens on a heading)
        indent = line.x0 - margin
        out.add((" " * min(40, round(indent * 10)) if indent >= 0.3 else "") + line.text, line.number)
        prev = line
    return Converted(out.text(), None, f"a PDF ({where}) read as text", out.origins, locate,
                     [f"{source}: {s}" for s in skipped], _printed_title(title, out.text()))
