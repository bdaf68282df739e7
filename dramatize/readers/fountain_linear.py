"""fountain-py's parser, in time linear in the script's length and with a few bytes per line.

`LinearFountainParser` is fountain-py 0.3.0's `FountainParser` giving the same document
(tests/test_hostile_text.py compares the two on random scripts; one difference: a `^` cue pairs
only with the block right above it, where fountain-py reached further back and deleted the
dialogue between), with the parts that cost time
growing with the square of the input, or far more than they need to per line, done differently:

- the line loop (`parse`): a line that nothing can make special (no mark at its start, no `/*`
  or `[[` in it) and that continues the block above it, or that has a character no cue or
  transition may have and is no scene heading, is dialogue, a parenthetical or action, decided
  without trying the twenty-odd patterns and lookaheads fountain-py tries on every line; a run of
  empty lines costs one test a line;
- a long action paragraph: fountain-py appended each line by copying the whole paragraph so far;
  here its lines are kept and joined once;
- emphasis (`_extract_inline`): the same delimiter-run rules (CommonMark's flanking, `***`, `**`,
  `*`, `_`) found by one regex pass over the runs, with a stack per delimiter character instead of
  a search of all open runs for each closing one, and the text rebuilt from slices, not from a
  list of every character and a table of every offset;
- a line full of `[[` without a `]]`: the note pattern looked for the closing `]]` from every `[[`,
  and kept 140 bytes for each character of a long note;
- many notes or boneyards before the first visible element: each line looked at all of them again;
- dual dialogue: each pair was spliced into the element list, copying the rest of it;
- the line after a cue was tried against thirteen patterns one by one: two alternations here;
- an element with no formatting or metadata shares one read-only empty list and dict (a line of
  dialogue is 150 bytes instead of 270).
"""

from __future__ import annotations

import re
import string
from itertools import islice, takewhile

from fountain import FountainParser
from fountain.document import FountainDocument
from fountain.elements import ElementType, FormatSpan, FountainElement, ValidationIssue

# fountain-py's `\[\[(?:[^\]]|\](?!\]))*\]\]`: a `[[` and the first `]]` after it, written with a
# single-character repeat, which the regex engine runs without keeping a state for each character
# (the group repeated kept one: 140 bytes a character of a long note).
_NOTE = re.compile(r"\[\[.*?\]\]", re.S)
_NOTE_SEAM = re.compile(r"[ \t]*\[\[.*?\]\][ \t]*", re.S)
_INLINE = re.compile(r"[*_\\\x00-\x02]")  # what fountain-py's inline pass can change
_RUN = re.compile(r"\*+|_+")  # a delimiter run: the same character repeated
_CAN_CLOSE = re.compile(r"\S[*_]")  # a run that can close emphasis has something that is no space before it
_CAN_OPEN = re.compile(r"[*_]\S")  # … and one that can open has something after it
_PUNCTUATION = frozenset(string.punctuation)

ACTION, DIALOGUE, PARENTHETICAL = ElementType.ACTION, ElementType.DIALOGUE, ElementType.PARENTHETICAL
_MARKS = frozenset("!#=~.>@")  # a line starting with one is forced, a section, synopsis, lyric, page break…
# a character no character cue ([A-Z0-9\s_.'#-], `^` for dual dialogue) or transition ([A-Z\s.'/-], `:`) may have
_NOT_CUE = re.compile(r"[^A-Z0-9\s_.'#/:^-]")
_DIALOGUE_CONTEXT = (ElementType.DIALOGUE, ElementType.PARENTHETICAL, ElementType.CHARACTER)


class _NoFormatting(list):
    """The empty formatting list shared by every element without emphasis: read-only, so a
    change meant for one element fails instead of reaching them all."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("this formatting list is shared: assign a new list instead")

    append = extend = insert = remove = pop = clear = sort = reverse = __setitem__ = __delitem__ = _refuse
    __iadd__ = __imul__ = _refuse


class _NoMetadata(dict):
    """The empty metadata shared by every element that has none: read-only (`pop` of a key that
    is not there, which fountain-py does to every character cue, still answers)."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("this metadata is shared: assign a new dict instead")

    __setitem__ = __delitem__ = setdefault = update = popitem = clear = __ior__ = _refuse

    def pop(self, key, *default):
        if default:
            return default[0]
        raise KeyError(key)


NO_FORMATTING, NO_METADATA = _NoFormatting(), _NoMetadata()


