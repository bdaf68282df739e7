"""fountain-py's parser, in time linear in the script's length.

`LinearFountainParser` is fountain-py's `FountainParser` with the few parts that take time growing
with the square of the input replaced by ones that give the same document (tests/test_hostile_text.py
compares the two on random scripts):

- a line full of `[[` without a `]]`: the note pattern looked for the closing `]]` from every `[[`,
  and kept 140 bytes for each character of a long note;
- a long action paragraph: each line was appended by copying the whole paragraph so far;
- many notes or boneyards before the first visible element: each line looked at all of them again;
- dual dialogue: each pair was spliced into the element list, copying the rest of it;
- a line with no emphasis marks still had every character copied one at a time.
"""

from __future__ import annotations

import re
from itertools import islice, takewhile

from fountain import FountainParser
from fountain.elements import ElementType, FormatSpan, FountainElement

# fountain-py's `\[\[(?:[^\]]|\](?!\]))*\]\]`: a `[[` and the first `]]` after it, written with a
# single-character repeat, which the regex engine runs without keeping a state for each character
# (the group repeated kept one: 140 bytes a character of a long note).
_NOTE = re.compile(r"\[\[.*?\]\]", re.S)
_NOTE_SEAM = re.compile(r"[ \t]*\[\[.*?\]\][ \t]*", re.S)
_NO_EMPHASIS = re.compile(r"[*_\\\x00-\x02]")  # what fountain-py's inline pass can change


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


class _Elements(list):
    """The parser's element list while it parses: a line that continues the action paragraph
    above it is kept as that paragraph's next piece, not as an element of its own."""

    def __init__(self, parser: "LinearFountainParser", items=()):
        super().__init__(items)
        self.parser = parser

    def append(self, element):
        if self.parser._continuation is element:
            self.parser._continuation = None
            self.parser._pieces.setdefault(len(self) - 1, []).append((element.text, element.formatting))
            return
        super().append(element)


class LinearFountainParser(FountainParser):
    NOTE_PATTERN = _Notes(_NOTE, seam=False)
    NOTE_SEAM_PATTERN = _Notes(_NOTE_SEAM, seam=True)

    # ------------------------------------------------ action paragraphs, joined once at the end

    # fountain-py appends a line to the action paragraph above it when the line directly follows
    # it; it reads `_action_last_line` only to decide that. Here the answer is remembered and
    # "no" given, so the line goes the way of a new element, and the element list keeps it aside
    # as the paragraph's next piece; the pieces are joined once, before dual dialogue is paired.
    @property
    def elements(self):
        return self._elements

    @elements.setter
    def elements(self, value):
        self._elements = _Elements(self, value)

    @property
    def _action_last_line(self) -> int:
        if self.current_line == self._last_action + 1 and self.elements and (
                self.elements[-1].type == ElementType.ACTION):
            self._continues = True
        return -2  # current_line == -1 never holds

    @_action_last_line.setter
    def _action_last_line(self, value: int):
        self._last_action = value

    def _finalize_inline(self, element: FountainElement) -> None:
        super()._finalize_inline(element)
        if getattr(self, "_continues", False):
            self._continues = False
            self._continuation = element  # the element list keeps it as a piece of the paragraph

    def parse(self, text: str):
        self._continuation: FountainElement | None = None
        self._continues = False
        self._pieces: dict[int, list] = {}  # paragraph's index -> (text, formatting) of the lines that continue it
        self._visible: tuple[list, int] | None = None
        return super().parse(text)

    def _join_action_lines(self):
        for index, pieces in self._pieces.items():
            paragraph = self.elements[index]
            texts, spans, offset = [paragraph.text], list(paragraph.formatting), len(paragraph.text) + 1
            for text, formatting in pieces:
                spans += [FormatSpan(s.start + offset, s.end + offset, s.format_type) for s in formatting]
                texts.append(text)
                offset += len(text) + 1
            paragraph.text = "\n".join(texts)
            paragraph.formatting = spans
        self._pieces = {}

    # ------------------------------------------------ the rest

    def _has_visible_content(self) -> bool:
        """As fountain-py's, remembering how far the element list has been looked at."""
        elements = self.elements
        if self._visible is None or self._visible[0] is not elements:
            self._visible = (elements, 0)
        at = self._visible[1]
        if at == -1:
            return True
        for index in range(at, len(elements)):
            if elements[index].type not in (ElementType.NOTE, ElementType.BONEYARD):
                self._visible = (elements, -1)
                return True
        self._visible = (elements, len(elements))
        return False

    def _extract_inline(self, text: str):
        if not _NO_EMPHASIS.search(text):
            return text, []  # no mark, no escape: nothing to strip
        return super()._extract_inline(text)

    def _process_dual_dialogue(self) -> None:
        """fountain-py's pairing of dual dialogue, building the list once instead of splicing it."""
        self._join_action_lines()
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
                    if prev_dialogue and curr_dialogue:
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
        self._elements = out  # a plain list, for the document