class _Notes:
    """The note pattern's finditer, fullmatch and sub, giving the same matches as the pattern:
    a note is a `[[` and the first `]]` after it, and once no `]]` is left none can be."""

    def __init__(self, pattern: re.Pattern, seam: bool):
        self.pattern = pattern
        self.seam = seam

    def finditer(self, line: str, pos: int = 0):
        while True:
            opens = line.find("[[", pos)
            if opens == -1 or line.find("]]", opens + 2) == -1:
                return
            start = opens
            if self.seam:  # the spaces and tabs before it, back to where the last match ended
                while start > pos and line[start - 1] in " \t":
                    start -= 1
            match = self.pattern.match(line, start)
            yield match
            pos = match.end()

    def fullmatch(self, line: str) -> bool:
        """Whether the whole line is one note (fountain-py only asks whether)."""
        return len(line) >= 4 and line.startswith("[[") and line.find("]]", 2) == len(line) - 2

    def match(self, line: str, pos: int = 0):
        return self.pattern.match(line, pos)

    def sub(self, replace, line: str) -> str:
        pieces, done = [], 0
        for match in self.finditer(line):
            pieces += (line[done:match.start()], replace(match) if callable(replace) else match.expand(replace))
            done = match.end()
        return "".join(pieces) + line[done:]


def _emphasis_spans(text: str, offset: int, spans: list) -> None:
    """fountain-py's emphasis spans (delimiters included) of one line with escapes replaced, added
    to `spans` moved by `offset`: `_scan_delimiter_runs` and `_find_emphasis_spans_in_line` in one
    pass over the runs, with a stack of open runs per character (where each starts, where its
    unused delimiters end, as openers are used from their right end, and how many are unused)."""
    star_starts, star_rights, star_unused = [], [], []
    under_starts, under_rights, under_unused = [], [], []
    size = len(text)
    for run in _RUN.finditer(text):
        index, end = run.span()
        before = text[index - 1] if index else None
        after = text[end] if end < size else None
        # CommonMark's flanking, as fountain-py's _is_left_flanking / _is_right_flanking
        before_space = before is None or before.isspace()
        after_space = after is None or after.isspace()
        before_punct = before in _PUNCTUATION
        after_punct = after in _PUNCTUATION
        left_flank = not after_space and (not after_punct or before_space or before_punct)
        right_flank = not before_space and (not before_punct or after_space or after_punct)
        if text[index] == "*":
            can_open, can_close = left_flank, right_flank
            starts, rights, unused = star_starts, star_rights, star_unused
            others, other_rights, other_unused = under_starts, under_rights, under_unused
        else:  # an underscore inside a word neither opens nor closes
            can_open = left_flank and (not right_flank or before_punct)
            can_close = right_flank and (not left_flank or after_punct)
            starts, rights, unused = under_starts, under_rights, under_unused
            others, other_rights, other_unused = star_starts, star_rights, star_unused
        available, left_used = end - index, 0
        if can_close:
            while available and starts:
                # the nearest opener of the same character; the other character's openers inside
                # the pair can no longer close across it
                while others and others[-1] > starts[-1]:
                    others.pop()
                    other_rights.pop()
                    other_unused.pop()
                if starts is under_starts:
                    width, kind = 1, "underline"
                else:
                    pair = min(unused[-1], available)
                    width, kind = (3, "bold_italic") if pair >= 3 else (2, "bold") if pair >= 2 else (1, "italic")
                right = rights[-1]
                spans.append((offset + right - width, offset + index + left_used + width, width, kind))
                left_used += width
                available -= width
                if unused[-1] == width:
                    starts.pop()
                    rights.pop()
                    unused.pop()
                else:
                    rights[-1] = right - width
                    unused[-1] -= width
        if available and can_open:
            starts.append(index)
            rights.append(end)
            unused.append(available)


def _any_of(patterns) -> re.Pattern:
    """One pattern matching where any of `patterns` matches (each keeps its own case rule)."""
    return re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in patterns))


class LinearFountainParser(FountainParser):
    NOTE_PATTERN = _Notes(_NOTE, seam=False)
    NOTE_SEAM_PATTERN = _Notes(_NOTE_SEAM, seam=True)
    # what the line after a cue is tried against: one match instead of nine, and four
    HARD_STRUCTURAL_PATTERNS = (_any_of(FountainParser.HARD_STRUCTURAL_PATTERNS),)
    CUE_PATTERNS = (_any_of(FountainParser.CUE_PATTERNS),)
    _visible = 0  # how many elements are known to be notes or boneyards, or -1: some are not
    _paragraph = None  # the action paragraph being continued: [its index, its lines, its spans, length]

    # ------------------------------------------------ the line loop

    def parse(self, text: str) -> FountainDocument:
        """fountain-py's `parse`, step for step, with the shortcuts the module's doc names."""
        self.lines = lines = text.split("\n")
        self.current_line = 0
        self.elements = elements = []
        self.in_boneyard = False
        self.boneyard_start_line = 0
        self.in_note = False
        self.note_buffer = []
        self.note_start_line = 0
        self.diagnostics = []
        self._action_last_line = -1
        self._boneyard_pretext = ""
        self._boneyard_pretext_blank = False
        self._visible = 0  # how many elements are known to be notes or boneyards, or -1: some are not
        self._paragraph = None  # the action paragraph being continued: [its index, its lines, its spans, length]
        self._duals = False  # whether a character cue is marked for dual dialogue (`^`)

        metadata = self._parse_title_page()

        previous_line_was_blank = False
        index, count = self.current_line, len(lines)
        while index < count:
            raw_line = lines[index]
            if not raw_line:  # an empty line: only an open note cares
                if self.in_note:
                    self.current_line = index
                    self._flush_open_note_as_text()
                previous_line_was_blank = True
                index += 1
                continue
            self.current_line = index
            line = raw_line.rstrip()
            if not line:  # spaces only: a blank line kept inside dialogue or an open note
                if self.in_note:
                    self.note_buffer.append("")
                    index += 1
                    continue
                if elements and elements[-1].type in _DIALOGUE_CONTEXT:
                    elements.append(FountainElement(DIALOGUE, "", NO_FORMATTING, index + 1, NO_METADATA))
                    index += 1
                    continue
                previous_line_was_blank = True
                index += 1
                continue

            stripped = line.lstrip()
            if (not self.in_boneyard and not self.in_note and stripped[0] not in _MARKS and "/*" not in stripped
                    and "[[" not in stripped
                    and ((not previous_line_was_blank and self._has_visible_content())
                         or ("(" not in stripped and _NOT_CUE.search(stripped)
                             and not self.SCENE_HEADING_PATTERN.match(stripped)))):
                # fountain-py's _parse_line finds no forced element, note, boneyard, section, synopsis,
                # lyric or page break in the line, and it is more of the block above (headings,
                # transitions and cues are tried only after a blank line or before any visible
                # element), or it has a character no cue or transition may have (a lowercase
                # letter, a comma…) and is no scene heading: it is dialogue if the block above
                # goes on, else action.
                if self._is_dialogue_line(previous_line_was_blank):
                    kind = PARENTHETICAL if stripped[0] == "(" and stripped[-1] == ")" else DIALOGUE
                    clean, spans = self._extract_inline(stripped) if _INLINE.search(stripped) else (stripped, None)
                    elements.append(FountainElement(kind, clean, spans or NO_FORMATTING, index + 1, NO_METADATA))
                elif (not previous_line_was_blank and index == self._action_last_line + 1 and elements
                      and elements[-1].type == ACTION):
                    self._continue_paragraph(line)
                    self._action_last_line = index
                else:
                    clean, spans = self._extract_inline(line) if _INLINE.search(line) else (line, None)
                    elements.append(FountainElement(ACTION, clean, spans or NO_FORMATTING, index + 1, NO_METADATA))
                    self._action_last_line = index
                previous_line_was_blank = False
                index += 1
                continue

            element = self._parse_line(line, previous_line_was_blank, raw_line)
            if element:
                if (element.type == ACTION and not previous_line_was_blank and index == self._action_last_line + 1
                        and elements and elements[-1].type == ACTION):
                    self._continue_paragraph(element.text)
                    self._action_last_line = index
                else:
                    if element.type == ACTION:
                        self._action_last_line = index
                    elif element.type == ElementType.CHARACTER and element.metadata.get("dual_dialogue"):
                        self._duals = True
                    self._finalize_inline(element)
                    elements.append(element)
            transparent = (element is not None and element.type in (ElementType.NOTE, ElementType.BONEYARD)) or (
                element is None and (self.in_note or self.in_boneyard))
            if not transparent:
                previous_line_was_blank = False
            index += 1
        self.current_line = index

        if self.in_boneyard:
            self.diagnostics.append(ValidationIssue(
                line_number=self.boneyard_start_line, severity="error", code="unclosed-boneyard",
                message="Boneyard comment opened with '/*' but never closed"))
        if self.in_note:
            self._flush_open_note_as_text()
        if self.in_boneyard and self._boneyard_pretext:
            self.in_boneyard = False
            pretext_element = self._parse_line(self._boneyard_pretext, self._boneyard_pretext_blank)
            self._boneyard_pretext = ""
            if pretext_element:
                self._duals = self._duals or bool(pretext_element.metadata.get("dual_dialogue"))
                self._finalize_inline(pretext_element)
                elements.append(pretext_element)
        self._end_paragraph()
        if self._duals:  # else there is nothing to pair
            self._process_dual_dialogue()
        if not self.elements and not self.diagnostics and not metadata:
            self.diagnostics.append(ValidationIssue(
                line_number=1, severity="warning", code="empty-document", message="Document parsed to zero elements"))
        return FountainDocument(self.elements, metadata, issues=list(self.diagnostics))

    # ------------------------------------------------ action paragraphs, joined once at the end

    def _continue_paragraph(self, raw: str) -> None:
        """The line continues the action paragraph that is the last element: keep it aside."""
        last = len(self.elements) - 1
        if self._paragraph is None or self._paragraph[0] != last:
            self._end_paragraph()
            paragraph = self.elements[last]
            self._paragraph = [last, [paragraph.text], list(paragraph.formatting), len(paragraph.text)]
        _, texts, spans, length = self._paragraph
        text, line_spans = self._extract_inline(raw)
        offset = length + 1
        if line_spans:
            spans += [FormatSpan(s.start + offset, s.end + offset, s.format_type) for s in line_spans]
        texts.append(text)
        self._paragraph[3] = offset + len(text)

    def _end_paragraph(self) -> None:
        if self._paragraph is not None:
            index, texts, spans, _ = self._paragraph
            paragraph = self.elements[index]
            paragraph.text = "\n".join(texts)
            paragraph.formatting = spans
            self._paragraph = None

    # ------------------------------------------------ emphasis

    def _extract_inline(self, text: str):
        """fountain-py's `_extract_inline`: the text without its emphasis delimiters and escapes,
        and the spans of emphasised text in it."""
        if not _INLINE.search(text):
            return text, []  # no mark, no escape: nothing to strip
        formatting = text.replace("\\*", "\x00").replace("\\_", "\x01").replace("\\\\", "\x02")
        full: list[tuple[int, int, int, str]] = []  # (start, end, delimiter width, kind), delimiters included
        if _CAN_CLOSE.search(formatting) and _CAN_OPEN.search(formatting):
            if "\n" in formatting:
                offset = 0
                for segment in formatting.split("\n"):  # emphasis never crosses a line break
                    _emphasis_spans(segment, offset, full)
                    offset += len(segment) + 1
            else:
                _emphasis_spans(formatting, 0, full)
        if not full:
            return _unescape(formatting), []
        # the delimiters to delete, in order (they never overlap), and how many go before each
        cuts = sorted([(start, width) for start, _, width, _ in full] + [(end - width, width) for _, end, width, _ in full])
        removed = {}
        pieces, done, gone = [], 0, 0
        for start, width in cuts:
            removed[start] = gone
            pieces.append(formatting[done:start])
            done = start + width
            gone += width
        pieces.append(formatting[done:])
        spans = [FormatSpan(start - removed[start], end - width - removed[end - width], kind)
                 for start, end, width, kind in full]
        return _unescape("".join(pieces)), spans

    # ------------------------------------------------ the rest

    def _has_visible_content(self) -> bool:
        """As fountain-py's, remembering how far the element list has been looked at."""
        at = self._visible
        if at == -1:
            return True
        elements = self.elements
        for index in range(at, len(elements)):
            if elements[index].type not in (ElementType.NOTE, ElementType.BONEYARD):
                self._visible = -1
                return True
        self._visible = len(elements)
        return False

    def _process_dual_dialogue(self) -> None:
        """fountain-py's pairing of dual dialogue, building the list once instead of splicing it."""
        elements = self.elements
        out: list[FountainElement] = []
        stops: list[int] = []  # indexes in `out` of characters, scene headings and actions
        index = 0
        while index < len(elements):
            element = elements[index]
            if element.type == ElementType.CHARACTER and element.metadata.get("dual_dialogue"):
                previous = stops[-1] if stops and out[stops[-1]].type == ElementType.CHARACTER else None
                if previous is not None:
                    prev_dialogue = list(takewhile(self._is_dialogue_block, islice(out, previous + 1, None)))
                    curr_dialogue = list(takewhile(self._is_dialogue_block, islice(elements, index + 1, None)))
                    # Only a block that ends where this cue stands: fountain-py also paired with a
                    # character further back and deleted the dual dialogue between (words lost).
                    if prev_dialogue and curr_dialogue and previous + 1 + len(prev_dialogue) == len(out):
                        left_character = out[previous]
                        left_character.metadata.pop("dual_dialogue", None)
                        dual_element = FountainElement(
                            type=ElementType.DUAL_DIALOGUE, text="", formatting=[], line_number=element.line_number,
                            metadata={"left_character": left_character, "left_dialogue": prev_dialogue,
                                      "right_character": element, "right_dialogue": curr_dialogue})
                        del out[previous:]
                        while stops and stops[-1] >= previous:
                            stops.pop()
                        out.append(dual_element)
                        index += len(curr_dialogue) + 1
                        continue
                element.metadata.pop("dual_dialogue", None)
            if element.type in (ElementType.CHARACTER, ElementType.SCENE_HEADING, ElementType.ACTION):
                stops.append(len(out))
            out.append(element)
            index += 1
        self.elements = out


def _unescape(text: str) -> str:
    if "\x00" in text or "\x01" in text or "\x02" in text:
        return text.replace("\x00", "*").replace("\x01", "_").replace("\x02", "\\")
    return text
